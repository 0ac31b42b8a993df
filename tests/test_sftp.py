"""The SFTP source against the real OpenSSH ``sftp`` client in batch mode.

Each test runs the gateway in-process with the SFTP listener on a free port and drives it with
``sftp -b -`` (a key made by ``ssh-keygen``, or a password given through ``SSH_ASKPASS``). A batch
stops at its first failing command and ``sftp`` then exits non-zero: that is how a refusal shows.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.passwords import hash_password, parse_password_hash
from gateway.config import SftpAccount
from gateway.errors import ConfigError
from testkit.harness import CORPUS, REPO, running_gateway, wait_until, write_config

PURCHASE_ORDER = CORPUS / "edifact" / "PurchaseOrder.txt"
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")


def make_key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "keys"
    folder.mkdir()
    return {name: make_key(folder, name) for name in ("partner", "stranger")}


def sftp_config(tmp_path: Path, keys: dict[str, Path]) -> Path:
    root = tmp_path / "gw"
    pub = keys["partner"].with_suffix(".pub").read_text().strip()
    accounts = [
        {"username": "retail", "partner": "retail-brussels", "authorized_keys": [pub]},
        {"username": "dupont", "partner": "C1002", "password_hash": hash_password(PASSWORD)},
        {"username": "small", "partner": "C1003", "authorized_keys": [pub], "max_file_bytes": 1000,
         "max_files": 2},
    ]
    return write_config(root, {
        "sftp": {"enabled": True, "host": "127.0.0.1", "port": 0, "root": root / "sftp",
                 "host_key": root / "var" / "secrets" / "sftp_host_key", "accounts": accounts},
        "partners": [{"id": "retail-brussels", "customer_id": "C1001", "edifact_ids": ["SENDER1"],
                      "sftp_account": "retail"}],
    })


@pytest.fixture
async def gw(tmp_path: Path, keys: dict[str, Path]):
    async with running_gateway(sftp_config(tmp_path, keys)) as gateway:
        yield gateway


def home(gw, user: str) -> Path:
    return gw.ctx.config.sftp.root / user


async def sftp(gw, user: str, commands: str, *, key: Path | None = None,
               password: str | None = None, cwd: Path | None = None) -> tuple[int, str]:
    """Run one ``sftp`` batch against the gateway; returns the exit code and the transcript."""
    args = ["sftp", "-F", "/dev/null", "-P", str(gw.ports["sftp"]), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20"]
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    if key is not None:
        args += ["-i", str(key), "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey"]
    else:
        script = (cwd or Path.cwd()) / "askpass.sh"
        script.write_text(f"#!/bin/sh\necho '{password}'\n")
        script.chmod(0o700)
        env |= {"SSH_ASKPASS": str(script), "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"}
        # BatchMode must be off for a password; the first value given wins over the one -b adds
        args += ["-o", "BatchMode=no", "-o", "PreferredAuthentications=password",
                 "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1"]
    args += ["-b", "-", f"{user}@127.0.0.1"]
    proc = await asyncio.create_subprocess_exec(
        *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
    out, _ = await asyncio.wait_for(proc.communicate(commands.encode()), timeout=60)
    return proc.returncode or 0, out.decode(errors="replace")


async def documents(gw) -> list:
    return await gw.ctx.journal.list_documents(channel="sftp")


# --- uploads ---------------------------------------------------------------------------------


async def test_key_upload_is_durable_when_put_returns(gw, keys):
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/order.edi\n", key=keys["partner"])
    assert rc == 0, out
    [doc] = await documents(gw)
    assert (doc.filename, doc.partner, doc.sender) == ("order.edi", "retail-brussels", "sftp:retail")
    assert doc.intake_key.startswith("sftp:retail:order.edi:")
    assert gw.ctx.archive.get(doc.sha256) == PURCHASE_ORDER.read_bytes()
    assert list((home(gw, "retail") / "in").iterdir()) == []


async def test_contrl_for_an_upload_is_fetched_from_out_and_deleted(gw, keys, tmp_path):
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/order.edi\n", key=keys["partner"])
    assert rc == 0, out
    outbox = home(gw, "retail") / "out"
    # the transport writes a hidden temporary file and renames it: only finished files count
    [ack] = await wait_until(
        lambda: [p for p in outbox.iterdir() if not p.name.startswith(".")], timeout=60)
    assert ack.name.startswith("contrl_SENDER1_")
    rc, out = await sftp(gw, "retail", f"get out/{ack.name} fetched.edi\nrm out/{ack.name}\n",
                         key=keys["partner"], cwd=tmp_path)
    assert rc == 0, out
    fetched = (tmp_path / "fetched.edi").read_bytes()
    assert b"CONTRL" in fetched and b"SENDER1" in fetched
    assert list(outbox.iterdir()) == []


async def test_two_interchanges_under_a_reused_reference_get_two_contrl_files(gw, keys, tmp_path):
    """A partner's translator that resets its counter sends another interchange under the same UNB
    reference: each gets its own CONTRL file in out/, neither overwrites the other."""
    other = tmp_path / "other.edi"
    other.write_bytes(PURCHASE_ORDER.read_bytes().replace(b"BGM+220+128576+9'", b"BGM+220+128577+9'"))  # another PO
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/first.edi\nput {other} in/second.edi\n",
                         key=keys["partner"])
    assert rc == 0, out
    outbox = home(gw, "retail") / "out"
    acks = await wait_until(
        lambda: (found := [p for p in outbox.iterdir() if not p.name.startswith(".")]) and len(found) == 2 and found,
        timeout=60)
    assert all(a.name.startswith("contrl_SENDER1_131_") for a in acks) and len({a.name for a in acks}) == 2


async def test_password_upload_is_taken_for_the_account_partner(gw, tmp_path):
    rc, out = await sftp(gw, "dupont", f"cd in\nput {PURCHASE_ORDER} po.edi\n", password=PASSWORD,
                         cwd=tmp_path)
    assert rc == 0, out
    [doc] = await documents(gw)
    assert doc.partner == "C1002" and doc.sender == "sftp:dupont"


async def test_wrong_password_is_refused(gw, tmp_path):
    rc, out = await sftp(gw, "dupont", "ls\n", password="not it", cwd=tmp_path)
    assert rc != 0 and "Permission denied" in out


async def test_part_upload_renamed_into_place_is_taken_once_after_the_rename(gw, keys):
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/order.edi.part\n", key=keys["partner"])
    assert rc == 0, out
    assert await documents(gw) == []
    assert [p.name for p in (home(gw, "retail") / "in").iterdir()] == ["order.edi.part"]
    rc, out = await sftp(gw, "retail", "rename in/order.edi.part in/order.edi\n", key=keys["partner"])
    assert rc == 0, out
    [doc] = await documents(gw)
    assert doc.filename == "order.edi"
    assert list((home(gw, "retail") / "in").iterdir()) == []


async def test_same_file_sent_again_is_one_document(gw, keys):
    batch = f"put {PURCHASE_ORDER} in/order.edi\nput {PURCHASE_ORDER} in/order.edi\n"
    rc, out = await sftp(gw, "retail", batch, key=keys["partner"])
    assert rc == 0, out
    assert len(await documents(gw)) == 1


async def test_store_down_fails_the_put_and_a_resend_is_taken(gw, keys):
    tmp = gw.ctx.archive.tmp
    shutil.rmtree(tmp)
    tmp.write_text("not a folder")  # the archive cannot write: intake raises IntakeError
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/order.edi\n", key=keys["partner"])
    assert rc != 0 and "Failure" in out  # OpenSSH shows the status, not its text
    assert await documents(gw) == [] and list((home(gw, "retail") / "in").iterdir()) == []
    tmp.unlink()
    tmp.mkdir()
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/order.edi\n", key=keys["partner"])
    assert rc == 0, out
    assert len(await documents(gw)) == 1


@pytest.mark.parametrize("how", ["connection_lost", "session_ended"])
async def test_upload_cut_off_without_close_is_not_taken(gw, keys, how):
    import asyncssh
    source = next(s for s in gw.sources if hasattr(s, "sessions"))
    conn = await asyncssh.connect("127.0.0.1", gw.ports["sftp"], username="retail", known_hosts=None,
                                  client_keys=[str(keys["partner"])], agent_path=None)
    client = await conn.start_sftp_client()
    handle = await client.open("in/order.edi", "wb")
    await handle.write(PURCHASE_ORDER.read_bytes()[:400])
    if how == "connection_lost":  # no CLOSE for the handle: the upload is incomplete
        conn.abort()
    else:
        client.exit()
        await client.wait_closed()
        conn.close()
    await wait_until(lambda: source.sessions == 0, timeout=30)
    assert await documents(gw) == []
    assert (home(gw, "retail") / "in" / "order.edi").stat().st_size == 400  # left for a resumed put
    rc, out = await sftp(gw, "retail", f"put {PURCHASE_ORDER} in/order.edi\n", key=keys["partner"])
    assert rc == 0, out
    [doc] = await documents(gw)
    assert gw.ctx.archive.get(doc.sha256) == PURCHASE_ORDER.read_bytes()


# --- refusals ---------------------------------------------------------------------------------


async def test_unknown_key_is_refused(gw, keys):
    rc, out = await sftp(gw, "retail", "ls\n", key=keys["stranger"])
    assert rc != 0 and "Permission denied" in out


@pytest.mark.parametrize("command", ["cd ..", "cd /..", "ls /../..", "cd /etc", "get /etc/passwd",
                                     "get ../../../../etc/passwd", "ls in/../.."])
async def test_paths_outside_the_home_are_refused(gw, keys, tmp_path, command):
    rc, out = await sftp(gw, "retail", command + "\n", key=keys["partner"], cwd=tmp_path)
    assert rc != 0, out
    assert not (tmp_path / "passwd").exists()


async def test_links_are_neither_made_nor_followed(gw, keys, tmp_path):
    inbox = home(gw, "retail") / "in"
    (inbox / "escape").symlink_to("/etc/passwd")  # as if made on the server by mistake
    for command in ("symlink /etc/passwd in/pw", "ln in/escape in/hard", "get in/escape"):
        rc, out = await sftp(gw, "retail", command + "\n", key=keys["partner"], cwd=tmp_path)
        assert rc != 0, (command, out)
    rc, out = await sftp(gw, "retail", "ls in\n", key=keys["partner"], cwd=tmp_path)
    assert rc == 0 and "escape" not in out
    assert not (tmp_path / "escape").exists()


async def test_out_is_read_and_delete_only(gw, keys):
    outbox = home(gw, "retail") / "out"
    (outbox / "contrl_1.edi").write_bytes(b"UNA:+.? 'UNB+UNOC:3'")
    for command in (f"put {PURCHASE_ORDER} out/x.edi", f"put {PURCHASE_ORDER} /x.edi",
                    "rename out/contrl_1.edi in/contrl_1.edi", "mkdir in/sub", "rmdir out"):
        rc, out = await sftp(gw, "retail", command + "\n", key=keys["partner"])
        assert rc != 0, (command, out)
    rc, out = await sftp(gw, "retail", "ls out\nrm out/contrl_1.edi\n", key=keys["partner"])
    assert rc == 0, out
    assert list(outbox.iterdir()) == [] and await documents(gw) == []


async def test_file_over_the_size_quota_is_refused_and_dropped(gw, keys, tmp_path):
    big = tmp_path / "big.edi"
    big.write_bytes(PURCHASE_ORDER.read_bytes() * 3)  # over the 1000 bytes of account "small"
    rc, out = await sftp(gw, "small", f"put {big} in/big.edi\n", key=keys["partner"])
    assert rc != 0, out
    assert await documents(gw) == [] and list((home(gw, "small") / "in").iterdir()) == []


async def test_files_over_the_count_quota_are_refused(gw, keys, tmp_path):
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 10)
    batch = "".join(f"put {small} in/f{i}.part\n" for i in range(3))
    rc, out = await sftp(gw, "small", batch, key=keys["partner"])
    assert rc != 0, out
    assert sorted(p.name for p in (home(gw, "small") / "in").iterdir()) == ["f0.part", "f1.part"]


# --- passwords and host key ---------------------------------------------------------------


def test_password_hash_round_trip_and_plain_password_is_refused():
    stored = parse_password_hash(hash_password(PASSWORD))
    assert stored.matches(PASSWORD) and not stored.matches(PASSWORD + "!")
    with pytest.raises(ConfigError):
        parse_password_hash(PASSWORD)


def test_hash_password_command_prints_a_usable_hash():
    proc = subprocess.run([sys.executable, "-m", "connectors.sftp", "hash-password"], cwd=REPO,
                          input=PASSWORD + "\n", capture_output=True, text=True, check=True)
    assert parse_password_hash(proc.stdout.strip()).matches(PASSWORD)


def test_pbkdf2_hash_from_elsewhere_is_accepted():
    import base64
    import hashlib
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), salt, 100_000)
    b64 = lambda b: base64.b64encode(b).decode().rstrip("=")  # noqa: E731
    assert parse_password_hash(f"pbkdf2_sha256$100000${b64(salt)}${b64(digest)}").matches(PASSWORD)
    passlib = f"$pbkdf2-sha256$100000${b64(salt).replace('+', '.')}${b64(digest).replace('+', '.')}"
    assert parse_password_hash(passlib).matches(PASSWORD)


def test_account_names_must_be_safe_folder_names():
    with pytest.raises(ValueError):
        SftpAccount(username="../etc", partner="C1001")


async def test_host_key_is_kept_across_restarts_with_mode_0600(tmp_path, keys):
    config = sftp_config(tmp_path, keys)
    async with running_gateway(config) as gateway:
        path = gateway.ctx.config.sftp.host_key
        first = path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o600
    async with running_gateway(config):
        assert path.read_bytes() == first


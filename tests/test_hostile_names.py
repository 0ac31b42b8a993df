"""File names with control characters, per channel (OpenSSH ``sftp``, ``smtplib``, a watched folder,
an HTTP client): a name with ``\\x01`` or a tab is taken, kept verbatim in the journal and shown
escaped in the order the ERP gets; a name with ESC (a terminal escape sequence) is refused with
``NAME-HOSTILE`` and nothing is stored."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import smtplib
import subprocess
from pathlib import Path

import aiohttp
import pytest

from extractors.containers.parts import safe_filename
from gateway.store.intake import IntakeMeta
from gateway.logs import escape_controls
from gateway.names import hostile_reason, shown_name
from tests.console_support import CHROMIUM, chromium, console_users, login
from testkit.harness import API_KEY, CORPUS, running_gateway, wait_until, write_config
from tests.smtp_helpers import ORDERS_TO, message, transact

PURCHASE_ORDER = CORPUS / "edifact" / "PurchaseOrder.txt"
ODD = "po\x01\tmarch.edi"  # odd but harmless: taken, shown as po\x01\tmarch.edi
HOSTILE = "po\x1b[2J\x1b[31mpaid.edi"  # clears a terminal and turns it red: refused


@pytest.fixture
async def gw(tmp_path: Path):
    root = tmp_path / "gw"
    key = tmp_path / "partner"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    config = write_config(root, {
        "sftp": {"enabled": True, "host": "127.0.0.1", "port": 0, "root": root / "sftp",
                 "host_key": root / "var" / "secrets" / "sftp_host_key",
                 "accounts": [{"username": "dupont", "partner": "C1002",
                               "authorized_keys": [key.with_suffix(".pub").read_text().strip()]}]},
        "smtp": {"enabled": True, "port": 0, "tls_cert": root / "tls" / "smtp.crt", "tls_key": root / "tls" / "smtp.key",
                 "recipients": [ORDERS_TO]},
        "console": {"users": console_users()},
        "folders": [{"name": "drop", "path": root / "drop", "stable_seconds": 0.1, "poll_seconds": 0.2,
                     "partner": "C1002"}],
    })
    async with running_gateway(config) as gateway:
        gateway.test_key = key
        yield gateway


async def documents(gw, channel: str) -> list:
    return await gw.ctx.journal.list_documents(channel=channel)


async def erp_filename(gw, document_id: str) -> str | None:
    orders = await wait_until(lambda: gw.ctx.journal.orders_for_document(document_id), timeout=60)
    return orders[0].source.filename


def test_names_are_shown_escaped_and_hostile_ones_named():
    assert shown_name(ODD) == "po\\x01\\tmarch.edi"
    assert shown_name("invoice\u202efdp.exe") == "invoice\\u202efdp.exe"
    assert hostile_reason(ODD) is None and hostile_reason("Bestellung Müller.pdf") is None
    assert "escape character" in hostile_reason(HOSTILE) and "NUL" in hostile_reason("a\x00b")
    logged = escape_controls(None, "warning", {"event": "x", "filename": HOSTILE, "size": 3})
    assert logged["filename"] == "po\\x1b[2J\\x1b[31mpaid.edi" and logged["size"] == 3


# --- SFTP ------------------------------------------------------------------------------------


async def put(gw, tmp_path: Path, name: str) -> tuple[int, str]:
    local = tmp_path / "po.edi"
    local.write_bytes(PURCHASE_ORDER.read_bytes())
    args = ["sftp", "-F", "/dev/null", "-P", str(gw.ports["sftp"]), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-i", str(gw.test_key),
            "-o", "IdentitiesOnly=yes", "-b", "-", "dupont@127.0.0.1"]
    proc = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT, cwd=tmp_path, start_new_session=True)
    out, _ = await asyncio.wait_for(proc.communicate(f'put po.edi "in/{name}"\n'.encode()), timeout=60)
    return proc.returncode or 0, out.decode(errors="replace")


@pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")
async def test_sftp_names_with_control_characters(gw, tmp_path):
    rc, out = await put(gw, tmp_path, HOSTILE)
    assert rc != 0 and "Permission denied" in out
    assert await documents(gw, "sftp") == []
    rc, out = await put(gw, tmp_path, ODD)
    assert rc == 0, out
    [doc] = await documents(gw, "sftp")
    assert doc.filename == ODD
    assert await erp_filename(gw, doc.id) == shown_name(ODD)


# --- SMTP ------------------------------------------------------------------------------------


def send(port: int, name: str) -> tuple[int, str]:
    msg = message("commandes@dupont-fournitures.example", "Commande", "Voir pièce jointe",
                  attachments=[(name, "application/edifact", PURCHASE_ORDER.read_bytes())])
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo()
        return transact(client, msg)


async def test_smtp_attachment_names_with_control_characters(gw):
    code, text = await asyncio.to_thread(send, gw.ports["smtp"], HOSTILE)
    assert code == 550 and "NAME-HOSTILE" in text
    assert await documents(gw, "smtp") == []
    code, text = await asyncio.to_thread(send, gw.ports["smtp"], ODD)
    assert code == 250, text
    [mail] = await documents(gw, "smtp")
    assert b'filename="po\x01\tmarch.edi"' in gw.ctx.archive.get(mail.sha256)  # verbatim for audit

    async def attachment():  # the e-mail reader names its parts with safe base names
        return [d for d in await documents(gw, "smtp") if d.parent_id and d.filename == safe_filename(ODD, "")]
    [doc] = await wait_until(attachment, timeout=60)
    assert await erp_filename(gw, doc.id) == "pomarch.edi"


# --- folders ---------------------------------------------------------------------------------


async def test_folder_files_with_control_characters(gw):
    drop = gw.ctx.config.folders[0].path
    (drop / HOSTILE).write_bytes(PURCHASE_ORDER.read_bytes())
    reason = drop / ".failed" / f"{HOSTILE}.reason.txt"
    await wait_until(reason.exists, timeout=30)
    assert reason.read_text().startswith("NAME-HOSTILE:")
    (drop / ODD).write_bytes(PURCHASE_ORDER.read_bytes())
    [doc] = await wait_until(lambda: documents(gw, "drop"), timeout=30)
    assert doc.filename == ODD
    assert await erp_filename(gw, doc.id) == shown_name(ODD)


# --- HTTP ------------------------------------------------------------------------------------


async def test_http_file_names_with_control_characters(gw):
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession(headers={"X-API-Key": API_KEY}) as session:
        async with session.post(url, params={"filename": HOSTILE}, data=PURCHASE_ORDER.read_bytes()) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"]["code"] == "NAME-HOSTILE"
        async with session.post(url, params={"filename": ODD}, data=PURCHASE_ORDER.read_bytes()) as resp:
            assert resp.status == 202
            document_id = (await resp.json())["document_id"]
    doc = await gw.ctx.journal.get_document(document_id)
    assert doc.filename == ODD
    assert await erp_filename(gw, document_id) == shown_name(ODD)


async def test_names_that_are_not_utf8_are_refused_with_a_reason(gw):
    """A Latin-1 byte in a header or a file name is a clear refusal, never a 'store unavailable'."""
    def post() -> tuple[int, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", gw.ports["http"], timeout=30)
        conn.putrequest("POST", "/v1/documents")
        conn.putheader("X-API-Key", API_KEY)
        conn.putheader("X-Filename", b"commande-lat\xe9.edi")
        body = PURCHASE_ORDER.read_bytes()
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    status, body = await asyncio.to_thread(post)
    assert status == 400 and body["error"]["code"] == "NAME-HOSTILE" and "UTF-8" in body["error"]["message"]
    drop = gw.ctx.config.folders[0].path
    name = os.fsdecode(b"flat\xe9.edi")
    (drop / name).write_bytes(PURCHASE_ORDER.read_bytes())
    reason = drop / ".failed" / f"{name}.reason.txt"
    await wait_until(reason.exists, timeout=30)
    assert "UTF-8" in reason.read_text()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed")
async def test_console_shows_a_name_with_control_characters_escaped(gw):
    env = await gw.ctx.intake.accept(PURCHASE_ORDER.read_bytes(), "http", IntakeMeta(filename=ODD))
    base = f"http://127.0.0.1:{gw.ports['http']}"
    async with chromium() as browser:
        page = await login(browser, base, "alice")
        await page.goto(f"{base}/console/#/document/{env.document_id}")
        title = page.locator("h1 .sub")
        await title.wait_for()
        assert await title.text_content() == "po\\x01\\tmarch.edi"


def test_logs_escape_what_shown_name_escapes_and_leave_printable_text_as_is():
    """The log processor skips printable strings: that holds only while every character ``shown_name``
    escapes is unprintable, checked here over the whole of Unicode."""
    from gateway.names import _SHOWN_ESCAPED
    assert not [cp for cp in range(0x110000) if chr(cp).isprintable() and _SHOWN_ESCAPED.match(chr(cp))]
    event = {"event": "x", "filename": "bon\u202ecod.pdf", "plain": "Bestellung Nr. 7 é", "n": 3,
             "exception": "a\nb"}
    assert escape_controls(None, "info", dict(event)) == {
        **event, "filename": "bon\\u202ecod.pdf"}

"""Polling a partner's SFTP server: a real asyncssh SFTP server plays the partner's side."""

from __future__ import annotations

from pathlib import Path

import asyncssh
import pytest

from connectors.sftp_poll import SftpPollSource, poll_sections
from gateway.errors import ConfigError
from testkit.harness import CORPUS, running_gateway, wait_until, write_config

PURCHASE_ORDER = CORPUS / "edifact" / "PurchaseOrder.txt"


class PartnerFiles(asyncssh.SFTPServer):
    """The partner's server, chrooted to its folder; may refuse deletes."""

    refuse_remove = False

    def __init__(self, chan: asyncssh.SSHServerChannel, root: Path) -> None:
        super().__init__(chan, chroot=str(root).encode())

    def remove(self, path: bytes) -> None:
        if self.refuse_remove:
            raise asyncssh.SFTPPermissionDenied("read-only outbox")
        return super().remove(path)


class RefusingPartnerFiles(PartnerFiles):
    refuse_remove = True


@pytest.fixture
async def partner(tmp_path: Path, request):
    root = tmp_path / "partner"
    (root / "outbox").mkdir(parents=True)
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    key_path = tmp_path / "client_key"
    client_key.write_private_key(key_path)
    files = getattr(request, "param", PartnerFiles)
    server = await asyncssh.listen(
        "127.0.0.1", 0, server_host_keys=[host_key], sftp_factory=lambda chan: files(chan, root),
        authorized_client_keys=asyncssh.import_authorized_keys(
            client_key.export_public_key().decode()))
    port = server.get_port()
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(f"[127.0.0.1]:{port} {host_key.export_public_key().decode()}")
    section = {"name": "bigretail", "host": "127.0.0.1", "port": port, "username": "supplier42",
               "key_path": str(key_path), "known_hosts": str(known_hosts), "remote_dir": "outbox",
               "partner": "C1001", "poll_seconds": 0.2}
    yield root, section
    server.close()
    await server.wait_closed()


@pytest.fixture
async def gw(tmp_path: Path):
    async with running_gateway(write_config(tmp_path / "gw")) as gateway:
        yield gateway


async def documents(gw) -> list:
    return await gw.ctx.journal.list_documents(channel="sftp_poll")


async def test_polled_file_is_taken_then_deleted_remotely(gw, partner):
    root, section = partner
    (root / "outbox" / "order.edi").write_bytes(PURCHASE_ORDER.read_bytes())
    (root / "outbox" / "next.edi.part").write_bytes(b"UNA:+.? '")
    source = SftpPollSource(gw.ctx, section)
    await source.start()
    try:
        [doc] = await wait_until(lambda: documents(gw), timeout=30)
        await wait_until(lambda: not (root / "outbox" / "order.edi").exists(), timeout=30)
    finally:
        await source.stop()
    assert (doc.filename, doc.partner, doc.sender) == ("order.edi", "C1001", "sftp_poll:bigretail")
    assert doc.intake_key.startswith("sftp_poll:bigretail:outbox/order.edi:")
    assert gw.ctx.archive.get(doc.sha256) == PURCHASE_ORDER.read_bytes()
    assert (root / "outbox" / "next.edi.part").exists()


async def test_rename_mode_moves_the_file_into_processed(gw, partner):
    root, section = partner
    (root / "outbox" / "order.edi").write_bytes(PURCHASE_ORDER.read_bytes())
    assert await SftpPollSource(gw.ctx, {**section, "after": "rename"}).poll_once() == 1
    assert [p.name for p in (root / "outbox" / "processed").iterdir()] == ["order.edi"]
    assert len(await documents(gw)) == 1


@pytest.mark.parametrize("partner", [RefusingPartnerFiles], indirect=True)
async def test_file_that_cannot_be_deleted_is_still_taken_only_once(gw, partner):
    root, section = partner
    (root / "outbox" / "order.edi").write_bytes(PURCHASE_ORDER.read_bytes())
    source = SftpPollSource(gw.ctx, section)
    for _ in range(3):
        await source.poll_once()
    assert (root / "outbox" / "order.edi").exists()
    assert len(await documents(gw)) == 1


async def test_unknown_host_key_is_refused(gw, partner, tmp_path):
    root, section = partner
    (root / "outbox" / "order.edi").write_bytes(PURCHASE_ORDER.read_bytes())
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    wrong = tmp_path / "wrong_known_hosts"
    wrong.write_text(f"[127.0.0.1]:{section['port']} {other}")
    with pytest.raises(asyncssh.HostKeyNotVerifiable):
        await SftpPollSource(gw.ctx, {**section, "known_hosts": str(wrong)}).poll_once()
    assert await documents(gw) == [] and (root / "outbox" / "order.edi").exists()


def test_poll_config_errors_name_the_entry_and_key():
    with pytest.raises(ConfigError, match=r"extra.sftp_poll\[0\].colour"):
        poll_sections({"sftp_poll": [{"name": "x", "host": "h", "username": "u",
                                      "known_hosts": "/k", "colour": "red"}]})

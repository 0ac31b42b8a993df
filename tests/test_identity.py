"""Identity mismatches: an EDI order whose envelope names another partner than the channel proves
(an SFTP account through OpenSSH ``sftp``, the HTTP ``X-Partner`` header, the sender of an e-mail
through ``smtplib``) waits for a person with ``IDENTITY-MISMATCH`` naming both; the same file from
the partner's own account goes through."""

from __future__ import annotations

import asyncio
import shutil
import smtplib
import subprocess
from pathlib import Path

import aiohttp
import pytest

from gateway.model import OrderStatus
from testkit.harness import API_KEY, CORPUS, running_gateway, wait_until, write_config
from tests.smtp_helpers import ORDERS_TO, message, transact

PURCHASE_ORDER = CORPUS / "edifact" / "PurchaseOrder.txt"  # UNB sender SENDER1


@pytest.fixture
async def gw(tmp_path: Path):
    root = tmp_path / "gw"
    key = tmp_path / "partner"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    pub = key.with_suffix(".pub").read_text().strip()
    config = write_config(root, {
        "sftp": {"enabled": True, "host": "127.0.0.1", "port": 0, "root": root / "sftp",
                 "host_key": root / "var" / "secrets" / "sftp_host_key",
                 "accounts": [{"username": "retail", "partner": "retail-brussels", "authorized_keys": [pub]},
                              {"username": "dupont", "partner": "dupont-paris", "authorized_keys": [pub]}]},
        "partners": [{"id": "retail-brussels", "customer_id": "C1001", "edifact_ids": ["SENDER1"],
                      "sftp_account": "retail", "ack": {"edifact": "none"}},
                     {"id": "dupont-paris", "customer_id": "C1002", "sftp_account": "dupont",
                      "ack": {"edifact": "none"}}],
        "smtp": {"enabled": True, "port": 0, "tls_cert": root / "tls" / "smtp.crt", "tls_key": root / "tls" / "smtp.key",
                 "recipients": [ORDERS_TO]},
    })
    async with running_gateway(config) as gateway:
        gateway.test_key = key
        yield gateway


async def upload(gw, account: str, tmp_path: Path) -> None:
    args = ["sftp", "-F", "/dev/null", "-P", str(gw.ports["sftp"]), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-i", str(gw.test_key),
            "-o", "IdentitiesOnly=yes", "-b", "-", f"{account}@127.0.0.1"]
    proc = await asyncio.create_subprocess_exec(*args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.STDOUT, cwd=tmp_path, start_new_session=True)
    out, _ = await asyncio.wait_for(proc.communicate(f"put {PURCHASE_ORDER} in/po.edi\n".encode()), timeout=60)
    assert proc.returncode == 0, out.decode(errors="replace")


async def order_from(gw, channel: str, partner: str):
    async def found():
        docs = [d for d in await gw.ctx.journal.list_documents(channel=channel) if d.partner == partner]
        return docs and await gw.ctx.journal.orders_for_document(docs[0].id)
    [order] = await wait_until(found, timeout=60)
    return order


def mismatch(order):
    return [i for i in order.issues if i.code == "IDENTITY-MISMATCH"]


@pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")
async def test_edi_naming_another_partner_than_the_sftp_account_waits_for_a_person(gw, tmp_path):
    await upload(gw, "dupont", tmp_path)
    order = await order_from(gw, "sftp", "dupont-paris")
    assert order.status == OrderStatus.REVIEW
    [issue] = mismatch(order)
    assert issue.severity == "error" and issue.field == "customer"
    assert "C1002" in issue.message and "partner:dupont-paris" in issue.message
    assert "C1001" in issue.message and "edifact_id:SENDER1" in issue.message


@pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")
async def test_edi_from_its_own_partners_account_has_no_mismatch(gw, tmp_path):
    await upload(gw, "retail", tmp_path)
    order = await order_from(gw, "sftp", "retail-brussels")
    assert order.customer.id == "C1001" and mismatch(order) == []


async def test_edi_naming_another_partner_than_the_http_header_waits_for_a_person(gw):
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession(headers={"X-API-Key": API_KEY, "X-Partner": "dupont-paris"}) as session:
        async with session.post(url, data=PURCHASE_ORDER.read_bytes()) as resp:
            assert resp.status == 202
    order = await order_from(gw, "http", "dupont-paris")
    assert order.status == OrderStatus.REVIEW
    [issue] = mismatch(order)
    assert "C1002" in issue.message and "C1001" in issue.message


async def test_edi_mailed_by_another_customer_waits_for_a_person(gw):
    msg = message("commandes@dupont-fournitures.example", "Commande", "Ci-joint",
                  attachments=[("po.edi", "application/edifact", PURCHASE_ORDER.read_bytes())])

    def send() -> int:
        with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
            client.ehlo()
            return transact(client, msg)[0]
    assert await asyncio.to_thread(send) == 250

    async def found():
        docs = [d for d in await gw.ctx.journal.list_documents(channel="smtp") if d.filename == "po.edi"]
        return docs and await gw.ctx.journal.orders_for_document(docs[0].id)
    [order] = await wait_until(found, timeout=60)
    assert order.status == OrderStatus.REVIEW
    [issue] = mismatch(order)
    assert "C1002" in issue.message and "email:commandes@dupont-fournitures.example" in issue.message
    assert "C1001" in issue.message and "edifact_id:SENDER1" in issue.message


async def test_right_envelope_but_another_customers_buyer_gln_waits_for_a_person(gw):
    """The envelope is the partner's own, but the buyer named inside is another customer (Dupont's GLN)."""
    data = PURCHASE_ORDER.read_bytes().replace(b"NAD+BY+5412345000013::9", b"NAD+BY+3012345000014::9")
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession(headers={"X-API-Key": API_KEY, "X-Partner": "retail-brussels"}) as session:
        async with session.post(url, data=data) as resp:
            assert resp.status == 202
    order = await order_from(gw, "http", "retail-brussels")
    assert order.status == OrderStatus.REVIEW
    [issue] = mismatch(order)
    assert "C1001" in issue.message and "C1002" in issue.message and "gln:3012345000014" in issue.message


async def test_a_partners_envelope_naming_another_customers_buyer_waits_without_any_channel_proof(gw):
    """No account, header or mail sender proves who sent it: the envelope (UNB SENDER1, Retail Brussels's)
    and the buyer inside (Dupont's GLN) still have to agree."""
    data = PURCHASE_ORDER.read_bytes().replace(b"NAD+BY+5412345000013::9", b"NAD+BY+3012345000014::9")
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession(headers={"X-API-Key": API_KEY}) as session:
        async with session.post(url, data=data) as resp:
            assert resp.status == 202
    order = await order_from(gw, "http", None)
    assert order.status == OrderStatus.REVIEW
    [issue] = mismatch(order)
    assert "C1001" in issue.message and "edifact_id:SENDER1" in issue.message and "C1002" in issue.message

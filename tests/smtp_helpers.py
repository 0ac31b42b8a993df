"""Helpers for the SMTP tests: configs with the SMTP source on, sending with smtplib and swaks, waiting
for a message's parts and orders in the journal."""

from __future__ import annotations

import asyncio
import re
import smtplib
import ssl
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from testkit.harness import wait_until, write_config

ORDERS_TO = "orders@gateway.localhost"
OPEN = ("received", "processing", "retry")
QUEUED_AS = re.compile(r"queued as ([0-9A-Z]{26})")


def smtp_config(root: Path, port: int = 0, **smtp: Any) -> Path:
    """A gateway config with the SMTP source on, its TLS files under ``root``."""
    section = {"enabled": True, "port": port, "tls_cert": root / "tls" / "smtp.crt",
               "tls_key": root / "tls" / "smtp.key", "recipients": [ORDERS_TO],
               "recipient_domains": ["inbound.example"], **smtp}
    return write_config(root, {"smtp": section})


def message(sender: str, subject: str, body: str, to: str = ORDERS_TO,
            attachments: list[tuple[str, str, bytes]] = ()) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)  # CRLF line ends, as on the wire
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Message-ID"] = f"<{abs(hash((sender, subject, body)))}@test.example>"
    msg.set_content(body)
    for name, ctype, data in attachments:
        main, sub = ctype.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg


def client_tls() -> ssl.SSLContext:
    return ssl._create_unverified_context()  # noqa: S323 - the tests that verify use the cert file


def transact(client: smtplib.SMTP, msg: EmailMessage) -> tuple[int, str]:
    """MAIL, RCPT and DATA for one message on an open session; the DATA reply (code, text)."""
    code, text = client.mail(str(msg["From"]).rsplit("<", 1)[-1].rstrip(">"))
    assert code == 250, text
    code, text = client.rcpt(str(msg["To"]))
    assert code == 250, text
    code, text = client.data(msg.as_bytes())
    return code, text.decode()


def send(port: int, msg: EmailMessage, *, tls: bool = False) -> tuple[int, str]:
    """One message over a fresh connection; the DATA reply (code, text)."""
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        if tls:
            client.starttls(context=client_tls())
        client.ehlo()
        return transact(client, msg)


def queued_id(reply: str) -> str:
    match = QUEUED_AS.search(reply)
    assert match, reply
    return match.group(1)


async def swaks(port: int, *args: str) -> str:
    """Run swaks against the gateway; its transcript (stdout), asserting it exited 0."""
    proc = await asyncio.create_subprocess_exec(
        "swaks", "--server", "127.0.0.1", "--port", str(port), "--helo", "client.test", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 0, (out.decode(errors="replace")[-2000:], err.decode(errors="replace"))
    return out.decode(errors="replace")


async def parts_of(gw, document_id: str, *, finished: bool = True, timeout: float = 60.0) -> list:
    """The child documents of a message once it is split (and, by default, once every one is done)."""
    async def ready():
        parent = await gw.ctx.journal.get_document(document_id)
        if parent is None or parent.status in OPEN:
            return None
        kids = await gw.ctx.journal.list_documents(parent_id=document_id, limit=1000)
        if finished and any(k.status in OPEN for k in kids):
            return None
        return kids or None
    return await wait_until(ready, timeout=timeout)


def by_name(kids: list) -> dict[str, Any]:
    return {k.filename: k for k in kids}

"""Sending EDI acknowledgements back to partners: SFTP ``out/`` folder, HTTP callback, e-mail reply.

Each sender takes one stored acknowledgement (a journal ``acks`` row) and either hands it over or
raises ``AckSendError``; ``retryable`` says whether to try again later. Each transport class below is
registered by its ``via`` (``gateway.registry``); ``gateway.stages.acks.AckDispatcher`` asks the registry
for the row's transport and records the outcome.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
import tempfile
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import aiohttp

from gateway.config import Config, SmtpRelay
from gateway.errors import GatewayError

ORDER_RESPONSES = ("ordrsp", "855")
CONTENT_TYPES = {"contrl": "application/EDIFACT", "ordrsp": "application/EDIFACT", "997": "application/EDI-X12",
                 "999": "application/EDI-X12", "855": "application/EDI-X12"}


class AckSendError(GatewayError):
    code = "ACK-SEND"
    retryable = True


def write_atomic(folder: Path, name: str, body: bytes) -> None:
    """Write ``folder/name`` so a partner never downloads half a file: temp name, fsync, rename."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, folder / name)


def sftp_out_folder(config: Config, partner: str | None) -> Path | None:
    for account in config.sftp.accounts:
        if partner and (account.partner == partner or account.username == partner):
            return config.sftp.root / account.username / "out"
    return None


async def send_sftp(config: Config, ack: dict[str, Any]) -> None:
    folder = sftp_out_folder(config, ack["partner"])
    if folder is None:
        raise AckSendError("no SFTP account for this partner", code="ACK-NO-ACCOUNT", retryable=False)
    try:
        await asyncio.to_thread(write_atomic, folder, ack["filename"], ack["body"])
    except OSError as exc:
        raise AckSendError(f"writing to the partner's out/ folder failed: {exc.strerror}") from None


async def send_http_callback(url: str, ack: dict[str, Any], timeout_s: float = 30.0) -> None:
    """POST the acknowledgement's bytes; 2xx is done, 4xx is final (except 408/429), the rest retried."""
    headers = {"Content-Type": CONTENT_TYPES.get(ack["kind"], "application/octet-stream"),
               "X-Gateway-Document": ack["document_id"], "X-Gateway-Ack": ack["id"],
               "Content-Disposition": f'attachment; filename="{ack["filename"]}"'}
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:
            async with session.post(url, data=ack["body"], headers=headers) as resp:
                status = resp.status
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        raise AckSendError(f"callback unreachable: {type(exc).__name__}") from None
    if status >= 300:
        final = 400 <= status < 500 and status not in (408, 429)
        raise AckSendError(f"callback answered {status}", code="ACK-CALLBACK-REFUSED", retryable=not final)


def build_ack_mail(relay: SmtpRelay, to: str, ack: dict[str, Any], in_reply_to: str | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = relay.from_address
    msg["To"] = to
    what = "order response" if ack["kind"] in ORDER_RESPONSES else "acknowledgement"
    msg["Subject"] = f"{ack['kind'].upper()} {what} {ack['filename']}"
    msg["Message-ID"] = make_msgid(domain=relay.from_address.rpartition("@")[2] or None)
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(f"Our {ack['kind'].upper()} {what} to your " +
                    ("order is attached.\n" if ack["kind"] in ORDER_RESPONSES else "interchange is attached.\n"))
    maintype, subtype = CONTENT_TYPES.get(ack["kind"], "application/octet-stream").split("/")
    msg.add_attachment(ack["body"], maintype=maintype, subtype=subtype, filename=ack["filename"])
    return msg


def send_message(relay: SmtpRelay, msg: EmailMessage) -> None:
    """Hand ``msg`` to the relay (STARTTLS and login as configured); raises smtplib/OS/SSL errors."""
    with smtplib.SMTP(relay.host, relay.port, timeout=relay.timeout_s) as smtp:
        smtp.ehlo()
        wanted = relay.starttls if relay.starttls is not None else bool(relay.username) or smtp.has_extn("starttls")
        if wanted:  # raises SMTPNotSupportedError when the relay offers none
            smtp.starttls(context=ssl.create_default_context())
        if relay.username:
            smtp.login(relay.username, os.environ.get(relay.password_env or "", ""))
        smtp.send_message(msg)


async def send_email(relay: SmtpRelay | None, to: str | None, ack: dict[str, Any],
                     in_reply_to: str | None) -> None:
    if relay is None:
        raise AckSendError("no [smtp.relay] is configured for outgoing mail", code="ACK-NO-RELAY",
                           retryable=False)
    if not to:
        raise AckSendError("no address to send the acknowledgement to", code="ACK-NO-ADDRESS", retryable=False)
    try:
        await asyncio.to_thread(send_message, relay, build_ack_mail(relay, to, ack, in_reply_to))
    except smtplib.SMTPRecipientsRefused:
        raise AckSendError(f"the relay refused {to}", code="ACK-MAIL-REFUSED", retryable=False) from None
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise AckSendError(f"mail relay failed: {type(exc).__name__}") from None


# --- the transports the registry knows (``gateway.registry.BUILTIN_ACK_TRANSPORTS``), by ``[partners.ack] via`` ---

class SftpOutTransport:
    """The partner's ``out/`` folder on our SFTP server."""

    kind = "sftp"
    config_model = None  # reads [sftp] and the partner's sftp_account

    async def send(self, ctx: Any, ack: dict[str, Any]) -> None:
        await send_sftp(ctx.config, ack)


class HttpCallbackTransport:
    """A POST to the partner's ``ack.callback_url``."""

    kind = "http_callback"
    config_model = None  # reads the partner's ack.callback_url

    async def send(self, ctx: Any, ack: dict[str, Any]) -> None:
        partner = ctx.config.partner(ack["partner"])
        if partner is None or not partner.ack.callback_url:
            raise AckSendError("the partner has no ack.callback_url", code="ACK-NO-CALLBACK", retryable=False)
        await send_http_callback(partner.ack.callback_url, ack)


class EmailReplyTransport:
    """A reply through ``[smtp.relay]`` to the partner's ``ack.email`` or the sender, threaded on the
    e-mail the interchange came in."""

    kind = "email"
    config_model = None  # reads [smtp.relay] and the partner's ack.email

    async def send(self, ctx: Any, ack: dict[str, Any]) -> None:
        partner = ctx.config.partner(ack["partner"])
        doc = await ctx.journal.get_document(ack["document_id"])
        to = (partner.ack.email if partner else None) or (doc.sender if doc else None)
        await send_email(ctx.config.smtp.relay, to, ack, await _message_id(ctx.journal, doc))


async def _message_id(journal: Any, doc: Any) -> str | None:
    """The Message-ID of the e-mail the interchange came in, to thread the reply."""
    while doc is not None:
        if doc.metadata.get("message_id"):
            return str(doc.metadata["message_id"])
        doc = await journal.get_document(doc.parent_id) if doc.parent_id else None
    return None

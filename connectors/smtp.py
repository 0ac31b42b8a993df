"""SMTP source: an aiosmtpd server in the gateway's own event loop that takes purchase orders by e-mail.

Owns the SMTP conversation and its replies. The server is made with ``loop.create_server`` and
aiosmtpd's ``SMTP`` protocol (no ``Controller`` thread), so intake runs in the same loop as the rest
of the gateway; ``port = 0`` binds a free port, published in ``ports["smtp"]``.

* STARTTLS with ``tls_cert``/``tls_key`` (a self-signed pair is made on first start for the embedded
  default, see ``connectors.smtp_security``); ``require_tls`` refuses mail before STARTTLS.
* AUTH PLAIN and LOGIN for the configured users, offered only after STARTTLS unless
  ``auth_require_tls = false``; passwords are checked against scrypt/pbkdf2 hashes in a thread.
* RCPT: only the configured ``recipients`` or addresses in ``recipient_domains`` (550 5.1.1 for others;
  none configured refuses all); at most ``max_recipients`` (452).
* SIZE is announced (``max_message_bytes``, or ``limits.max_document_bytes`` when smaller); larger
  messages get 552 (aiosmtpd checks the MAIL SIZE parameter and counts DATA bytes as they come).
* DATA: the raw message goes through ``ctx.intake.accept`` (archive fsync + journal commit); ``250
  2.0.0 Ok: queued as <document id>`` is sent only after it returned. The document's sender is the
  From header's address (else MAIL FROM); its metadata keeps ``subject``, ``message_id``,
  ``mail_from``, ``rcpt_to``, ``tls`` and ``smtp_user``. Splitting the message (attachments, body,
  forwarded originals) is the e-mail extractor's job, in the pipeline.

Errors are translated to replies in one place, ``reply_for``: ``IntakeError`` (store down) -> 451
4.3.0, ``LimitError`` -> 552 5.3.4, anything unexpected -> 451 4.3.0 and a logged traceback; the session
goes on and one bad message never stops the server. Logs name the peer, sizes and document ids, never
message content, subjects or credentials.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from email import policy
from email.parser import BytesHeaderParser, BytesParser
from typing import Any

import structlog
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from connectors.smtp_security import UserTable, hash_password, server_tls_context
from extractors.mail.email_text import first_address, header_text
from gateway.config import SmtpSection
from gateway.context import Context
from gateway.store.backpressure import BacklogError
from gateway.errors import ConfigError, IntakeError, LimitError
from gateway.store.intake import IntakeMeta
from gateway.login_limits import LoginLimiter
from gateway.names import HostileNameError, check_name, shown_name

__all__ = ["SmtpSource", "hash_password", "reply_for"]

log = structlog.get_logger(__name__)

STOP_GRACE_S = 10.0  # how long stop() waits for messages being stored
MAX_HEADER_BYTES = 256 * 1024  # how much of a message is parsed for subject, sender and message id
AUTH_ATTEMPTS_PER_SESSION = 5


def reply_for(error: BaseException) -> str:
    """The SMTP reply for an error raised while taking a message: the one translation point."""
    if isinstance(error, HostileNameError):
        return f"550 5.6.0 Attachment name refused ({error.code}): {error.message}"
    if isinstance(error, LimitError):
        return f"552 5.3.4 Message too big for the gateway ({error.code})"
    if isinstance(error, BacklogError):
        return f"451 4.3.2 Too many messages waiting to be processed ({error.code}); try again later"
    if isinstance(error, IntakeError):
        return f"451 4.3.0 The gateway cannot store messages right now ({error.code}); try again later"
    return "451 4.3.0 Internal error; try again later"


class _QuietSession(Session):
    login_data: Any = None  # aiosmtpd's property logs a deprecation warning on every login


class _GatewaySMTP(SMTP):
    """aiosmtpd's protocol with AUTH credentials checked off the event loop (hashing is CPU-bound),
    through the gateway's login limiter (backoff per address and account)."""

    def __init__(self, handler: _Handler, users: UserTable, logins: LoginLimiter, **kwargs: Any) -> None:
        self._users = users
        self._logins = logins
        super().__init__(handler, **kwargs)

    def _create_session(self) -> Session:
        return _QuietSession(self.loop)

    def _authenticate(self, mechanism: str, auth_data: Any) -> AuthResult:
        return AuthResult(success=False, handled=False, auth_data=auth_data)  # checked in _checked

    async def auth_PLAIN(self, _: Any, args: list[str]) -> AuthResult:
        return await self._checked(await super().auth_PLAIN(_, args))

    async def auth_LOGIN(self, _: Any, args: list[str]) -> AuthResult:
        return await self._checked(await super().auth_LOGIN(_, args))

    async def _checked(self, collected: AuthResult) -> AuthResult:
        creds = collected.auth_data
        if not isinstance(creds, LoginPassword):
            return collected  # the exchange failed; aiosmtpd has answered or will answer 535
        username = creds.login.decode("utf-8", errors="replace")
        peer = _peer(self.session.peer if self.session else None)
        ok = await self._logins.check("smtp", peer, username,
                                      lambda: self._users.verify(username, creds.password))
        if ok:
            log.info("smtp_auth_ok", user=shown_name(username, 64), peer=peer)
            return AuthResult(success=True, auth_data=username)
        return AuthResult(success=False, handled=False)


def _peer(peer: Any) -> str | None:
    return str(peer[0]) if isinstance(peer, tuple) and peer else None


class _Handler:
    """aiosmtpd hooks: recipients, EHLO tidy-up, DATA -> intake, and the exception boundary."""

    def __init__(self, source: SmtpSource) -> None:
        self.source = source

    async def handle_EHLO(self, server: SMTP, session: Session, envelope: Envelope, hostname: str,
                          responses: list[str]) -> list[str]:
        session.host_name = hostname
        return [r for r in responses if r.strip() != "250-AUTH"]  # no users: no empty AUTH line

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if not self.source.accepts(address):
            self.source.refused("recipient")
            return "550 5.1.1 Recipient not accepted here"
        if len(envelope.rcpt_tos) >= self.source.section.max_recipients:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        try:
            document_id = await self.source.take(envelope, session)
        except Exception as exc:  # the boundary: every fault of one message becomes its reply
            return self.source.refusal(exc, session)
        return f"250 2.0.0 Ok: queued as {document_id}"

    async def handle_exception(self, error: Exception) -> str:
        log.error("smtp_session_error", error=type(error).__name__)
        return reply_for(error)


class SmtpSource:
    """The SMTP listener: ``start()``, ``stop()`` and ``ports``."""

    kind = "smtp"
    config_model = SmtpSection

    @classmethod
    def configured(cls, config: Any) -> list[SmtpSection]:
        return [config.smtp] if config.smtp.enabled else []

    @classmethod
    def listener_name(cls, section: SmtpSection) -> str:
        return cls.kind

    def __init__(self, ctx: Context, section: SmtpSection) -> None:
        self.ctx = ctx
        self.section = section
        self.ports: dict[str, int] = {}
        self._recipients = {r.strip().lower() for r in section.recipients}
        self._domains = {d.strip().lower().lstrip("@") for d in section.recipient_domains}
        self._server: asyncio.Server | None = None
        self._protocols: weakref.WeakSet[_GatewaySMTP] = weakref.WeakSet()
        self._storing: set[asyncio.Task] = set()  # intake commits under way

    async def start(self) -> None:
        """Bind and listen; raises ConfigError for unusable TLS files or users."""
        where = str(self.ctx.config.source_file or "<config>")
        users = UserTable.from_config(self.section.users, where)
        if self.section.auth_required and not users:
            raise ConfigError(f"{where}: smtp.auth_required: no smtp.users are configured")
        tls = await asyncio.to_thread(server_tls_context, self.section, where)
        if not self._recipients and not self._domains:
            log.warning("smtp_no_recipients", hint="smtp.recipients and recipient_domains are empty")
        loop = asyncio.get_running_loop()
        handler = _Handler(self)
        options = dict(
            hostname=self.section.hostname, ident="order-gateway ESMTP",
            data_size_limit=self.size_limit(), enable_SMTPUTF8=True, tls_context=tls,
            require_starttls=self.section.require_tls, auth_required=self.section.auth_required,
            auth_require_tls=self.section.auth_require_tls, timeout=self.section.timeout_s,
            auth_exclude_mechanism=None if users else ["PLAIN", "LOGIN"],
            command_call_limit={"AUTH": AUTH_ATTEMPTS_PER_SESSION, "*": 10 ** 9}, loop=loop)

        def protocol() -> _GatewaySMTP:
            proto = _GatewaySMTP(handler, users, self.ctx.logins, **options)
            self._protocols.add(proto)
            return proto

        self._server = await loop.create_server(protocol, self.section.host, self.section.port)
        self.ports["smtp"] = self._server.sockets[0].getsockname()[1]
        log.info("smtp_listening", host=self.section.host, port=self.ports["smtp"], tls=tls is not None,
                 auth=bool(users))

    async def stop(self) -> None:
        """Stop listening, let messages being stored finish (bounded), then close the sessions."""
        if self._server is None:
            return
        self._server.close()
        if self._storing:
            await asyncio.wait(set(self._storing), timeout=STOP_GRACE_S)
        for proto in list(self._protocols):
            if proto.transport is not None:
                proto.transport.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(STOP_GRACE_S):
                await self._server.wait_closed()
        self._server = None
        log.info("smtp_stopped")

    def size_limit(self) -> int:
        """The SIZE announced: the smaller of the SMTP and the gateway-wide document limits."""
        return min(self.section.max_message_bytes, self.ctx.config.limits.max_document_bytes)

    def accepts(self, address: str) -> bool:
        address = address.strip().strip("<>").lower()
        return address in self._recipients or address.rpartition("@")[2] in self._domains

    def refused(self, reason: str) -> None:
        self.ctx.metrics.inc("gateway_documents_refused_total", channel="smtp", reason=reason)

    def refusal(self, error: Exception, session: Session) -> str:
        code = getattr(error, "code", "INTERNAL")
        if isinstance(error, (IntakeError, LimitError)):
            log.warning("smtp_message_refused", code=code, peer=_peer(session.peer))
        else:
            log.exception("smtp_message_failed", peer=_peer(session.peer))
        self.refused(error.code if isinstance(error, HostileNameError) else "size" if isinstance(error, LimitError)
                     else "store" if isinstance(error, IntakeError) else "internal")
        return reply_for(error)

    def _settled(self, task: asyncio.Task) -> None:
        self._storing.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved here when the client hung up and nobody awaits it

    async def take(self, envelope: Envelope, session: Session) -> str:
        """Make one message durable; returns its document id. Raises IntakeError, LimitError
        (HostileNameError for an attachment named with NUL or escape sequences)."""
        assert self.ctx.intake is not None
        raw = envelope.original_content or b""
        await asyncio.to_thread(check_attachment_names, raw)
        meta = message_meta(raw, envelope, session, self.ctx.config.smtp.fax_mailboxes)
        task = asyncio.ensure_future(self.ctx.intake.accept(raw, "smtp", meta))
        self._storing.add(task)
        task.add_done_callback(self._settled)
        # shielded: a client hanging up mid-commit does not cut the commit short
        stored = await asyncio.shield(task)
        self.ctx.metrics.inc("gateway_documents_received_total", channel="smtp")
        log.info("smtp_message_accepted", document_id=stored.document_id, size=len(raw),
                 peer=_peer(session.peer), recipients=len(envelope.rcpt_tos))
        return stored.document_id


def check_attachment_names(raw: bytes) -> None:
    """Raises HostileNameError when a part of the message is named with NUL or an escape sequence
    (other control characters are kept and shown escaped). CPU-bound: run in a thread."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    for part in message.walk():
        try:
            name = part.get_filename()
        except Exception:  # a malformed header is the extractor's problem, not a hostile name
            continue
        check_name(name)


def _header_block(raw: bytes) -> bytes:
    head = raw[:MAX_HEADER_BYTES]
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = head.find(separator)
        if end >= 0:
            return head[:end + len(separator)]
    return head


def message_meta(raw: bytes, envelope: Envelope, session: Session, fax_mailboxes: list = ()) -> IntakeMeta:
    """What the journal keeps about a message: sender (From header, else MAIL FROM), subject, ids; for a
    fax server's message (``[[smtp.fax_mailboxes]]``) the calling number its subject names, as
    ``fax_number`` (its attachments are identified by it, as a fax-folder fax is)."""
    headers = BytesHeaderParser(policy=policy.default).parsebytes(_header_block(raw))
    mail_from = envelope.mail_from if envelope.mail_from not in (None, "", "<>") else None
    extra: dict[str, Any] = {
        "subject": header_text(headers, "Subject"), "message_id": header_text(headers, "Message-ID"),
        "mail_from": mail_from, "rcpt_to": list(envelope.rcpt_tos), "tls": session.ssl is not None,
    }
    if session.authenticated and isinstance(session.auth_data, str):
        extra["smtp_user"] = session.auth_data
    sender = first_address(header_text(headers, "From")) or first_address(mail_from)
    for mailbox in fax_mailboxes:
        number = mailbox.calling_number(extra["subject"], sender, list(envelope.rcpt_tos))
        if number:
            extra["fax_number"] = number
            break
    return IntakeMeta(sender=sender, filename=None, content_type="message/rfc822",
                      extra={k: v for k, v in extra.items() if v is not None})

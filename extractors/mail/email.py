"""E-mail (RFC 5322 / MIME): a message is a container whose attachments and body become child documents.

Owns splitting a message into parts; what each part *is* is decided later by the extractor that
recognises its bytes (the core takes every child in through the durable intake and runs it through
the pipeline on its own):

* every attachment, whatever it is (PDF, TIFF/PNG/JPEG, XML, EDIFACT/X12, CSV/XLSX, zip, ...), becomes a
  child under a safe base name (``extractors.containers.parts.safe_filename``) with a content type sniffed from its
  bytes; 0-byte attachments are kept (the core quarantines them as ``EMPTY-DOCUMENT``);
* attached messages (``message/rfc822`` parts and ``.eml`` files) become child e-mails, containers in turn;
* the text body (text/plain, else the HTML body converted to text) becomes ``body.txt``
  (``text/plain; charset=utf-8``), opened by a ``Subject:`` line so that a PO number written in the
  subject is read with the body. It is left out when nothing but quoting (``>`` lines), a signature or
  white space remains; a "please find attached" body *is* handed on, and ``body_text`` classifies it
  as ``DocType.OTHER`` (a ``not_order`` document, no review item);
* small inline images of ``multipart/related`` bodies (logos, signature banners under 64 KB), S/MIME and
  PGP signatures, keys, vCards and calendar invitations (``.ics``) are skipped and counted in ``metadata["skipped_parts"]``; larger
  inline images (pasted screenshots) are kept.

Every child's metadata carries ``sender`` (the From address), ``subject``, ``message_id``, ``part`` and,
for forwarded mail, ``original_sender``: the From address of the forwarded header block ("----------
Forwarded message ---------", "-----Original Message-----", "Début du message réexpédié", "Weitergeleitete
Nachricht", Outlook's underscore rule, each followed by a From:/De :/Von: line; the innermost block wins)
or of an attached message. Extractors see no configuration, so ``original_sender`` is always extracted
when such a block exists; the core's identify stage tries it before the sender (after ids found in the
document itself), which attributes a sales rep's forward to the customer who wrote the order.

Hostile or broken input never raises out of here except as typed errors: unknown charsets and invalid
base64/quoted-printable are decoded with replacement and reported as warning ``Problem`` s
(``EMAIL-CHARSET-UNKNOWN``, ``EMAIL-DEFECT``); more parts than ``Limits.max_zip_members`` raise
``LimitError`` ``EMAIL-PARTS``; a parser failure raises ``ExtractionError`` ``EMAIL-MALFORMED``.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser

from extractors.base import ExtractHints
from extractors.mail.body_lines import is_item_code, names_another_item
from extractors.mail.email_text import (
    decode_text, find_original_sender, first_address, has_own_content, header_text,
)
from extractors.mail.html_text import html_to_text
from extractors.mail.struck_text import take_struck
from extractors.sheet.text_cells import has_order_table, tab_rows
from extractors.containers.parts import (
    default_name, extension, looks_like_message, safe_filename, sniff_content_type, strip_bom,
)
from gateway.errors import ExtractionError, LimitError
from extractors.mail.cover_note import cover_instructions
from gateway.model import ChildDocument, DocType, Extraction, Problem

MAX_MIME_DEPTH = 30
INLINE_IMAGE_SKIP_BYTES = 64 * 1024
# Parts that are never orders and would only make review items: signatures, keys, business cards.
SKIPPED_TYPES = frozenset({"application/pkcs7-signature", "application/x-pkcs7-signature",
                           "application/pgp-signature", "application/pgp-keys", "text/vcard", "text/x-vcard",
                           "text/calendar", "application/ics"})
SKIPPED_EXTENSIONS = frozenset({"vcf", "ics", "p7s", "asc"})  # business cards, calendar invites, signatures
# ... skipped by their name only when their bytes are what the name says (an order named .asc is read)
_SKIPPED_STARTS = (b"BEGIN:VCARD", b"BEGIN:VCALENDAR", b"-----BEGIN PGP", b"0\x82", b"0\x80")
BODY_NAME = "body.txt"
NO_ATTACHMENTS = "X-Attachments: none"  # the body's header line when the message has no attachment
BODY_TYPE = "text/plain; charset=utf-8"
_SERIALIZE = policy.default.clone(refold_source="none")


@dataclass
class _Part:
    data: bytes
    filename: str | None
    declared: str | None


@dataclass
class _Collected:
    """What a walk over the MIME tree found."""

    parts: list[_Part] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    html_alternative: list[str] = field(default_factory=list)  # the HTML twin of a text/plain body
    inner_senders: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0

    def warn(self, code: str, message: str) -> None:
        if not any(p.code == code and p.message == message for p in self.problems):
            self.problems.append(Problem(code=code, message=message, severity="warning"))


@dataclass(frozen=True)
class _Head:
    sender: str | None
    subject: str | None
    message_id: str | None
    date: str | None = None  # the Date header: the order date of an order typed without one


class EmailExtractor:
    """RFC 5322 messages, recognised by their header block (or a ``.eml`` name / ``message/rfc822``)."""

    name = "email"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        known = looks_like_message(strip_bom(head))
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        named = declared == "message/rfc822" or extension(filename) == "eml"
        if known >= 2:
            if declared == "text/plain":
                return 0.3  # a body that opens with a quoted header block: body_text scores higher
            return 0.95 if named else 0.9
        return 0.6 if known == 1 and named else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Split a message; raises ``LimitError`` ``EMAIL-PARTS`` or ``ExtractionError`` ``EMAIL-MALFORMED``."""
        found = _Collected()
        try:
            message = BytesParser(policy=policy.default).parsebytes(data)
            head = _read_head(message)
            _visit(message, found, depth=0, in_related=False, body_allowed=True)
        except (RecursionError, ValueError, TypeError, LookupError, AttributeError, IndexError) as exc:
            raise ExtractionError(f"the message cannot be parsed ({type(exc).__name__})",
                                  code="EMAIL-MALFORMED") from None
        body = _body_text(found, hints)
        original = find_original_sender(body, head.subject) or next(iter(found.inner_senders), None)
        if original == head.sender:
            original = None
        children = _children(head, original, body, found)
        if len(children) > hints.limits.max_zip_members:
            raise LimitError(f"the message has {len(children)} parts, over the limit of "
                             f"{hints.limits.max_zip_members}", code="EMAIL-PARTS")
        metadata = {"subject": head.subject, "message_id": head.message_id, "from": head.sender,
                    "original_sender": original, "parts": len(children),
                    "skipped_parts": found.skipped or None}
        return Extraction(
            format="email", doc_type=DocType.CONTAINER if children else DocType.OTHER,
            detail=f"e-mail, {len(children)} part(s)", children=children, problems=found.problems,
            sender_hints={"email": head.sender} if head.sender else {},
            metadata={k: v for k, v in metadata.items() if v is not None})


EXTRACTOR = EmailExtractor()


def _body_text(found: _Collected, hints: ExtractHints) -> str:
    """The text/plain body, else the HTML one as text; the HTML one too when it holds an order table whose
    rows the text alternative lost (Gmail and Outlook write each cell of a table on a line of its own)."""
    plain = "\n".join(found.plain)
    if not found.html and not found.html_alternative:
        return plain
    marked = html_to_text("\n".join(found.html or found.html_alternative))
    html, struck = take_struck(marked)
    if not plain or struck or (has_order_table(tab_rows(html), hints) and not has_order_table(tab_rows(plain), hints)):
        return marked  # struck text kept marked: the body reader names it (LINE-STRUCK)
    return _richer_body(plain, html)


# --- the head -------------------------------------------------------------------------------


def _read_head(message: Message) -> _Head:
    return _Head(sender=first_address(header_text(message, "From")
                                      or header_text(message, "Sender")),
                 subject=header_text(message, "Subject"),
                 message_id=header_text(message, "Message-ID"), date=header_text(message, "Date"))


# --- walking the MIME tree -------------------------------------------------------------------


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # a Content-Type header the stdlib cannot parse
        return "application/octet-stream"


def _visit(part: Message, found: _Collected, depth: int, in_related: bool, body_allowed: bool) -> None:
    if depth > MAX_MIME_DEPTH:
        found.warn("EMAIL-DEPTH", f"MIME parts nested deeper than {MAX_MIME_DEPTH} levels were left out")
        return
    kind = _content_type(part)
    if kind in ("message/rfc822", "message/global"):
        _take_message(part, found)
        return
    if part.is_multipart():
        subparts = [p for p in part.get_payload() if isinstance(p, Message)]
        best = _preferred_alternative(subparts) if kind == "multipart/alternative" else None
        for sub in subparts:
            _visit(sub, found, depth + 1, kind == "multipart/related",
                   body_allowed and (best is None or sub is best))
        return
    if kind.startswith("message/"):
        found.warn("EMAIL-REPORT-PART", f"a {kind} part (delivery report) was left out")
        return
    _take_leaf(part, kind, found, in_related, body_allowed)


def _preferred_alternative(subparts: list[Message]) -> Message | None:
    for wanted in ("text/plain", "text/html"):
        for sub in subparts:
            if _content_type(sub) == wanted:
                return sub
    return subparts[-1] if subparts else None


def _filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:  # RFC 2231 parameters the stdlib cannot decode
        return None


def _take_leaf(part: Message, kind: str, found: _Collected, in_related: bool, body_allowed: bool) -> None:
    data = part.get_payload(decode=True) or b""
    for defect in getattr(part, "defects", []):
        found.warn("EMAIL-DEFECT", f"{type(defect).__name__} in a {kind} part")
    filename = _filename(part)
    disposition = part.get_content_disposition()
    if disposition != "attachment" and filename is None and kind in ("text/plain", "text/html"):
        if body_allowed:
            text, problem = decode_text(data, part.get_param("charset"))
            if problem:
                found.warn(problem.code, problem.message)
            (found.plain if kind == "text/plain" else found.html).append(text)
        elif kind == "text/html":
            found.html_alternative.append(decode_text(data, part.get_param("charset"))[0])
        return
    logo = (disposition != "attachment" and in_related and kind.startswith("image/")
            and part.get("Content-ID") and len(data) < INLINE_IMAGE_SKIP_BYTES)
    named_skipped = extension(filename) in SKIPPED_EXTENSIONS and strip_bom(data[:64]).lstrip().startswith(_SKIPPED_STARTS)
    if logo or kind in SKIPPED_TYPES or named_skipped:
        found.skipped += 1
        return
    if extension(filename) == "eml" or looks_like_message(strip_bom(data[:8192])) >= 2:
        _note_author(data, found)  # a message attached as a plain file
    found.parts.append(_Part(data, filename, _declared(part, kind)))


def _note_author(data: bytes, found: _Collected) -> None:
    headers = BytesHeaderParser(policy=policy.default).parsebytes(data[:256 * 1024])
    sender = first_address(header_text(headers, "From"))
    if sender:
        found.inner_senders.append(sender)


def _declared(part: Message, kind: str) -> str:
    charset = part.get_param("charset") if kind.startswith("text/") else None
    return f"{kind}; charset={charset}" if isinstance(charset, str) and charset else kind


def _encoded_message(part: Message, inner: Message) -> bytes | None:
    """The bytes of a message/rfc822 part sent base64/QP-encoded (not allowed, but Python and some
    clients do it): the parser saw no headers, only the encoded text."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding not in ("base64", "quoted-printable"):
        return None
    encoded = inner.as_bytes(policy=policy.compat32)
    if encoding == "quoted-printable":
        return quopri.decodestring(encoded)
    try:
        return base64.b64decode(b"".join(encoded.split()), validate=False)
    except (binascii.Error, ValueError):
        return None


def _take_message(part: Message, found: _Collected) -> None:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, Message):
        found.parts.append(_Part(part.get_payload(decode=True) or b"", _filename(part), "message/rfc822"))
        return
    data = _encoded_message(part, inner)
    if data is not None:
        inner = BytesParser(policy=policy.default).parsebytes(data)
        found.warn("EMAIL-ENCODED-MESSAGE", "an attached message was base64/QP-encoded; decoded")
    else:
        try:
            data = inner.as_bytes(policy=_SERIALIZE)
        except Exception:  # a header the generator cannot write back: keep the text as it was parsed
            data = inner.as_string(policy=policy.compat32).encode("utf-8", "replace")
    sender = first_address(header_text(inner, "From"))
    if sender:
        found.inner_senders.append(sender)
    name = _filename(part) or f"{header_text(inner, 'Subject') or 'message'}.eml"
    found.parts.append(_Part(data, name if name.lower().endswith(".eml") else f"{name}.eml",
                             "message/rfc822"))


def _item_rows(text: str) -> int:
    """Lines naming an item code beside a number of their own (what an order's table rows hold)."""
    count = 0
    for line in text.splitlines():
        tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]|\d", line)
        if any(is_item_code(t, False) for t in tokens) and any(t.isdigit() and not is_item_code(t, False) for t in tokens):
            count += 1
    return count


def _richer_body(plain: str, html: str) -> str:
    """The plain part, unless it holds no item row and the HTML part does (a mail client that put the order's
    table only in the HTML: the plain part says "see the table below" and has none)."""
    if not plain:
        return html
    return html if html and not _item_rows(plain) and _item_rows(html) else plain


# --- the children ----------------------------------------------------------------------------


def _children(head: _Head, original: str | None, body: str, found: _Collected) -> list[ChildDocument]:
    common = {"sender": head.sender, "original_sender": original, "subject": head.subject,
              "message_id": head.message_id}
    common = {k: v for k, v in common.items() if v is not None}
    children: list[ChildDocument] = []
    if not has_own_content(body) and not found.parts and head.subject and names_another_item(head.subject):
        body = head.subject  # "PO 45462: please send 5 x SKU-1004 by 12/18/2026" in the subject, nothing below
    if has_own_content(body):
        dated = f"Date: {head.date}\n" if head.date else ""
        alone = f"{NO_ATTACHMENTS}\n" if not found.parts else ""  # a body that says "attached" with nothing attached
        text = f"Subject: {head.subject or ''}\n{dated}{alone}\n{body.strip()}\n"
        children.append(ChildDocument(filename=BODY_NAME, content_type=BODY_TYPE,
                                      data=text.encode("utf-8"), metadata={
                                          **common, "part": 0,
                                          # the message's own text beside its files (a fax server's "a fax was
                                          # received" body: the fax is the attachment, not this text)
                                          **({"attachments_beside": len(found.parts)} if found.parts else {})}))
    instructions = cover_instructions(body) if found.parts and has_own_content(body) else []
    for part in found.parts:
        index = len(children)
        content_type = sniff_content_type(part.data, part.filename, part.declared)
        name = safe_filename(part.filename, default_name(index, content_type))
        meta = {**common, "part": index}
        if instructions:  # the message's text changes or conditions the order attached
            meta["cover_instructions"] = instructions
        if part.filename and name != part.filename:
            meta["original_filename"] = "".join(c for c in part.filename if c.isprintable())[:200]
        children.append(ChildDocument(filename=name, content_type=content_type, data=part.data,
                                      metadata=meta))
    return children

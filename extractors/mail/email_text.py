"""The text side of e-mail: header values, body charsets, forwarded header blocks and empty bodies.

Used by ``extractors.mail.email``; kept apart so the MIME walk reads on its own. Nothing here raises on
hostile input: undecodable headers fall back to their raw text, unknown charsets to UTF-8 or cp1252
with replacement characters (and a warning ``Problem``).
"""

from __future__ import annotations

import codecs
import re
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses

from gateway.model import Problem

MAX_HEADER_CHARS = 500
FORWARD_WINDOW_LINES = 12  # how far below a forward marker its From line may be

_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_FORWARD_MARKER = re.compile(
    r"^[ \t>]*(?:"
    r"-{2,}\s*(?:forwarded message|original message|message transf[ée]r[ée]|message d.origine"
    r"|weitergeleitete nachricht|urspr(?:ü|ue|u)ngliche nachricht|doorgestuurd bericht"
    r"|oorspronkelijk bericht|messaggio inoltrato|mensaje reenviado)\s*-{2,}"
    r"|(?:begin forwarded message|d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])"
    r"|anfang der weitergeleiteten (?:nachricht|e-mail))\s*:"
    r"|_{10,}"
    r")\s*$", re.IGNORECASE | re.MULTILINE)
_FROM_LINE = re.compile(r"^[ \t>]*\*?(?:from|de|von|van|da|expéditeur|absender)\s*:\*?\s*(.+)$",
                        re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|fw|tr|wg|rv|i)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
_ASCII_NAMES = frozenset({"us-ascii", "ascii", "ansi_x3.4-1968", "646"})


def _clean(value: str) -> str | None:
    text = _SPACES.sub(" ", _CONTROL.sub("", value)).strip()
    return text[:MAX_HEADER_CHARS] or None


def header_text(message: Message, name: str) -> str | None:
    """A header's decoded text (encoded words resolved), or its raw text when it cannot be decoded."""
    try:
        value = message.get(name)
        return None if value is None else _clean(str(value))
    except Exception:  # the stdlib header parser fails on some malformed headers
        raw = next((v for k, v in message.raw_items() if k.lower() == name.lower()), None)
    if raw is None:
        return None
    try:
        return _clean(str(make_header(decode_header(str(raw)))))
    except Exception:  # unknown charset in an encoded word: keep the raw text
        return _clean(str(raw))


def first_address(value: str | None) -> str | None:
    """The first e-mail address in a header value or a line of text, lower-cased."""
    if not value:
        return None
    try:
        pairs = getaddresses([value])
    except Exception:  # getaddresses is tolerant, but never let a header stop the split
        pairs = []
    for _name, address in pairs:
        if _ADDRESS.fullmatch(address.strip()):
            return address.strip().lower()
    match = _ADDRESS.search(value)
    return match.group(0).strip(".").lower() if match else None


def decode_text(data: bytes, charset: object) -> tuple[str, Problem | None]:
    """Bytes of a text part as text: the declared charset, else UTF-8, else cp1252; never raises."""
    name = charset.strip().lower() if isinstance(charset, str) and charset.strip() else None
    problem = None
    if name is not None and name not in _ASCII_NAMES:
        try:
            codecs.lookup(name)
            return data.decode(name, errors="replace"), None
        except LookupError:
            problem = Problem(code="EMAIL-CHARSET-UNKNOWN", severity="warning",
                              message=f"unknown charset {name[:40]!r}; read as UTF-8 or cp1252")
    try:
        return data.decode("utf-8"), problem
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), problem


def _from_after(lines: list[str], start: int) -> str | None:
    seen = 0
    for line in lines[start:]:
        if not line.strip():
            continue
        seen += 1
        if seen > FORWARD_WINDOW_LINES:
            return None
        match = _FROM_LINE.match(line)
        if match:
            return first_address(match.group(1))
    return None


def find_original_sender(body: str, subject: str | None) -> str | None:
    """The From address of the innermost forwarded header block in a body, if there is one.

    A block opens with a forward marker in English, French, German, Dutch, Italian or Spanish (or
    Outlook's rule of underscores) and names its sender on a From:/De :/Von: line below it. Without a
    marker, a "Fwd:"/"TR:"/"WG:" subject lets the first such line with an address count.
    """
    lines = body.splitlines()
    found = None
    for index, line in enumerate(lines):
        if _FORWARD_MARKER.match(line):
            found = _from_after(lines, index + 1) or found
    if found is None and subject and _FORWARD_SUBJECT.match(subject):
        found = next((first_address(m.group(1)) for line in lines
                      if (m := _FROM_LINE.match(line)) and first_address(m.group(1))), None)
    return found


_SENT_LINE = re.compile(r"^[ \t>]*\*?(?:date|datum|sent|envoy[ée]|gesendet|verzonden|inviato|enviado)\s*\*?\s*:\*?\s*(?P<value>.+)$",
                        re.IGNORECASE)


_SUBJECT_HEAD = re.compile(r"^Subject:\s*(.*)$")  # the first line of the body document the e-mail splitter writes
_TO_LINE = re.compile(r"^[ \t>]*\*?(?:to|[àa]|an|aan|cc|subject|objet|betreff|onderwerp)\s*\*?\s*:", re.IGNORECASE)


def forwarded_sent(text: str) -> str | None:
    """The Date:/Sent:/Envoyé :/Gesendet: value of the innermost forwarded header block in ``text`` (a forward
    marker, then within eight lines a From line and the date), or None. Outlook's plain-text part of a forward
    has no marker line (its rule is a border in the HTML): under a forward's subject ("TR:", "Fwd:", "WG:"), a
    From line with the date within the next three lines and a To or Subject line after them is a header block
    too. Under any other subject such a block is a reply's quoted message (our quote the customer accepts),
    whose date is not the order's."""
    lines = text.splitlines()
    subject = next((m.group(1) for line in lines[:3] if (m := _SUBJECT_HEAD.match(line))), "")
    forward = bool(_FORWARD_SUBJECT.match(subject))
    found = None
    for index, line in enumerate(lines):
        if _FORWARD_MARKER.match(line):
            block = lines[index + 1:index + 9]
            if any(_FROM_LINE.match(b) for b in block):
                found = next((m.group("value").strip() for b in block if (m := _SENT_LINE.match(b))), found)
        elif forward and _FROM_LINE.match(line):
            block = lines[index + 1:index + 4]
            sent = next((m.group("value").strip() for b in block if (m := _SENT_LINE.match(b))), None)
            if sent and any(_TO_LINE.match(b) for b in lines[index + 1:index + 6]):
                found = sent
    return found


def has_own_content(body: str) -> bool:
    """Whether a body holds anything beyond quoted lines (``>``), a signature and white space.

    A signature runs from a ``-- `` line to the next forward marker (a forwarded block below a
    signature still counts)."""
    in_signature = False
    for line in body.splitlines():
        if _SIGNATURE.match(line):
            in_signature = True
        elif _FORWARD_MARKER.match(line):
            in_signature = False
        elif not in_signature and not line.lstrip().startswith(">") and any(c.isalnum() for c in line):
            return True
    return False

"""The one safe XML parser every XML extractor uses, and the small lookups they share.

``parse_xml`` is the only way XML is read in the gateway. It refuses, before lxml builds anything:

* documents over ``Limits.max_document_bytes`` (``LimitError`` ``XML-SIZE``);
* any DOCTYPE with an internal subset (``HostileInputError`` ``XML-DTD``) and any entity declaration,
  general or parameter (``XML-ENTITY``). A prolog screen with the standard library's expat stops at the
  first declaration, so billion-laughs, quadratic blow-up and XXE documents cost microseconds. A DOCTYPE
  that only names an external DTD (every cXML file has one) is accepted; the DTD is never loaded.

lxml then parses with entity resolution, DTD loading, network access and huge trees all off, counting
depth and elements as it goes (``XML-DEPTH``, ``XML-NODES``, stopped as soon as a bound is crossed).
After the parse a second check refuses declarations expat missed and entity references left unresolved.
Broken XML raises ``ExtractionError`` ``XML-MALFORMED`` with line and column. No error message carries
document content beyond what libxml2 names (element names), and nothing external is ever read.

The helpers below look elements up by local name, so extractors do not care which prefix or namespace
version a sender used, and ``ValueReader`` turns XML Schema decimals and dates into ``Decimal`` and
``date``, collecting a warning ``Problem`` for each value it cannot read.
"""

from __future__ import annotations

import codecs
import io
import re
import xml.parsers.expat as expat
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from extractors.base import Limits
from gateway.errors import ExtractionError, HostileInputError, LimitError
from gateway.model import Problem

_LIBXML_MAX_DEPTH = 256  # libxml2's own nesting cap without XML_PARSE_HUGE
_MESSAGE_CAP = 200
_DECLARED_ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_POSITION_SUFFIX = re.compile(r",\s*line \d+, column \d+\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|Z|[+-]\d{2}:?\d{2})")


# --- parsing ------------------------------------------------------------------------------


def parse_xml(data: bytes, limits: Limits) -> etree._Element:
    """Parse ``data`` safely and return the root element.

    Raises ``LimitError`` (``XML-SIZE``, ``XML-DEPTH``, ``XML-NODES``), ``HostileInputError``
    (``XML-DTD``, ``XML-ENTITY``) or ``ExtractionError`` (``XML-MALFORMED``, ``XML-ENCODING``).
    """
    if len(data) > limits.max_document_bytes:
        raise LimitError(f"XML document of {len(data)} bytes is over the {limits.max_document_bytes} byte limit",
                         code="XML-SIZE")
    screen_prolog(data)
    root = _parse_bounded(data, limits)
    _refuse_declarations(root)
    return root


class _RootReached(Exception):
    """Raised by the prolog screen at the first element: nothing after it can declare anything."""


def screen_prolog(data: bytes) -> None:
    """Refuse internal DTD subsets and entity declarations, reading no further than the root tag.

    A prolog broken inside an internal subset is refused too; other malformed prologs pass, for the
    lxml parse that follows to report with line and column. Raises ``HostileInputError``, or
    ``ExtractionError`` ``XML-ENCODING`` for an encoding neither expat nor Python can decode.
    """
    try:
        _run_screen(data, None)
    except (ValueError, LookupError):  # an encoding expat cannot decode itself (multi-byte, unknown)
        _run_screen(_transcode(data), "UTF-8")


def _run_screen(data: bytes, encoding: str | None) -> None:
    parser = expat.ParserCreate(encoding)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    screen = _PrologScreen()
    screen.attach(parser)
    try:
        parser.Parse(data, True)
    except _RootReached:
        return
    except expat.ExpatError:
        if screen.in_subset:  # broken inside an internal subset: refuse rather than let lxml try it
            _PrologScreen.declaration()
        # otherwise lxml reports the malformed input with its position


class _PrologScreen:
    """expat handlers: refuse any declaration, stop at the root element's start tag."""

    def __init__(self) -> None:
        self.in_subset = False

    def attach(self, parser: Any) -> None:
        parser.StartDoctypeDeclHandler = self.doctype_start
        parser.EndDoctypeDeclHandler = self.doctype_end
        parser.EntityDeclHandler = parser.UnparsedEntityDeclHandler = self.entity
        parser.ElementDeclHandler = parser.AttlistDeclHandler = parser.NotationDeclHandler = self.declaration
        parser.StartElementHandler = self.root

    def doctype_start(self, _name: str, _system: str | None, _public: str | None, has_subset: int) -> None:
        self.in_subset = bool(has_subset)

    def doctype_end(self) -> None:
        if self.in_subset:
            self.declaration()

    @staticmethod
    def declaration(*_args: Any) -> None:
        raise HostileInputError("DOCTYPE with an internal subset refused", code="XML-DTD")

    @staticmethod
    def entity(*_args: Any) -> None:
        raise HostileInputError("entity declaration refused", code="XML-ENTITY")

    @staticmethod
    def root(*_args: Any) -> None:
        raise _RootReached


def _transcode(data: bytes) -> bytes:
    match = _DECLARED_ENCODING.match(data)
    if match is None:
        raise ExtractionError("XML character encoding cannot be determined", code="XML-ENCODING")
    name = match.group(1).decode("ascii")
    try:
        return data.decode(name).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        raise ExtractionError(f"XML encoding {name[:40]!r} unknown or not matching the bytes",
                              code="XML-ENCODING") from None


def _parse_bounded(data: bytes, limits: Limits) -> etree._Element:
    events = etree.iterparse(
        io.BytesIO(data), events=("start", "end"), resolve_entities=False, load_dtd=False,
        no_network=True, dtd_validation=False, huge_tree=False,
    )
    depth = nodes = 0
    try:
        for event, _element in events:
            if event == "end":
                depth -= 1
                continue
            depth += 1
            nodes += 1
            _check_bounds(depth, nodes, limits)
    except etree.XMLSyntaxError as exc:
        if depth >= _LIBXML_MAX_DEPTH - 1 or "excessive depth" in str(exc).lower():
            raise LimitError(f"XML nesting deeper than {_LIBXML_MAX_DEPTH - 1} levels", code="XML-DEPTH") from None
        raise _malformed(exc) from None
    return events.root


def _check_bounds(depth: int, nodes: int, limits: Limits) -> None:
    if depth > limits.max_xml_depth:
        raise LimitError(f"XML nesting deeper than {limits.max_xml_depth} levels", code="XML-DEPTH")
    if nodes > limits.max_xml_nodes:
        raise LimitError(f"XML document has more than {limits.max_xml_nodes} elements", code="XML-NODES")


def _malformed(exc: etree.XMLSyntaxError) -> ExtractionError:
    line, column = exc.position if exc.position else (0, 0)
    first_line = (exc.msg or "syntax error").split("\n", 1)[0]
    reason = _POSITION_SUFFIX.sub("", first_line)[:_MESSAGE_CAP]
    message = f"XML not well-formed at line {line}, column {column}: {reason}"
    problem = Problem(code="XML-MALFORMED", message=message)
    return ExtractionError(message, code="XML-MALFORMED", problems=[problem], line=line, column=column)


def _refuse_declarations(root: etree._Element) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        if any(True for _ in dtd.iterentities()):
            raise HostileInputError("entity declaration refused", code="XML-ENTITY")
        if any(True for _ in dtd.iterelements()):
            raise HostileInputError("DOCTYPE with an internal subset refused", code="XML-DTD")
    if next(root.iter(etree.Entity), None) is not None:
        raise HostileInputError("reference to an entity the document does not declare", code="XML-ENTITY")


# --- sniffing the root tag for detect() ------------------------------------------------------

_START_TAG = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)([^>]*)")
_DOCTYPE_NAME = re.compile(r"<!DOCTYPE\s+([^\s\[>]+)")
_XMLNS = re.compile(r"xmlns(?::([\w.\-]+))?\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True)
class RootTag:
    """What the first bytes say about a document's root element."""

    local: str
    namespace: str | None
    doctype: str | None


def sniff_root(head: bytes) -> RootTag | None:
    """The root element's local name and namespace from the head bytes, or None if not XML-like.

    A single linear scan of at most the head, for ``detect``; never raises.
    """
    text = _decode_head(head)
    found = _skip_prolog(text)
    if found is None:
        return None
    position, doctype = found
    match = _START_TAG.match(text, position)
    if match is None:
        return None
    prefix, _, local_name = match.group(1).rpartition(":")
    declared = {p or "": uri for p, uri in _XMLNS.findall(match.group(2))}
    return RootTag(local=local_name, namespace=declared.get(prefix) or None, doctype=doctype)


def _skip_prolog(text: str) -> tuple[int, str | None] | None:
    """Position of the root start tag after declarations, PIs, comments and a DOCTYPE; None if cut off."""
    position, doctype = 0, None
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if text.startswith("<?", position):
            position = _after(text, "?>", position + 2)
        elif text.startswith("<!--", position):
            position = _after(text, "-->", position + 4)
        elif text.startswith("<!DOCTYPE", position):
            name = _DOCTYPE_NAME.match(text, position)
            doctype = name.group(1) if name else None
            position = _after_doctype(text, position)
        else:
            return (position, doctype) if text.startswith("<", position) else None
        if position < 0:
            return None


def _after(text: str, token: str, start: int) -> int:
    found = text.find(token, start)
    return found + len(token) if found >= 0 else -1


def _after_doctype(text: str, start: int) -> int:
    bracket, close = text.find("[", start), text.find(">", start)
    if 0 <= bracket < close or (bracket >= 0 and close < 0):
        return _after(text, ">", max(text.find("]", bracket), bracket))
    return close + 1 if close >= 0 else -1


def _decode_head(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", errors="ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", errors="ignore")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


# --- namespace-agnostic lookups ----------------------------------------------------------------


def local(element: Any) -> str:
    """The local name of an element; "" for comments, processing instructions and entities."""
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(element: etree._Element) -> str | None:
    """The namespace URI of an element, or None."""
    tag = element.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else None


def children(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Direct child elements with local name ``name``, in document order."""
    if element is None:
        return []
    return [child for child in element if local(child) == name]


def find_all(element: etree._Element | None, path: str) -> list[etree._Element]:
    """Elements reached by a ``/``-separated path of local names, every branch followed."""
    found = [element] if element is not None else []
    for step in path.split("/"):
        found = [child for parent in found for child in children(parent, step)]
    return found


def find(element: etree._Element | None, path: str) -> etree._Element | None:
    """The first element reached by a ``/``-separated path of local names."""
    return next(iter(find_all(element, path)), None)


def first_text(element: etree._Element | None, path: str) -> str | None:
    """Stripped text at ``path`` (local names; a last step ``@name`` reads an attribute); None if empty."""
    elements_path, _, attribute = path.partition("@")
    target = find(element, elements_path.rstrip("/")) if elements_path else element
    if target is None:
        return None
    value = target.get(attribute) if attribute else element_text(target)
    return clean(value)


def all_texts(element: etree._Element | None, path: str) -> list[str]:
    """Every non-empty stripped text at ``path``."""
    return [text for found in find_all(element, path) if (text := clean(element_text(found)))]


def element_text(element: etree._Element) -> str:
    """All text inside an element (CDATA included), children's text too."""
    return "".join(element.itertext())


def own_text(element: etree._Element | None) -> str | None:
    """Only the element's direct text nodes, stripped; None if empty."""
    if element is None:
        return None
    return clean("".join(element.xpath("text()")))


def clean(value: str | None) -> str | None:
    """Collapse whitespace runs; None for missing or blank values."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed or None


# --- values -------------------------------------------------------------------------------------


@dataclass
class ValueReader:
    """Reads XML Schema numbers and dates, recording a warning ``Problem`` for each it cannot read."""

    code: str  # e.g. "UBL-VALUE"
    problems: list[Problem] = field(default_factory=list)

    def decimal(self, text: str | None, where: str) -> Decimal | None:
        if text is None:
            return None
        value = text.strip().replace(" ", "")
        if _DECIMAL.fullmatch(value):
            try:
                return Decimal(value)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
                pass
        self.warn(f"{where}: not a decimal number")
        return None

    def date(self, text: str | None, where: str) -> date | None:
        if text is None:
            return None
        match = _ISO_DATE.match(text.strip())
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        self.warn(f"{where}: not an ISO 8601 date")
        return None

    def warn(self, message: str) -> None:
        self.problems.append(Problem(code=self.code, message=message, severity="warning"))


def line_number(text: str | None) -> int | None:
    """A line identifier as an int when it is a plain number, else None."""
    if text is None or not text.strip().isdigit():
        return None
    return int(text.strip())

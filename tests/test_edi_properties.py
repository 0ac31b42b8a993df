"""Round trips: orders written as EDIFACT (random UNA separators, release escapes, UNOW text) and as X12
(random delimiters) read back as the same order; any segments written with escapes tokenize back; and
damaged documents never make an extractor raise anything but ``ExtractionError``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.base import ExtractHints
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.edi.edifact_syntax import Delimiters, tokenize
from extractors.edi.x12 import EXTRACTOR as X12
from gateway.errors import ExtractionError

HINTS = ExtractHints()
SETTINGS = settings(max_examples=200, deadline=None, database=None)
EDIFACT_POOL = ":+?'*~^|!#$%&@/\\;<>="
X12_POOL = "*|~^!#%&@:;<>"
SPECIAL = "?'+:*~^|! "  # characters that collide with separators somewhere


@dataclass(frozen=True)
class Line:
    gtin: str
    item: str
    description: str
    quantity: Decimal
    price: Decimal


@dataclass(frozen=True)
class Order:
    po_number: str
    lines: tuple[Line, ...]


def _texts(special: str = SPECIAL, exclude: str = "") -> st.SearchStrategy[str]:
    """Non-blank text without line breaks or control characters, free of surrounding blanks (values are
    stripped where read): about half its characters from ``special`` (the separators in use), the rest
    any Unicode letter, digit, symbol or blank."""
    unicode = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"), exclude_characters=exclude)
    piece = st.one_of(st.sampled_from(sorted(set(special) - set(exclude))), unicode)
    return st.lists(piece, min_size=1, max_size=20).map("".join).map(str.strip).filter(bool)


def _decimals() -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3, allow_nan=False,
                       allow_infinity=False).map(lambda d: d.normalize())


def _orders(text: st.SearchStrategy[str]) -> st.SearchStrategy[Order]:
    line = st.builds(Line, st.from_regex(r"[0-9]{13}", fullmatch=True), text, text, _decimals(), _decimals())
    return st.builds(Order, text, st.lists(line, min_size=1, max_size=5).map(tuple))


@st.composite
def _una(draw: st.DrawFn) -> Delimiters:
    component, element, release, segment = draw(st.permutations(EDIFACT_POOL).map(lambda p: p[:4]))
    decimal = draw(st.sampled_from([".", ","]))
    return Delimiters(component, element, decimal, release, None, segment)


def _number(value: Decimal, decimal: str) -> str:
    return format(value, "f").replace(".", decimal)


def write_edifact(order: Order, d: Delimiters, newline: str) -> bytes:
    c, e, t = d.component, d.element, d.segment

    def esc(value: str) -> str:
        for char in (d.release, c, e, t):
            value = value.replace(char, f"{d.release}{char}")  # type: ignore[operator]
        return value

    body = [f"BGM{e}220{e}{esc(order.po_number)}{e}9", f"DTM{e}137{c}20260301{c}102"]
    for number, line in enumerate(order.lines, 1):
        body += [f"LIN{e}{number}{e}{e}{line.gtin}{c}EN", f"PIA{e}1{e}{esc(line.item)}{c}BP",
                 f"IMD{e}F{e}{e}{c}{c}{c}{esc(line.description)}",
                 f"QTY{e}21{c}{_number(line.quantity, d.decimal)}{c}PCE",
                 f"PRI{e}AAA{c}{_number(line.price, d.decimal)}"]
    message = [f"UNH{e}M1{e}ORDERS{c}D{c}96A{c}UN", *body, f"UNT{e}{len(body) + 2}{e}M1"]
    segments = [f"UNB{e}UNOW{c}4{e}SENDER{c}14{e}GATEWAY{c}14{e}20260301{c}1200{e}REF1", *message,
                f"UNZ{e}1{e}REF1"]
    return (d.una() + newline + "".join(s + t + newline for s in segments)).encode("utf-8")


def _same(order: Order, extracted) -> None:  # type: ignore[no-untyped-def]
    assert extracted.po_number == order.po_number
    assert [(l.gtin, l.customer_item, l.description, l.quantity, l.unit_price) for l in extracted.lines] == [
        (l.gtin, l.item, l.description, l.quantity, l.price) for l in order.lines]


@st.composite
def _edifact_case(draw: st.DrawFn) -> tuple[Order, Delimiters]:
    d = draw(_una())
    return draw(_orders(_texts(SPECIAL + d.component + d.element + d.segment + (d.release or "")))), d


@SETTINGS
@given(case=_edifact_case(), newline=st.sampled_from(["", "\r\n", "\n"]))
def test_an_order_written_as_edifact_reads_back_the_same(case: tuple[Order, Delimiters], newline: str) -> None:
    order, d = case
    extraction = EDIFACT.extract(write_edifact(order, d, newline), HINTS)
    assert [p for p in extraction.problems if p.severity == "error"] == []
    (extracted,) = extraction.orders
    _same(order, extracted)


@st.composite
def _segment_case(draw: st.DrawFn) -> tuple[list[list[str]], Delimiters]:
    d = draw(_una())
    text = _texts(d.component + d.element + d.segment + (d.release or "")) | st.just("")
    return draw(st.lists(st.lists(text, min_size=1, max_size=4), min_size=1, max_size=6)), d


@SETTINGS
@given(case=_segment_case())
def test_any_escaped_segment_tokenizes_back_to_its_elements(case: tuple[list[list[str]], Delimiters]) -> None:
    elements, d = case
    def esc(value: str) -> str:
        for char in (d.release, d.component, d.element, d.segment):
            value = value.replace(char, f"{d.release}{char}")  # type: ignore[operator]
        return value

    text = d.una() + "FTX" + "".join(d.element + d.component.join(map(esc, e)) for e in elements) + d.segment
    (segment,) = tokenize(text).segments
    assert segment.tag == "FTX" and segment.elements == elements


@st.composite
def _x12_delimiters(draw: st.DrawFn) -> tuple[str, str, str]:
    element, component, segment = draw(st.permutations(X12_POOL).map(lambda p: p[:3]))
    return element, component, draw(st.sampled_from([segment, "\n"]))


def write_x12(order: Order, delimiters: tuple[str, str, str]) -> bytes:
    e, c, t = delimiters
    isa = e.join(["ISA", "00", " " * 10, "00", " " * 10, "ZZ", "SENDER".ljust(15), "ZZ", "GATEWAY".ljust(15),
                  "260301", "1200", "U", "00401", "000000001", "0", "P", c])
    body = [e.join(["BEG", "00", "SA", order.po_number, "", "20260301"])]
    for number, line in enumerate(order.lines, 1):
        body += [e.join(["PO1", str(number), format(line.quantity, "f"), "EA", format(line.price, "f"), "",
                         "BP", line.item, "EN", line.gtin]),
                 e.join(["PID", "F", "08", "", "", line.description])]
    transaction = [e.join(["ST", "850", "0001"]), *body, e.join(["SE", str(len(body) + 2), "0001"])]
    segments = [isa, e.join(["GS", "PO", "SENDER", "GATEWAY", "20260301", "1200", "1", "X", "004010"]),
                *transaction, e.join(["GE", "1", "1"]), e.join(["IEA", "1", "000000001"])]
    return "".join(s + t for s in segments).encode("utf-8")


@st.composite
def _x12_case(draw: st.DrawFn) -> tuple[Order, tuple[str, str, str]]:
    delimiters = draw(_x12_delimiters())
    return draw(_orders(_texts(SPECIAL + X12_POOL, exclude="".join(delimiters)))), delimiters  # no escapes


@SETTINGS
@given(case=_x12_case())
def test_an_order_written_as_x12_reads_back_the_same(case: tuple[Order, tuple[str, str, str]]) -> None:
    order, delimiters = case
    extraction = X12.extract(write_x12(order, delimiters), HINTS)
    assert [p for p in extraction.problems if p.severity == "error"] == []
    (extracted,) = extraction.orders
    _same(order, extracted)


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_SAMPLES = [(CORPUS / "edifact" / name, EDIFACT) for name in ("PurchaseOrders.txt", "MixedTransactions.txt",
                                                               "example_order_ok.edi", "tiny-syntaxVariants-UNOA.edi")] \
    + [(CORPUS / "x12" / name, X12) for name in ("850-004010-05.x12", "mailbag01.x12", "850-004010VICS-01.x12")]


@SETTINGS
@given(sample=st.sampled_from(_SAMPLES), edits=st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(list(b"'+:?*~^|>\r\n \x00\xff\xc3UNHTBZSLQ0129")),
              st.integers(0, 3)), min_size=1, max_size=8))
def test_damaged_documents_never_crash_the_extractors(sample: tuple[Path, object],
                                                      edits: list[tuple[float, int, int]]) -> None:
    path, extractor = sample
    data = bytearray(path.read_bytes())
    for where, byte, kind in edits:
        at = int(where * len(data))
        if kind == 0:
            data[at:at + 1] = bytes([byte])
        elif kind == 1:
            data[at:at] = bytes([byte])
        elif kind == 2:
            del data[at:at + 16]
        else:
            del data[at:]
    try:
        extraction = extractor.extract(bytes(data), HINTS)  # type: ignore[attr-defined]
    except ExtractionError:
        return
    assert all(order.po_number is None or isinstance(order.po_number, str) for order in extraction.orders)

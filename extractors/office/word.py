"""Word order forms (.docx, .odt) read as typed documents, and legacy .doc files held for a person.

A Word document becomes rows of text cells (``extractors.office.word_rows``) read as a sheet is, with
the PDF reader's header label families for what the labelled cells leave unread
(``extractors.sheet.text_cells.read_text_rows``). A document without any item table (a letter typing
its items in sentences or lines) is read by the typed order reader of e-mail bodies
(``extractors.mail.body_text``).

Text the document hides (Word's hidden font, ``w:vanish``) inside a table or inside a paragraph that
shows other text (an item row, a header value) is read as any other text and every order of the document
is held ``WORD-HIDDEN-TEXT`` (the customer may have hidden rows of a template to leave them out); a
paragraph outside tables hidden as a whole (a form's fill-in hint that does not print) is left out of
the text and holds nothing, unless the document has no item table and its items are typed in
paragraphs. Text struck through is read and held ``LINE-STRUCK`` (a line struck through may be taken out), as a
sheet's hidden rows (``SHEET-HIDDEN-ROWS``) and a PDF's struck lines are; a person decides.

A Word 97-2003 ``.doc`` (an OLE2 file named ``.doc`` or declared ``application/msword``) is not read:
it waits for a person with ``FORMAT-UNSUPPORTED`` naming the format, never "not an order".
"""

from __future__ import annotations

from dataclasses import replace

from extractors.base import ExtractHints
from extractors.containers.parts import extension
from extractors.office.word_rows import Marks, docx_rows, odt_rows
from extractors.releases import printed_release
from extractors.sheet.sheet import MAX_ROWS
from extractors.sheet.sheet_xls import OLE2_MAGIC
from extractors.sheet.text_cells import read_text_rows
from gateway.errors import FORMAT_UNSUPPORTED
from gateway.model import DocType, Extraction, Problem

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_MIME = b"application/vnd.oasis.opendocument.text"
DOC_TYPES = frozenset({"application/msword", "application/doc", "application/vnd.ms-word", "application/x-msword"})


def is_docx(head: bytes, filename: str | None, content_type: str | None) -> bool:
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    return head.startswith(b"PK\x03\x04") and (b"word/" in head or extension(filename) in ("docx", "docm")
                                               or declared == DOCX_TYPE)


def is_odt(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and ODT_MIME in head[:200]


class WordExtractor:
    """.docx (by its ``word/`` parts), .odt (by its mimetype member) and legacy .doc (OLE2 by name or type)."""

    name = "word"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        if is_odt(head):
            return 0.95
        if head.startswith(OLE2_MAGIC):
            return 0.9 if extension(filename) == "doc" or declared in DOC_TYPES else 0.0
        return 0.9 if is_docx(head, filename, content_type) and b"xl/" not in head else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """One order per item table found; raises ``ExtractionError`` ``WORD-UNREADABLE`` /
        ``SHEET-MAPPING`` and ``LimitError`` ``ZIP-BOMB``."""
        if data.startswith(OLE2_MAGIC):
            return Extraction(format="word", doc_type=DocType.OTHER, detail="Word 97-2003 .doc", problems=[Problem(
                code=FORMAT_UNSUPPORTED, severity="warning",
                message="a Word 97-2003 .doc file: the gateway reads .docx and .odt, not .doc; a person "
                        "enters the order (or asks the customer for .docx or PDF)")])
        kind = "odt" if is_odt(data[:256]) else "docx"
        marks = Marks()
        rows = (odt_rows if kind == "odt" else docx_rows)(data, hints.limits, MAX_ROWS, marks)
        read = read_text_rows(rows, hints, kind)
        if not read.orders and not read.order_like:  # a letter typing its items: read as typed text
            marks.hidden.extend(marks.left_out)  # the items are in paragraphs: a hidden one may be one
            return _held(_typed(rows, hints, kind), marks)
        _notes(read.orders, rows)
        return _held(Extraction(format="word", doc_type=DocType.ORDER if read.orders or read.order_like
                                else DocType.OTHER, detail=f"{kind} document, mapping {read.mapping}",
                                orders=read.orders, problems=read.problems, metadata={"rows": len(rows)}), marks)


EXTRACTOR = WordExtractor()


def _held(extraction: Extraction, marks: Marks) -> Extraction:
    """Every order of a document holding hidden or struck-through text, held with the text named."""
    found = []
    if marks.hidden:
        found.append(Problem(code="WORD-HIDDEN-TEXT", severity="error", element="lines",
                             message=f"the document holds text formatted as hidden (Word neither shows nor "
                                     f"prints it), read as shown: {' | '.join(marks.hidden[:4])!r}; a person "
                                     f"decides whether it is ordered"))
    if marks.struck:
        found.append(Problem(code="LINE-STRUCK", severity="error", element="lines",
                             message=f"the document holds text struck through, read as written: "
                                     f"{' | '.join(marks.struck[:4])!r}; a person decides whether it is ordered"))
    for order in extraction.orders:
        order.problems.extend(p.model_copy() for p in found)
    return extraction


def _notes(orders: list, rows: list[list]) -> None:
    """The paragraphs of a Word order form read as a printed page's notes (``page_notes.note_problems``): "Note:
    Can you confirm whether the toner is the high-yield version before shipping?", "Wichtig: Keine
    Teillieferungen!" hold the order as the same words on a printed page or in an e-mail do (QUESTION-TYPED,
    CHANGE-TYPED, CANCEL-TYPED...), never lost because the form's table was read."""
    from extractors.capture.page_notes import note_cells, note_problems, urgency_note

    texts = note_cells([[None if v is None else str(v) for v in row] for row in rows])  # "Note: | text" too
    for order in orders:
        printed_release([" ".join(str(v) for v in row if v is not None) for row in rows], order)  # "Abruf-Nr. 7"
        seen = {p.message for p in order.problems}
        order.problems.extend(p for p in note_problems(texts, order, printed=True) if p.message not in seen)
        order.notes += [t for t in dict.fromkeys(texts) if t not in order.notes]  # carried to the ERP, harmless ones too
        title = next((t for t in texts[:8] if urgency_note(t)), None)  # "COMMANDE URGENTE": urgent (review F14)
        if title and title not in order.notes:
            order.notes.append(title)


def _typed(rows: list[list], hints: ExtractHints, kind: str) -> Extraction:
    """A Word document without an item table ("Please supply 10 boxes of NG/12012 ..."), read by the typed
    order reader as an e-mail body is; its lines, remarks and unread lines alike."""
    from extractors.mail.body_text import EXTRACTOR as TYPED

    text = "\n".join("\t".join(str(v) for v in row if v) for row in rows)
    typed = TYPED.extract(text.encode("utf-8"), replace(hints, content_type="text/plain; charset=utf-8",
                                                           filename=f"document.{kind}.txt"))
    _letter_date(typed, rows, hints)
    return typed.model_copy(update={"detail": f"{kind} document read as typed text ({typed.detail})"})


def _letter_date(typed: Extraction, rows: list[list], hints: ExtractHints) -> None:
    """A letter's place and date paragraph ("Augsburg, den 9. Dezember 2026", "Lyon, le 3 décembre 2026")
    is its order date, as on a printed letter (``extractors.capture.letter_dates``), when the text names
    no other; the date is then placed, not held as unplaced."""
    from extractors.capture.letter_dates import PLACE_DATE
    from extractors.locale_values import locale_for, parse_date, written_in_words

    loc = locale_for(hints.locale)
    for row in rows:
        filled = [str(v).strip() for v in row if v is not None and str(v).strip()]
        match = PLACE_DATE.match(filled[0]) if len(filled) == 1 and "\n" not in filled[0] else None
        found = parse_date(match["date"].strip(), loc) if match else None
        if found is None:
            continue
        for order in typed.orders:
            unplaced = [p for p in order.problems if p.code == "DATE-UNPLACED" and filled[0] in p.message]
            if order.order_date is not None and not unplaced:
                continue
            if order.order_date is not None and order.confidence.get("order_date", 0) >= 1.0 and \
                    order.order_date != found[0]:
                continue
            order.order_date = found[0]
            order.confidence["order_date"] = round(found[1] * 0.98, 4)
            order.dates_in_words = [f for f in order.dates_in_words if f != "order_date"] + (
                ["order_date"] if written_in_words(filled[0]) else [])
            order.problems = [p for p in order.problems if p not in unplaced]
        return

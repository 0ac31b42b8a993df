"""Order sheets: CSV, XLSX, XLS (``extractors.sheet.sheet_xls``) and ODS (``extractors.sheet.sheet_ods``) files read through a column mapping in ``mappings/sheets/*.toml``.

Owns turning a spreadsheet into cells and choosing its mapping; the table logic (header row, labelled
header cells, item rows, confidences) lives in ``extractors.sheet.sheet_table``. The mapping is
``<mappings_dir>/sheets/<template>.toml`` when the partner names a template that exists there, else
``default.toml`` (aliases in French, English and German). Unknown keys in a mapping file raise
``ExtractionError`` ``SHEET-MAPPING``.

XLSX files are zips: before openpyxl sees one, its central directory is checked with the zip
extractor's bounds (``LimitError`` ``ZIP-BOMB``), then it is opened ``read_only`` with cached formula
values (formulas saved without one are computed when simple: ``extractors.sheet.formulas``), at most ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns per sheet: a sheet with cells past them holds what it gives, or waits as an order (``SHEET-TRUNCATED``), never reads as "no order". CSV text is decoded as UTF-16 when
it starts with its byte order mark (Excel's "Unicode text"), else as UTF-8 (BOM allowed), else cp1252; the
delimiter is the one an Excel ``sep=;`` first line names, else the one of ``;``, ``,``, tab and ``|`` that
splits the first lines most consistently. The decimal mark is the customer's locale when known, else the mapping's,
else guessed from the numbers in the sheet. A sheet without a recognisable header row is
``DocType.OTHER`` with a warning ``SHEET-NO-HEADER``; one with a header row but no item row read is an
order held for review (``SHEET-NO-LINES``).
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from extractors.containers.archive_zip import check_declared
from extractors.base import ExtractHints
from extractors.date_evidence import date_order_of
from extractors.capture.labels import label_key
from extractors.capture.side_tables import information_title
from extractors.locale_values import DocLocale, fold, locale_for
from extractors.containers.parts import XLSX_TYPE, extension, strip_bom
from extractors.sheet.formulas import evaluate_formulas, uncomputed
from extractors.capture.ship_to import add_ship_to
from extractors.sheet.sheet_address import sheet_ship_to
from extractors.releases import printed_release
from extractors.note_terms import line_price_terms
from extractors.sheet.sheet_ods import is_ods, read_ods
from extractors.sheet.sheet_xls import XLS_TYPES, is_ole2, read_xls
from extractors.sheet.sheet_table import (FIELDS, HEADER_FIELDS, Cells, SheetMapping, find_header, header_from_sheet,
                                          header_values, read_orders)
from gateway.errors import ExtractionError
from gateway.model import DocType, ExtractedOrder, Extraction, Problem

MAX_ROWS = 20_000
MAX_COLUMNS = 60
DEFAULT_MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"
_CSV_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values", "text/tab-separated-values"})
_DELIMITERS = (";", ",", "\t", "|")
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(?:[. ]\d{3})*,\d{1,3}$")
_DOT_DECIMAL = re.compile(r"^-?\d{1,3}(?:[, ]\d{3})*\.\d{1,3}$")


class SheetExtractor:
    """CSV (by declared type or ``.csv`` name), XLSX (by its OOXML workbook parts), XLS (an OLE2 file
    named ``.xls`` or declared as Excel) and ODS (by its mimetype member) order sheets."""

    name = "sheet"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        ext = extension(filename)
        if is_ods(head):
            return 0.95
        if is_ole2(head):  # .xls (BIFF); other OLE2 files (.msg, .doc) are not sheets
            return 0.9 if ext == "xls" or declared in XLS_TYPES else 0.0
        if head.startswith(b"PK\x03\x04"):
            if b"xl/" in head:
                return 0.9
            return 0.85 if ext in ("xlsx", "xlsm") or declared == XLSX_TYPE else 0.0
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16, tab-separated
            head = head.decode("utf-16", errors="replace").encode("utf-8")
        if declared not in _CSV_TYPES and ext not in ("csv", "tsv"):
            # a ".txt" export of a sheet ("Unicode text", "Text (tab delimited)"): a grid of tabs, not prose
            return 0.6 if (declared == "text/plain" or ext in ("txt", "tab")) and tab_grid(head) else 0.0
        text = strip_bom(head)
        if text.startswith((b"UNA", b"UNB", b"ISA", b"<", b"%PDF")) or b"\x00" in text[:2048]:
            return 0.0
        first = text.split(b"\n", 1)[0]
        return 0.7 if any(d.encode() in first for d in _DELIMITERS) else 0.3

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """One order per sheet (or per PO column value); raises ``LimitError`` ``ZIP-BOMB`` and
        ``ExtractionError`` ``SHEET-UNREADABLE`` / ``SHEET-MAPPING``."""
        mapping = load_mapping(hints.mappings_dir or DEFAULT_MAPPINGS, hints.template)
        kind = "ods" if is_ods(data[:256]) else "xlsx" if data.startswith(b"PK\x03\x04") else \
            "xls" if is_ole2(data) else "csv"
        if kind == "ods":
            sheets = read_ods(data, hints.limits, MAX_ROWS, MAX_COLUMNS)
        elif kind == "xls":
            sheets = read_xls(data, MAX_ROWS, MAX_COLUMNS)
        else:
            sheets = read_xlsx(data, hints) if kind == "xlsx" else [read_csv(data, hints.content_type)]
        orders, problems, order_like = read_sheets(sheets, mapping, hints.locale)
        orders = _without_bare_sheets(orders, problems)
        if len(orders) == 1:
            sheet_notes(orders[0], [row for cells in sheets for row in cells.rows])
        if not orders and not order_like and any(_names_a_po(cells, mapping) for cells in sheets):
            order_like = True  # a sheet naming its PO whose table could not be read waits for a person
            problems.append(Problem(code="SHEET-NO-HEADER", severity="warning",
                                    message="the sheet names a purchase order number but no item table could be "
                                            "read (unknown column titles?): a person reads the order"))
        elif not orders and not order_like and kind == "csv" and _text_export(hints):
            order_like = True  # rows pasted into a .txt with no column titles: read by a person, never filed away
            problems.append(Problem(code="SHEET-NO-HEADER", severity="warning",
                                    message="a tab-separated text with no column titles the reader knows: a person "
                                            "reads it"))
        return Extraction(format="sheet", doc_type=DocType.ORDER if orders or order_like else DocType.OTHER,
                          detail=f"{kind} sheet, mapping {mapping.name}",
                          orders=orders, problems=problems, metadata={"sheets": len(sheets)})


EXTRACTOR = SheetExtractor()

NOTE_WORDS = 2  # a cell of free text: this many words at least ("Keine Teillieferungen!")


def sheet_notes(order: ExtractedOrder, rows: list[list[Any]]) -> None:
    """The free text of a sheet's cells standing alone on their rows (a remark under the items, "Deliver to: ...,
    WI 53204", "Remarque : merci de nous appeler avant expédition ...") read as a printed page's notes
    (``page_notes.note_problems``): a question, a condition, a delivery place that is not the one read hold the
    order as the same words on a page or in an e-mail do, never lost because the table was read."""
    from extractors.capture.page_notes import note_cells, note_problems, urgency_note
    from extractors.note_terms import header_field

    titles = [str(filled[0]).strip() for row in rows[:10]
              for filled in ([v for v in row if v is not None and str(v).strip()],) if len(filled) == 1]
    title = next((t for t in titles if urgency_note(t)), None)  # "EILBESTELLUNG" over the sheet: urgent (review F14)
    if title and title not in order.notes:
        order.notes.append(title)
    printed_release([" ".join(str(v) for v in row if v is not None) for row in rows], order)  # "Abruf-Nr. | 7"
    texts = note_cells(rows, NOTE_WORDS)  # alone on a row, "Remarque : | text", a remark column
    seen = {p.message for p in order.problems}
    order.problems.extend(p for p in note_problems(texts, order, printed=True, form=True) if p.message not in seen)
    order.notes += [t for t in dict.fromkeys(texts) if t not in order.notes  # carried to the ERP, harmless ones too
                    and not header_field(t, order)]  # not the header the reader took (title, letterhead, PO, dates, total)


def read_sheets(sheets: list[Cells], mapping: SheetMapping,
                wanted_locale: str | None) -> tuple[list[ExtractedOrder], list[Problem], bool]:
    """The orders of each table of cells (sheets, or a Word document's rows), the problems found and
    whether an order table header was seen without any item row read (an order held, never "not an order")."""
    orders: list[ExtractedOrder] = []
    problems: list[Problem] = []
    order_like = False
    named_on: list[str] = []  # sheets giving an order with a PO or a date
    for cells in sheets:
        loc = sheet_locale(cells, wanted_locale or (None if mapping.locale == "auto" else mapping.locale))
        blocks, skipped, conflicts = order_blocks(cells, mapping)
        found = []
        for block, both in zip(blocks, conflicts):
            read = read_orders(block, mapping, loc)
            for order in read if both else ():
                order.problems.append(Problem(
                    code="ORDERS-SEVERAL", severity="error", element=both[0],
                    message=f"sheet {cells.name!r} holds several orders under shared header rows, and "
                            f"{', '.join(both)} is typed both in the shared rows and in this order's own: "
                            f"a person decides which counts"))
            found += read
        for order in found:
            for title in skipped:
                order.problems.append(Problem(
                    code="TABLE-SIDE-SKIPPED", severity="warning",
                    message=f"an order block of sheet {cells.name!r} titled {title[:80]!r} lists no ordered items: "
                            f"its rows are not order lines"))
        if cells.truncated:  # cells past the limits were not read: what was read holds, or waits as an order
            order_like = True
            cut = Problem(code="SHEET-TRUNCATED", severity="error", element="lines",
                          message=f"sheet {cells.name!r} has cells past {MAX_ROWS} rows or {MAX_COLUMNS} columns, "
                                  f"not read; a person reads the order")
            for order in found:
                order.problems.append(cut.model_copy())
            problems.append(cut.model_copy(update={"severity": "warning"}))
        for order in found if cells.hidden_sheet else ():
            order.problems.append(Problem(code="SHEET-HIDDEN-SHEET", severity="error", element="lines",
                                          message=f"sheet {cells.name!r} is hidden in the workbook (a template, an "
                                                  f"old order kept?); read as an order, a person decides"))
        if not found and cells.rows and find_header(cells, mapping) is not None:
            order_like = True
            problems.append(Problem(code="SHEET-NO-LINES", severity="warning",
                                    message=f"sheet {cells.name!r}: an order table header but no item "
                                            f"row could be read"))
        elif not found and cells.rows:
            problems.append(Problem(code="SHEET-NO-HEADER", severity="warning",
                                    message=f"sheet {cells.name!r}: no header row with a quantity "
                                            f"and an item column"))
        for order in found:  # "Agrafeuse - remise 10 %" at the full price in its price column: never sent so
            order.problems += line_price_terms(order)
        orders += found
        if any(o.po_number or o.order_date for o in found):
            named_on.append(cells.name)
    if len(named_on) > 1:  # "Commande novembre" beside "Commande décembre": an old order kept, or several?
        for order in orders:
            order.problems.append(Problem(
                code="ORDERS-SEVERAL", severity="error", element="po_number",
                message=f"the workbook gives orders on {len(named_on)} sheets ({', '.join(map(repr, named_on[:4]))}): "
                        f"an earlier order kept beside this one, or several orders? a person decides"))
    if len(orders) == 1 and len(sheets) > 1:
        _header_elsewhere(orders[0], sheets, mapping, wanted_locale, problems)
    return orders, problems, order_like


def _shared_header_conflict(cells: Cells, head: list[list[Any]], rows: list[list[Any]],
                            mapping: SheetMapping) -> list[str]:
    """The fields an order block names both in the sheet's shared header rows ``head`` and in its own rows
    above its table (``rows``: the block): which one counts is unsure."""
    if not head:
        return []
    header = find_header(Cells(name=cells.name, rows=rows, typed=cells.typed), mapping)
    own = rows[:header[0]] if header is not None else rows
    shared = header_values(Cells(name=cells.name, rows=head, typed=cells.typed), len(head), mapping)
    mine = header_values(Cells(name=cells.name, rows=own, typed=cells.typed), len(own), mapping)
    both = [name for name, value in shared.items() if _text_of(value) and _text_of(mine.get(name))]
    if all(sheet_ship_to([[_text_of(v) or "" for v in row] for row in part]) is not None for part in (head, own)):
        both.append("ship_to")
    return both


def order_blocks(cells: Cells, mapping: SheetMapping) -> tuple[list[Cells], list[str], list[list[str]]]:
    """A sheet holding several orders one under the other, each block its own PO label and value over its
    own item table ("PO Number:" | "A-1", the table, its total; then "PO Number:" | "A-2", ...): one sheet of
    cells per block, each read as an order, and the titles of the blocks left out. A sheet with one PO, or
    whose later PO labels have no table of their own under them, is one block.

    The rows above the first block (a delivery address, a delivery date, customer fields typed once for
    every order) are every block's shared header: each block is read under them. A block titled as
    information ("For information - previous order, do not deliver", "Zur Information - letzte Bestellung")
    is no order of its own: left out, its title returned. With each block, the fields it names both in the
    shared header rows and in its own (its order then waits)."""
    starts: list[int] = []
    po_rows: list[int] = []
    seen: set[str] = set()
    for r, row in enumerate(cells.rows):
        po = _text_of(header_values(Cells(name=cells.name, rows=[row], typed=cells.typed), 1, mapping).get("po_number"))
        if po and po not in seen:
            seen.add(po)
            start = r
            while start > (starts[-1] + 1 if starts else 0) and any(_text_of(v) for v in cells.rows[start - 1]):
                start -= 1  # the block's title over its labels ("Purchase Order")
            starts.append(start)
            po_rows.append(r)
    if len(starts) < 2:
        return [cells], [], [[]]
    bounds = list(zip(starts, starts[1:] + [len(cells.rows)]))
    if any(find_header(_rows_block(cells, [], a, b, k), mapping) is None for k, (a, b) in enumerate(bounds, 1)):
        return [cells], [], [[]]
    head_rows = cells.rows[:starts[0]]
    if head_rows and find_header(Cells(name=cells.name, rows=head_rows, typed=cells.typed), mapping) is not None:
        return [cells], [], [[]]  # a table above the first PO label: not a sheet of order blocks
    head = list(range(starts[0]))
    blocks: list[Cells] = []
    skipped: list[str] = []
    conflicts: list[list[str]] = []
    for k, ((a, b), po_row) in enumerate(zip(bounds, po_rows), 1):
        title = " ".join(_text_of(v) or "" for row in cells.rows[a:po_row + 1] for v in row).strip()
        if information_title(fold(title)):
            skipped.append(title)
            continue
        blocks.append(_rows_block(cells, head if k > 1 else [], a if k > 1 else 0, b, k))
        conflicts.append(_shared_header_conflict(cells, head_rows, cells.rows[a:b], mapping))
    if not blocks:
        return [cells], [], [[]]
    return blocks, skipped, conflicts


def _rows_block(cells: Cells, head: list[int], first: int, end: int, k: int) -> Cells:
    """Block ``k`` of a sheet: rows ``first`` to ``end`` under the shared header rows ``head``."""
    taken = head + list(range(first, end))
    at = {r: i for i, r in enumerate(taken)}
    return Cells(name=f"{cells.name} (order {k})", rows=[cells.rows[r] for r in taken], typed=cells.typed,
                 problems=list(cells.problems) if k == 1 else [],
                 hidden_rows=frozenset(at[r] for r in cells.hidden_rows if r in at),
                 hidden_columns=cells.hidden_columns, hidden_sheet=cells.hidden_sheet, truncated=cells.truncated,
                 formulas={(at[r], c): f for (r, c), f in cells.formulas.items() if r in at})


def _header_elsewhere(order: ExtractedOrder, sheets: list[Cells], mapping: SheetMapping, wanted_locale: str | None,
                      problems: list[Problem]) -> None:
    """A workbook with its order's header fields on a sheet of their own ("Header" beside "Lines"): the PO, the
    dates and the delivery address the order sheet lacks (an address there never left unread: read, or held)."""
    for cells in sheets:
        if find_header(cells, mapping) is not None:
            continue  # a sheet with a table of its own: its labels are its own
        if order.party("ship_to") is None and not any(p.code == "SHIP-TO-UNSURE" for p in order.problems):
            read = sheet_ship_to([[_text_of(v) for v in row] for row in cells.rows])
            if read is not None:
                add_ship_to(order, read)
                problems.append(Problem(code="SHEET-HEADER-ELSEWHERE", severity="warning",
                                        message=f"ship_to read from sheet {cells.name!r}"))
        if order.po_number and order.order_date and order.requested_delivery_date:
            continue
        loc = sheet_locale(cells, wanted_locale or (None if mapping.locale == "auto" else mapping.locale))
        taken = header_from_sheet(order, cells, mapping, loc)
        if taken:
            problems.append(Problem(code="SHEET-HEADER-ELSEWHERE", severity="warning",
                                    message=f"{', '.join(taken)} read from sheet {cells.name!r}"))


def _names_a_po(cells: Cells, mapping: SheetMapping) -> bool:
    """Whether a sheet's labelled cells give a PO number ("PO Number" | "4509161")."""
    return bool(cells.rows) and bool(_text_of(header_values(cells, len(cells.rows), mapping).get("po_number")))


def _text_of(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _without_bare_sheets(orders: list[ExtractedOrder], problems: list[Problem]) -> list[ExtractedOrder]:
    """A workbook whose order sheet names its PO and date: another sheet's table with neither (a
    price list, a catalogue beside the order) is no second order."""
    named = [o for o in orders if o.po_number and o.order_date]
    if not named:
        return orders
    bare = [o for o in orders if not o.po_number and not o.order_date]
    if bare:
        problems.append(Problem(code="SHEET-NOT-ORDER", severity="warning",
                                message=f"{len(bare)} other sheet table(s) without PO number or date: not orders"))
    return [o for o in orders if o not in bare]


# --- the mapping -------------------------------------------------------------------------------


def _keys(values: Any, where: str) -> frozenset[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ExtractionError(f"{where}: must be a list of strings", code="SHEET-MAPPING")
    return frozenset(label_key(v) for v in values if label_key(v))


def load_mapping(mappings_dir: Path, template: str | None) -> SheetMapping:
    """The sheet mapping named by ``template`` if it exists, else ``default``; raises on unknown keys.
    A deployment's own ``default`` (often a copy of an older shipped one) also knows the shipped aliases."""
    folder = mappings_dir / "sheets"
    path = folder / f"{template}.toml" if template else None
    if path is None or not path.is_file():
        path = folder / "default.toml"
    mapping = _read_mapping(path)
    shipped = DEFAULT_MAPPINGS / "sheets" / "default.toml"
    if path.name != "default.toml" or not shipped.is_file() or path.resolve() == shipped.resolve():
        return mapping
    base = _read_mapping(shipped)
    return replace(mapping, columns={k: mapping.columns.get(k, frozenset()) | base.columns.get(k, frozenset())
                                     for k in set(mapping.columns) | set(base.columns)},
                   header_labels={k: mapping.header_labels.get(k, frozenset()) | v
                                  for k, v in base.header_labels.items()})


def _read_mapping(path: Path) -> SheetMapping:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ExtractionError(f"{path.name}: cannot be read ({type(exc).__name__})", code="SHEET-MAPPING") from None
    for section, allowed in (("", {"sheet", "columns", "header_labels"}),
                             ("sheet", {"header_search_rows", "locale"}),
                             ("columns", set(FIELDS)), ("header_labels", set(HEADER_FIELDS))):
        table = raw.get(section, {}) if section else raw
        unknown = set(table) - allowed
        if unknown:
            raise ExtractionError(f"{path.name}: {section + '.' if section else ''}{sorted(unknown)[0]}: "
                                  f"unknown key", code="SHEET-MAPPING")
    sheet = raw.get("sheet", {})
    return SheetMapping(
        name=path.stem,
        columns={k: _keys(v, f"{path.name}: columns.{k}") for k, v in raw.get("columns", {}).items()},
        header_labels={k: _keys(raw.get("header_labels", {}).get(k, []), f"{path.name}: header_labels.{k}")
                       for k in HEADER_FIELDS},
        header_search_rows=int(sheet.get("header_search_rows", 30)), locale=str(sheet.get("locale", "auto")))


# --- cells -------------------------------------------------------------------------------------


def read_xlsx(data: bytes, hints: ExtractHints) -> list[Cells]:
    """Every worksheet's cell values, after checking the zip's declared sizes."""
    import openpyxl  # imported here: CSV-only deployments never pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_declared(archive.infolist(), hints.limits)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            values = _workbook_rows(openpyxl, data, data_only=True)
            left: dict[str, dict[tuple[int, int], str]] = {}
            if any(v is None for _name, rows in values for row in rows for v in row):
                formulas = dict(_workbook_rows(openpyxl, data, data_only=False))
                values = [(name, evaluate_formulas(rows, formulas.get(name, []))) for name, rows in values]
                left = {name: uncomputed(rows, formulas.get(name, [])) for name, rows in values}
            hidden = _hidden(data)
            none = (frozenset(), frozenset(), False, False)
            return [Cells(name=name, typed=True, rows=rows, hidden_rows=hidden.get(name, none)[0],
                          hidden_columns=hidden.get(name, none)[1], hidden_sheet=hidden.get(name, none)[2],
                          formulas=left.get(name, {}), truncated=hidden.get(name, none)[3])
                    for name, rows in values]
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise ExtractionError(f"the workbook cannot be read ({type(exc).__name__})",
                              code="SHEET-UNREADABLE") from None


_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_COL_TAG = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_VALUE_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=[\"']([A-Z]{1,3})(\d+)[\"'][^>]*(?<!/)>")  # a cell with content
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")


def _attr(tag: bytes, name: str) -> str | None:
    match = re.search(rb"(?:^|\s)(?:\w+:)?" + name.encode() + rb"\s*=\s*[\"']([^\"']*)[\"']", tag)
    return match.group(1).decode("utf-8", "replace") if match else None


def _on(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true")


def _hidden(data: bytes) -> dict[str, tuple[frozenset[int], frozenset[int], bool, bool]]:
    """Each worksheet's hidden rows and columns (0-based), whether the sheet itself is hidden and whether
    it has cells with a value past ``MAX_ROWS`` or ``MAX_COLUMNS``, read from the sheet XML tags at any
    size (openpyxl's read-only workbooks do not say them)."""
    import html

    from openpyxl.utils import column_index_from_string

    out: dict[str, tuple[frozenset[int], frozenset[int], bool, bool]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        book = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        targets = {_attr(t, "Id"): _attr(t, "Target") or "" for t in _REL_TAG.findall(rels)}
        for tag in _SHEET_TAG.findall(book):
            title = html.unescape(_attr(tag, "name") or "")
            target = targets.get(_attr(tag, "id"), "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheet_hidden = (_attr(tag, "state") or "visible") != "visible"
            xml = archive.read(path) if path in names else b""
            hidden_rows: set[int] = set()
            number = 0
            for t in _ROW_TAG.findall(xml):
                r = _attr(t, "r")
                number = int(r) if r and r.isdigit() else number + 1  # a row without its number follows the last
                if _on(_attr(t, "hidden")) and 0 < number <= MAX_ROWS:
                    hidden_rows.add(number - 1)
            rows = frozenset(hidden_rows)
            cols: set[int] = set()
            for t in _COL_TAG.findall(xml):
                low, high = _attr(t, "min"), _attr(t, "max")
                if _on(_attr(t, "hidden")) and low and low.isdigit():
                    cols.update(range(int(low) - 1, min(int(high) if high and high.isdigit() else int(low),
                                                        MAX_COLUMNS)))
            cut = any(column_index_from_string(m.group(1).decode()) > MAX_COLUMNS or int(m.group(2)) > MAX_ROWS
                      for m in _VALUE_CELL.finditer(xml))
            out[title] = (rows, frozenset(cols), sheet_hidden, cut)
    return out


def _workbook_rows(openpyxl: Any, data: bytes, data_only: bool) -> list[tuple[str, list[list[Any]]]]:
    """Each worksheet's name and rows: the values saved with the cells, or their formulas."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    try:
        return [(ws.title, [list(row) for row in ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)])
                for ws in book.worksheets]
    finally:
        book.close()


def _text_export(hints: ExtractHints) -> bool:
    """A plain-text file taken as a sheet by its tabs (``tab_grid``), not a file named or sent as CSV (review S7)."""
    declared = (hints.content_type or "").split(";", 1)[0].strip().lower()
    return extension(hints.filename) in ("txt", "tab") or (declared == "text/plain" and
                                                          extension(hints.filename) not in ("csv", "tsv"))


def tab_grid(head: bytes) -> bool:
    """Whether text is a sheet saved as tab-separated text: its first lines (at least three) all
    cut by the same number of tabs, two or more (a spreadsheet pads every row to its columns; typed
    text has lines without tabs)."""
    text = strip_bom(head).decode("utf-8", errors="replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) > 3 and not text.endswith("\n"):
        lines = lines[:-1]  # the head may cut its last line
    lines = lines[:12]
    counts = {ln.count("\t") for ln in lines}
    return len(lines) >= 3 and len(counts) == 1 and counts.pop() >= 2


def _decode(data: bytes, content_type: str | None) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a byte order mark says UTF-16 whatever the type says
        return data.decode("utf-16", errors="replace")
    match = re.search(r"charset=\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    for name in ([match.group(1)] if match else []) + ["utf-8-sig"]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


def _delimiter(lines: list[str]) -> str:
    """The delimiter splitting the most lines into the same number of cells (ties: more cells)."""
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        counts = [line.count(delimiter) for line in lines if line.count(delimiter)]
        if not counts:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, content_type: str | None) -> Cells:
    text = _decode(data, content_type).replace("\x00", "")
    lines = text.splitlines()
    if lines and re.fullmatch(r"\s*sep=(.)\s*", lines[0]):  # Excel's "sep=;" line names the delimiter
        delimiter, text = re.fullmatch(r"\s*sep=(.)\s*", lines[0]).group(1), "\n".join(lines[1:])
    else:
        delimiter = _delimiter(lines[:10])
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[Any]] = []
    truncated = False
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                truncated = truncated or any(cell.strip() for cell in row)
                if truncated:
                    break
                continue
            truncated = truncated or any(cell.strip() for cell in row[MAX_COLUMNS:])
            rows.append([cell.strip() for cell in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise ExtractionError(f"the CSV cannot be read ({exc})", code="SHEET-UNREADABLE") from None
    return Cells(name="csv", rows=rows, typed=False, truncated=truncated)


def sheet_locale(cells: Cells, wanted: str | None) -> DocLocale:
    """The locale given, else one guessed from how text numbers in the sheet are written."""
    if wanted:
        return locale_for(wanted)
    comma = dot = 0
    texts = [v for row in cells.rows[:200] for v in row if isinstance(v, str)]
    for value in texts:
        comma += bool(_COMMA_DECIMAL.match(value))
        dot += bool(_DOT_DECIMAL.match(value))
    order = date_order_of(texts)
    if comma > dot:
        return replace(locale_for("fr"), date_order=order or "dmy", guessed=order is None)
    return DocLocale(".", (",",), order or "dmy", guessed=order is None)

"""An order table in rows of cells (from CSV or XLSX): header row, header cells above it, item rows.

``read_orders`` finds the header row through a ``SheetMapping``'s column aliases (the roles its words
leave out, or all of them when no header row is found, come from the item rows' values:
``infer_columns``, quantity x unit price = amount singling out the three number columns), reads a PO number
and requested date from labelled cells above it ("PO:" with the number beside it or after the colon),
then one line per item row down to a total row or three empty rows (shipping and discount rows are the
order's charges and allowances: ``extractors.capture.charges``). Rows carrying a PO number column
are grouped into one order per PO (an empty PO cell carries the one above); otherwise the sheet is one order.

Confidence per field: 1.0 for a value read as the cell held it (a numeric cell, a date cell, a
clean text number in a CSV); lower when it had to be coerced (a number typed as text in XLSX, an item
code Excel turned into a number, a guessed decimal mark or day/month order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from extractors.capture.charges import apply_discount, split_charges
from extractors.capture.item_codes import IN_DESCRIPTION, code_in_description, party_code, party_code_in_description
from extractors.capture.inferred_grid import product_triple
from extractors.capture.table_cells import NUMBER_UNIT
from extractors.capture.labels import label_key
from extractors.capture.ship_to import add_ship_to
from extractors.capture.layout_spec import (DELIVERY_LABELS, GENERIC_COLUMNS, PACK_COUNT_TITLES, GROSS_LABELS, ORDER_DATE_LABELS, PO_LABELS,
                                           TOTAL_LABELS)
from extractors.locale_values import DocLocale, fold, parse_date, parse_number
from extractors.sheet.sheet_address import sheet_ship_to
from extractors.sheet.side_block import side_values
from extractors.capture.positions import POSITION_TITLES, runs_as_positions
from extractors.capture.block_sums import note_gross_rates
from extractors.sheet.sheet_totals import MAX_BLOCK_ROWS, NET_TOTALS, checked_block, totals_block
from extractors.units import unit_code
from gateway.model import ExtractedLine, ExtractedOrder, Problem

FIELDS = ("po_number", "customer_item", "supplier_item", "gtin", "description", "quantity", "uom", "unit_price",
          "price_basis", "discount", "amount", "requested_date", "order_date")
HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date")
ITEM_FIELDS = ("customer_item", "supplier_item", "gtin", "description")
CODES = ("customer_item", "supplier_item", "gtin")
TEXT_COERCED = 0.9  # a number or date typed as text in a typed (XLSX) sheet
CODE_COERCED = 0.95  # an item code stored as a number
EMPTY_ROWS_END = 3
SHEET_COMPLETE = 0.95  # line completeness of a table read row by row to its end, nothing skipped
FREE_TEXT_WORDS = 4  # a lone cell of this many words or more, no number beside it, is a sentence
_TOTAL_WORDS = frozenset({"total", "totals", "summe", "gesamt", "gesamtsumme", "soustotal", "totalht",
                          "totalttc", "grandtotal", "subtotal", "zwischensumme", "summenetto", "nettosumme",
                          "nettobetrag", "totalnet", "nettotal", "ordertotal", "totalamount", "totalcommande"})


@dataclass(frozen=True)
class SheetMapping:
    """Column aliases and header labels, as label keys (see ``extractors.capture.labels.label_key``)."""

    name: str
    columns: dict[str, frozenset[str]]
    header_labels: dict[str, frozenset[str]]
    header_search_rows: int = 30
    locale: str = "auto"


@dataclass
class Cells:
    """One sheet's rows, and whether its cells are typed (XLSX) or all text (CSV)."""

    name: str
    rows: list[list[Any]]
    typed: bool
    problems: list[str] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()  # 0-based indexes of rows the sheet hides
    hidden_columns: frozenset[int] = frozenset()  # 0-based indexes of columns the sheet hides
    hidden_sheet: bool = False  # the workbook hides the sheet itself
    truncated: bool = False  # the sheet has cells past the rows and columns read
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> a formula left without value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# The column titles of printed orders (``extractors.capture.layout_spec.GENERIC_COLUMNS``) name a sheet's
# columns too, after the mapping's own aliases: "Our Ref", "Notre code", "Kunden-Art.-Nr." read alike.
_SHARED_KIND = {"code": "customer_item"}
SHARED_COLUMNS = {name: frozenset(label_key(h) for spec in GENERIC_COLUMNS
                                  if _SHARED_KIND.get(spec.kind, spec.kind) == name for h in spec.headers)
                  for name in FIELDS}


def _column_field(key: str, bare: str, aliases: dict[str, frozenset[str]], taken: dict[str, int]) -> str | None:
    return next((name for name in FIELDS if name not in taken
                 and ((key and key in aliases.get(name, ())) or (bare and bare in aliases.get(name, ())))), None)


# Titles that name the quantity in some exports and the unit of measure in others ("Units" = 4 or "EA",
# "Stk." = 12 or "Stk"): the quantity only when the header names no other quantity column, or when their
# cells are numbers and the other quantity column's are not; beside a quantity column of numbers they are
# the unit column (when the header names none) or nothing.
AMBIGUOUS_QUANTITY = frozenset(label_key(t) for t in ("units", "stk", "stk.", "stück"))
PACK_COUNTS = frozenset(label_key(t) for t in PACK_COUNT_TITLES)


def _holds_numbers(cells: Cells, header_row: int, col: int, rows: int = 30) -> bool:
    """Whether most filled cells under the header in column ``col`` are numbers."""
    filled = [v for r in cells.rows[header_row + 1:header_row + 1 + rows] if col < len(r)
              for v in (r[col],) if _text(v)]
    numbers = [v for v in filled if isinstance(v, (int, float)) and not isinstance(v, bool)
               or re.fullmatch(r"[-+]?\d[\d\s.,']*", _text(v))]
    return bool(filled) and len(numbers) * 2 > len(filled)


def _settle_ambiguous(cells: Cells, index: int, columns: dict[str, int], ambiguous: list[int]) -> None:
    """Give the "Units" / "Stk." columns of a header their role (see ``AMBIGUOUS_QUANTITY``)."""
    if not ambiguous:
        return
    numeric = [c for c in ambiguous if _holds_numbers(cells, index, c)]
    if "quantity" not in columns:
        columns["quantity"] = (numeric or ambiguous)[0]
    elif numeric and not _holds_numbers(cells, index, columns["quantity"]):
        columns["quantity"] = numeric[0]  # the named quantity column holds words, this one the numbers
    left = [c for c in ambiguous if c != columns["quantity"] and c not in numeric]
    if left and "uom" not in columns:
        columns["uom"] = left[0]  # "Units" holding "EA" beside "Qty": the unit of measure


# a column of what one pack holds beside a count of packs: "Qty/case", "Units per case", "Pcs", "Each", "Stk/Karton"
_PACK_CONTENT = re.compile(r"(?:per|/|par|pro|je|x)\s*(?:case|carton|ctn|colis|pack|packs|karton|box|kolli|gebinde|vpe)\b"
                           r"|^(?:pcs|pieces|pces|pc|each|ea|units?|stk|stuck|st|inhalt|contenu|content|pack\s*size"
                           r"|conditionnement|vpe|colisage|qty|quantity|qte|menge|anzahl|nombre)\.?$")


def _pack_content(header: list, columns: dict[str, int]) -> str | None:
    """The title of a column beside the quantity column that says what one pack holds, when the quantity column counts
    packs ("Cases", "No. of cases", "Colis"); None otherwise."""
    col = columns.get("quantity")
    if col is None or col >= len(header) or label_key(_text(header[col])) not in PACK_COUNTS:
        return None
    named = set(columns.values()) - {col}
    for other, value in enumerate(header):
        title = fold(_text(value)).lower().strip()
        if other != col and other not in named and title and _PACK_CONTENT.search(title):
            return _text(value)
    return None


def find_header(cells: Cells, mapping: SheetMapping) -> tuple[int, dict[str, int]] | None:
    """The header row's index and the column of each field it names."""
    for index, row in enumerate(cells.rows[:mapping.header_search_rows]):
        columns: dict[str, int] = {}
        ambiguous: list[int] = []
        packs: list[int] = []
        for col, value in enumerate(row):
            key = label_key(_text(value))
            bare = label_key(re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", _text(value)))  # "Qty (cases)"
            quantity_titles = mapping.columns.get("quantity", frozenset()) | SHARED_COLUMNS["quantity"]
            if (key in AMBIGUOUS_QUANTITY and key in quantity_titles) or \
                    (bare in AMBIGUOUS_QUANTITY and bare in quantity_titles):
                ambiguous.append(col)
                continue
            if key in PACK_COUNTS or bare in PACK_COUNTS:
                packs.append(col)  # "Cases": the quantity only when no plain quantity title is beside it
                continue
            name = _column_field(key, bare, mapping.columns, columns) or \
                _column_field(key, bare, SHARED_COLUMNS, columns)
            if not name and isinstance(value, str) and _LANGUAGES.search(value) and not any(c.isdigit() for c in value):
                for part in _LANGUAGES.split(value.strip())[:3]:  # "Quantité / Aantal": a Belgian form's titles
                    part_key = label_key(part)
                    if part_key in PACK_COUNTS or part_key in AMBIGUOUS_QUANTITY:
                        break  # read as its part only when that part is a plain title
                    name = _column_field(part_key, part_key, mapping.columns, columns) or \
                        _column_field(part_key, part_key, SHARED_COLUMNS, columns)
                    if name:
                        break
            if name:
                columns[name] = col
        _settle_ambiguous(cells, index, columns, ambiguous)
        if packs and "quantity" not in columns:
            columns["quantity"] = packs[0]
        if "quantity" in columns and any(f in columns for f in ITEM_FIELDS):
            return index, columns
    return None


def sub_header(cells: Cells, header_row: int, mapping: SheetMapping) -> dict[str, int]:
    """The columns named by a second header row under the header (cells merged over two rows, a group
    title such as "Preis €" over "Einzelpreis | Gesamt"): a row of text only, each cell a column title,
    one at least under an empty or merged cell of the header row. Empty when the next row is no such row."""
    if header_row + 1 >= len(cells.rows):
        return {}
    upper, row = cells.rows[header_row], cells.rows[header_row + 1]
    named: dict[str, int] = {}
    for col, value in enumerate(row):
        text = _text(value)
        if not text:
            continue
        if re.search(r"\d", text):
            return {}
        parent = next((_text(upper[c]) for c in range(min(col, len(upper) - 1), -1, -1) if _text(upper[c])), "")
        name = None
        for key in (label_key(text), label_key(f"{parent} {text}")):  # "Prix" over "unitaire HT"
            name = name or _column_field(key, key, mapping.columns, named) or \
                _column_field(key, key, SHARED_COLUMNS, named)
        if name == "uom" and "unit_price" not in named and _column_field(
                label_key(parent), label_key(parent), SHARED_COLUMNS, {}) == "unit_price":
            name = "unit_price"  # "Price" merged over "Unit | Total": the price of one unit, no unit column
        if name is None:
            return {}
        named[name] = col
    under_gap = any(col >= len(upper) or not _text(upper[col]) for col in named.values())
    return named if named and under_gap else {}


_GRID_NUMBER = frozenset(label_key(t) for t in ("n°", "no", "no.", "nr", "nr.", "numéro", "nummer", "number", "#"))
# Titles of a header grid's other cells, which are no header field of ours ("Client", "Page").
_GRID_TITLES = frozenset(label_key(t) for t in ("client", "customer", "kunde", "kundennummer", "customer no",
                                                "n° client", "page", "seite", "contact", "ansprechpartner",
                                                "buyer", "acheteur", "einkäufer", "currency", "devise", "währung",
                                                "terms", "conditions", "zahlungsbedingungen", "ship via"))


# The label families of printed orders (``extractors.capture.layout_spec``) name header cells of sheets too:
# a sheet's "Bon de commande n°", "Need By" or "À livrer le" is read like the same label on a page.
SHARED_LABELS = {name: frozenset(label_key(lab) for lab in labels) for name, labels in (
    ("po_number", PO_LABELS), ("order_date", ORDER_DATE_LABELS), ("requested_delivery_date", DELIVERY_LABELS))}


def _labelled_value(row: list[Any], col: int, labels: frozenset[str]) -> Any | None:
    text = _text(row[col])
    label, colon, after = text.partition(":")
    if colon and label_key(label) in labels and after.strip():
        return after.strip()
    if label_key(text) in labels:
        return next((v for v in row[col + 1:] if _text(v)), None)
    return None


def header_values(cells: Cells, header_row: int, mapping: SheetMapping) -> dict[str, Any]:
    """Values of labelled cells above the table ("PO:" | "4500123"), or under their label in a grid of
    labels ("N°" | "Date" | "Livraison" over their values)."""
    found: dict[str, Any] = {}
    labels = {name: mapping.header_labels[name] | SHARED_LABELS[name] for name in HEADER_FIELDS}
    in_grid = {**labels, "po_number": labels["po_number"] | _GRID_NUMBER}  # "N°" beside "Date": the order's
    rows = [[_one_language(v, in_grid) for v in row] for row in cells.rows[:header_row]]
    for r, row in enumerate(rows):
        for col in range(len(row)):
            for name in HEADER_FIELDS:
                if name in found:
                    continue
                under = rows[r + 1] if r + 1 < len(rows) else []
                grid = _label_row(row, in_grid) and any(_is_label(v, labels) for v in row)
                value = _under_grid_label(row, under, col, in_grid[name], in_grid) \
                    if grid else _labelled_value(row, col, labels[name])
                if value is None and not grid:  # "Required by" alone, its date in the cell under it
                    value = _value_under_label(row, under, col, labels[name], labels)
                if value is not None and not (name == "po_number" and _words_only(value)):
                    found[name] = value
    return found


_LANGUAGES = re.compile(r"\s+/\s+")


def _one_language(value: Any, labels: dict[str, frozenset[str]]) -> Any:
    """A label written in two languages ("Numéro / Nummer", "Date / Datum", "Livraison / Levering": a Belgian
    form) read as its first part that is a label of ours, its colon kept; any other cell as it is."""
    if not isinstance(value, str) or not _LANGUAGES.search(value) or _is_label(value, labels):
        return value
    text = value.strip()
    colon = ":" if text.endswith(":") else ""
    parts = _LANGUAGES.split(text.rstrip(" :"))
    if not 2 <= len(parts) <= 3 or any(c.isdigit() for c in text):
        return value
    if any(_OTHER_PAPER.search(fold(part).lower()) for part in parts if not _is_label(part, labels)):
        return value  # "Date devis / Datum": the quote's date, whatever the other part says (review revD D8)
    return next((part + colon for part in parts if _is_label(part, labels)), value)


# a part of a two-language label naming another paper's or another event's date or number: no label of the order's
_OTHER_PAPER = re.compile(r"\b(?:devis|offre|quote|quotation|angebot\w*|offerte|facture|invoice|rechnung|factuur"
                          r"|echeance|expiry|expiration|validit\w*|gultig\w*|impression|druck\w*|print\w*|due"
                          r"|bon\s+de\s+livraison|lieferschein|leverbon|delivery\s+note|paiement|payment|zahlung|betaling)\b")


def _words_only(value: Any) -> bool:
    """Words with no digit ("Tri-State Supply Co.", right of a "Purchase Order" title): a name, not an
    order number; the number is looked for further on ("PO Number" | "AR-7711")."""
    text = _text(value)
    return isinstance(value, str) and len(text.split()) > 1 and not any(c.isdigit() for c in text)


def _value_under_label(row: list[Any], under: list[Any], col: int, own: frozenset[str],
                       labels: dict[str, frozenset[str]]) -> Any | None:
    """The value under a label with nothing right of it in its row and other cells left of it (a form's
    "Required by" over its date cell, at the right of the PO block), when that cell holds no label."""
    if label_key(_text(row[col]).rstrip(" :")) not in own or any(_text(v) for v in row[col + 1:]) \
            or not any(_text(v) for v in row[:col]):
        return None  # a title alone in its row ("Bestellung" over "Bestellnummer: X") is no form label
    if col >= len(under) or not _text(under[col]) or _is_label(under[col], labels) \
            or (isinstance(under[col], str) and ":" in under[col]):
        return None
    return under[col]


def _is_label(value: Any, labels: dict[str, frozenset[str]]) -> bool:
    key = label_key(_text(value).rstrip(" :"))
    return bool(key) and any(key in group for group in labels.values())


def _label_row(row: list[Any], labels: dict[str, frozenset[str]]) -> bool:
    """A row of two labels or more and titles of other cells: a grid's titles over their values. A cell that is no
    label of ours but words without a digit ("Interlocuteur", "Buyer") is one more title of the grid, not the value
    of the label left of it ("Date de commande | Date de livraison | Interlocuteur" over their values)."""
    filled = [v for v in row if _text(v)]
    known = [v for v in filled if _is_label(v, labels) or label_key(_text(v)) in _GRID_TITLES]
    return len(known) >= 2 and all(v in known or (isinstance(v, str) and not any(c.isdigit() for c in v)
                                                  and ":" not in v) for v in filled)


def _under_grid_label(row: list[Any], under: list[Any], col: int, own: frozenset[str],
                      labels: dict[str, frozenset[str]]) -> Any | None:
    if label_key(_text(row[col]).rstrip(" :")) not in own or col >= len(under) or not _text(under[col]):
        return None
    return None if _is_label(under[col], labels) else under[col]


def read_number(value: Any, loc: DocLocale, typed: bool) -> tuple[Decimal, float] | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value), 1.0
    if isinstance(value, float):
        return Decimal(repr(value)), 1.0
    parsed = parse_number(_text(value), loc)
    if parsed is None:
        return None
    return parsed[0], round(parsed[1] * (TEXT_COERCED if typed else 1.0), 3)


def _number_and_unit(text: str, loc: DocLocale) -> tuple[tuple[Decimal, float], str] | None:
    """A quantity cell's text "1 500 pièce" / "1.500 Stk" / "12 boxes": the number (its thousands
    groups included) and the unit word after it, when the word is a known unit."""
    m = NUMBER_UNIT.match(text.strip())
    parsed = parse_number(m.group("number").strip(), loc) if m and unit_code(m.group("unit")) else None
    return (parsed, m.group("unit")) if parsed and m else None


def read_date(value: Any, loc: DocLocale, typed: bool) -> tuple[date, float] | None:
    if isinstance(value, datetime):
        return value.date(), 1.0
    if isinstance(value, date):
        return value, 1.0
    text = _text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text), 1.0
        except ValueError:
            return None
    parsed = parse_date(text, loc) if text else None
    return (parsed[0], round(parsed[1] * (TEXT_COERCED if typed else 1.0), 3)) if parsed else None


def _code(value: Any) -> tuple[str, float] | None:
    text = _text(value)
    if not text:
        return None
    return text[:60], CODE_COERCED if isinstance(value, (int, float)) else 1.0


# the number's own sign written in its cell: "N° RB-FR-60077" under or beside "BON DE COMMANDE", "Nr. 4711", "#88"
# (a sign of its own: "NUM2026-118", "NUM-4471", "Nr.-2026" keep theirs, review rev1 D10)
_NUMBER_SIGN = re.compile(r"^(?:n[°º]\.?|no\.|nr\.|num(?:ber|ero|éro|mer)?\.|(?:num(?:ber|ero|éro|mer)?|no|nr)(?=\s)|#)"
                          r"\s*:?\s*(?=[A-Za-z0-9][\w/.-]*\d|\d)", re.IGNORECASE)


def _po(value: Any) -> tuple[str, float] | None:
    """A PO cell's number without the number sign typed before it ("N° RB-FR-60077" is RB-FR-60077)."""
    found = _code(value)
    if found is None:
        return None
    bare = _NUMBER_SIGN.sub("", found[0]).strip()
    return (bare, found[1]) if bare else found


_TOTAL_KEYS = _TOTAL_WORDS | {label_key(lab) for lab in TOTAL_LABELS + GROSS_LABELS}
_TOTAL_WORD = re.compile(r"(?i)\b(?:sub-?)?total\b|\b(?:zwischen|end|gesamt)?summe\b|\bsous-total\b"
                         r"|\b(?:auftrags|bestell|gesamt|waren|netto)wert\b|\border value\b")
_LABEL_AMOUNT = re.compile(r"^(?P<label>[^\d:]{3,60}?)\s*:?\s*(?:[$€£]\s?)?-?\d[\d\s.,'\u202f\xa0]*(?:\s?(?:€|EUR|USD|GBP|CHF))?\s*$")
TOTAL_LABEL_WORDS = 4  # "PO Total", "Total HTVA", "Summe netto": a short cell naming a total


def _is_end(row: list[Any], columns: dict[str, int] | None = None) -> bool:
    """A total row: its first filled cell is a total label, or (the quantity cell empty) a short cell
    with a total word in it ("PO Total", "Total HTVA")."""
    first = next((_text(v) for v in row if _text(v)), "")
    if label_key(first) in _TOTAL_KEYS:
        return True
    typed_in_one = _LABEL_AMOUNT.match(first) if sum(1 for v in row if _text(v)) == 1 else None
    if typed_in_one:  # "Montant total HT : 1 322,60 €", "Auftragswert netto: 215,70 €" (a Word paragraph)
        label = typed_in_one.group("label").strip(" :")
        return label_key(label) in _TOTAL_KEYS or bool(_TOTAL_WORD.search(label))
    if columns is None or _text(_cell(row, columns, "quantity")):
        return False
    return any(len(_text(v).split()) <= TOTAL_LABEL_WORDS and _TOTAL_WORD.search(_text(v)) for v in row)


def _cell(row: list[Any], columns: dict[str, int], name: str) -> Any:
    col = columns.get(name)
    return row[col] if col is not None and col < len(row) else None


def read_line(row: list[Any], columns: dict[str, int], loc: DocLocale, typed: bool,
              line_no: int) -> ExtractedLine | None:
    """One item row; None for a row with neither an item nor a quantity."""
    conf: dict[str, float] = {}
    values: dict[str, Any] = {}
    for name in CODES:
        code = _code(_cell(row, columns, name))
        if code:
            values[name], conf[name] = code
    _two_ids(values, conf)
    description = _text(_cell(row, columns, "description"))[:200] or None
    item_text = _text(_cell(row, columns, "customer_item"))
    if description is None and _worded(item_text):
        description = item_text[:200]  # an "Artikel" column holding the name, its code inside or none
        values.pop("customer_item")
        conf.pop("customer_item")
    party = party_code_in_description(description) if description and not values else None
    if party:  # "Supplier Part Num: PR-1017" under the name: whose code it is, said by its label
        values[party[0]], description = party[1], party[2] or None
        conf[party[0]] = IN_DESCRIPTION
    elif description and not values and (found := code_in_description(description)):
        values["customer_item"], description = found[0], found[1] or None
        conf["customer_item"] = IN_DESCRIPTION
    quantity = read_number(_cell(row, columns, "quantity"), loc, typed)
    worded = None if quantity is not None else _number_and_unit(_text(_cell(row, columns, "quantity")), loc)
    if worded:  # "1 500 pièce" typed in the quantity cell: one number, then its unit word
        quantity, worded = worded
    elif quantity is None and (times := _TIMES.fullmatch(_text(_cell(row, columns, "quantity")))):
        quantity = read_number(times["a"] or times["b"], loc, True)  # "5 x", "x 4", "3×": a count
    if not (values or description) and quantity is None:
        return None
    if quantity:
        values["quantity"], conf["quantity"] = quantity
    else:
        conf["quantity"] = 0.0
    for name in ("unit_price", "amount"):
        number = read_number(_cell(row, columns, name), loc, typed)
        if number:
            values[name], conf[name] = number
        elif name == "unit_price" and _NOT_EMPTY.search(_text(_cell(row, columns, name))):
            conf[name] = 0.0  # the price column prints something that is no price: held PRICE-UNREAD, not absent
    _read_price_basis(_cell(row, columns, "price_basis"), loc, typed, values, conf)
    if quantity is None and "unit_price" not in values and "amount" not in values and _free_text(row):
        return None
    requested = read_date(_cell(row, columns, "requested_date"), loc, typed)
    if requested:
        values["requested_date"], conf["requested_date"] = requested
    uom = _text(_cell(row, columns, "uom"))[:20] or worded or None
    line = ExtractedLine(line_no=line_no, description=description, uom=uom, confidence=conf, **values)
    _read_discount(line, _cell(row, columns, "discount"), loc, typed)
    return line


_TIMES = re.compile(r"\s*(?:(?P<a>\d+(?:[.,]\d+)?)\s*[x×*]|[x×*]\s*(?P<b>\d+(?:[.,]\d+)?))\s*", re.IGNORECASE)
_NOT_EMPTY = re.compile(r"[^\s\-\u2013\u2014/.]")  # a cell of more than a dash ("-", "—") left empty


def _two_ids(values: dict[str, Any], conf: dict[str, float]) -> None:
    """An item cell holding the customer's code and, after a label naming the supplier, ours ("TG-12365 /
    Réf. fournisseur : PR-1022", "4711 Vendor # PR-1004"): two ids, as in PDFs (``party_code``)."""
    words = str(values.get("customer_item") or "").split()
    found = party_code(words) if len(words) > 1 else None
    if found is None or found[0] == 0:
        return
    label, kind, start, offset = found
    other = (words[start][offset:] or (words[start + 1] if start + 1 < len(words) else "")).strip(" ,;")
    if kind == "supplier_item" and other and "supplier_item" not in values:
        values["customer_item"] = " ".join(words[:label]).strip(" ,;/")
        values["supplier_item"], conf["supplier_item"] = other, conf.get("customer_item", 1.0)


def _read_discount(line: ExtractedLine, value: Any, loc: DocLocale, typed: bool) -> None:
    """A discount cell beside the price ("Discount %" 20, "Remise" "10 %", a percent cell 0.2): the price
    column is the gross price and the line's net price is it less the discount, as in PDFs
    (``extractors.capture.charges.apply_discount``). A percent cell stores a fraction (0.2 for 20 %): of
    the two readings, the one whose net price gives the line's amount is taken."""
    text = _text(value)
    if not text:
        return
    number = read_number(value, loc, typed)
    rates = [text]
    if number is not None and typed and not isinstance(value, str) and 0 < number[0] < 1:
        rates = [str(number[0] * 100), text]
        if line.quantity and line.amount is not None and line.unit_price is not None:
            rates = [r for r in rates if abs(line.quantity * line.unit_price * (100 - Decimal(r)) / 100
                                             - line.amount) <= Decimal("0.01") * max(1, line.quantity)] or rates[:1]
    apply_discount(line, rates[0], loc)


def _price_basis_checked(cells: Cells, first: int, columns: dict[str, int], loc: DocLocale) -> dict[str, int]:
    """The columns with a "Per" column of unit words ("Per | EA": the price is per each) read as the unit
    column (or not at all when another one is): a price unit column holds counts."""
    col = columns.get("price_basis")
    if col is None:
        return columns
    values = [_text(row[col]) for row in cells.rows[first:first + INFER_ROWS] if col < len(row) and _text(row[col])
              and read_number(_cell(row, columns, "quantity"), loc, cells.typed)]  # item rows only
    if not values or not all(unit_code(v) for v in values):
        return columns
    out = {k: v for k, v in columns.items() if k != "price_basis"}
    if "uom" not in out:
        out["uom"] = col
    return out


def _read_price_basis(value: Any, loc: DocLocale, typed: bool, values: dict[str, Any],
                      conf: dict[str, float]) -> None:
    """A price unit cell ("PE" 100: the price is per 100 units) beside the price. One, or empty: per
    unit. A cell that is no count of units ("Stk", "0", "-100") leaves the price in doubt: it is never
    taken as a price per unit."""
    text = _text(value)
    if not text:
        return
    number = read_number(value, loc, typed) or (worded[0] if (worded := _number_and_unit(text, loc)) else None)
    if number is None or number[0] <= 0 or number[0] != number[0].to_integral_value():
        if "unit_price" in values:
            conf["unit_price"] = 0.0
        return
    if number[0] > 1:
        values["price_basis"], conf["price_basis"] = number


def _worded(text: str) -> bool:
    """An item cell holding words, not a code: "Ordner A4 75 mm grau, Art.-Nr. HB-ORD-75", "Frais de port"."""
    words = text.split()
    return (len(words) >= 3 and code_in_description(text) is not None) or \
        (len(words) >= 2 and not any(c.isdigit() for c in text))


def _free_text(row: list[Any]) -> bool:
    """A row holding one sentence ("Conditions : paiement à 30 jours...") and nothing else."""
    texts = [_text(v) for v in row if _text(v)]
    return len(texts) == 1 and len(texts[0].split()) >= FREE_TEXT_WORDS


def _order(po: tuple[str, float] | None, header: dict[str, Any], lines: list[ExtractedLine],
           loc: DocLocale, typed: bool, total: tuple[Decimal, float] | None = None) -> ExtractedOrder:
    confidence: dict[str, float] = {}
    if po:
        confidence["po_number"] = po[1]
    dates: dict[str, Any] = {}
    for name in ("order_date", "requested_delivery_date"):
        found = read_date(header.get(name), loc, typed)
        if found:
            dates[name], confidence[name] = found
    if total:
        confidence["total"] = total[1]
    lines, adjustments = split_charges(lines)  # shipping and discount rows: the order's, not lines
    return ExtractedOrder(po_number=po[0] if po else None, lines=lines, confidence=confidence,
                          total=total[0] if total else None, allowances=adjustments, **dates)


def total_of(row: list[Any], loc: DocLocale, typed: bool) -> tuple[Decimal, float] | None:
    """The number after the label of a total row ("Total HT" | 1 343,49)."""
    start = next((i for i, v in enumerate(row) if _text(v)), len(row))
    for value in row[start + 1:]:
        number = read_number(value, loc, typed)
        if number:
            return number
    if start < len(row):  # "Total: USD 635.20", "Summe netto 819,00 €" typed in one cell (a Word paragraph)
        match = re.search(r"(?:[:\s]|^)((?:[$€£]\s?)?-?\d[\d\s.,'\u202f\xa0]*(?:\s?(?:€|EUR|USD|GBP|CHF))?)\s*$",
                          _text(row[start]))
        if match and re.search(r"[^\W\d_]", _text(row[start])[:match.start(1)]):
            return read_number(match.group(1).strip(), loc, False)
    return None


def read_orders(cells: Cells, mapping: SheetMapping, loc: DocLocale) -> list[ExtractedOrder]:
    """The orders of one sheet (none when no item table is found)."""
    labels = {name: mapping.header_labels[name] | SHARED_LABELS[name] for name in HEADER_FIELDS}
    cells, side = side_values(cells, labels)  # "PO number | X" in G:H beside the items: header fields, no columns
    found = find_table(cells, mapping, loc)
    if found is None:
        return []
    header_row, first, columns = found
    columns = _price_basis_checked(cells, first, columns, loc)
    columns = _numbers_not_positions(cells, header_row, first, columns)
    header = header_values(cells, header_row, mapping)
    more_pos = _more_top_pos(cells, header_row, labels["po_number"], header.get("po_number"))
    side_conflicts = _side_conflicts(header, {**side, "po_number": more_pos + side.get("po_number", [])}
                                     if more_pos else side, loc, cells.typed)
    for name, values in side.items():
        header.setdefault(name, values[0])
    plain = _plain_date_column(cells, header_row, first, columns, header, loc)
    # "Date" with no order date above: its one date is the order's only when not after receipt (mapping judges)
    from_column = "order_date" in plain and "order_date" not in columns
    columns = plain
    title_unit = _unit_in_title(cells, header_row, columns)
    sheet_po = _po(header.get("po_number"))
    groups: dict[str | None, list[ExtractedLine]] = {}
    unread: dict[int, str] = {}  # id of a line whose quantity cell holds text that is no number: "two", "1O"
    line_rows: dict[int, int] = {}  # id of a line -> its row index
    sections = 0  # section subtotal rows passed (a table grouped by section)
    ordered: dict[str | None, set[Any]] = {}  # an order date column (one order per PO, as exported)
    current: str | None = None  # a PO cell left empty carries the one above (merged cells)
    empty = 0
    total = None
    block: list = []  # discount and charge rows under the first total
    block_problems: list[Problem] = []  # the totals block does not add up
    gross_rates: list = []  # the rates a total with tax and no tax row implies
    skipped = False  # a row with a number that was not read as a line
    end = len(cells.rows)
    titles = _row_keys(cells.rows[header_row]) if header_row < first else None  # None: no header row of titles
    for index, row in enumerate(cells.rows[first:], first):
        if _row_keys(row) == titles:
            continue  # the header repeated (a Word table going on after a page break, a pasted print)
        if _is_end(row, columns) and _items_follow(cells.rows[index + 1:], columns, loc, cells.typed):
            sections += 1  # "Sous-total Hygiène" over the next group's rows: the table goes on
            continue
        if _is_end(row, columns) and _group_subtotal(row) and any(
                _is_end(r, columns) and not _group_subtotal(r) for r in cells.rows[index + 1:index + 1 + GROUP_ROWS]):
            continue  # the last group's "Zwischensumme Büro" with the order's total right under it
        if _is_end(row, columns):
            if sections:  # the last section's subtotal, then the order's total under it ("Total HT")
                total = total_of(row, loc, cells.typed)
                block, net, used = totals_block(cells.rows[index + 1:], lambda r: total_of(r, loc, cells.typed))
                total, used = _grand_total(cells.rows[index + 1:], loc, cells.typed, net or total, used)
            else:  # the whole block checked from the lines: subtotal, charges, discounts, taxes, grand total
                sums, total = checked_block(cells.rows[index:], lambda r: total_of(r, loc, cells.typed),
                                            [ln for group in groups.values() for ln in group])
                block, used, block_problems = sums.allowances, max(sums.used - 1, 0), sums.problems
                gross_rates = sums.gross_rates
                if total is not None and sums.total is not None and not sums.problems:
                    total = (sums.total, total[1])  # the running net; a block that does not add up keeps its print
            end = index + 1 + used
            break
        po = _po(_cell(row, columns, "po_number"))
        current = po[0] if po else current
        group = groups.setdefault(current, [])
        line = read_line(row, columns, loc, cells.typed, len(group) + 1)
        empty = 0 if line else empty + 1
        skipped = skipped or (line is None and any(read_number(v, loc, cells.typed) for v in row if _text(v)))
        if empty >= EMPTY_ROWS_END:
            end = index + 1
            break
        if line and title_unit and line.uom is None:
            line.uom = title_unit  # "Qty (cases)": the quantity is in cases
        if line:
            line_rows[id(line)] = index
            group.append(line)
            if line.quantity is None and _text(_cell(row, columns, "quantity")):
                unread[id(line)] = _text(_cell(row, columns, "quantity"))[:40]
            _uncomputed_cells(cells, index, columns, line, unread)
            if _text(_cell(row, columns, "order_date")):
                ordered.setdefault(current, set()).add(_cell(row, columns, "order_date"))
    complete = not skipped and not any(_item_row(row, loc, cells.typed) for row in cells.rows[end:])
    orders = [_order((key, 1.0) if key else sheet_po, _with_order_date(header, ordered.get(key)), lines, loc,
                     cells.typed, total if len(groups) == 1 else None)
              for key, lines in groups.items() if lines]
    for order in orders if from_column else []:
        order.order_date_from_column = order.order_date is not None
    after = [row for row in cells.rows[end:] if _item_row(row, loc, cells.typed) and not _is_end(row, columns)]
    if len(orders) == 1:
        orders[0].allowances.extend(block)
        orders[0].problems.extend(block_problems)
        note_gross_rates(orders[0].references, gross_rates)
    hidden = _hidden_problems(cells, first, end, columns, line_rows)
    if sections and total is None and len(orders) == 1:
        orders[0].problems.append(Problem(  # the lines of every section, and no total under them all
            code="LINE-UNREAD", severity="error", element="total",
            message=f"sheet {cells.name!r}: {sections} section subtotal(s) and no order total under the table"))
    for order in orders if after else ():  # items under the total that ended the table: never dropped unsaid
        shown = " | ".join(_text(v) for v in after[0] if _text(v))[:80]
        order.problems.append(Problem(code="LINE-UNREAD", severity="error", element="lines",
                                      message=f"{len(after)} row(s) under the total look like items: {shown!r}"))
    if (content := _pack_content(cells.rows[header_row], columns)) is not None:
        for order in orders:  # "Cases | Qty/case | Unit price": 2 cases of 6 at a piece's price (review revD D3)
            order.problems.append(Problem(
                code="UOM-PACK-UNSURE", severity="error", element="lines.uom",
                message=f"the quantity column counts packs ({_text(cells.rows[header_row][columns['quantity']])!r}) "
                        f"beside a column of their content ({content!r}): whether the quantity is the packs or the "
                        f"pieces in them, and what the price is per, a person says"))
    for order in orders:
        order.problems += hidden + side_conflicts
        _drop_unordered(order, unread)
        if complete:  # every row of the table read, no item-like row after it (gateway.stages.item_matching)
            order.confidence["lines"] = SHEET_COMPLETE
        add_ship_to(order, sheet_ship_to([[_text(v) for v in row] for row in cells.rows[:header_row]]))
    return orders


def _more_top_pos(cells: Cells, header_row: int, labels: frozenset[str], first: Any) -> list[Any]:
    """The order numbers labelled above the table besides the one read (an "Auftragsnummer" over a "Bestellnummer":
    the first label read is not the surer one)."""
    out = []
    for row in cells.rows[:header_row]:
        for col in range(len(row)):
            value = _labelled_value(row, col, labels)
            if value is not None and value is not first and not _words_only(value) \
                    and any(ch.isdigit() for ch in _text(value)):  # a number, not the next label ("N° | Date")
                out.append(value)
    return out if first is not None else []


def _side_conflicts(header: dict[str, Any], side: dict[str, list[Any]], loc: DocLocale,
                    typed: bool) -> list[Problem]:
    """A header field a side block gives otherwise than the header above the table, or twice with two values (a
    second PO, an "Auftragsnummer" beside a "Bestellnummer", a second delivery date): held, both shown, never one
    picked (review revO D3)."""
    out = []
    for name, values in side.items():
        given = [header[name], *values] if name in header else list(values)
        if name == "po_number":
            read = [(_po(v) or (_text(v), 0.0))[0] for v in given]
            key = [re.sub(r"[^0-9A-Z]", "", r.upper()) for r in read]
        else:
            read = [_text(v) for v in given]
            key = [str((read_date(v, loc, typed) or (_text(v), 0.0))[0]) for v in given]
        if len(set(key)) < 2:
            continue
        shown = " / ".join(dict.fromkeys(read))
        if name == "po_number":
            out.append(Problem(code="ORDERS-SEVERAL", severity="error", element="po_number",
                               message=f"the sheet gives more than one order number ({shown}): which order, or "
                                       f"whether these are several, a person says"))
        else:
            out.append(Problem(code="DATE-UNPLACED", severity="error", element=name,
                               message=f"the sheet gives {name.replace('_', ' ')} more than once ({shown}): which "
                                       f"holds, a person says"))
    return out


def _grand_total(rows: list[list[Any]], loc: DocLocale, typed: bool, total: Any, used: int) -> tuple[Any, int]:
    """The net total printed under a grouped table's last section subtotal, when there is one."""
    for n, row in enumerate(rows[:MAX_BLOCK_ROWS], 1):
        first = next((_text(v) for v in row if _text(v)), "")
        if not first:
            continue
        if label_key(first) not in NET_TOTALS or (amount := total_of(row, loc, typed)) is None:
            break
        total, used = amount, max(used, n)
    return total, used


def _items_follow(rows: list[list[Any]], columns: dict[str, int], loc: DocLocale, typed: bool) -> bool:
    """Item rows come after a total row, before any other total row: it was a section's subtotal (a table
    grouped by section, "Sous-total Hygiène" then the "Bureau" group), not the table's end."""
    for row in rows:
        if _is_end(row, columns):
            return False
        if read_number(_cell(row, columns, "quantity"), loc, typed) and _item_row(row, loc, typed):
            return True
    return False


def _row_keys(row: list[Any]) -> list[str]:
    keys = [label_key(_text(v)) for v in row]
    while keys and not keys[-1]:
        keys.pop()
    return keys


def _hidden_problems(cells: Cells, first: int, end: int, columns: dict[str, int],
                     line_rows: dict[int, int]) -> list[Problem]:
    """Rows of the item table, or columns it reads, that the sheet hides: a person decides whether the
    customer hid them to leave them out (the hidden rows are read as lines all the same, never dropped)."""
    rows = sorted(r for r in set(line_rows.values()) if r in cells.hidden_rows and first <= r < end)
    cols = sorted(name for name, col in columns.items() if col in cells.hidden_columns)
    out = []
    if rows:
        out.append(Problem(code="SHEET-HIDDEN-ROWS", severity="error", element="lines",
                           message=f"sheet {cells.name!r}: item row(s) {', '.join(str(r + 1) for r in rows)} are "
                                   f"hidden in the sheet; read as lines, a person decides whether they are ordered"))
    if cols:
        out.append(Problem(code="SHEET-HIDDEN-COLUMNS", severity="error", element="lines",
                           message=f"sheet {cells.name!r}: the column(s) read as {', '.join(cols)} are hidden "
                                   f"in the sheet"))
    return out


def _uncomputed_cells(cells: Cells, index: int, columns: dict[str, int], line: ExtractedLine,
                      unread: dict[int, str]) -> None:
    """A quantity or price cell holding a formula the reader could not compute (no value saved with it):
    the line is held (LINE-UNREAD for the quantity, PRICE-UNREAD for the price), never read as empty."""
    quantity = cells.formulas.get((index, columns["quantity"])) if "quantity" in columns else None
    if quantity and line.quantity is None:
        unread[id(line)] = f"formula {quantity[:40]}"
    for name in ("unit_price", "amount"):
        formula = cells.formulas.get((index, columns[name])) if name in columns else None
        if formula and getattr(line, name) is None:
            line.unread_prices.append(f"{'price' if name == 'unit_price' else 'amount'} formula {formula[:40]} "
                                      f"the reader cannot compute")


def _drop_unordered(order: ExtractedOrder, unread: dict[int, str]) -> None:
    """A catalogue-style order form ("leave blank for items not required", or 0): when some rows carry a
    quantity, the rows with neither a quantity nor an amount (empty, or 0 with its formula's 0 amount) are
    items not ordered, not lines. A row whose quantity cell holds text that is no number ("two", "1O")
    is never dropped: it stays a line without quantity and holds the order (LINE-UNREAD)."""
    for line in order.lines:
        if id(line) in unread:
            what = unread[id(line)]
            said = f"quantity is a {what} the reader cannot compute" if what.startswith("formula ") \
                else f"quantity {what!r} is no number"
            order.problems.append(Problem(
                code="LINE-UNREAD", severity="error", element="lines",
                message=f"row {line.line_no} ({line.customer_item or line.supplier_item or line.description or '?'}): "
                        f"{said}"))
    if not any(ln.quantity for ln in order.lines):
        return
    kept = [ln for ln in order.lines if ln.quantity or ln.amount or id(ln) in unread]
    dropped = len(order.lines) - len(kept)
    if not dropped:
        return
    for n, line in enumerate(kept, 1):
        line.line_no = n
    order.lines = kept
    order.problems.append(Problem(code="SHEET-ROWS-UNORDERED", severity="warning",
                                  message=f"{dropped} row(s) of the order form without a quantity (empty or 0): "
                                          f"not ordered"))


def _unit_in_title(cells: Cells, header_row: int, columns: dict[str, int]) -> str | None:
    """The unit word in parentheses in the quantity column's title ("Qty (cases)", "Menge (Kartons)")
    when no unit column says it."""
    from extractors.units import unit_code

    col = columns.get("quantity")
    if "uom" in columns or col is None or header_row >= len(cells.rows) or col >= len(cells.rows[header_row]):
        return None
    match = re.search(r"[(\[]\s*([^)\]]+?)\s*[)\]]\s*$", _text(cells.rows[header_row][col]))
    if not match:
        return None
    word = match.group(1)
    return word if unit_code(word) or unit_code(word.rstrip("s")) else None


def header_from_sheet(order: ExtractedOrder, cells: Cells, mapping: SheetMapping, loc: DocLocale) -> list[str]:
    """Header fields the order lacks, from the labelled cells of another sheet of the workbook (a "Header"
    sheet beside the "Lines" one); the names of the fields taken."""
    found = header_values(cells, len(cells.rows), mapping)
    taken = []
    po = _po(found.get("po_number"))
    if po and not order.po_number:
        order.po_number, order.confidence["po_number"] = po
        taken.append("po_number")
    for name in ("order_date", "requested_delivery_date"):
        value = read_date(found.get(name), loc, cells.typed)
        if value and getattr(order, name) is None:
            setattr(order, name, value[0])
            order.confidence[name] = value[1]
            taken.append(name)
    return taken


PLAIN_DATE_TITLES = frozenset(label_key(t) for t in ("date", "datum", "dates", "date ligne", "line date"))


def _numbers_not_positions(cells: Cells, header_row: int, first: int, columns: dict[str, int]) -> dict[str, int]:
    """The first column titled as a position ("No.", "Nr.", "Pos.", "#", "N°") left unread, when no column gives
    the item's code: its values are the customer's item numbers ("4711-22", "100234") unless they run as
    positions (``extractors.capture.positions``); never lost as line numbers."""
    if header_row >= first or any(k in columns for k in CODES):
        return columns
    titles = cells.rows[header_row]
    col = next((c for c, v in enumerate(titles) if _text(v)), None)
    if col is None or col in columns.values() or label_key(_text(titles[col])) not in POSITION_TITLES:
        return columns
    values = [_text(r[col]) if col < len(r) else "" for r in _data_rows(cells, first, columns)]
    if not any(values) or runs_as_positions(values):
        return columns
    return {**columns, "customer_item": col}


def _plain_date_column(cells: Cells, header_row: int, first: int, columns: dict[str, int], header: dict[str, Any],
                       loc: DocLocale) -> dict[str, int]:
    """A column titled only "Date" / "Datum" on every item row: the order's date repeated (an ERP export, the
    same as the order date above or one date with none above) or the line's own date after the order's (its
    delivery date); with no order date above, dates that differ from row to row are the lines' own (one order
    has one date): each line keeps its date. Anything else is left unread: the order waits for its dates
    rather than guessing."""
    if header_row >= first or "requested_date" in columns or "order_date" in columns:
        return columns
    titles = cells.rows[header_row]
    cols = [c for c, v in enumerate(titles) if label_key(_text(v)) in PLAIN_DATE_TITLES and c not in columns.values()]
    if len(cols) != 1:
        return columns
    col = cols[0]
    rows = [r for r in _data_rows(cells, first, columns) if any(_text(v) for v in r)]
    values = [_cell(r, {"d": col}, "d") for r in rows]
    read = [read_date(v, loc, cells.typed) for v in values if _text(v)]
    if not read or any(r is None for r in read) or len(read) * 2 < len(rows):
        return columns
    days = {r[0] for r in read if r}
    ordered = read_date(header.get("order_date"), loc, cells.typed)
    if ordered is None:  # one date: the order's (the mapping judges it against the receipt); several: the lines'
        return {**columns, "order_date" if len(days) == 1 else "requested_date": col}
    if days == {ordered[0]}:
        return {**columns, "order_date": col}
    if all(d > ordered[0] for d in days):
        return {**columns, "requested_date": col}
    return columns


def _with_order_date(header: dict[str, Any], dates: set[Any] | None) -> dict[str, Any]:
    """An order date column whose rows agree gives the order date the cells above do not."""
    if header.get("order_date") is not None or not dates or len(dates) != 1:
        return header
    return {**header, "order_date": next(iter(dates))}


# --- column roles from the values, when the header words are missing or unknown ---------------------

INFER_ROWS = 60  # data rows looked at to type the columns
_CODE = re.compile(r"^(?=.*\d)[\w./#-]{3,30}$")


def _data_rows(cells: Cells, start: int, known: dict[str, int] | None = None) -> list[list[Any]]:
    rows = []
    for row in cells.rows[start:start + INFER_ROWS]:
        if _is_end(row, known) or not any(_text(v) for v in row):
            break
        rows.append(row)
    return rows


GROUP_ROWS = 3  # rows under a group's subtotal searched for the order's total
_SUBTOTAL = re.compile(r"(?i)^(?:sous-total|sous total|subtotal|sub-total|sub total|zwischensumme|teilsumme|"
                       r"total partiel)\b\s*\S")


def _group_subtotal(row: list[Any]) -> bool:
    """A group's subtotal row: its first filled cell a subtotal label naming the group ("Sous-total Hygiène")."""
    first = next((_text(v) for v in row if _text(v)), "").strip()
    typed_in_one = _LABEL_AMOUNT.match(first)  # "Subtotal: 292.80 EUR" (a Word paragraph): its label names no group
    first = typed_in_one.group("label").strip(" :") if typed_in_one else first
    named = _SUBTOTAL.match(first)
    return bool(named) and not _BASIS.fullmatch(first[named.end() - 1:].strip())


# what a subtotal's words after it say of its basis, not of a group: "Subtotal (excl. VAT)", "Zwischensumme netto"
_BASIS = re.compile(r"(?i)[(\[]?\s*(?:excl|excluding|exkl|ohne|hors|ht|htva|net|netto|before|avant|vor|ex)\.?"
                    r"(?:\s+(?:vat|tax|taxes|tva|mwst|ust|steuer|btw|iva|gst))?\.?\s*[)\]]?")


def _item_row(row: list[Any], loc: DocLocale, typed: bool) -> bool:
    """A row that looks like an order line: two numbers or more and a cell of text with letters."""
    numbers = sum(read_number(v, loc, typed) is not None for v in row if _text(v))
    words = sum(bool(re.search(r"[^\W\d_]{2}", _text(v))) for v in row)
    return numbers >= 2 and words >= 1


def _column(rows: list[list[Any]], col: int) -> list[Any]:
    return [row[col] if col < len(row) else None for row in rows]


def _numbers(values: list[Any], loc: DocLocale, typed: bool) -> list[Decimal | None] | None:
    """The column's numbers (None for an empty cell); None when a filled cell is not a number."""
    out: list[Decimal | None] = []
    for v in values:
        if not _text(v):
            out.append(None)
            continue
        got = read_number(v, loc, typed)
        if got is None:
            return None
        out.append(got[0])
    return out if sum(n is not None for n in out) >= max(2, len(out) - 1) else None


def infer_columns(cells: Cells, loc: DocLocale, start: int,
                  known: dict[str, int] | None = None) -> dict[str, int] | None:
    """Column roles read from the values of the item rows from ``start`` on: quantity, unit price and
    amount as the three number columns where quantity x price = amount on every row, the unit as
    the column of unit words, the item code as the column of codes (no spaces, a digit), the
    description as the wordiest text column, a delivery date as a column of dates. Roles the header
    named (``known``) stay; None when the arithmetic does not single out the three numbers."""
    from extractors.units import is_unit

    rows = _data_rows(cells, start, known)
    if len(rows) < 2:
        return None
    columns = dict(known or {})
    width = max(len(r) for r in rows)
    numeric = {c: nums for c in range(width) if c not in columns.values()
               and (nums := _numbers(_column(rows, c), loc, cells.typed)) is not None}
    for name in ("quantity", "unit_price", "amount"):
        if name in columns:
            got = _numbers(_column(rows, columns[name]), loc, cells.typed)
            if got is not None:
                numeric[columns[name]] = got
    triple = product_triple(numeric)
    if triple is None:
        return None
    for name, col in zip(("quantity", "unit_price", "amount"), triple):
        if name in columns and columns[name] != col:
            return None  # the header says otherwise: not ours to overrule
        columns[name] = col
    free = [c for c in range(width) if c not in columns.values()]
    texts = {c: [_text(v) for v in _column(rows, c) if _text(v)] for c in free}
    texts = {c: t for c, t in texts.items() if len(t) >= max(2, len(rows) - 1)}
    if "uom" not in columns:
        unit_cols = [c for c, t in texts.items() if all(is_unit(v) for v in t)]
        if unit_cols:
            columns["uom"] = unit_cols[0]
    if "requested_date" not in columns:
        date_cols = [c for c, t in texts.items() if c not in columns.values()
                     and all(read_date(v, loc, cells.typed) for v in _column(rows, c) if _text(v))
                     and not all(re.fullmatch(r"\d+", v) for v in t)]
        if date_cols:
            columns["requested_date"] = date_cols[0]
    rest = [c for c in texts if c not in columns.values() and c not in numeric]
    if not any(f in columns for f in ITEM_FIELDS):
        codes = [c for c in rest if all(_CODE.match(v) for v in texts[c])]
        if codes:
            columns["customer_item"] = codes[0]
        words = [c for c in rest if c not in codes]
        if words:
            columns["description"] = max(words, key=lambda c: sum(len(v.split()) for v in texts[c]))
    return columns if any(f in columns for f in ITEM_FIELDS) else None


def _spanned_titles(cells: Cells, header_row: int, first: int, columns: dict[str, int],
                    loc: DocLocale) -> dict[str, int]:
    """A number column's title spanning several columns (HTML ``colspan``, Word ``gridSpan``, cells merged
    over C5:D5: the title in its first column, the others left empty) names each of them; the one whose
    cells hold the numbers takes the role ("Preis" over "EUR | 6,00": the currency code beside it is not
    the price). The titled column keeps the role when its own cells are numbers, or when no single
    column of the span holds them."""
    header = cells.rows[header_row]
    rows = _data_rows(cells, first, columns)
    if not rows:
        return columns
    out = dict(columns)
    for name in ("quantity", "unit_price", "amount"):
        col = columns.get(name)
        filled = [row for row in rows if col is not None and col < len(row) and _text(row[col])]  # item rows
        if len(filled) < 2 or _numbers(_column(filled, col), loc, cells.typed) is not None:
            continue
        span = []
        for c in range(col + 1, max(len(r) for r in filled)):
            if (c < len(header) and _text(header[c])) or c in out.values():
                break
            span.append(c)
        numeric = [c for c in span if _numbers(_column(filled, c), loc, cells.typed) is not None]
        if len(numeric) == 1:
            out[name] = numeric[0]
    return out


def find_table(cells: Cells, mapping: SheetMapping, loc: DocLocale) -> tuple[int, int, dict[str, int]] | None:
    """(row whose cells above hold the header labels, first item row, columns): by the header words,
    with the roles they leave out (or, without a header row, all of them) read from the values."""
    found = find_header(cells, mapping)
    if found is not None:
        header_row, columns = found
        first = header_row + 1
        below = sub_header(cells, header_row, mapping)
        if below:  # "Preis" merged over "Einzelpreis | Gesamt": the titles under it name the columns
            columns = {k: v for k, v in columns.items() if k not in below and v not in below.values()} | below
            first += 1
        columns = _spanned_titles(cells, header_row, first, columns, loc)
        if not {"unit_price", "amount", "uom"} <= set(columns):
            columns = infer_columns(cells, loc, first, columns) or columns
        return header_row, first, columns
    limit = min(len(cells.rows) - 1, mapping.header_search_rows + 1)
    for start in range(limit):
        rows = cells.rows
        if not (_item_row(rows[start], loc, cells.typed) and _item_row(rows[start + 1], loc, cells.typed)):
            continue
        columns = infer_columns(cells, loc, start)
        if columns is None:
            return None
        above = rows[start - 1] if start else []
        titled = bool(above) and all(read_number(v, loc, cells.typed) is None for v in above if _text(v)) \
            and sum(bool(_text(v)) for v in above) >= 3
        return (start - 1 if titled else start), start, columns
    return None

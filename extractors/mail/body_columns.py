"""Item tables typed in an e-mail body: a header row names the columns, the rows below are read by it.

``Menge  ME  Artikel  Bezeichnung  Preis``, ``Qty | Unit | Item | Description | Unit price``,
``Quantité / Unité / Référence / Prix unitaire`` or an HTML table (cells arrive tab-separated from
``extractors.mail.html_text``) open a table when every cell of the line is a known column label in French,
English or German and there is a quantity column and an item or description column (labels typed with one
space between them, ``Menge ME Artikel Bezeichnung Preis``, are read word by word, "Unit price" as one). Rows are split at
tabs, ``|`` or runs of two or more spaces:

* a row with as many cells as the header is read cell by cell (quantity, unit word, item code,
  description, unit price; a line-amount column is never taken for the unit price, it is the line's
  ``amount``: the price when none is typed, and checked against quantity x price when one is); a column titled for
  the supplier's code ("Your Item No.", "Ihre Art.-Nr.", "Votre réf.", "Supplier part no.") is our own item
  number (``supplier_item``), one titled for the customer's ("Our Item No.", "Unsere Art.-Nr.", "Notre réf.")
  the customer's (``customer_item``); a header naming one kind twice opens no table;
* any other row is read by the line grammar (``extractors.mail.body_lines``); when the header has a price
  column and no amount column, a money-shaped number ending the row (``1,90``, ``£2.75``) is its unit
  price, not part of its description;
* a row of a priced table whose price could not be read is a ``LINE-UNREAD`` error on its unit price:
  a written price is never taken for "no price"; a row under the header before any row was read is
  a ``LINE-UNREAD`` error too.

A table ends at the first line after its rows that is not an item line, or at a blank line after rows
that could not be read; other blank lines do not end it (an HTML table arrives with one between rows).
"""

from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass, replace

from extractors.mail.body_lines import THOUSANDS_OR_DECIMALS, ItemLine, _Shape, is_item_code, read_item_line
from extractors.mail.sentence_items import sentence_items
from extractors.units import TABLE, UnitTable, unit_code
from extractors.capture.labels import label_key
from extractors.locale_values import DocLocale, fold, parse_number
from gateway.model import Problem

_FAMILIES: dict[str, tuple[str, ...]] = {
    "qty": ("qty", "qte", "quantity", "quantite", "menge", "anzahl", "stuckzahl", "nombre", "anz", "qtyordered",
            "orderqty", "orderedqty", "qtyord", "quantityordered", "bestellmenge", "quantitecommandee", "qtecommandee"),
    "unit": ("unit", "units", "uom", "unite", "me", "einheit", "u", "um", "ve", "pack", "unitofmeasure",
             "mengeneinheit", "conditionnement"),
    "code": ("item", "itemno", "itemcode", "sku", "article", "articleno", "artikel", "artnr", "artikelnr",
             "artikelnummer", "ref", "reference", "refarticle", "code", "partno", "part", "partnumber",
             "productcode", "product", "produit", "material", "materialnr", "ouritemno", "ouritem", "ourref",
             "ourartno", "ourpartno", "oursku", "ourcode", "unsereartnr", "unsereartikelnr", "unsereartikelnummer",
             "unserenr", "kundenartnr", "kundenartikelnr", "notreref", "notrereference", "notrecode", "refclient",
             "customeritem", "customeritemno", "customerpartno", "buyeritem", "itemnumber", "itemnr", "artno",
             "productno", "productnumber", "catalogno", "catalognumber", "catno", "refarticle", "codearticle"),
    # the SUPPLIER's (our company's) code as the customer types it: "Your Item No.", "Ihre Art.-Nr.", "Votre réf."
    "supplier": ("youritemno", "youritem", "yourref", "yourreference", "yourartno", "yourpartno", "yoursku",
                 "yourcode", "ihreartnr", "ihreartikelnr", "ihreartikelnummer", "ihrenr", "ihrematerialnr",
                 "lieferantenartnr", "lieferantenartikelnr", "herstellerartnr", "votreref", "votrereference",
                 "votrecode", "reffournisseur", "referencefournisseur", "codefournisseur", "supplieritem",
                 "supplieritemno", "supplierpartno", "suppliercode", "suppliersku", "vendoritem", "vendoritemno",
                 "vendorpartno", "vendorsku", "mfrpartno"),
    "desc": ("description", "designation", "bezeichnung", "libelle", "artikelbezeichnung", "name", "text",
             "produktbezeichnung", "desc", "itemdescription", "productdescription", "productname", "itemname",
             "artikelname", "artikeltext", "designationarticle"),
    "price": ("price", "unitprice", "priceeach", "netprice", "unitcost", "preis", "einzelpreis", "ep",
              "stuckpreis", "nettopreis", "prix", "prixunitaire", "pu", "puht", "prixht", "prixunitaireht",
              "pxunitaire", "eur", "preiseur", "priceeur", "prixeur", "rate", "unitrate", "tarif", "cost",
              "einzelpreisnetto", "prixunitht", "prixnet"),
    "pos": ("pos", "position", "posnr", "positionsnr", "lfdnr", "line", "lineno", "ligne", "zeile", "nr", "no"),
    "amount": ("total", "amount", "lineamount", "linetotal", "betrag", "gesamt", "gesamtpreis", "summe", "gp",
               "montant", "montantht", "totalht", "prixtotal", "totalprice", "extendedcost", "extendedprice",
               "extended", "ext", "extprice", "lineprice", "gesamtbetrag", "nettobetrag", "gesamtnetto"),
}
_KIND = {label_key(word): kind for kind, words in _FAMILIES.items() for word in words}
_CELL_SPLIT = re.compile(r"\t+|\s+\|\s+|\s{2,}|\s+/\s+")
_MONEY_TAIL = re.compile(r"(?:^|\s)(?P<money>(?:[€$£]\s?)?\d{1,3}(?:[.,\u202f ]\d{3})*[.,]\d{2}"
                         r"(?:\s?(?:€|eur|gbp|usd|chf))?)\s*$", re.IGNORECASE)
_CURRENCY = {"€": "EUR", "eur": "EUR", "$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP", "chf": "CHF"}


@dataclass(frozen=True)
class Header:
    columns: tuple[str, ...]  # the kind of each column

    @property
    def priced(self) -> bool:
        return "price" in self.columns


def cells(line: str) -> list[str]:
    return [c.strip(" |") for c in _CELL_SPLIT.split(line.strip().strip("|")) if c.strip(" |")]


def read_header(line: str) -> Header | None:
    """The columns of an item-table header line, or None."""
    found = cells(line)
    if len(found) < 2:
        found = _label_words(line)  # "Menge ME Artikel Bezeichnung Preis": one space between the labels
    if len(found) < 2 or any(c[:1].isdigit() for c in found):
        return None
    kinds = tuple(_KIND.get(label_key(c), "") for c in found)
    if "" in kinds or "qty" not in kinds or not {"code", "desc", "supplier"} & set(kinds) \
            or len(set(kinds)) < len(kinds):  # two columns of one kind: which one holds it is not known
        return None
    return Header(kinds)


def read_lines(lines: list[str], loc: DocLocale, shapes: tuple[_Shape, ...], units: list[str],
               table: UnitTable = TABLE) -> tuple[list[tuple[str, ItemLine | None]], list[int], list[str], list[Problem]]:
    """Each line with its item (or None), the indexes of header lines, the table rows that could not be
    read, and price-column problems. A line with items inside its sentences
    (``extractors.mail.sentence_items``) comes once per item."""
    unit_set = frozenset(units)
    read: list[tuple[str, ItemLine | None]] = []
    headers: list[int] = []
    problems: list[Problem] = []
    unread: list[str] = []
    header: Header | None = None
    rows = failed = 0
    for line in lines:
        if not line.strip():
            header = None if failed and not rows else header
            read.append((line, None))
            continue
        if (found := read_header(line)) is not None:
            header, rows, failed = found, 0, 0
            headers.append(len(read))
            read.append((line, None))
            continue
        item = read_item_line(line, loc, shapes) if header is not None or not _two_counts(line) else None
        if item is None and header is None and (several := sentence_items(line, loc, table)):
            read += [(line, found) for found in several]
            continue
        if item is None and header is None and read_item_line(line, loc, shapes, whole=False) is not None:
            unread.append(line.strip())  # an item line that says more than its item: shown, never dropped
        if header is not None:
            item = _by_columns(line, header, loc, unit_set) or _priced(item, header, loc)
            if item is None and not rows:
                failed += 1
                unread.append(line.strip())
            if item is None and rows:
                header = None  # the first other line after the rows ends the table
            elif item is not None:
                rows += 1
                if header.priced and item.unit_price is None:
                    problems.append(_price_unread(sum(1 for _l, i in read if i is not None), line))
        read.append((line, item))
    return read, headers, unread, problems


def _two_counts(line: str) -> bool:
    """A row of four cells or more under no header with two whole numbers in cells of their own
    ("2 | SCR-M6-100 | Schrauben | 25 | Box"): which is the quantity is not known, the row is not read."""
    found = cells(line)
    return len(found) >= 4 and sum(c.isdigit() and len(c) <= 5 for c in found) >= 2


def _label_words(line: str) -> list[str]:
    """A header typed with single spaces, read as labels: each word, or two or three words together ("Unit
    price", "Prix unitaire", "Art. Nr."), is a known column label; [] when any word is none."""
    words, out, i = line.split(), [], 0
    while i < len(words):
        for size in (3, 2, 1):
            label = " ".join(words[i:i + size])
            if len(words[i:i + size]) == size and label_key(label) in _KIND:
                out.append(label)
                i += size
                break
        else:
            return []
    return out


def _by_columns(line: str, header: Header, loc: DocLocale, units: frozenset[str]) -> ItemLine | None:
    values = cells(line)
    if len(values) != len(header.columns):
        return None
    cell = dict(zip(header.columns, values))
    if (counted := _COUNTED_CELL.fullmatch(cell.get("qty", "").strip())) and _unit_word(counted.group("unit"), units) \
            and not cell.get("unit"):  # "40 Stk" in the quantity cell, no unit column (or an empty one)
        cell["qty"], cell["unit"] = counted.group("qty"), counted.group("unit")
    if "price" in cell and not _per_unit_price(cell, units):
        return None  # "2.75/box" with the row in pieces: which unit the price is for is not sure, the row is shown
    quantity = parse_number(cell.get("qty", ""), loc)
    typed = cell.get("qty", "").strip()
    if quantity and re.fullmatch(r"\d{1,3}[.,]\d{3}", typed) and typed[-4] == loc.decimal:
        quantity = (quantity[0], min(quantity[1], THOUSANDS_OR_DECIMALS))  # "1.000" where "." is decimal: 1 or 1000
    supplier = cell.get("supplier", "").strip() or None
    code = cell.get("code", "").strip() or supplier or ""
    if "desc" not in cell and " " in code and is_item_code(code.split()[0], True):  # "TP-1002 Stapler" under "Item"
        code, cell["desc"] = code.split(None, 1)
    unit = cell.get("unit")
    if supplier is not None and not is_item_code(supplier, True):
        return None
    if quantity is None or quantity[0] <= 0 or not is_item_code(code, True) or \
            (unit is not None and fold(unit).lower().rstrip(".") not in units and unit.lower() not in units):
        return None
    price, currency = _money(cell["price"], loc, strict=False) if "price" in cell else (None, None)
    if "price" in cell and price is None:
        return None
    amount, typed = _money(cell["amount"], loc, strict=False) if "amount" in cell else (None, None)
    if "amount" in cell and amount is None:
        return None  # an amount written and not read: the row is shown, never read without it
    return ItemLine(quantity=quantity[0], code=code, unit=unit.rstrip(".") if unit else None,
                    description=cell.get("desc") or None, unit_price=price, strength=1.0,
                    quantity_strength=quantity[1], currency=currency or typed, supplier_code=supplier, amount=amount)


_COUNTED_CELL = re.compile(r"(?P<qty>\d[\d.,\u202f ]*?)\s*(?P<unit>[^\W\d_][^\W\d_()]*\.?)")
_PER_UNIT = re.compile(r"\s*(?:/|\bper\s+|\bpro\s+|\bpar\s+)\s*(?P<unit>[^\W\d_][^\W\d_()]*\.?)\s*$", re.IGNORECASE)
_PIECE_WORDS = frozenset({"c62", "pc", "pcs", "pce", "ea", "each", "stk", "stck", "stuck", "piece", "pieces", "unit",
                          "units", "u", "un", "unite", "unites"})


def _unit_word(word: str, units: frozenset[str]) -> bool:
    return fold(word).lower().rstrip(".") in units or word.lower().rstrip(".") in units


def _per_unit_price(cell: dict[str, str], units: frozenset[str]) -> bool:
    """A price typed with what it is per ("2.75/pc", "79.00/ea", "18,00 €/Stk"): the suffix is dropped when it
    names the row's own unit, or a piece with the row in pieces (no unit typed or a piece word). Any other
    suffix (a price per box for a row in pieces) leaves the row unread. True when the price cell can be read."""
    match = _PER_UNIT.search(cell["price"])
    if match is None:
        return True
    per = fold(match.group("unit")).lower().rstrip(".")
    row = fold(cell.get("unit") or "").lower().rstrip(".")
    if not _unit_word(match.group("unit"), units) and per not in _PIECE_WORDS:
        return False
    same = per == row or (unit_code(per) is not None and unit_code(per) == unit_code(row))
    if not same and not (per in _PIECE_WORDS and (not row or row in _PIECE_WORDS or unit_code(row) == "C62")):
        return False
    cell["price"] = cell["price"][:match.start()].strip()
    return True


def _priced(item: ItemLine | None, header: Header, loc: DocLocale) -> ItemLine | None:
    """A money-shaped number ending the description of a row under a price column is its price."""
    if item is None or item.unit_price is not None or not header.priced:
        return item
    text = item.description or ""
    amount = None
    if "amount" in header.columns:  # "... 24.50 122.50": the price, then the amount that is quantity x price
        last = _MONEY_TAIL.search(text)
        amount, _currency = _money(last.group("money"), loc) if last else (None, None)
        if last is None or amount is None:
            return item
        text = text[:last.start()]
    match = _MONEY_TAIL.search(text)
    price, currency = _money(match.group("money"), loc) if match else (None, None)
    if price is None or match is None or (amount is not None and abs(price * item.quantity - amount) > Decimal("0.01")):
        return item  # an amount that is not quantity x price: the row stays unread
    description = text[:match.start()].strip(" -:,;") or None
    return replace(item, unit_price=price, amount=amount if amount is not None else item.amount,
                   currency=currency or item.currency, description=description)


def _money(text: str, loc: DocLocale, strict: bool = True):
    """A price and its typed currency: money-shaped (two decimals) unless a whole price cell."""
    match = _MONEY_TAIL.search(" " + text.strip())
    if not match and strict:
        return None, None
    money = match.group("money") if match else text.strip()
    typed = re.search(r"€|\$|£|\beur\b|\bgbp\b|\busd\b|\bchf\b", money, re.IGNORECASE)
    found = parse_number(money, loc)
    if found is None or found[0] <= 0:
        return None, None
    return found[0], _CURRENCY.get(typed.group(0).lower()) if typed else None


def _price_unread(index: int, line: str) -> Problem:
    return Problem(code="LINE-UNREAD", severity="error", element=f"lines[{index}].unit_price",
                   message=f"line {index + 1}: the table has a price column but the price could not be read: "
                           f"{line.strip()[:120]!r}")

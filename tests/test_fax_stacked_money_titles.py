"""Browser-printed tables faxed whose price and amount titles wrap over two or three lines set
higher than the one-line titles ("Unit" / "price" / "net" and "Line" / "total" beside "Qty | Unit"):
OCR reads those lines as rows of their own, so the header row names no price or amount. The stacked
words beside the named columns name them; the unit cell keeps only its unit (findings-t23 F5)."""

from __future__ import annotations

from pathlib import Path

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
EN = ExtractHints(mappings_dir=REPO / "mappings")
DE = ExtractHints(languages=("deu",), locale="de_DE", mappings_dir=REPO / "mappings")


def _page(words: list[tuple[str, float, float]]) -> PageWords:
    """Words (text, x, y) on a fine fax page, 11 px a character, 20 px high."""
    return PageWords(1, 1400.0, 1980.0, tuple(Word(t, x, y, x + 11 * len(t), y + 20, 0.95, 1) for t, x, y in words))


def _order(titles: dict[str, str], rows: list[tuple[str, str, str, str, str, str]], price_top: int,
           total_label: str, total: str) -> PageWords:
    head = [("Northwind", 180, 300), ("Traders", 330, 300), (titles["po"], 180, 400), ("NW-55810", 420, 400),
            ("#", 190, 596), (titles["code"], 260, 596), (titles["desc"], 420, 596), (titles["qty"], 690, 596),
            (titles["unit"], 830, 596)]
    # the price title's three lines start well above the one-line titles, the amount's two lines straddle them
    for n, word in enumerate(titles["price"].split("/")):
        head.append((word, 935, price_top + 28 * n))
    for n, word in enumerate(titles["amount"].split("/")):
        head.append((word, 1110, 584 + 28 * n))
    body = []
    for k, (code, desc, qty, unit, price, amount) in enumerate(rows):
        y = 680 + 70 * k
        body += [(str(k + 1), 190, y), (code, 260, y), (desc, 420, y), (qty, 700, y), (unit, 830, y),
                 (price, 1000, y), (amount, 1130, y)]
    y = 680 + 70 * len(rows) + 20
    return _page(head + body + [(total_label, 950, y), (total, 1130, y)])


def _read(page: PageWords, hints: ExtractHints):
    return read_order_document([page], hints, "ocr", ocr=True).orders[0]


def test_english_price_and_amount_titles_over_several_lines_name_their_columns() -> None:
    """Each title misread by one character, as OCR does ("prlce", "tota1")."""
    titles = {"po": "PO:", "code": "Item", "desc": "Description", "qty": "Qty", "unit": "Unit",
              "price": "Unit/prlce/net", "amount": "Line/tota1"}
    rows = [("NW-3310", "Toner", "3", "pc", "41.20", "123.60"), ("NW-0075", "Envelopes", "8", "box", "6.45", "51.60")]
    order = _read(_order(titles, rows, 568, "Total", "175.20"), EN)
    assert [(ln.customer_item, str(ln.quantity), ln.uom, str(ln.unit_price), str(ln.amount)) for ln in order.lines] == [
        ("NW-3310", "3", "pc", "41.20", "123.60"), ("NW-0075", "8", "box", "6.45", "51.60")]
    assert not [p for p in order.problems if p.code in ("LAYOUT-PRICE-UNNAMED", "LAYOUT-ROW-UNREAD")]


def test_german_titles_wrapped_above_the_header_name_price_and_amount() -> None:
    titles = {"po": "Bestellnummer:", "code": "Artikel", "desc": "Bezeichnung", "qty": "Menge", "unit": "Einheit",
              "price": "Einzelpreis/netto/EUR", "amount": "Gesamt/netto"}
    rows = [("HX-2041", "Ordner", "12", "Stk", "2,15", "25,80"), ("HX-7730", "Locher", "2", "Stk", "11,90", "23,80")]
    order = _read(_order(titles, rows, 560, "Summe", "49,60"), DE)
    assert [(ln.customer_item, str(ln.quantity), str(ln.unit_price), str(ln.amount)) for ln in order.lines] == [
        ("HX-2041", "12", "2.15", "25.80"), ("HX-7730", "2", "11.90", "23.80")]
    assert all(ln.uom and not any(c.isdigit() for c in ln.uom) for ln in order.lines)


def test_a_unit_cell_reading_a_price_and_amount_gives_them_when_they_multiply_out() -> None:
    """The unit column's bound past the price and amount ("box 6.45 51.60" in one cell): the values are
    taken when quantity x price = amount, never otherwise."""
    from extractors.capture.table_cells import Column, Grid, row_cells
    from extractors.capture.words import Row
    grid = Grid((Column("code", 0, 100, 1.0), Column("quantity", 200, 240, 1.0), Column("uom", 300, 340, 1.0),
                 Column("unit_price", 900, 950, 1.0), Column("amount", 1000, 1060, 1.0)), (150, 260, 1200, 1300))

    def cells(qty: str, price: str, amount: str) -> dict:
        words = tuple(Word(t, x, 0, x + 40, 20, 0.9, 1) for t, x in (("NW-1", 0), (qty, 200), ("box", 300),
                                                                        (price, 400), (amount, 500)))
        return {k: [w.text for w in v] for k, v in row_cells(Row(1, words), grid).items()}
    assert cells("8", "6,45", "51,60") == {"code": ["NW-1"], "quantity": ["8"], "uom": ["box"],
                                           "unit_price": ["6,45"], "amount": ["51,60"]}
    assert cells("9", "6,45", "51,60")["uom"] == ["box", "6,45", "51,60"]

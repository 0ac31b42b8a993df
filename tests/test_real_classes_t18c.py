"""The readers' rules behind issue 18's last failing classes (``tests/fixtures/real_producers`` ``*_t18c``
families read field for field in ``tests/test_real_producers.py``): small inputs, no producer run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extractors.base import ExtractHints
from extractors.capture.charges import apply_discount
from extractors.capture.item_codes import code_in_description
from extractors.capture.table_cells import Column, Grid, row_cells
from extractors.capture.words import Row, Word
from extractors.locale_values import LOCALES
from extractors.sheet.sheet import EXTRACTOR as SHEET
from gateway.model import ExtractedLine
from testkit.harness import REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings")


def _csv(dates: list[str]) -> bytes:
    rows = ["PO,MP-7781", "Ordered,12/03/2026", "Item,Description,Qty,UOM,Price,Total,Date"]
    rows += [f"MP{12113 + n},Item {n},{n + 1},EA,2.00,{2 * (n + 1)}.00,{d}" for n, d in enumerate(dates)]
    return ("\n".join(rows) + "\n").encode()


def test_a_date_column_after_the_order_date_is_each_lines_delivery_date() -> None:
    [order] = SHEET.extract(_csv(["12/10/2026", "12/10/2026"]), ExtractHints(mappings_dir=REPO / "mappings",
                                                                              locale="en_US")).orders
    assert order.order_date == date(2026, 12, 3)
    assert [ln.requested_date for ln in order.lines] == [date(2026, 12, 10)] * 2


def test_a_date_column_repeating_the_order_date_is_no_delivery_date() -> None:
    [order] = SHEET.extract(_csv(["12/03/2026", "12/03/2026"]), ExtractHints(mappings_dir=REPO / "mappings",
                                                                              locale="en_US")).orders
    assert order.order_date == date(2026, 12, 3)
    assert order.requested_delivery_date is None and all(ln.requested_date is None for ln in order.lines)


def test_a_date_column_before_the_order_date_is_left_unread() -> None:
    [order] = SHEET.extract(_csv(["11/20/2026", "12/10/2026"]), ExtractHints(mappings_dir=REPO / "mappings",
                                                                              locale="en_US")).orders
    assert all(ln.requested_date is None for ln in order.lines)


def test_art_is_a_code_label_only_with_its_colon() -> None:
    assert code_in_description("Tischrechner 12-stellig Art.: HB-12063")[0] == "HB-12063"
    assert code_in_description("Leim nach Art. 12 DIN") is None


def _grid() -> Grid:
    columns = (Column("line_no", 0, 20, 1.0), Column("customer_item", 30, 50, 1.0),
               Column("description", 70, 150, 1.0), Column("quantity", 300, 330, 1.0))
    return Grid(columns, (25, 65, 250))


def test_a_code_run_into_the_descriptions_first_word_is_cut_at_the_description_column() -> None:
    width = 5.0  # a monospace print: "TK-12064" fills its column, 30 to 70
    row = Row(1, (Word("1", 0, 0, 5, 10), Word("TK-12064Toner", 30, 0, 30 + 13 * width, 10),
                  Word("cartridge", 105, 0, 150, 10), Word("10", 320, 0, 330, 10)))
    cells = row_cells(row, _grid())
    assert [w.text for w in cells["customer_item"]] == ["TK-12064"]
    assert [w.text for w in cells["description"]] == ["Toner", "cartridge"]


def test_a_numeric_code_overflowing_its_column_is_not_cut() -> None:
    row = Row(1, (Word("1", 0, 0, 5, 10), Word("4711234567", 30, 0, 80, 10), Word("Paper", 90, 0, 115, 10),
                  Word("10", 320, 0, 330, 10)))
    cells = row_cells(row, _grid())
    assert [w.text for w in cells.get("customer_item", []) + cells.get("description", [])][0] == "4711234567"


def _qty_grid() -> Grid:
    columns = (Column("description", 0, 60, 1.0), Column("quantity", 140, 170, 1.0), Column("uom", 180, 200, 1.0))
    return Grid(columns, (100, 175))


def test_a_description_clipped_against_the_quantity_keeps_its_own_number() -> None:
    words = (Word("Notizblock", 0, 0, 60, 10), Word("kariert,", 63, 0, 100, 10), Word("100", 103, 0, 125, 10),
             Word("40", 150, 0, 165, 10), Word("Stk", 181, 0, 195, 10))
    cells = row_cells(Row(1, words), _qty_grid())
    assert [w.text for w in cells["quantity"]] == ["40"]
    assert [w.text for w in cells["description"]][-1] == "100"


def test_a_thousands_quantity_at_a_spaces_distance_stays_the_quantity() -> None:
    words = (Word("Papier", 0, 0, 60, 10), Word("A4", 63, 0, 100, 10), Word("2", 103, 0, 108, 10),
             Word("500", 111, 0, 125, 10), Word("Stk", 181, 0, 195, 10))
    cells = row_cells(Row(1, words), _qty_grid())
    assert [w.text for w in cells["quantity"]] == ["2", "500"]


def _discounted(quantity: str, gross: str, amount: str, rate: str) -> Decimal | None:
    line = ExtractedLine(line_no=1, quantity=Decimal(quantity), unit_price=Decimal(gross), amount=Decimal(amount))
    apply_discount(line, rate, LOCALES["de"])
    return line.unit_price


def test_a_net_price_rounded_before_it_was_multiplied_is_the_rounded_one() -> None:
    assert _discounted("12", "3.90", "44.52", "5 %") == Decimal("3.71")  # 12 x 3.705 = 44.46
    assert _discounted("1", "1.15", "1.04", "10 %") == Decimal("1.035")  # both give 1.04: the exact one
    assert _discounted("100", "8.40", "827.40", "1,5 %") == Decimal("8.274")


def test_a_plain_total_over_the_goods_by_a_taxs_share_is_left_to_the_tax_checks() -> None:
    from extractors.capture.layout import _tax_like

    assert _tax_like(Decimal("9803.36"), Decimal("51596.65"))  # "zzgl. 19 % MwSt." wrapped, not read
    assert not _tax_like(Decimal("22.50"), Decimal("1531.94"))  # "Transport 22,50": a freight row not read
    assert _tax_like(Decimal("-4045.36"), Decimal("5056.70"))  # "TOTAL VAT 20% 1,011.34": under the goods


def test_a_plain_total_over_the_goods_is_a_tax_only_with_a_rate_printed_that_gives_it() -> None:
    # review R3: an unread freight row of 300,00 on 4 112,95 (7 %) was taken for a tax no row or rate gives
    from extractors.capture.layout import _tax_like

    assert not _tax_like(Decimal("300.00"), Decimal("4112.95"), ())
    assert not _tax_like(Decimal("300.00"), Decimal("4112.95"), (Decimal("20"),))
    assert _tax_like(Decimal("822.59"), Decimal("4112.95"), (Decimal("20"),))
    assert _tax_like(Decimal("9803.36"), Decimal("51596.65"), (Decimal("19"),))  # "zzgl. 19 % MwSt." wrapped


def _freight_page(freight: str, total: str, extra: tuple = (), label: str = "Divers"):
    from extractors.capture.words import PageWords, Word

    rows = [(89, [("Atelier Morin & Fils", 63)]), (140, [("56000 Vannes", 63)]),
            (199, [("Commande N° CF26-7712", 63)]), (266, [("Date: 14/12/2026", 63), ("Livrer le: 19/12/2026", 287)]),
            (321, [("Réf.", 110), ("Désignation", 462), ("Qté", 885), ("Unité", 952), ("P.U. HT", 1056),
                   ("Montant HT", 1175)]),
            (358, [("AM.12100", 74), ("Surligneur jaune fluo", 215), ("1 PCE", 916), ("0,95", 1097), ("0,95", 1275)]),
            (396, [("AM.12065", 74), ("Fauteuil de bureau ergonomique", 215), ("3 PCE", 916), ("1 249,00", 1048),
                   ("3 747,00", 1227)]),
            (434, [("AM.12058", 74), ("Câble réseau Cat6 blindé", 215), ("150 m", 887), ("1,20", 1097), ("180,00", 1246)]),
            (471, [("AM.12093", 74), ("Bloc-notes A5 quadrillé", 215), ("100 PCE", 887), ("1,85", 1097),
                   ("185,00", 1246)]),
            (509, [("Sous-total", 215), ("4 112,95", 1227)]), (547, [(label, 215), (freight, 1246)]),
            (585, [("Total", 215), (total, 1227)]), *extra]
    words = []
    for y, phrases in rows:
        for text, x in phrases:
            for w in text.split():
                words.append(Word(w, x, y, x + 11 * len(w), y + 20, 1.0, 1))
                x += 11 * len(w) + 6
    return PageWords(1, 1400.0, 1811.8, tuple(words))


@pytest.mark.parametrize("freight, total, extra, held", [
    ("300,00", "4 412,95", (), True),  # the freight row skipped: 7 % over the goods, no tax printed
    ("822,59", "4 935,54", (), True),  # 20 % over the goods, but no tax on the page
    ("822,59", "4 935,54", ((640, [("TVA 20 % incluse au total", 215)]),), False),  # the page's VAT gives it
])
def test_an_unread_row_between_the_goods_and_a_plain_total_holds_the_order(freight, total, extra, held) -> None:
    from extractors.capture.layout import read_order_document

    [order] = read_order_document([_freight_page(freight, total, extra)], ExtractHints(
        mappings_dir=REPO / "mappings", locale="fr_FR"), "pdf_text", False).orders
    assert ("LAYOUT-TOTAL-UNEXPLAINED" in [p.code for p in order.problems]) is held


@pytest.mark.parametrize("label", ["Transport", "Frais de port", "Fret"])
def test_a_freight_row_between_the_goods_and_the_total_is_the_orders_charge(label) -> None:
    # tables class 3: the freight row was skipped, the order held with the goods as its total
    from extractors.capture.layout import read_order_document

    [order] = read_order_document([_freight_page("300,00", "4 412,95", (), label)], ExtractHints(
        mappings_dir=REPO / "mappings", locale="fr_FR"), "pdf_text", False).orders
    assert order.total == Decimal("4412.95") and not order.problems
    assert [(a.kind, a.amount) for a in order.allowances] == [("charge", Decimal("300.00"))]

"""Fax reading classes that held orders from outside testers (issue 23, round after R34): two values
under one combined label ("Belegnummer / Datum"), two code columns (the customer's and ours).
Word-level pages (no OCR): fast."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
LANG = {"de": ("deu", "de_DE"), "en": ("eng", "en_GB"), "fr": ("fra", "fr_FR")}


def _hints(lang: str) -> ExtractHints:
    return ExtractHints(languages=(LANG[lang][0],), locale=LANG[lang][1], mappings_dir=REPO / "mappings")


def _page(lines: list[list[tuple[str, float]]]) -> PageWords:
    words = []
    for n, row in enumerate(lines):
        y = 40 + n * 30
        for text, x in row:
            words.append(Word(text, x, y, x + 9 * len(text), y + 14, 0.95, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def _spaced(x: float, *texts: str) -> list[tuple[str, float]]:
    out = []
    for text in texts:
        out.append((text, x))
        x += 9 * len(text) + 7
    return out


COMBINED = {"de": (("Bestell-Nr.", "/", "Datum"), "Einkauf", "12.11.2026"),
            "en": (("PO", "number", "/", "date"), "Purchasing", "12/11/2026"),
            "fr": (("N°", "de", "commande", "/", "date"), "Achats", "12/11/2026")}


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
@pytest.mark.parametrize("glued", [False, True])
def test_a_number_and_a_date_under_one_combined_label(lang: str, glued: bool) -> None:
    labels, title, printed = COMBINED[lang]
    value = [("KV-30218/" + printed, 900)] if glued else _spaced(900, "KV-30218", "/", printed)
    page = _page([
        [("Kunde", 40), ("4711", 140)], _spaced(900, *labels), value, [],
        _spaced(40, *title.split()), [],
        [("Code", 100), ("Description", 250), ("Qty", 700), ("Price", 950), ("Amount", 1150)],
        [("A-100", 100), ("Paper", 250), ("4", 716), ("2.50", 950), ("10.00", 1160)],
    ])
    order = read_order_document([page], _hints(lang), "ocr", ocr=True).orders[0]
    assert (order.po_number, order.order_date) == ("KV-30218", date(2026, 11, 12))


def _order(lang: str, *header: list[tuple[str, float]]):
    page = _page([
        [("Kunde", 40), ("4711", 140)], *header, [],
        [("Code", 100), ("Description", 250), ("Qty", 700), ("Price", 950), ("Amount", 1150)],
        [("A-100", 100), ("Paper", 250), ("4", 716), ("2.50", 950), ("10.00", 1160)],
    ])
    return read_order_document([page], _hints(lang), "ocr", ocr=True).orders[0]


@pytest.mark.parametrize("lang, words", [
    ("fr", ("Numéro", ":", "AC-7731", "du", "03/12/2026")), ("fr", ("Numéro", ":", "AC-7731", "du", "3", "décembre", "2026")),
    ("en", ("Number:", "AC-7731", "of", "03/12/2026")), ("de", ("Nummer:", "AC-7731", "vom", "03.12.2026")),
    ("de", ("Bestellschein", "Nr.", "AC-7731", "vom", "03.12.2026")), ("de", ("Auftrag", "Nr.", "AC-7731", "vom", "03.12.2026")),
    ("de", ("Auftrag", "Nr.", "AC-7731", "Datum", "03.12.2026")),
])
def test_a_number_and_its_date_on_one_line(lang: str, words: tuple[str, ...]) -> None:
    order = _order(lang, _spaced(500, *words))
    assert (order.po_number, order.order_date) == ("AC-7731", date(2026, 12, 3))


@pytest.mark.parametrize("lang, words, expected", [
    ("de", ("Liefertermin:", "KW", "3"), date(2027, 1, 18)), ("de", ("Liefertermin:", "KW", "03/2027"), date(2027, 1, 18)),
    ("de", ("Liefertermin:", "bis", "spätestens", "09.01.2027"), date(2027, 1, 9)),
    ("de", ("Lieferung", "bis", "spätestens", "09.01.2027"), date(2027, 1, 9)),
    ("fr", ("Livraison", ":", "au", "plus", "tard", "le", "09/01/2027"), date(2027, 1, 9)),
    ("en", ("Delivery:", "no", "later", "than", "09/01/2027"), date(2027, 1, 9)),
])
def test_delivery_dates_in_words(lang: str, words: tuple[str, ...], expected: date) -> None:
    order = _order(lang, _spaced(40, "Bestellung", "Nr.", "AC-7731", "vom", "03.12.2026"), _spaced(40, *words))
    assert order.requested_delivery_date == expected


@pytest.mark.parametrize("text", ["voir adresse de facturation", "Voir l'adresse de facturation", "to our billing address",
                                  "voirl'adresse de facturation",
                                  "an unsere Rechnungsanschrift", "siehe Rechnungsanschrift", "same as billing"])
def test_the_billing_address_named_as_the_delivery_address(text: str) -> None:
    from extractors.capture.same_address import says_same_as_billing

    assert says_same_as_billing(text)


TWO_CODES = {"de": ("Pos", "Kunden-Nr.", "Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"),
             "de2": ("Pos", "Unsere Nr.", "Ihre Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"),
             "en": ("Line", "Customer code", "Item no.", "Description", "Qty", "Price", "Amount"),
             "fr": ("Ligne", "Réf. client", "Code article", "Désignation", "Qté", "Prix", "Montant")}


@pytest.mark.parametrize("lang", ["de", "de2", "en", "fr"])
def test_two_code_columns_the_customers_and_ours(lang: str) -> None:
    """The customer's own code beside ours (not on every row): ours is the item's code, the customer's
    the cross-reference; a row without the customer's code is still an item."""
    titles = TWO_CODES[lang]
    xs = (40, 100, 260, 420, 760, 950, 1150)
    head = [(t, x) for t, x in zip(titles, xs)]
    page = _page([
        _spaced(40, "Bestellung", "Nr.", "AC-7731", "vom", "03.12.2026"), [], head,
        [("1", 40), ("KX-4711", 100), ("SKU-1003", 260), ("Ordner", 420), ("A4", 490), ("40", 770), ("2.75", 950), ("110.00", 1150)],
        [("2", 40), ("SKU-1001", 260), ("Papier", 420), ("10", 770), ("24.50", 950), ("245.00", 1150)],
    ])
    order = read_order_document([page], _hints(lang[:2]), "ocr", ocr=True).orders[0]
    assert [(ln.quantity, {ln.supplier_item, ln.customer_item} & {"SKU-1003", "SKU-1001"}) for ln in order.lines] == [
        (40, {"SKU-1003"}), (10, {"SKU-1001"})]
    assert not [p for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"]


CATALOGUE = {"de": ("Art.-Nr.", "Artikel", "Preis", "Menge", "Betrag", "Summe"),
             "en": ("Item", "Description", "Price", "Qty", "Amount", "Total"),
             "fr": ("Code", "Article", "Prix", "Qté", "Montant", "Total")}


@pytest.mark.parametrize("lang", ["de", "en", "fr"])
@pytest.mark.parametrize("total", ["84.00", "95.00", None])
def test_a_catalogue_form_its_blank_rows_are_not_lines(lang: str, total: str | None) -> None:
    """Most rows of a supplier's order form are not ordered (quantity and amount blank): not lines, and
    not unread rows when the stated total is the ordered rows' sum; without a total, or with another
    one, they are shown to a person (a quantity OCR lost would look the same)."""
    code, desc, price, qty, amount, word = CATALOGUE[lang]
    rows = [("PX-100", "Paper", "24.50", "", ""), ("PX-200", "Pens", "3.90", "10", "39.00"), ("PX-300", "Files", "2.75", "", ""),
            ("PX-400", "Stapler", "18.00", "", ""), ("PX-500", "Toner", "45.00", "1", "45.00")]
    page = _page([
        _spaced(40, "Bestellung", "Nr.", "AC-7731", "vom", "03.12.2026"), [],
        [(code, 40), (desc, 250), (price, 760), (qty, 950), (amount, 1150)],
        *[[(c, 40), (d, 250), (p, 760), *([(q, 960)] if q else []), *([(a, 1150)] if a else [])] for c, d, p, q, a in rows],
        *([[(word, 950), (total, 1150)]] if total else []),
    ])
    order = read_order_document([page], _hints(lang), "ocr", ocr=True).orders[0]
    assert [(ln.supplier_item or ln.customer_item, ln.quantity) for ln in order.lines] == [("PX-200", 10), ("PX-500", 1)]
    unread = [p for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"]
    assert bool(unread) == (total != "84.00")


@pytest.mark.parametrize("lang, text, expected", [
    ("de", "bitte liefern Sie uns:\n\n  15 x SKU-1004 Heftgerät Hochleistung zu 18,00 EUR je Stk\n", ("SKU-1004", 15, "18.00")),
    ("de", "Bitte liefern Sie:\n 4 x SKU-1005 Toner zu je 79,00 EUR\n", ("SKU-1005", 4, "79.00")),
    ("en", "Please deliver:\n  12 x SKU-1005 Toner cartridge black at 79.00 each\n", ("SKU-1005", 12, "79.00")),
    ("fr", "Merci de nous livrer :\n  30 x SKU-1003 Classeur à levier à 2,75 EUR l'unité\n", ("SKU-1003", 30, "2.75")),
])
def test_items_typed_in_a_memo(lang: str, text: str, expected: tuple[str, int, str]) -> None:
    from decimal import Decimal

    from extractors.mail.body_text import EXTRACTOR as BODY

    order = BODY.extract(text.encode(), _hints(lang)).orders[0]
    assert [(ln.supplier_item or ln.customer_item, ln.quantity, ln.unit_price) for ln in order.lines] == [
        (expected[0], expected[1], Decimal(expected[2]))]


LINE_DATES = {"de": ("Artikel", "Bezeichnung", "Lief.-Termin", "Menge", "Preis", "Betrag", "15.12.2026"),
              "en": ("Item", "Description", "Del. date", "Qty", "Price", "Amount", "15/12/2026"),
              "en2": ("Item", "Description", "Due", "Qty", "Price", "Amount", "15/12/2026"),
              "fr": ("Code", "Désignation", "Date livraison", "Qté", "Prix", "Montant", "15/12/2026")}


@pytest.mark.parametrize("lang", ["de", "en", "en2", "fr"])
def test_a_date_column_on_each_line_gives_the_orders_date_when_the_lines_agree(lang: str) -> None:
    *titles, printed = LINE_DATES[lang]
    xs = (40, 250, 560, 800, 950, 1150)
    page = _page([
        _spaced(40, "Order", "No.", "AC-7731", "of", "03.12.2026"), [],
        [(t, x) for t, x in zip(titles, xs)],
        [("PX-100", 40), ("Paper", 250), (printed, 560), ("4", 810), ("24.50", 950), ("98.00", 1150)],
        [("PX-200", 40), ("Pens", 250), (printed, 560), ("10", 810), ("3.90", 950), ("39.00", 1150)],
    ])
    order = read_order_document([page], _hints(lang[:2]), "ocr", ocr=True).orders[0]
    assert [ln.quantity for ln in order.lines] == [4, 10]
    assert [ln.requested_date for ln in order.lines] == [date(2026, 12, 15)] * 2


def test_the_orders_own_number_beside_a_delivery_label_is_no_postcode() -> None:
    from extractors.capture.page_notes import page_notes
    from gateway.model import ExtractedOrder

    page = _page([_spaced(40, "Commande", "n°", "CF-88120", "Livrer", "à", ":")])
    from extractors.capture.words import group_rows

    rows = group_rows(page)
    assert not page_notes(rows, ExtractedOrder(po_number="CF-88120"))


@pytest.mark.parametrize("read, other, expected", [
    ("SKU-1003Ordner", None, "SKU-1003"), ("KX-4711 SKU-1003", None, "SKU-1003"), ("SKU-1O03", "SKU-1003 Ordner", "SKU-1003"),
    ("SKU- Ordner A4 1003 80mm", None, "SKU-1003"), ("KX- Ordner 4711", None, "SKU-1003"),
    ("KX-4711 SKU-1001", None, None),  # the customer's code names another product than ours: held
    ("SKU-1003Ordner", None, None),  # at a price far from the list price: nothing confirmed
])
def test_a_code_run_into_the_next_column_is_confirmed_by_master_data(read: str, other: str | None,
                                                                    expected: str | None) -> None:
    from decimal import Decimal

    from gateway.model import ExtractedLine
    from gateway.stages.ocr_confirm import confirmed_item

    xref = {"KX-4711": "SKU-1003"}
    known = lambda code: code if code in ("SKU-1001", "SKU-1003") else xref.get(code)  # noqa: E731
    prices = {"SKU-1001": Decimal("24.50"), "SKU-1003": Decimal("2.75")}
    price = Decimal("9.99") if expected is None and "Ordner" in read else Decimal("2.75")
    line = ExtractedLine(line_no=1, supplier_item=read, quantity=Decimal(4), unit_price=price,
                         other_readings={"supplier_item": other} if other else {})
    problems: list = []
    assert confirmed_item(line, known, prices.get, problems)[0] == expected


@pytest.mark.parametrize("text, expected", [("bis spätestens 18.12 2026", date(2026, 12, 18)), ("le 09/01 2027", date(2027, 1, 9)),
                                            ("Preis 24.50 2026", None), ("12.5 2026", None)])
def test_a_date_whose_second_separator_ocr_lost(text: str, expected: date | None) -> None:
    from extractors.locale_values import locale_for, parse_date

    found = parse_date(text, locale_for("de_DE", "de"))
    assert (found[0] if found else None) == expected and (found is None or found[1] < 1.0)

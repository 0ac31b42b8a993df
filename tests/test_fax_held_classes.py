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

"""A Word form's totals typed as paragraphs under its table (issue 18, findings-t2 held-needlessly 9): "Subtotal:
292.80 EUR" / "VAT 23%: 67.34 EUR" / "Total: 360.14 EUR" is the order's net, its tax row and its total with tax,
checked as one block. A subtotal typed with its amount in one paragraph names no group ("Subtotal: 292.80 EUR" is
not "Sous-total Hygiène"), so it is not passed over as a group's subtotal with the total under it; a block that
does not add up still holds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.locale_values import locale_for
from extractors.sheet.sheet import DEFAULT_MAPPINGS, load_mapping
from extractors.sheet.sheet_table import Cells, _group_subtotal, read_orders

WORDS = {"en": (["Item", "Description", "Qty", "Unit Price", "Line Total"], "Subtotal: {} EUR", "VAT 23%: {} EUR",
                "Total: {} EUR"),
         "fr": (["Réf.", "Désignation", "Qté", "P.U. HT", "Montant HT"], "Sous-total : {} €", "TVA 20 % : {} €",
                "Total : {} €"),
         "de": (["Art.-Nr.", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt"], "Zwischensumme: {} €",
                "MwSt. 19 %: {} €", "Gesamtbetrag: {} €")}
RATES = {"en": Decimal("0.23"), "fr": Decimal("0.20"), "de": Decimal("0.19")}


def _money(value: Decimal, lang: str, places: int = 2) -> str:
    text = f"{value:.{places}f}"
    return text if lang == "en" else text.replace(".", ",")


def _form(lang: str, net: Decimal = Decimal("292.80"), gross_shift: Decimal = Decimal(0)):
    titles, sub, vat, total = WORDS[lang]
    tax = (net * RATES[lang]).quantize(Decimal("0.01"))
    rows = [["PO Number", "W-18"], titles,
            ["NG/12012", "Paper", "10", _money(Decimal("24.50"), lang), _money(Decimal("245.00"), lang)],
            ["NG/12089", "Highlighter", "40", _money(Decimal("1.195"), lang, 3), _money(Decimal("47.80"), lang)],
            [], [sub.format(_money(net, lang))], [vat.format(_money(tax, lang))],
            [total.format(_money(net + tax + gross_shift, lang))], ["Kind regards,"], ["Niamh Doyle"]]
    (order,) = read_orders(Cells(name="word", rows=rows, typed=False), load_mapping(DEFAULT_MAPPINGS, None),
                           locale_for(lang))
    return order


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_the_tax_paragraph_under_a_word_table_is_the_tax_row(lang):
    order = _form(lang)
    assert order.total == Decimal("292.80")
    assert not [p for p in order.problems if p.severity == "error"], order.problems


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_a_total_that_is_not_net_plus_tax_still_holds(lang):
    order = _form(lang, gross_shift=Decimal("10.00"))
    assert [p for p in order.problems if p.severity == "error"], order.problems


def test_a_subtotal_that_is_not_the_lines_sum_still_holds():
    order = _form("en", net=Decimal("282.80"))
    assert "TOTAL-MISMATCH" in {p.code for p in order.problems if p.severity == "error"}, order.problems


@pytest.mark.parametrize("text, group", [
    ("Subtotal: 292.80 EUR", False), ("Sous-total : 1 322,60 €", False), ("Zwischensumme: 219,00 €", False),
    ("Subtotal (excl. VAT): 10.00", False),
    ("Sous-total Hygiène", True), ("Sous-total Hygiène : 120,00 €", True), ("Zwischensumme Büro 219,00", True),
])
def test_a_subtotal_typed_with_its_amount_names_no_group(text, group):
    assert _group_subtotal([text]) is group

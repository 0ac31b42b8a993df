"""Typed e-mail orders (outside trial, wave 1): a quotation's date in the ordering sentence is the quote's, not
an unplaced date ("gemäß Ihrem Angebot AN-2026-118 vom 12.11.2026 bestellen wir"), and a pack phrase of the
catalogue's size in the customer's own words, typed at the price of one sales unit, counts sales units ("Ramettes
A4 (carton de 5) | 50 | 24,50" for paper sold as a box of 5 reams at 24.50)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.test_trust import DUE, TODAY, typed
from tests.test_typed_outside_classes import FR, IE, DE, codes, config_path, read  # noqa: F401 (fixture)

QUOTED = (TODAY - timedelta(days=20))


@pytest.mark.parametrize("sentence", [
    f"Gemäß Ihrem Angebot AN-2026-118 vom {QUOTED:%d.%m.%Y} bestellen wir:",
    f"As per your quotation Q-118 dated {QUOTED:%d/%m/%Y} please supply:",
    f"Suivant votre devis n° D-2291 du {QUOTED:%d/%m/%Y}, merci de nous livrer :",
    f"Bezug: Ihr Angebot vom {QUOTED:%d.%m.%Y}",
])
def test_a_quotations_date_is_no_unplaced_date(sentence):
    order = read(f"Bestellnummer: QA-410\nLiefertermin: {DUE}\n\n{sentence}\n\n- 4 Stk KB-2210\n\nDanke\n")
    assert "DATE-UNPLACED" not in codes(order) and order.order_date != QUOTED


def test_an_unnamed_other_date_still_holds():
    order = read(f"Bestellnummer: QA-411\nLiefertermin: {DUE}\n\nWie am {QUOTED:%d.%m.%Y} besprochen:\n\n"
                 "- 4 Stk KB-2210\n\nDanke\n")
    assert "DATE-UNPLACED" in codes(order)


@pytest.mark.parametrize("price, status", [
    ("32,00    320,00", "ready"),   # one carton's price, ten cartons' amount: the quantity counts cartons
    ("32,00", "review"),            # the price of a carton, no amount: 10 reams may be meant (review rev1 D1)
    ("6,40     64,00", "review"),   # the price of a ream: 10 cartons or 10 reams?
    (None, "review"),               # no price: nothing settles it
])
def test_the_catalogues_pack_in_other_words_is_settled_by_the_sales_units_price(config_path, tmp_path, price, status):
    cols = "Menge  ME   Artikel    Bezeichnung                    " + ("Preis    Betrag" if price else "")
    row = f"10     CT   TP-1005    Ramettes A4 (carton de 5)      {price or ''}".rstrip()
    body = f"Bestellnummer: QA-412\nLiefertermin {DUE}\n\n{cols}\n{row}\n\nMit freundlichen Grüßen\nJ. Weber\n"
    (got,) = typed(config_path, DE, body, tmp_path, cli=status == "ready")
    found = {i["code"] for i in got["issues"]}
    assert got["status"] == status, got["issues"]
    assert (status == "ready") == ("PACK-SIZE-TYPED" not in found), got["issues"]


def test_cents_typed_with_a_dot_by_a_french_customer_are_sure(config_path, tmp_path):
    """A French customer's mail program writing its table with dots ("12.00"): no other reading of the price
    (outside trial: every price at 0.60, the order waited CONFIDENCE-LOW)."""
    body = (f"Commande n° QA-413\nLivraison souhaitée : {DUE}\n\nQté\tRéf.\tDésignation\tPrix unitaire\n"
            "4\tTP-1002\tAgrafeuse\t12.00\n\nCordialement,\nMarie\n")
    (got,) = typed(config_path, FR, body, tmp_path, cli=True)
    assert got["status"] == "ready", got["issues"]
    assert got["lines"][0]["unit_price"] == "12.00" and got["lines"][0]["field_confidence"]["unit_price"] >= 0.9

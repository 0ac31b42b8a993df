"""Typed e-mail orders, second wave of outside findings (own examples in English, French and German):

* a delivery window joined by a dash ("Delivery 14-16 Dec 2026", "Lieferung 14.-16. Dez. 2026") is read as its
  first day with a note, as "entre le 14 et le 18/12" is; over a week it holds (DELIVERY-WINDOW-WIDE);
* the quoted history of Yahoo Mail (``yahoo_quoted``) and Outlook Web (``appendonsend``) is quoted, no new order.
"""

from __future__ import annotations

from datetime import date, datetime
from email.utils import format_datetime

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from extractors.mail.html_text import html_to_text
from testkit.harness import REPO


def read(body: str, locale: str | None = None):
    hints = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain; charset=utf-8", locale=locale)
    text = f"Date: {format_datetime(datetime(2026, 12, 1, 9, 0))}\n\nPO WV-2210\n{body}\n"
    return EXTRACTOR.extract(text.encode(), hints).orders


def codes(order) -> list[str]:
    return [p.code for p in order.problems]


def items(order) -> list[tuple[str | None, str]]:
    return [(ln.supplier_item or ln.customer_item, f"{ln.quantity.normalize():f}") for ln in order.lines]


@pytest.mark.parametrize("line, locale", [
    ("Delivery 15-17 Dec 2026 please", "en_IE"),
    ("Lieferung 15.-17. Dez. 2026", "de_DE"),
    ("Liefertermin 15.12.-17.12.2026", "de_DE"),
    ("Livraison 15-17 déc. 2026 svp", "fr_FR"),
])
def test_a_dash_window_is_read_as_its_first_day_with_a_note(line, locale):
    [order] = read(f"{line}\n\n4 x TP-1001", locale)
    assert order.requested_delivery_date == date(2026, 12, 15)
    assert any("window" in note for note in order.notes)
    assert "DELIVERY-WINDOW-WIDE" not in codes(order)


@pytest.mark.parametrize("line, locale", [("Deliver 3-15 Dec 2026", "en_IE"), ("Lieferung 3.-15. Dez. 2026", "de_DE")])
def test_a_dash_window_over_a_week_holds(line, locale):
    [order] = read(f"{line}\n\n4 x TP-1001", locale)
    assert order.requested_delivery_date == date(2026, 12, 3)
    assert "DELIVERY-WINDOW-WIDE" in codes(order)


def test_an_iso_date_is_no_dash_window():
    [order] = read("Delivery date 2026-12-16\n\n4 x TP-1001", "en_IE")
    assert order.requested_delivery_date == date(2026, 12, 16)
    assert not order.notes or not any("window" in note for note in order.notes)


YAHOO = ('<div>Thanks, fine by us. Anna</div><div class="yahoo_quoted" id="yahoo_quoted_4417"><div>On Monday, '
         'Sales wrote:</div><div>PO 5120</div><div>7 x TP-1002</div></div>')
OWA = ('<div>Merci, parfait.</div><div id="appendonsend"></div><hr><div><b>De :</b> Ventes<br><b>Objet :</b> '
       'commande 5121</div><div>Commande 5121</div><div>4 x TP-1003</div>')


@pytest.mark.parametrize("html", [YAHOO, OWA])
def test_yahoo_and_outlook_web_history_is_quoted(html):
    text = html_to_text(html)
    assert all(ln.startswith(">") for ln in text.splitlines() if "TP-10" in ln)
    hints = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/html; charset=utf-8")
    got = EXTRACTOR.extract(html.encode(), hints)
    assert all(not o.lines or o.problems for o in got.orders)  # nothing read to go out untouched


@pytest.mark.parametrize("line, locale, code", [
    ("Could you quote us for 60 pcs TP-1003 as well", "en_IE", "PRICE-REQUEST"),
    ("Wir bitten um ein Angebot für 60 Stück TP-1003", "de_DE", "PRICE-REQUEST"),
    ("Merci de nous faire un devis pour 60 x TP-1003", "fr_FR", "PRICE-REQUEST"),
    ("Heads up: our next order will include 12 x TP-1004", "en_IE", None),
    ("Pour info, nous aurons besoin de 12 x TP-1004 en mars", "fr_FR", None),
    ("Im Februar werden wir ca. 12 x TP-1004 benötigen", "de_DE", None),
])
def test_items_asked_for_a_quote_or_needed_later_are_no_order_lines(line, locale, code):
    [order] = read(f"3 x TP-1001\n{line}", locale)
    assert items(order) == [("TP-1001", "3")]
    assert order.problems  # held with its reason, the line shown
    if code:
        assert code in codes(order)


def test_an_order_as_per_a_quotation_is_still_an_order():
    [order] = read("As per your quotation Q-4410:\n3 x TP-1001", "en_IE")
    assert items(order) == [("TP-1001", "3")]
    assert "PRICE-REQUEST" not in codes(order)


@pytest.mark.parametrize("line, locale", [
    ("6 x TP-1002 or equivalent", "en_IE"),
    ("6 Stk. TP-1002 oder gleichwertig", "de_DE"),
    ("6 x TP-1002 ou équivalent", "fr_FR"),
])
def test_a_substitute_allowed_holds(line, locale):
    [order] = read(line, locale)
    assert items(order) == [("TP-1002", "6")]
    assert "QUESTION-TYPED" in codes(order)


# --- through the gateway with the trust corpus's master data and customers --------------------------------

from tests.test_typed_dates import DE, FR, IE, extract  # noqa: E402
from testkit.trust_corpus import trust_config  # noqa: E402


@pytest.fixture(scope="module")
def config_path(tmp_path_factory):
    return trust_config(tmp_path_factory.mktemp("typed_wave2"))


@pytest.mark.parametrize("customer, body", [
    (DE, "Bestellung 7791\n\n8 x TP-1001 Hefter\n\nGruß"),
    (FR, "Commande 7792\n\n8 x TP-1001 agrafeuses\n\nCordialement"),
    (DE, "Bestellung 7793\n\n3 x TP-1002 Schreibtischlampe\n\nGruß"),
])
def test_a_german_or_french_description_naming_another_product_holds(config_path, customer, body):
    [order] = extract(config_path, customer, body)
    assert order["status"] == "review" and "ITEM-CONFLICT" in [i["code"] for i in order["issues"]]


@pytest.mark.parametrize("customer, body", [
    (DE, "Bestellung 7794\n\n8 x TP-1002 Hefter\n\nGruß"),
    (FR, "Commande 7795\n\n8 x TP-1002 agrafeuses\n\nCordialement"),
])
def test_a_german_or_french_description_of_its_own_product_is_no_conflict(config_path, customer, body):
    [order] = extract(config_path, customer, body)
    assert "ITEM-CONFLICT" not in [i["code"] for i in order["issues"]]


@pytest.mark.parametrize("customer, body", [
    (IE, "Can you send 4 more staplers TP-1002?"),
    (FR, "Pourriez-vous nous envoyer encore 4 agrafeuses TP-1002 ?"),
    (DE, "Können Sie uns noch 4 Hefter TP-1002 schicken?"),
])
def test_a_known_sender_asking_for_coded_items_is_an_order_that_waits(config_path, customer, body):
    got = extract(config_path, customer, body, "Nachschub")
    assert got and got[0]["status"] == "review"
    assert "PO-MISSING" in [i["code"] for i in got[0]["issues"]]

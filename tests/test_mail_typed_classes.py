"""Classes of orders typed in an e-mail body that an outside tester's held-out run found delivered wrong or held
for nothing, with inputs made here: a weekday that contradicts its date, a typed quantity change, two POs in
one e-mail, a request to repeat an order, an Outlook-quoted older message, how sure a sentence item is, and
lines and PO labels that read now ("12 boxes TP-1003 at 6.50", "Toner TK-580, 10 pcs", "PO is X").

Through the gateway's extract path (``tests.test_trust.typed``: the e-mail's Date header two days ago).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from testkit.trust_corpus import CUSTOMERS, trust_config

TODAY = date.today()
DUE = TODAY + timedelta(days=12)
FR, IE, US, DE = CUSTOMERS
DAYS = {"en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
        "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
        "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()}
MONTHS = {"en": "January February March April May June July August September October November December".split(),
          "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
          "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("mail_classes"))


def orders(config: Path, customer, body: str, tmp: Path) -> list[dict]:
    from tests.test_trust import typed
    return typed(config, customer, body, tmp)


def one(config: Path, customer, body: str, tmp: Path) -> dict:
    (got,) = orders(config, customer, body, tmp)
    return got


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


def us(day: date) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def eu(day: date, sep: str = "/") -> str:
    return day.strftime(f"%d{sep}%m{sep}%Y")


def spelled(day: date, lang: str, weekday: int | None = None, year: bool = True) -> str:
    """"Thursday 10 December 2026", "jeudi 10 décembre", "Donnerstag, 10. Dezember" (weekday: that one)."""
    name = DAYS[lang][day.weekday() if weekday is None else weekday]
    month = MONTHS[lang][day.month - 1]
    tail = f" {day.year}" if year else ""
    return {"en": f"{name} {day.day} {month}{tail}", "fr": f"{name} {day.day} {month}{tail}",
            "de": f"{name}, {day.day}. {month}{tail}"}[lang]


# --- 1. a weekday beside a date ---------------------------------------------------------------------------

WEEKDAY_CASES = [(US, "en", "PO QW-101\n3 x TP-1002\nDeliver by {date}\n\nThanks\n"),
                 (FR, "fr", "Commande n° QW-102\n3 x TP-1002\nLivraison le {date}\n\nMerci\n"),
                 (DE, "de", "Bestellnummer: QW-103\n3 x TP-1002\nLiefertermin: {date}\n\nDanke\n")]


@pytest.mark.parametrize("customer, lang, body", WEEKDAY_CASES)
@pytest.mark.parametrize("year", [True, False])
def test_a_weekday_that_agrees_with_its_date_is_read(config_path, tmp_path, customer, lang, body, year):
    got = one(config_path, customer, body.format(date=spelled(DUE, lang, year=year)), tmp_path)
    assert got["requested_delivery_date"] == DUE.isoformat() and got["status"] == "ready", got["issues"]


@pytest.mark.parametrize("customer, lang, body", WEEKDAY_CASES)
@pytest.mark.parametrize("year", [True, False])
def test_a_weekday_that_contradicts_its_date_holds(config_path, tmp_path, customer, lang, body, year):
    wrong = (DUE.weekday() + 3) % 7
    got = one(config_path, customer, body.format(date=spelled(DUE, lang, wrong, year)), tmp_path)
    assert got["status"] == "review" and codes(got)["DATE-WEEKDAY-MISMATCH"] == "error"
    message = next(i["message"] for i in got["issues"] if i["code"] == "DATE-WEEKDAY-MISMATCH")
    assert DUE.isoformat() in message and DAYS["en"][DUE.weekday()] in message


def test_a_weekday_after_other_delivery_words_is_read(config_path, tmp_path):
    got = one(config_path, DE, f"Bestellnummer QW-106\n1 x TP-1001\nAnlieferung bitte am {spelled(DUE, 'de')}\n", tmp_path)
    assert got["status"] == "ready" and got["requested_delivery_date"] == DUE.isoformat(), got["issues"]
    got = one(config_path, FR, f"Commande n° QW-107\n1 x TP-1001\nLivraison souhaitée {spelled(DUE, 'fr', year=False)}\n",
              tmp_path)
    assert got["status"] == "ready" and got["requested_delivery_date"] == DUE.isoformat(), got["issues"]


def test_a_german_short_weekday_and_one_in_brackets_are_checked(config_path, tmp_path):
    short = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"][DUE.weekday()]
    got = one(config_path, DE, f"Bestellnummer QW-104\n1 x TP-1001\nLiefertermin: {short}., {eu(DUE, '.')}\n", tmp_path)
    assert got["status"] == "ready" and got["requested_delivery_date"] == DUE.isoformat(), got["issues"]
    other = DAYS["en"][(DUE.weekday() + 1) % 7]
    got = one(config_path, IE, f"PO QW-105\n1 x TP-1001\nDelivery {eu(DUE)} ({other})\n\nThanks\n", tmp_path)
    assert codes(got)["DATE-WEEKDAY-MISMATCH"] == "error"


# --- 2. a typed quantity change ---------------------------------------------------------------------------

@pytest.mark.parametrize("customer, body", [
    (US, "PO QC-201\nShip by {us}\n\n4 x TP-1002 instead of 3\n2 x TP-1006\n\nThanks\n"),
    (US, "Hi, regarding PO QC-202: make it 4 not 3 of TP-1002.\n\nThanks\n"),
    (DE, "Bestellung QC-203 vom {de}: bei TP-1002 statt 3 bitte 4 Stück.\n\nDanke\n"),
    (FR, "Commande QC-204 : TP-1002 4 au lieu de 3\nLivraison le {fr}\n\nMerci\n"),
    (US, "PO QC-205: please increase TP-1002 from 3 to 4.\n\nThanks\n"),
    (US, "Re PO QC-206 - for TP-1002 we need 4, not 3.\n\nThanks\n"),
    (DE, "Zu Bestellung QC-207: TP-1002 bitte nicht 3, sondern 4 Stück.\n\nDanke\n"),
    (DE, "Bestellung QC-208: TP-1002 von 3 auf 4 erhöhen.\n\nDanke\n"),
])
def test_a_typed_change_is_a_change_of_the_line_it_names_held_with_both_numbers(config_path, tmp_path, customer,
                                                                               body):
    text = body.format(us=us(DUE), de=eu(TODAY - timedelta(days=3), "."), fr=eu(DUE))
    got = one(config_path, customer, text, tmp_path)
    changed = [ln for ln in got["lines"] if ln["sku"] == "TP-1002"]
    assert [(ln["quantity"], ln["action"]) for ln in changed] == [("4", "change")]
    assert got["kind"] == "change" and got["status"] == "review" and codes(got)["QTY-CHANGE-TYPED"] == "error"
    message = next(i["message"] for i in got["issues"] if i["code"] == "QTY-CHANGE-TYPED")
    assert "4 instead of 3" in message
    assert all(ln["action"] != "delete" for ln in got["lines"])


def test_a_change_that_says_more_than_two_numbers_stays_unread(config_path, tmp_path):
    got = one(config_path, US, f"PO QC-210\nShip by {us(DUE)}\n\n- 4 x TP-1002 (instead of the 2 on Monday)\n"
                                f"- 1 x TP-1001\n\nThanks\n", tmp_path)
    assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error" and "QTY-CHANGE-TYPED" not in codes(got)


# --- 3. several POs in one e-mail -------------------------------------------------------------------------

@pytest.mark.parametrize("customer, body", [
    (US, "Hello,\n\nPO QS-4411:\n3 x TP-1002\n2 x TP-1006\n\nPO QS-4412:\n5 x TP-1001\n\nShip both by {us}.\nThanks\n"),
    (DE, "Guten Tag,\n\nBestellung QS-7781: 3 Stk TP-1002\nBestellung QS-7782: 5 Stk TP-1001\n\nLiefertermin {de}\n"
         "Danke\n"),
])
def test_two_pos_with_their_own_lines_are_two_orders(config_path, tmp_path, customer, body):
    got = orders(config_path, customer, body.format(us=us(DUE), de=eu(DUE, ".")), tmp_path)
    assert len(got) == 2 and all(o["status"] == "ready" for o in got), [o["issues"] for o in got]
    assert {ln["sku"] for ln in got[1]["lines"]} == {"TP-1001"} and "TP-1001" not in {
        ln["sku"] for ln in got[0]["lines"]}
    assert all(o["requested_delivery_date"] == DUE.isoformat() for o in got)


@pytest.mark.parametrize("body", [
    "PO QS-4413 - 3 x TP-1002, PO QS-4414 - 2 x TP-1006\nShip by {us}.\n",  # both on one line
    "PO 44130 and 44131\n3 x TP-1002\nShip by {us}\n\nThanks\n",  # the second without a label
    "Order QS-4415 and Order QS-4416: 2 x TP-1001\nShip by {us}\n",
])
def test_two_pos_whose_lines_cannot_be_told_apart_hold(config_path, tmp_path, body):
    got = one(config_path, US, body.format(us=us(DUE)), tmp_path)
    assert got["status"] == "review" and codes(got)["ORDERS-SEVERAL"] == "error"


# --- 4. a request to repeat an order ----------------------------------------------------------------------

@pytest.mark.parametrize("customer, body, repeats", [
    (US, "Hi,\n\nPlease send the same as our PO 4400.\nShip by {us}.\n\nThanks\n", "4400"),
    (US, "Hello, please repeat order 4401.\n\nThanks\n", "4401"),
    (DE, "Guten Tag,\n\nbitte wie Bestellung 7700 nochmal liefern.\n\nDanke\n", "7700"),
    (FR, "Bonjour,\n\nMerci de renouveler notre commande 5500.\n\nCordialement\n", "5500"),
    (DE, "Bitte unsere letzte Bestellung (Nr. 99123) nochmals liefern.\n", "99123"),
    (FR, "Bonjour, pouvez-vous relancer la même commande que la dernière fois (commande 7788) ?\n", "7788"),
    (US, "Hi, could you reorder our last order QR-40 please?\n", "QR-40"),
])
def test_a_repeat_request_is_held_as_a_repeat_not_as_unread_lines(config_path, tmp_path, customer, body, repeats):
    got = one(config_path, customer, body.format(us=us(DUE)), tmp_path)
    assert got["status"] == "review" and codes(got)["ORDER-REPEAT"] == "error"
    assert "LINE-UNREAD" not in codes(got) and got["po_number"] != repeats
    assert repeats in next(i["message"] for i in got["issues"] if i["code"] == "ORDER-REPEAT")


# --- 5. an Outlook-quoted older message ---------------------------------------------------------------------

@pytest.mark.parametrize("customer, body", [
    (US, "Hi,\n\nPO QQ-5504: please ship 3 x TP-1002 by {us}.\n\nThanks, Bob\n\n-----Original Message-----\n"
         "From: Sales <sales@gateway.example>\nSent: Monday, November 30, 2026 10:12 AM\nTo: Bob\n"
         "Subject: RE: offer\n\nWe can offer:\n2 x TP-1006 at 4.50\n5 pcs TP-1001\n"),
    (DE, "Hallo,\n\nBestellung QQ-5505, Liefertermin {de}: 3 Stk TP-1002.\n\nGruß\nMax\n\n"
         "Von: Vertrieb <vertrieb@gateway.example>\nGesendet: Montag, 30. November 2026 10:12\nAn: Max\n"
         "Betreff: AW: Angebot\n\nAnbei unser Angebot:\n2 Pkg TP-1006\n5 Stk TP-1001\n"),
])
def test_lines_of_a_quoted_older_message_are_context_not_new_lines(config_path, tmp_path, customer, body):
    got = one(config_path, customer, body.format(us=us(DUE), de=eu(DUE, ".")), tmp_path)
    assert [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [("TP-1002", "3")]
    assert got["status"] == "ready", got["issues"]


def test_same_as_below_reads_the_quoted_order_and_holds_it_as_a_repeat(config_path, tmp_path):
    body = (f"PO QQ-5506 - same as below please, ship by {us(DUE)}.\n\n-----Original Message-----\n"
            "From: Bob <po@keystone.example>\nSent: Monday, November 30, 2026 10:12 AM\n\n3 x TP-1002\n2 x TP-1006\n")
    got = one(config_path, US, body, tmp_path)
    assert [ln["sku"] for ln in got["lines"]] == ["TP-1002", "TP-1006"] and codes(got)["ORDER-REPEAT"] == "error"


# --- 6. how sure an item read in a sentence is ------------------------------------------------------------

def test_a_sentence_item_with_everything_typed_is_above_the_threshold_a_carried_unit_under_it(config_path, tmp_path):
    got = one(config_path, US, f"PO QT-602\nShip by {us(DUE)}\nCould you send us 12 boxes of TP-1003 and 4 of "
                                f"TP-1003.\n\nThanks\n", tmp_path)
    (clear, carried) = got["lines"]
    assert clear["confidence"] > 0.9 and carried["confidence"] < 0.9  # the second's unit is the first's: a guess
    assert (carried["quantity"], carried["uom"]) == ("4", "BX") and got["status"] == "review"
    got = one(config_path, US, f"PO QT-603, ship by {us(DUE)}: we'd like 3 boxes of TP-1003 plus 2 packs of "
                                f"TP-1006.\n\nThanks\n", tmp_path)
    assert got["status"] == "ready" and all(ln["confidence"] > 0.9 for ln in got["lines"])


# --- 7. lines and PO labels that now read -----------------------------------------------------------------

@pytest.mark.parametrize("customer, line, sku, qty, price", [
    (US, "12 boxes TP-1003 at 6.50", "TP-1003", "12", "6.50"),
    (US, "3 units TP-1002 each 12.00", "TP-1002", "3", "12.00"),
    (FR, "12 boîtes TP-1003 à 6,50", "TP-1003", "12", "6.50"),
    (DE, "4 Stk TP-1002 je 12,00", "TP-1002", "4", "12.00"),
    (US, "Stapler TP-1002, 10 pcs", "TP-1002", "10", None),
])
def test_item_lines_with_a_price_mark_or_a_word_before_the_code_read(config_path, tmp_path, customer, line, sku,
                                                                     qty, price):
    due = us(DUE) if customer is US else eu(DUE, "." if customer is DE else "/")
    got = one(config_path, customer, f"PO QL-701\nDeliver by {due}\n\n{line}\n\nThanks\n", tmp_path)
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in got["lines"]] == [(sku, qty, price)]
    assert got["status"] == "ready", got["issues"]


@pytest.mark.parametrize("customer, label", [
    (FR, "Bonjour, voici notre commande QL-7706"),
    (DE, "Best.-Nr.: QL-7707"),
    (US, "Our PO is QL-7708."),
    (US, "Our order number is QL-7709."),
    (DE, "Unsere Bestellnummer lautet QL-7710."),
])
def test_po_labels_typed_in_a_sentence_name_the_po(config_path, tmp_path, customer, label):
    due = us(DUE) if customer is US else eu(DUE, "." if customer is DE else "/")
    got = one(config_path, customer, f"{label}\nDeliver by {due}\n4 x TP-1002\n\nThanks\n", tmp_path)
    assert got["po_number"] == label.split()[-1].rstrip(".") and got["status"] == "ready", got["issues"]

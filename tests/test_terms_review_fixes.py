"""Review revtyped of issue 17's free-text conditions, fixed with near-misses beside each loosening: every payment
term in a note compared, cash discounts written without the word "discount" read (and the same forms on file), a
delivery notice (signature, call ahead, weekday rule) silencing nothing beside it on any format, a ceiling governing
its own count, label values and the customer's own mailbox that name no other bill-to, "2/10 net 30" no date, delivery
terms no payment terms, a part delivered now no date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.capture.page_notes import note_problems
from extractors.payment_terms import Terms, stated_terms
from gateway.model import ExtractedOrder, NormalizedOrder
from gateway.reference.masterdata import CustomerRecord, MasterData
from gateway.stages.payment_terms import check_payment_terms, unreadable_terms
from tests.test_payment_terms_typed import CUSTOMERS, _config, edifact
from tests.test_trust import in_process_extract, orders_in
from tests.test_typed_conditions_carried import typed

FR, IE, US, DE = CUSTOMERS


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("terms-fix"), {DE.customer_id: "2/10 net 30", IE.customer_id: "2% 10 days, net 30"})


def held(config: Path, note: str, customer=DE) -> set[str]:
    esc = note.replace("?", "??").replace("'", "?'").replace(":", "?:").replace("+", "?+")
    [order] = orders_in(in_process_extract(config, edifact(esc, customer), "o.edi", config.parent, channel="http"))
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


# --- payment terms: every figure read and compared ----------------------------------------------------------------

@pytest.mark.parametrize("text, terms", [
    ("Instead of net 30, please note our new terms: net 60 days", Terms(30, also=(60,))),
    ("Zahlung 30 Tage netto wie immer, ab sofort Zahlungsziel 90 Tage", Terms(30, also=(90,))),
    ("Terms: 2% 10 days, net 30", Terms(30, discount=Decimal(2), discount_days=10)),
    ("Zahlung 30 Tage netto, 3% bei Zahlung binnen 8 Tagen", Terms(30, discount=Decimal(3), discount_days=8)),
    ("Paiement 30 jours net, 2% à 10 jours", Terms(30, discount=Decimal(2), discount_days=10)),
    ("Skonto 2% bei Zahlung innerhalb 10 Tagen, sonst 30 Tage netto", Terms(30, discount=Decimal(2), discount_days=10)),
    ("Zahlung 14 Tage 2 % Skonto, 30 Tage netto", Terms(30, discount=Decimal(2), discount_days=14)),
    ("Zahlung 30 Tage 3 % Skonto", Terms(30, discount=Decimal(3))),  # alone, the days before the discount are the net
    ("Delivery terms: DAP, deliver within 5 days", None), ("Terms: delivery in 3 days", None),
    ("Net 12 EUR per box", None), ("Terms: 60 days", Terms(60)),
])
def test_every_terms_figure_is_read(text, terms):
    assert stated_terms(text) == terms


@pytest.mark.parametrize("value, terms", [
    ("N30", Terms(30)), ("60 Tage", Terms(60)), ("30 days", Terms(30)),
    ("2% 10 days, net 30", Terms(30, discount=Decimal(2), discount_days=10)),
    ("2% 14 Tage, 30 Tage netto", Terms(30, discount=Decimal(2), discount_days=14)),
    ("Vorkasse", None),
])
def test_terms_on_file_in_short_forms_are_read(value, terms):
    assert stated_terms(value, on_file=True) == terms


def test_a_bare_figure_in_a_note_is_no_term():
    assert stated_terms("N30") is None and stated_terms("60 Tage") is None  # only a file value's column says terms


@pytest.mark.parametrize("note, customer, terms_typed", [
    ("Instead of net 30, please note our new terms: net 60 days", DE, True),
    ("Net 30 days as usual; from this order on payable 60 days net", DE, True),
    ("Zahlung 30 Tage netto wie immer, ab sofort Zahlungsziel 90 Tage", DE, True),
    ("Net 30 days as usual, net 30 again on this order", DE, False),   # the same figure twice
    ("Terms: 2% 10 days, net 30", FR, True),                          # a discount where none is usual
    ("Zahlung 30 Tage netto, 3% bei Zahlung binnen 8 Tagen", FR, True),
    ("Paiement 30 jours net, 2% a 10 jours", FR, True),
    ("Terms: 2% 10 days, net 30", IE, False),                         # the customer's own, on file in that form
    ("Zahlung 2 % Skonto innerhalb 10 Tagen, 30 Tage netto", IE, False),
    ("Terms: 3% 10 days, net 30", IE, True),                          # another rate
    ("Skonto 2% bei Zahlung innerhalb 10 Tagen, sonst 30 Tage netto", DE, False),
    ("Skonto 3% bei Zahlung innerhalb 10 Tagen, sonst 30 Tage netto", DE, True),
    ("Skonto 2% bei Zahlung innerhalb 14 Tagen, sonst 30 Tage netto", DE, True),   # other discount days
    ("Delivery terms: DAP, deliver within 5 days", FR, False),        # a lead time, no payment term
    ("Payment terms: 45 days, delivery within 5 days", FR, True),     # a payment term beside a lead time
    ("Bitte 2/10 net 45 beachten", DE, True),
])
def test_terms_in_notes_against_the_customers(config, note, customer, terms_typed):
    assert ("TERMS-TYPED" in held(config, note, customer)) is terms_typed


@pytest.mark.parametrize("note", ["Bitte 2/10 net 30 beachten", "Payment terms 2/10 net 30"])
def test_the_customers_slashed_terms_pass_whole(config, note):
    assert held(config, note) == set()  # no TERMS-TYPED and no DATE-UNPLACED ("2/10" is no date)


def test_an_unreadable_terms_value_on_file_holds_every_stated_term_and_is_reported():
    from gateway.config_decide import CompletenessSection
    record = CustomerRecord(customer_id="X1", name="X", country="DE", currency="EUR", gln="", duns="", x12_id="",
                            email_domain="", payment_terms="Vorkasse")
    order = NormalizedOrder.model_construct(notes=["Zahlung 30 Tage netto"])
    usual = CompletenessSection().usual_terms()  # [decide.completeness] usual_payment_terms, "net 30" by default
    [(code, _el, message)] = check_payment_terms(order, record, usual)
    assert code == "TERMS-TYPED" and "cannot be read" in message
    assert check_payment_terms(NormalizedOrder.model_construct(notes=["Lieferschein beilegen"]), record, usual) == []
    assert len(unreadable_terms(MasterData(customers={"X1": record}))) == 1


# --- invoice labels and mailboxes -------------------------------------------------------------------------------

@pytest.mark.parametrize("note, bill_to", [
    ("Invoice: electronic via Peppol", False), ("Invoicing: e-invoice (XRechnung)", False),
    ("Factures : par voie electronique uniquement", False), ("Rechnung: bitte Bestellnummer angeben", False),
    ("Invoice: please quote PO number", False), ("Invoice: 1 copy", False), ("Billing: net 30 days", False),
    ("Billing: monthly collective invoice", False), ("Rechnung: bitte mit der Ware", False),
    # near-misses: a label naming a party or a place
    ("Invoices: Acme Finance, Dayton", True), ("Rechnung: Hansa Holding GmbH, 20095 Hamburg", True),
    ("Invoice: our Leeds office please", True), ("Invoices: ap@hansa-holding.example", True),
    # the customer's own mailbox (its domain on file), on the label and in a sentence; another place beside it holds
    ("Invoices: rechnung@hansa.example", False), ("Please send invoices to rechnung@hansa.example", False),
    ("Rechnung an unsere Zentrale, rechnung@hansa.example", True),
])
def test_invoice_labels_and_the_customers_own_mailbox(config, note, bill_to):
    assert ("BILL-TO-TYPED" in held(config, note)) is bill_to


# --- a delivery notice silences nothing beside it, on every format --------------------------------------------------

@pytest.mark.parametrize("note, holds", [
    ("Deliver only if someone is on site to sign, otherwise return the goods", True),
    ("Signature required on delivery, and cancel the lamps", True),
    ("Please call before delivery, someone must sign for it, and cancel the lamps", True),
    ("Lieferung nur gegen Unterschrift, sonst bitte wieder mitnehmen", True),
    ("Signature required on delivery, dock 3", False),
    ("Deliver only if someone is on site to sign", False),
    ("Please call before delivery, gate code 4411", False),
])
def test_a_notice_beside_a_condition_in_an_edi_note(config, note, holds):
    assert bool(held(config, note)) is holds


@pytest.mark.parametrize("printed", [False, True])
def test_a_notice_beside_a_condition_in_a_printed_or_structured_note(printed):
    order = ExtractedOrder(po_number="PO-1", requested_delivery_date=date(2026, 12, 24))
    bad = "Someone must sign for the goods on site, otherwise leave with our neighbour at No. 12"
    assert [p.code for p in note_problems([bad], order, printed=printed)] == ["QUESTION-TYPED"]
    assert note_problems(["Livraison contre signature, quai 2"], order, printed=printed) == []


@pytest.mark.parametrize("note", ["Please deliver on Thursday only, and only the staplers if the lamps are late",
                                  "Thursday only, please double the stapler quantity"])
def test_a_typed_weekday_rule_met_beside_a_condition_holds(note):
    errors, notes = typed(note)
    assert errors and note in notes


@pytest.mark.parametrize("note", ["Please deliver on Thursday only, dock 3", "Please deliver on Thursday only, thank you"])
def test_a_typed_weekday_rule_met_with_only_notices_is_carried(note):
    errors, notes = typed(note)
    assert errors == [] and note in notes


# --- counts in words -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("note, added", [
    ("Please add one more box of the same, max. 2 pallets", True),   # the ceiling is the pallets', not the box's
    ("Noch zwei Kartons dazu, hoechstens 1 Palette", True),
    ("No more than two boxes per pallet", False),
])
def test_a_ceiling_governs_its_own_count(config, note, added):
    assert ("CHANGE-TYPED" in held(config, note)) is added


# --- a partial delivery typed is shown as one, not as a date -----------------------------------------------------

def test_a_part_delivered_now_is_a_split_not_a_date():
    errors, _notes = typed("Lieferung 2/3 jetzt, Rest spaeter")
    assert "QUESTION-TYPED" in errors and "DATE-UNPLACED" not in errors
    errors, _notes = typed("Lieferung am 2/3 bitte")  # near-miss: a day to deliver on stays a date
    assert "DATE-UNPLACED" in errors or "CHANGE-TYPED" in errors


def test_who_calls_ahead_said_before_the_call_is_no_condition() -> None:
    """"Driver will call before delivery" is a call ahead with its caller named; a condition beside it still holds."""
    from extractors.typed_remarks import condition_beside_notice, notices_only
    assert notices_only("Driver will call before delivery")
    assert notices_only("le livreur doit appeler avant la livraison")
    assert condition_beside_notice("Driver will call before delivery, otherwise return the goods")
    assert condition_beside_notice("Driver will call before delivery and cancel line 2")

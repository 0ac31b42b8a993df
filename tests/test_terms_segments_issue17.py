"""Issue 17 (findings t4, wave 1): payment terms in every format's terms segments and notes, held ``TERMS-TYPED`` in
one place (``gateway.stages.payment_terms``) when not the customer's; a price per unit in any format's note
``PRICE-TYPED``; a French call ahead beside the delivery date is a note, a French condition still holds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from extractors.base import ExtractHints
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.edi.x12 import EXTRACTOR as X12
from extractors.payment_terms import Terms, stated_terms
from extractors.typed_remarks import question
from extractors.xml.cxml import EXTRACTOR as CXML
from extractors.xml.opentrans import EXTRACTOR as OPENTRANS
from extractors.xml.ubl import EXTRACTOR as UBL
from gateway.stages.mapping import with_note_problems
from gateway.stages.payment_terms import check_payment_terms
from tests.test_free_text_terms_every_format import FORMATS, WANTED, _cxml, _ubl, _x12


def _edifact(extra: list[str], note: str = "") -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN", "BGM+220+TS-1+9", f"DTM+137:{WANTED:%Y%m%d}:102", f"DTM+2:{WANTED:%Y%m%d}:102",
           *([f"FTX+AAI+++{note}"] if note else []), "NAD+BY+4012345000009::9", "CUX+2:EUR:9", *extra,
           "LIN+1++4000862141404:SRS", "QTY+21:3", "PRI+AAA:24.50", "UNS+S"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join(["UNB+UNOC:3+4012345000009:14+GW:ZZ+261201:1000+5", *seg, "UNZ+1+5"]) + "'").encode()


def _x12_with(segment: str) -> bytes:
    return _x12("PLEASE DELIVER TO DOCK 2").replace(b"MSG*PLEASE DELIVER TO DOCK 2", segment.encode())


def _opentrans(payment: str = "", remarks: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ORDER xmlns="http://www.opentrans.org/XMLSchema/2.1" xmlns:bmecat="http://www.bmecat.org/bmecat/2005" version="2.1">
<ORDER_HEADER><ORDER_INFO><ORDER_ID>TS-O1</ORDER_ID><ORDER_DATE>{WANTED}</ORDER_DATE>
<PARTIES><PARTY><bmecat:PARTY_ID type="gln">4012345000009</bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE></PARTY></PARTIES>
<bmecat:CURRENCY>EUR</bmecat:CURRENCY>{payment}{remarks}</ORDER_INFO></ORDER_HEADER>
<ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>1</LINE_ITEM_ID><PRODUCT_ID><bmecat:SUPPLIER_PID>SKU-1001</bmecat:SUPPLIER_PID>
</PRODUCT_ID><QUANTITY>3</QUANTITY><bmecat:ORDER_UNIT>BX</bmecat:ORDER_UNIT></ORDER_ITEM></ORDER_ITEM_LIST></ORDER>""".encode()


def _read(extractor, data: bytes):
    (order,) = extractor.extract(data, ExtractHints()).orders
    return order


def _held(order, on_file: str = "") -> list[tuple[str, str | None, str]]:
    """The terms check on what the reader gave, for a customer with ``on_file`` terms (none: the usual net 30)."""
    return check_payment_terms(SimpleNamespace(notes=order.notes, payment_terms=order.payment_terms),
                               SimpleNamespace(payment_terms=on_file), Terms(net_days=30))


# --- the terms reader reads X12's own way of writing terms ------------------------------------------------------

@pytest.mark.parametrize("text, net, discount, days", [
    ("TERMS 2% 10 NET 45 PER AGREEMENT", 45, 2, 10), ("1.5% 15 DAYS NET 60", 60, 1.5, 15),
    ("Terms net 45 per contract", 45, None, None), ("2/10 net 30", 30, 2, 10)])
def test_x12_terms_wording_is_read(text, net, discount, days):
    said = stated_terms(text)
    assert said is not None and said.net_days == net and said.discount_days == days
    assert (said.discount is None) if discount is None else float(said.discount) == discount


@pytest.mark.parametrize("text", ["net 12 per unit", "Price net 12.50 per box", "5% 10 pieces extra"])
def test_figures_per_unit_are_no_terms(text):
    assert stated_terms(text) is None


# --- notes: one check, every format ------------------------------------------------------------------------------

NOTE = "TERMS 2% 10 NET 45 PER AGREEMENT"


@pytest.mark.parametrize("make", [
    lambda: _read(EDIFACT, _edifact([], NOTE)), lambda: _read(X12, _x12(NOTE)),
    lambda: _read(X12, _x12_with(f"NTE*GEN*{NOTE}")), lambda: _read(CXML, _cxml(NOTE)), lambda: _read(UBL, _ubl(NOTE)),
    lambda: _read(OPENTRANS, _opentrans(remarks=f"<REMARKS>{NOTE}</REMARKS>"))],
    ids=["edifact-ftx", "x12-msg", "x12-nte", "cxml-comments", "ubl-note", "opentrans-remarks"])
def test_terms_in_a_note_hold_in_every_format(make):
    order = make()
    assert [f[0] for f in _held(order)] == ["TERMS-TYPED"]
    assert _held(order, "2/10 net 45") == []  # the customer's own terms said again pass


# --- terms segments: read into the order, compared ---------------------------------------------------------------

@pytest.mark.parametrize("make, net", [
    (lambda: _read(X12, _x12_with("ITD*01*3*2**10**45*****2% 10 NET 45")), 45),
    (lambda: _read(X12, _x12_with("ITD*01*3*2**10**45")), 45),
    (lambda: _read(EDIFACT, _edifact(["PAT+1++5:3:D:60"])), 60),
    (lambda: _read(EDIFACT, _edifact(["PAT+22++5:3:D:10", "PCD+12:2", "PAT+1++5:3:D:45"])), 45),
    (lambda: _read(CXML, _cxml("x").replace(b"<Comments", b'<PaymentTerm payInNumberOfDays="45"/><Comments')), 45),
    (lambda: _read(UBL, _ubl("x").replace(b"<cac:OrderLine>", b"<cac:PaymentTerms><cbc:Note>45 days net</cbc:Note>"
                                                             b"</cac:PaymentTerms><cac:OrderLine>")), 45),
    (lambda: _read(OPENTRANS, _opentrans("<PAYMENT><PAYMENT_TERMS><TIME_FOR_PAYMENT><DAYS>45</DAYS></TIME_FOR_PAYMENT>"
                                         "</PAYMENT_TERMS></PAYMENT>")), 45),
], ids=["x12-itd", "x12-itd-no-text", "edifact-pat", "edifact-pat-discount", "cxml", "ubl", "opentrans"])
def test_terms_segment_is_read_and_held_when_not_the_customers(make, net):
    order = make()
    said = stated_terms(order.payment_terms or "")
    assert said is not None and said.net_days == net, order.payment_terms
    assert [(f[0], f[1]) for f in _held(order)] == [("TERMS-TYPED", "payment_terms")]


@pytest.mark.parametrize("make, on_file", [
    (lambda: _read(X12, _x12_with("ITD*05*3*****30")), ""),
    (lambda: _read(X12, _x12_with("ITD*01*3*2**10**30*****2% 10 NET 30")), "2/10 net 30"),
    (lambda: _read(EDIFACT, _edifact(["PAT+1++5:3:D:30"])), ""),
    (lambda: _read(EDIFACT, _edifact(["PAT+22++5:3:D:10", "PCD+12:2", "PAT+1++5:3:D:30"])), "2/10 net 30"),
    (lambda: _read(CXML, _cxml("x").replace(b"<Comments", b'<PaymentTerm payInNumberOfDays="60"/><Comments')), "net 60"),
], ids=["x12-usual", "x12-on-file", "edifact-usual", "edifact-on-file", "cxml-on-file"])
def test_terms_segment_equal_to_the_customers_is_still_confirmed(make, on_file):
    """Read as equal, still held for a person: the segment readers do not read every element yet (an EDIFACT PAT's
    time reference, an X12 ITD's terms type and basis date: review redi proved "net 30" read for other terms)."""
    order = make()
    held = _held(order, on_file)
    assert order.payment_terms and [f[0] for f in held] == ["TERMS-TYPED"]
    assert "read as the customer's terms" in held[0][2]


@pytest.mark.parametrize("make", [
    lambda: _read(EDIFACT, _edifact(["PAT+1++5:3:M:1"])),  # a month: not compared as 30 days
    lambda: _read(EDIFACT, _edifact(["PAT+1++5:3:D:30", "DTM+13:20270115:102"])),  # a fixed due date beside it
    lambda: _read(X12, _x12_with("ITD*01*3******20270115")),  # a net due date only
], ids=["edifact-months", "edifact-due-date", "x12-due-date"])
def test_terms_segment_not_read_as_days_holds(make):
    order = make()
    assert [f[0] for f in _held(order)] == ["TERMS-TYPED"], order.payment_terms


def test_a_lines_own_pat_holds():
    data = _edifact([]).replace(b"PRI+AAA:24.50'", b"PRI+AAA:24.50'PAT+1++5:3:D:90'")
    order = _read(EDIFACT, data)
    assert "line 1" in (order.payment_terms or "") and [f[0] for f in _held(order)] == ["TERMS-TYPED"]


def test_pat_dates_do_not_become_the_order_dates():
    order = _read(EDIFACT, _edifact(["PAT+1++5:3:D:30", "DTM+13:20270115:102"]))
    assert order.requested_delivery_date == WANTED


def test_an_order_date_after_a_pat_stays_the_orders():
    data = _edifact(["PAT+1++5:3:D:30"]).replace(f"DTM+2:{WANTED:%Y%m%d}:102'".encode(), b"")
    order = _read(EDIFACT, data.replace(b"PAT+1++5:3:D:30'", f"PAT+1++5:3:D:30'DTM+2:{WANTED:%Y%m%d}:102'".encode()))
    assert order.requested_delivery_date == WANTED and [f[0] for f in _held(order)] == ["TERMS-TYPED"]


def test_no_terms_segment_no_terms():
    assert _read(X12, _x12("DOCK 2")).payment_terms is None and _read(EDIFACT, _edifact([])).payment_terms is None


# --- a price per unit in a note, every format --------------------------------------------------------------------

@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("note, held", [
    ("Pricing as per quotation Q-5120 of 02/11/2026 for this order: item at 16.50 each, invoice accordingly", True),
    ("Angebot A-77 vom 20.11.2026 für diese Bestellung: Artikel 15,10 EUR je Stück", True),
    ("Selon notre devis D-12 du 20/11/2026 pour cette commande : article à 15,10 € l'unité", True),
    ("Deposit 5.00 per pallet returned", False), ("Freight 25.00 flat", False),
])
def test_a_price_per_unit_in_a_note_holds(fmt, note, held):
    extractor, make = FORMATS[fmt]
    order = _read(extractor, make(note))
    assert ("PRICE-TYPED" in {p.code for p in with_note_problems(order).problems}) is held


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_lines_own_price_per_unit_passes(fmt):
    extractor, make = FORMATS[fmt]
    order = _read(extractor, make("x"))
    price = order.lines[0].unit_price
    order = _read(extractor, make(f"as listed: {price:.2f} each"))
    assert "PRICE-TYPED" not in {p.code for p in with_note_problems(order).problems}


# --- French call ahead beside the delivery date -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Livraison souhaitée le 04/12/2026. Merci d'appeler 45 minutes avant la livraison.",
    "Date de livraison : 02/12/2026 - merci de téléphoner une heure avant la livraison",
    "Lieferdatum: 05.12.2026. Bitte vor der Anlieferung anrufen.",
    "Delivery date 12/03/2026. Please call an hour before delivery.",
    "Merci de téléphoner une demi-heure avant la livraison.",
])
def test_a_call_ahead_beside_the_delivery_date_is_a_note(text):
    assert question(text) is None, text


@pytest.mark.parametrize("text", [
    "Livraison le 04/12/2026 uniquement si complète. Merci d'appeler avant la livraison.",
    "Livraison le 04/12/2026 ou le 05/12/2026. Merci d'appeler avant la livraison.",
    "Merci d'appeler avant la livraison, sinon livrer le 05/12/2026.",
    "Livraison le 04/12/2026. Merci d'appeler avant la livraison. Pouvez-vous confirmer le prix ?",
    "Livraison le 04/12/2026. Merci d'appeler avant la livraison, sinon laisser au portail.",
    "Pourriez-vous nous appeler avant d'expédier ?",
])
def test_a_french_condition_or_question_still_holds(text):
    assert question(text) is not None, text


# --- a receiving dock beside a call ahead (findings t2, held-needlessly 6: an en Word form) ----------------------

@pytest.mark.parametrize("text", [
    "Deliver to receiving dock 4. Call 312-555-0188 one hour before arrival.",
    "Use the goods-in door 2 and call us before delivery",
    "Livrer au quai 3. Merci d'appeler le 04 72 11 22 33 une heure avant la livraison.",
])
def test_a_receiving_dock_beside_a_call_ahead_is_a_note(text):
    assert question(text) is None, text


@pytest.mark.parametrize("text", [
    "Deliver to receiving dock 4. Call 312-555-0188 one hour before arrival, otherwise leave at gate 2.",
    "Deliver to receiving dock 4. Call 312-555-0188 one hour before arrival. Do not deliver on Saturday.",
    "Deliver to receiving dock 4. Call one hour before arrival if you cannot come before noon.",
])
def test_a_condition_beside_the_dock_and_call_still_holds(text):
    assert question(text) is not None, text

"""Harmless delivery remarks pass as notes, in typed e-mails and in structured orders' notes; the same remarks
with a change, another day or a quantity beside them still hold.

Typed: a call before delivery with a dock ("Please call before delivery, dock 3"), receiving hours with a gate
bell, the carrier and its account, a ramp with its hours ("7-14 Uhr" is no date). Structured: "LIVRER A
L'ENTREPOT, QUAI 2" names no other site (the verb is no place name), a dock with a North American phone number
to call names no other address, a Dutch "niet leveren voor" date the order's date meets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from extractors.base import ExtractHints
from extractors.capture.page_notes import note_problems
from extractors.edi.edifact import EXTRACTOR as EDIFACT
from extractors.mail.body_text import EXTRACTOR as TYPED
from extractors.mail.time_remarks import time_remark
from extractors.named_sites import site_in_words
from extractors.typed_remarks import question
from gateway.model import ExtractedOrder, Party
from gateway.stages.mapping import with_note_problems

WANTED = date.today() + timedelta(days=20)
BODY = "PO 55120, ship by {day}\n\n- 4 x AIS-STP-01\n- 2 x AIS-TON-05\n\n{note}\n\nRegards\nSam\n"


def typed_errors(note: str) -> list[str]:
    text = BODY.format(day=f"{WANTED:%b} {WANTED.day}, {WANTED.year}", note=note)
    [order] = TYPED.extract(text.encode(), ExtractHints(content_type="text/plain")).orders
    return [p.code for p in order.problems if p.severity == "error"]


@pytest.mark.parametrize("note", [
    "Please call before delivery, dock 3.", "Receiving is open 8am-4pm, please ring the bell at gate B.",
    "Ship via UPS Ground, account 4471X9.", "Anlieferung Rampe 3, 7-14 Uhr.", "Please phone us 1 hour before arrival.",
])
def test_a_harmless_typed_remark_is_a_note(note):
    assert typed_errors(note) == []


@pytest.mark.parametrize("note", [
    "Please call before delivery, dock 3, and add 2 staplers.",  # goods beside it
    "Ship via UPS Ground, account 4471X9, deliver 20 pcs",
    "Receiving is open 8am-4pm, please deliver 3 days earlier",  # another day
    "Please call before delivery, dock 3, deliver half now and the rest later",
])
def test_the_same_remark_with_a_change_beside_it_holds(note):
    assert typed_errors(note)


@pytest.mark.parametrize("text, harmless", [
    ("Please call before delivery, dock 3.", True), ("Route via FedEx Ground, acct 99812Z.", True),
    ("Receiving is open 8am-4pm, please ring the bell at gate B.", True),
    ("Dock 3, gate B", False),  # only places: for the handling-note reader, not a time remark
    ("Please call 2 days before delivery, and deliver only one box", False),
    ("Ship via UPS Ground, 3 boxes of SKU-1005", False),
])
def test_time_remark_clauses(text, harmless):
    assert time_remark(text) is harmless


@pytest.mark.parametrize("text, asks", [
    ("Please call before delivery.", False), ("Bitte vor der Anlieferung kurz anrufen.", False),
    ("Merci d'appeler avant la livraison.", False), ("Please call us 1 hour before delivery.", False),
    ("Bitte vor dem Versand kurz anrufen.", True),  # before the goods are sent: the customer may stop them
    ("Please call me before you ship", True), ("Call before delivery, only if all items are in stock", True),
    ("Please call before delivery, no partial shipments", True),
])
def test_a_call_ahead_of_arrival_is_no_condition(text, asks):
    assert (question(text) is not None) is asks


@pytest.mark.parametrize("text, held", [
    ("LIVRER A L'ENTREPOT, QUAI 2", False), ("ANLIEFERN IM LAGER, RAMPE 3", False),
    ("DELIVER TO THE WAREHOUSE, DOCK 4", False),
    ("LIVRER A L'ENTREPOT DE GAND, QUAI 2", True), ("LIVRER A NOTRE ENTREPOT DE LYON", True),
    ("BITTE INS LAGER BREMEN LIEFERN", True), ("DELIVER TO OUR GHENT WAREHOUSE", True),
])
def test_a_delivery_verb_names_no_site(text, held):
    assert (site_in_words(text) is not None) is held


def _with_ship_to(note: str) -> ExtractedOrder:
    return ExtractedOrder(po_number="CX-5512", notes=[note], requested_delivery_date=WANTED, parties=[Party(
        role="ship_to", name="Acme Industrial Supply Inc", street="100 Main St", city="Chicago", postcode="60601",
        country="US")])


@pytest.mark.parametrize("note, held", [
    ("Deliver to dock 4 only. Call 312-555-0100 before delivery.", False),
    ("Please ring (773) 555-0199 ahead of arrival, door 2", False),
    ("Deliver to 2200 Lake Shore Dr, Chicago IL 60616", True),  # another address
])
def test_a_phone_number_to_call_is_no_address(note, held):
    assert bool(note_problems([note], _with_ship_to(note))) is held


def _edifact(note: str) -> bytes:
    seg = ["UNH+1+ORDERS:D:96A:UN", "BGM+220+NL-71+9", f"DTM+137:{date.today():%Y%m%d}:102",
           f"DTM+2:{WANTED:%Y%m%d}:102", "FTX+DEL+++" + note.replace("'", "?'"), "NAD+BY+5412345000013::9",
           "LIN+1++4000862141404:SRS", "QTY+21:3", "UNS+S"]
    seg.append(f"UNT+{len(seg) + 1}+1")
    return ("UNA:+.? '" + "'".join(["UNB+UNOC:3+5412345000013:14+GW:ZZ+261201:1000+5", *seg, "UNZ+1+5"]) + "'").encode()


@pytest.mark.parametrize("note, code", [
    (f"NIET LEVEREN VOOR {WANTED - timedelta(days=3):%d/%m/%Y}. DELIVER TO DOCK 4 ONLY", None),
    (f"NIET LEVEREN VOOR {WANTED + timedelta(days=4):%d/%m/%Y}", "DATE-REMARK-CONFLICT"),
    (f"UITERLIJK LEVEREN OP {WANTED - timedelta(days=4):%d/%m/%Y}", "DATE-REMARK-CONFLICT"),
    (f"TEN VROEGSTE {WANTED + timedelta(days=2):%d/%m/%Y}", "DATE-REMARK-CONFLICT"),
])
def test_a_dutch_date_bound_is_read(note, code):
    (order,) = EDIFACT.extract(_edifact(note), ExtractHints()).orders
    codes = {p.code for p in with_note_problems(order).problems if p.severity == "error"}
    assert (code in codes) if code else not codes, codes


@pytest.mark.parametrize("note", ["Please phone ahead and add 2 toner.",
                                  "Please phone ahead, and make the staplers 8 instead of 5."])
def test_a_remark_with_a_contact_word_is_never_dropped_as_a_signature_line(note):
    assert typed_errors(note)  # "phone" with no number is no contact line: the line is read, and it holds


def test_a_year_less_day_to_deliver_on_in_a_remark_holds():
    """"Anlieferung über Tor 2 am 23.12." over another date: a day to deliver on, never a gate note going out
    with the other date; the order's own day repeated passes."""
    other, same = WANTED - timedelta(days=1), WANTED
    assert "DATE-UNPLACED" in typed_errors(f"Anlieferung über Tor 2 am {other.day}.{other.month}.")
    assert typed_errors(f"Anlieferung über Tor 2 am {same.day}.{same.month}.") == []
    assert typed_errors("Anlieferung Rampe 3, 7-14 Uhr.") == []  # hours, no day

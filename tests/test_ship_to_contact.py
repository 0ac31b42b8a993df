"""The person or desk a delivery is for (``ship_to.contact``) as partners send it: cXML ``PostalAddress/DeliverTo``,
UBL ``DeliveryParty/Contact/Name`` or ``Address/MarkAttention``; typed e-mails are in
``tests/test_typed_outside_classes.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.xml.cxml import EXTRACTOR as CXML
from extractors.xml.ubl import EXTRACTOR as UBL

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def ship_to(extractor, data: bytes):
    (order,) = extractor.extract(data, ExtractHints()).orders
    return next(p for p in order.parties if p.role == "ship_to")


def corpus(name: str) -> bytes:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} not present")
    return path.read_bytes()


def test_cxml_deliver_to_lines_are_the_ship_to_contact():
    assert ship_to(CXML, corpus("cxml/order_request.xml")).contact == "Joe Smith, Mailstop M-543"


def test_a_cxml_deliver_to_typed_with_attn_is_the_name_alone():
    data = corpus("cxml/order_request.xml").replace(b"<DeliverTo>Joe Smith</DeliverTo>", b"<DeliverTo>Attn: Jane Doe</DeliverTo>")
    party = ship_to(CXML, data)
    assert party.contact == "Jane Doe, Mailstop M-543" and party.street == "123 Anystreet"


def test_ubl_delivery_party_contact_is_the_ship_to_contact():
    assert ship_to(UBL, corpus("ubl/UC1_Order.xml")).contact == "John"


def test_ubl_mark_attention_is_the_ship_to_contact():
    data = corpus("ubl/UC1_Order.xml").replace(b"<cbc:Name>John</cbc:Name>", b"<cbc:Name></cbc:Name>")
    data = data.replace(b"<cbc:StreetName>Lower street 5</cbc:StreetName>",
                        b"<cbc:StreetName>Lower street 5</cbc:StreetName><cbc:MarkAttention>Goods in, dock 3</cbc:MarkAttention>", 1)
    assert b"MarkAttention" in data
    assert ship_to(UBL, data).contact == "Goods in, dock 3"

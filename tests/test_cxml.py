"""cXML: every corpus cXML file is recognised and read or classified as SOURCES.md describes it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from extractors.base import ExtractHints
from extractors.xml.cxml import EXTRACTOR
from gateway.errors import ExtractionError
from gateway.model import DocType, OrderKind

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
HINTS = ExtractHints()


def corpus_files(kind: str) -> list[Path]:
    folder = CORPUS / kind
    return sorted(folder.iterdir()) if folder.is_dir() else []


class Expected(NamedTuple):
    doc_type: DocType
    po_number: str | None = None
    quantities: tuple[str, ...] = ()


EXPECTED = {
    "OrderRequest.xml": Expected(DocType.ORDER, "DO1234", ("10", "20")),
    "cxmlphp_order_request.xml": Expected(DocType.ORDER, "acme-1-1", ("1",)),
    "officeluv_order_request.xml": Expected(DocType.ORDER, "3309", ("1", "9")),
    "order_request.xml": Expected(DocType.ORDER, "myorder-1", ("3", "5")),
    "purchase_order_request_200.xml": Expected(DocType.ORDER, "6112", ("1", "2")),
    "PunchoutOrderMessage.xml": Expected(DocType.OTHER),
    "PunchoutOrderMessageAdvancedPricing.xml": Expected(DocType.OTHER),
    "poom.xml": Expected(DocType.OTHER),
    "punch_out_order_message_doc.xml": Expected(DocType.OTHER),
    "ShipNoticeRequest.xml": Expected(DocType.OTHER),
    "quote_request.xml": Expected(DocType.OTHER),
    "request_doc.xml": Expected(DocType.OTHER),  # ConfirmationRequest: the supplier's order response
    "StatusUpdateRequest.xml": Expected(DocType.ACKNOWLEDGEMENT),
    "document_node_with_unknown_attribute.xml": Expected(DocType.ACKNOWLEDGEMENT),
    "response_status_200.xml": Expected(DocType.ACKNOWLEDGEMENT),
    "response_status_400.xml": Expected(DocType.ACKNOWLEDGEMENT),
    "invoice_taxes_at_line.xml": Expected(DocType.INVOICE),
}


def extract(data: bytes):
    return EXTRACTOR.extract(data, HINTS)


def sample(name: str) -> bytes:
    return (CORPUS / "cxml" / name).read_bytes()


@pytest.mark.parametrize("path", corpus_files("cxml"), ids=lambda p: p.name)
def test_corpus_file_is_detected_and_read_as_expected(path: Path) -> None:
    expected = EXPECTED[path.name]
    data = path.read_bytes()
    extraction = extract(data)
    assert EXTRACTOR.detect(data[:8192], path.name, None) >= 0.9
    assert extraction.format == "cxml"
    assert extraction.doc_type == expected.doc_type
    assert [order.po_number for order in extraction.orders] == ([expected.po_number] if expected.po_number else [])
    assert tuple(str(line.quantity) for o in extraction.orders for line in o.lines) == expected.quantities


@pytest.mark.parametrize("path", corpus_files("ubl") + corpus_files("xml-other"), ids=lambda p: p.name)
def test_other_corpus_files_score_zero(path: Path) -> None:
    assert EXTRACTOR.detect(path.read_bytes()[:8192], path.name, None) == 0.0


@pytest.mark.parametrize("path", corpus_files("cxml"), ids=lambda p: p.name)
def test_shared_secrets_never_reach_the_output(path: Path) -> None:
    secrets = [s.strip() for s in etree.fromstring(path.read_bytes()).xpath("//SharedSecret/text()") if s.strip()]
    output = extract(path.read_bytes()).model_dump_json()
    assert not [secret for secret in secrets if secret in output]


def test_order_request_header_lines_and_parties() -> None:
    extraction = extract(sample("OrderRequest.xml"))
    order = extraction.orders[0]
    assert order.kind is OrderKind.NEW
    assert order.order_date == date(2000, 10, 12)
    assert (order.currency, order.total) == ("EUR", Decimal("85.00"))
    assert order.message_ref == "1625586002.193314.7293@dev"
    assert extraction.sender_hints["cxml_from"] == "NETWORKID:inbound@prominate-platform.com"
    assert extraction.metadata["deployment_mode"] == "test"
    assert extraction.detail == "cXML OrderRequest 1.2.050"
    ship_to = order.party("ship_to")
    assert ship_to is not None
    assert (ship_to.name, ship_to.street, ship_to.city, ship_to.postcode, ship_to.country) == (
        "Acme", "123 Anystreet", "Sunnyvale", "90489", "US")
    assert order.party("invoice_to").city == "Solingen"  # type: ignore[union-attr]
    buyer = order.party("buyer")
    assert buyer is not None and buyer.ids == {"cxml_from": "NETWORKID:inbound@prominate-platform.com"}
    first = order.lines[0]
    assert (first.line_no, first.supplier_item, first.uom, first.description) == (
        1, "1233244", "EA", "hello from item 1")
    assert first.unit_price == Decimal("2.10") and isinstance(first.quantity, Decimal)
    assert first.requested_date == date(2020, 2, 28)


def test_buyer_part_id_header_delivery_date_and_comments() -> None:
    order = extract(sample("order_request.xml")).orders[0]
    assert [line.customer_item for line in order.lines] == ["KD5555", "KD666"]
    assert extract(sample("cxmlphp_order_request.xml")).orders[0].requested_delivery_date == date(2025, 1, 28)
    coupa = extract(sample("purchase_order_request_200.xml")).orders[0]
    assert coupa.notes == ["header comment goes here if entered by user",  # the lines' comments name their line
                           "line 1: line item comment goes here if entered by user",
                           "line 2: line item comment goes here if entered by user"]
    ship_to = coupa.party("ship_to")
    assert ship_to is not None and ship_to.ids == {"buyer_assigned": "3119", "email": "jmadden@coupa1.com"}
    assert coupa.party("buyer").ids["duns"] == "dell"  # type: ignore[union-attr]


@pytest.mark.parametrize(("written", "kind", "doc_type"), [
    ("update", OrderKind.CHANGE, DocType.ORDER_CHANGE),
    ("delete", OrderKind.CANCEL, DocType.ORDER_CANCEL),
])
def test_update_and_delete_orders_are_changes_and_cancellations(written: str, kind: OrderKind,
                                                               doc_type: DocType) -> None:
    data = sample("order_request.xml").replace(b'type="new"', b'type="%s"' % written.encode())
    extraction = extract(data)
    assert extraction.doc_type == doc_type
    assert extraction.orders[0].kind is kind
    assert extraction.orders[0].references["original_order"] == "myorder-1"


def test_response_status_is_kept_in_metadata() -> None:
    extraction = extract(sample("response_status_400.xml"))
    assert extraction.metadata["status_code"] == "400"
    assert extraction.orders == []


SYNTHETIC = b"""<?xml version="1.0"?>
<cXML payloadID="p1" timestamp="2024-01-01T00:00:00Z"><Header><From><Credential domain="duns">
<Identity>123456789</Identity></Credential></From></Header>
<Request><OrderRequest><OrderRequestHeader orderID="S1" orderDate="2024-02-29" type="new"/>
<ItemOut quantity="%s" lineNumber="10"><ItemID><SupplierPartID>A</SupplierPartID></ItemID>
<ItemDetail><UnitPrice><Money currency="CHF">12.50</Money></UnitPrice>
<Description xml:lang="de"><ShortName>Schraube</ShortName></Description><UnitOfMeasure>BX</UnitOfMeasure>
<PriceBasisQuantity quantity="100" conversionFactor="1"><UnitOfMeasure>EA</UnitOfMeasure></PriceBasisQuantity>
<Extrinsic name="EAN">4012345000009</Extrinsic></ItemDetail></ItemOut></OrderRequest></Request></cXML>"""


def test_price_basis_gtin_short_name_and_line_currency() -> None:
    extraction = extract(SYNTHETIC % b"3")
    order = extraction.orders[0]
    line = order.lines[0]
    assert order.currency == "CHF"
    assert (line.line_no, line.price_basis, line.gtin, line.description) == (
        10, Decimal("100"), "4012345000009", "Schraube")
    assert extraction.sender_hints["cxml_from"] == "DUNS:123456789"


def test_unreadable_quantity_is_a_warning_not_a_guess() -> None:
    extraction = extract(SYNTHETIC % b"three")
    assert extraction.orders[0].lines[0].quantity is None
    assert [(p.code, p.severity) for p in extraction.problems] == [("CXML-VALUE", "warning")]


def test_order_request_without_header_is_a_structure_error() -> None:
    data = b'<cXML payloadID="x"><Request><OrderRequest><ItemOut quantity="1"/></OrderRequest></Request></cXML>'
    with pytest.raises(ExtractionError) as caught:
        extract(data)
    assert caught.value.code == "CXML-STRUCTURE"


def test_other_xml_forced_into_cxml_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(sample("OrderRequest.xml").replace(b"cXML", b"Other"))
    assert caught.value.code == "CXML-ROOT"


@pytest.mark.parametrize("path", sorted((CORPUS / "xml-other").glob("*.idoc")), ids=lambda p: p.name)
def test_idoc_flat_file_forced_into_cxml_is_a_typed_error(path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(path.read_bytes())
    assert caught.value.code == "XML-MALFORMED"

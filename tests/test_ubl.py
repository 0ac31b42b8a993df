"""UBL: every corpus UBL file is recognised and read or classified as SOURCES.md describes it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from extractors.base import ExtractHints
from extractors.xml.ubl import EXTRACTOR, customization_label
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
    original_order: str | None = None
    change_document: str | None = None


def order(po: str, *quantities: str) -> Expected:
    return Expected(DocType.ORDER, po, quantities)


def change(document: str, *quantities: str) -> Expected:
    """A change (its own number ``document``) is delivered under the PO it changes, Order-1."""
    return Expected(DocType.ORDER_CHANGE, "Order-1", quantities, "Order-1", document)


OTHER = Expected(DocType.OTHER)
EXPECTED = {
    "Order_Example.xml": order("34", "120", "15"),
    "Order_sc1.xml": order("Order-1", "10", "50"),
    "UBL-Order-2.0-Example.xml": order("AEG012345", "100"),
    "UBL-Order-2.0-Example_no-party-name.xml": order("AEG012345", "100"),
    "oca14_UBL-Order-2.0-Example.xml": order("AEG012345", "100"),
    "UBL-Order-2.1-Example.xml": order("34", "120", "15"),
    "oca14_UBL-Order-2.1-Example.xml": order("34", "120", "15"),
    "UC1_Order.xml": order("1", "10", "5", "15"),
    "UC2_Order.xml": order("1", "10", "50"),
    "UC3_Order.xml": order("5", "1"),
    "UC4_Order.xml": order("5", "50"),
    "UC5_Order.xml": order("5", "10", "5", "15"),
    "UC6_Order.xml": order("1", "10"),
    "OrderChange_Example.xml": change("Change-1", "5", "50"),
    "OrderChange_sc1.xml": change("Change-1", "5", "50"),
    "OrderChange_sc2.xml": change("Change-2", "5", "50"),
    "OrderChange_sc3.xml": change("Change-3", "5", "50"),
    "OrderCancellation_Example.xml": Expected(DocType.ORDER_CANCEL, "Order-1", (), "Order-1", "Cancellation-1"),
    "OrderCancellation_sc1.xml": Expected(DocType.ORDER_CANCEL, "Order-1", (), "Order-1", "Cancellation-1"),
    "OrderCancellation_sc5.xml": Expected(DocType.ORDER_CANCEL, "Order-1", (), "Order-1", "Cancellation-1"),
    "OrderAgreement_Example.xml": OTHER,
    "OrderResponseAdvanced_Example.xml": OTHER,
    "OrderResponse_Example.xml": OTHER,
    "OrderResponse_sc1.xml": OTHER,
    "OrderResponse_sc2.xml": OTHER,
    "OrderResponse_sc3.xml": OTHER,
    "OrderResponse_sc4.xml": OTHER,
    "OrderResponse_sc5.xml": OTHER,
    "UC1_Order_response.xml": OTHER,
    "UC2_Order_response.xml": OTHER,
    "UC3_Order_response.xml": OTHER,
    "UC4_Order_response.xml": OTHER,
    "UC5_Order_response.xml": OTHER,
    "order_response_tmpl.xml": OTHER,
    "UBL-RequestForQuotation-2.1-Example.xml": OTHER,
}
NOT_UBL = {"PEPPOL-T01-R003.xml"}  # a schematron test set wrapping Order fragments, not a document


def extract(data: bytes):
    return EXTRACTOR.extract(data, HINTS)


def sample(name: str) -> bytes:
    return (CORPUS / "ubl" / name).read_bytes()


@pytest.mark.parametrize("path", [p for p in corpus_files("ubl") if p.name not in NOT_UBL], ids=lambda p: p.name)
def test_corpus_file_is_detected_and_read_as_expected(path: Path) -> None:
    expected = EXPECTED[path.name]
    data = path.read_bytes()
    extraction = extract(data)
    assert EXTRACTOR.detect(data[:8192], path.name, None) >= 0.9
    assert (extraction.format, extraction.doc_type) == ("ubl", expected.doc_type)
    assert [o.po_number for o in extraction.orders] == ([expected.po_number] if expected.po_number else [])
    assert tuple(str(line.quantity) for o in extraction.orders for line in o.lines) == expected.quantities
    for found in extraction.orders:
        assert found.references.get("original_order") == expected.original_order
        assert found.references.get("change_document") == expected.change_document
        assert all(isinstance(line.quantity, Decimal) for line in found.lines)


@pytest.mark.parametrize("path", [CORPUS / "ubl" / name for name in sorted(NOT_UBL)], ids=lambda p: p.name)
def test_test_set_wrapper_is_not_claimed_and_refused_if_forced(path: Path) -> None:
    assert EXTRACTOR.detect(path.read_bytes()[:8192], path.name, None) == 0.0
    with pytest.raises(ExtractionError) as caught:
        extract(path.read_bytes())
    assert caught.value.code == "UBL-ROOT"


@pytest.mark.parametrize("path", corpus_files("cxml") + corpus_files("xml-other"), ids=lambda p: p.name)
def test_other_corpus_files_score_zero(path: Path) -> None:
    assert EXTRACTOR.detect(path.read_bytes()[:8192], path.name, None) == 0.0


def test_peppol_order_header_parties_and_hints() -> None:
    extraction = extract(sample("Order_Example.xml"))
    found = extraction.orders[0]
    assert (found.order_date, found.requested_delivery_date) == (date(2018, 9, 1), date(2012, 10, 10))
    assert (found.currency, found.total) == ("NOK", Decimal("6363"))
    assert found.notes[0] == "Information text for the whole order"
    assert "Delivery: requested delivery window 2012-10-10 to 2012-10-20" in found.notes[1]  # 11 days: held
    assert "DELIVERY-WINDOW-WIDE" in [p.code for p in found.problems]
    assert found.references["contract"] == "34322"
    assert extraction.sender_hints == {"ubl_endpoint": "0192:987654325", "gln": "7300010000001"}
    assert extraction.detail == "UBL Order PEPPOL BIS 3"
    buyer = found.party("buyer")
    assert buyer is not None
    assert buyer.ids["endpoint"] == "0192:987654325" and buyer.ids["vat"] == "NO9311867455MVA"
    assert (buyer.name, buyer.city, buyer.postcode, buyer.country) == ("Helseforetak", "Oslo", "0501", "NO")
    ship_to = found.party("ship_to")
    assert ship_to is not None
    assert (ship_to.ids, ship_to.name, ship_to.street) == ({"gln": "7300010000001"}, "Helseavdeling",
                                                           "Solheimsveien 10")
    assert found.party("supplier").name == "Medical"  # type: ignore[union-attr]


def test_peppol_order_lines() -> None:
    first, second = extract(sample("Order_Example.xml")).orders[0].lines
    assert (first.line_no, first.uom, first.customer_item, first.supplier_item, first.gtin) == (
        1, "EA", "123456", "121212", "7560000012345")
    assert (first.price_basis, first.amount) == (Decimal("1"), Decimal("6300.00"))
    assert (first.description, first.requested_date) == ("Needle 4mm", date(2010, 2, 10))
    assert (second.supplier_item, second.gtin, second.customer_item) == ("SItemNo011", None, None)


def test_peppol_line_prices_keep_the_stated_price_and_apply_the_line_amounts() -> None:
    first, second = extract(sample("Order_Example.xml")).orders[0].lines
    # gross 60 (Price/AllowanceCharge BaseAmount), 10 off per unit -> PriceAmount 50 as stated; the line's
    # 300.00 allowance and its 600.00 charge over 120 units -> 52.50 (= LineExtensionAmount 6300 / 120); the
    # order's allowance states an Amount (652.50): kept on the order as stated, not re-derived as 10 %
    assert (first.gross_price, first.unit_price) == (Decimal("60.00"), Decimal("52.50"))
    assert [(a.kind, a.level, a.per_unit, a.amount, a.percent, a.applied) for a in first.allowances] == [
        ("allowance", "line", Decimal("10.00"), None, None, True),
        ("charge", "line", None, Decimal("600.00"), None, True),
        ("allowance", "line", None, Decimal("300.00"), None, True)]
    assert (second.gross_price, second.unit_price) == (Decimal("115.0000"), Decimal("15"))


def test_order_allowances_and_charges_are_kept_on_the_order() -> None:
    order = extract(sample("Order_Example.xml")).orders[0]
    assert [(a.kind, a.code, a.amount, a.percent) for a in order.allowances] == [
        ("charge", "ABK", Decimal("400.00"), None), ("allowance", "95", Decimal("652.50"), None)]


def test_seller_buyer_manufacturer_and_standard_ids_are_kept_by_where_they_sit() -> None:
    first = extract(sample("Order_Example.xml")).orders[0].lines[0]
    assert first.item_ids == {"buyer": "123456", "seller": "121212", "manufacturer": "manid659",
                              "standard:0160": "7560000012345"}


@pytest.mark.parametrize(("customization", "label"), [
    ("urn:fdc:peppol.eu:poacc:trns:order:3", "PEPPOL BIS 3"),
    ("urn:www.cenbii.eu:transaction:biitrns001:ver2.0:extended:urn:www.peppol.eu:bis:peppol28a:ver1.0",
     "PEPPOL BIS 28A"),
    ("urn:www.cenbii.eu:transaction:biitrns001:ver2.0:extended:urn:www.peppol.eu:bis:peppol28a:ver1.0"
     ":extended:urn:www.difi.no:ehf:ordre:ver1.0", "EHF 1.0 (PEPPOL BIS 28A)"),
    ("OIOUBL-2.1", "OIOUBL 2.1"),
    ("urn:www.cenbii.eu:transaction:biicoretrdm001:ver1.0", None),
])
def test_the_label_says_what_the_customization_id_says(customization: str, label: str | None) -> None:
    assert customization_label(customization) == label


def test_gln_scheme_by_name_and_gtin_scheme_by_name() -> None:
    extraction = extract(sample("UBL-Order-2.1-Example.xml"))
    assert extraction.sender_hints == {"ubl_endpoint": "GLN:7300072311115", "gln": "7300072311115"}
    assert [line.gtin for line in extraction.orders[0].lines] == ["1234567890123", "123452340123"]
    assert [line.uom for line in extraction.orders[0].lines] == ["LTR", "C62"]


def test_ubl_20_currency_delivery_address_and_account_ids() -> None:
    found = extract(sample("UBL-Order-2.0-Example.xml")).orders[0]
    assert found.currency == "GBP"  # no DocumentCurrencyCode: taken from PayableAmount/@currencyID
    assert found.requested_delivery_date == date(2005, 6, 29)
    assert found.party("ship_to").city == "Bridgtow"  # type: ignore[union-attr]
    assert found.party("buyer").ids["supplier_assigned"] == "GT00978567"  # type: ignore[union-attr]
    assert found.party("buyer").ids["buyer_assigned"] == "XFB01"  # type: ignore[union-attr]


def test_order_change_line_actions_follow_line_status_codes() -> None:
    extraction = extract(sample("OrderChange_sc2.xml"))
    assert extraction.orders[0].kind is OrderKind.CHANGE
    assert [line.action for line in extraction.orders[0].lines] == [None, "delete"]  # 4 = no action, 2 = delete
    assert [line.action for line in extract(sample("OrderChange_Example.xml")).orders[0].lines] == [
        "change", "change"]


def test_order_cancellation_keeps_the_cancellation_note() -> None:
    found = extract(sample("OrderCancellation_Example.xml")).orders[0]
    assert found.kind is OrderKind.CANCEL
    assert found.notes == ["With reference to phone call"]
    assert found.lines == []


MINIMAL = b"""<%(root)s xmlns="urn:oasis:names:specification:ubl:schema:xsd:%(root)s-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
 <cbc:ID>X1</cbc:ID><cbc:IssueDate>%(date)s</cbc:IssueDate>
 <cac:OrderLine><cac:LineItem><cbc:ID>A</cbc:ID><cbc:Quantity unitCode="EA">%(qty)s</cbc:Quantity>
 </cac:LineItem></cac:OrderLine></%(root)s>"""


@pytest.mark.parametrize(("root", "doc_type"), [("Invoice", DocType.INVOICE), ("CreditNote", DocType.INVOICE),
                                                ("ApplicationResponse", DocType.ACKNOWLEDGEMENT),
                                                ("Catalogue", DocType.OTHER)])
def test_non_order_documents_are_classified(root: str, doc_type: DocType) -> None:
    data = MINIMAL % {b"root": root.encode(), b"date": b"2024-01-01", b"qty": b"1"}
    extraction = extract(data)
    assert (extraction.doc_type, extraction.orders) == (doc_type, [])


def test_bad_values_become_warnings_and_non_numeric_line_ids_use_position() -> None:
    extraction = extract(MINIMAL % {b"root": b"Order", b"date": b"20240101", b"qty": b"1,5"})
    found = extraction.orders[0]
    assert (found.order_date, found.lines[0].quantity, found.lines[0].line_no) == (None, None, 1)
    assert [p.code for p in extraction.problems] == ["UBL-VALUE", "UBL-VALUE"]


@pytest.mark.parametrize("path", sorted((CORPUS / "xml-other").glob("*.idoc")), ids=lambda p: p.name)
def test_idoc_flat_file_forced_into_ubl_is_a_typed_error(path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(path.read_bytes())
    assert caught.value.code == "XML-MALFORMED"

"""openTRANS: the corpus ORDER samples are read, the other openTRANS documents classified, the rest ignored.

SOURCES.md counts ORDER_ITEM=2 for the three ORDER samples; one of the two occurrences is inside an XML
comment (``<!-- <ORDER_ITEM> additional order-items </ORDER_ITEM> -->``), so each holds one real line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from extractors.base import ExtractHints
from extractors.xml.opentrans import EXTRACTOR
from gateway.errors import ExtractionError
from gateway.model import DocType, OrderKind

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
HINTS = ExtractHints()
SIGNED = "sample_order_opentrans_2_1_xml signature.xml"
INVALID = "sample_order_opentrans_2_1_xml signature - invalid.xml"


def corpus_files(kind: str) -> list[Path]:
    folder = CORPUS / kind
    return sorted(folder.iterdir()) if folder.is_dir() else []


class Expected(NamedTuple):
    score: float
    doc_type: DocType | None = None  # None: not openTRANS, refused if forced
    po_number: str | None = None
    quantities: tuple[str, ...] = ()


EXPECTED = {
    SIGNED: Expected(0.95, DocType.ORDER, "OID1", ("1.0",)),
    INVALID: Expected(0.95, DocType.ORDER, "OID1", ("1.0",)),
    "opentranssharp_sample_order_opentrans_2_1_xml signature.xml": Expected(0.95, DocType.ORDER, "OID1", ("1.0",)),
    "sample_dispatchnotification_opentrans_2_1.xml": Expected(0.95, DocType.OTHER),
    "ticket_19_deserialize_email.xml": Expected(0.95, DocType.OTHER),
    "Pedido_20190619_145750_0611125750634.xml": Expected(0.0),
    "ORDERS01001.idoc": Expected(0.0),
    "ORDERS01004.idoc": Expected(0.0),
    "ORDERS01005.idoc": Expected(0.0),
    "ORDERS01006.idoc": Expected(0.0),
}


def extract(data: bytes):
    return EXTRACTOR.extract(data, HINTS)


def sample(name: str) -> bytes:
    return (CORPUS / "xml-other" / name).read_bytes()


@pytest.mark.parametrize("path", corpus_files("xml-other"), ids=lambda p: p.name)
def test_corpus_file_is_scored_and_read_as_expected(path: Path) -> None:
    expected = EXPECTED[path.name]
    data = path.read_bytes()
    assert EXTRACTOR.detect(data[:8192], path.name, None) == expected.score
    if expected.doc_type is None:
        with pytest.raises(ExtractionError):
            extract(data)
        return
    extraction = extract(data)
    assert (extraction.format, extraction.doc_type) == ("opentrans", expected.doc_type)
    assert [o.po_number for o in extraction.orders] == ([expected.po_number] if expected.po_number else [])
    assert tuple(str(line.quantity) for o in extraction.orders for line in o.lines) == expected.quantities


@pytest.mark.parametrize("path", corpus_files("cxml") + corpus_files("ubl"), ids=lambda p: p.name)
def test_other_corpus_files_score_zero(path: Path) -> None:
    assert EXTRACTOR.detect(path.read_bytes()[:8192], path.name, None) == 0.0


def test_order_header_parties_and_summary() -> None:
    extraction = extract(sample(SIGNED))
    found = extraction.orders[0]
    assert found.kind is OrderKind.NEW
    assert (found.order_date, found.requested_delivery_date) == (date(2009, 5, 13), date(2009, 5, 20))
    assert (found.currency, found.total) == ("EUR", Decimal("1111"))
    assert found.references["quotation"] == "ReferencetoQuotationNr"
    assert found.references["catalog"] == "BMECATXYZ345"
    assert found.notes == ["a", "line 1: a"]  # the item's own REMARKS name its line
    buyer = found.party("buyer")
    assert buyer is not None
    assert (buyer.country, buyer.ids) == ("DE", {"party_id:PredefinedOrCustomType": "a"})
    assert extraction.detail == "openTRANS ORDER 2.1"


def test_order_line_fields() -> None:
    line = extract(sample(SIGNED)).orders[0].lines[0]
    assert (line.line_no, line.supplier_item, line.customer_item, line.uom) == (1, "a", "a", "04")
    assert (line.unit_price, line.price_basis, line.amount) == (Decimal("0.0"), Decimal("1"), Decimal("1111"))
    assert line.gtin is None  # INTERNATIONAL_PID type="$" is not a GTIN


def test_invalid_udx_variant_reads_like_the_valid_sample() -> None:
    """The deliberately invalid sample differs only in partner-defined HEADER_UDX content (a value too long
    for the partner's UDX schema). UDX is ignored, so the order reads the same and no problem is raised."""
    valid, invalid = extract(sample(SIGNED)), extract(sample(INVALID))
    assert invalid.problems == []
    assert invalid.orders == valid.orders


CHANGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<ORDERCHANGE version="2.1" type="express" xmlns="http://www.opentrans.org/XMLSchema/2.1"
 xmlns:bmecat="http://www.bmecat.org/bmecat/2005">
 <ORDERCHANGE_HEADER><ORDERCHANGE_INFO>
  <ORDER_ID>PO-77</ORDER_ID><ORDERCHANGE_DATE>2024-03-01T08:00:00</ORDERCHANGE_DATE>
  <ORDERCHANGE_SEQUENCE_ID>2</ORDERCHANGE_SEQUENCE_ID>
  <PARTIES>
   <PARTY><bmecat:PARTY_ID type="gln">4012345000009</bmecat:PARTY_ID><bmecat:PARTY_ID type="buyer_specific">K-1
   </bmecat:PARTY_ID><PARTY_ROLE>buyer</PARTY_ROLE>
    <ADDRESS><bmecat:NAME>Muster GmbH</bmecat:NAME><bmecat:EMAIL>einkauf@muster.de</bmecat:EMAIL></ADDRESS></PARTY>
   <PARTY><bmecat:PARTY_ID type="duns">123456789</bmecat:PARTY_ID><PARTY_ROLE>delivery</PARTY_ROLE>
    <ADDRESS><bmecat:STREET>Hauptstr. 1</bmecat:STREET><bmecat:ZIP>70173</bmecat:ZIP>
     <bmecat:CITY>Stuttgart</bmecat:CITY><bmecat:COUNTRY_CODED>DE</bmecat:COUNTRY_CODED></ADDRESS></PARTY>
   <PARTY><bmecat:PARTY_ID type="supplier_specific">S9</bmecat:PARTY_ID><PARTY_ROLE>marketplace</PARTY_ROLE></PARTY>
  </PARTIES>
  <bmecat:CURRENCY>EUR</bmecat:CURRENCY>
 </ORDERCHANGE_INFO></ORDERCHANGE_HEADER>
 <ORDER_ITEM_LIST><ORDER_ITEM><LINE_ITEM_ID>A-1</LINE_ITEM_ID>
  <PRODUCT_ID><bmecat:SUPPLIER_PID>X-1</bmecat:SUPPLIER_PID>
   <bmecat:INTERNATIONAL_PID type="gtin">4012345000016</bmecat:INTERNATIONAL_PID></PRODUCT_ID>
  <QUANTITY>12</QUANTITY><bmecat:ORDER_UNIT>C62</bmecat:ORDER_UNIT>
  <DELIVERY_DATE><DELIVERY_START_DATE>2024-03-10</DELIVERY_START_DATE></DELIVERY_DATE>
 </ORDER_ITEM></ORDER_ITEM_LIST>
</ORDERCHANGE>"""


def test_order_change_reads_as_a_change_of_its_order() -> None:
    extraction = extract(CHANGE)
    found = extraction.orders[0]
    assert (extraction.doc_type, found.kind) == (DocType.ORDER_CHANGE, OrderKind.CHANGE)
    assert (found.po_number, found.order_date) == ("PO-77", date(2024, 3, 1))
    assert found.references == {"sequence": "2", "original_order": "PO-77"}
    assert found.priority_codes == ["express"]


def test_party_id_types_roles_and_sender_hints() -> None:
    extraction = extract(CHANGE)
    found = extraction.orders[0]
    assert [party.role for party in found.parties] == ["buyer", "ship_to"]  # unknown roles are left out
    assert found.party("buyer").ids == {  # type: ignore[union-attr]
        "gln": "4012345000009", "buyer_assigned": "K-1", "email": "einkauf@muster.de"}
    ship_to = found.party("ship_to")
    assert ship_to is not None
    assert (ship_to.ids, ship_to.street, ship_to.postcode, ship_to.city) == (
        {"duns": "123456789"}, "Hauptstr. 1", "70173", "Stuttgart")
    assert extraction.sender_hints == {  # for a partner's opentrans_ids: every PARTY_ID as written, global ids bare
        "gln": "4012345000009", "opentrans_buyer": "gln:4012345000009\nbuyer_specific:K-1",
        "opentrans_buyer_id": "4012345000009"}


def test_line_gtin_position_number_and_delivery_date() -> None:
    line = extract(CHANGE).orders[0].lines[0]
    assert (line.line_no, line.gtin, line.requested_date) == (1, "4012345000016", date(2024, 3, 10))


def test_opentrans_without_namespace_needs_its_header_to_be_claimed() -> None:
    assert EXTRACTOR.detect(b"<ORDER><ORDER_HEADER>", None, None) == 0.6
    assert EXTRACTOR.detect(b"<ORDER><Header>", None, None) == 0.0


def test_order_without_header_is_a_structure_error() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(b'<ORDER xmlns="http://www.opentrans.org/XMLSchema/2.1"><ORDER_ITEM_LIST/></ORDER>')
    assert caught.value.code == "OPENTRANS-STRUCTURE"


def test_other_xml_forced_into_opentrans_is_refused() -> None:
    with pytest.raises(ExtractionError) as caught:
        extract(sample("Pedido_20190619_145750_0611125750634.xml"))
    assert caught.value.code == "OPENTRANS-ROOT"

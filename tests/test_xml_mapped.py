"""XPath-mapped XML: the shipped Voxel map reads the corpus sample; maps are validated strictly; detect
only claims documents a map names."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.xml.xml_mapped import EXTRACTOR, XmlMappedExtractor, load_map, load_maps, make_extractor
from gateway.errors import ConfigError, ExtractionError
from gateway.model import DocType

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
MAPPINGS = REPO / "mappings"
VOXEL = CORPUS / "xml-other" / "Pedido_20190619_145750_0611125750634.xml"
HINTS = ExtractHints(mappings_dir=MAPPINGS)


def corpus_files(*kinds: str) -> list[Path]:
    return sorted(p for kind in kinds if (CORPUS / kind).is_dir() for p in (CORPUS / kind).iterdir())


# --- the shipped Voxel map on the corpus ------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files("cxml", "ubl", "xml-other"), ids=lambda p: p.name)
def test_only_the_voxel_order_is_claimed_in_the_corpus(path: Path) -> None:
    expected = 0.85 if path == VOXEL else 0.0
    assert EXTRACTOR.detect(path.read_bytes()[:8192], path.name, None) == expected


@pytest.mark.parametrize("path", [p for p in corpus_files("cxml", "ubl", "xml-other") if p != VOXEL],
                         ids=lambda p: p.name)
def test_documents_no_map_accepts_are_refused_with_a_typed_error(path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        EXTRACTOR.extract(path.read_bytes(), HINTS)
    assert caught.value.code in {"XMAP-NO-MATCH", "XML-MALFORMED"}  # IDoc flat files are not XML


def test_voxel_order_header_and_parties() -> None:
    extraction = EXTRACTOR.extract(VOXEL.read_bytes(), HINTS)
    order = extraction.orders[0]
    assert (extraction.format, extraction.doc_type) == ("xml:voxel", DocType.ORDER)
    assert (order.po_number, order.currency) == ("1111", "EUR")
    assert (order.order_date, order.requested_delivery_date) == (date(2019, 6, 19), date(2019, 6, 19))
    buyer, ship_to, supplier = order.parties
    assert (buyer.role, buyer.name, buyer.ids) == ("buyer", "CUSTOMER TEST", {"voxel_client": "1"})
    assert (ship_to.role, ship_to.ids, ship_to.postcode, ship_to.country) == (
        "ship_to", {"buyer_assigned": "F111"}, "43222", "ESP")
    assert (supplier.name, supplier.ids) == ("COMPANY TEST, S.A.", {"vat": "ESA12345674", "buyer_assigned": "222-3333"})
    assert extraction.sender_hints == {"xml_map": "voxel"}


def test_voxel_order_lines() -> None:
    lines = EXTRACTOR.extract(VOXEL.read_bytes(), HINTS).orders[0].lines
    assert [(l.line_no, l.supplier_item, l.customer_item, l.description, l.quantity, l.uom) for l in lines] == [
        (1, "SP11111", "005555", "PRODUCT TEST", Decimal("2.0"), "Cajas"),
        (2, "222222", "006666", "PRODUCT TEST 2", Decimal("2.0"), "Unidades"),
    ]


def test_voxel_delivery_note_is_not_read_as_an_order() -> None:
    data = VOXEL.read_bytes().replace(b'Type="Pedido"', b'Type="Albaran"')
    assert EXTRACTOR.detect(data, None, None) == 0.85  # detect sees only the root tag
    with pytest.raises(ExtractionError) as caught:
        EXTRACTOR.extract(data, HINTS)
    assert caught.value.code == "XMAP-NO-MATCH"


def test_shipped_maps_load() -> None:
    assert [xmap.name for xmap in load_maps(MAPPINGS)] == ["voxel"]


# --- writing maps -----------------------------------------------------------------------------


ACME_MAP = """
name = "acme"
[match]
root = "PO"
namespace = "urn:acme:po"
xpath = "a:Head/a:Kind = 'NEW'"
[namespaces]
a = "urn:acme:po"
[order]
po_number = "/a:PO/a:Head/a:Nr"
order_date = "/a:PO/a:Head/a:Date"
requested_delivery_date = ["/a:PO/a:Head/a:Wanted", "/a:PO/a:Head/a:Date"]
total = "/a:PO/a:Head/a:Total"
notes = "/a:PO/a:Head/a:Note"
[order.transform]
date_format = "%d.%m.%Y"
decimal_comma = true
[order.buyer]
name = "/a:PO/a:Head/a:Buyer"
[order.buyer.ids]
gln = "/a:PO/a:Head/a:Buyer/@gln"
[order.references]
contract = "/a:PO/a:Head/a:Contract"
[lines]
select = "/a:PO/a:Pos"
line_no = "@n"
gtin = "a:EAN"
quantity = "a:Qty"
unit_price = "a:Price"
amount = "count(a:Qty) * 0 + 7"
requested_date = "a:Wanted"
[lines.transform]
decimal_comma = true
date_format = "%Y%m%d"
"""

ACME_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<x:PO xmlns:x="urn:acme:po"><x:Head><x:Kind>NEW</x:Kind><x:Nr> 4711 </x:Nr><x:Date>01.03.2024</x:Date>
<x:Total>1.234,50</x:Total><x:Note>first</x:Note><x:Note>second</x:Note><x:Note>  </x:Note>
<x:Buyer gln="4012345000009">Acme AG</x:Buyer><x:Contract>K-9</x:Contract></x:Head>
<x:Pos n="10"><x:EAN>4012345000016</x:EAN><x:Qty>1.000</x:Qty><x:Price>2,5</x:Price>
 <x:Wanted>20240310</x:Wanted></x:Pos>
<x:Pos n="20"><x:Qty>drei</x:Qty><x:Wanted>10.03.2024</x:Wanted></x:Pos>
</x:PO>""".encode()


@pytest.fixture
def mappings(tmp_path: Path) -> Path:
    (tmp_path / "xpath").mkdir()
    (tmp_path / "xpath" / "acme.toml").write_text(ACME_MAP, encoding="utf-8")
    return tmp_path


def test_custom_map_reads_namespaced_document_with_transforms(mappings: Path) -> None:
    extractor = XmlMappedExtractor(mappings)
    assert extractor.detect(ACME_DOC[:8192], None, None) == 0.85
    extraction = extractor.extract(ACME_DOC, ExtractHints())
    order = extraction.orders[0]
    assert (order.po_number, order.order_date, order.requested_delivery_date) == (
        "4711", date(2024, 3, 1), date(2024, 3, 1))
    assert (order.total, order.notes) == (Decimal("1234.50"), ["first", "second"])
    assert order.references == {"contract": "K-9"}
    assert extraction.sender_hints == {"xml_map": "acme", "gln": "4012345000009"}
    first, second = order.lines
    assert (first.line_no, first.gtin, first.quantity, first.unit_price, first.amount, first.requested_date) == (
        10, "4012345000016", Decimal("1000"), Decimal("2.5"), Decimal("7"), date(2024, 3, 10))
    assert (second.quantity, second.requested_date) == (None, None)
    assert [p.message for p in extraction.problems] == [
        "line 2 quantity: not a decimal number", "line 2 requested_date: does not match the map's date_format"]


def test_hints_mappings_dir_wins_over_the_constructor_dir(mappings: Path) -> None:
    assert EXTRACTOR.extract(ACME_DOC, ExtractHints(mappings_dir=mappings)).format == "xml:acme"


def test_map_condition_must_hold(mappings: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        XmlMappedExtractor(mappings).extract(ACME_DOC.replace(b">NEW<", b">OLD<"), ExtractHints())
    assert caught.value.code == "XMAP-NO-MATCH"


def test_namespace_must_match_when_the_map_names_one(mappings: Path) -> None:
    assert XmlMappedExtractor(mappings).detect(ACME_DOC.replace(b"urn:acme:po", b"urn:other"), None, None) == 0.0


def test_forced_template_picks_among_matching_maps(mappings: Path) -> None:
    (mappings / "xpath" / "acme_simple.toml").write_text(
        'name = "simple"\ndoc_type = "other"\n[match]\nroot = "PO"\n', encoding="utf-8")
    extractor = XmlMappedExtractor(mappings)
    assert extractor.extract(ACME_DOC, ExtractHints()).format == "xml:acme"  # the more specific map
    forced = extractor.extract(ACME_DOC, ExtractHints(template="simple"))
    assert (forced.format, forced.doc_type, forced.orders) == ("xml:simple", DocType.OTHER, [])


def test_edited_maps_are_picked_up_and_the_extractor_pickles(mappings: Path) -> None:
    extractor = XmlMappedExtractor(mappings)
    assert extractor.detect(b"<Other/>", None, None) == 0.0
    (mappings / "xpath" / "other.toml").write_text('doc_type = "invoice"\n[match]\nroot = "Other"\n', encoding="utf-8")
    assert extractor.detect(b"<Other/>", None, None) == 0.8
    clone = pickle.loads(pickle.dumps(extractor))
    assert clone.extract(b"<Other/>", ExtractHints()).doc_type == DocType.INVOICE


def test_broken_map_scores_zero_in_detect_and_fails_extract_by_code(mappings: Path) -> None:
    (mappings / "xpath" / "zz.toml").write_text("[match]\nroot = 1\n", encoding="utf-8")
    extractor = XmlMappedExtractor(mappings)
    assert extractor.detect(ACME_DOC, None, None) == 0.0
    with pytest.raises(ExtractionError) as caught:
        extractor.extract(ACME_DOC, ExtractHints())
    assert (caught.value.code, caught.value.retryable) == ("XMAP-CONFIG", True)


def test_registry_factory_validates_maps_up_front(mappings: Path) -> None:
    assert make_extractor(mappings).detect(ACME_DOC, None, None) == 0.85
    (mappings / "xpath" / "zz.toml").write_text("[match]\nroot = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        make_extractor(mappings)
    assert caught.value.message == "zz.toml: match.root: must be a non-empty string"


def test_missing_mappings_folder_means_no_maps(tmp_path: Path) -> None:
    assert load_maps(tmp_path / "nowhere") == ()
    assert XmlMappedExtractor(tmp_path).detect(VOXEL.read_bytes(), None, None) == 0.0


@pytest.mark.parametrize(("text", "key"), [
    ('colour = "red"\n[match]\nroot = "R"\n', "colour"),
    ('[match]\nroot = "R"\nrooot = "R"\n', "match.rooot"),
    ("[match]\n", "match.root"),
    ('[match]\nroot = ""\n', "match.root"),
    ("[order]\n", "match"),
    ('doc_type = "container"\n[match]\nroot = "R"\n', "doc_type"),
    ('[match]\nroot = "R"\nxpath = "//["\n', "match.xpath"),
    ('[match]\nroot = "R"\n[lines]\nselect = "/R/L"\n', "order"),
    ('[match]\nroot = "R"\n[order]\n[lines]\n', "lines.select"),
    ('[match]\nroot = "R"\n[order]\npo = "/R/@n"\n[lines]\nselect = "/R/L"\n', "order.po"),
    ('[match]\nroot = "R"\n[order]\npo_number = 5\n[lines]\nselect = "/R/L"\n', "order.po_number"),
    ('[match]\nroot = "R"\n[order]\npo_number = []\n[lines]\nselect = "/R/L"\n', "order.po_number"),
    ('[match]\nroot = "R"\n[order]\npo_number = "/p:R"\n[lines]\nselect = "/R/L"\n', "order.po_number"),
    ('[match]\nroot = "R"\n[order]\npo_number = "nosuch(1)"\n[lines]\nselect = "/R/L"\n', "order.po_number"),
    ('[match]\nroot = "R"\n[order.buyer]\nphone = "x"\n[lines]\nselect = "/R/L"\n', "order.buyer.phone"),
    ('[match]\nroot = "R"\n[order.buyer.ids]\ngln = 1\n[lines]\nselect = "/R/L"\n', "order.buyer.ids.gln"),
    ('[match]\nroot = "R"\n[order]\n[lines]\nselect = "/R/L"\nqty = "@q"\n', "lines.qty"),
    ('[match]\nroot = "R"\n[order]\n[lines]\nselect = "/R/L"\n[lines.transform]\ncomma = true\n',
     "lines.transform.comma"),
    ('[match]\nroot = "R"\n[order]\n[lines]\nselect = "/R/L"\n[lines.transform]\ndecimal_comma = "yes"\n',
     "lines.transform.decimal_comma"),
    ('[match]\nroot = "R"\n[namespaces]\n"1x" = "urn:x"\n', "namespaces.1x"),
    ('doc_type = "invoice"\n[match]\nroot = "R"\n[order]\npo_number = "/R"\n', "order"),
    ("[match\nroot=", "-"),
])
def test_map_mistakes_name_the_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_map(path)
    assert caught.value.code == "XMAP-CONFIG"
    assert caught.value.message.startswith(f"bad.toml: {key}: ")


def test_two_maps_with_one_name_are_refused(mappings: Path) -> None:
    (mappings / "xpath" / "copy.toml").write_text(ACME_MAP, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_maps(mappings)
    assert caught.value.message.startswith("copy.toml: name: ")


# --- an XPath-mapped order is a structured order (review V16) ----------------------------------------


def test_an_xpath_mapped_format_is_structured() -> None:
    from gateway.stages.identify import is_structured
    assert [is_structured(f) for f in ("xml:voxel", "ubl", "edifact", "pdf_text", "body_text", "ocr")] == [
        True, True, True, False, False, False]


def test_a_mapped_order_replacing_another_waits_for_its_note() -> None:
    from gateway.stages.mapping import with_note_problems
    note = b'<Comments><Comment Msg="THIS ORDER REPLACES ORDER 1100 - PLEASE CANCEL ORDER 1100, DO NOT SHIP 1100"/>' \
           b'</Comments></Transaction>'
    data = VOXEL.read_bytes().replace(b"</Transaction>", note, 1)
    extraction = EXTRACTOR.extract(data, HINTS)
    (order,) = extraction.orders
    assert order.notes and extraction.format == "xml:voxel"
    assert "CANCEL-TYPED" in [p.code for p in with_note_problems(order).problems]

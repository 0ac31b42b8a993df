"""The safe XML parser: every corpus XML file parses, hostile documents are refused fast, cheaply and
without leaking anything, and limits hold."""

from __future__ import annotations

import resource
import socket
import tracemalloc
from decimal import Decimal
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from extractors.xml import cxml, opentrans, ubl, xml_mapped
from extractors.base import Extractor, ExtractHints, Limits
from extractors.xml.xmlsafe import (
    ValueReader, all_texts, first_text, local, own_text, parse_xml, sniff_root,
)
from gateway.errors import ExtractionError, GatewayError, HostileInputError, LimitError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
XML_FILES = sorted(p for kind in ("cxml", "ubl", "xml-other") if (CORPUS / kind).is_dir()
                   for p in (CORPUS / kind).iterdir() if p.suffix == ".xml")
IDOC_FILES = sorted((CORPUS / "xml-other").glob("*.idoc")) if (CORPUS / "xml-other").is_dir() else []
EXTRACTORS = [cxml.EXTRACTOR, ubl.EXTRACTOR, opentrans.EXTRACTOR, xml_mapped.EXTRACTOR]
LIMITS = Limits()
# How fast these are refused is measured by bench/bench_hostile.py (no timing assertions in tests).

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]>\n<lolz>&lol9;</lolz>\n"
)
XXE_FILE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>'
XXE_PARAMETER = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
                 b"<r/>")


def refusal(data: bytes, limits: Limits = LIMITS) -> GatewayError:
    with pytest.raises(GatewayError) as caught:
        parse_xml(data, limits)
    return caught.value


def everything_said(error: GatewayError) -> str:
    """All text an error carries: message, details, problems."""
    problems = getattr(error, "problems", [])
    return " ".join([str(error), repr(error.details), *(p.model_dump_json() for p in problems)])


# --- the corpus ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", XML_FILES, ids=lambda p: p.name)
def test_every_corpus_xml_file_parses(path: Path) -> None:
    root = parse_xml(path.read_bytes(), LIMITS)
    assert local(root)


@pytest.mark.parametrize("path", IDOC_FILES, ids=lambda p: p.name)
def test_idoc_flat_files_are_malformed_xml_with_position(path: Path) -> None:
    error = refusal(path.read_bytes())
    assert isinstance(error, ExtractionError)
    assert error.code == "XML-MALFORMED"
    assert error.details == {"line": 1, "column": 1}
    assert error.problems[0].code == "XML-MALFORMED"


def test_cxml_doctype_with_system_dtd_is_accepted_without_loading_it() -> None:
    root = parse_xml((CORPUS / "cxml" / "OrderRequest.xml").read_bytes(), LIMITS)
    assert root.getroottree().docinfo.system_url.startswith("http://xml.cXML.org/")


# --- hostile documents --------------------------------------------------------------------------


def test_xxe_file_entity_is_refused_and_leaks_nothing() -> None:
    error = refusal(XXE_FILE)
    assert isinstance(error, HostileInputError)
    assert error.code == "XML-ENTITY"
    assert "root:" not in everything_said(error)


def test_xxe_parameter_entity_is_refused() -> None:
    error = refusal(XXE_PARAMETER)
    assert error.code == "XML-ENTITY"
    assert "root:" not in everything_said(error)


@pytest.mark.parametrize("extractor", EXTRACTORS, ids=lambda e: e.name)
def test_every_extractor_refuses_xxe(extractor: Extractor) -> None:
    data = XXE_FILE.replace(b"<r>", b"<cXML>").replace(b"</r>", b"</cXML>")
    with pytest.raises(HostileInputError) as caught:
        extractor.extract(data, ExtractHints())
    assert "root:" not in everything_said(caught.value)


@pytest.fixture
def listener() -> socket.socket:
    """A real local TCP server: any fetch attempt would show up as a pending connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.3)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(socket.timeout):
        connection, _ = server.accept()
        connection.close()


def test_external_http_entity_is_refused_without_network(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    data = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY ext SYSTEM "http://127.0.0.1:%d/x">]><r>&ext;</r>'
            % port)
    assert refusal(data).code == "XML-ENTITY"
    assert_no_connection(listener)


def test_external_dtd_url_is_never_fetched(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    data = b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:%d/r.dtd"><r>ok</r>' % port
    assert parse_xml(data, LIMITS).text == "ok"
    assert_no_connection(listener)


def test_external_dtd_file_is_never_read() -> None:
    root = parse_xml(b'<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>ok</r>', LIMITS)
    assert b"root:" not in etree.tostring(root.getroottree())


def test_entity_reference_left_unresolved_is_refused() -> None:
    error = refusal(b'<!DOCTYPE r SYSTEM "file:///etc/passwd"><r>&passwd;</r>')
    assert error.code == "XML-ENTITY"


def test_xinclude_is_not_processed() -> None:
    data = (b'<r xmlns:xi="http://www.w3.org/2001/XInclude">'
            b'<xi:include href="file:///etc/passwd" parse="text"/></r>')
    assert b"root:" not in etree.tostring(parse_xml(data, LIMITS))


def test_billion_laughs_is_refused_with_bounded_memory() -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux; a high-water mark
    tracemalloc.start()
    error = refusal(BILLION_LAUGHS)
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert error.code == "XML-ENTITY"
    assert python_peak < 2 * 1024 * 1024
    assert rss_growth_kib < 50 * 1024


def test_billion_laughs_in_utf16_is_refused() -> None:
    data = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    assert refusal(data).code == "XML-ENTITY"


def test_billion_laughs_in_a_multibyte_encoding_is_refused() -> None:
    data = BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="Shift_JIS"')
    assert refusal(data).code == "XML-ENTITY"


def test_multibyte_encoding_without_dtd_parses() -> None:
    data = '<?xml version="1.0" encoding="Shift_JIS"?><r>注文</r>'.encode("shift_jis")
    assert parse_xml(data, LIMITS).text == "注文"


def test_unknown_encoding_is_refused_by_name() -> None:
    assert refusal(b'<?xml version="1.0" encoding="x-no-such-codec"?><r/>').code == "XML-ENCODING"


def test_quadratic_blowup_is_refused_without_expanding() -> None:
    big = b"x" * 50_000
    data = b'<!DOCTYPE r [<!ENTITY a "%s">]><r>%s</r>' % (big, b"&a;" * 50_000)
    tracemalloc.start()
    assert refusal(data).code == "XML-ENTITY"
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert python_peak < 8 * len(data)  # 2.5 GB if the entity were expanded


@pytest.mark.parametrize("subset", [b"[]", b"[<!ELEMENT r ANY>]", b"[<!ATTLIST r a CDATA #IMPLIED>]",
                                    b"[<!-- only a comment -->]", b"[<!NOTATION n SYSTEM 'x'>]",
                                    b"[<!BOGUS> <!ENTITY a 'x'>]"])
def test_any_internal_subset_is_refused(subset: bytes) -> None:
    assert refusal(b"<!DOCTYPE r %s><r/>" % subset).code == "XML-DTD"


def test_deep_nesting_over_the_limit_is_refused() -> None:
    data = b"<a>" * 60 + b"</a>" * 60
    assert refusal(data, Limits(max_xml_depth=50)).code == "XML-DEPTH"
    assert local(parse_xml(data, Limits(max_xml_depth=60))) == "a"


def test_very_deep_nesting_is_refused_at_the_default_limit() -> None:
    data = b"<a>" * 200_000 + b"</a>" * 200_000
    assert refusal(data).code == "XML-DEPTH"


def test_nesting_beyond_libxml2_cap_is_a_depth_error_even_with_a_higher_limit() -> None:
    data = b"<a>" * 300 + b"</a>" * 300
    assert refusal(data, Limits(max_xml_depth=1000)).code == "XML-DEPTH"


def test_too_many_elements_are_refused() -> None:
    data = b"<r>" + b"<i/>" * 1001 + b"</r>"
    assert refusal(data, Limits(max_xml_nodes=1000)).code == "XML-NODES"


def test_oversize_document_is_refused_before_parsing() -> None:
    error = refusal(b"<r>" + b"x" * 2000 + b"</r>", Limits(max_document_bytes=1000))
    assert isinstance(error, LimitError)
    assert error.code == "XML-SIZE"


def test_malformed_xml_reports_line_and_column() -> None:
    error = refusal(b"<r>\n  <a>\n</r>")
    assert error.code == "XML-MALFORMED"
    assert error.details["line"] == 3
    assert "line 3" in error.message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_typed_errors(data: bytes) -> None:
    try:
        parse_xml(data, LIMITS)
    except GatewayError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="<>!&;[]%'\"=/ ?-abcDOCTYPENTILRMAS", max_size=120))
def test_markup_soup_raises_only_typed_errors(text: str) -> None:
    try:
        parse_xml(text.encode(), LIMITS)
    except GatewayError:
        pass


# --- sniffing and lookups -----------------------------------------------------------------------


@pytest.mark.parametrize(("head", "expected"), [
    (b'<?xml version="1.0"?><!-- c --><!DOCTYPE cXML SYSTEM "x.dtd"><cXML payloadID="1">', ("cXML", None, "cXML")),
    (b'\xef\xbb\xbf<Order xmlns="urn:o" xmlns:cac="urn:c">', ("Order", "urn:o", None)),
    (b'<p:Root xmlns:p="urn:p" xmlns="urn:default">', ("Root", "urn:p", None)),
    ('<?xml version="1.0" encoding="UTF-16"?><R xmlns="urn:r"/>'.encode("utf-16"), ("R", "urn:r", None)),
    (b'<!DOCTYPE r [<!ENTITY a "b">]><r>', ("r", None, "r")),
])
def test_sniff_root_reads_name_namespace_and_doctype(head: bytes, expected: tuple) -> None:
    found = sniff_root(head)
    assert found is not None
    assert (found.local, found.namespace, found.doctype) == expected


@pytest.mark.parametrize("head", [b"", b"EDI_DC40  0320000", b"UNA:+.? 'UNB+UNOC", b"%PDF-1.7", b"\x00\x01\x02"])
def test_sniff_root_says_none_for_non_xml(head: bytes) -> None:
    assert sniff_root(head) is None


@pytest.mark.parametrize("head", [b"<?a?>" * 1700, b"<!--a-->" * 1100, b"<!DOCTYPE a [" * 700,
                                  b"<!DOCTYPE a " * 800, b"<" * 8192, b"<a " + b'xmlns="' * 1300])
def test_sniff_root_survives_adversarial_heads(head: bytes) -> None:
    sniff_root(head[:8191] + b"!")  # never raises; its speed on these heads is in bench/bench_hostile.py


def test_lookups_ignore_prefixes_and_comments() -> None:
    root = etree.fromstring(b'<a:R xmlns:a="urn:a" xmlns:b="urn:b"><!-- c --><b:X k=" v ">'
                            b"<b:Y> one  two </b:Y><b:Y/><b:Y>three</b:Y></b:X>text<Z/></a:R>")
    assert first_text(root, "X/Y") == "one two"
    assert first_text(root, "X/@k") == "v"
    assert all_texts(root, "X/Y") == ["one two", "three"]
    assert first_text(root, "Missing/Y") is None
    assert own_text(root) == "text"
    assert local(root[0]) == ""


def test_value_reader_reads_decimals_and_dates_and_warns_on_bad_ones() -> None:
    reader = ValueReader("T-VALUE")
    assert reader.decimal(" 1505.0 ", "a") == Decimal("1505.0")
    assert reader.decimal("-.5", "a") == Decimal("-0.5")
    assert reader.date("2000-10-12T18:41:29-08:00", "d") == date(2000, 10, 12)
    assert reader.date("2010-01-20Z", "d") == date(2010, 1, 20)
    assert reader.decimal("1e3", "bad number") is None
    assert reader.decimal("NaN", "bad number") is None
    assert reader.date("2019-02-30", "bad date") is None
    assert [p.message.split(":")[0] for p in reader.problems] == ["bad number", "bad number", "bad date"]
    assert {p.severity for p in reader.problems} == {"warning"}

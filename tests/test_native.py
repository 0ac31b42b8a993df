"""The compiled EDI readers (mypyc, ``scripts/build_native.py``) read exactly what their Python sources read.

Every EDIFACT order message of the corpus (real, damaged and malformed files) and generated orders with
random separators and escapes go through both the compiled ``extractors.edi.edifact_orders`` and the same
source loaded as Python; the orders and the problems recorded must be equal. Likewise every X12 corpus
file and generated X12 orders through the compiled ``extractors.edi.x12`` and its source: the same
extraction, or the same error. Skipped when the build did not compile anything (no C compiler): then
only the Python modules exist.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.edi import edi_models, edifact_orders, x12
from extractors.base import ExtractHints
from extractors.edi.edifact import ORDER_TYPES
from extractors.edi.edifact_envelope import Message, read_document
from extractors.edi.edifact_syntax import Delimiters
from extractors.edi.native import native_status, python_read_order, source_module
from gateway.model import ExtractedLine, ExtractedOrder, Party
from testkit.harness import CORPUS
from gateway.errors import ExtractionError
from tests.test_edi_properties import SETTINGS, Order, _edifact_case, _x12_case, write_edifact, write_x12

Reader = Callable[[Message], ExtractedOrder]
pytestmark = pytest.mark.skipif("compiled" not in native_status().values(),
                                reason="the EDI readers were not compiled (scripts/build_native.py)")
HINTS = ExtractHints()


def _compiled(module: ModuleType) -> None:
    assert module.__file__ is not None and not module.__file__.endswith(".py"), f"{module.__name__} runs as Python"


@pytest.fixture(scope="module")
def source_reader() -> Reader:
    _compiled(edifact_orders)
    return python_read_order()


@pytest.fixture(scope="module")
def source_x12() -> ModuleType:
    _compiled(x12)
    return source_module("extractors/edi/x12.py")


def _x12_reading(module: ModuleType, data: bytes) -> object:
    """What an X12 extractor makes of ``data``: its extraction, or its error's code and problems."""
    try:
        return module.EXTRACTOR.extract(data, HINTS).model_dump()
    except ExtractionError as exc:
        return ("error", exc.code, exc.message, [p.model_dump() for p in exc.problems])


def _both(data: bytes, source: Reader) -> list[tuple[object, object]]:
    """(compiled, Python) readings of each order message: the order and the message's problems."""
    compiled_doc, source_doc = read_document(data), read_document(data)
    pairs = []
    for compiled_env, source_env in zip(compiled_doc.envelopes, source_doc.envelopes, strict=True):
        for compiled, python in zip(compiled_env.messages, source_env.messages, strict=True):
            if compiled.type in ORDER_TYPES:
                pairs.append(((edifact_orders.read_order(compiled).model_dump(), compiled.problems),
                              (source(python).model_dump(), python.problems)))
    return pairs


EDIFACT_FILES = sorted(p for p in (CORPUS / "edifact").rglob("*") if p.is_file())


@pytest.mark.parametrize("path", EDIFACT_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_the_compiled_reader_reads_every_corpus_file_as_the_source_does(path: Path, source_reader: Reader) -> None:
    for compiled, python in _both(path.read_bytes(), source_reader):
        assert compiled == python


def test_the_corpus_has_order_messages_to_compare(source_reader: Reader) -> None:
    assert sum(len(_both(p.read_bytes(), source_reader)) for p in EDIFACT_FILES) >= 10


@SETTINGS
@given(case=_edifact_case(), newline=st.sampled_from(["", "\r\n"]))
def test_the_compiled_reader_reads_generated_orders_as_the_source_does(
        case: tuple[Order, Delimiters], newline: str, source_reader: Reader) -> None:
    order, d = case
    pairs = _both(write_edifact(order, d, newline), source_reader)
    assert pairs
    for compiled, python in pairs:
        assert compiled == python


X12_FILES = sorted(p for p in (CORPUS / "x12").rglob("*") if p.is_file())


@pytest.mark.parametrize("path", X12_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_the_compiled_x12_reader_reads_every_corpus_file_as_the_source_does(path: Path,
                                                                           source_x12: ModuleType) -> None:
    data = path.read_bytes()
    assert _x12_reading(x12, data) == _x12_reading(source_x12, data)


@SETTINGS
@given(case=_x12_case())
def test_the_compiled_x12_reader_reads_generated_orders_as_the_source_does(
        case: tuple[Order, tuple[str, str, str]], source_x12: ModuleType) -> None:
    data = write_x12(*case)
    reading = _x12_reading(x12, data)
    assert reading == _x12_reading(source_x12, data)
    assert not isinstance(reading, tuple)  # read, not refused


def test_the_compiled_model_builder_builds_what_the_source_builds() -> None:
    source = source_module("extractors/edi/edi_models.py")
    values = {"line_no": 3, "gtin": "4006381333931", "quantity": Decimal("12.5"), "uom": "PCE",
              "requested_date": date(2026, 3, 1), "action": "change"}
    compiled_line = edi_models.trusted(ExtractedLine)(dict(values))
    python_line = source.trusted(ExtractedLine)(dict(values))
    assert compiled_line == python_line == ExtractedLine(**values)
    assert compiled_line.model_fields_set == python_line.model_fields_set == set(values)
    party = {"role": "buyer", "ids": {"gln": "4000001000005"}, "name": "Buyer"}
    assert edi_models.trusted(Party)(dict(party)) == source.trusted(Party)(dict(party)) == Party(**party)
    with pytest.raises(ValueError):
        edi_models.trusted(ExtractedLine)({"no_such_field": 1})

"""A PO number printed up to the page's edge (issue 18, forms): a borderless sheet exported by LibreOffice lets the
PO run out of the last column printed on page 1 to the paper's edge; it is held unread (``LAYOUT-CLIPPED-VALUE``,
``CONFIDENCE-LOW`` naming ``po_number``), never sent on the text layer's letters. Counter-example: the same sheet
whose PO column prints on page 2, whole, goes out. The documents are checked in (``tests/fixtures/edge_values``, made
by its ``make_edge_values.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.capture.edge_values import clipped_po
from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder
from testkit.fixture_orders import read_fixture
from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "edge_values"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"))


def _order(config: Path, name: str) -> dict:
    return read_fixture(config, FIXTURES / f"{name}.pdf")


def test_a_po_run_to_the_page_edge_holds(config: Path) -> None:
    order = _order(config, "po_at_edge_de")
    assert order["status"] != "ready"
    assert any(i["code"] == "CONFIDENCE-LOW" and "po_number" in i["message"] for i in order["issues"]), order["issues"]


def test_a_po_printed_whole_goes_out(config: Path) -> None:
    order = _order(config, "po_whole_de")
    assert order["po_number"] == "MB-2026-778899-LAGER-NORD"
    assert order["status"] == "ready", [(i["code"], i["message"]) for i in order["issues"]]


@pytest.mark.parametrize("x1, held", [(595.0, True), (598.5, True), (560.0, False)])
def test_only_a_word_of_the_po_at_the_edge_counts(x1: float, held: bool) -> None:
    order = ExtractedOrder(po_number="MB-2026-778899")
    page = PageWords(1, 595.3, 841.9, (Word("MB-2026-778899", 400.0, 100, x1, 110, 1.0, 1),
                                       Word("Seite 1 von 2", 500.0, 800, 595.3, 810, 1.0, 1)))
    clipped_po(order, [page])
    assert (order.confidence.get("po_number") == 0.0) is held


def _held(words: tuple[Word, ...], po: str = "MB-2026-5801") -> bool:
    order = ExtractedOrder(po_number=po)
    clipped_po(order, [PageWords(1, 594.96, 841.92, words)])
    return order.confidence.get("po_number") == 0.0


def test_a_part_of_the_po_elsewhere_at_the_edge_does_not_count() -> None:
    """A margin-0 print's place-and-date line ("München, 2. Dezember 2026") ends at the paper's edge: its "2026" is
    in the PO "MB-2026-5801" printed whole on its own row, and no part of it."""
    assert not _held((Word("München,", 480.0, 10, 522.0, 22, 1.0, 1), Word("Dezember", 530.0, 10, 570.0, 22, 1.0, 1),
                      Word("2026", 572.0, 10, 595.5, 22, 1.0, 1),
                      Word("Bestellnummer:", 40.0, 120, 120.0, 132, 1.0, 1),
                      Word("MB-2026-5801", 124.0, 120, 190.0, 132, 1.0, 1)))


def test_the_tail_of_the_po_on_its_own_row_at_the_edge_counts() -> None:
    """The PO's start and a later part of it on the PO's own row, that part at the edge: held."""
    assert _held((Word("Bestellnummer:", 400.0, 120, 480.0, 132, 1.0, 1), Word("MB-2026-", 484.0, 120, 540.0, 132, 1.0, 1),
                  Word("5801", 542.0, 120, 595.0, 132, 1.0, 1)))
    assert _held((Word("MB-2026-58", 540.0, 120, 595.0, 132, 1.0, 1),))  # its start cut at the edge


def test_a_date_line_at_the_edge_of_a_margin_0_print_goes_out(config: Path) -> None:
    order = _order(config, "date_at_edge_de")
    assert order["po_number"] == "MB-2026-5801"
    assert order["status"] == "ready", [(i["code"], i["message"]) for i in order["issues"]]

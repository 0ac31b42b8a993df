"""A code column's cell holding the name and its labelled code (a Word form's "Article" cell exported to PDF by
LibreOffice, issue 18 office part): the code is the item, the name its description."""

from __future__ import annotations

from decimal import Decimal

from extractors.capture.layout import _code_without_label
from gateway.model import ExtractedLine


def test_a_name_and_its_labelled_code_in_the_code_cell_are_split() -> None:
    line = ExtractedLine(line_no=1, customer_item="Staples 24/6, box of 1000 Réf. DF-AGRAFE-030", quantity=Decimal(10))
    _code_without_label(line)
    assert (line.customer_item, line.description) == ("DF-AGRAFE-030", "Staples 24/6, box of 1000")
    assert line.confidence["customer_item"] < 1.0


def test_a_description_read_beside_keeps_the_code_cell_as_it_is() -> None:
    line = ExtractedLine(line_no=1, customer_item="Toner Art.-Nr. TN-2420", description="Toner black", quantity=Decimal(1))
    _code_without_label(line)
    assert line.customer_item == "Toner Art.-Nr. TN-2420"


def test_a_code_cell_printing_its_label_gives_the_code() -> None:
    line = ExtractedLine(line_no=1, customer_item="Art.-Nr.SKU-1005", quantity=Decimal(1))
    _code_without_label(line)
    assert line.customer_item == "SKU-1005"

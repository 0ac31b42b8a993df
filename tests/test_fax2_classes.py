"""Outside tester t3's fax classes of issue 23 (wave 1) owned by this round: a French form's "N° de commande"
label read "N? de commande" (class 1), two rows of the table read as one item cell (class 8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from extractors.typed_remarks import number_sign, page_question, question
from gateway.model import ExtractedLine, ExtractedOrder
from gateway.reference.masterdata import load_master_data
from gateway.stages.item_matching import score_order

REPO = Path(__file__).resolve().parents[1]
MD = load_master_data(REPO / "mappings" / "masterdata")


def test_a_number_label_whose_degree_sign_ocr_read_as_a_question_mark_asks_nothing() -> None:
    """Class 1: "N° de commande: RB945967" read "N? de commande: RB945967" held QUESTION-TYPED on clean French
    forms. A form's label with "n°" before its noun is no question, whatever value follows."""
    for text in ("N? de commande: RB945967", "N? de commande : RB945967", "n? client : 4711", "N? TVA: FR12345678901",
                 "N?de bon de commande : BC-77", "No? de commande 4711", "N? cde : A-1", "N? fournisseur: 55"):
        assert question(text) is None and page_question(text) is None, text
    assert number_sign("N? de commande: RB945967") == "N° de commande: RB945967"


def test_a_question_beside_a_number_label_still_asks() -> None:
    """Counter-examples: the label's "?" put back as "°" leaves every other question standing."""
    for text in ("N? de commande: RB945967 - pouvez-vous livrer avant le 12 ?", "Avez-vous le n? 5 en stock ?",
                 "Is it in stock, no? Please call", "No? Can you deliver earlier?", "Le n° de commande est-il correct ?"):
        assert question(text) is not None, text


def _order(codes: list[str]) -> ExtractedOrder:
    lines = [ExtractedLine(line_no=n, customer_item=code, description="x", quantity=Decimal(2), uom="BX",
                           unit_price=Decimal("24.50"), amount=Decimal("49.00"))
             for n, code in enumerate(codes, 1)]
    return ExtractedOrder(po_number="PO-8812", order_date=date(2026, 12, 7), lines=lines, total=Decimal("49.00"))


def test_an_item_cell_read_as_two_catalogue_codes_holds_the_line() -> None:
    """Class 8: line 1's code read 'SKU-1005SKU-1001' (rows 1 and 2 joined), row 2's numbers unread: the line
    vanished and only the printed total held the order. Two codes in one item cell are an issue on the line."""
    for glued in ("SKU-1005SKU-1001", "SKU-1005 SKU-1001", "SKU-1005|SKU-1001"):
        scored = score_order(_order([glued]), MD, "C1004", today=date(2026, 12, 7))
        unread = [p for p in scored.problems if p.code == "LINE-UNREAD"]
        assert unread and unread[0].segment_position == 1 and glued in unread[0].message, glued


def test_one_code_per_cell_is_no_joined_row() -> None:
    """Counter-examples: one code, a code with its position glued, a near miss, two lines each with its code."""
    for codes in (["SKU-1005"], ["1SKU-1002"], ["SKU-10051"], ["SKU-1005", "SKU-1001"]):
        scored = score_order(_order(codes), MD, "C1004", today=date(2026, 12, 7))
        assert not [p for p in scored.problems if p.code == "LINE-UNREAD" and "item codes" in p.message], codes

"""A customer's print in another language's number style than its own (a German customer printing in English:
"2,000" m at "0.54" for "1,080.00"): the document's amounts settle its decimal mark. Counter-examples: the customer's
own style, a document mixing both styles, and one with no amount grouped in thousands keep the customer's locale (the
line arithmetic then holds the doubtful quantity), and a fax's marks are no evidence."""

from __future__ import annotations

from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.layout import numbers_as_written, read_order_document
from extractors.capture.words import PageWords, Word
from extractors.locale_values import locale_for


def _page(lines: list[list[tuple[str, float]]]) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * 26
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + 14.0, 1.0, 1))
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def _lines(qty: str, price: str, amount: str, second: tuple[str, str], total: str, ocr: bool = False,
           locale: str = "de_DE"):
    page = _page([[("Purchase", 60), ("Order", 140)], [("Order", 60), ("No.:", 115), ("OW-26-3381", 160)],
                  [("Order", 60), ("date:", 115), ("2026-12-09", 160)], [],
                  [("Article", 60), ("Description", 200), ("Quantity", 700), ("Unit", 850), ("price", 895),
                   ("Amount", 1100)],
                  [("OW-12179", 60), ("Conduit", 200), ("20", 270), ("mm", 295), (qty, 700), (price, 850),
                   (amount, 1100)],
                  [("OW-12046", 60), ("Staples", 200), ("120", 700), (second[0], 850), (second[1], 1100)],
                  [("Total", 850), (total, 1100)]])
    (order,) = read_order_document([page], ExtractHints(locale=locale), "pdf_text", ocr=ocr).orders
    return order.lines


def test_a_german_customers_english_print_reads_its_thousands_comma() -> None:
    lines = _lines("2,000", "0.54", "1,080.00", ("2.10", "252.00"), "1,332.00")
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in lines][0] == (Decimal(2000), Decimal("0.54"),
                                                                          Decimal("1080.00"))


def test_the_customers_own_style_is_read_as_before() -> None:
    lines = _lines("2.000", "0,54", "1.080,00", ("2,10", "252,00"), "1.332,00")
    assert (lines[0].quantity, lines[0].amount) == (Decimal(2000), Decimal("1080.00"))


def test_mixed_or_ungrouped_amounts_settle_nothing() -> None:
    de = locale_for("de_DE")
    assert numbers_as_written(de, "2,000 0.54 1,080.00 Total 1.332,00") == de  # both styles
    assert numbers_as_written(de, "3,000 1.20 3600.00 Total 3600.00") == de  # no amount grouped in thousands
    assert numbers_as_written(de, "1,080.00") == de  # one amount alone
    assert numbers_as_written(de, "2,000 0.54 1,080.00 252.00").decimal == "."
    en = locale_for("en_US")
    assert numbers_as_written(en, "2.000 0,54 1.080,00 252,00").decimal == ","
    assert numbers_as_written(en, "Date 09.12.2026 10.30 1,080.00") == en


def test_a_faxs_marks_are_no_evidence() -> None:
    lines = _lines("2,000", "0.54", "1,080.00", ("2.10", "252.00"), "1,332.00", ocr=True)
    assert lines[0].quantity == Decimal(2)  # the customer's style; the line arithmetic holds it


def _problems(qty: str, price: str, amount: str, second: tuple[str, str] | None, locale: str = "de_DE",
              note: list[tuple[str, float]] | None = None):
    rows = [[("Purchase", 60), ("Order", 140)], [("Order", 60), ("No.:", 115), ("OW-26-3390", 160)],
            [("Order", 60), ("date:", 115), ("2026-12-09", 160)], [],
            [("Article", 60), ("Description", 200), ("Quantity", 700), ("Unit", 850), ("price", 895), ("Amount", 1100)],
            [("OW-12179", 60), ("Conduit", 200), ("20", 270), ("mm", 295), (qty, 700), (price, 850), (amount, 1100)]]
    if second:
        rows.append([("OW-12046", 60), ("Staples", 200), ("120", 700), (second[0], 850), (second[1], 1100)])
    if note:
        rows += [[], [], note]
    (order,) = read_order_document([_page(rows)], ExtractHints(locale=locale), "pdf_text", ocr=False).orders
    return order, [p for p in order.problems if p.code == "NUMBER-STYLE-UNSURE"]


def test_a_document_whose_numbers_settle_nothing_holds_its_doubtful_number() -> None:
    order, found = _problems("1,500", "2", "3,000", None)  # 1.5 m for 3 or 1500 m for 3000: both add up
    assert found and "1.5 or 1500" in found[0].message
    _, found = _problems("1.500", "2", "3.000", None, locale="en_US")  # the same the other way
    assert found


def test_a_number_that_settles_the_style_or_no_grouped_number_holds_nothing() -> None:
    assert not _problems("1,500", "0,54", "0,81", None)[1]  # "0,54": the comma marks the decimals
    assert not _problems("2,500", "2.75", "6,875.00", None)[1]  # "2.75", "6,875.00": the point does
    assert not _problems("15", "2", "30", ("2", "240"))[1]  # no number of one group of three


def test_a_time_a_version_or_a_size_outside_the_items_settles_nothing() -> None:
    """Only a number of the item cells or the total that proves the mark the reader used settles it."""
    for note in ([("Anlieferung", 60), ("zwischen", 180), ("7.30", 290), ("und", 350), ("14.00", 400), ("Uhr", 470)],
                 [("Formular", 60), ("BE-7", 170), ("Version", 240), ("2.1", 330)],
                 [("Lieferung", 60), ("bis", 180), ("10,30", 230), ("Uhr", 300)]):
        _, found = _problems("1,000", "18", "18,000", ("79", "158"), note=note)
        assert found and "quantity '1,000'" in found[0].message, note


def test_number_style_unsure_is_a_rule_code_of_its_own(tmp_path) -> None:
    """Listed with its default like every other hold: configurable, settled by a person's approval."""
    from gateway.config import load_config
    from gateway.config_decide import DEFAULT_ACTIONS
    from gateway.stages.completeness import ACCEPTED_ON_APPROVAL
    from testkit.harness import write_config

    assert DEFAULT_ACTIONS["NUMBER-STYLE-UNSURE"] == "hold" and "NUMBER-STYLE-UNSURE" in ACCEPTED_ON_APPROVAL
    config = load_config(write_config(tmp_path, {"decide": {"actions": {"NUMBER-STYLE-UNSURE": "flag"}}}))
    assert config.decide.action("NUMBER-STYLE-UNSURE") == "flag"
    _, found = _problems("1,500", "2", "3,000", None)
    assert found and found[0].severity == "error"

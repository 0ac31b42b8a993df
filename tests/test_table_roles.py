"""Table roles on real-producer documents, read through the gateway with the fixtures' master data:
column titles wrapped onto two lines (the header repeated on page 2 is no line), an invoice-address
box on an order form (no invoice title), web-shop cards whose price sits above the quantity or whose
quantity sits left of the code. Each order is touchless: ready, no issue of error severity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.capture.classify import _billing_label
from extractors.capture.words import Phrase, Word

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    from gateway.config import load_config
    from testkit.harness import write_config

    return load_config(write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "masterdata"))


def _order(config, name: str) -> tuple[dict, dict]:
    from gateway.oneshot import extract_file

    doc = FIXTURES / "docs" / name
    truth = json.loads(doc.with_suffix(".json").read_text(encoding="utf-8"))
    (entry,) = extract_file(config, doc, channel="email", sender=truth["sender"])["orders"]
    return entry["order"], truth


@pytest.mark.parametrize("name", ["wraphdr_en_1.pdf", "wraphdr_de_2.pdf", "billbox_en_1.pdf", "factbox_fr_1.pdf",
                                  "cardroles_en_1.pdf", "shopcards_de_1.pdf", "listcards_en_1.pdf"])
def test_the_order_is_read_with_every_column_role(config, name: str) -> None:
    order, truth = _order(config, name)
    codes = {i["code"] for i in order["issues"] if i["severity"] == "error"}
    assert "CLASSIFY-DOUBT" not in codes
    assert [(ln["customer_item"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in order["lines"]] == \
        [(t["customer_item"], t["quantity"], t["unit_price"], t["amount"]) for t in truth["lines"]]


def test_a_two_page_table_with_wrapped_titles_reads_no_header_as_a_line(config) -> None:
    order, truth = _order(config, "wraphdr_en_1.pdf")
    assert len(order["lines"]) == len(truth["lines"]) >= 28
    assert not any("Price" in (ln.get("description") or "") for ln in order["lines"])


@pytest.mark.parametrize(("label", "billing"), [("Invoice Address", True), ("Rechnungsadresse", True),
                                               ("Facture à :", True), ("Invoice", False), ("FACTURE N° 12", False)])
def test_a_billing_box_label_is_no_invoice_title(label: str, billing: bool) -> None:
    words = tuple(Word(t, 10.0 * i, 0, 10.0 * i + 8, 10, 1.0, 1) for i, t in enumerate(label.split()))
    assert _billing_label(Phrase(words)) is billing

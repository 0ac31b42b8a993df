"""A delivery address under a "Delivery Details" heading (a browser-printed order), and an address block
under a heading about delivery the reader does not take as a label: never an order without a ship-to.

The PDFs were printed by Chromium (``chromium --headless --print-to-pdf``) from the HTML made by
``fixtures/delivery_headings/mk.py`` and ``mk2.py``; nothing is produced here."""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = FIXTURES / "delivery_headings"
SENDER = "orders@harbor-office.example"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "real_producers" / "masterdata")


def _order(config: Path, name: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    (entry,) = extract_file(load_config(config), DOCS / name, channel="email", sender=SENDER)["orders"]
    return entry["order"]


def test_a_delivery_details_heading_is_a_ship_to_label(config: Path) -> None:
    order = _order(config, "delivery_details.pdf")
    assert order["ship_to"]["name"] == "Harbor Warehouse East"
    assert order["ship_to"]["street"] == "77 Pier Road"
    assert (order["ship_to"]["city"], order["ship_to"]["postcode"]) == ("Quincy", "02169")


def test_a_block_under_a_delivery_heading_not_taken_holds_the_order(config: Path) -> None:
    order = _order(config, "shipping_information_one_block.pdf")
    assert order["ship_to"] is None
    unsure = [i for i in order["issues"] if i["code"] == "SHIP-TO-UNSURE"]
    assert unsure and order["status"] == "review"


def test_the_delivery_details_labels_are_in_three_languages() -> None:
    from extractors.capture.ship_to import SHIP_TO_LABELS

    assert {"delivery details", "lieferdetails", "détails de livraison"} <= set(SHIP_TO_LABELS)


def test_a_block_under_a_delivery_heading_is_named_a_doubt() -> None:
    from extractors.capture.address_blocks import AddressBlock, delivery_heading

    assert delivery_heading(AddressBlock(1, ("Depot", "3 Main Street", "Worcester, MA 01608"), "Delivery Instructions"))
    assert delivery_heading(AddressBlock(1, ("Lieferung:", "Hafenstraße 3", "20457 Hamburg")))
    assert not delivery_heading(AddressBlock(1, ("Harbor Inc.", "3 Main Street", "Boston, MA 02110"), "Supplier"))

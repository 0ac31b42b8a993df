"""A page that prints another customer's fax number than the customer its channel names waits.

The order is put to a customer by what the page prints (its letterhead's fax number) before the sender's
address or the calling fax number; when those name another known customer, neither is taken on trust:
``IDENTITY-MISMATCH`` names both, so a clerk never approves one customer's mail as another's order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from testkit.drawn_pdf import drawn_pdf
from testkit.harness import write_config

DUPONT_MAIL, DUPONT_FAX = "commandes@dupont-fournitures.example", "+33 1 45 67 89 10"
MUELLER_MAIL = "bestellung@mueller-buero.example"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"))


def _mueller_page(tmp: Path) -> Path:
    """Müller Bürobedarf's order on its letterhead (its fax number printed)."""
    path = tmp / "bestellung.pdf"
    path.write_bytes(drawn_pdf([
        (60, 55, "Müller Bürobedarf GmbH"), (75, 55, "Tel. +49 89 1234 5600  Fax +49 89 1234 5678"),
        (110, 380, "BESTELLUNG"), (140, 55, "Bestellnummer: MB-26-0412"), (155, 55, "Bestelldatum: 03.12.2026"),
        (170, 55, "Liefertermin: 18.12.2026"), (210, 55, "Pos."), (210, 90, "Artikel"), (210, 190, "Bezeichnung"),
        (210, 330, "Menge"), (228, 55, "1"), (228, 90, "4000862141404"), (228, 190, "Kopierpapier A4"), (228, 330, "5")]))
    return path


def _order(config: Path, path: Path, channel: str, sender: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    (found,) = extract_file(load_config(config), path, channel=channel, sender=sender)["orders"]
    return found["order"]


@pytest.mark.parametrize(("channel", "sender"), [("email", DUPONT_MAIL), ("fax", DUPONT_FAX)])
def test_another_customers_letterhead_from_a_known_sender_waits_naming_both(
        config: Path, tmp_path: Path, channel: str, sender: str) -> None:
    order = _order(config, _mueller_page(tmp_path), channel, sender)
    issues = {i["code"]: i["message"] for i in order["issues"]}
    assert order["status"] != "ready" and "IDENTITY-MISMATCH" in issues
    assert "C1002" in issues["IDENTITY-MISMATCH"] and "C1003" in issues["IDENTITY-MISMATCH"]


def test_the_letterhead_from_its_own_customer_is_no_mismatch(config: Path, tmp_path: Path) -> None:
    order = _order(config, _mueller_page(tmp_path), "email", MUELLER_MAIL)
    assert order["customer"]["id"] == "C1003"
    assert "IDENTITY-MISMATCH" not in {i["code"] for i in order["issues"]}

"""A Word order's delivery address typed in a labelled paragraph before or after its item table
("Lieu de livraison : Entrepôt Rungis, 12 rue des Halles, 94150 Rungis") is the order's ship-to."""

from __future__ import annotations

import io

import pytest

from extractors.base import ExtractHints
from extractors.office.word import EXTRACTOR


def _docx(label: str, address: str, before: bool) -> bytes:
    import docx

    d = docx.Document()
    for text in ("Papeterie Durand SARL", "12 rue des Forges", "69003 Lyon", "", "Bon de commande n° BC-4410",
                 "Date : 03/12/2026"):
        d.add_paragraph(text)
    if before:
        d.add_paragraph(f"{label} {address}")
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate([("Référence", "Désignation", "Quantité", "Prix unitaire"),
                             ("PR-1001", "Copy paper A4 80 gsm, ream of 500 sheets", "10", "24,50"),
                             ("PR-1004", "Staples 24/6, box of 1000", "5", "2,10")]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    if not before:
        d.add_paragraph(f"{label} {address}")
    d.add_paragraph("Cordialement")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize("label,before", [("Lieu de livraison :", False), ("Adresse de livraison :", True),
                                          ("Lieferanschrift:", False), ("Delivery address:", True)])
def test_a_labelled_delivery_paragraph_before_or_after_the_table_is_the_ship_to(label: str, before: bool) -> None:
    data = _docx(label, "Entrepôt Rungis, 12 rue des Halles, 94150 Rungis", before)
    extraction = EXTRACTOR.extract(data, ExtractHints(filename="order.docx"))
    (order,) = extraction.orders
    ship_to = order.party("ship_to")
    assert ship_to is not None
    assert (ship_to.name, ship_to.street, ship_to.postcode, ship_to.city) == (
        "Entrepôt Rungis", "12 rue des Halles", "94150", "Rungis")
    assert len(order.lines) == 2


def test_a_delivery_paragraph_on_a_quai_is_read_never_dropped() -> None:
    # "quai" once read as a dock instruction on the label's row and the block was held; an address naming its
    # quay, gate or dock is now read as the address (the fixed-width prints' "LIEFERN AN: WERKSTRASSE 7, TOR 3")
    data = _docx("Delivery address:", "Durand Annex, 4 quai Perrache, 69002 Lyon", False)
    (order,) = EXTRACTOR.extract(data, ExtractHints(filename="order.docx")).orders
    ship_to = order.party("ship_to")
    assert ship_to is not None
    assert (ship_to.name, ship_to.street, ship_to.postcode, ship_to.city) == ("Durand Annex", "4 quai Perrache", "69002", "Lyon")

"""A delivery address on one line after a bare delivery word (review S7): a whole address is read; a carrier's line
("Expédition : Transports Martin, ...") is how the goods travel, never where they go; a line naming a place the
reader takes no address from ("franco de port, transporteur Geodis, 37100 Tours", a site's name after its town)
holds SHIP-TO-UNSURE rather than sending the goods to the address on file."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR
from tests.printed import printed_pdf

TABLE = ("<table><tr><th>Référence</th><th>Désignation</th><th>Qté</th><th>Prix unitaire</th><th>Montant</th></tr>"
         "<tr><td>GLV-NIT-M</td><td>Gants nitrile M</td><td>4</td><td>9,50</td><td>38,00</td></tr></table>")


def _page(line: str) -> str:
    return ("<html><head><meta charset='utf-8'><style>body{font-family:sans-serif;font-size:12px}</style></head>"
            "<body><h3>Atelier Moreau SARL</h3><p>11 cours Pasteur, 33000 Bordeaux</p><h1>BON DE COMMANDE</h1>"
            f"<p>N° de commande : BC-2026-0413<br>Date : 03/12/2026</p><p>{line}</p>{TABLE}</body></html>")


CASES = {
    "whole": ("Livraison : Chantier Les Acacias, 3 allée des Acacias, 37100 Tours", "37100"),
    "carrier": ("Expédition : Transports Martin, 5 rue du Port, 44000 Nantes", None),
    "no_street": ("Livraison : franco de port, transporteur Geodis, 37100 Tours", None),
    "site_after_town": ("Livraison : 3 allée des Acacias 37100 Tours, Chantier Les Acacias", None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_one_line_delivery_address_is_read_or_held(name: str) -> None:
    line, postcode = CASES[name]
    order = EXTRACTOR.extract(printed_pdf(f"oneline_{name}", _page(line)).read_bytes(), ExtractHints()).orders[0]
    ship_to = order.party("ship_to")
    if postcode:
        assert ship_to is not None and ship_to.postcode == postcode
        return
    assert ship_to is None or ship_to.postcode != "44000"  # never the carrier's depot
    if name != "carrier":
        assert "SHIP-TO-UNSURE" in [p.code for p in order.problems]

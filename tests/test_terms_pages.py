"""Terms and conditions beside an order (review S4, S5): a terms heading on the order's back page, a company whose
name starts like an acronym of terms ("AGB Immobilier"), or a line pointing to them ("Conditions générales d'achat :
voir au verso") never make the order a notice; an order with its PO and no line read beside its terms page waits as
an order, never filed away."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.capture.pdf_text import EXTRACTOR
from gateway.model import DocType
from tests.printed import printed_pdf

ROWS = "".join(f"<tr><td>{c}</td><td>{d}</td><td>{q}</td><td>{p}</td><td>{a}</td></tr>"
               for c, d, q, p, a in (("GLV-NIT-M", "Gants nitrile M", "4", "9,50", "38,00"),
                                     ("TAPE-50", "Ruban adhésif 50 mm", "10", "2,10", "21,00")))
TABLE = ("<table><tr><th>Référence</th><th>Désignation</th><th>Qté</th><th>Prix unitaire</th><th>Montant</th></tr>"
         f"{ROWS}</table><p>Total HT : 59,00</p>")
PROSE = "<p>Merci de nous livrer les articles convenus par téléphone avec votre commercial.</p>"
TERMS = ("<div style='page-break-before:always'><h2>Conditions générales d'achat</h2>"
         "<p>1. Les présentes conditions s'appliquent à toute commande.</p></div>")


def _page(head: str, body: str, tail: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'><style>body{{font-family:sans-serif;font-size:12px}}</style></head>"
            f"<body><h3>{head}</h3><p>12 rue des Lilas, 69003 Lyon</p><h1>BON DE COMMANDE</h1>"
            f"<p>N° de commande : BC-2026-0412<br>Date : 03/12/2026</p>{body}{tail}</body></html>")


CASES = {
    "terms_back_page": (_page("Atelier Moreau SARL", TABLE, TERMS), 2),
    "acronym_company": (_page("AGB Immobilier SARL", TABLE), 2),
    "pointer_line": (_page("Atelier Moreau SARL", "<p>Conditions générales d'achat : voir au verso</p>" + TABLE), 2),
    "no_line_read_terms_page": (_page("Atelier Moreau SARL", PROSE, TERMS), 0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_terms_beside_an_order_leave_it_an_order(name: str) -> None:
    html, lines = CASES[name]
    extraction = EXTRACTOR.extract(printed_pdf(f"terms_{name}", html).read_bytes(), ExtractHints())
    assert extraction.doc_type == DocType.ORDER
    order = extraction.orders[0]
    assert order.po_number == "BC-2026-0412"
    assert len(order.lines) == lines
    assert "CLASSIFY-DOUBT" not in [p.code for p in order.problems]

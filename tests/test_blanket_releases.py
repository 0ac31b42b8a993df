"""A release against a blanket order typed in an e-mail keeps its release number (``references["release"]``),
so the next release of the same PO is an order of its own, never a change of the first (``gateway.stages.dedup``)."""

from __future__ import annotations

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR


@pytest.mark.parametrize("body,release", [
    ("Release against blanket PO 45000, release no. 17:\n10 x SKU-1004\nThanks", "17"),
    ("Call-off 4 against PO 45000\n- 6 x SKU-1005\nRegards", "4"),
    ("Bestellung 45000, Abruf Nr. 12\n5 x MB-4711\nDanke", "12"),
    ("Commande 45000 - appel de livraison n° 3\n4 x DF-PAP-A4\nCordialement", "3"),
])
def test_a_typed_release_number_is_kept(body, release):
    order = EXTRACTOR.extract(body.encode(), ExtractHints(content_type="text/plain")).orders[0]
    assert order.references.get("release") == release


def test_an_order_without_a_release_has_none():
    order = EXTRACTOR.extract(b"PO 45000\n10 x SKU-1004\nPlease release the goods asap",
                              ExtractHints(content_type="text/plain")).orders[0]
    assert "release" not in order.references

"""A document read as no order that carries priced items (a request for quotation, a quotation: the reader's
warning ``CLASSIFY-DOUBT`` on element ``doc_type.priced``) waits for a person when a known customer sent it.

A customer's "Request for Quotation" print under a cover e-mail saying "please see attached" is its order or a
question to answer: never filed away unseen (t2 P11). The same document from a sender who is no customer of
ours (a supplier's quotation, a newsletter) stays no order.
"""

from __future__ import annotations

from extractors.capture.priced_items import PRICED_ELEMENT
from gateway.context import Context
from gateway.model import Extraction
from gateway.stages.identify import identify_customer
from gateway.store.journal import DocumentRecord


def held_for_a_customer(ctx: Context, doc: DocumentRecord, extraction: Extraction) -> Extraction:
    """``extraction`` with its priced-document mark made an error (a hold for a person) when the sender is a
    known customer; unchanged otherwise."""
    marks = [p for p in extraction.problems if p.element == PRICED_ELEMENT and p.severity == "warning"]
    if not marks or extraction.orders or identify_customer(ctx, doc, extraction, None) is None:
        return extraction
    problems = [p.model_copy(update={"severity": "error"}) if p in marks else p for p in extraction.problems]
    return extraction.model_copy(update={"problems": problems})

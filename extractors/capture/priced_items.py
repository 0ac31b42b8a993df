"""A document titled as no order (a request for quotation, a quotation, a receipt or notice) that carries
items with prices is never filed away unseen.

Many buyers send their purchasing system's "Request for Quotation" print (Odoo's "Request for Quotation
#P00043", "Demande de prix", "Angebotsanfrage") or a quotation they accept as their order, under a cover
e-mail that says nothing more than "please see attached". Such a document is either the order or a
question a person answers. The reader keeps it no order (no order is read from it) and marks it with a
warning ``CLASSIFY-DOUBT`` (element ``doc_type.priced``) naming its title and the items it carries; the
gateway makes that mark a hold for a person when the sender is a known customer
(``gateway.stages.priced_documents``): a quotation mailed in by anyone else stays no order. An order
confirmation is judged on its own (seller's or buyer's print); an invoice keeps its own rule. A request for quotation without priced items is no order either,
but a question: the document waits for a person (``QUOTE-REQUEST``), as a typed e-mail asking for a quote.
"""

from __future__ import annotations

from gateway.model import ExtractedOrder, Problem

CODE = "CLASSIFY-DOUBT"
PRICED_ELEMENT = "doc_type.priced"  # a no-order document with priced items: a hold when its sender is a customer
QUOTE_REQUEST = "QUOTE-REQUEST"  # the body-text reader's code: the document waits, no order is delivered


def priced_lines(order: ExtractedOrder) -> int:
    """How many of the order's lines carry a quantity and a price (a unit price or a line amount)."""
    return sum(1 for line in order.lines
               if line.quantity is not None and (line.unit_price is not None or line.amount is not None))


def priced_items_doubt(order: ExtractedOrder, title: str) -> Problem | None:
    """The mark of a no-order document (titled ``title``, quoted) that carries priced items; None when it
    carries none (a receipt of payment, a notice, a delivery note without prices stays no order)."""
    count = priced_lines(order)
    if not count:
        return None
    return Problem(code=CODE, severity="warning", element=PRICED_ELEMENT, message=(
        f"the document is titled as no order ({title or 'a quote, request for quotation, receipt or notice'}) "
        f"but carries {count} item(s) with prices"
        f"{f', total {order.total}' if order.total is not None else ''}"
        f"{f' (reference {order.po_number})' if order.po_number else ''}: it may be the customer's order or a "
        f"request a person answers; a person decides"))


def quote_request(title: str, order: ExtractedOrder) -> Problem:
    """The document-level hold of a request for quotation (titled ``title``) with no priced items."""
    return Problem(code=QUOTE_REQUEST, severity="error", element="document", message=(
        f"a request for a quotation ({title!r}"
        f"{f', {len(order.lines)} item(s) without prices' if order.lines else ''}), not an order: a person "
        f"answers it"))

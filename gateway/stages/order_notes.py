"""The notes an order read from a page carries to the ERP: the printed notes less the document's furniture.

A sheet, a Word form or letter, a printed PDF or fax gives its reader every free text it prints; the reader
judges them all (a question, a condition, a change holds the order). What goes to the ERP as notes is only what
is a note: ``extractors.note_furniture`` drops the parties' names and addresses (ours from ``[own_company]``,
the customer's from the master data, the buyer's as read), the letter's place and date, subject, greeting,
closing and signature, legal and bank footers, software stamps and page numbers, and a note's printed label.
Structured orders (EDI, cXML, UBL) and typed e-mails keep their notes as sent.
"""

from __future__ import annotations

from extractors.note_furniture import carried_notes, known_parties
from gateway.context import Context
from gateway.model import ExtractedOrder
from gateway.reference.masterdata import CustomerRecord


def erp_notes(ctx: Context, extracted: ExtractedOrder, on_file: CustomerRecord | None, read: bool) -> list[str]:
    """``extracted``'s notes as the ERP receives them (``read``: the order was read from a page)."""
    if not read:
        return list(extracted.notes)
    customer = [(on_file.name, on_file.street, on_file.postcode, on_file.city)] if on_file is not None else []
    known = known_parties(extracted, ctx.config.own_company.for_readers(), customer)
    return carried_notes(list(extracted.notes), extracted, known)

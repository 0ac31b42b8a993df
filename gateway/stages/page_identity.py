"""Who a printed page says it is from, against the customer its channel named.

A fax or an e-mailed PDF is put to a customer by the fax number it came from (the CSID) or the
sender's address. Both are typed by somebody: a shared fax-to-mail service, a branch faxing from the
head office, a fax machine moved between companies. The page itself prints who wrote it: a
letterhead with the company's name, its fax number. When that evidence names another customer of the
master data, and not the one the channel named, the order waits with ``IDENTITY-MISMATCH`` naming
both. A fax number printed on the page counts for a customer when it is that customer's number or one
digit from it (an OCR misreading); a name counts when every distinctive word of it (legal forms and
small words left out) stands in the letterhead. A typed e-mail's signature (the lines from its closing
on) is its letterhead: an order from one customer's mailbox signed with another customer's name waits.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.context import Context
from gateway.model import Extraction, Issue, NormalizedOrder
from gateway.reference.masterdata import CustomerRecord
from gateway.reference.phone import same_number

PAGE_FORMATS = frozenset({"ocr", "pdf_text", "body_text"})  # a typed e-mail: its signature is its letterhead
NOT_DISTINCTIVE = frozenset({
    "sarl", "sas", "sa", "eurl", "sasu", "snc", "gmbh", "kg", "ag", "ohg", "ug", "co", "cie", "ltd", "limited",
    "inc", "llc", "plc", "corp", "spa", "srl", "bv", "nv", "sprl", "srl", "et", "und", "and", "fils", "sohne",
    "the", "de", "des", "du", "la", "le", "les", "der", "die", "das", "of", "company", "group", "groupe",
})
MIN_WORD = 3
MIN_SINGLE = 6  # a one-word name shorter than this is too common a word to count


def check_page_identity(ctx: Context, extraction: Extraction, order: NormalizedOrder) -> NormalizedOrder:
    """The order, held with ``IDENTITY-MISMATCH`` when its page's letterhead names another customer."""
    if extraction.format not in PAGE_FORMATS or not order.customer.id:
        return order
    md = ctx.master_data.current()
    found = md.customers.get(order.customer.id)
    if found is None:
        return order
    other = _named_by_page(list(md.customers.values()), found, extraction)
    if other is None:
        return order
    issue = Issue(code="IDENTITY-MISMATCH", severity="error", field="customer",
                  message=f"the order was put to {found.customer_id} {found.name} by "
                          f"{order.customer.identified_by}, but the {'message' if extraction.format == 'body_text' else 'page'} "
                          f"names {other}")
    return order.model_copy(update={"issues": [*order.issues, issue]})


def _named_by_page(customers: list[CustomerRecord], found: CustomerRecord, extraction: Extraction) -> str | None:
    printed = extraction.sender_hints.get("fax")
    if printed and found.fax and not _same_fax(printed, found):
        hit = next((c for c in customers if c.fax and c.customer_id != found.customer_id
                    and _same_fax(printed, c)), None)
        if hit is not None:
            return f"{hit.customer_id} {hit.name} (fax {printed} printed on it)"
    letterhead = _words(str(extraction.metadata.get("header_text") or extraction.metadata.get("signature_text") or ""))
    if not letterhead or _name_in(found.name, letterhead):
        return None
    hit = next((c for c in customers if c.customer_id != found.customer_id and _name_in(c.name, letterhead)), None)
    where = "its signature" if extraction.format == "body_text" else "its name printed on it"
    return f"{hit.customer_id} {hit.name} ({where})" if hit else None


def _same_fax(printed: str, customer: CustomerRecord) -> bool:
    """The customer's number (in international or national format, read in its country), or one
    digit apart on the same length (a digit misread by OCR)."""
    return same_number(printed, customer.fax, customer.country, slips=1)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def _name_in(name: str, letterhead: str) -> bool:
    """Every distinctive word of ``name``, in order, in the letterhead."""
    words = [w for w in re.findall(r"\w+", fold(name)) if w not in NOT_DISTINCTIVE and len(w) >= MIN_WORD]
    if not words or (len(words) == 1 and len(words[0]) < MIN_SINGLE):
        return False
    return f" {' '.join(words)} " in letterhead

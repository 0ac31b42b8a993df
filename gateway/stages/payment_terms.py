"""Payment terms stated in an order's notes against the customer's (rule ``TERMS-TYPED``).

A note of any format (EDIFACT FTX, X12 MSG/NTE, cXML Comments, UBL Note, openTRANS REMARKS, a printed page's or a
sheet's note, a typed e-mail's remark carried as a note) that states payment terms ("payable 60 days net", "Zahlung
30 Tage 3 % Skonto", "2/10 net 30") is read by ``extractors.payment_terms`` and compared with the terms on file
(``customers.csv`` optional column ``payment_terms``, written the same way: "net 30", "2/10 net 30", "30 Tage
netto"). A customer with no terms on file is compared with the usual terms, ``[decide.completeness]
usual_payment_terms`` ("net 30" unless configured; validated when the config is loaded): a note saying those passes
as a note; any other term holds, the terms named, since the ERP invoices on
the terms of its customer record and a term the customer wrote would be lost silently. The terms a document states
in its own terms segment (``NormalizedOrder.payment_terms``, read by each format's reader) are compared the same way,
in this one place for every format."""

from __future__ import annotations

from extractors.payment_terms import UNREAD, Terms, stated_terms
from gateway.reference.masterdata import CustomerRecord, MasterData
from gateway.model import NormalizedOrder


def check_payment_terms(order: NormalizedOrder, customer: CustomerRecord | None,
                        usual: Terms) -> list[tuple[str, str | None, str]]:
    """``TERMS-TYPED`` for each note stating terms other than the customer's on file (or the ``usual`` ones, for a
    customer with none on file); with a value on file the reader cannot read, for each note stating terms at all
    (none is compared with a guess)."""
    written = customer.payment_terms.strip() if customer is not None and customer.payment_terms else ""
    on_file = stated_terms(written, on_file=True) if written else None
    theirs = on_file or usual
    found = segment_terms(order, written, on_file, usual)
    for note in order.notes:
        said = stated_terms(note)
        if said is None or on_file is not None and agrees(said, on_file) or not written and agrees(said, usual):
            continue
        whose = (f"that are not the customer's terms on file ({theirs.said()})" if on_file
                 else f"and the customer's terms on file ({written[:60]!r}) cannot be read to compare them" if written
                 else f"that are not the usual terms (none on file for the customer: {theirs.said()})")
        found.append(("TERMS-TYPED", "notes",
                      f"a note states payment terms ({said.said()}) {whose}, a person confirms them: "
                      f"{note.strip()[:120]!r}"))
    return found


def segment_terms(order: NormalizedOrder, written: str, on_file: Terms | None,
                  usual: Terms) -> list[tuple[str, str | None, str]]:
    """``TERMS-TYPED`` for the terms the order's terms segment states (``payment_terms``: X12 ITD, EDIFACT PAT, cXML
    PaymentTerm, UBL PaymentTerms, openTRANS PAYMENT_TERMS) when they are not the customer's (or the usual ones), and
    when they cannot be read to compare them (a fixed due date, a period in months): none is passed on a guess."""
    stated = (order.payment_terms or "").strip()
    if not stated:
        return []
    theirs = on_file or usual
    said = None if UNREAD in stated else stated_terms(stated)
    if said is not None and (agrees(said, on_file) if on_file is not None else not written and agrees(said, usual)):
        # Equal as read, still confirmed: the segment readers do not read every element yet (an EDIFACT PAT's time
        # reference and relation, "end of month" or "after delivery"; an X12 ITD's terms type and basis date;
        # discount tiers; instalments), and a review proved ten ways they read "net 30" for other terms.
        return [("TERMS-TYPED", "payment_terms",
                 f"the order's payment terms segment states {said.said()}, read as the customer's terms; terms "
                 f"segments are confirmed by a person until every element of them is read")]
    why = ("they cannot all be read to compare them" if said is None
           else f"the customer's terms on file ({written[:60]!r}) cannot be read to compare them" if written and on_file is None
           else f"they are not the customer's terms on file ({theirs.said()})" if on_file
           else f"they are not the usual terms (none on file for the customer: {theirs.said()})")
    return [("TERMS-TYPED", "payment_terms",
             f"the order's payment terms segment states {said.said() if said else repr(stated[:120])}: {why}, "
             f"a person confirms them")]


def agrees(said: Terms, theirs: Terms) -> bool:
    """Every figure the note states is the one on file: each of its net figures ("instead of net 30 ... net 60" states
    60 too), its discount and the discount's days (a figure it leaves out is not compared; a cash discount it states
    where none is on file differs)."""
    if any(net != theirs.net_days for net in said.nets()) or said.nets() and said.end_of_month != theirs.end_of_month:
        return False
    if said.discount is not None and said.discount != theirs.discount:
        return False
    return said.discount_days is None or said.discount_days == theirs.discount_days


def unreadable_terms(data: MasterData) -> list[str]:
    """Each customer whose ``payment_terms`` value the reader cannot read, said for the load's log (each note stating
    terms for them then holds ``TERMS-TYPED``: nothing to compare with)."""
    return [f"customers.csv payment_terms of {c.customer_id}: {c.payment_terms!r} is not read as payment terms"
            for c in data.customers.values() if c.payment_terms.strip() and stated_terms(c.payment_terms, on_file=True) is None]

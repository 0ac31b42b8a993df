"""Whom an EDI interchange or a cXML request is addressed to: held when it is not us.

A partner's translator that sends an interchange meant for another supplier (a wrong routing table, a
shared VAN mailbox, a copy of what went to a sister company) gives a well-formed order that is not ours to
fill. With ``[own_company] interchange_ids`` set, the recipient it names (EDIFACT UNB recipient 0010, X12
ISA08 receiver, cXML ``Header/To`` identity) must be one of those ids, or the order waits for a person
with ``INTERCHANGE-NOT-OURS``. With none configured, nothing is checked (the behaviour before the key), and
a document that names no recipient is not held for it either (the reader already said what it lacks).
"""

from __future__ import annotations

from gateway.config_own import OwnCompanySection
from gateway.model import ExtractedOrder, Extraction, Interchange, Issue

CODE = "INTERCHANGE-NOT-OURS"


def recipient_issue(own: OwnCompanySection, extraction: Extraction, extracted: ExtractedOrder) -> Issue | None:
    """The hold for an order addressed to another recipient than ours, or None."""
    if not own.interchange_ids:
        return None
    for where, identities in _recipients(extraction, extracted):
        if all(own.addressed_to_us(i) is False for i in identities):
            identity = identities[0]
            return Issue(code=CODE, severity="error", field="interchange",
                         message=f"the {where} is {identity.strip()!r}, not one of our interchange ids "
                                 f"({', '.join(own.interchange_ids)}): this order may be meant for another "
                                 "supplier")
    return None


def _recipients(extraction: Extraction, extracted: ExtractedOrder) -> list[tuple[str, list[str]]]:
    """(where, identities) of each recipient the order was sent to; a cXML ``To`` with several credentials
    (a network id and a DUNS) is ours when any of them is."""
    found = []
    for ic in _interchanges_of(extraction, extracted):
        if ic.receiver_id:
            found.append(("EDIFACT UNB recipient" if ic.standard == "edifact" else "X12 ISA08 receiver",
                          [ic.receiver_id]))
    receiver = extracted.party("receiver")
    if receiver is not None and receiver.ids.get("cxml_to"):
        every = [value.split(":", 1)[-1] for key, value in receiver.ids.items() if key.startswith("cxml_to")]
        found.append(("cXML To identity", every + ([receiver.ids["duns"]] if receiver.ids.get("duns") else [])))
    return found


def _interchanges_of(extraction: Extraction, extracted: ExtractedOrder) -> list[Interchange]:
    """The interchange the order came in (by its message reference); all of them when that is unclear."""
    if len(extraction.interchanges) <= 1 or not extracted.message_ref:
        return list(extraction.interchanges)
    mine = [ic for ic in extraction.interchanges
            if any(m.get("ref") == extracted.message_ref for m in ic.messages)]
    return mine if len(mine) == 1 else list(extraction.interchanges)

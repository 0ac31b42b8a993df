"""A delivery name whose end may sit on the next line, settled by the customer's name on file.

The PDF reader cannot always tell a name wrapped in its box ("Ashdown Print" / "Works") from a name
followed by a site line ("Keller Bürobedarf GmbH" / "Filiale Salzburg") when nothing but the block's
own widest line shows the box's width: it keeps the two lines apart and names the doubt
(``SHIP-TO-UNSURE`` on ``ship_to.name``, the next line shown in «»). The customer's name on file
settles it: the name read is that name (the next line is a site line, kept in the street), or the
name read with the next line is that name or its start (a wrapped name: joined, unless the line after
it may go on with the name too: "Brandt" / "Haustechnik" / "Lager"). Otherwise the doubt
stays and the order waits (``gateway.stages.mapping.reading_issues``), unless the address is the
customer's own on file.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.capture.ship_to import NAME_ELEMENT
from gateway.model import ExtractedOrder

_SHOWN = re.compile(r"«(?P<line>[^»]+)»")


def settle_name_line(extracted: ExtractedOrder, customer) -> ExtractedOrder:
    """``extracted`` with its ``ship_to.name`` doubt settled by ``customer``'s name, where it can be."""
    doubt = next((p for p in extracted.problems if p.code == "SHIP-TO-UNSURE" and p.element == NAME_ELEMENT), None)
    party = extracted.party("ship_to")
    if doubt is None or party is None or not party.name or customer is None or not getattr(customer, "name", None):
        return extracted
    shown = _SHOWN.search(doubt.message)
    on_file, read = _letters(customer.name), _letters(party.name)
    problems = [p for p in extracted.problems if p is not doubt]
    if read == on_file:  # the whole name: the next line is a site line
        return extracted.model_copy(update={"problems": problems})
    if shown is None or not party.street:
        return extracted
    line = shown.group("line")
    if on_file.startswith(_letters(f"{party.name} {line}")) and party.street.startswith(line):
        rest = party.street[len(line):].lstrip(" ,") or None
        head = (rest or "").split(",")[0]
        if rest and "," in rest and not any(c.isdigit() for c in head) and len(head.split()) <= 2:
            return extracted  # "Brandt" / "Haustechnik" / "Lager": the name may go on further still
        joined = party.model_copy(update={"name": f"{party.name} {line}", "street": rest})
        parties = [joined if p is party else p for p in extracted.parties]
        return extracted.model_copy(update={"problems": problems, "parties": parties})
    return extracted


def _letters(text: str) -> str:
    """Letters and digits only, casefolded, accents dropped."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[\W_]+", "", "".join(c for c in folded if not unicodedata.combining(c)))

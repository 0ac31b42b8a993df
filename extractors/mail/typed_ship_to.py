"""A delivery address typed in an e-mail: "Ship to: Great Lakes Facilities, 455 N Cityfront Plaza
Dr, Chicago, IL 60611" on one line, or a label alone ("Lieferadresse:", "Adresse de livraison :",
"Deliver to:") over the address's lines up to the next blank line.

The address is parsed as a printed one is (``extractors.capture.ship_to.parse_address``); one whose
lines do not give a street and a postcode with its city is kept and held (``SHIP-TO-UNSURE``), never
dropped: an order that names a delivery address must not go out to the customer's main address. The
lines of the block are the address's, not unread order lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.capture.ship_to import parse_address
from gateway.model import Party, Problem

_LABELS = (r"ship(?:ping)?[ -]?to|deliver(?:y)? to|delivery address|shipping address|delivery location"
           r"|please (?:ship|deliver) to|lieferadresse|lieferanschrift|anlieferadresse|anlieferung an|liefern an"
           r"|lieferung an|warenempf(?:ä|ae|a)nger|bitte liefern an|adresse de livraison|lieu de livraison"
           r"|(?:à |a )?livrer (?:à|a)|livraison (?:à|a)|merci de livrer (?:à|a)")
_LABEL = re.compile(rf"^\s*(?:[-*•]\s*)?(?:{_LABELS})\s*(?P<colon>[:：])?\s*(?P<rest>.*?)\s*$", re.IGNORECASE)
_OTHER_LABEL = re.compile(r"^\s*[^\W\d][\w .'/-]{1,30}\s*[:：](?:\s|$)")  # "PO:", "Bill to:", "Delivery date:"
_ITEM = re.compile(r"^\s*(?:[-*•]\s*)?\d+(?:[.,]\d+)?\s*(?:x|×|pcs|stk|st\.?|pce?s?)\b", re.IGNORECASE)
MAX_LINES = 6


@dataclass
class TypedShipTo:
    party: Party | None = None
    doubt: str | None = None
    lines: set[str] = field(default_factory=set)  # the block's lines (stripped), not order lines

    def problems(self) -> list[Problem]:
        if self.party is None or self.doubt is None:
            return []
        return [Problem(code="SHIP-TO-UNSURE", severity="warning", element="ship_to",
                        message=f"a typed delivery address could not be read surely ({self.doubt}): "
                                + " / ".join(sorted(self.lines)))]


def typed_ship_to(lines: list[str]) -> TypedShipTo:
    """The first delivery address typed under a label in ``lines`` (None when no label)."""
    for i, line in enumerate(lines):
        found = _LABEL.match(line)
        if not found:
            continue
        rest = found.group("rest").strip(" ,;")
        if rest and not found.group("colon"):
            continue  # "Ship to Chicago as usual": a sentence, not a label
        block = [rest] if rest else _block(lines[i + 1:])
        if not block:
            continue
        party, doubt = parse_address(block)
        if rest and doubt:  # "Ship to: Acme Corp" over "12 Main St" / "Springfield, IL 62701"
            longer = [rest, *_block(lines[i + 1:])]
            if len(longer) > 1 and (better := parse_address(longer))[1] is None:
                block, (party, doubt) = longer, better
        return TypedShipTo(party, doubt, {line.strip(), *(b.strip() for b in block)})
    return TypedShipTo()


def _block(after: list[str]) -> list[str]:
    """The lines under a label alone, up to a blank line, another label or an item line."""
    out: list[str] = []
    for line in after:
        text = line.strip()
        if not text:
            if out:
                break
            continue
        if _OTHER_LABEL.match(text) or _ITEM.match(text) or len(out) == MAX_LINES:
            break
        out.append(text)
    return out

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
# "Abweichende Lieferadresse:", "Please deliver to the following address:": up to three words before the label
_LABEL = re.compile(rf"^\s*(?:[-*•]\s*)?(?:[^\W\d][\w'’-]*\s+){{0,3}}?(?:{_LABELS})\b\s*(?P<colon>[:：])?\s*(?P<rest>.*?)\s*$",
                    re.IGNORECASE)
_BRACKETED = re.compile(r"\(([^()]*\d[^()]*)\)")  # "to our Leeds branch (12 Wellington Street, Leeds LS1 4DL)"
# a place line's postcode: "69200 Vénissieux", "D-71254 Ditzingen", "LS1 4DL", "MA 02127" (not a date's year)
_PLACE = re.compile(r"(?:(?<![\w./-])(?:[A-Z]{1,2}-)?\d{4,5}\s+(?-i:[A-ZÀ-Ý][a-zà-ÿ])|\b[A-Z]{1,2}\d[\dA-Z]?\s?\d[A-Z]{2}\b"
                    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b)")
_OTHER_LABEL = re.compile(r"^\s*[^\W\d][\w .'/-]{1,30}\s*[:：](?:\s|$)")  # "PO:", "Bill to:", "Delivery date:"
_ITEM = re.compile(r"^\s*(?:[-*•]\s*)?\d+(?:[.,]\d+)?\s*(?:x|×|pcs|stk|st\.?|pce?s?)\b", re.IGNORECASE)
MAX_LINES = 6


@dataclass
class TypedShipTo:
    party: Party | None = None
    doubt: str | None = None
    lines: set[str] = field(default_factory=set)  # the block's lines (stripped), not order lines

    def problems(self) -> list[Problem]:
        if self.doubt is None:
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
        if rest.endswith((":", "：")):  # "Please deliver to the following address:" over the block
            rest = ""
        elif rest and not found.group("colon"):
            inside = _BRACKETED.search(rest)
            if inside is None or not _PLACE.search(inside.group(1)):
                continue  # "Ship to Chicago as usual": a sentence, not a label
            rest = inside.group(1).strip(" ,;")
        block = [rest] if rest else _block(lines[i + 1:])
        if not block:
            continue
        party, doubt = parse_address(block)
        if rest and doubt:  # "Ship to: Acme Corp" over "12 Main St" / "Springfield, IL 62701"
            longer = [rest, *_block(lines[i + 1:])]
            if len(longer) > 1 and (better := parse_address(longer))[1] is None:
                block, (party, doubt) = longer, better
        return TypedShipTo(party, doubt, {line.strip(), *(b.strip() for b in block)})
    return _address_in_a_sentence(lines)


_DELIVERY_WORD = re.compile(r"\b(?:deliver\w*|ship\w*|livr\w*|livraison|liefer\w*|anliefer\w*|d[ée]p[oô]t|depot|"
                            r"entrep[oô]t|warehouse|branch|site|lager|filiale|agence)\b", re.IGNORECASE)


def _address_in_a_sentence(lines: list[str]) -> TypedShipTo:
    """No label, but a sentence speaks of delivery and writes a place ("à notre dépôt de Vénissieux, 12 rue
    Hénaff, 69200 Vénissieux"): held for a person (the gateway lets it go when it is the customer's own
    address), never dropped."""
    for line in lines:
        if _DELIVERY_WORD.search(line) and _PLACE.search(line) and any(c.isalpha() for c in line):
            return TypedShipTo(None, "a place written in a sentence about delivery", {line.strip()})
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

"""A typed request to repeat an earlier order: "same as our PO 4400", "please repeat order 4400", "bitte
wie Bestellung 7700 nochmal liefern", "merci de renouveler notre commande 5500"; "same as below" (a reply repeating the order it quotes).

Its lines are those of the order it names, which the e-mail does not type: it is an order, held with
``ORDER-REPEAT`` naming what it repeats (never "not an order", never LINE-UNREAD alone), and the PO it
names is recorded as ``references["repeats"]``, never taken as the new order's own PO (a repeat is no
duplicate or change of that order).
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import ExtractedOrder, Problem

_ORDER = r"(?:p\.?\s?o\b\.?|purchase\s+order|order|commande|bestellung|auftrag|lieferung)"
_REPEAT = re.compile(
    r"\b(?:same\s+(?:again|as\s+(?:our|the|my)?\s*(?:last|previous)?\s*"
    rf"{_ORDER}|order\s+as)|repeat(?:\s+of)?\s+(?:our|the|my)?\s*(?:last|previous)?\s*{_ORDER}|re-?order(?:ing)?\s+"
    rf"(?:of\s+)?(?:our|the)?\s*(?:last|previous)?\s*{_ORDER}|(?:identical|like)\s+(?:to\s+)?(?:our|the)\s+(?:last|previous)\s+{_ORDER}"
    rf"|renouvel(?:er|ez|lement)\s+(?:de\s+)?(?:notre|la|ma)?\s*(?:derniere\s+)?{_ORDER}|meme\s+(?:chose|{_ORDER})\s+que"
    r"|comme\s+(?:notre|la)\s+(?:derniere|precedente)\s+commande|identique\s+a\s+(?:notre|la)\s+commande"
    rf"|wie\s+(?:unsere\s+|die\s+)?(?:letzte\s+)?{_ORDER}|(?:gleiche|dieselbe|selbe)\s+{_ORDER}\s+wie"
    rf"|{_ORDER}\s+(?:\S+\s+){{1,3}}(?:bitte\s+)?(?:nochmals?|erneut|wiederholen)|nachbestell\w*)\b")
# A repeat that says what differs: "but 8 instead of 4", "sauf le toner", "aber nur 3"
_CHANGED = re.compile(r"\b(?:but|except|instead|rather|only|without|plus|minus|more|less|mais|sauf|au\s+lieu|plutot"
                      r"|seulement|sans|moins|aber|ausser|statt|anstatt|nur|ohne|mehr|weniger|jedoch)\b")
_WITHOUT = re.compile(r"\b(?:without|except|sans|sauf|ohne|ausser)\b")
_BELOW = re.compile(r"\b(?:same\s+as\s+(?:below|underneath|the\s+one\s+below)|wie\s+unten|(?:meme\s+chose\s+)?"
                    r"comme\s+ci-dessous|identique\s+a\s+celle\s+ci-dessous)\b")
_NUMBER = re.compile(r"(?<![\w/.-])(?=[\w-]*\d)[A-Za-z0-9][A-Za-z0-9_-]{1,30}[A-Za-z0-9](?![\w/]|[.]\d)")


def repeat_request(lines: list[str]) -> tuple[str, str | None] | None:
    """The line asking to repeat an order and the order number it names (None when it names none)."""
    for line in lines:
        folded = fold(line)
        match = _REPEAT.search(folded) if len(folded) == len(line) else None
        if match:
            after = _NUMBER.search(line, match.start(), match.end() + 45)
            return line.strip()[:120], after.group(0) if after else None
        if _BELOW.search(folded):  # "same as below": the quoted older order, under this e-mail's PO
            return line.strip()[:120], None
    return None


_NEW_PO = re.compile(r"\b(?:new|neue[rn]?|nouvelle|nouveau)\s+(?:purchase\s+order|p\.?\s?o\.?|order|bestellung|bestellnummer"
                     r"|auftrag|auftragsnummer|commande|num[ée]ro\s+de\s+commande)\s*(?:number|no\.?|nr\.?|n°|#|is)?\s*[:#]?\s*"
                     r"(?P<po>[A-Z0-9][A-Z0-9/_.-]{1,34}[A-Z0-9])", re.IGNORECASE)


def mark_repeat(order: ExtractedOrder, request: tuple[str, str | None]) -> None:
    """The order held as a repeat of another; the PO it names kept as a reference, not as its own PO."""
    text, repeats = request
    if repeats is None and order.po_number and order.po_number in text and not _BELOW.search(fold(text)):
        repeats = order.po_number  # "la même commande que la dernière fois (commande 7788)"
    if repeats:
        order.references["repeats"] = repeats
        if order.po_number and order.po_number.upper() == repeats.upper():
            order.po_number = None
            order.confidence.pop("po_number", None)
    fresh = _NEW_PO.search(text) if not order.po_number else None  # "same as our PO X please, new PO Y": Y is its PO
    if fresh and fresh.group("po").upper() != (repeats or "").upper():
        order.po_number, order.confidence["po_number"] = fresh.group("po"), 0.95
    if _BELOW.search(fold(text)):
        message = f"repeats the order quoted below ({text!r}): its lines are read from the quoted message; check them"
    else:
        what = f"order {repeats}" if repeats else "an earlier order"
        message = f"asks to repeat {what} ({text!r}): its lines are that order's, not typed here; a person places it"
    order.problems.append(Problem(code="ORDER-REPEAT", severity="error", element="lines", message=message))
    if _CHANGED.search(fold(text)) and (re.search(r"\d", text) or _WITHOUT.search(fold(text))):
        # "same as below but 8 of the toner instead of 4", "wie unten, aber ohne Toner": the repeat changes it
        order.problems.append(Problem(code="QTY-CHANGE-TYPED", severity="error", element="lines",
                                      message=f"the repeat changes the order it repeats, a person applies it: {text!r}"))

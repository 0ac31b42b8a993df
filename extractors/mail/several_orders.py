"""Several purchase orders typed in one e-mail ("PO 4411: ... / PO 4412: ...").

Each PO label the reader knows (``body_text._PO_PATTERNS``, not the weaker "Ref:") names an order. When the body names more than
one PO, every item line belongs to the PO named on its own line or on the nearest PO line above it. When
each item so belongs to exactly one PO and each PO gets at least one item, the e-mail is read as one order
per PO (the dates, notes and reading faults of the e-mail on each). Otherwise (an item above the first PO,
two POs on one item line, a PO with no item, a typed total over all of them, a typed change) the e-mail is
one order held with ``ORDERS-SEVERAL`` naming the POs: never delivered as one order. A number shaped like
the PO and sharing its first half ("4412" beside "PO 4411", with no label the reader knows) counts as a
second PO that is never split on: held. Orders numbered by headings without a PO of their own ("Order 1" /
"Order 2", "Commande 1 :", "Bestellung A", "First order" / "Second order", "Auftrag 2") are several orders too:
held with ``ORDERS-SEVERAL`` (``numbered_orders``), never one merged order. Split orders each take the
delivery date typed under their own PO ("PO 4411 ... need by 12/14" / "PO 4412 ... need by 12/21",
``section_dates``); one with none of its own while another PO has a date of its own waits for its date.
"""

from __future__ import annotations

import re

from extractors.locale_values import DocLocale, fold
from extractors.mail.body_dates import delivery_hit
from extractors.mail.body_lines import ItemLine
from gateway.model import ExtractedOrder, Problem


STRONG = 0.95  # a PO label, not a bare "Ref:" (a customer's own reference beside the PO)
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?")  # "date of PO: 30/11/2026" names no PO


# "your order no.", "your ref", "votre référence", "vos références", "Ihre Auftragsnummer", "Ihr Zeichen": a number the
# customer labels as ours (our order confirmation, our quote, our reference), never the customer's PO
_THEIRS = re.compile(r"(?:^|[^\w])(?:your|yr|votre|vos|ihre?[mnrs]?)\s*$")
_THEIRS_IN_LABEL = re.compile(r"^\W*(?:your|yr|votre|vos|ihre?[mnrs]?)\b")


def suppliers_number(line: str, match: re.Match[str]) -> bool:
    """Whether the PO label ``match`` found on ``line`` says the number is the supplier's: "your"/"votre"/"Ihre"
    right before the label or opening it ("Ihre Auftragsnummer 12345", "votre référence : 9981", "your ref. Q-3310")."""
    label = fold(line[match.start():match.start("po")])
    return bool(_THEIRS.search(fold(line[:match.start()])) or _THEIRS_IN_LABEL.match(label))


def po_mentions(line: str, patterns) -> list[str]:
    """The distinct PO numbers labelled on ``line`` (a PO label, no date), in order."""
    found: dict[str, tuple[int, str]] = {}
    for pattern, strength in patterns:
        if strength < STRONG:
            continue
        for match in pattern.finditer(line):
            value = match.group("po").rstrip(".")
            if any(c.isdigit() for c in value) and not _DATE.fullmatch(value) and not suppliers_number(line, match):
                key = _key(value)
                if key not in found or match.start("po") < found[key][0]:
                    found[key] = (match.start("po"), value)
    for match in _PLURAL.finditer(line):  # "nos commandes 4501 et 4502", "our POs 7701, 7702 and 7703"
        if suppliers_number(line, match):
            continue
        for each in _LISTED.finditer(line, match.start("po"), match.end("po")):
            value = each.group(0)
            if any(c.isdigit() for c in value) and not _DATE.fullmatch(value) and _key(value) not in found:
                found[_key(value)] = (each.start(), value)
    return [value for _start, value in sorted(found.values())]


_ID = r"[A-Z0-9][A-Z0-9/_.-]{1,34}[A-Z0-9]"
_AND = r"\s*(?:,|;|&|\+|/|\bet\b|\band\b|\bund\b|\bsowie\b)\s*"
# A plural order label over a list of two or more numbers: "nos commandes 4501 et 4502", "POs 88120 and 88121",
# "unsere Bestellungen 5501 und 5502", "purchase orders #7701, #7702": one e-mail, several orders
_PLURAL = re.compile(rf"\b(?:p\.?\s?o\.?'?s|purchase\s+orders|orders|commandes|bons\s+de\s+commande|bestellungen"
                     rf"|auftr(?:a|ä|ae)ge)\b(?:\s*(?:n(?:os|°s?)|nrn?|nos\.?|numbers|nummern|num[ée]ros))?\.?\s*[:#]?\s*"
                     rf"(?P<po>#?{_ID}(?:{_AND}(?:n°\s*|#)?{_ID})+)", re.IGNORECASE)
_LISTED = re.compile(rf"(?<![\w/-]){_ID}(?![\w/-])", re.IGNORECASE)


def _key(po: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(po))


def named_pos(lines: list[str], patterns) -> list[str]:
    """Every distinct PO number the lines name (first spelling kept), in order."""
    out: dict[str, str] = {}
    for line in lines:
        for po in po_mentions(line, patterns):
            out.setdefault(_key(po), po)
    return list(out.values())


_TOKEN = re.compile(r"(?<![\w/.-])[A-Za-z0-9][A-Za-z0-9/_.-]*[A-Za-z0-9](?![\w/-])")


def _skeleton(value: str) -> str:
    return re.sub(r"[0-9]", "9", re.sub(r"[A-Za-z]", "A", value))


def look_alike_pos(lines: list[str], po: str, skip: set[str]) -> list[str]:
    """Numbers typed in ``lines`` shaped like the PO and sharing its first half ("4412" beside PO 4411,
    "H3-6" beside H3-5), with no label the reader knows: perhaps a second order (never split on, held)."""
    if len(po) < 4:
        return []
    shape, head = _skeleton(po), _key(po)[:max(2, len(_key(po)) // 2)]
    out: dict[str, str] = {}
    for line in lines:
        for match in _TOKEN.finditer(line):
            value = match.group(0)
            if _skeleton(value) == shape and _key(value).startswith(head) and _key(value) != _key(po) \
                    and value not in skip and not _DATE.fullmatch(value):
                out.setdefault(_key(value), value)
    return list(out.values())


def po_header_lines(unread: list[str], pos: list[str]) -> list[str]:
    """The unread lines that only name one of ``pos`` ("PO 4412:", "Bestellung 7782 -"): no item lines."""
    keys = {_key(po) for po in pos}
    out = []
    for text in unread:
        rest = text
        for po in pos:
            rest = rest.replace(po, " ")
        if not any(c.isdigit() for c in rest) and any(_key(po) in _key(text) for po in pos) and keys:
            out.append(text)
    return out


def split_by_po(order: ExtractedOrder, read: list[tuple[str, ItemLine | None]], pos: list[str],
                patterns) -> list[ExtractedOrder]:
    """One order per PO when every item line falls under exactly one PO; else the order held."""
    groups: dict[str, list[int]] = {_key(po): [] for po in pos}
    current: str | None = None
    item = 0
    fits = order.total is None and all(line.action is None for line in order.lines)
    for text, found in read:
        here = po_mentions(text, patterns)
        if len(here) > 1:
            fits = fits and found is None
        elif here:
            current = _key(here[0])
        if found is None:
            continue
        if current is None or len(here) > 1:
            fits = False
        else:
            groups[current].append(item)
        item += 1
    if not fits or item != len(order.lines) or not all(groups.values()):
        order.problems.append(Problem(
            code="ORDERS-SEVERAL", severity="error", element="po_number",
            message=f"the e-mail names {len(pos)} orders ({', '.join(pos[:6])}) whose lines could not be told "
                    f"apart: read as one order, held for a person to split"))
        return [order]
    out = []
    for po in pos:
        part = order.model_copy(deep=True)
        part.po_number = po
        part.lines = [order.lines[i].model_copy(update={"line_no": n + 1}) for n, i in enumerate(groups[_key(po)])]
        out.append(part)
    return out


_ORDER_WORD = r"(?:purchase\s+order|order|po|p\.o\.|commande|bon\s+de\s+commande|bestellung|auftrag)"
_NUMBERED_HEADING = re.compile(
    rf"^\s*(?:[-*#=]+\s*)?(?:{_ORDER_WORD}\s*(?:n[o°r]\.?\s*|#\s*)?(?P<n>[1-9](?![\w.,/-])|[a-d](?=\s*[:.)-]?\s*$))"
    r"|(?P<nth>first|second|third|1st|2nd|3rd|premi[eè]re|deuxi[eè]me|seconde|troisi[eè]me|erste|zweite|dritte)"
    rf"\s+{_ORDER_WORD})\b\s*[:.)-]?", re.IGNORECASE)


def numbered_orders(lines: list[str]) -> list[str]:
    """Headings that number orders in one e-mail ("Order 1", "Commande 2 :", "Second order"), when there are two
    or more distinct ones: the e-mail holds several orders."""
    found: dict[str, str] = {}
    for line in lines:
        if match := _NUMBERED_HEADING.match(line):
            found.setdefault(fold(match.group("n") or match.group("nth") or ""), line.strip())
    return list(found.values()) if len(found) > 1 else []


def section_dates(orders: list[ExtractedOrder], lines: list[str], patterns, loc: DocLocale,
                  sent=None, sent_strength: float | None = None) -> list[ExtractedOrder]:
    """The split orders, each with the delivery date typed in its own PO's section (from its PO line to the next
    PO's); a date line read so is no unplaced date. When two or more sections type dates of their own, an order
    whose section types none takes none (never another PO's date). An order dated by the e-mail's header
    (``sent``) whose doubt came only from those dates, now placed, gets the header's strength back."""
    keys = {_key(o.po_number or ""): o for o in orders}
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        here = po_mentions(line, patterns)
        if len(here) == 1 and _key(here[0]) in keys:
            current = _key(here[0])
        if current is not None:
            sections.setdefault(current, []).append(line)
    own: dict[str, tuple] = {}
    for key, section in sections.items():
        order = keys[key]
        for line in section:
            if hit := delivery_hit(line, loc, order.order_date, sent):
                own[key] = (hit.value, hit.strength, line.strip()[:120])
                break
    if len({value for value, _strength, _line in own.values()}) < 2:
        return orders  # one date for all, or none: as read
    placed = {repr(text) for _value, _strength, text in own.values()}
    for key, order in keys.items():
        if key in own:
            order.requested_delivery_date = own[key][0]
            order.confidence["requested_delivery_date"] = own[key][1]
        else:
            order.requested_delivery_date = None
            order.confidence.pop("requested_delivery_date", None)
        order.problems = [p for p in order.problems
                          if not (p.code == "DATE-UNPLACED" and any(text in p.message for text in placed))]
        if sent_strength is not None and order.order_date == sent \
                and not any(p.code == "DATE-UNPLACED" for p in order.problems) \
                and order.confidence.get("order_date", sent_strength) < sent_strength:
            order.confidence["order_date"] = sent_strength  # the header's date, no typed date left unplaced
    return orders

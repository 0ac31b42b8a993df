"""A quantity change typed in an e-mail: "4 x TP-1002 instead of 3", "make it 4 not 3 of TP-1002",
"bei TP-1002 statt 3 bitte 4", "TP-1002 4 au lieu de 3", "TP-1002: 4 rather than 3", "increase TP-1002 from 3
to 4", "TP-1002 von 3 auf 4", "passer TP-1002 de 3 à 4".

Such a line names one item code and two numbers: the one right after the change word ("instead of",
"rather than", "not", "au lieu de", "plutôt que", "et non", "statt", "anstatt", "anstelle von") is the
quantity it replaces, the other one the new quantity. It is read as a *change* of that item's line
(``action = "change"``, the order's kind ``change``), never as a new order of it and never as the removal
of the lines it does not name; and it is held (``QTY-CHANGE-TYPED``) with both numbers shown, so a person
checks them against the order it changes. A line with a change word that does not read so (two items,
three numbers) stays ``LINE-UNREAD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.locale_values import DocLocale, fold, parse_number
from extractors.mail.body_lines import is_item_code, unit_words
from extractors.mail.sentence_items import without_dates
from extractors.units import TABLE, UnitTable
from gateway.model import ExtractedLine, ExtractedOrder, OrderKind, Problem

_CHANGE_WORD = re.compile(r"\b(?:instead\s+of|rather\s+than|not|au\s+lieu\s+des?|plutot\s+que|et\s+non(?:\s+pas)?"
                          r"|pas|statt|anstatt|anstelle\s+von|nicht)\b")
_NUMBER = re.compile(r"(?<![\w.,-])\d{1,6}(?:[.,]\d{1,3})?(?![\w-]|[.,]\d)")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]")
_GAP = re.compile(r"^\s*(?:(?:the|les?|la|die|der|den)\s+)?$")
# Words that may follow the replaced quantity ("statt 3 bitte 4 Stück", "not 3 of TP-1002, thanks").
_TRAILING = frozenset("please pls thanks thank you bitte danke svp merci of de des von x stk st pcs but sondern mais "
                      "but rather we ordered originally had on our the order wie bestellt nous avions commande "
                      "commandes".split())
# what may follow a reference that is no quantity ("order 4411 x 3" is a line) nor a part of something ("line 2 of
# SKU-1003"): shared by the order and the line references
_NOT_A_QUANTITY = (r"(?!\s*(?:x|×|\*|pcs|pieces|stk|st[uü]ck|boxes|packs)\b)"
                   r"(?!\s*of\s+(?!(?:our|your|the|this|that|order|po|purchase)\b))")  # "line 2 of our order"
# An order named after a preposition in the sentence ("on order 3302", "for PO 5521", "sur la commande 4410"):
# its number is no quantity ("Commande QC-204 : TP-1002 ..." is not one: the code after the colon is the item).
_ORDER_REF = re.compile(r"(?i)\b(?:on|for|in|of|sur|dans|pour|auf|bei)\s+(?:(?:our|your|the|la|notre|"
                        r"unsere[rn]?|der)\s+)?(?:order|po|p\.o\.|purchase\s+order|commande|bestellung|auftrag)"
                        r"\s*(?:no\.?|number|nr\.?|#|n°|num[eé]ro)?\s*#?\s*[A-Z]{0,4}[-/]?\d[\w/-]*(?![\w/-])(?<!\d[xX])"
                        + _NOT_A_QUANTITY)
# The line it names by its number ("change line 2", "Position 3", "ligne 2", "Zeile 4", "Pos. 10:"): no quantity.
_LINE_REF = re.compile(r"(?i)\b(?:line|position|pos\.?|ligne|zeile)\s*(?:no\.?|nr\.?|#|n°)?\s*\d{1,3}(?![\w.,]\d|[\w-])"
                       + _NOT_A_QUANTITY)
CHANGE_STRENGTH = 0.8  # read from a sentence: a person checks it (the order is held anyway)


@dataclass(frozen=True)
class TypedChange:
    code: str
    quantity: Decimal
    replaces: Decimal
    unit: str | None
    text: str


def read_change(line: str, loc: DocLocale, po: str | None = None, table: UnitTable = TABLE) -> TypedChange | None:
    """The quantity change typed on ``line``, or None when it is not one that reads whole."""
    text = line.replace(po, " ") if po else line
    text = _ORDER_REF.sub(lambda m: " " * len(m.group(0)), text)  # "on order 3302", "for PO 5521"
    text = _LINE_REF.sub(lambda m: " " * len(m.group(0)), text)  # "change line 2 of our order: 40 x X instead of 30"
    folded = fold(text)
    codes = [m for m in _CODE.finditer(text) if is_item_code(m.group(0), False)]
    if len(folded) != len(text) or len({m.group(0).upper() for m in codes}) != 1:
        return None
    blanked = list(without_dates(text))
    for m in codes:
        blanked[m.start():m.end()] = " " * (m.end() - m.start())
    numbers = list(_NUMBER.finditer("".join(blanked)))
    if len(numbers) != 2:
        return None
    if ranged := _FROM_TO.search(folded):  # "from 2 to 5", "von 2 auf 5", "de 2 à 5"
        at = {n.start(): n for n in numbers}
        old, new = at.get(ranged.start("old")), at.get(ranged.start("new"))
        if old is None or new is None:
            return None
    else:
        old = next((n for w in _CHANGE_WORD.finditer(folded) for n in numbers if n.start() >= w.end()
                    and _GAP.match(folded[w.end():n.start()])), None)
        if old is None:
            return None
        new = numbers[0] if old is numbers[1] else numbers[1]
        tail = set(re.findall(r"[^\W\d_]+", fold("".join(blanked)[old.end():])))
        if tail - _TRAILING - {fold(w) for w in unit_words(table)}:
            return None  # "4 x TP-1002 (instead of the 2 on Monday)": more is said than the two numbers
    wanted, replaced = parse_number(new.group(0), loc), parse_number(old.group(0), loc)
    if wanted is None or replaced is None or wanted[0] <= 0 or replaced[0] <= 0 or wanted[0] == replaced[0]:
        return None
    return TypedChange(code=codes[0].group(0).upper(), quantity=wanted[0], replaces=replaced[0],
                       unit=_unit_after(folded, new.end(), table), text=line.strip()[:120])


_FROM_TO = re.compile(r"\b(?:from|von|de)\s+(?P<old>\d{1,6}(?:[.,]\d{1,3})?)\s*(?:[^\W\d_]+\s+)?(?:to|auf|a)\s+"
                      r"(?P<new>\d{1,6}(?:[.,]\d{1,3})?)(?![\w.,]\d)")  # the numbers where _NUMBER finds them


def _unit_after(folded: str, at: int, table: UnitTable) -> str | None:
    word = re.match(r"\s*([^\W\d_]+)", folded[at:])
    return word.group(1) if word and word.group(1) in set(unit_words(table)) else None


def change_line(index: int, change: TypedChange) -> ExtractedLine:
    conf = {"quantity": CHANGE_STRENGTH, "customer_item": CHANGE_STRENGTH}
    if change.unit:
        conf["uom"] = CHANGE_STRENGTH
    return ExtractedLine(line_no=index + 1, customer_item=change.code, quantity=change.quantity, uom=change.unit,
                         action="change", confidence=conf)


def change_problem(index: int, change: TypedChange) -> Problem:
    return Problem(code="QTY-CHANGE-TYPED", severity="error", element=f"lines[{index}].quantity",
                   message=f"a typed change of {change.code}: {change.quantity.normalize():f} instead of "
                           f"{change.replaces.normalize():f} ({change.text!r}); check both against the order it changes")


def read_changes(texts: list[str], loc: DocLocale, po: str | None, table: UnitTable = TABLE) -> list[TypedChange]:
    """The typed quantity changes among unread lines."""
    return [c for c in (read_change(t, loc, po, table) for t in texts) if c is not None]


def add_changes(order: ExtractedOrder, changes: list[TypedChange]) -> None:
    """The changes as lines of ``order`` (then a change of the order its PO names), each held."""
    if not changes:
        return
    order.kind = OrderKind.CHANGE
    for change in changes:
        index = len(order.lines)
        order.lines.append(change_line(index, change))
        order.problems.append(change_problem(index, change))

"""A document whose numbers do not say how they are written: "1,500" m at "2" for "3,000" from a German customer is
1.5 m for 3 euros or 1500 m for 3000 euros, and the line's arithmetic agrees either way. The customer's country is
no proof (a German buyer's sheet exported in US format writes "2,500" for two thousand five hundred): when no
number of the document settles the decimal mark ("0,54", "6,875.00", "1.080,00"), a line whose quantity, price or
amount was read from a number of one group of three ("1,500", "3.000") waits for a person (``NUMBER-STYLE-UNSURE``)
with both readings named. Pure."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from gateway.model import ExtractedOrder, Problem
from extractors.locale_values import DocLocale

CODE = "NUMBER-STYLE-UNSURE"
_TOKEN = re.compile(r"(?<![\w.,/-])\d[\d.,]*\d(?![\w/-])|(?<![\w.,/-])\d(?![\w.,/-])")
_ONE_GROUP = re.compile(r"\d{1,3}[.,]\d{3}")
_SETTLES = re.compile(r"\d+[.,]\d{1,2}|\d+[.,]\d{4,}|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:,\d{3})+\.\d+")


def _tokens(texts: Iterable[str]) -> list[str]:
    return [t.rstrip(".,") for text in texts for t in _TOKEN.findall(text)]


def _settled_value(token: str) -> tuple[str, Decimal] | None:
    """The decimal mark a number proves and its value so read: "0,54" (",", 0.54), "6,875.00" (".", 6875);
    "1,500" or "12" prove nothing."""
    if not _SETTLES.fullmatch(token):
        return None
    mark = max((m for m in ".," if m in token), key=token.rfind)
    other = "," if mark == "." else "."
    return mark, Decimal(token.replace(other, "").replace(mark, "."))


def _settles(tokens: list[str], order: ExtractedOrder, loc: DocLocale) -> bool:
    """A number of the item table's quantity or money cells or of the total that proves the decimal mark the
    reader used. A clock time ("7.30 Uhr"), a version ("Version 2.1") or a size in a description ("2.5 mm") is
    none: its value is no line's quantity, price or amount; a number proving the other mark is no proof either."""
    values = {v for line in order.lines for v in (line.quantity, line.unit_price, line.amount) if v is not None}
    if order.total is not None:
        values.add(order.total)
    for t in tokens:
        settled = _settled_value(t)
        if settled and settled[0] == loc.decimal and settled[1] in values:
            return True
    return False


def number_style_problems(order: ExtractedOrder, texts: Iterable[str], loc: DocLocale) -> list[Problem]:
    tokens = _tokens(texts)
    if _settles(tokens, order, loc):
        return []
    doubtful = {t for t in tokens if _ONE_GROUP.fullmatch(t)}
    out = []
    for n, line in enumerate(order.lines, 1):
        for name in ("quantity", "unit_price", "amount"):
            value = getattr(line, name, None)
            if value is None:
                continue
            for t in sorted(doubtful):
                point, comma = Decimal(t.replace(",", "")), Decimal(t.replace(".", "").replace(",", "."))
                read = comma if loc.decimal == "," else point
                if value == read and point != comma:
                    other = point if read == comma else comma
                    out.append(Problem(code=CODE, severity="error", element=f"lines[{n}]", message=(
                        f"line {n}: {name} {t!r} is {read.normalize():f} or {other.normalize():f}: no number of the "
                        f"document says whether its comma or its point marks the decimals; a person decides")))
                    break
            else:
                continue
            break
    return out

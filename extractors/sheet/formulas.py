"""Values of simple formulas saved without their results.

A workbook written by a script (openpyxl) or some converters stores ``=C9*E9`` and
``=SUM(F9:F15)`` with no cached value: read for values only, those cells are empty, and the line
amounts and the total with them. ``evaluate_formulas`` computes the formulas made of numbers, cell
references, ``+ - * /``, brackets and ``SUM`` / ``ROUND`` over the sheet's own cells (an empty cell
counts as 0, as in the spreadsheet); any other formula (a function it does not know, a reference to
another sheet, text) stays empty, so the reader falls back to what the row gives (quantity x price).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from datetime import date, datetime, timedelta
from typing import Any

TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
                   r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)|(?P<func>SUM|ROUND)\s*\(|(?P<op>[-+*/(),]))")
MAX_DEPTH = 30  # formulas referring to formulas, at most this deep


class Unsupported(Exception):
    """A formula this evaluator does not compute (left empty)."""


def evaluate_formulas(values: list[list[Any]], formulas: list[list[Any]]) -> list[list[Any]]:
    """``values`` (cached results, ``None`` where none was saved) with the formulas of ``formulas``
    computed where their value is missing."""
    grid = _Grid(values, formulas)
    out = [list(row) for row in values]
    for r, row in enumerate(formulas):
        for c, cell in enumerate(row):
            if _is_formula(cell) and (r >= len(out) or c >= len(out[r]) or out[r][c] is None):
                if (day := _date_plus_days(cell, values)) is not None and r < len(out) and c < len(out[r]):
                    out[r][c] = day  # "=C5+14" under an order date cell: a date, as the sheet shows it
                    continue
                value = grid.value(r, c, 0)
                if value is not None and r < len(out) and c < len(out[r]):
                    out[r][c] = float(value)
    return out


def uncomputed(values: list[list[Any]], formulas: list[list[Any]]) -> dict[tuple[int, int], str]:
    """The formulas left without a value (a function this evaluator does not know: ROUNDUP, IF,
    VLOOKUP...), by (row, column): the reader holds a line whose quantity or price is one, never reads it
    as an empty cell."""
    return {(r, c): cell for r, row in enumerate(formulas) for c, cell in enumerate(row)
            if _is_formula(cell) and _cell(values, r, c) is None}


_DATE_PLUS = re.compile(r"=\s*(?P<ref>\$?[A-Z]{1,3}\$?\d+)\s*(?:(?P<op>[-+])\s*(?P<days>\d{1,4}))?\s*"
                        r"|=\s*(?P<days2>\d{1,4})\s*\+\s*(?P<ref2>\$?[A-Z]{1,3}\$?\d+)\s*")


def _date_plus_days(formula: str, values: list[list[Any]]) -> date | None:
    """A date formula saved without its result: a date cell plus or minus a number of days ("=C5+14",
    "=14+C5", "=C5"), the order date's cell holding a date; any other formula is no date here."""
    match = _DATE_PLUS.fullmatch(formula)
    if match is None:
        return None
    row, col = _address(match["ref"] or match["ref2"])
    base = _cell(values, row, col)
    if not isinstance(base, date):
        return None
    days = int(match["days"] or match["days2"] or 0) * (-1 if match["op"] == "-" else 1)
    moved = base + timedelta(days=days)
    return moved.date() if isinstance(moved, datetime) else moved


def _is_formula(cell: Any) -> bool:
    return isinstance(cell, str) and cell.startswith("=")


class _Grid:
    def __init__(self, values: list[list[Any]], formulas: list[list[Any]]) -> None:
        self.values, self.formulas = values, formulas
        self.memo: dict[tuple[int, int], Decimal | None] = {}

    def value(self, r: int, c: int, depth: int) -> Decimal | None:
        """The number in a cell (0 when empty), its formula computed; None when not computable."""
        if (r, c) in self.memo:
            return self.memo[(r, c)]
        self.memo[(r, c)] = None  # a cycle reads as not computable
        cached = _cell(self.values, r, c)
        formula = _cell(self.formulas, r, c)
        result: Decimal | None
        if cached is not None:
            result = _number(cached)
        elif _is_formula(formula):
            try:
                result = _Parser(formula[1:], self, depth + 1).parse() if depth < MAX_DEPTH else None
            except (Unsupported, InvalidOperation, ZeroDivisionError):
                result = None
        else:
            result = Decimal(0) if formula in (None, "") else _number(formula)
        self.memo[(r, c)] = result
        return result


def _cell(rows: list[list[Any]], r: int, c: int) -> Any:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    return None


def _address(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref)
    if match is None:
        raise Unsupported(ref)
    col = 0
    for ch in match[1]:
        col = col * 26 + ord(ch) - 64
    return int(match[2]) - 1, col - 1


class _Parser:
    """Recursive descent over the tokens of one formula: sums of products of factors."""

    def __init__(self, text: str, grid: _Grid, depth: int) -> None:
        self.tokens = _tokens(text.upper())
        self.pos, self.grid, self.depth = 0, grid, depth

    def parse(self) -> Decimal | None:
        value = self.expr()
        if self.pos != len(self.tokens):
            raise Unsupported("trailing text")
        return value

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise Unsupported("formula ends early")
        self.pos += 1
        return token

    def expr(self) -> Decimal | None:
        value = self.term()
        while (t := self.peek()) and t[0] == "op" and t[1] in "+-":
            self.take()
            right = self.term()
            value = None if value is None or right is None else value + right if t[1] == "+" else value - right
        return value

    def term(self) -> Decimal | None:
        value = self.factor()
        while (t := self.peek()) and t[0] == "op" and t[1] in "*/":
            self.take()
            right = self.factor()
            value = None if value is None or right is None else value * right if t[1] == "*" else value / right
        return value

    def factor(self) -> Decimal | None:
        kind, text = self.take()
        if kind == "op" and text in "+-":
            inner = self.factor()
            return None if inner is None else (inner if text == "+" else -inner)
        if kind == "num":
            return Decimal(text)
        if kind == "ref":
            return self.grid.value(*_address(text), self.depth)
        if kind == "op" and text == "(":
            value = self.expr()
            self.expect(")")
            return value
        if kind == "func":
            return self.function(text)
        raise Unsupported(text)

    def function(self, name: str) -> Decimal | None:
        args: list[Decimal | None] = []
        while True:
            token = self.peek()
            if token and token[0] == "range":
                self.take()
                args.extend(self.cells(token[1]))
            else:
                args.append(self.expr())
            kind, text = self.take()
            if text == ")":
                break
            if text != ",":
                raise Unsupported(text)
        if any(a is None for a in args):
            return None
        if name == "SUM":
            return sum(args, Decimal(0))  # type: ignore[arg-type]
        if len(args) != 2:
            raise Unsupported("ROUND takes two arguments")
        value, places = args
        return value.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)  # type: ignore[union-attr]

    def cells(self, span: str) -> list[Decimal | None]:
        (r0, c0), (r1, c1) = (_address(part) for part in span.split(":"))
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 10_000:
            raise Unsupported("range too large")
        return [self.grid.value(r, c, self.depth) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise Unsupported(f"expected {text}")


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise Unsupported(text[pos:pos + 10])
        kind = match.lastgroup or "op"
        out.append((kind, match[kind]))
        pos = match.end()
    return out

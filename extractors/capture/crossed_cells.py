"""A quantity run together with its neighbouring position column (issue 23, class C).

A position column printed right beside the quantity column ("Pos | Menge": ``4 | 2``) can be read by OCR
as one number ("42") whose box reaches across the boundary between the two columns. Read as the
quantity, it is a wrong quantity that may still look plausible, so the column geometry decides: a
number word of digits only that reaches across the boundary between the two columns (by half a
character or more) while the cell on the other side holds nothing is no quantity to take. The line is named ``QTY-CELL-CROSSES`` (its quantity unread, the order held): which
digits are the position and which the quantity, a person says. Each OCR engine's reading is checked
alike and the doubts of both are kept (``extractors.capture.agreement.keep_problems``).
"""

from __future__ import annotations

from extractors.capture.table_cells import Grid
from extractors.capture.words import Word

CODE = "QTY-CELL-CROSSES"
NEIGHBOURS = frozenset({"line_no"})  # the columns a quantity is run into
REACH = 0.5  # of a character's width past the boundary: the word is in both columns


def crossing_quantity(cells: dict[str, list[Word]], grid: Grid) -> str | None:
    """The text of the row's number word that reaches from its quantity cell into the empty position cell
    beside it, or from its position cell into the empty quantity cell, or None."""
    kinds = [c.kind for c in grid.columns]
    if "quantity" not in kinds:
        return None
    i = kinds.index("quantity")
    for j in (i - 1, i + 1):
        if not 0 <= j < len(kinds) or kinds[j] not in NEIGHBOURS:
            continue
        bound = grid.bounds[min(i, j)]
        for here, there in ((i, j), (j, i)):
            if cells.get(kinds[there]):
                continue
            side = 1 if there > here else -1
            for word in cells.get(kinds[here]) or []:
                if _reaches(word, bound, side):
                    return word.text
    return None


def _reaches(word: Word, bound: float, side: int) -> bool:
    text = word.text.strip()
    if len(text) < 2 or not text.isdigit():
        return False
    char = (word.x1 - word.x0) / len(text)
    past = bound - word.x0 if side < 0 else word.x1 - bound
    return past >= REACH * char

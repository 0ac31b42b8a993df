"""Text struck through in an HTML e-mail (``<s>``, ``<strike>``, ``<del>``, ``text-decoration:
line-through``): the customer's way of taking a line out of a forwarded order.

``extractors.mail.html_text`` keeps struck text between two private-use marks; the body reader takes the
marks out before reading (``take_struck``) and names every order line whose code or description is struck
(``LINE-STRUCK``, held by default, as a PDF line printed struck through): whether it is ordered is for a
person to say, never guessed. Struck text that names no read line holds the order too, quoted.
"""

from __future__ import annotations

import re

from gateway.model import ExtractedOrder, Problem

OPEN, CLOSE = "\ue000", "\ue001"
_PIECE = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}?")


def take_struck(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The text without the marks, and each line holding struck text with its struck pieces."""
    if OPEN not in text:
        return text.replace(CLOSE, ""), []
    found = []
    for line in text.splitlines():
        pieces = [p.strip() for p in _PIECE.findall(line) if p.strip()]
        if pieces:
            found.append((line.replace(OPEN, "").replace(CLOSE, "").strip(), pieces))
    return text.replace(OPEN, "").replace(CLOSE, ""), found


def flag_struck(order: ExtractedOrder, struck: list[tuple[str, list[str]]]) -> None:
    """``LINE-STRUCK`` for each line of ``order`` whose code or description is struck through, and once for
    struck text that names no line."""
    named = set()
    for n, line in enumerate(order.lines, 1):
        keys = [k for k in (line.customer_item, line.supplier_item, line.description) if k]
        hit = [(text, pieces) for text, pieces in struck if any(_names(k, p) for k in keys for p in pieces)]
        if hit:
            named.update(text for text, _pieces in hit)
            order.problems.append(Problem(
                code="LINE-STRUCK", severity="warning", element=f"lines[{n}]",
                message=f"line {n} is struck through in the e-mail ({' '.join(hit[0][0].split())[:120]!r}): "
                        f"cancelled or ordered, a person says"))
    for text, pieces in struck:
        if text not in named:
            order.problems.append(Problem(
                code="LINE-STRUCK", severity="warning", element="lines",
                message=f"text is struck through in the e-mail ({' '.join(pieces)[:120]!r}): a person reads it"))


def _names(key: str, piece: str) -> bool:
    """Whether a struck piece names a line's code or description ("TP-1001", "Lampe"), not a bare "2"."""
    return key == piece or (len(piece) >= 3 and piece in key) or (len(key) >= 3 and key in piece)

"""Order lines of a scanned letter or a faxed ERP printout typed as sentences, with no table to
read: "12 PCE KD-1059 Nylon anchor 8 mm @ 8.15 = 97.80", "Art. MB-4711: 20 Stk".

The layout reader finds item rows by a table's header or, without one, by columns whose values
multiply out (``inferred_grid``). A letter whose items are typed as sentences has neither, and
its fax read no line at all (findings-t23). Its rows' text is then read as a typed e-mail body is
(``extractors.mail.body_text``, the same grammar and the same ``LINE-UNREAD`` for a line that names
an item but cannot be read). The lines so read have no cell, no column and no arithmetic of a
table behind them, and OCR may have changed a digit: every field is at most ``TYPED_ROW_CONFIDENCE``
sure, so such an order waits for a person with its lines filled in.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.words import Row
from gateway.model import DocType, ExtractedLine, Problem

TYPED_ROW_CONFIDENCE = 0.8
# An instruction row ("QUAI 2 - HORAIRES 8H-12H") is left out, unless it names an item: a code with a digit
# or a count with its unit ("3 Stk GB-7713 Tor-Antrieb", "1 Stk Gate valve DN50")
_ITEM_MARK = re.compile(r"\b[A-Za-z]{2,5}[-./]?\d{2,}\b|\b\d+\s*(?:x|stk|st|pcs?|pce|ea|pieces?|pi[eè]ces?|units?)\b",
                        re.IGNORECASE)


# Money closing a typed row with no mark before it ("25  pièces  SKU-1003  Classeur à levier A4 80 mm  2,75", with the
# line's amount after it or not): a letter's unruled item list, its price column at the row's end
_MONEY = r"\d{1,3}(?:[.\u202f ]\d{3})+[.,]\d{2}|\d{1,7}[.,]\d{2}"
_ROW_END_MONEY = re.compile(rf"\s(?P<price>{_MONEY})(?:\s+(?P<amount>{_MONEY}))?\s*(?P<cur>€|EUR|\$|USD|£|GBP)?\s*$")
_PRICE_MARKED = re.compile(r"(?:@|=|€|\$|£)|(?:^|\s)(?:à|a|zu|je|at|each|per|pu|p\.u\.|prix)\s+\d", re.IGNORECASE)


def _names_item(text: str) -> bool:
    return bool(_ITEM_MARK.search(text))


def priced_row(text: str) -> str:
    """``text`` with the money at its end marked as the typed-order grammar reads a price ("... 2,75" -> "... @ 2,75",
    "... 2,75 68,75" -> "... @ 2,75 = 68,75"): only on a row naming an item whose price carries no mark of its own.
    The price so read is checked as any typed price is: against the catalogue (``PRICE-MISMATCH``) and, with an
    amount beside it, quantity x price against that amount (else the row is ``LINE-UNREAD``)."""
    found = _ROW_END_MONEY.search(text)
    if not found or not _names_item(text[:found.start()]) or _PRICE_MARKED.search(text[:found.start()]):
        return text
    amount = f" = {found.group('amount')}" if found.group("amount") else ""
    return f"{text[:found.start()]} @ {found.group('price')}{amount}{(' ' + found.group('cur')) if found.group('cur') else ''}"


KEPT_PROBLEMS = frozenset({"LINE-UNREAD"})


def _inside(stray: Row, row: Row) -> bool:
    """``stray``'s words sit in ``row``'s band and between its first and last word: one word of that line that OCR
    boxed taller than its neighbours (an accent over it and a speck under it: "à" in "Classeur à levier")."""
    middle = (stray.y0 + stray.y1) / 2
    return stray.page == row.page and row.y0 <= middle <= row.y1 and len(stray.words) < len(row.words) \
        and row.words[0].x1 < stray.words[0].x0 and stray.words[-1].x1 < row.words[-1].x0


def rejoined(rows: list[Row]) -> list[Row]:
    """``rows`` with each row of a word or two put back into the longer row whose band and span it sits in."""
    out = list(rows)
    for stray in sorted(rows, key=lambda r: len(r.words)):
        if len(stray.words) > 2 or stray not in out:
            continue
        home = next((r for r in out if r is not stray and _inside(stray, r)), None)
        if home is not None:
            out[out.index(home)] = replace(home, words=tuple(sorted(home.words + stray.words, key=lambda w: w.x0)),
                                           phrases=())
            out.remove(stray)
    return out


def typed_lines(rows: list[Row], hints: ExtractHints) -> tuple[list[ExtractedLine], list[Problem]]:
    """The item lines typed in ``rows`` (a page's rows, top to bottom) and the problems of the lines
    that name an item but could not be read; nothing when the text names no item."""
    lines, problems, _total = typed_reading(rows, hints)
    return lines, problems


def typed_reading(rows: list[Row], hints: ExtractHints) -> tuple[list[ExtractedLine], list[Problem], Decimal | None]:
    """``typed_lines`` and the total the letter types under its items ("Total: 40.00", "Gesamtbetrag netto 1.234,50
    EUR", "Total HT : 40,00"), as the typed-order grammar reads it in an e-mail: the gateway checks the lines
    against it (``TOTAL-MISMATCH``), as it does a printed table's, and the lines it gives vouch for their
    completeness. None when the letter states none."""
    from extractors.mail.body_text import EXTRACTOR as BODY  # the mail reader imports the capture package

    from extractors.capture.ship_to import delivery_instruction

    text = "\n".join(priced_row(row.text) for row in rejoined(rows)
                     if not (delivery_instruction(row.text) and not _names_item(row.text)))
    read = BODY.extract(text.encode("utf-8"), replace(hints, filename=None, content_type="text/plain"))
    if read.doc_type != DocType.ORDER or not read.orders:
        return [], [], None
    order = read.orders[0]
    for line in order.lines:
        line.confidence = {k: min(v, TYPED_ROW_CONFIDENCE) for k, v in line.confidence.items()}
    return order.lines, [p for p in order.problems if p.code in KEPT_PROBLEMS], order.total if order.lines else None

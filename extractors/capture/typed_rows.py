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

from extractors.base import ExtractHints
from extractors.capture.words import Row
from gateway.model import DocType, ExtractedLine, Problem

TYPED_ROW_CONFIDENCE = 0.8
# An instruction row ("QUAI 2 - HORAIRES 8H-12H") is left out, unless it names an item: a code with a digit
# or a count with its unit ("3 Stk GB-7713 Tor-Antrieb", "1 Stk Gate valve DN50")
_ITEM_MARK = re.compile(r"\b[A-Za-z]{2,5}[-./]?\d{2,}\b|\b\d+\s*(?:x|stk|st|pcs?|pce|ea|pieces?|pi[eè]ces?|units?)\b",
                        re.IGNORECASE)


def _names_item(text: str) -> bool:
    return bool(_ITEM_MARK.search(text))
KEPT_PROBLEMS = frozenset({"LINE-UNREAD"})


def typed_lines(rows: list[Row], hints: ExtractHints) -> tuple[list[ExtractedLine], list[Problem]]:
    """The item lines typed in ``rows`` (a page's rows, top to bottom) and the problems of the lines
    that name an item but could not be read; nothing when the text names no item."""
    from extractors.mail.body_text import EXTRACTOR as BODY  # the mail reader imports the capture package

    from extractors.capture.ship_to import delivery_instruction

    text = "\n".join(row.text for row in rows if not (delivery_instruction(row.text) and not _names_item(row.text)))
    read = BODY.extract(text.encode("utf-8"), replace(hints, filename=None, content_type="text/plain"))
    if read.doc_type != DocType.ORDER or not read.orders:
        return [], []
    order = read.orders[0]
    for line in order.lines:
        line.confidence = {k: min(v, TYPED_ROW_CONFIDENCE) for k, v in line.confidence.items()}
    return order.lines, [p for p in order.problems if p.code in KEPT_PROBLEMS]

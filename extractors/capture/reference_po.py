"""An accounting print's bare "Reference" as its PO number, only in a PO-shaped context (issue 18, class 3).

Xero prints a purchase order with "Date", "Delivery Date" and "Reference" beside the title, the PO number
("PO-0417") under "Reference" and no PO label at all: the order waited PO-MISSING. A bare "Reference" names
as often another party's number (the supplier's quote "QT-4471", a devis "DV-2291", a sales order "SO-77812",
a payment reference under the items), so it is read only when everything around it says purchase order:

* no PO number was read under any PO label or title;
* the document is titled an order ("Purchase Order");
* the row reads "Reference" alone before its value (not "Your Reference", "Quote Reference", "Référence",
  nor wrapped under another word in its cell), above the item table;
* the value is one word shaped as a purchase-order number: "PO" then its digits ("PO-0417", "PO0417",
  "P.O. 2231" is not one word and stays unread).

Anything else stays unread (PO-MISSING): a quote, devis, sales-order or payment reference never goes out as the PO.
"""

from __future__ import annotations

import re

from extractors.capture.words import Row

PO_SHAPED = re.compile(r"^P\.?O\.?[-/#]?\d[\w/.-]*$", re.IGNORECASE)
_LABEL = re.compile(r"^reference\s*[:#]?$")
CONFIDENCE = 0.95  # a generic label's weight: the value's shape and the document's title stand for the label
APART = 1.5  # of a word's height: the gap that parts two phrases of one row (two cells)
ABOVE = 1.0  # of a row's height: the gap over the label under which a lone word would be its first line


def reference_po(rows: list[Row], title_rows: list[Row]) -> tuple[str, Row] | None:
    """The PO number under a bare "Reference" of a document titled an order, and its row; None otherwise."""
    if not title_rows:
        return None
    for k, row in enumerate(rows):
        words = row.words
        for j, word in enumerate(words[:-1]):
            if not _LABEL.match(word.text.lower()):  # the English word as printed: "Référence" is not read
                continue
            value, height = words[j + 1], word.y1 - word.y0
            starts = j == 0 or word.x0 - words[j - 1].x1 > APART * height  # "Reference" begins its phrase
            alone = j + 2 == len(words) or words[j + 2].x0 - value.x1 > APART * height  # one word after it
            if starts and alone and PO_SHAPED.match(value.text) and not _wrapped_label(rows, k, word, value):
                return value.text, row
    return None


def _wrapped_label(rows: list[Row], k: int, label, value) -> bool:
    """A word right above the label, starting where it starts, with nothing above the value: the label's first
    line in a narrow cell ("Your" / "Reference"); a row of its own above ("Date | 9 Dec 2026") is no part of it."""
    if k == 0:
        return False
    above, height = rows[k - 1], label.y1 - label.y0
    if label.y0 - above.y1 > ABOVE * height or not any(abs(w.x0 - label.x0) <= height / 2 for w in above.words):
        return False
    return not any(w.x1 > label.x1 + height and w.x0 < value.x1 for w in above.words)

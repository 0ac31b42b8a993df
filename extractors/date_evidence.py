"""Day/month order settled by a document's own dates.

"28/12/2026" can only be day first and "12/28/2026" only month first; when a document's numeric
dates that settle the order all agree, its ambiguous ones ("05/01/2027") are read the same way.
Used by the layout step and the sheet reader when the customer's locale is not known to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# a full stop after the year ends a sentence ("Deliver by 25/11/2026."); a digit after it is no date
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-]|\.\d)")


def date_order_of(texts: Iterable[str]) -> str | None:
    """"dmy" or "mdy" when the unambiguous numeric dates among ``texts`` agree; else None."""
    orders = set()
    for text in texts:
        for m in NUMERIC_DATE.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if 12 < a <= 31 and 1 <= b <= 12:
                orders.add("dmy")
            elif 12 < b <= 31 and 1 <= a <= 12:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None

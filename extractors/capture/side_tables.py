"""A second table under the order's items, titled as no part of the order.

Orders often print, after their item table, another table with its own column titles: deliveries
still outstanding on an earlier order, the last deliveries, the stock on hand, alternatives. Its rows
are no ordered items. A table whose title says so ("For information only", "Previous deliveries",
"Pour information", "ne pas livrer", "Letzte Lieferungen", "zur Information") is left out of the
order's lines (named on the order as ``TABLE-SIDE-SKIPPED``, a note); any other table that follows
the items on their page after a line of its own text is read, but the order waits (``TABLE-SIDE``):
its rows may not be ordered items.
"""

from __future__ import annotations

import re

from extractors.capture.words import Row
from extractors.locale_values import fold

_MONEY = re.compile(r"\d[.,]\d{2}\b")
TITLE_ROWS = 3  # rows above a table's header searched for its title
# titles of tables that list no ordered item (folded: no accents, lower case)
_NOT_ORDERED = re.compile(
    r"\b(for (?:your )?information|information only|for reference only|not to be (?:supplied|delivered)|"
    r"do not (?:supply|deliver|send)|please do not|not part of this order|not ordered|"
    r"(?:previous|last|recent|earlier|past) (?:deliveries|shipments|orders)|delivery history|still outstanding|"
    r"outstanding (?:items|on)|back ?orders?|stock on hand|current stock|"
    r"pour information|a titre (?:d.?information|indicatif)|pour memoire|ne (?:pas|plus) (?:livrer|renvoyer|envoyer|expedier)|"
    r"(?:dernieres|precedentes|anciennes) livraisons|livraisons (?:precedentes|anterieures)|restent a livrer|"
    r"reliquats?|etat (?:du|de) stock|"
    r"zur (?:information|info|kenntnis)|nur zur (?:information|info)|informativ|nicht (?:liefern|mitliefern|senden)|"
    r"(?:letzte|bisherige|fruhere|vorherige) lieferungen|lieferhistorie|ruckstand|offene (?:posten|positionen)|"
    r"lagerbestand)\b")


def side_title(rows: list[Row], i: int, last_item_row: Row) -> tuple[str, bool] | None:
    """The title of the table whose header is ``rows[i]`` when it is a second table under the items
    (ending at ``last_item_row``) on their page: its text, and whether it says its rows are not ordered.
    None for a table header repeated on a new page, or printed right under the items."""
    header = rows[i]
    if header.page != last_item_row.page or header.y0 <= last_item_row.y1:
        return None
    above = [r for r in rows[max(0, i - TITLE_ROWS):i] if r.page == header.page and r.y0 > last_item_row.y1
             and not _MONEY.search(r.text)]  # a total row under the items is no title
    text = " ".join(r.text for r in above).strip()
    if not text or not any(ch.isalpha() for ch in text):
        return None
    return text, bool(_NOT_ORDERED.search(fold(text)))


_DO_NOT_DELIVER = re.compile(r"\b(?:not to be (?:supplied|delivered)|do not (?:supply|deliver|send)|please do not|"
                             r"ne (?:pas|plus) (?:livrer|renvoyer|envoyer|expedier)|nicht (?:liefern|mitliefern|senden))\b")


def information_title(folded: str) -> bool:
    """``folded`` (no accents, lower case) reads as the title of a table listing no ordered item, and says
    so by more than a "do not deliver" ("Pour information - ne pas livrer (commande precedente)", "Last
    deliveries - do not send"): a note cancelling something says only the latter."""
    return bool(_NOT_ORDERED.search(_DO_NOT_DELIVER.sub(" ", folded)))

"""A totals block typed on one line: "Net 450.00  VAT 90.00  Total 540.00", "Total HT 131,70 - TVA 20 % 26,34 -
Total TTC 158,04", "Netto 131,70 | MwSt 19% 25,02 | Brutto 156,72".

The total readers read one "label amount" a line: such a line was read as one total whose amount is the last
one, or as nothing, and the order was held ``TOTAL-MISMATCH`` for a total it did give (or its total went
unchecked). ``split_totals_row`` cuts the line into its "label amount" parts, each then read as the line of a
totals block; a lone "HT", "TTC", "Net", "Brutto" is named as the total it is ("Total HT 131,70"). A line is cut only when it is wholly such parts (two and more, each a label of words, perhaps a
rate "19 %", then an amount with its two decimals and perhaps a currency), apart at spaces, "|", ";", "/" or
" - ", and one of its labels names a total, a net or a tax (``is_totals_label``): an item line ("Stapler 12.00
3 pcs") is never one.
"""

from __future__ import annotations

import re
from typing import Callable

_PART = re.compile(
    r"\s*(?P<label>[^\W\d_][^\W\d_.'’/&-]*\.?(?:[ \t]+(?:[^\W\d_][^\W\d_.'’/&-]*\.?|\(?\d{1,2}(?:[.,]\d{1,2})?\s?%\)?))*)"
    r"\s*[:=]?\s*(?P<amount>(?:[€$£]|eur|usd|gbp|chf)?\s?-?\d{1,3}(?:[.,\u202f ]\d{3})*[.,]\d{2}(?:\s?(?:[€$£]|eur|usd|gbp|chf))?)"
    r"(?=\s|$|[|;/])\s*(?:[|;/]|-(?=\s))?", re.IGNORECASE)
_TOTALS_WORDS = re.compile(
    r"\b(?:total|totals|sum|summe|gesamt\w*|endbetrag|betrag|net|netto|nettobetrag|gross|brutto|bruttobetrag|vat|tax|tva|mwst"
    r"|ust|ht|ttc|montant|subtotal|sous-total|zwischensumme|warenwert"
    # the order's charges and discounts between the net and the total: "Net 131.70  Shipping 8.50  Total 140.20"
    r"|shipping|freight|delivery|carriage|postage|fracht|versand\w*|porto|port|livraison|transport|discount|rabatt"
    r"|remise|skonto|escompte)\b", re.IGNORECASE)


# A lone word naming a total is its full label once the row is cut: "HT 131,70" is the net, "TTC 158,04" the total
_LONE = {"ht": "Total HT", "net": "Net total", "netto": "Nettobetrag", "ttc": "Total TTC", "gross": "Total incl. VAT",
         "brutto": "Bruttobetrag", "total": "Total"}


def is_totals_label(label: str) -> bool:
    """A label naming a total, a net or a tax ("Total TTC", "MwSt 19 %", "Net")."""
    return bool(_TOTALS_WORDS.search(label))


def totals_row_spans(line: str, totals_label: Callable[[str], bool] = is_totals_label) -> list[tuple[int, int, str]]:
    """(start, end, "label amount") of each part of a totals block typed on one line, or [] when ``line`` is no
    such block (module docstring)."""
    parts: list[tuple[int, int, str]] = []
    at = 0
    text = line.rstrip()
    while at < len(text):
        m = _PART.match(text, at)
        if m is None or m.end() == at:
            return []
        label = m.group("label").strip()
        parts.append((m.start("label"), m.end("amount"),
                      f"{_LONE.get(label.lower().rstrip(':.'), label)} {m.group('amount').strip()}"))
        at = m.end()
    if len(parts) < 2 or not all(totals_label(part.rsplit(" ", 1)[0]) for _s, _e, part in parts):
        return []  # (a currency after the amount stays in the label: no matter)
    return parts


def split_totals_row(line: str, totals_label: Callable[[str], bool] = is_totals_label) -> list[str]:
    """The "label amount" parts of a totals block typed on one line, or ``[line]`` (module docstring)."""
    return [part for _s, _e, part in totals_row_spans(line, totals_label)] or [line]


def split_totals_rows(lines: list[str]) -> list[str]:
    """``lines`` with each one-line totals block cut into its parts."""
    return [part for line in lines for part in split_totals_row(line)]

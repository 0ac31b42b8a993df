"""A text PDF's printed text above its line table that no header field took: the order's notes (issues 17/18).

"DELIVER TO DOCK 4" printed beside the letterhead, "Accès par l'arrière du bâtiment" between the subject and the
greeting: no field reads them, so without this they never reach the order's notes and the ERP never gets them. Each
phrase of a row above the table's column titles is a note unless it is a header field's label or its value
("PO number: HX-40211", "Liefertermin 15.12.2026"), the document's title ("Purchase Order", "Bestellung") or a
value alone (a number, a date). The letterhead, the addressee, the place and date, the subject, the greeting stay
in the list too: ``extractors.note_furniture`` drops them from what the ERP receives (every text is judged anyway,
``page_notes``, as before).
"""

from __future__ import annotations

import re

from extractors.capture.header_fields import column_index, column_titles, field_index
from extractors.capture.layout_spec import LayoutSpec
from extractors.capture.words import Phrase, Row
from extractors.locale_values import fold
from gateway.model import Box, ExtractedOrder

TITLE_COLUMNS = 2  # a row naming this many line-table columns is the table's column titles
MAX_NOTES = 10  # a page of fine print above the table is no instruction: its first lines only
_TITLE = re.compile(r"^\W*(?:purchase\s+order|order|bestellung|auftrag|bon\s+de\s+commande|commande|einkaufsauftrag"
                    r"|bestellschein|order\s+form|p\.?\s?o\.?)\W*$")
_LETTER = re.compile(r"[^\W\d_]{2,}")


def header_notes(rows: list[Row], order: ExtractedOrder, spec: LayoutSpec, title_rows: list[Row] = ()) -> list[str]:
    """Phrases printed above the line table's column titles that are no header field, no title, no bare value."""
    tops = [(b.page, b.y) for line in order.lines for b in line.boxes.values()]
    if not tops:
        return []
    first = min(tops)
    columns, fields = column_index(spec), field_index(spec)
    above = [row for row in rows if (row.page, row.y0) < first]
    heads = [i for i, row in enumerate(above) if column_titles(row, columns, False) >= TITLE_COLUMNS]
    if not heads:
        return []  # no column titles found: where the table starts is not known, nothing is taken
    titles = {id(row) for row in title_rows}
    out: list[str] = []
    for row in above[:heads[-1]]:
        if id(row) in titles:
            continue
        out += [text for text in _free_phrases(row, fields, order) if text not in out]
    return out[:MAX_NOTES]


def _free_phrases(row: Row, fields, order: ExtractedOrder) -> list[str]:
    """The row's phrases that are neither a field's value read nor its label, nor a title or a bare value."""
    out, after_label = [], False
    for phrase in row.phrases or (Phrase(row.words),):
        labelled = any(_read_by(hit.kind, phrase, order) for hit in fields.segment(phrase.words, False))
        text = phrase.text.strip()
        taken = labelled or after_label or any(_overlaps(phrase, box) for box in order.boxes.values())
        if not taken and _LETTER.search(text) and not _TITLE.match(fold(text).lower()):
            out.append(text[:200])
        after_label = labelled and not any(_overlaps(phrase, box) for box in order.boxes.values())
    return out


def _read_by(kind: str, phrase: Phrase, order: ExtractedOrder) -> bool:
    """Whether the field ``kind`` was read beside or under this label ("DELIVER TO DOCK 4" labels no date read)."""
    box = order.boxes.get(kind)
    height = phrase.y1 - phrase.y0
    return box is not None and box.page == phrase.words[0].page \
        and phrase.y0 - height <= box.y <= phrase.y1 + 2 * height


def _overlaps(phrase: Phrase, box: Box) -> bool:
    return box.page == phrase.words[0].page and phrase.x0 < box.x + box.w and box.x < phrase.x1 \
        and phrase.y0 < box.y + box.h and box.y < phrase.y1

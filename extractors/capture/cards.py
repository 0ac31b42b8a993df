"""Items printed as cards (web shops, portals) rather than as table rows: a quantity row
("Qty: 12 EA  $975.00") with the item's name before it or above it, and "label: value" lines under
it ("SKU X", "Unit price: $3.90") up to the next card or a total."""

from __future__ import annotations

import re

from extractors.capture.card_columns import side_by_side
from extractors.capture.item_codes import CODE_LABEL
from extractors.capture.table_cells import LineCells, TableCtx, TableResult, cell_number, end_hits, is_end, numeric_phrases, unglued
from extractors.capture.table_totals import read_total
from extractors.capture.words import Row, Word, typical_height
from extractors.units import unit_word

CARD = 0.97  # a line read from a card of "label: value" lines rather than from a table row
NEAR = 1.6  # word heights: rows of one card touch one another


def read_cards(rows: list[Row], result: TableResult, ctx: TableCtx) -> None:
    """Items printed as cards (web shops, portals), read by roles rather than in a fixed order.
    Each card has one quantity row ("Qty: 250 PK", "Menge: 12 Stk", "Quantité : 1 000 paquets");
    the rows between two such rows are split at the widest gap between them (a page break counts
    widest): those above it end the card before, those under it begin the next. The first card
    takes as many touching rows above it, and the last as many under it, as the other cards have
    (up to three, touching, when there is one card). Within a card a row led by a price or amount
    label and its number ("Unit price: $3.90", "Einzelpreis: 3,90 €", "Summe: 46,80 €") gives that
    cell wherever it sits; the quantity row's own words give the quantity and unit, a labelled
    price, the amount (the number that ends the row) and the rest; every other word (the name,
    "SKU X", "Réf. X") is the description, where the item code is found after its label."""
    rows = side_by_side(rows, lambda row: _card_anchor(row, ctx) is not None)
    anchors = [(i, cells) for i, row in enumerate(rows) if (cells := _card_anchor(row, ctx)) is not None]
    if not anchors:
        return
    lead: dict[int, list[int]] = {}
    trail: dict[int, list[int]] = {}
    for (a, _), (b, _) in zip(anchors, anchors[1:]):
        cut = _widest_gap(rows, a, b)
        trail[a], lead[b] = list(range(a + 1, cut + 1)), list(range(cut + 1, b))
    first, last = anchors[0][0], anchors[-1][0]
    lead[first] = _outer(rows, first, -1, max((len(v) for v in lead.values()), default=None), ctx)
    trail[last] = _outer(rows, last, 1, max((len(v) for v in trail.values()), default=None), ctx)
    owned = {j for rows_ in (*lead.values(), *trail.values()) for j in rows_} | {i for i, _ in anchors}
    for i, anchor in anchors:
        cells: dict[str, list[Word]] = {}
        for j in _touching(rows, i, lead[i], -1):
            _card_row(rows[j], cells, ctx)
        for kind, words in anchor.items():
            cells.setdefault(kind, []).extend(words)
        tail = _touching(rows, i, trail[i], 1)
        for j in tail:
            _card_row(rows[j], cells, ctx)
        line = LineCells(cells, {k: CARD for k in cells}, rows[tail[-1]] if tail else rows[i])
        if cell_number(cells.get("quantity"), ctx) and cells.get("description"):
            result.lines.append(line)
        else:
            result.unread.append(line.last_row)
    gross = False
    for i in range(first, len(rows)):
        if i in owned or not is_end(rows[i], ctx):
            continue
        kinds = {h.kind for h in end_hits(unglued(list(rows[i].words)), ctx)}
        if "total" in kinds and not gross:
            read_total(rows, i, result, None, ctx)
        gross = gross or kinds == {"end"}  # after "Tax": totals with tax


def _gap(rows: list[Row], a: int, b: int) -> float:
    """White between rows ``a`` and ``b``; a page break, or a row standing above the one before it (the next card of
    cards side by side, ``side_by_side``), is wider than any."""
    if rows[a].page != rows[b].page or rows[b].y0 < rows[a].y0:
        return float("inf")
    return rows[b].y0 - rows[a].y1


def _widest_gap(rows: list[Row], a: int, b: int) -> int:
    """The last row of the card at ``a`` among the rows up to the next card's quantity row ``b``."""
    return max(range(a, b), key=lambda k: (_gap(rows, k, k + 1), -k))


def _outer(rows: list[Row], i: int, step: int, count: int | None, ctx: TableCtx) -> list[int]:
    """The rows above (``step`` -1) or under (1) the first or last card's quantity row that belong
    to it: as many as the other cards have (up to three when there is no other card), touching,
    no total, no other quantity row, and no number but after a price or amount label."""
    out: list[int] = []
    j = i + step
    while 0 <= j < len(rows) and len(out) < (3 if count is None else count):
        row = rows[j]
        labelled = _labelled_value(row, ctx) is not None or _name_and_amount(row, ctx)
        if _card_anchor(row, ctx) is not None or (not labelled and (is_end(row, ctx) or numeric_phrases(row, ctx))):
            break
        out.append(j)
        j += step
    return sorted(out)


def _touching(rows: list[Row], i: int, side: list[int], step: int) -> list[int]:
    """The rows of ``side`` chained to the quantity row ``i`` by gaps of a card's line spacing."""
    out: list[int] = []
    prev = i
    for j in (sorted(side, reverse=True) if step < 0 else sorted(side)):
        a, b = (j, prev) if step < 0 else (prev, j)
        if _gap(rows, a, b) > NEAR * typical_height(rows[j].words):
            break
        out.append(j)
        prev = j
    return sorted(out)


def _labelled_value(row: Row, ctx: TableCtx) -> tuple[str, list[Word]] | None:
    """("unit_price" | "amount", the number's words) of a row led by such a label and its number."""
    hits = [h for h in ctx.header.segment(row.words, ctx.fuzzy) if h.start == 0]
    if not hits or hits[0].kind not in ("unit_price", "amount"):
        return None
    value = _card_number(list(row.words[hits[0].end:]), ctx)
    return (hits[0].kind, value) if value else None


def _name_and_amount(row: Row, ctx: TableCtx) -> bool:
    """A card's first row: the item's name, then its total at the card's right ("Staples 24/6   $52.50"); no
    total's label."""
    last = row.phrases[-1] if len(row.phrases) == 2 else None
    return last is not None and not is_end(row, ctx) and _MONEY_WORDS.fullmatch(last.text.strip()) is not None \
        and any(c.isalpha() for c in row.phrases[0].text) and not numeric_phrases(Row(row.page, row.phrases[0].words), ctx)


def _card_row(row: Row, cells: dict[str, list[Word]], ctx: TableCtx) -> None:
    found = _labelled_value(row, ctx)
    if found and found[0] not in cells:
        cells[found[0]] = found[1]
        return
    last = row.phrases[-1] if len(row.phrases) > 1 else None
    if last is not None and "amount" not in cells and _MONEY_WORDS.fullmatch(last.text.strip()) \
            and cell_number(list(last.words), ctx) is not None:
        cells["amount"] = list(last.words)  # the name, then the line's total at the card's right edge
        cells.setdefault("description", []).extend(w for w in row.words if w not in last.words)
        return
    cells.setdefault("description", []).extend(row.words)


_MONEY_WORDS = re.compile(r"(?:[$£€]\s?)?-?\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})*[.,]\d{2}(?:\s?(?:€|EUR|USD|GBP|\$|£))?")
_TIMES_PRICE = ("×", "x", "@", "à")


def _times_price(rest: list[Word], cells: dict[str, list[Word]], ctx: TableCtx) -> list[Word]:
    """After a card's quantity, "× 24,50 €" / "@ $3.90" / "à 3,90 €": the unit price (the line's total is
    printed elsewhere on the card); the words after it returned."""
    if not rest or "unit_price" in cells:
        return rest
    head = rest[0].text.strip()
    if head in _TIMES_PRICE:
        price = _card_number(rest[1:4], ctx)
        if price:
            cells["unit_price"] = price
            return rest[1 + len(price):]
    elif head[:1] in ("×", "@") and len(head) > 1:
        w = rest[0]
        glued = Word(head[1:], w.x0, w.y0, w.x1, w.y1, w.conf, w.page)
        price = _card_number([glued, *rest[1:3]], ctx)
        if price:
            cells["unit_price"] = price
            return rest[len(price):]
    return rest


def _card_number(words: list[Word], ctx: TableCtx) -> list[Word] | None:
    """The words of a card's price or amount after its label, a trailing tax word dropped
    ("2,40 € HT", "$3.90 excl. tax", "$1.45 / EA")."""
    words = [w for w in words if w.text != ":"]
    per = next((k for k, w in enumerate(words) if w.text.startswith("/")), len(words))
    words = words[:per]  # "/ EA": the unit it is per
    for end in range(len(words), 0, -1):
        if cell_number(words[:end], ctx) is not None:
            return words[:end]
    return None


def _card_anchor(row: Row, ctx: TableCtx) -> dict[str, list[Word]] | None:
    """The cells of a card's quantity row: the quantity after its label (its thousands groups:
    "1 000"), unit words, then by role: a price or amount after its label, the number ending the
    row (the amount), and the other words (the name, "SKU X") as the description."""
    for hit in ctx.header.segment(row.words, ctx.fuzzy):
        if hit.kind != "quantity" or hit.end >= len(row.words) or hit.end == hit.start:
            continue
        if not row.words[hit.end - 1].text.endswith(":") and row.words[hit.end].text != ":" and hit.start \
                and not any(p.words[0] is row.words[hit.start] for p in row.phrases):
            continue  # "Qty: 12", a row or a box starting "Qty 12": not a word "quantity" inside a sentence
        after = [w for w in row.words[hit.end:] if w.text != ":"]
        if not after or not any(c.isdigit() for c in after[0].text):
            return None
        size = 1
        while size < len(after) and re.fullmatch(r"\d{3}(?:[.,]\d+)?", after[size].text) \
                and cell_number(after[:size + 1], ctx) is not None:
            size += 1  # "1 000": a thousands group after the first digits
        cells: dict[str, list[Word]] = {"quantity": after[:size]}
        rest = after[size:]
        units = []
        while rest and unit_word(rest[0].text, ctx.spec.units, known_only=bool(units)) and not _code_label(rest) \
                and not _value_label(rest, ctx):  # "24 ea Unit price: £0.92": "Unit" starts the price's label
            units.append(rest.pop(0))  # "1 000 boîtes": one word of letters, then only known units (a name follows)
        if units:
            cells["uom"] = units
        rest = _times_price(rest, cells, ctx)
        text = list(row.words[:hit.start]) + _priced(rest, cells, ctx)
        if text:
            cells["description"] = text
        return cells
    return _times_anchor(row, ctx)


_TIMES = re.compile(r"[×x]\s*(\d+)")


def _times_anchor(row: Row, ctx: TableCtx) -> dict[str, list[Word]] | None:
    """A shop's "× 2" (the count of the item, alone in its box) with the line's amount after it."""
    for phrase in row.phrases:
        words = list(phrase.words)
        priced = _priced_times(words)
        if priced is not None:  # "2 × 24,50 €", "$24.50 × 4": the count and the unit price in one phrase
            qty, price = priced
            at = row.words.index(words[0])
            cells = {"quantity": [qty], "unit_price": [price]}
            text = list(row.words[:at]) + _priced(list(row.words[at + len(words):]), cells, ctx)
            if text:
                cells["description"] = text
            return cells
        if (named := _named_times(row, phrase, ctx)) is not None:
            return named
        if len(words) > 2 or not _TIMES.fullmatch("".join(w.text for w in words)):
            continue
        w = words[-1]
        number = w if len(words) == 2 else Word(w.text.lstrip("×x "), w.x0, w.y0, w.x1, w.y1, w.conf, w.page)
        at = row.words.index(words[0])
        cells: dict[str, list[Word]] = {"quantity": [number]}
        text = list(row.words[:at]) + _priced(list(row.words[at + len(words):]), cells, ctx)
        if text:
            cells["description"] = text
        return cells
    return None


_NAME_TIMES = re.compile(r"\S\s+×\s?(\d{1,5})$")


def _named_times(row: Row, phrase, ctx: TableCtx) -> dict[str, list[Word]] | None:
    """Shopify's card line "Toner cartridge black × 3   $96.00": the item's name and its count after "×" ending one
    phrase, the line's amount alone after it on the row; else None ("76x76" in a name is no count)."""
    words = list(phrase.words)
    m = _NAME_TIMES.search(phrase.text)
    if m is None or len(words) < 2:
        return None
    last = words[-1]
    if last.text.startswith("×"):
        number, name = Word(last.text.lstrip("× "), last.x0, last.y0, last.x1, last.y1, last.conf, last.page), words[:-1]
    elif words[-2].text == "×" and last.text.isdigit():
        number, name = last, words[:-2]
    else:
        return None
    at = row.words.index(words[0])
    cells: dict[str, list[Word]] = {"quantity": [number]}
    rest = _priced(list(row.words[at + len(words):]), cells, ctx)
    if rest or "amount" not in cells or not name:
        return None  # the line's amount and nothing else after the count
    cells["description"] = list(row.words[:at]) + name
    return cells


_PRICE_TEXT = r"(?:[$£€]\s?)?\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})*[.,]\d{2}(?:\s?(?:€|EUR|\$|£))?"
_QTY_TEXT = r"\d{1,5}(?:[.,]\d{1,3})?"
_QTY_TIMES_PRICE = re.compile(rf"^(?P<qty>{_QTY_TEXT})\s*[×x]\s*(?P<price>{_PRICE_TEXT})$")
_PRICE_TIMES_QTY = re.compile(rf"^(?P<price>{_PRICE_TEXT})\s*[×x]\s*(?P<qty>{_QTY_TEXT})$")


def _priced_times(words: list[Word]) -> tuple[Word, Word] | None:
    """The quantity and unit price of a phrase "2 × 24,50 €" or "$24.50 × 4" (a shop's item card), as words
    spanning the phrase's own words, or None."""
    if not 2 <= len(words) <= 6:
        return None
    text = " ".join(w.text for w in words)
    signed = re.compile(r"[$£€]|EUR")
    both = [m for m in (_QTY_TIMES_PRICE.match(text), _PRICE_TIMES_QTY.match(text)) if m]
    m = next((m for m in both if signed.search(m.group("price"))), both[0] if both else None)  # the sign marks the price
    if m is None:
        return None
    first, last = words[0], words[-1]

    def part(name: str) -> Word:
        lead = len(text[:m.start(name)].split())
        span = words[lead:lead + max(1, len(m.group(name).split()))] or [first]
        return Word(m.group(name), span[0].x0, first.y0, span[-1].x1, last.y1, min(w.conf for w in span), first.page)

    return part("qty"), part("price")


def _value_label(words: list[Word], ctx: TableCtx) -> bool:
    """The words start with a price or amount label ("Unit price:", "Einzelpreis"): no unit word."""
    hit = next((h for h in ctx.header.segment(words, ctx.fuzzy) if h.start == 0), None)
    return hit is not None and hit.kind in ("unit_price", "amount") and hit.end > 1


def _code_label(words: list[Word]) -> bool:
    """The words start with an item code after its label ("SKU SD-12256"): no unit word."""
    match = CODE_LABEL.match(" ".join(w.text for w in words[:4]))
    return match is not None and match.start("code") > len(words[0].text)


def _priced(rest: list[Word], cells: dict[str, list[Word]], ctx: TableCtx) -> list[Word]:
    """The words after a card's quantity and unit, their price and amount put in ``cells``: a
    price or amount label and its number anywhere ("Total : 46,80 €"), else the number ending the
    row (the line amount); the other words returned."""
    out: list[Word] = []
    k = 0
    while k < len(rest):
        hit = next((h for h in ctx.header.segment(rest[k:], ctx.fuzzy) if h.start == 0), None)
        value = _card_number(rest[k + hit.end:], ctx) if hit and hit.kind in ("unit_price", "amount") else None
        if hit and value and hit.kind not in cells:
            cells[hit.kind] = value
            k += hit.end + sum(1 for w in rest[k + hit.end:] if w.text == ":" and w.x0 < value[0].x0) + len(value)
            continue
        out.append(rest[k])
        k += 1
    if "amount" not in cells:
        for start in range(len(out)):
            tail = out[start:]
            if all(re.fullmatch(r"[^\w]*\d[\d.,]*[^\w]*|[^\w\s]{1,3}|[A-Z]{3}", w.text) for w in tail) \
                    and cell_number(tail, ctx) is not None:
                cells["amount"], out = tail, out[:start]
                break
    return out

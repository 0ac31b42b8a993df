"""The header row of a line table: the column titles it names (one row, a title cut at its cell's
edge, or titles wrapped inside their cells over two lines), and a header printed apart from its
item columns."""

from __future__ import annotations

from dataclasses import replace

import re

from extractors.capture.layout_spec import NUMERIC_KINDS, PACK_QUANTITY_TITLES
from extractors.capture.money_signs import CODES, SIGNS
from extractors.capture.store_column import is_site_title
from extractors.capture.table_cells import Column, TableCtx
from extractors.capture.words import Row, Word, typical_height
from extractors.units import unit_word

def _clipped_titles(words: tuple[Word, ...], ctx: TableCtx) -> tuple[Word, ...]:
    """A title cut at its cell's edge and run into the next one ("EinzelpreiGesamtpreis", a sheet
    exported to PDF): split where the rest is a title and the part before it begins titles of one
    kind only; that part stands for its title."""
    out: list[Word] = []
    for n, w in enumerate(words):
        nxt = words[n + 1] if n + 1 < len(words) else None
        if nxt is not None and nxt.x0 - w.x1 < 0.3 * (w.y1 - w.y0) and (title := ctx.header.completion(w.text)) \
                and ctx.header.find([nxt], 0, False) and not _is_title(w.text + nxt.text, w, ctx) \
                and not _title_goes_on(w, nxt, ctx):
            out.append(Word(title, w.x0, w.y0, w.x1, w.y1, w.conf, w.page))  # cut short by the next title
            continue
        text, split, title = w.text, None, None
        for cut in range(3, len(text) - 3):
            head, tail = text[:cut], text[cut:]
            if tail[:1].isupper() and head[-1:].islower() and _is_title(tail, w, ctx) \
                    and (title := ctx.header.completion(head) or (head if _is_title(head, w, ctx) else None)):
                split = cut  # "EinzelpreiGesamtpreis"; "PriceAmount": two whole titles run together
                break
        if split is None or title is None:
            out.append(w)
            continue
        x = w.x0 + (w.x1 - w.x0) * split / len(text)
        out += [Word(title, w.x0, w.y0, x, w.y1, w.conf, w.page), Word(text[split:], x, w.y0, w.x1, w.y1, w.conf, w.page)]
    return tuple(out)


def _title_goes_on(word: Word, nxt: Word, ctx: TableCtx) -> bool:
    """``nxt`` is the next word of the title ``word`` begins ("Direct" "Unit" of Business Central's "Direct Unit Cost
    Excl. Tax"): the title printed whole, not cut short at its cell's edge."""
    text = f"{word.text} {nxt.text}"
    return _is_title(text, word, ctx) or ctx.header.completion(text) is not None


def _is_title(text: str, word: Word, ctx: TableCtx) -> bool:
    hit = ctx.header.find([Word(text, 0, 0, 1, 1, 1.0, word.page)], 0, False)
    return hit is not None and hit.score == 1.0


_MARK_WORD = re.compile(r"^[(\[/]?(?:in\s*)?(?P<mark>[^\s()\[\]/]+)[)\]]?$", re.IGNORECASE)
_MONEY_KINDS = ("unit_price", "amount")


# An ERP's currency qualifiers: local / foreign / system currency ("Total (LC)"), Haus- / Fremdwährung ("Gesamt (HW)").
CURRENCY_QUALIFIERS = frozenset({"LC", "FC", "SC", "HW", "FW", "DC"})


def _money_mark(token: str) -> bool:
    """A currency code or sign as printed after or under a price title: "EUR", "(USD)", "[€]", "in CHF",
    "(LC)" (the ERP's local currency)."""
    found = _MARK_WORD.match(token.strip())
    return found is not None and (found["mark"].upper() in CODES or found["mark"].lower() in SIGNS
                                  or (found["mark"] in CURRENCY_QUALIFIERS and token.strip().startswith("(")))


def _currency_free(words: tuple[Word, ...], ctx: TableCtx) -> tuple[Word, ...]:
    """Price titles without the currency printed after or under them ("Einzelpreis EUR", "Prix
    unitaire CHF", "Unit Price (USD)", "Gesamtpreis" over "EUR" in one ruled cell): the title alone,
    so the column is named; a currency word standing alone right after a price title is dropped."""
    out: list[Word] = []
    for w in words:
        tokens = re.split(r"[\s/]+", w.text.strip())
        while len(tokens) > 1 and _money_mark(tokens[-1]):
            tokens.pop()
        if len(tokens) > 1 and tokens[-1].lower() == "in":
            tokens.pop()  # "Preis in EUR"
        rest = " ".join(tokens)
        if rest != w.text.strip() and _money_title(rest, w, ctx):
            out.append(Word(rest, w.x0, w.y0, w.x1, w.y1, w.conf, w.page))
        elif out and _money_mark(w.text) and _money_title(out[-1].text, out[-1], ctx) \
                and w.x0 - out[-1].x1 < 1.5 * (w.y1 - w.y0):
            last = out[-1]
            out[-1] = Word(last.text, last.x0, last.y0, max(last.x1, w.x1), last.y1, last.conf, last.page)
        else:
            out.append(w)
    return tuple(out)


def _money_title(text: str, word: Word, ctx: TableCtx) -> bool:
    hit = ctx.header.find([Word(t, 0, 0, 1, 1, 1.0, word.page) for t in text.split()], 0, False)
    return hit is not None and hit.kind in _MONEY_KINDS


# Words that say whose a quantity or a price is ("Our Qty", "Your Price", "Notre prix"): the title after them names the column
QUALIFIERS = frozenset({"our", "your", "notre", "votre", "unsere", "unser", "ihre", "ihr"})
_QUALIFIED_KINDS = frozenset({"quantity", "uom", "unit_price", "amount", "description", "requested_date"})


def _qualified_titles(words: tuple[Word, ...], ctx: TableCtx) -> tuple[Word, ...]:
    """A cell's title of a qualifier and a known title ("Our Qty", "Your Unit Price"): the title alone. A
    code title keeps its qualifier ("Our Part No." is the buyer's number, a title of its own)."""
    out = []
    for w in words:
        tokens = w.text.split()
        rest = [Word(t, 0, 0, 1, 1, 1.0, w.page) for t in tokens[1:]]
        hit = ctx.header.find(rest, 0, False) if len(tokens) > 1 and tokens[0].lower() in QUALIFIERS else None
        if hit is not None and hit.end == len(rest) and hit.kind in _QUALIFIED_KINDS \
                and ctx.header.find([Word(t, 0, 0, 1, 1, 1.0, w.page) for t in tokens], 0, False) is None:
            w = Word(" ".join(tokens[1:]), w.x0, w.y0, w.x1, w.y1, w.conf, w.page)
        out.append(w)
    return tuple(out)


def _title_row(row: Row, ctx: TableCtx) -> Row:
    """The header row with its titles made whole: cut at a cell's edge, run together, followed by
    their currency, after a qualifier ("Our Qty")."""
    words = _qualified_titles(_currency_free(_clipped_titles(row.words, ctx), ctx), ctx)
    if row.cells:  # a title cut short by its ruled cell's edge, alone in it ("Prix unitair")
        words = tuple(Word(title, w.x0, w.y0, w.x1, w.y1, w.conf, w.page)
                      if (title := ctx.header.completion(w.text)) else w for w in words)
    return Row(row.page, words, row.phrases, row.cells) if words != row.words else row


_CODE_KINDS = frozenset({"code", "customer_item", "supplier_item", "gtin"})


# A price title for a number of units ("Price per 100", "Preis pro 100 Stück", "Prix pour 100", "Preis/100")
_PER_N = re.compile(r"^(?P<title>.*?\S)\s*(?:\s(?:per|pro|pour|par|je)\s+|/\s*)(?P<basis>\d{1,5})(?:\s+(?P<unit>\S+))?$",
                    re.IGNORECASE)


def _price_per_titles(row: Row, ctx: TableCtx) -> tuple[Row, dict[float, tuple[int, str]]]:
    """A price column's title naming the number of units its prices are for ("Price per 100", "Prix pour 100
    pièces"): the title alone, and the basis by the column's left edge. Only a whole price title before the word
    "per" and a count, at most a unit word after it; the words one phrase (no gap of a column). A count of 1 with no unit
    word ("Preis pro 1", "Price per 1") is the price of one unit: the title alone, no basis, only when it ends its
    phrase ("Prix pour 1 000", "Preis pro 1 Karton", "Preis pro 1 Stk." stay unread, never cut to "Prix pour 1")."""
    words, out, bases, i = row.words, [], {}, 0
    while i < len(words):
        found = None
        for j in range(min(len(words), i + 6), i, -1):
            group = words[i:j]
            if row.cells and len(group) > 1:  # a ruled cell's words are one word: never join two cells
                continue
            if any(b.x0 - a.x1 > 1.2 * (a.y1 - a.y0) for a, b in zip(group, group[1:])):
                continue
            m = _PER_N.match(" ".join(w.text for w in group))
            if not m or int(m["basis"]) < 1 or (int(m["basis"]) == 1 and (m["unit"] or _phrase_goes_on(row, j))) \
                    or (m["unit"] and not unit_word(m["unit"].strip(".:"), ctx.spec.units, known_only=True)):
                continue
            tokens = [Word(t, 0, 0, 1, 1, 1.0, group[0].page) for t in m["title"].split()]
            hit = ctx.header.find(tokens, 0, False)
            if hit is not None and hit.kind == "unit_price" and hit.end == len(tokens):
                found = j, Word(m["title"], group[0].x0, min(w.y0 for w in group), group[-1].x1,
                                max(w.y1 for w in group), min(w.conf for w in group), group[0].page), \
                    (int(m["basis"]), (m["unit"] or "").strip(".:"))
                break
        if found is None:
            out.append(words[i])
            i += 1
            continue
        i, title, basis = found
        out.append(title)
        if basis[0] > 1:  # "Preis pro 1": the price of one unit, the title alone (no basis to note)
            bases[title.x0] = basis
    return (Row(row.page, tuple(out), row.phrases, row.cells) if tuple(out) != words else row), bases


def _phrase_goes_on(row: Row, j: int) -> bool:
    """A word follows word ``j - 1`` in its phrase ("Prix pour 1 000", "Preis pro 1 Karton", "Preis pro 1 Stk."): a
    count of 1 there is no whole title "Preis pro 1" (only a group that ends its phrase or its ruled cell may be)."""
    if row.cells or j >= len(row.words):
        return False
    a, b = row.words[j - 1], row.words[j]
    return b.x0 - a.x1 <= 1.2 * (a.y1 - a.y0)


def header_columns(row: Row, ctx: TableCtx) -> list[Column] | None:
    row, bases = _price_per_titles(_title_row(row, ctx), ctx)
    cols = _header_columns(row, ctx)
    if cols is None or not bases:
        return cols
    return [replace(c, basis=bases[c.x0]) if c.kind == "unit_price" and c.x0 in bases else c for c in cols]


def _header_columns(row: Row, ctx: TableCtx) -> list[Column] | None:
    hits = ctx.header.segment(row.words, ctx.fuzzy)
    if row.cells and len(row.cells) == len(row.words) and (
            any(h.end - h.start > 1 for h in hits) or _cells_unread(row, hits)):
        hits = _cell_by_cell(row, ctx)  # "Unit" | "Price": two ruled cells, two titles, not "Unit Price"
    kinds = {h.kind for h in hits if h.kind not in ("ignore", "discount", "price_basis")}
    if (len(kinds) < ctx.spec.table.min_kinds and not _titles_only(row, hits, kinds)) or not kinds & NUMERIC_KINDS:
        return None
    if not kinds & {"code", "customer_item", "supplier_item", "gtin", "description"}:
        return None
    cols, seen = [], set()
    coded = bool(kinds & _CODE_KINDS)
    position = _item_as_position(hits, kinds)
    named = _named_item(row, hits, kinds) if position is None else None
    folded = _one_cell_titles(row, hits)
    packs = _pack_count_beside_quantity(row, hits)
    gross = _subtotal_before_net(row, hits)
    for h in hits:
        kind = "ignore" if h.kind in seen or h is packs or h is gross else h.kind
        if id(h) in folded:  # "Article / Désignation": one cell, its code over its name (read from the description)
            continue
        if h is named:  # "Artikel | Art.-Nr.": the article's name, then its number
            cols.append(Column("description", row.words[h.start].x0, max(w.x1 for w in row.words[h.start:h.end]), h.score))
            continue
        if h is position:  # SAP's "Item | Material": the item's position (00010), then its code
            words = row.words[h.start:h.end]
            cols.append(Column("line_no", words[0].x0, max(w.x1 for w in words), h.score))
            continue
        if h.kind == "code" and "code" in seen and "supplier_item" in kinds and "customer_item" not in seen:
            kind = "customer_item"  # "Item | Supplier Part Num | Part Number": the buyer's own number beside ours
            seen.add("customer_item")
        if h.kind == "line_no" and "line_no" in seen and not coded:
            kind, coded = "code", True  # "# | No.": the item number beside the position ("Item" / "No." wrapped)
        if h is not packs:
            seen.add(h.kind)
        words = row.words[h.start:h.end]
        left = min([words[0].x0] + [row.words[f.start].x0 for f in hits if folded.get(id(f)) is h])
        cols.append(Column(kind, left, max(w.x1 for w in words), h.score))
    titled = [w for h in hits for w in row.words[h.start:h.end]]
    # an OCR'd title of no known word may be a known one misread ("Gty"): only a text layer's names a column
    cols += _unnamed_cells(row, titled) if row.cells else [] if ctx.fuzzy else _unnamed_titles(row, titled, cols, ctx)
    return sorted(cols, key=lambda c: c.x0)


_SUBTOTAL_TITLES = frozenset({"zwischensumme", "teilsumme", "subtotal", "sub-total", "sous-total", "sous-total ht"})


def _subtotal_before_net(row: Row, hits: list):
    """A line's subtotal title followed by a discount and another amount title ("Stückpreis | Zwischensumme |
    Rabatt | Nettobetrag"): the subtotal is the value before the discount, the later amount is the line's; the
    subtotal's title, or None."""
    amounts = [h for h in hits if h.kind == "amount"]
    if len(amounts) < 2 or not any(h.kind == "discount" for h in hits):
        return None
    first = amounts[0]
    text = " ".join(w.text for w in row.words[first.start:first.end]).lower().strip(" :")
    return first if text in _SUBTOTAL_TITLES else None


def _unnamed_titles(row: Row, named: list[Word], cols: list[Column], ctx: TableCtx) -> list[Column]:
    """The titles of an unruled header row that name no known column ("Bemerkung", "Emplacement", "Buyer note":
    a wide sheet's booking columns between the items and their prices), each a phrase of words apart from the
    known titles, between the first and the last of them: columns to ignore, so their values do not run into
    the neighbouring column (a unit "BX Emplacement 1", a price "Bemerkung 1 24,50")."""
    if len(cols) < 2:
        return []
    ids = {id(w) for w in named}
    lo, hi = min(c.x1 for c in cols), max(c.x0 for c in cols)
    return [Column("ignore", p.words[0].x0, p.words[-1].x1, 1.0, site=is_site_title(p.text)) for p in row.phrases
            if not any(id(w) in ids for w in p.words) and lo < p.words[0].x0 and p.words[-1].x1 < hi
            and all(any(ch.isalpha() for ch in w.text) and not any(ch.isdigit() for ch in w.text) for w in p.words)
            and not _names_a_known_title(p.words, ctx)]


def _names_a_known_title(words: tuple[Word, ...], ctx: TableCtx) -> bool:
    """Whether a title the header's reading did not take names a known column in its parts ("Preis/ME": the price
    per unit, whose values are then read by their type): never a column to ignore (its prices were lost)."""
    parts = [Word(t, w.x0, w.y0, w.x1, w.y1, w.conf, w.page) for w in words for t in re.split(r"[/|]+", w.text) if t]
    return any(h.kind != "ignore" for h in ctx.header.segment(parts, ctx.fuzzy))


def _cells_unread(row: Row, hits: list) -> bool:
    """A ruled header cell of several words that no title read whole ("N° article / Description", "Total (DI)"):
    its words are read one by one (``_cell_by_cell``)."""
    covered = {n for h in hits for n in range(h.start, h.end)}
    return any(n not in covered and " " in w.text.strip() for n, w in enumerate(row.words))


def _cell_by_cell(row: Row, ctx: TableCtx) -> list:
    """The titles of a ruled header row read cell by cell: a title never runs over its cell's rule. A cell of
    several words no title names whole is read word by word, its titles the cell's own: "N° article / Description"
    (SAP Business One: the code over its name in one cell) is the description's column, the code read in it;
    "Total (DI)" the amount's."""
    hits = []
    for n, word in enumerate(row.words):
        found = ctx.header.segment((word,), ctx.fuzzy)
        if not found and " " in word.text.strip():
            parts = _split_word(word)
            inner = [h for h in ctx.header.segment(parts, ctx.fuzzy) if h.kind != "ignore"]
            covered = {m for h in inner for m in range(h.start, h.end)}
            if any(m not in covered and not _CELL_QUALIFIER.fullmatch(p.text) for m, p in enumerate(parts)):
                inner = []  # "Value incl. VAT", "Gross value": a title of words we do not know is no known column
            kinds = {h.kind for h in inner}
            if len(kinds) == 1:
                found = [replace(inner[0], start=0, end=1)]
            elif kinds == {"code", "description"} and any(p.text == "/" or p.text.endswith("/") for p in parts):
                found = [replace(next(h for h in inner if h.kind == "description"), start=0, end=1)]
        hits += [replace(h, start=h.start + n, end=h.end + n) for h in found]
    return hits


_CELL_QUALIFIER = re.compile(r"/|\([^\W\d_]{1,4}\)")  # "N° article / Description", "Total (DI)", "Total (LC)"


def _split_word(word: Word) -> tuple[Word, ...]:
    """A cell's word of several words split at its spaces, each given its share of the cell's width."""
    texts = word.text.split()
    per = (word.x1 - word.x0) / max(len(word.text), 1)
    out, at = [], word.x0
    for text in texts:
        start = word.x0 + word.text.index(text, int(round((at - word.x0) / per)) if per else 0) * per
        out.append(Word(text, start, word.y0, start + len(text) * per, word.y1, word.conf, word.page))
        at = start + len(text) * per
    return tuple(out)


def _pack_count_beside_quantity(row: Row, hits: list):
    """The quantity title counting packs ("Cases", "Colis", "Gebinde") when a plain quantity title ("Quantity",
    "Menge", "Qté") is in the same header: the number of packs is no quantity ordered ("Cases | Units/Case |
    Quantity": 5 cases of 12 are 60, and 60 is what goes out)."""
    quantities = [h for h in hits if h.kind == "quantity"]
    text = {id(h): " ".join(w.text for w in row.words[h.start:h.end]).lower().strip(" :") for h in quantities}
    packs = [h for h in quantities if text[id(h)] in PACK_QUANTITY_TITLES]
    plain = [h for h in quantities if text[id(h)] not in PACK_QUANTITY_TITLES]
    return packs[0] if packs and plain else None


def _item_as_position(hits: list, kinds: set[str]):
    """The "Item" title of an ERP print that names the code column after it ("Item | Material | Description":
    SAP's item is the position, 00010, 00020) and no position column: that hit, else None."""
    codes = [h for h in hits if h.kind == "code"]
    if "line_no" in kinds or len(codes) < 2 or codes[0].label != "item" or codes[1].label not in _SAP_CODES:
        return None
    return codes[0]


_SAP_CODES = frozenset({"material", "materialnummer", "mat.-nr.", "article", "artikel", "part number", "part no."})


NUMBER_TITLE = re.compile(r"(?i)(?:n[r°º]|no\b|#|num|code|r[ée]f|sku|\bid\b)")  # "Art.-Nr.", "Item No.", "Réf.", "Part #"


def _named_item(row: Row, hits: list, kinds: set[str]):
    """Two code titles and no description's: "Artikel | Art.-Nr.", "Article | Item No.", "Art.-Nr. | Artikel". The
    title that names a number is the code's; the other ("Artikel", "Article", "Item") names the article itself:
    its column is the description (its cells are names), not a second code column dropped. None otherwise."""
    codes = [h for h in hits if h.kind == "code"]
    if "description" in kinds or len(codes) != 2:
        return None
    numbered = [bool(NUMBER_TITLE.search(" ".join(w.text for w in row.words[h.start:h.end]))) for h in codes]
    return codes[numbered.index(False)] if numbered.count(True) == 1 else None


def _one_cell_titles(row: Row, hits: list) -> dict[int, object]:
    """A code's title and a description's joined by a slash, "Article / Désignation", "Artikel/Bezeichnung": one
    cell holding the code on a line of its own above the name (Lexware, Sage), not two columns split between
    them. The code title's hit (by id) -> the description's it folds into."""
    out: dict[int, object] = {}
    for a, b in zip(hits, hits[1:]):
        between = [w.text.strip() for w in row.words[a.end:b.start]]
        slash = between == ["/"] or (not between and (row.words[a.end - 1].text.endswith("/")
                                                       or row.words[b.start].text.startswith("/")))
        if slash and {a.kind, b.kind} == {"code", "description"}:
            code, desc = (a, b) if a.kind == "code" else (b, a)
            out[id(code)] = desc
    return out


def _titles_only(row: Row, hits: list, kinds: set[str]) -> bool:
    """A two-column header of an item and a quantity ("Article | Quantité", an unpriced letter's
    table): two titles apart and nothing else on the row."""
    covered = sum(h.end - h.start for h in hits)
    two = len(kinds) == 2 and covered == len(row.words) and len(row.phrases) == 2
    # a web shop's "Product | Price": the quantity is in the product cell ("Toner black × 2"; see table.py)
    shop = len(kinds & {"unit_price", "amount"}) == 1 and len(kinds & (_CODE_KINDS | {"description"})) == 1
    return two and ("quantity" in kinds or shop)


def _unnamed_cells(row: Row, named: list[Word]) -> list[Column]:
    """The cells of a ruled header row whose title is no known column ("Colisage", "Poids"): columns
    to ignore, so their values do not run into the neighbouring column."""
    out = []
    for x0, x1 in row.cells:
        inside = [w for w in row.words if x0 <= (w.x0 + w.x1) / 2 < x1]
        if inside and not any(x0 <= (w.x0 + w.x1) / 2 < x1 for w in named):
            out.append(Column("ignore", inside[0].x0, max(w.x1 for w in inside), 1.0,
                              site=is_site_title(" ".join(w.text for w in inside))))
    return out


def stacked_header(rows: list[Row], i: int, ctx: TableCtx) -> tuple[list[Column] | None, int]:
    """A header whose labels wrapped inside their cells ("Unit" over "Price" beside one-line
    labels, centred in their row): the rows just above and below that overlap this one and whose
    words all sit in its gaps join it, the words of one gap stacked side by side. The columns of the
    joined row and the index of the last row it took (``i`` when none joined)."""
    row = rows[i]
    if row.cells or len(row.words) < 2:
        return None, i
    taken: list[Word] = []
    last = i
    for j in (i - 1, i + 1):
        if not 0 <= j < len(rows) or rows[j].page != row.page or rows[j].cells:
            continue
        other = rows[j]
        if other.y0 >= row.y1 or other.y1 <= row.y0 or not all(_in_gap(w, row.words) for w in other.words):
            continue
        taken.extend(other.words)
        last = max(last, j)
    if not taken:
        return None, i
    words = sorted(row.words, key=lambda w: w.x0)
    extra: dict[int, list[Word]] = {}
    for w in sorted(taken, key=lambda w: (w.y0, w.x0)):
        extra.setdefault(sum(1 for h in words if h.x0 < w.x0), []).append(w)
    merged = Row(row.page, tuple(w for k, h in enumerate(words) for w in (*extra.get(k, ()), h))
                 + tuple(extra.get(len(words), ())))
    columns = header_columns(merged, ctx)
    return (columns, last) if columns else (None, i)


def _in_gap(word: Word, words: tuple[Word, ...]) -> bool:
    return not any(w.x0 < word.x1 and word.x0 < w.x1 for w in words)


def detached_header(row: Row, ctx: TableCtx) -> bool:
    """Column headers of the line table with no item column ("Line Total  Delivery" alone):
    the rest of the table printed apart, whose rows cannot be joined to their items."""
    kinds = {h.kind for h in ctx.header.segment(_title_row(row, ctx).words, ctx.fuzzy) if h.kind != "ignore"}
    return len(kinds) >= 2 and bool(kinds & NUMERIC_KINDS) and header_columns(row, ctx) is None


def wrapped_header(rows: list[Row], i: int, ctx: TableCtx) -> tuple[list[Column] | None, int]:
    """A header whose titles wrapped onto a second line, aligned at the top or the foot of their
    cells ("Unit" over "Price" beside "Description"; "Einzel-" over "preis"): the row right under
    ``i`` (touching it, no digit in either) joins it, the words of the two lines that overlap across
    them stacked as one title, a title broken after its hyphen joined ("Einzelpreis"). The columns
    and the index of the second line, or (None, ``i``)."""
    j = i + 1
    while ctx.fuzzy and j < len(rows) and rows[j].page == rows[i].page and _specks(rows[j]):
        j += 1  # OCR: a rule or speck read as "|" between the two lines
    if j >= len(rows):
        return None, i
    row, nxt = rows[i], rows[j]
    unit = typical_height(row.words)
    if nxt.page != row.page or row.cells or nxt.cells or not -0.3 * unit < nxt.y0 - row.y1 < 0.8 * unit:
        if not _centred_between(rows, i, j, unit):
            return None, i
        # "Unit" / "Price" and "Amount" / "EUR" with the one-line titles centred between their lines:
        # three rows, the middle one overlapping both
        columns = _stacked_columns(rows[i], rows[j:j + 2], ctx)
        return (columns, j + 1) if columns else (None, i)
    if any(c.isdigit() for r in (row, nxt) for w in r.words for c in w.text):
        return None, i
    columns = _stacked_columns(row, [nxt], ctx)
    last = _title_lines(rows, j, unit, ctx)
    if last > j:  # titles wrapped onto three or four lines at the foot of their cells ("Unit of" / "Measure" / "Code")
        deeper = _stacked_columns(row, rows[j:last + 1], ctx)
        if deeper and (not columns or _kinds(deeper) >= _kinds(columns)):
            return deeper, last
    return (columns, j) if columns else (None, i)


MAX_TITLE_LINES = 4  # a long title wrapped in a narrow cell ("Direct Unit Cost" / "Excl." / "VAT")


def _title_lines(rows: list[Row], j: int, unit: float, ctx: TableCtx) -> int:
    """The last of the rows after ``j`` that go on a wrapped header: each touching the one above, on its page,
    no digit, no ruled cells; at most ``MAX_TITLE_LINES`` lines in all."""
    last = j
    while last + 1 < len(rows) and last + 2 - j < MAX_TITLE_LINES:
        above, nxt = rows[last], rows[last + 1]
        if nxt.page != above.page or nxt.cells or not -0.3 * unit < nxt.y0 - above.y1 < 0.8 * unit \
                or any(c.isdigit() for w in nxt.words for c in w.text):
            break
        titles = [w for r in rows[j - 1:last + 1] for w in r.words]
        alone = [w for w in nxt.words if not any(min(w.x1, t.x1) > max(w.x0, t.x0) for t in titles)]
        if alone and sum(h.end - h.start for h in ctx.header.segment(alone, ctx.fuzzy)) < len(alone):
            break  # words under no title, themselves no title: an item's text (a description wrapped onto a new page)
        last += 1
    return last


def _kinds(columns: list[Column]) -> tuple[int, int]:
    """Column kinds named (an ignored column aside), then price and amount columns among them."""
    kinds = {c.kind for c in columns} - {"ignore"}
    return len(kinds), len(kinds & {"unit_price", "amount"})


def _centred_between(rows: list[Row], i: int, j: int, unit: float) -> bool:
    """Rows ``i``, ``j`` and ``j + 1`` are one header of titles wrapped onto two lines and one-line titles
    centred between them: each row overlaps the next, the first and last touch, no digit in any."""
    if j + 1 >= len(rows):
        return False
    a, b, c = rows[i], rows[j], rows[j + 1]
    if len({a.page, b.page, c.page}) > 1 or a.cells or b.cells or c.cells:
        return False
    if not (b.y0 < a.y1 and c.y0 < b.y1 and -0.3 * unit < c.y0 - a.y1 < (2.2 if _three_lines(a, b, c) else 0.8) * unit):
        return False
    return not any(ch.isdigit() for r in (a, b, c) for w in r.words for ch in w.text)


def _three_lines(a: Row, b: Row, c: Row) -> bool:
    """A title wrapped onto three lines whose middle line is on the middle row ("Prix" / "unitaire" /
    "HT" beside one-line titles): a word of ``b`` under a word of ``a`` and over a word of ``c``. The
    rows then lie a line further apart, and a pixel more or less of skew must not split the header."""
    return any(any(t.x0 < m.x1 and m.x0 < t.x1 for t in a.words) and any(u.x0 < m.x1 and m.x0 < u.x1 for u in c.words)
               for m in b.words)


def _stacked_columns(row: Row, below: list[Row], ctx: TableCtx) -> list[Column] | None:
    """The columns of a header whose words on ``row`` and the rows ``below`` stack where they overlap."""
    stacks: list[tuple[list[Word], list[Word]]] = [(p, []) for p in _phrases(row)]  # (top line, lines under it)
    line_of = {id(w): k for k, r in enumerate(below) for w in r.words}  # a title read line by line
    for phrase in (p for r in below for p in _phrases(r)):
        over = [s for s in stacks if any(t.x0 < w.x1 and w.x0 < t.x1 for t in s[0] + s[1] for w in phrase)]
        stacks = [s for s in stacks if s not in over]
        stacks.append(([t for s in over for t in s[0]], [b for s in over for b in s[1]] + phrase))
    words: list[Word] = []
    for top, bottom in sorted(stacks, key=lambda s: min(w.x0 for w in s[0] + s[1])):
        top, bottom = sorted(top, key=lambda w: w.x0), sorted(bottom, key=lambda w: (line_of[id(w)], w.x0))
        broken = _broken_title(top[-1].text, bottom[0].text, ctx) if top and bottom else None
        if broken:
            a, b = top.pop(), bottom.pop(0)  # "Einzel-" / "preis", "Bezeichnu" / "ng"
            top.append(Word(broken, min(a.x0, b.x0), a.y0, max(a.x1, b.x1), b.y1, min(a.conf, b.conf), a.page))
        words += top + bottom
    return header_columns(Row(row.page, tuple(words)), ctx)


SPACE = 0.4  # word heights: words of one title on a header line are no further apart


def _phrases(row: Row) -> list[list[Word]]:
    """The words of a header line grouped into titles: "Supplier Part" over "Num", "Direct Unit" over "Cost
    Excl.", words at a space's distance one title, not a stack of their own under each word above."""
    phrases: list[list[Word]] = []
    for w in sorted(row.words, key=lambda w: w.x0):
        last = phrases[-1][-1] if phrases else None
        if last is not None and 0 <= w.x0 - last.x1 < SPACE * max(w.height, 1.0):
            phrases[-1].append(w)
        else:
            phrases.append([w])
    return phrases


def _specks(row: Row) -> bool:
    return all(len(w.text.strip()) <= 1 and not w.text.strip().isalnum() for w in row.words)


def _broken_title(top: str, bottom: str, ctx: TableCtx) -> str | None:
    """A title broken inside its cell: after a hyphen ("Einzel-" / "preis"), or anywhere in a narrow
    cell ("Bezeichnu" / "ng", "Gesamtprei" / "se") when the first part begins titles of one kind."""
    if not bottom[:1].islower():
        return None
    if top.endswith("-"):
        return top[:-1] + bottom
    whole = top + bottom
    if _is_title(whole, Word(whole, 0, 0, 1, 1, 1.0, 1), ctx):
        return whole
    return ctx.header.completion(top) if len(bottom) <= 3 else None


def stacked_money_titles(rows: list[Row], i: int, start: int, columns: list[Column],
                         ctx: TableCtx) -> tuple[list[Column], int]:
    """A header whose price or amount titles wrapped over two or three lines set higher or lower than
    the one-line titles (a browser's table faxed: "Prix" / "unitaire" / "HT" and "Montant" / "HT" beside
    "Quantité | Unité"), so the header rows read without them: the words beside the named columns,
    on the header's rows and the lines just above and under them, stacked where they overlap, that
    read top to bottom as a price or amount title name that column. The columns, and the first row
    of items (past a title's last line read as a row of its own)."""
    kinds = {c.kind for c in columns}
    if not kinds & {"quantity", "uom"}:
        return columns, start
    head = rows[i]
    unit = typical_height(head.words)
    top, foot = head.y0 - 2.5 * unit, rows[start - 1].y1 + 2.5 * unit
    near = [j for j in range(max(0, i - 2), min(len(rows), start + 2))
            if rows[j].page == head.page and not rows[j].cells and rows[j].y0 >= top and rows[j].y1 <= foot
            and not any(ch.isdigit() for w in rows[j].words for ch in w.text)]
    right = max((c.x1 for c in columns if c.kind in ("quantity", "uom", "description")), default=0.0)
    free = [(j, w) for j in near for w in rows[j].words
            if w.x0 > right and not any(c.x0 < w.x1 and w.x0 < c.x1 for c in columns)]
    stacks: list[list[tuple[int, Word]]] = []
    for j, w in sorted(free, key=lambda p: (p[1].y0, p[1].x0)):
        over = [s for s in stacks if any(t.x0 < w.x1 and w.x0 < t.x1 for _, t in s)]
        stacks = [s for s in stacks if s not in over]
        stacks.append([p for s in over for p in s] + [(j, w)])
    added: list[Column] = []
    for stack in sorted(stacks, key=lambda s: min(w.x0 for _, w in s)):
        words = [w for _, w in sorted(stack, key=lambda p: (p[1].y0, p[1].x0))]
        hit = ctx.header.find([Word(w.text, 0, 0, 1, 1, w.conf, w.page) for w in words], 0, ctx.fuzzy)
        if hit is None or hit.kind not in _MONEY_KINDS or hit.kind in kinds | {c.kind for c in added}:
            continue
        added.append(Column(hit.kind, min(w.x0 for w in words), max(w.x1 for w in words), hit.score))
    columns = sorted([*columns, *added], key=lambda c: c.x0)
    money = [c for c in columns if c.kind in _MONEY_KINDS]
    while money and start < len(rows) and start in near and rows[start].y0 < rows[start - 1].y1 + _reach(rows[start]) * unit \
            and all(w.x0 > right and _under_money(w, columns, unit) for w in rows[start].words) \
            and any(c.x0 < w.x1 and w.x0 < c.x1 for c in money for w in rows[start].words):
        start += 1  # "HT", "EUR netto": the last line of titles wrapped under the header, read as a row
    return columns, start


def _reach(row: Row) -> float:
    """Word heights of white over a title's last line read as a row of its own: a line's spacing for
    words and no digit ("excl. VAT" a browser set 1.5 lines under "price"), half a line else ("HT")."""
    return 1.0 if len(row.words) > 1 and not any(ch.isdigit() for w in row.words for ch in w.text) else 0.5


def _under_money(word: Word, columns: list[Column], unit: float) -> bool:
    """``word`` lies under a price or amount title: across it, or in that title's cell up to the next
    title ("excl. VAT" under "Unit" / "price", wider than the title's one word read on the header row)."""
    for n, c in enumerate(columns):
        if c.kind not in _MONEY_KINDS:
            continue
        if c.x0 < word.x1 and word.x0 < c.x1:
            return True
        end = columns[n + 1].x0 if n + 1 < len(columns) else c.x1 + 2 * unit
        if sum(ch.isalpha() for ch in word.text) >= 2 and c.x0 - 0.5 * unit <= word.x0 and word.x1 <= end:
            return True
    return False

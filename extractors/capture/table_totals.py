"""The total that closes a line table: a total label and its amount on the same row, on a row
printed half a line off it, or just under it; or, less sure, the amount column's own title and one
amount on a row under the table ("Betrag : 40.338,13 €")."""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.capture.table_cells import Grid, TableCtx, TableResult, TotalFound, end_hits, label_words, unglued
from extractors.capture.words import Row, Word
from extractors.capture.charges import adjustment_kind, is_tax, whole_label
from extractors.capture.block_sums import levy_or_rounding
from extractors.locale_values import fold, parse_number
from extractors.capture.totals_row import totals_row_spans
from gateway.model import Allowance

def row_parts(row: Row) -> list[Row]:
    """A totals block printed on one row ("Netto 131,70  MwSt 19 % 25,02  Brutto 156,72") as one row per part
    (``totals_row``), or [] when the row is no such block."""
    starts, at = [], 0
    for w in row.words:
        starts.append(at)
        at += len(w.text) + 1
    spans = totals_row_spans(row.text)
    parts = [tuple(w for w, s in zip(row.words, starts) if a <= s < b) for a, b, _part in spans]
    if len(parts) < 2 or sum(map(len, parts)) != len(row.words) or not all(parts):
        return []
    return [Row(row.page, part) for part in parts]


def read_totals_row(rows: list[Row], i: int, result: TableResult, grid: Grid | None, ctx: TableCtx,
                    adjustments: bool) -> bool:
    """A totals block printed on one row read part by part, as the rows of a totals block are (its total by
    ``read_total``, its tax and charges by ``read_adjustment`` when ``adjustments``); False when the row is no
    such block. Read whole, its last amount was taken as the total of the net's label (TOTAL-MISMATCH)."""
    parts = row_parts(rows[i])
    for part in parts:
        sub = [*rows[:i], part, *rows[i + 1:]]
        found = len(result.totals)
        read_total(sub, i, result, grid, ctx)
        if adjustments and len(result.totals) == found:
            read_adjustment(sub, i, result, ctx, priced=not result.totals)
    return bool(parts)


def read_total(rows: list[Row], i: int, result: TableResult, grid: Grid | None, ctx: TableCtx) -> None:
    row = rows[i]
    words = row_words = unglued(label_words(row))
    if _tax_total(words, result, ctx):
        return
    for hit in end_hits(words, ctx):
        if hit.kind != "total":
            continue
        after = list(words[hit.end:])
        found = _last_number(after, ctx) or (_last_number(_without_tail(after), ctx) if ctx.fuzzy else None)
        if found is None:
            found = _number_beside(rows, i, words[hit.end - 1], ctx)
        if found is None:
            found = _number_below(rows, i, words[hit.start], ctx)
        if found:
            value, strength, words = found
            conf = min(w.conf for w in words) * hit.score * strength
            result.totals.append(TotalFound(value, conf, tuple(words), ctx.total_rank.get(hit.label, len(ctx.total_rank)),
                                            net_label(hit.label), _label_text(row_words)))
            return
    if grid is not None:
        read_titled_total(row, result, ctx)


# a total with the tax in it: "Total incl. VAT", "Gesamtbetrag inkl. MwSt.", "Summe einschl. USt.", "Total VAT
# included", "Total TVA comprise", "Total TTC"
_WITH_TAX = re.compile(r"\b(?:incl?|inkl|inklusive|einschl|einschliesslich|including|inclusive|included|inclus|inclue"
                       r"|compris|comprise|ttc|brutto|gross|with|mit"
                       # a total said to be without the tax is a total too: "Summe exkl. MwSt.", "Total without VAT"
                       r"|exkl|exklusive|zzgl|zuzuglich|excl|excluding|exclusive|without|ohne|hors|ht|netto|net)\b")


def _label_text(words: list[Word]) -> str:
    """A total row's label: its words up to the first holding a digit ("Gesamtbetrag brutto", "Total TTC")."""
    n = next((k for k, w in enumerate(words) if any(c.isdigit() for c in w.text)), len(words))
    return " ".join(w.text for w in words[:n]).strip(" :")


def _tax_total(words: list[Word], result: TableResult, ctx: TableCtx) -> bool:
    """Whether ``words`` are a tax's total ("Total VAT 400.03", Sage's "Total Net Amount / Carriage / Total VAT /
    TOTAL"; "Total TVA", "Summe MwSt."): the tax a later total adds, never a total of the order. Added to the
    taxes; a total with the tax in it ("Total incl. VAT", "Total TTC") or without ("Total excl. VAT") is a total."""
    n = next((k for k, w in enumerate(words) if any(c.isdigit() for c in w.text)), len(words))
    label = " ".join(w.text for w in words[:n]).strip(" :")
    if n == 0 or n == len(words) or not is_tax(label) or net_label(label):
        return False
    if not any(h.kind == "total" for h in end_hits(words, ctx)):
        return False  # "VAT 20 %": a tax row the adjustments read
    folded = fold(label).lower()
    if _WITH_TAX.search(folded) or _GROSS_TOTAL.fullmatch(folded.strip(" :.")):
        return False
    found = _last_number(_no_rate(words[n:]), ctx)
    if found is None:
        return False
    result.taxes.append((found[0], (words[0].page, words[0].y0)))
    return True


def read_titled_total(row: Row, result: TableResult, ctx: TableCtx) -> bool:
    """Whether ``row`` is the amount column's title and one amount (see ``_under_amount_title``); its
    total is then added to ``result``."""
    found = _under_amount_title(label_words(row), ctx)
    if found:
        value, strength, words = found
        result.totals.append(TotalFound(value, strength * TITLED, tuple(words), len(ctx.total_rank)))
    return found is not None


TITLED = 0.9  # a total labelled by the amount column's own title


def _under_amount_title(words: list[Word], ctx: TableCtx) -> tuple[Decimal, float, list[Word]] | None:
    """"Montant HT : 32 284,50 €", "Betrag: 40.338,13 €" under the table: the amount column's title
    and one amount, nothing else on the row, is the sum of that column (the order's checks then
    compare it with the lines)."""
    hits = ctx.header.segment(words, ctx.fuzzy)
    if len(hits) != 1 or hits[0].kind != "amount" or hits[0].start != 0:
        return None
    after = [w for w in words[hits[0].end:] if w.text not in (":", "=")]
    found = _last_number(after, ctx)
    if found is None or len(found[2]) != sum(any(c.isdigit() for c in w.text) for w in after):
        return None
    return found if all(w in found[2] or not any(c.isalnum() for c in w.text) or _currency(w.text)
                        for w in after) else None


def _currency(text: str) -> bool:
    return text.strip(" .:").upper() in {"€", "$", "£", "EUR", "USD", "GBP", "CHF"}


_NET_WORDS = re.compile(r"\b(?:ht|htva|hors|net|netto|nettobetrag|nettosumme|excl\.?|ex\.?|before|ohne|warenwert"
                        r"|goods|marchandises|sous-total|subtotal|sub-total|zwischensumme|exkl\.?|exklusive|zzgl\.?"
                        r"|zuzuglich|excluding|exclusive|without)\b")


def net_label(label: str) -> bool:
    """Whether a total's label says the amount is before tax: then the lines (with the order's
    allowances and charges) must come to it, no VAT may hide a difference."""
    return bool(_NET_WORDS.search(label.lower()))


_GROSS_TOTAL = re.compile(r"(?:total|montant|net a payer|montant total) ttc|total (?:incl\.?|including) (?:vat|tax)"
                          r"|grand total|total due|brutto(?:betrag|summe)?|gesamtbetrag brutto|endbetrag|rechnungsbetrag"
                          r"|gesamt brutto|summe brutto|total amount incl\.? (?:vat|tax)")


def _no_rate(words: list[Word]) -> list[Word]:
    """The words of a totals row's amount without the rate printed before it ("TVA 20 % 170,50", "Remise 5 %
    -41,88"): "20 %" is no thousands group of the amount (20 170,50)."""
    out: list[Word] = []
    skip = False
    for k, w in enumerate(words):
        if skip:
            skip = False
            continue
        text = w.text.strip().strip("()")  # "(20 %)", "(20%)"
        if text.endswith("%"):
            continue
        if k + 1 < len(words) and words[k + 1].text.strip().startswith("%") and re.fullmatch(r"-?\d{1,2}(?:[.,]\d{1,2})?", text):
            skip = words[k + 1].text.strip().strip("()") == "%"
            continue
        out.append(w)
    return out


def _without_carrier(words: list[Word]) -> list[Word]:
    """A web shop's shipping amount with its method after it ("12,00 € via Forfait", "$9.90 via Flat rate",
    WooCommerce): the words before "via"."""
    at = next((k for k, w in enumerate(words) if k and w.text.lower() == "via"
               and any(c.isdigit() for v in words[:k] for c in v.text)), None)
    return words[:at] if at is not None else words


def _last_number(words: list[Word], ctx: TableCtx) -> tuple[Decimal, float, list[Word]] | None:
    """The last number among ``words``, thousands groups included ("1 234,56 EUR")."""
    for start in range(len(words)):
        chunk = words[start:]
        parsed = parse_number(" ".join(w.text for w in chunk), ctx.loc)
        if parsed:
            return parsed[0], parsed[1], [w for w in chunk if any(c.isdigit() for c in w.text)]
    return None


def _without_tail(words: list[Word]) -> list[Word]:
    """OCR: the words before a trailing speck or currency sign misread ("194,85 c" for "194,85 €")."""
    end = len(words)
    while end and len(words[end - 1].text) <= 2 and not any(c.isdigit() for c in words[end - 1].text):
        end -= 1
    return words[:end] if end < len(words) else []


def _number_beside(rows: list[Row], i: int, label: Word, ctx: TableCtx) -> tuple[Decimal, float, list[Word]] | None:
    """The number right of a label on a row printed half a line off it: the amount centred beside a
    label wrapped on two lines ("Zwischensumme" / "(netto)" with "13.160,00 €" between them)."""
    row = rows[i]
    for other in (rows[j] for j in (i + 1, i - 1) if 0 <= j < len(rows)):
        if other.page != row.page or other.y0 >= row.y1 or other.y1 <= row.y0:
            continue
        right = [w for w in other.words if w.x0 > label.x1]
        if right and len(right) == len(other.words) and (found := _last_number(right, ctx)):
            return found
    return None


def _number_below(rows: list[Row], i: int, label: Word, ctx: TableCtx) -> tuple[Decimal, float, list[Word]] | None:
    for row in rows[i + 1: i + 3]:
        if row.page != label.page:
            return None
        right = [w for w in row.words if w.x0 >= label.x0 - 2 * label.height]
        found = _last_number(right, ctx) if right else None
        if found:
            return found
    return None


CENT = Decimal("0.01")
_CENTS = re.compile(r"\d[.,]\d\d\b")


def charge_row(row: Row, cells: dict[str, list[Word]], result: TableResult, ctx: TableCtx,
               carried: Decimal | None = None) -> bool:
    """A row inside the item table that is a charge or a discount, not an item: its words a charge or
    discount phrase and nothing else ("Transport 18,50", "Fracht 24,00", "Remise fidélité -12,00"), its
    amount (the amount column's, else the row's last number) money; kept as the order's adjustment (the
    total check counts it), True. A "Transport" row whose amount is ``carried`` (the items' sum so far)
    carries it forward to the next page: no charge."""
    words = unglued(label_words(row))
    n = next((k for k, w in enumerate(words) if any(c.isdigit() for c in w.text)), len(words))
    if not result.lines or n == 0 or n == len(words):
        return False
    label = " ".join(w.text for w in words[:n]).strip(" :")
    if not whole_label(label):
        return False
    found = _money(cells.get("amount") or [], ctx) or _money(_no_rate(words[n:]), ctx)
    if found is None or found[0] == 0 or (carried is not None and abs(abs(found[0]) - carried) <= CENT):
        return False
    kind = adjustment_kind(label, found[0], money=True)  # ``_money``: with cents
    if kind is None:
        return False
    result.adjustments.append((Allowance(kind=kind, level="order", description=label, amount=abs(found[0])),
                               (row.page, row.y0)))
    return True


_CURRENCY = re.compile(r"^(?:[$€£]|eur|usd|gbp|chf)$|[$€£]", re.IGNORECASE)


def _written_as_money(number: list[Word], words: list[Word]) -> bool:
    """The number has cents, or a currency stands beside it ("15,00 €", "$35")."""
    return bool(_CENTS.search(number[-1].text)) or any(_CURRENCY.search(w.text) for w in words if w not in number)


def _money_position(number: list[Word], words: list[Word], label: str) -> bool:
    """The number of a totals block's row is an amount: written as money (cents, a currency beside it), or after a
    label that is a charge, discount, tax or total phrase and nothing else ("Shipping 15", "Remise 5 %")."""
    if _written_as_money(number, words):
        return True
    return whole_label(label) or is_tax(label) or bool(_TOTALISH.search(fold(label).lower()))


_TOTALISH = re.compile(r"\b(?:total|totaal|summe|gesamt\w*|betrag|montant|net|netto|brutto|ttc|ht|sous-total"
                       r"|subtotal|zwischensumme)\b")


def _money(words: list[Word], ctx: TableCtx) -> tuple[Decimal, float, list[Word]] | None:
    """The last number of ``words`` when it is money (with cents): not a count ("Delivery within 3 days")."""
    found = _last_number([Word(w.text.strip("()"), w.x0, w.y0, w.x1, w.y1, w.conf, w.page) for w in words], ctx)
    return found if found is not None and _CENTS.search(found[2][-1].text) else None


def read_adjustment(rows: list[Row], i: int, result: TableResult, ctx: TableCtx, priced: bool = False) -> None:
    """An order-level discount or charge of the totals block ("Remise commerciale 5 % -25,55 €",
    "Less: trade discount 5% (£33.60)", "Shipping $15.00"): its label, then its amount ending the row.
    ``priced``: a row between the items and the total ("Transport 1 18,50 18,50", "Fracht 24,00"), a
    charge only when its amount is money (cents), not a count ("Delivery within 3 days")."""
    row = rows[i]
    words = unglued(label_words(row))
    if not words or any(h.kind == "total" for h in end_hits(words, ctx)):
        return
    n = next((k for k, w in enumerate(words) if any(c.isdigit() for c in w.text)), len(words))
    if n == 0 or n == len(words):
        return
    found = _last_number([Word(w.text.strip("()"), w.x0, w.y0, w.x1, w.y1, w.conf, w.page)
                          for w in _no_rate(_without_carrier(words[n:]))], ctx)
    if found is None or found[0] == 0 or (priced and not _CENTS.search(found[2][-1].text)):
        return
    label = " ".join(w.text for w in words[:n]).strip(" :")
    if not _money_position(found[2], words, label):
        return  # "Delivery within 3 days", "Livraison bureau 12": a number in a sentence, no amount
    if _GROSS_TOTAL.fullmatch(fold(label).lower().strip(" :.")):  # "Total TTC 1 083,00": the net total plus its taxes
        result.gross.append((found[0], (row.page, row.y0)))
        return
    if is_tax(label):  # "Sales tax (5.6%) $50.57", "TVA 20 %": what a gross total adds
        result.taxes.append((found[0], (row.page, row.y0)))
        result.tax_labels[(row.page, row.y0)] = " ".join(w.text for w in words if w not in found[2])
        return
    kind = adjustment_kind(label, found[0], money=_written_as_money(found[2], words)) or levy_or_rounding(label, found[0])
    if kind == "rounding":  # cents on the amount to pay: added on top of the net as the taxes are
        result.taxes.append((found[0], (row.page, row.y0)))
        result.tax_labels[(row.page, row.y0)] = label
        return
    if kind:
        result.adjustments.append((Allowance(kind=kind, level="order", description=label, amount=abs(found[0])),
                                   (row.page, row.y0)))

"""Comparing what capture read with the ground truth of a generated order, and running the
whole capture chain the way the gateway would (for the benchmark and the tests).

``capture_document`` = extractor (pdf_text or ocr) -> customer from the sender hints ->
``score_order``; hints are what the core knows from the channel and the customer's master data
(sender, language, locale). ``compare`` gives one ``FieldCheck`` per compared field.

Fields: po_number, order_date, requested_delivery_date, total; per line sku (after matching),
quantity, uom (the unit word as printed, or one meaning the same UN/ECE unit), unit_price,
amount, and description (reported, not part
of "fully correct": the ERP orders by SKU).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from extractors.base import ExtractHints
from extractors.units import unit_code
from gateway.stages.item_matching import match_item, order_confidence, score_order
from gateway.reference.masterdata import MasterData
from gateway.model import DocType, ExtractedOrder, Extraction

CORPUS_TODAY = date(2026, 11, 23)  # the generated orders are dated in 2026
TESSERACT_LANG = {"fr": "fra", "de": "deu", "en": "eng"}
HEADER_FIELDS = ("po_number", "order_date", "requested_delivery_date", "total")
LINE_FIELDS = ("sku", "quantity", "uom", "unit_price", "amount")
REPORTED_ONLY = ("description",)


@dataclass(frozen=True)
class FieldCheck:
    field: str
    correct: bool
    confidence: float


@dataclass(frozen=True)
class Captured:
    order: ExtractedOrder | None
    skus: list[str | None]
    confidence: float
    doc_type: DocType
    customer_id: str | None
    units: list[str | None] = ()  # per line, the matched product's master-data unit (what the ERP receives
    # for a line printed without a unit: the gateway's mapping gives it the product's own)


def hints_for(truth: dict, channel: str, md: MasterData, mappings: Path) -> ExtractHints:
    """What the core knows before reading: the sender (fax number or e-mail address) and, from
    that customer's master data, the language and locale."""
    customer = md.customers[truth["customer_id"]]
    sender = customer.fax if channel.startswith("fax") else customer.sender_emails[0]
    locale = f"{customer.language}_{customer.country}"
    return ExtractHints(sender=sender, channel=channel, languages=(TESSERACT_LANG[customer.language],),
                        locale=locale, mappings_dir=mappings, templates_dir=mappings / "templates" / "samples")


def identify_customer(extraction: Extraction, md: MasterData, sender: str | None) -> str | None:
    for kind, value in (("fax", sender), ("email", sender), ("fax", extraction.sender_hints.get("fax")),
                        ("email", extraction.sender_hints.get("email"))):
        found = md.find_customer(kind, value)
        if found:
            return found.customer_id
    return None


def capture(extraction: Extraction, md: MasterData, sender: str | None,
            past_po_numbers: list[str] | None = None) -> Captured:
    """Score the order of an extraction as the validate stage would (with the customer's past PO
    numbers, as the journal would give them, when known)."""
    cid = identify_customer(extraction, md, sender)
    if extraction.doc_type != DocType.ORDER or not extraction.orders:
        return Captured(None, [], 0.0, extraction.doc_type, cid)
    order = score_order(extraction.orders[0], md, cid, today=CORPUS_TODAY, past_po_numbers=past_po_numbers or [])
    skus = [match_item(md, cid, ln.customer_item, ln.supplier_item, ln.gtin, ln.description).sku
            for ln in order.lines]
    units = [md.products[s].uom if s in md.products else None for s in skus]
    return Captured(order, skus, order_confidence(order), extraction.doc_type, cid, units)


def compare(truth: dict, got: Captured) -> list[FieldCheck]:
    """One check per header field, the line count, and each field of each truth line. Lines are
    paired in order by content, so one missed line does not make every later line wrong: a
    missed line's fields count wrong at confidence 0, an extra line counts as one wrong field."""
    order = got.order
    checks = []
    for f in HEADER_FIELDS:
        want = truth[f]
        have = getattr(order, f) if order else None
        same = _same(want, have)
        if f == "requested_delivery_date" and order and have is None and want is not None and order.lines:
            same = {ln.requested_date for ln in order.lines} == {_as_date(want)}  # an export dating its lines
        checks.append(FieldCheck(f, same, _conf(order.confidence if order else {}, f, have)))
    lines = order.lines if order else []
    checks.append(FieldCheck("line_count", len(lines) == len(truth["lines"]),
                             order.confidence.get("lines", 0.0) if order else 0.0))
    pairs = pair_lines(truth["lines"], lines, got.skus)
    for i, want in enumerate(truth["lines"]):
        j = pairs.get(i)
        line = lines[j] if j is not None else None
        for f in LINE_FIELDS + tuple(k for k in REPORTED_ONLY if k in want):  # a truth may name no description
            have = (got.skus[j] if j is not None else None) if f == "sku" else getattr(line, f, None)
            if f == "unit_price" and have is not None and line is not None and line.price_basis:
                have = have / line.price_basis  # a price per 100 ("PE" 100) is compared per unit
            conf = _conf(line.confidence if line else {}, f, have)
            same = _same(want[f], have) or (f == "uom" and _same_unit(want[f], have))
            if f == "uom" and have is None and j is not None and j < len(got.units) and got.units[j]:
                same = _same_unit(want[f], got.units[j])  # printed without a unit: the product's own goes out
            checks.append(FieldCheck(f, same, conf))
    for j in set(range(len(lines))) - set(pairs.values()):
        checks.append(FieldCheck("extra_line", False, lines[j].confidence.get("quantity", 0.0)))
    return checks


def _as_date(value: object) -> object:
    return date.fromisoformat(value) if isinstance(value, str) else value


def pair_lines(want: list[dict], have: list, skus: list[str | None]) -> dict[int, int]:
    """Truth line index -> extracted line index, in order, pairing lines that agree on at least
    two of SKU, quantity, unit price, amount, description."""
    pairs: dict[int, int] = {}
    j0 = 0
    for i, w in enumerate(want):
        for j in range(j0, min(len(have), j0 + 4)):
            agree = sum(_same(w[f], skus[j] if f == "sku" else getattr(have[j], f, None))
                        for f in ("sku", "quantity", "unit_price", "amount", "description") if f in w)
            if agree >= 2:
                pairs[i], j0 = j, j + 1
                break
    return pairs


def _conf(confidence: dict[str, float], field: str, have: object) -> float:
    if have is None:
        return 0.0
    return confidence.get(field, 0.0)


def _same_unit(want: object, have: object) -> bool:
    """Two unit words for the same UN/ECE unit ("Stk" read as "St"): what the ERP receives."""
    code = unit_code(str(want)) if want else None
    return code is not None and code == unit_code(str(have) if have else None)


def _same(want: object, have: object) -> bool:
    if want is None or have is None:
        return want is None and have is None
    if isinstance(have, Decimal):
        return Decimal(str(want)) == have
    if isinstance(have, date):
        return str(want) == have.isoformat()
    return " ".join(str(want).split()).lower() == " ".join(str(have).split()).lower()


def fully_correct(checks: list[FieldCheck]) -> bool:
    return all(c.correct for c in checks if c.field not in REPORTED_ONLY)

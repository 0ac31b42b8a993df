"""Comparing what capture read with the ground truth of a generated order, and running the
whole capture chain the way the gateway would (for the benchmark and the tests).

``capture_document`` = extractor (pdf_text or ocr) -> customer from the sender hints ->
``score_order``; hints are what the core knows from the channel and the customer's master data
(sender, language, locale). ``compare`` gives one ``FieldCheck`` per compared field. ``reader_for``
picks a document's reader as the gateway's registry does (a Word file, an image, a PDF, a sheet).

Fields: po_number, order_date, requested_delivery_date, total; per line sku (after matching),
quantity, uom and unit_price as the ERP receives them (``testkit.erp_values``: both the truth's and the read
line's unit made the product's unit through the gateway's unit table and conversions, the quantity and the price
with it; a line stating no price priced by its amount, as the gateway does), amount, and description (reported,
not part of "fully correct": the ERP orders by SKU). A field counts wrong only when the ERP would receive a wrong
value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from decimal import Decimal
from pathlib import Path

from extractors.base import Extractor, ExtractHints
from gateway.stages.item_matching import match_item, order_confidence, score_order
from gateway.reference.masterdata import MasterData, ProductRecord
from gateway.registry import HEAD_BYTES, Registry, build_registry
from testkit.erp_values import MAPPINGS, ErpLine, in_product_unit, line_price, unit_rules
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
    catalogue: Mapping[str, ProductRecord] = field(default_factory=dict)  # the products, for their units


def hints_for(truth: dict, channel: str, md: MasterData, mappings: Path) -> ExtractHints:
    """What the core knows before reading: the sender (fax number or e-mail address) and, from
    that customer's master data, the language and locale."""
    customer = md.customers[truth["customer_id"]]
    sender = customer.fax if channel.startswith("fax") else customer.sender_emails[0]
    locale = f"{customer.language}_{customer.country}"
    return ExtractHints(sender=sender, channel=channel, languages=(TESSERACT_LANG[customer.language],),
                        locale=locale, mappings_dir=mappings, templates_dir=mappings / "templates" / "samples")


@lru_cache(maxsize=1)
def _registry() -> Registry:
    return build_registry(MAPPINGS)


def reader_for(data: bytes, filename: str) -> Extractor:
    """The reader the gateway's registry picks for a document by its content and name."""
    picked = _registry().pick(data[:HEAD_BYTES], filename, None)
    if picked is None:
        raise ValueError(f"no reader recognises {filename}")
    return picked[0]


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
    return Captured(order, skus, order_confidence(order), extraction.doc_type, cid, units, md.products)


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
        erp = erp_pair(want, line, got, j)
        for f in LINE_FIELDS + tuple(k for k in REPORTED_ONLY if k in want):  # a truth may name no description
            have = (got.skus[j] if j is not None else None) if f == "sku" else getattr(line, f, None)
            conf = _conf(line.confidence if line else {}, f, have)
            if f in ERP_FIELDS and erp is not None:
                conf = _conf(line.confidence if line else {}, f, getattr(erp[1], f))
                same = _same(getattr(erp[0], f), getattr(erp[1], f))
            else:
                same = _same(want[f], have)
            checks.append(FieldCheck(f, same, conf))
    for j in set(range(len(lines))) - set(pairs.values()):
        checks.append(FieldCheck("extra_line", False, lines[j].confidence.get("quantity", 0.0)))
    return checks


ERP_FIELDS = ("quantity", "uom", "unit_price")  # compared as the ERP receives them (testkit.erp_values)


def erp_pair(want: dict, line: object, got: Captured, j: int | None) -> tuple[ErpLine, ErpLine] | None:
    """The truth line and the read line as the ERP receives them, each in its product's unit; None for a
    truth line no read line was paired with."""
    if line is None or j is None:
        return None
    rules = unit_rules()
    mine = got.catalogue.get(want.get("sku") or "")
    truth = in_product_unit(rules, mine, got.customer_id, want["quantity"], want.get("uom"),
                            line_price(want.get("unit_price"), None, want.get("amount"), want["quantity"]),
                            want.get("amount"))
    product = got.catalogue.get(got.skus[j] or "") if j < len(got.skus) else None
    uom = getattr(line, "uom", None)
    if uom is None and product is None and j < len(got.units) and got.units[j]:
        uom = got.units[j]  # printed without a unit: the product's own goes out
    read = in_product_unit(rules, product, got.customer_id, getattr(line, "quantity", None), uom,
                           line_price(getattr(line, "unit_price", None), getattr(line, "price_basis", None),
                                      getattr(line, "amount", None), getattr(line, "quantity", None),
                                      getattr(line, "gross_price", None)),
                           getattr(line, "amount", None))
    return truth, read


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

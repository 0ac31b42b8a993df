"""Map stage: an order in the sender's terms becomes a normalized order in ours.

Item codes become our SKUs: the supplier item (our own code as the customer sent it) in the catalogue
first, then the customer's cross-reference, the customer item as one of our SKUs, the GTIN, any other
id of the line (an ISBN-10, a manufacturer's number) that is one of our SKUs; prices
stated per a basis become per unit (net and gross); a structured order with no header delivery date
takes the one its lines agree on (``requested_delivery_date``); a line that states no price but an amount
is priced at amount / quantity (info ``PRICE-FROM-AMOUNT``); units become UN/ECE Rec 20 codes
through ``mappings/units.toml`` and then the product's own unit code (``gateway.stages.line_units``: ``EA``
stays ``EA`` for a product sold in ``EA``; 2 ``CT`` of a product sold in ``C62`` by 20 become 40 ``C62``,
said in an info issue ``UOM-CONVERTED``); confidences are carried over.
Nothing is guessed silently: what cannot be mapped stays empty and validation names it.

Orders *read* from a page (OCR of faxes and scans, the text of PDFs) are first cross-checked
(``gateway.stages.item_matching.score_order``: item codes against master data with OCR confusions tolerated,
quantity x price = amount, lines = total, plausible dates), which moves each field's confidence up
when an independent check confirms it and down when one fails; their SKUs come from the same
tolerant matching and the order's confidence is the least of the fields it cannot do without.
Structured formats (EDI, XML, sheets) are taken as sent and typed e-mail bodies keep their pattern
confidences: exact look-ups only.
"""

from __future__ import annotations

import ast
import re
import unicodedata

from datetime import date
from decimal import Decimal

from extractors.capture.address_blocks import BLOCKS_ELEMENT, shown_blocks
from extractors.mail.typed_ship_to import USUAL_PLACE_ELEMENT
from extractors.capture.same_address import SAME_AS_BILLING_ELEMENT
from extractors.capture.ship_to import NAME_ELEMENT, postcode_fits
from extractors.edi.edi_counts import COUNT_CODES, LINE_COUNT_CODES
from extractors.locale_values import fold
from extractors.named_sites import site_place_words
from extractors.pricing import price_from_amount
from extractors.capture.money_signs import DOLLARS
from extractors.mail.note_dates import note_date_problems
from extractors.capture.page_notes import note_problems
from extractors.split_notes import splits_delivery
from extractors.note_terms import own_mailbox_only
from extractors.typed_remarks import (NOTE_PLACE_ELEMENT, SITE_ELEMENT, condition_beside_notice, date_asked, notice_condition, note_place, page_question,
                                      release_condition)
from gateway.reasons import CHECK_CODES, ORDER_PROBLEM_CODES, READER_HOLD_CODES
from gateway.stages.identify import is_structured
from gateway.stages.anomaly import HISTORY_STATUSES
from gateway.stages.delivery_address import TYPED_PLACE_ELEMENT, ship_to_issues
from gateway.stages.ship_to_name import settle_name_line
from gateway.stages.recipient import recipient_issue
from gateway.stages.supplier_party import supplier_issue
from gateway.stages.ship_country import place_country
from gateway.reference.city_names import same_town
from gateway.stages.cover_place import names_the_orders_place
from gateway.stages.named_items import confirm_named_item, described_otherwise
from gateway.stages.order_notes import erp_notes
from gateway.stages.delivery_places import settle_line_places
from gateway.context import Context
from gateway.stages.typed_packs import check_typed_packs
from gateway.stages.own_pack import OrderWords, content_said_elsewhere, money_as_printed, states_own_pack
from gateway.stages.pack_words import LINE_PACKAGE_WORDS, REAM_WORDS, SALES_PACK, alternation
from gateway.stages.date_country import settle_by_country
from gateway.stages.item_matching import EXACT_METHODS, match_item, order_confidence, score_order
from gateway.store.journal import DocumentRecord, utcnow
from gateway.stages.line_units import UnitResolution, converted_quantity, resolve_unit, unit_factor
from gateway.reference.masterdata import CustomerRecord, MasterData, ProductRecord
from gateway.names import shown_name
from gateway.model import (
    Address, Customer, ExtractedLine, ExtractedOrder, Extraction, Issue, NormalizedOrder, OrderLine, Problem, Sla,
    Source,
)
from gateway.stages.rules import load_conversions_safely
from gateway.stages.sla import zone_named
from gateway.reference.unit_conversions import ConversionTable
from gateway.reference.units import unit_standard

READ_FORMATS = frozenset({"ocr", "pdf_text", "sheet", "word"})  # purchase-order documents read from a page
EXACT_TEXT_FORMATS = frozenset({"pdf_text", "sheet", "word"})  # characters as written (a text layer, cells), not recognised
PO_HISTORY = 5  # past PO numbers a read PO number is compared with (gateway.stages.item_matching.po_shape)
# The finding codes, declared in gateway.reasons: cross-checks kept on the order as warnings, reader
# findings that hold a structured order for a person (a segment count off, an allowance unread, a date
# unread), reading faults of any format that hold the order (a line that could not be read is never
# dropped, a delivery address read with doubt never goes out).
HOLD_CODES = READER_HOLD_CODES | COUNT_CODES | LINE_COUNT_CODES


def cross_check(ctx: Context, doc: DocumentRecord, extraction: Extraction, extracted: ExtractedOrder,
                customer: Customer | None, past_po_numbers: list[str]) -> ExtractedOrder:
    """A read order with its confidences adjusted by the cross-checks; a structured one unchanged; a typed
    one's noun-phrase lines confirmed by master data (``gateway.stages.named_items``)."""
    md = ctx.master_data.current()
    cid = customer.id if customer else None
    record = md.customers.get(cid) if cid else None
    extracted = own_invoice_mailbox(extracted, record)
    if extraction.format == "body_text":
        confirmed = confirm_named_items(extracted, md, cid)
        confirmed.problems += check_typed_packs(confirmed, md, cid)  # "2 x X (pack of 10)": packs or pieces?
        return confirmed
    if is_structured(extraction.format):
        return own_invoice_mailbox(with_note_problems(extracted), record)
    if extraction.format not in READ_FORMATS:
        return extracted
    if cid and customer is not None and customer.corroborated:
        # "04/12/2026" read before the customer was known: its country or declared order settles it, never a
        # customer named only by what the page prints (CUSTOMER-WEAK-ID: anyone can print that number)
        extracted = settle_by_country(extracted, md.customers.get(cid),
                                      ctx.config.decide.completeness.policy(cid, 0.0).date_order)
    today = doc.received_at.astimezone(zone_named(ctx.config.gateway.timezone)).date()
    return score_order(extracted, md, cid, today=today, past_po_numbers=past_po_numbers,
                       exact_text=extraction.format in EXACT_TEXT_FORMATS)


def own_invoice_mailbox(extracted: ExtractedOrder, record: CustomerRecord | None) -> ExtractedOrder:
    """Without ``BILL-TO-TYPED`` for a note naming only mailboxes of the identified customer's own domains on file
    (``email_domain``, its ``sender_emails``'), no place, no postcode ("Invoices: invoices@hansa.example" from Hansa):
    how the invoice is sent, the same bill-to. EDI and XML orders carry no party's e-mail to tell it by."""
    if record is None or not any(p.code == "BILL-TO-TYPED" for p in extracted.problems):
        return extracted
    domains = {d.lower() for d in (record.email_domain, *(e.rsplit("@", 1)[-1] for e in record.sender_emails if "@" in e)) if d}
    kept = [p for p in extracted.problems if not (p.code == "BILL-TO-TYPED" and own_mailbox_only(_quoted(p), domains))]
    return extracted if len(kept) == len(extracted.problems) else extracted.model_copy(update={"problems": kept})


def _quoted(problem: Problem) -> str:
    """The note a problem's message quotes at its end (``...: 'the note'``), "" when it quotes none."""
    m = re.search(r": (?=['\"])", problem.message)
    tail = problem.message[m.end():] if m else ""
    try:
        said = ast.literal_eval(tail)
    except (ValueError, SyntaxError):
        return ""
    return said if isinstance(said, str) else ""


def plain_quantity(quantity: Decimal | None) -> Decimal:
    """A quantity as the ERP reads it: no trailing zeros ("10.000" sent by EDI is 10, never a string a
    German-locale import takes for ten thousand), no exponent; none given is 0."""
    if quantity is None:
        return Decimal(0)
    value = quantity.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def with_note_problems(extracted: ExtractedOrder) -> ExtractedOrder:
    """A structured order whose free-text notes cancel or amend it, or another order ("THIS PO REPLACES PO
    45107 - DO NOT SHIP 45107"): the note is named as the order's problem (``CANCEL-TYPED``,
    ``CHANGE-TYPED``), so the order waits for a person instead of going out beside the one it replaces; a note
    sending the goods to a named site of the customer's with no address is ``SHIP-TO-UNSURE``; a date or a
    delivery condition the order's dates break, or another date, is held as in a typed e-mail
    (``extractors.mail.note_dates``: ``DATE-REMARK-CONFLICT``, ``DATE-UNPLACED``, ``QUESTION-TYPED``)."""
    found = note_problems(extracted.notes, extracted) if extracted.notes else []
    dated = note_date_problems(extracted.notes, extracted)  # "NE PAS LIVRER AVANT LE 05/01/2027" over 21/12
    judged = {repr(text[:120]) for text in dated.judged  # a date condition read: no mere condition to confirm,
              if not condition_beside_notice(text)}  # unless a condition stands beside the notice
    found = [p for p in found if not (p.code == "QUESTION-TYPED" and any(q in p.message for q in judged))]
    # "CAN YOU DELIVER ON 12/17 IN THE MORNING?": a question asked in a note, on the order's own date or not, a person
    # answers it (a contact line's "Questions? Call ..." asks nothing: ``page_question``)
    found += [q for n in extracted.notes if "?" in n and (q := page_question(n) or date_asked(n)) is not None
              and not any(repr(n.strip()[:120]) in p.message for p in found)]
    asked = [q.message for q in found if q.code == "QUESTION-TYPED"]
    found += [p for p in dated.problems if p.message not in {q.message for q in found} and not (
        p.code == "QUESTION-TYPED" and any(p.message[p.message.rfind(": ") + 2:] in q for q in asked))]
    # "PLEASE HOLD SHIPMENT UNTIL WE CONFIRM", "ERST NACH FREIGABE LIEFERN": a release kept by the customer (each
    # note once: not when another reason already quotes it)
    found += [_release_problem(n) for n in extracted.notes
              if release_condition(n) and not any(n.strip()[:60] in q.message for q in found)]
    # "Lieferung in zwei Teilen: 2 Kartons sofort, 3 im Januar": shipments the order's date and lines cannot say
    found += [_split_problem(n) for n in extracted.notes
              if splits_delivery(n) and not any(q.code == "QUESTION-TYPED" and n.strip()[:60] in q.message for q in found)]
    if not any(p.element == "ship_to" for p in found):  # "PLEASE DELIVER TO OUR GHENT WAREHOUSE": no address
        known = site_place_words(extracted.party("ship_to"))  # its town, never the company's name or a street
        found += [p for p in (note_place(n, known) for n in extracted.notes) if p is not None][:1]
    # a notice beside a condition another rule already names (its date, its price): that reason alone
    found = [p for p in found if not (p.message.startswith(_NOTICE_CONDITION) and any(
        q is not p and p.message[p.message.rfind(": ") + 2:] in q.message for q in found))]
    if not found:
        return extracted
    return extracted.model_copy(update={"problems": [*extracted.problems, *found]})


_NOTICE_CONDITION = notice_condition("").message.split(":")[0]


def _release_problem(note: str) -> Problem:
    """``QUESTION-TYPED`` for a structured order's note that keeps its release ("PLEASE HOLD SHIPMENT UNTIL WE
    CONFIRM", "ERST NACH FREIGABE LIEFERN") or wants delivery only when all is available."""
    return Problem(code="QUESTION-TYPED", severity="error", element="notes", message=(
        f"a note on the order keeps its release or sets a condition on its delivery, a person confirms it before "
        f"the order goes: {note.strip()[:120]!r}"))


def _split_problem(note: str) -> Problem:
    """``QUESTION-TYPED`` for a structured order's note that lays out the delivery in parts."""
    return Problem(code="QUESTION-TYPED", severity="error", element="notes", message=(
        f"a note on the order splits its delivery into parts, a person plans the shipments: {note.strip()[:120]!r}"))


def confirm_named_items(extracted: ExtractedOrder, md: MasterData, cid: str | None) -> ExtractedOrder:
    """A typed order whose noun-phrase lines name their product by its own word ("4 staplers TP-1002")."""
    confirmed = extracted.model_copy(deep=True)
    for line in confirmed.lines:
        match = match_item(md, cid, line.customer_item, line.supplier_item, line.gtin, None)
        if match.sku and match.method in EXACT_METHODS:
            confirm_named_item(line, md.products.get(match.sku))
    return confirmed


async def past_po_numbers(ctx: Context, doc: DocumentRecord, extraction: Extraction,
                          customer: Customer | None) -> list[str]:
    """The customer's latest accepted PO numbers, newest first, for a read order's PO-shape check."""
    if extraction.format not in READ_FORMATS or customer is None or not customer.id:
        return []
    marks = ", ".join("?" * len(HISTORY_STATUSES))
    rows = await ctx.journal.lookup(
        f"SELECT po_number FROM orders WHERE customer_id = ? AND status IN ({marks}) "
        "AND kind = 'new' AND po_number IS NOT NULL AND document_id <> ? "
        "ORDER BY received_at DESC, order_id DESC LIMIT ?", (customer.id, *HISTORY_STATUSES, doc.id, PO_HISTORY))
    return [r["po_number"] for r in rows]


def resolve_sku(md: MasterData, customer_id: str | None, line: ExtractedLine) -> tuple[str | None, str]:
    """Our SKU for a line and how it was found (sku, xref, gtin) or (None, ""). The supplier item is
    our own product code, so it is looked up in the catalogue first; a code typed in lower case last."""
    if line.supplier_item and line.supplier_item.strip() in md.products:
        return line.supplier_item.strip(), "sku"
    for item in (line.customer_item, line.supplier_item):
        sku = md.sku_for_customer_item(customer_id, item)
        if sku:
            return sku, "xref"
    if line.customer_item and line.customer_item.strip() in md.products:
        return line.customer_item.strip(), "sku"
    sku = md.sku_for_gtin(line.gtin)
    if sku:
        return sku, "gtin"
    sku = next((code.strip() for code in line.item_ids.values() if code.strip() in md.products), None)
    if sku:
        return sku, "item_id"
    return _in_capitals(md, customer_id, line)


def _in_capitals(md: MasterData, customer_id: str | None, line: ExtractedLine) -> tuple[str | None, str]:
    """A code typed in lower case ("pap-a4-80 x 6") that is a known code in capitals."""
    for item in (line.supplier_item, line.customer_item):
        typed = (item or "").strip()
        if typed and typed != typed.upper():
            if typed.upper() in md.products:
                return typed.upper(), "sku"
            if sku := md.sku_for_customer_item(customer_id, typed.upper()):
                return sku, "xref"
    return None, ""


def named_skus(md: MasterData, customer_id: str | None, line: ExtractedLine) -> dict[str, str]:
    """Every product a line's ids name, each with the first id that names it ("GTIN 4012345678901"):
    our code, the customer's code by its cross-reference, a GTIN/UPC, any other id by its qualifier."""
    ids = [("supplier item", line.supplier_item), ("customer item", line.customer_item), ("GTIN", line.gtin),
           *((f"id {qualifier}", value) for qualifier, value in line.item_ids.items())]
    out: dict[str, str] = {}
    for label, value in ids:
        code = (value or "").strip()
        if not code:
            continue
        sku = (code if code in md.products else md.sku_for_customer_item(customer_id, code)
               or (md.sku_for_gtin(code) if code.isdigit() and len(code) in (8, 12, 13, 14) else None))
        if sku and sku not in out:
            out[sku] = f"{label} {code}"
    return out


def item_conflicts(ctx: Context, md: MasterData, customer_id: str | None, written: list[ExtractedLine],
                   lines: list[OrderLine], typed: bool = False) -> list[Issue]:
    """A line whose ids name different products (our code one, its GTIN another): one field of it is
    wrong whichever is taken, so it waits for a person (ITEM-CONFLICT), both named. So does a typed or printed
    line (``typed``: an e-mail's text or a document read from its page) whose description names another product
    and not the code's ("5 x SKU-1005 Stapler heavy duty" where
    SKU-1005 is a toner and SKU-1004 the stapler)."""
    action = ctx.config.decide.action("ITEM-CONFLICT")
    if action == "off":
        return []
    out = []
    for raw, line in zip(written, lines):
        if typed and (other := described_otherwise(md, raw.description, line.sku)):
            out.append(Issue(code="ITEM-CONFLICT", severity="error" if action == "hold" else "warning",
                             field=f"lines[{line.line_no}].sku",
                             message=f"line {line.line_no}: the code is {line.sku} ({md.products[line.sku].description}) "
                                     f"but the typed description {raw.description!r} names {other}"))
            continue
        named = named_skus(md, customer_id, raw)
        if len(named) > 1:
            what = "; ".join(f"{why} is {sku}" for sku, why in named.items())
            out.append(Issue(code="ITEM-CONFLICT", severity="error" if action == "hold" else "warning",
                             field=f"lines[{line.line_no}].sku",
                             message=f"line {line.line_no}: its ids name different products ({what})"))
    return out


def map_line(ctx: Context, md: MasterData, customer_id: str | None, line: ExtractedLine,
             index: int, tolerant: bool = False, standard: str | None = None) -> OrderLine:
    if tolerant:
        sku = match_item(md, customer_id, line.customer_item, line.supplier_item, line.gtin, line.description).sku
    else:
        sku, _how = resolve_sku(md, customer_id, line)
    customer_item, supplier_item = line.customer_item, line.supplier_item
    if sku and not customer_item and supplier_item and supplier_item.strip() not in md.products \
            and md.sku_for_customer_item(customer_id, supplier_item) == sku:
        # a column titled as ours ("Supplier Part") holding the customer's own code: its cross-reference names it
        customer_item, supplier_item = supplier_item, None
    uom = ctx.units.normalize(line.uom, standard)  # the unit as the document's code list means it
    if uom is None and line.uom is None and sku and md.products[sku].uom:
        uom = ctx.units.normalize(md.products[sku].uom)
    price, gross = per_unit(line.unit_price, line.price_basis), per_unit(line.gross_price, line.price_basis)
    if price is None and gross is None:  # no price stated: the line amount's, when there is one
        price = price_from_amount(line.amount, line.quantity)
    conf = dict(line.confidence)
    if line.quantity is None:  # none was given: quantity 0 with no confidence (gateway.stages.rules says "missing")
        conf["quantity"] = 0.0
    return OrderLine(
        line_no=line.line_no or index + 1, sku=sku, customer_item=customer_item,
        supplier_item=supplier_item, gtin=line.gtin, item_ids=dict(line.item_ids),
        description=line.description, quantity=plain_quantity(line.quantity),
        uom=uom or (line.uom or "C62"), unit_price=price, gross_price=gross,
        allowances=list(line.allowances), amount=line.amount, currency=line.currency,
        unread_prices=list(line.unread_prices),
        requested_date=line.requested_date, action=line.action,
        confidence=min(conf.values(), default=1.0), field_confidence=conf,
    )


def per_unit(price: Decimal | None, basis: Decimal | None) -> Decimal | None:
    """A price stated per ``basis`` units, per one unit."""
    if price is not None and basis not in (None, Decimal(0), Decimal(1)):
        return price / basis
    return price


def column_order_date(ctx: Context, doc: DocumentRecord, extracted: ExtractedOrder) -> date | None:
    """The order date, except one read from a sheet's plain "Date" column (no order date above) that lies after
    the document's receipt: an order is not dated after it arrives; that date is most likely the delivery date,
    so the order date stays unknown (ORDER-DATE-MISSING or the receipt date by policy), never a guess (R12)."""
    if extracted.order_date is None or not extracted.order_date_from_column:
        return extracted.order_date
    received = doc.received_at.astimezone(zone_named(ctx.config.gateway.timezone)).date()
    return extracted.order_date if extracted.order_date <= received else None


def requested_delivery_date(extracted: ExtractedOrder) -> date | None:
    """The order's requested date: the header's, else the one date all lines agree on (lines with
    different dates leave it empty; each line keeps its own)."""
    if extracted.requested_delivery_date is not None:
        return extracted.requested_delivery_date
    dates = {line.requested_date for line in extracted.lines if line.action != "delete"}
    return dates.pop() if len(dates) == 1 and None not in dates else None


def priced_from_amount(written: list[ExtractedLine], lines: list[OrderLine]) -> list[Issue]:
    """An info issue per line whose price was made from its amount (it stated none)."""
    return [Issue(code="PRICE-FROM-AMOUNT", severity="info", field=f"lines[{line.line_no}].unit_price",
                  message=f"line {line.line_no}: no unit price stated; {line.unit_price} = its amount "
                          f"{raw.amount} / {raw.quantity}")
            for raw, line in zip(written, lines) if raw.unit_price is None and raw.gross_price is None
            and line.unit_price is not None and line.action != "delete"]


def sent_in_test_mode(extraction: Extraction) -> str | None:
    """Where the document says it is a test, not a production order: cXML ``deploymentMode="test"``, an
    EDIFACT UNB test indicator (0035 = 1), an X12 ISA15 usage indicator ``T``; None when it does not."""
    if extraction.metadata.get("deployment_mode") == "test":
        return 'cXML deploymentMode="test"'
    tests = [i for i in extraction.interchanges if i.test]
    if not tests:
        return None
    return "EDIFACT UNB test indicator 1" if tests[0].standard == "edifact" else "X12 ISA15 usage indicator T"


def reading_issues(ctx: Context, extracted: ExtractedOrder, customer: CustomerRecord | None = None,
                   scan: bool = False) -> list[Issue]:
    """Reading faults that concern the order (LINE-UNREAD, DATE-UNPLACED, DATE-AMBIGUOUS, SHIP-TO-UNSURE), as
    ``[decide.actions]`` says. A delivery address read with doubt that holds the customer's own street and
    postcode (``customers.csv``) is that known address: no doubt left; so is a "Same as Bill To" whose
    billing box is that address, and unlabelled address blocks (ours left out) that all are it."""
    out = []
    for p in extracted.problems:
        action = ctx.config.decide.action(p.code)
        if p.code == "SHIP-TO-UNSURE" and _known_after_all(p, extracted, customer, scan):
            continue
        if p.code in ORDER_PROBLEM_CODES and action != "off":
            out.append(Issue(code=p.code, message=p.message, field=p.element,
                             severity="error" if action == "hold" else "warning"))
    return out


def _known_after_all(problem: Problem, extracted: ExtractedOrder, customer: CustomerRecord | None,
                     scan: bool = False) -> bool:
    """The doubt of a ``SHIP-TO-UNSURE`` is settled by the customer's address on file (see reading_issues).
    An unlabelled address block of a scan (``scan``) is also the customer's letterhead when OCR slipped
    in it (``scanned_letterhead``)."""
    if problem.element in (NOTE_PLACE_ELEMENT, SITE_ELEMENT):  # another site than the one read, or a named
        return False  # branch ("pour notre agence de Paris"): a branch in the head office's city is not its address
    if problem.element == SAME_AS_BILLING_ELEMENT:
        return is_known_address(map_ship_to(extracted, "invoice_to"), customer, scan)
    if problem.element == NAME_ELEMENT:  # "Keller GmbH" / "Filiale Salzburg": settled by the name on file
        return is_known_address(map_ship_to(extracted), customer, scan)
    if problem.element == USUAL_PLACE_ELEMENT:  # "our Chicago address as usual": the customer's town on file
        return _usual_town(shown_blocks(problem.message), customer)
    if problem.element == BLOCKS_ELEMENT:  # a block neither ours nor the customer's may be a delivery site
        blocks = shown_blocks(problem.message)
        return bool(blocks) and all(is_known_address(Address(street=block), customer, scan)
                                    or (scan and scanned_letterhead(block, customer)) for block in blocks)
    return is_known_address(map_ship_to(extracted), customer, scan)


def _usual_town(towns: list[str], customer: CustomerRecord | None) -> bool:
    """The town a typed "as usual" delivery names is the customer's town on file (case and accents aside), or
    its German adjective ("unsere Münchner Adresse": München; Kölner, Berliner, Bremer)."""
    home = _letters(fold((customer.city or "").casefold())) if customer else ""
    if not home or len(towns) != 1:
        return False
    named = _letters(fold(towns[0].casefold()))
    return named == home or named in {f"{home}er", f"{home[:-2]}er", f"{home[:-2]}ner"} \
        or any(same_town(town, customer.city if customer else None)  # "our Brussels address": "Bruxelles" on file
               for town in (towns[0], re.sub(r"(?i)er$", "", towns[0]), re.sub(r"(?i)ner$", "", towns[0])))  # "Brüsseler"


def scanned_letterhead(block: str, customer: CustomerRecord | None) -> bool:
    """An address block read from a scan is the customer's address on file read with OCR slips: the
    same test as ``is_known_address`` on a scan (its street and postcode, the house numbers as whole
    numbers, only OCR's letter pairs tolerated), and its city too. A block at another house number,
    postcode or street ("Kronenstraße 40" for "Königstraße 40") is not: it may be a delivery site."""
    if customer is None or not customer.city:
        return False
    if not is_known_address(Address(street=block), customer, scan=True) and not _number_lost(block, customer):
        return False
    return _scan_letters(_letters(customer.city)) in _scan_letters(_letters(block))


def _number_lost(block: str, customer: CustomerRecord) -> bool:
    """The customer's letterhead read from a fax with its house number lost (bold capitals at standard
    resolution: "RETAIL / Rue Neuve / 1000 Bruxelles" for "RETAIL BRUSSELS NV / Rue Neuve 1 / 1000
    Bruxelles"): its postcode, its street's words and a word of its name are there, and no number but the
    postcode. Another number ("Rue Neuve 15") or no name of the customer's is another site."""
    numbers = _house_numbers(block, True) - _house_numbers(customer.postcode or "", False)
    street = _scan_letters(_letters(re.sub(r"\d+\w*", " ", customer.street or "")))
    read = _scan_letters(_letters(block))
    names = [_scan_letters(_letters(w)) for w in re.findall(r"[^\W\d_]{4,}", customer.name or "")]
    return (not numbers and bool(customer.postcode) and _letters(customer.postcode) in _letters(block)
            and len(street) >= 4 and street in read and any(name in read for name in names))


def is_known_address(address: Address | None, customer: CustomerRecord | None, scan: bool = False) -> bool:
    """The customer's address on file (street and postcode) is in ``address``, spacing, case and accents
    aside (ß as ss), with the same house numbers as whole numbers ("Hauptstraße 15" is not "Hauptstraße 1").
    Read from a scan (``scan``), the letters OCR confuses count as one another (ß or ss read as B, "rn" as
    "m", "cl" as "d", "vv" as "w"); never another letter or digit."""
    if address is None or customer is None or not customer.street or not customer.postcode:
        return False
    raw = " ".join(v for v in (address.name, address.street, address.city, address.postcode) if v)
    if not _house_numbers(customer.street, False) <= _house_numbers(raw, scan):
        return False
    read, street = _letters(raw), _letters(customer.street)
    if _letters(customer.postcode) not in read:
        return False
    town, home = _letters(address.city or ""), _letters(customer.city or "")
    if not scan and town and home and town not in home and home not in town:
        return False  # "Rue Neuve 1, 1000 Lausanne" is not "Rue Neuve 1, 1000 Bruxelles" (review U6)
    return street in read or (scan and _scan_letters(street) in _scan_letters(read))


def typed_address_on_file(address: Address, customer: CustomerRecord | None) -> bool:
    """A delivery address typed in an e-mail (no reading doubt: its letters are the customer's own) is the
    address on file written otherwise: the same postcode, the same house numbers, the same street name words in
    any order, the German street word abbreviated ("Hauptstr. 5" for "Hauptstraße 5", "1, rue Neuve" for "Rue
    Neuve 1"). A word more or less is another street ("Neue Hauptstraße"); a read from a page never gets this
    (``is_known_address``: "Hauptstr." there may be a misread)."""
    if customer is None or not customer.street or not customer.postcode or not address.street:
        return False
    if _letters(customer.postcode) != _letters(address.postcode or ""):
        return False
    if not address.city or _letters(fold(address.city.casefold())) != _letters(fold((customer.city or "").casefold())):
        return False  # "80331 Augsburg" is another place whatever its postcode says (review U1)
    if address.country and customer.country and address.country.upper() != customer.country.upper():
        return False
    if _house_numbers(customer.street, False) != _house_numbers(address.street, False):
        return False
    def words(text: str) -> set[str]:
        plain = re.sub(r"stra(?:ss|ß)e\b|str\b", "str", fold(text.casefold()).replace("ß", "ss"))
        return set(re.findall(r"[^\W\d_]+", plain))
    wanted = words(customer.street)
    return bool(wanted) and wanted == words(address.street)


_NUMBERS = re.compile(r"(?<![\w])\d+[a-z]?(?![\w])")  # a house number as a whole word: "15", "1a"


def _house_numbers(text: str, scan: bool) -> set[str]:
    """The whole numbers of ``text``; read from a scan, a word holding a digit has the letters a scan
    reads for digits taken as those digits ("l4" is 14, "O41O9" is 04109)."""
    folded = fold(text.casefold())
    if scan:
        folded = re.sub(r"\w+", lambda m: m.group().translate(_SCAN_DIGITS) if any(c.isdigit() for c in m.group())
                        else m.group(), folded)
    return set(_NUMBERS.findall(folded))
_SCAN_PAIRS = (("ss", "b"), ("rn", "m"), ("cl", "d"), ("vv", "w"))


def _scan_letters(text: str) -> str:
    for seen, read in _SCAN_PAIRS:
        text = text.replace(seen, read)
    return text


def _letters(text: str) -> str:
    """Letters and digits only, casefolded, accents dropped (ß as ss), with the letters a scan reads for
    digits taken as those digits ("HA2 OEE" is the postcode HA2 0EE)."""
    return re.sub(r"[\W_]+", "", fold(text.casefold())).translate(_SCAN_DIGITS)


_SCAN_DIGITS = str.maketrans({"o": "0", "i": "1", "l": "1"})


def to_product_units(ctx: Context, md: MasterData, customer_id: str | None, lines: list[OrderLine],
                     written: list[ExtractedLine], words: bool = False,
                     total: Decimal | None = None,
                     order: ExtractedOrder | None = None) -> tuple[list[OrderLine], list[Issue]]:
    """Each line in its product's own unit, converted where a conversion is known (see line_units).

    ``words``: the units are words a person wrote (an e-mail, a PDF, a sheet, a fax), not EDI/XML codes.
    A package word there can name the product's own unit ("carton" for a box of copy paper) as well
    as the larger package the conversion table means, so the document's own money settles it: priced
    exactly as one of the product's own units with all the document's money agreeing (the amount printed
    and quantity x price, no price word naming another unit, the printed total the own-unit reading's, the
    word not used for real cartons on another line) the quantity is that many own units
    (``own_unit_by_money``); priced as
    the larger package it is converted; unpriced or at any other price it waits UOM-PACK-UNSURE with both
    readings named (``unit_pack_doubt``); a piece of a product whose description says what one holds ("pack of 10")
    is no sales unit (``pieces_of_a_pack``).

    ``order``: the extracted order, whose notes (``notes``) and OCR repairs (``repaired_fields``) the money rule
    weighs: a carton content stated in a note, an amount the arithmetic mended (``OrderWords``)."""
    conversions = load_conversions_safely(ctx)
    said = OrderWords.of(order)
    aliases = list(ctx.config.decide.rules.sales_unit_aliases)
    out: list[OrderLine] = []
    issues: list[Issue] = []
    for index, (line, raw) in enumerate(zip(lines, written)):
        product = md.products.get(line.sku) if line.sku else None
        if product is None or line.action == "delete":
            out.append(line)
            continue
        words_of = said.for_line(index)
        line, price_issue = price_per_line_unit(ctx, conversions, product, line, raw, customer_id)
        issues += price_issue
        res = resolve_unit(ctx.units, conversions, aliases, product, line.uom, customer_id)
        stated = carton_content_stated(ctx, product, line, raw) if words else None
        if stated is not None and own_pack_by_money(ctx, product, line, res, lines, total, raw, written, md,
                                                    words_of):
            # "20 | carton | Papier copie A4 (carton de 5 rames) | 24,50 | 490,00": the carton is our box of 5 reams
            issues.append(_own_pack_note(product, line, raw, res))
            out.append(line.model_copy(update={"uom": product.uom.strip().upper()}))
            continue
        if stated is not None:
            # "10 Karton à 5 Boxen" priced as one box: the line says what its package holds, so the price alone
            # cannot say which it means (10 or 50 boxes); a table conversion stands only at the package's price
            doubt = unit_pack_doubt(ctx, product, line, raw, res)
            if doubt is None and not (res.how == "table" and res.factor not in (None, 1)
                                      and stated == res.factor
                                      and not own_pack_said(ctx, product, line, raw,
                                                            pack_nouns=not _at_table_price(product, line, res))):
                # "carton de 5 ramettes" at five boxes' price: the words say one box, the money five ("Karton à 5
                # Pakete" at five boxes' price: a carton of five boxes, the table's reading)
                doubt = _stated_content_doubt(product, line, raw, stated)
            if doubt is not None:
                issues.append(doubt)
                out.append(line)
                continue
        if stated is None and (words or res.how == "none") and own_unit_by_money(
                ctx, product, line, res, lines, total, raw, written, md, said=words_of):
            # "10 carton" of copy paper sold by the box at exactly the box's price, its printed amount ten boxes'
            # money and the order's total agreeing: the customer priced ten of our boxes; the quantity stays
            issues.append(_own_unit_note(product, line, raw, res))
            out.append(line.model_copy(update={"uom": product.uom.strip().upper()}))
            continue
        doubt = unit_pack_doubt(ctx, product, line, raw, res) if words else None
        if doubt is None and words and raw.uom and res.how == "alias" and pieces_of_a_pack(product):
            doubt = Issue(code="UOM-NO-CONVERSION", severity="error", field=f"lines[{line.line_no}].uom",
                          message=f"line {line.line_no}: {line.quantity.normalize():f} {raw.uom or line.uom} of "
                                  f"{product.sku} ({product.description}): pieces, and one {product.uom} holds "
                                  f"several; no pack size is known for {product.sku}")
        if doubt is not None:
            issues.append(doubt)
            out.append(line)
            continue
        if not words and res.how == "alias" and pieces_of_a_pack(product):  # EDI pieces of a pack: the price says
            res, note = pieces_by_price(product, line, raw, res)          # whether a piece is one or a pack's
            issues += note
        if not res.converted or res.factor is None:
            out.append(line.model_copy(update={"uom": res.uom}))
            continue
        quantity = converted_quantity(line.quantity, res.factor)
        price = None if line.unit_price is None else converted_quantity(line.unit_price, 1 / res.factor)
        gross = None if line.gross_price is None else converted_quantity(line.gross_price, 1 / res.factor)
        issues.append(Issue(code="UOM-CONVERTED", severity="info", field=f"lines[{line.line_no}].uom",
                            message=f"line {line.line_no}: {line.quantity.normalize():f} {raw.uom or line.uom} "
                                    f"ordered = {quantity:f} {res.uom} ({_HOW[res.how]})"))
        out.append(line.model_copy(update={"uom": res.uom, "quantity": quantity, "unit_price": price,
                                           "gross_price": gross}))
    return out, issues


def price_per_line_unit(ctx: Context, conversions: ConversionTable, product: ProductRecord, line: OrderLine,
                        raw: ExtractedLine, customer_id: str | None) -> tuple[OrderLine, list[Issue]]:
    """A price stated per another unit than the line's (EDIFACT ``PRI+AAA:55.00:CA::1:CT`` on a line in
    PCE, X12 ``PO105 PE`` on a line in CA) made a price per the line's unit; held naming both units
    (UOM-NO-CONVERSION) when no conversion between them is known, rather than taken per the wrong unit."""
    if not raw.price_uom or (line.unit_price is None and line.gross_price is None):
        return line, []
    factor = unit_factor(ctx.units, conversions, list(ctx.config.decide.rules.sales_unit_aliases), product,
                         line.uom, raw.price_uom, customer_id)
    if factor is None:
        issue = Issue(code="UOM-NO-CONVERSION", severity="error", field=f"lines[{line.line_no}].unit_price",
                      message=f"line {line.line_no}: priced per {raw.price_uom}, ordered in {line.uom}; no "
                              f"conversion from {raw.price_uom} to {line.uom} is known for {product.sku}")
        return line.model_copy(update={"unit_price": None, "gross_price": None}), [issue]
    update = {k: converted_quantity(getattr(line, k), factor) for k in ("unit_price", "gross_price")
              if getattr(line, k) is not None}
    return line.model_copy(update=update), []


# Package kinds (Rec 20 classes): a pack, a box, a carton, a case, a bag, a packet.
PACKAGES = frozenset({"PK", "BX", "CT", "CS", "PA", "BG", "XPK", "XBX", "XCT"})


_PACK_CONTENTS = re.compile(SALES_PACK + r"|\b\d+\s*(?:er|-?pack|pcs|pieces"
                            r"|stuck|stück|stk|pieces|pièces|st\.?)\b|\(\s*\d+\s*(?:x|pcs|stk|st)\b", re.IGNORECASE)


def pieces_by_price(product: ProductRecord, line: OrderLine, raw: ExtractedLine,
                    res: UnitResolution) -> tuple[UnitResolution, list[Issue]]:
    """An EDI/XML line in pieces of a product whose description says one sales unit holds N ("box of 12") and
    that has no pack size: a piece is one sales unit by policy (``sales_unit_aliases``), unless the line's
    price is one N-th of the catalogue's, then it is a piece of the pack and the quantity is converted (whole
    packs only). Priced as one sales unit, the note says so. Unpriced, a count is sales units by the policy; a count of whole
    packs (48 pieces of a box of 24) says so with the other reading named (info ``UOM-CONVERTED``)."""
    price = line.unit_price if line.unit_price is not None else (
        line.amount / line.quantity if line.amount is not None and line.quantity else None)
    count = stated_pack(product)
    written = f"{line.quantity.normalize():f} {raw.uom or line.uom}"
    if price is None and count is not None and line.quantity >= count and line.quantity % count == 0:
        # 48 pieces of a box of 24, no price: sales units by the policy, the other reading named (a hold here
        # held every unpriced order of such a product in multiples of its pack: most of the default catalogue's)
        return res, [Issue(code="UOM-CONVERTED", severity="info", field=f"lines[{line.line_no}].uom",
                           message=f"line {line.line_no}: {written} of {product.sku} ({product.description}), no "
                                   f"price: read as {line.quantity.normalize():f} {product.uom} by the sales-unit "
                                   f"policy, not {(line.quantity / count).normalize():f} {product.uom} of "
                                   f"{count:f} pieces")]
    if price is None or not product.unit_price or count is None:
        return res, []
    piece = product.unit_price / count
    if abs(price - piece) <= piece * Decimal("0.02") and (line.quantity / count) == (line.quantity / count).to_integral_value():
        return UnitResolution(res.uom, 1 / count, "stated"), []
    if abs(price - product.unit_price) <= product.unit_price * Decimal("0.02"):
        return res, [Issue(code="UOM-CONVERTED", severity="info", field=f"lines[{line.line_no}].uom",
                           message=f"line {line.line_no}: {written} at {price.normalize():f}, the price of one "
                                   f"{product.uom}: read as {line.quantity.normalize():f} {res.uom}")]
    return res, []


def stated_pack(product: ProductRecord) -> Decimal | None:
    """How many one sales unit holds by the product's description ("pack of 10": 10), or None."""
    found = _PACK_CONTENTS.search(product.description or "")
    number = re.search(r"\d+", found.group()) if found else None
    return Decimal(number.group()) if number and int(number.group()) > 1 else None


def pieces_of_a_pack(product: ProductRecord) -> bool:
    """The product's description says one of its sales units holds several pieces ("Ballpoint pen blue
    (pack of 10)", "Kugelschreiber 10er Pack", "Stylos, boîte de 12")."""
    return bool(product.description and _PACK_CONTENTS.search(product.description))


def unit_pack_doubt(ctx: Context, product: ProductRecord, line: OrderLine, raw: ExtractedLine,
                    res: UnitResolution) -> Issue | None:
    """A package word converted to another package by the conversion table ("10 Karton" of copy paper
    sold in boxes, 5 boxes to a carton): right only when the line's price is the carton's. Priced as one
    of the product's own units and not settled by the document's money (``own_unit_by_money``), at a price
    that is neither, or not priced at all, the word may name the product's own package: held
    (``UOM-PACK-UNSURE``) with both readings named. A product sold by the piece ("CT = 20 C62") waits only
    at a price that is neither; unpriced, its carton is the table's."""
    if res.how != "table" or res.factor is None or res.factor == 1:
        return None
    written = ctx.units.normalize(line.uom) if line.uom else None
    sold = ctx.units.normalize(product.uom) or product.uom.strip().upper()
    if written not in PACKAGES:
        return None
    price = line.unit_price if line.unit_price is not None else (
        line.amount / line.quantity if line.amount is not None and line.quantity else None)
    if sold not in PACKAGES and price is None:
        return None  # "3 cartons" of files sold by the piece, unpriced: the table's carton, no other package
    if price is not None and product.unit_price:
        expected = product.unit_price * res.factor
        if abs(price - expected) <= expected * Decimal("0.02"):
            return None  # priced as the larger package: the conversion stands
    word = raw.uom or line.uom
    priced = "not priced" if price is None else f"priced {price.normalize():f}"
    return Issue(code="UOM-PACK-UNSURE", severity="error", field=f"lines[{line.line_no}].uom",
                 message=f"line {line.line_no}: {line.quantity.normalize():f} {word} of {product.sku}, {priced}: "
                         f"{line.quantity.normalize():f} {product.uom} (the product's own package) or "
                         f"{converted_quantity(line.quantity, res.factor):f} {product.uom} "
                         f"({res.factor.normalize():f} to a {word})? A person decides")


# What a line's own description says its package holds: "Karton à 5 Boxen", "Karton mit 40 Packungen",
# "carton of 12", "Karton = 12 Boxen", "5 Boxen", "40 Packungen", "12er".
_LINE_CONTENT = re.compile(
    rf"\b(?:{alternation(LINE_PACKAGE_WORDS)})\b\.?\s*"
    r"(?:à|a|mit|zu|von|of|de|=|:|x|je|with|containing|contains|enth[aä]lt|avec|par|per)?\s*(\d+)"
    r"|\b(\d+)\s*(?:x\s*)?(?:boxen|boxes|packungen|packs|pakete|schachteln|bo[iî]tes|paquets|ries|reams)\b",
    re.IGNORECASE)


def carton_content_stated(ctx: Context, product: ProductRecord, line: OrderLine,
                          raw: ExtractedLine) -> Decimal | None:
    """The count a line written in a package word for a product sold in another package states its package
    holds, in the line's own description ("Kopierpapier, Karton à 5 Boxen": 5), or None. Any such statement
    keeps the line from being read as one sales unit by its price alone (``same_package_by_price``)."""
    written = ctx.units.normalize(line.uom) if line.uom else None
    sold = ctx.units.normalize(product.uom) or product.uom.strip().upper()
    if written is None or written == sold or written not in PACKAGES:
        return None
    text = " ".join(t for t in (raw.description, line.description) if t)
    catalogue = " ".join((product.description or "").casefold().split())
    # "Copy paper A4 80g (box of 5 reams)" copied onto the line: what the product's own unit holds, in the
    # catalogue's words, is no statement of what the written package holds
    found = next((m for m in _LINE_CONTENT.finditer(text) if not _catalogue_pack(m, catalogue)), None)
    if not found and raw.uom and raw.uom.strip():
        found = re.search(rf"\b{re.escape(raw.uom.strip())}\b\.?\s*(?:à|a|mit|zu|von|of|de|=|:|x|je|with)\s*(\d+)",
                          text, re.IGNORECASE)
    if not found:
        return None
    number = next(g for g in found.groups() if g)
    return Decimal(number) if int(number) > 1 else None


# What one sheet-counted unit of the catalogue's own pack is called, in the words a line may use: "5 Ries" of
# "box of 5 reams" is the box's content, not a carton's
_CONTENT_NOUNS = REAM_WORDS


def _catalogue_pack(m: re.Match[str], catalogue: str) -> bool:
    """A count on the line that is the product's own pack as the catalogue states it ("(box of 5 reams)"),
    copied in the catalogue's words or said in another language ("(Box mit 5 Ries)", "(boîte de 5
    ramettes)"): the same count of the same content noun. A package noun ("5 Boxen") stays a statement."""
    if not m.group(2):
        return False
    if " ".join(m.group().casefold().split()) in catalogue:
        return True
    noun = m.group().casefold().split()[-1]
    counts = {d for c in _PACK_CONTENTS.finditer(catalogue) for d in re.findall(r"\d+", c.group())}
    counts |= {g for c in _LINE_CONTENT.finditer(catalogue) for g in c.groups() if g}
    return noun in _CONTENT_NOUNS and m.group(2) in counts


def _stated_content_doubt(product: ProductRecord, line: OrderLine, raw: ExtractedLine, stated: Decimal) -> Issue:
    word = raw.uom or line.uom
    return Issue(code="UOM-PACK-UNSURE", severity="error", field=f"lines[{line.line_no}].uom",
                 message=f"line {line.line_no}: {line.quantity.normalize():f} {word} of {product.sku}, the line "
                         f"says one {word} holds {stated.normalize():f}: {line.quantity.normalize():f} "
                         f"{product.uom} or {converted_quantity(line.quantity, stated):f} {product.uom}? "
                         f"A person decides")


def same_package_by_price(ctx: Context, product: ProductRecord, line: OrderLine, any_unit: bool = False) -> bool:
    """A line written in one package word for a product sold in another package ("Pkg", "Packung",
    "paquet", "Karton" for a product sold in ``BX``) is one sales unit when its unit price is the
    catalogue price of that unit exactly and its amount, if printed, is quantity x price: the
    customer priced one of our sales units. Any other price (10 boxes to a carton) stays unconverted
    and is held with both units named. ``any_unit``: the product's own unit may be other than a package
    (files sold by the piece, a carton of 20 in the conversion table)."""
    written = ctx.units.normalize(line.uom) if line.uom else None
    sold = ctx.units.normalize(product.uom) or product.uom.strip().upper()
    if written not in PACKAGES or (sold not in PACKAGES and not any_unit) or written == sold:
        return False
    if product.unit_price is None or line.unit_price is None:
        return False
    if line.gross_price is not None and line.gross_price == product.unit_price and line.unit_price < line.gross_price:
        # the catalogue price less the line's discount ("24,50" and "Rabatt 10 %"): one sales unit all the same
        return line.amount is None or abs(line.amount - line.quantity * line.unit_price) <= Decimal("0.01")
    if line.unit_price != product.unit_price:
        return False
    return line.amount is None or line.amount == line.quantity * line.unit_price


def own_unit_by_money(ctx: Context, product: ProductRecord, line: OrderLine, res: UnitResolution,
                      lines: list[OrderLine], total: Decimal | None, raw: ExtractedLine | None = None,
                      written: list[ExtractedLine] | None = None, md: MasterData | None = None,
                      whole: bool = False, said: OrderWords | None = None) -> bool:
    """A package word for a product sold in another unit ("10 carton" of copy paper sold by the box, "40
    cartons" of files sold by the piece) means the product's own unit when the document's money says so, and
    only when all of it does: the unit price is exactly the catalogue price of that unit
    (``same_package_by_price``); the line's amount is printed by the customer (not filled in by the reader)
    and is quantity x price; no word beside the price names another unit ("la boîte", "per box", "je Stück",
    ``price_qualified``); the order's total, if printed, is the money of the own-unit reading (every line
    priced); no other line of the order writes the same word at another price than its product's own
    (``word_used_otherwise``); and no other text of the order (its notes, another line's description) says what
    that word's package holds (``own_pack.content_said_elsewhere``). Anything else waits UOM-PACK-UNSURE
    (``unit_pack_doubt``). Without a known
    conversion the product's unit must be a package too ("Pkg" for a box) and the price alone settles it, unless
    ``whole``: then all of the money must say so with or without a conversion. ``said``: the order's notes and this
    line's OCR repairs (``OrderWords``): a mended or empty amount cell is not printed, and a note stating what the
    word's package holds ("Conditionnement : cartons de 5 boîtes") means the larger package."""
    said = said or OrderWords()
    table = res.how == "table" and res.factor not in (None, 1)
    if not (table or res.how == "none"):
        return False
    if not same_package_by_price(ctx, product, line, any_unit=table):
        return False
    if not (table or whole):
        return True
    if raw is None or not amount_printed(raw, said.mended) or line.amount is None or line.unit_price is None \
            or line.amount != line.quantity * line.unit_price:
        return False  # "10 cartons à 24,50" with no amount may be ten cartons priced per box
    if price_qualified(raw) or price_qualified(line):
        return False
    if total is not None:
        money = [other.amount if other.amount is not None else
                 (other.quantity * other.unit_price if other.unit_price is not None else None)
                 for other in lines if other.action != "delete"]
        if None in money or total != sum(money, Decimal(0)):
            return False  # a total that is not the own-unit reading's (or cannot be weighed): a person decides
    if word_used_otherwise(ctx, line, raw, lines, written or [], md):
        return False
    others = tuple(t for other, other_raw in zip(lines, written or []) if other is not line
                   for t in dict.fromkeys((other_raw.description, other.description)) if t)
    word = (raw.uom or line.uom or "").strip()
    return not content_said_elsewhere(said.notes + others, word, product, lambda a, b: same_unit_word(ctx, a, b))


def own_pack_by_money(ctx: Context, product: ProductRecord, line: OrderLine, res: UnitResolution,
                      lines: list[OrderLine], total: Decimal | None, raw: ExtractedLine, written: list[ExtractedLine],
                      md: MasterData, said: OrderWords | None = None) -> bool:
    """A package word whose stated content is exactly the product's own pack ("carton de 5 rames" for "box of 5
    reams", nothing else counted on the line: ``own_pack.states_own_pack``), its money read as printed
    (``own_pack.money_as_printed``) and the whole money rule holding (``own_unit_by_money``, ``whole``): that many
    of the product's own units. Anything less keeps the line's statement, and the line waits."""
    if not own_pack_said(ctx, product, line, raw):
        return False
    said = said or OrderWords()
    return money_as_printed(raw, said.mended) and own_unit_by_money(ctx, product, line, res, lines, total, raw,
                                                                    written, md, whole=True, said=said)


def own_pack_said(ctx: Context, product: ProductRecord, line: OrderLine, raw: ExtractedLine,
                  pack_nouns: bool = True) -> bool:
    """The line's words say its package holds exactly the product's own pack content (``own_pack.states_own_pack``;
    ``pack_nouns``: whether "Pakete", "paquets", "packs" may count as its reams)."""
    text = " ".join(dict.fromkeys(t for t in (raw.description, line.description) if t))
    word = raw.uom or line.uom or ""
    return states_own_pack(text, word, product, lambda a, b: same_unit_word(ctx, a, b), pack_nouns)


def _at_table_price(product: ProductRecord, line: OrderLine, res: UnitResolution) -> bool:
    """The line's price is exactly the conversion table's package of the product's units at the catalogue's price
    ("Karton" = 5 BX at 5 x 24,50 = 122,50): the money says a carton of boxes, not one box."""
    return (line.unit_price is not None and product.unit_price is not None and res.factor not in (None, 1)
            and line.unit_price == res.factor * product.unit_price)


def _own_pack_note(product: ProductRecord, line: OrderLine, raw: ExtractedLine, res: UnitResolution) -> Issue:
    """The own-unit note with what the carton holds: the other reading is the conversion table's carton (none
    named without one: five reams are no five boxes by themselves)."""
    note = _own_unit_note(product, line, raw, res)
    return note.model_copy(update={"message": note.message.replace(
        f"one {product.uom}: read as", f"one {product.uom}, the content the line states being the "
                                       f"{product.uom}'s own ({product.description}): read as", 1)})


def amount_printed(raw: ExtractedLine, mended: frozenset[str] | set[str] = frozenset()) -> bool:
    """The line's amount was printed by the customer: read, and where the reader marks where it read each
    field (a scan, a PDF), read in a box of its own; an amount the reader computed or repaired has none.
    ``mended``: the fields the OCR repair mended on this line (``line_repair.repaired_fields``): a mended amount,
    an empty cell filled in by the arithmetic included, is never printed, whatever box or confidence it ends with."""
    if raw.amount is None or "amount" in mended:
        return False
    return not raw.boxes or "amount" in raw.boxes


# A price said to be per another unit than a carton: "la boîte", "le classeur", "per box", "/Box", "pro Box",
# "je Paket", "je Stück", "each box", "à l'unité", "l'unité", "Stückpreis".
_PRICE_PER_OTHER = re.compile(
    r"(?:\b(?:la|le|les|l'|par|per|pro|je|each|a|an|the|/)\s*(?:bo[iî]te|box|boxe|paquet|packung|paket|pack|"
    r"st[uü]ck|stk|pi[eè]ce|classeur|ordner|ramette|ries|ream|unit[eé]|unit|piece|each|ea)\b"
    r"|/\s*(?:box|bx|pk|pck|stk|st[uü]ck|pce|pc|ea)\b|\bst[uü]ckpreis\b|\bprix\s+unitaire\s+par\b"
    r"|\bà\s+l'unit[eé]\b|\bpreise?\s+je\s+st[uü]ck\b)", re.IGNORECASE)


def price_qualified(line: ExtractedLine | OrderLine) -> bool:
    """The line's own words name a unit its price is per other than the written package ("à 24,50 EUR la
    boîte", "pro Box", "je Stück"), or the reader took a price unit of its own: such a price is no carton's."""
    if isinstance(line, ExtractedLine) and line.price_uom:
        return True
    return bool(line.description and _PRICE_PER_OTHER.search(line.description))


def word_used_otherwise(ctx: Context, line: OrderLine, raw: ExtractedLine | None, lines: list[OrderLine],
                        written: list[ExtractedLine], md: MasterData | None) -> bool:
    """Another line of the order writes the same package word ("cartons", "Ctn", "Kartons", "CT" for "carton":
    the words compared as the unit table reads them, ``same_unit_word``) at a price that is not its product's own
    unit's (a carton's price, "2 cartons à 156,00"): the writer's word means the larger package."""
    word = (raw.uom if raw is not None else None) or line.uom or ""
    if not word.strip() or md is None:
        return False
    for other, other_raw in zip(lines, written):
        if other is line or other.action == "delete":
            continue
        if not same_unit_word(ctx, other_raw.uom or other.uom or "", word):
            continue
        product = md.products.get(other.sku) if other.sku else None
        if product is None or product.unit_price is None or other.unit_price != product.unit_price:
            return True
    return False


def same_unit_word(ctx: Context, a: str, b: str) -> bool:
    """Two unit words name one unit: the same code by the unit table ("carton", "Cartons", "Ctn", "Kartons", "CT"),
    or, for words it does not know, the same word."""
    code_a, code_b = ctx.units.normalize(a), ctx.units.normalize(b)
    if code_a is not None or code_b is not None:
        return code_a == code_b
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _own_unit_note(product: ProductRecord, line: OrderLine, raw: ExtractedLine, res: UnitResolution) -> Issue:
    word = raw.uom or line.uom
    count = line.quantity.normalize()
    other = (f", not {converted_quantity(line.quantity, res.factor):f} {product.uom} "
             f"({res.factor.normalize():f} {product.uom} to one {line.uom} by unit_conversions.toml)"
             if res.how == "table" and res.factor is not None else "")
    return Issue(code="UOM-CONVERTED", severity="info", field=f"lines[{line.line_no}].uom",
                 message=f"line {line.line_no}: {count:f} {word} of {product.sku} at {line.unit_price}, the "
                         f"catalogue price of one {product.uom}: read as {count:f} {product.uom}{other}")


_HOW = {"customer": "the customer's conversion", "table": "unit_conversions.toml",
        "pack": "the product's pack size", "stated": "the pack its description states, the price one piece's"}


def typed_place_issues(ship_to: Address | None, fmt: str, customer: CustomerRecord | None,
                       action: str) -> list[Issue]:
    """``SHIP-TO-UNSURE`` for a delivery address typed in an e-mail that is not the customer's address on file:
    a new place typed by hand (a site, a new warehouse, a private address) is confirmed by a person before the
    goods go there. The pipeline lifts it when the customer's accepted orders went to that place before
    (``gateway.stages.anomaly.known_ship_to``)."""
    if fmt != "body_text" or ship_to is None or not (ship_to.street or ship_to.postcode) \
            or is_known_address(ship_to, customer) or typed_address_on_file(ship_to, customer):
        return []
    shown = ", ".join(v for v in (ship_to.name, ship_to.street, ship_to.postcode, ship_to.city) if v)
    return [Issue(code="SHIP-TO-UNSURE", severity="error" if action == "hold" else "warning",
                  field=TYPED_PLACE_ELEMENT,
                  message=f"a delivery address is typed that is not one of the customer's known places ({shown}): "
                          "a person confirms the new ship-to")]


def country_issues(extracted: ExtractedOrder, ship_to: Address | None, customer: CustomerRecord | None,
                   home: str | None, action: str, scan: bool = False) -> list[Issue]:
    """``SHIP-TO-UNSURE`` for a delivery address whose country it does not name and its words do not settle
    (``gateway.stages.ship_country``); never for the customer's own address on file."""
    party = extracted.party("ship_to")
    if ship_to is None or party is None or party.country or ship_to.country or not home:
        return []
    _country, doubt = place_country(party.postcode, party.city, party.street, home)
    if doubt is None or is_known_address(ship_to, customer, scan):
        return []
    return [Issue(code="SHIP-TO-UNSURE", field="ship_to", severity="error" if action == "hold" else "warning",
                  message=f"delivery address: {doubt}; a person says which country")]


def map_ship_to(order: ExtractedOrder, role: str = "ship_to", customer_name: str | None = None,
                home: str | None = None) -> Address | None:
    """The party of ``role`` (ship_to, invoice_to) as an address; a block naming no one but giving a street
    or city (a sheet's one-cell "720 N Water St, Milwaukee, WI 53202") is the customer's own site. An
    address that names no country takes it from its words (``gateway.stages.ship_country``: a known city,
    else the customer's country ``home`` when its postcode has that country's shape and its street is not
    written in another country's language), else its country stays unknown."""
    party = order.party(role)
    if party is None:
        return None
    country = party.country or place_country(party.postcode, party.city, party.street, home)[0]
    return Address(name=party.name or (customer_name if party.street or party.city else None), street=party.street,
                   city=party.city, postcode=party.postcode, country=country, gln=party.ids.get("gln"),
                   location_id=_location_id(party.ids), contact=party.contact)


def _location_id(ids: dict[str, str]) -> str | None:
    """The place's own id other than its GLN: the buyer's code first, else any other id the document gives
    it (a supplier-assigned or DUNS store number, an UBL ``DeliveryLocation/ID`` without a GLN scheme), named
    by its kind so the ERP can tell them apart."""
    if ids.get("buyer_assigned"):
        return ids["buyer_assigned"]
    if ids.get("gln"):
        return None  # the GLN names the place; a reference beside it (VAT, RFF) is no place id
    other = next(((k, v) for k, v in ids.items() if v and (k in LOCATION_ID_KINDS or k.startswith("party_id"))), None)
    if other is None:
        return None
    return other[1] if other[0] == "party_id" else f"{other[0]}:{other[1]}"


# Ids that name a place (never a tax number or a reference): the supplier's code for it, a mutually defined
# one, a DUNS store number, an UBL DeliveryLocation/ID of another scheme (party_id[:scheme])
LOCATION_ID_KINDS = frozenset({"supplier_assigned", "zz", "duns", "duns4"})


def map_order(ctx: Context, doc: DocumentRecord, extraction: Extraction, extracted: ExtractedOrder,
              customer: Customer | None, index: int) -> NormalizedOrder:
    md = ctx.master_data.current()
    customer = customer or Customer()
    extracted, place_issues = settle_line_places(extracted)
    extracted = settle_name_line(extracted, md.customers.get(customer.id or ""))
    read = extraction.format in READ_FORMATS
    standard = unit_standard(extraction.format)
    lines = [map_line(ctx, md, customer.id, line, i, tolerant=read, standard=standard)
             for i, line in enumerate(extracted.lines)]
    priced = priced_from_amount(extracted.lines, lines)
    lines, unit_issues = to_product_units(ctx, md, customer.id, lines, extracted.lines,
                                          words=not is_structured(extraction.format), total=extracted.total,
                                          order=extracted)
    header_conf = dict(extracted.confidence)
    confidence = order_confidence(extracted) if read else \
        min([*header_conf.values(), *(line.confidence for line in lines)], default=1.0)
    issues = [Issue(code=p.code, message=p.message, severity="warning")
              for p in extracted.problems if read and p.code in CHECK_CODES]
    issues += [Issue(code=p.code, message=p.message, severity="error") for p in extracted.problems
               if p.code in HOLD_CODES]
    notes = [n for n in doc.metadata.get("cover_instructions") or []  # "Anbei Bestellung für die Filiale Augsburg"
             if not names_the_orders_place(str(n), extracted.party("ship_to"))]  # over the order's own Augsburg address
    if notes and extraction.format != "body_text":
        place_issues = [*place_issues, Issue(
            code="COVER-NOTE", severity="error",
            message="the e-mail this document came with says more about the order, a person applies it: "
                    + "; ".join(repr(str(n)[:120]) for n in notes[:3]))]
    if (test_mode := sent_in_test_mode(extraction)) is not None:
        place_issues = [*place_issues, Issue(
            code="ORDER-TEST-MODE", severity="error",
            message=f"the partner sent this order in test mode ({test_mode}): not a production order")]
    if (not_ours := recipient_issue(ctx.config.own_company, extraction, extracted)) is not None:
        place_issues = [*place_issues, not_ours]
    if (not_us := supplier_issue(ctx.config.own_company, extracted)) is not None:
        place_issues = [*place_issues, not_us]
    issues += place_issues + priced + unit_issues + reading_issues(ctx, extracted, md.customers.get(customer.id or ""),
                                                                   scan=extraction.format == "ocr")
    # a description naming another product than the code's: typed or printed alike (outside trial: a printed line
    # with the stapler's code and the toner's name went out as staplers)
    issues += item_conflicts(ctx, md, customer.id, extracted.lines, lines,
                             typed=extraction.format == "body_text" or extraction.format in READ_FORMATS)
    evidence = dict(extracted.boxes)
    for line, mapped in zip(extracted.lines, lines):
        evidence.update({f"lines[{mapped.line_no}].{k}": box for k, box in line.boxes.items()})
    currency = order_currency(extracted.currency, md.customers[customer.id].currency if customer.id else "")
    home = md.customers[customer.id].country if customer.id and customer.id in md.customers else None
    ship_to = scanned_home(map_ship_to(extracted, customer_name=customer.name, home=home), extraction.format,
                           md.customers.get(customer.id or ""))
    place_action = ctx.config.decide.action("SHIP-TO-UNSURE")
    on_file = md.customers.get(customer.id or "")
    for place_check in (lambda: ship_to_issues(ship_to, extraction.format),  # the first doubt about the place only
                        lambda: typed_place_issues(ship_to, extraction.format, on_file, place_action),
                        lambda: country_issues(extracted, ship_to, on_file, home, place_action,
                                               scan=extraction.format == "ocr")):
        if place_action == "off" or any(i.code == "SHIP-TO-UNSURE" for i in issues):
            break
        issues += place_check()
    return NormalizedOrder(
        order_id=f"{doc.id}-{index + 1:03d}", kind=extracted.kind, customer=customer,
        po_number=extracted.po_number, order_date=column_order_date(ctx, doc, extracted),
        requested_delivery_date=requested_delivery_date(extracted),
        currency=currency,
        ship_to=ship_to,
        bill_to=map_ship_to(extracted, "invoice_to", home=home), lines=lines, total=extracted.total,
        dates_in_words=[f for f in extracted.dates_in_words if f in ("order_date", "requested_delivery_date")],
        allowances=list(extracted.allowances), notes=erp_notes(ctx, extracted, on_file, read),
        payment_terms=extracted.payment_terms,
        references={**extracted.references, **({"deployment_mode": "test"}
                                               if sent_in_test_mode(extraction) is not None else {})},
        source=Source(document_id=doc.id, channel=doc.channel, format=extraction.format,
                      sender=doc.sender, filename=shown_name(doc.filename), sha256=doc.sha256,
                      received_at=doc.received_at, parent_document_id=doc.parent_id,
                      message_ref=extracted.message_ref),
        sla=Sla(received_at=doc.received_at, extracted_at=utcnow()),
        confidence=round(confidence, 4), field_confidence=header_conf, evidence=evidence, issues=issues,
    )



def order_currency(read: str | None, customers: str) -> str | None:
    """The order's currency: what the document states, else the customer's. A page that marks its
    amounts only with ``$`` is in the customer's dollars when it buys in dollars, else in US dollars
    (held against a customer who buys in euros)."""
    if read == "$":
        return customers if customers.upper() in DOLLARS else "USD"
    return read or customers or None


def scanned_home(address: Address | None, fmt: str, customer: CustomerRecord | None) -> Address | None:
    """A delivery address read from a scan that holds the customer's own street and postcode is that
    address as the master data spells it (OCR's "Magasin — 18 rue des. Tanneurs" is 18 rue des Tanneurs)."""
    if fmt != "ocr" or customer is None or not is_known_address(address, customer, scan=True):
        return address
    return Address(name=customer.name, street=customer.street, city=customer.city or None,
                   postcode=customer.postcode, country=customer.country or None)

"""From pages of words with boxes and confidences (pdfplumber or tesseract) to an ``Extraction``
holding one ``ExtractedOrder``: the step ``pdf_text`` and ``ocr`` share.

``read_order_document`` sequences it: rows -> classify (order or not, language, sender hints) ->
choose a template (forced by the partner config, else the first whose match rules fit, else the
generic dictionaries) -> header fields -> line table -> the order, with a confidence and a box
per field. Confidences here come from reading alone (OCR word confidence, label and parse
strength); ``gateway.stages.item_matching.score_order`` adjusts them with cross-checks later.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from extractors.base import ExtractHints
from extractors.own_company import OwnCompany
from extractors.capture.classify import Classification, classify_document, find_sender_hints, guess_language, header_text
from extractors.capture.charges import apply_discount, split_charges
from extractors.capture.weeks import find_week, week_after, yearless_week
from extractors.capture.header_fields import BLANKET, DATE_FIELDS, GENERIC_LABELS, FieldValue, field_index, find_header_fields, hidden_cell
from extractors.date_evidence import date_order_of
from extractors.capture.item_codes import (IN_DESCRIPTION, code_in_description, item_code_shape, leading_code, party_code,
                                          party_code_in_description)
from extractors.capture.labels import label_key, split_glued
from extractors.capture.edge_values import clipped_po
from extractors.capture.layout_spec import GENERIC_SPEC, LayoutSpec
from extractors.capture.money_signs import printed_currency
from extractors.locale_values import STRAY_LEAD, DocLocale, fold, locale_for, parse_date, parse_number, written_in_words
from extractors.capture.ruled_cells import page_rows
from extractors.capture.po_split import po_segments, several_on_a_page
from extractors.capture.fax_banner import asked_beside, banner_remnant, is_banner
from extractors.pricing import line_amount
from extractors.capture.table_block import table_block_problems
from extractors.capture.block_sums import row_role, with_common_vat
from extractors.capture.positions import glued_positions, runs_as_positions
from extractors.capture.address_blocks import read_ship_to, scanned_blocks
from extractors.capture.address_agreement import SCANNED_ELEMENT, address_boxes
from extractors.capture.mended_dates import MENDED_CONFIDENCE, MENDED_ELEMENT, mend_date
from extractors.capture.blank_cells import defer_blank_rows
from extractors.capture.page_notes import page_notes, short_questions, trailing_notes, urgent_title, when_asked
from extractors.capture.leading_notes import leading_notes
from extractors.capture.glued_notes import split_glued_notes
from extractors.capture.priced_items import priced_items_doubt, quote_request
from extractors.capture.watermarks import watermark_notes, watermark_problems
from extractors.weekdays import weekday_mismatches, weekday_problems
from extractors.capture.ship_to import NAME_ELEMENT, ShipToRead, add_ship_to, find_ship_to
from extractors.capture.sentence_total import sentence_total
from extractors.capture.spilled_columns import as_printed
from extractors.capture.struck import flag_struck_lines
from extractors.capture.typed_rows import TYPED_ROW_CONFIDENCE, typed_reading
from extractors.capture.cover_sheet import without_cover
from extractors.capture.crossed_cells import CODE as CROSSED_CODE
from extractors.capture.ship_to import delivery_instruction
from extractors.capture.store_column import site_problems
from extractors.capture.number_style import number_style_problems
from extractors.capture.table import find_lines, position_notes, shop_quantity
from extractors.capture.table_cells import table_context
from extractors.capture.table_cells import NUMBER_UNIT, LineCells, TableResult, TotalFound, spaced_words
from extractors.capture.value_columns import thousands_joined
from extractors.capture.templates import choose_template, load_templates, yields_less
from extractors.units import TABLE, UnitTable, bare_unit, unit_code, unit_word
from extractors.releases import printed_release
from extractors.capture.wrapped_codes import join_wrapped_codes
from extractors.capture.words import (CutCode, PageWords, Phrase, Row, Word, box_of, group_rows, page_text,
                                      typical_height)
from extractors.capture.unsettled_dates import unsettled_date_problems
from extractors.capture.crossed_borders import crossed_po_problems
from extractors.capture.unread_items import unread_item_notes
from extractors.capture.reference_po import CONFIDENCE as REFERENCE_CONFIDENCE, reference_po
from gateway.model import Box, DocType, ExtractedLine, ExtractedOrder, Extraction, Party, Problem, order_adjustment

CODE_FIELDS = {"code": "customer_item", "customer_item": "customer_item", "supplier_item": "supplier_item",
               "gtin": "gtin"}
CORROBORATION = 0.3  # a PO number read twice keeps this share of its doubt
UNREAD_DATE = 0.5  # delivery date confidence when an unassigned date sits in the header
UNCLASSIFIED = 0.8  # confidence factor for an order found in a document with no order title
# a label that names the order: its number's or its date's ("Order number", "Bestelldatum", "N° de commande"), not
# a document's ("Belegnummer", "N° pièce")
ORDER_WORD = re.compile(r"command|bestell|order|auftrag|purchase|einkauf|\bp\.?\s?o\b|\bbc\b")
CENT = Decimal("0.01")
INVOICE_CLEARLY = 1.5  # an invoice's titles outweighing its order words this much: the order number it cites is no order
INVOICE_LONE_WORD = 1.0  # one invoice word alone ("Total TTC", "Due date") and no title: a web shop's order summary prints it too
FAX_LINE = 0.03  # top share of a page where the sending fax machine prints its line


def document_rows(pages: list[PageWords], ocr: bool = True) -> list[Row]:
    """Rows of every page, top to bottom, glued "label:value" words split, without the page footer a
    document repeats on each page nor, on a scan (``ocr``), the sending fax machine's header line
    (``fax_banner``). On a scan a code wrapped at its hyphen in its cell is one word (``wrapped_codes``); a text PDF's cells
    keep their lines for the table reader, which joins a wrapped cell itself."""
    rows: list[Row] = []
    for page in pages:
        words = split_glued(page.words)
        split = PageWords(page.page, page.width, page.height, tuple(join_wrapped_codes(words) if ocr else words))
        rows.extend(page_rows(split, page.tables) if page.tables else group_rows(split))
    heights = {p.page: p.height for p in pages}
    if ocr:  # a fax machine prints its line on faxes and scans; a text PDF's running head is the document's own
        rows = [kept for r in rows for kept in _without_banner(r, heights.get(r.page, 0.0))]
    return _without_page_footers(rows, heights)


def _without_banner(row: Row, page_height: float) -> list[Row]:
    """The row, or none when it is the fax header line (``fax_banner``); a question written beside that line in
    the top strip ("KW 50 ?") is kept as a row of its own."""
    texts = [w.text for w in row.words]
    if not (is_banner(texts, row.y0, page_height) or banner_remnant(texts, row.y0, page_height)):
        return [row]
    asked = [p for p in _far_apart(row) if asked_beside([w.text for w in p.words])]
    return [Row(row.page, tuple(w for p in asked for w in p.words), tuple(asked))] if asked else []


def _far_apart(row: Row) -> list[Phrase]:
    """The row's words in groups split at gaps wider than ``BESIDE`` word heights (the header line, a note beside)."""
    gap = BESIDE * max(typical_height(row.words), 1.0)
    groups: list[list[Word]] = [[row.words[0]]]
    for word in row.words[1:]:
        if word.x0 - groups[-1][-1].x1 > gap:
            groups.append([])
        groups[-1].append(word)
    return [Phrase(tuple(g)) for g in groups]


BESIDE = 4.0


FOOTER_ZONE = 0.12  # bottom share of a page where a running footer is printed


def _without_page_footers(rows: list[Row], heights: dict[int, float]) -> list[Row]:
    """Rows in the bottom ``FOOTER_ZONE`` of their page whose text (numbers aside: "Seite 1 von 2")
    recurs at the same height on another page: a running footer ("Firma · Bestellung X · Amtsgericht
    ..."), not a row of the table running through the page."""
    if len(heights) < 2:
        return rows
    def key(row: Row) -> tuple[str, int]:
        return re.sub(r"\d+", "#", row.text), round(row.y0 / 10)
    bottom = [r for r in rows if r.y0 >= heights[r.page] * (1 - FOOTER_ZONE)]
    pages_of: dict[tuple[str, int], set[int]] = {}
    for row in bottom:
        pages_of.setdefault(key(row), set()).add(row.page)
    footers = {id(r) for r in bottom if len(pages_of[key(r)]) >= 2}
    return [r for r in rows if id(r) not in footers] if footers else rows


SURE_DATE = 0.9  # a fax's word read at least this surely may settle the document's day/month order
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d{1,3}(?:[. ]\d{3})*,\d{2}(?![\d.,])")


# Amounts that say how the document writes its numbers whatever its customer's language: "3,600.00" and "1.20"
# (a point before the cents), "3.600,00" and "1,20" (a comma)
_POINT_CENTS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}(?![\d.,])")
_COMMA_CENTS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+|\d+),\d{2}(?![\d.,])")
_POINT_GROUPS, _COMMA_GROUPS = re.compile(r"\d,\d{3}\.\d{2}(?![\d.,])"), re.compile(r"\d\.\d{3},\d{2}(?![\d.,])")
NUMBERS_SEEN = 2  # amounts written one way, none the other, that settle it


def numbers_as_written(loc: DocLocale, text: str) -> DocLocale:
    """The locale whose decimal mark the document's own amounts use, when they all use one and it is not the
    customer's: a German customer's print in English ("3,000" m at "1.20" for "3,600.00") writes its thousands
    with a comma; at least one amount grouped in thousands that way and ``NUMBERS_SEEN`` amounts with cents, none
    the other way, else the locale as it was (the line arithmetic still checks each number)."""
    point, comma = len(_POINT_CENTS.findall(text)), len(_COMMA_CENTS.findall(text))
    if loc.decimal == "," and point >= NUMBERS_SEEN and not comma and _POINT_GROUPS.search(text):
        return replace(loc, decimal=".", thousands=(",",))
    if loc.decimal == "." and comma >= NUMBERS_SEEN and not point and _COMMA_GROUPS.search(text):
        return replace(loc, decimal=",", thousands=(".", " ", "\u202f", "\xa0"))
    return loc


def _sure_texts(rows: list[Row]) -> list[str]:
    """The rows' texts of the words read surely (a fax's: a doubtful word is left out)."""
    return [" ".join(w.text for w in row.words if w.conf >= SURE_DATE) for row in rows]


def read_order_document(pages: list[PageWords], hints: ExtractHints, fmt: str, ocr: bool) -> Extraction:
    """The ``Extraction`` of a captured document. Raises ConfigError for a broken template
    file or a forced template that does not exist."""
    rows = document_rows(pages, ocr)
    height = pages[0].height if pages else 1.0
    cls = classify_document(rows, height)
    language = guess_language(rows)
    sender = find_sender_hints(rows, height, hints.own)
    spec = with_deployment_units(_choose_spec(rows, hints), hints.units)
    loc = spec.locale or locale_for(hints.locale, language or _first(hints.languages))
    cover: list[int] = []
    if ocr:  # a fax's cover sheet: its "Date :" is the day it was sent, its page no first page of the order
        rows, cover = without_cover(rows, table_context(spec, loc, ocr))
    # the document's own dates with a day over 12 settle its order (on a fax, only dates read surely: a misread
    # digit is no evidence); a page's "11.30.2026" or "18/12/2026" settles its "02.03.2027" or "12/11/2026"
    seen = date_order_of(_sure_texts(rows) if ocr else (row.text for row in rows))
    if loc.dots_day_first and (seen == "mdy" or not _DECIMAL_COMMA.search(" ".join(r.text for r in rows))):
        # dots read day first for the document's language only when its amounts are written the same way too
        # ("9,50"): a US letter naming its items in French is no French writer's (review revA D4)
        loc = replace(loc, dots_day_first=False)
    if spec.locale is None and hints.locale is None and seen:
        loc = replace(loc, date_order=seen, guessed=False)
    if spec.locale is None and not ocr:  # on a fax a point misread for a comma is no evidence
        loc = numbers_as_written(loc, " ".join(row.text for row in rows))
    metadata = {
        "page_sizes": [[round(p.width, 1), round(p.height, 1)] for p in pages], "template": spec.name,
        "language": language, "classification": {k: round(v, 2) for k, v in cls.scores.items()},
        "decimal_mark": loc.decimal, "date_order": loc.date_order, "date_order_seen": seen,
        "header_text": header_text(rows, height),
    }
    if cover:
        metadata["cover_pages"] = cover
    base = Extraction(format=fmt, doc_type=DocType.OTHER, pages=len(pages), sender_hints=sender,
                      metadata=metadata, detail=f"template:{spec.name}" if spec is not GENERIC_SPEC else "generic")
    read = lambda part: _read_one(part, [pages[n - 1] for n in sorted({r.page for r in part})], ocr,  # noqa: E731
                                  spec, loc, hints, language, list(cls.title_rows), height, base)
    confirmation = cls.doc_kind == "other" and cls.only_confirmation()
    seller = _sellers_confirmation(rows, height, hints.own) if confirmation else None
    if cls.doc_kind in ("invoice", "other"):
        doubt = read(rows)
    if seller:
        doubt.problems.append(Problem(code="SELLER-CONFIRMATION", severity="error", message=(
            f"the document, titled {cls.named('other')}, is a seller's confirmation of an order ({seller}; "
            f"PO {doubt.po_number or 'unread'}, {len(doubt.lines)} line(s)), not the customer's order: a person "
            f"decides")))
        orders = [doubt]
    elif confirmation and doubt.po_number and doubt.lines and doubt.order_date and _buyers_print(rows):
        orders = [doubt]  # the buyer's own print of the order it places ("Order confirmation"): its order
    elif cls.doc_kind in ("invoice", "other"):
        invoice = cls.doc_kind == "invoice" and cls.scores["invoice"] >= INVOICE_CLEARLY * cls.scores["order"]
        lone_word = cls.doc_kind == "invoice" and cls.scores["invoice"] <= INVOICE_LONE_WORD
        if ((invoice and not lone_word) or not ((cls.scores["order"] > 0 or cls.confirms_an_order() or lone_word)
                                                and doubt.po_number and (doubt.lines or confirmation))) \
                and not (cls.terms and (doubt.lines or doubt.po_number)):
            # a confirmation naming its order's number waits; so does a PO with items beside one invoice word, and
            # items or a PO number read under a terms-and-conditions heading (review S4: never filed away unseen)
            # an order confirmation with priced items (a web shop's "Confirmation de commande" that a known customer
            # forwards as its order) waits like a quotation with prices, never filed away as no order (t2 E1)
            priced = None if cls.doc_kind == "invoice" else priced_items_doubt(doubt, cls.named("other"))
            asked = None if priced or cls.doc_kind == "invoice" or confirmation else cls.asks_a_quote()
            if asked:  # a request for quotation without prices: a question a person answers, never filed unseen
                base.problems.append(quote_request(asked, doubt))
            if priced is not None:  # a quotation with priced items: held by the gateway when a customer sent it
                base.problems.append(priced)
            return _typed(base, DocType.INVOICE if cls.doc_kind == "invoice" else DocType.OTHER)
        doubt.problems.append(_classify_doubt(cls, doubt))
        orders = [doubt]
    else:
        orders = [read(segment) for segment in po_segments(rows, spec, loc, ocr)]
    if len(orders) > 1 and not all(order.lines for order in orders):
        orders = [read(rows)]  # a page with another number but no items: not an order of its own
    for order in orders:
        order.problems += page_notes(rows, order)  # "STORNO", "Pos. 20 entfällt", "deliver this order to ..."
        _page_release(rows, order)  # "Abruf-Nr. 7", "Release No. 44 against blanket order BO-2201"
        if (urgent := urgent_title(rows, height)) and urgent not in order.notes:
            order.notes.append(urgent)  # "COMMANDE URGENTE", "EILBESTELLUNG": the decide stage's urgency (review F14)
        if ocr:  # "Please add 5 x SKU-1005" under a faxed form's items: the order's note, read by a person
            order.problems += short_questions(rows, order)  # "KW 51 ?" written in the top margin
            trailing = trailing_notes(rows, order)
            order.notes += [n for n in trailing if n not in order.notes]
            # "URGENT - livrer demain svp !": its urgency word is the decide stage's, the day asked for a person's
            told = {p.message for p in order.problems}
            for asked in when_asked(trailing):  # a sentence on two rows of the reading is named once
                if asked.message not in told:
                    told.add(asked.message)
                    order.problems.append(asked)
        else:  # a text PDF's sentences under the items, harmless ones too: the ERP file carries them (issue 17)
            order.notes += [n for n in trailing_notes(rows, order, talk_only=False)[:10]
                            if not any(n in known for known in order.notes)]  # a line's text already noted
            # "Livraison par l'arrière, quai 3" beside the letterhead, above the items: a note too (issue 18)
            order.notes[:0] = [n for n in leading_notes(rows, order, label_spans(spec))
                               if not any(n in known for known in order.notes)]
            order.problems += unread_item_notes(order, order.notes, loc)  # an item's row left as a note
        # "Liefertermin: Freitag, 10.12.2026" where the 10th is a Thursday: one of the two is wrong
        order.problems += weekday_problems(weekday_mismatches([r.text for r in rows], loc, order.order_date,
                                                              order.order_date), order.order_date)
        # "06.12.2026" in an English fax of a customer with no country or language on file: which is the day?
        order.problems += unsettled_date_problems(order, (r.text for r in rows), loc)
        if not ocr:  # "1,500" m at "2" for "3,000": which mark is the decimals', nothing in the document says
            order.problems += number_style_problems(order, (r.text for r in rows), loc)
        if sender:
            order.parties.append(Party(role="buyer", ids=dict(sender)))
        if cls.doc_kind == "unknown" and not (order.po_number and order.lines) and not _order_signals(order):
            return _typed(base, DocType.OTHER)
        if cls.doc_kind == "unknown" and not _reads_as_order(order, ocr):  # no title, no order words: less sure
            order.confidence = {k: v * UNCLASSIFIED for k, v in order.confidence.items()}
        base.orders.append(order)
    return _typed(base, DocType.ORDER)


def _read_one(rows: list[Row], own_pages: list[PageWords], ocr: bool, spec: LayoutSpec, loc: DocLocale,
              hints: ExtractHints, language: str | None, title_rows: list[Row], height: float,
              base: Extraction) -> ExtractedOrder:
    """The order of ``rows`` (the pages of one purchase order): header, lines and, from its pages, the
    delivery address (on a scan only under its label, and always doubted: see ``scanned_ship_to``)."""
    order = build_order(rows, spec, loc, ocr, title_rows, height)
    if spec is not GENERIC_SPEC:  # a template that reads less than the generic reader gives way to it
        generic_loc = locale_for(hints.locale, language or _first(hints.languages))
        generic = build_order(rows, GENERIC_SPEC, generic_loc, ocr, title_rows, height)
        if yields_less(order, generic):
            order, base.detail = generic, f"generic (template {spec.name} read less)"
            base.metadata.update(template=GENERIC_SPEC.name, template_fallback=spec.name)
    if ocr and not order.lines and any(p.code == "LAYOUT-NO-TABLE" for p in order.problems):
        order.lines, unread, total = typed_reading(rows, hints)  # a letter's items typed as sentences
        if total is not None and order.total is None:  # "Total: 40.00" typed under them: the lines are checked
            order.total, order.confidence["total"] = total, TYPED_ROW_CONFIDENCE
        order.problems += unread
    order.language = language
    if order.lines and (several := several_on_a_page(rows, spec, loc, ocr)) is not None:
        order.problems.append(several)  # two orders one under the other: never delivered merged
    if order.currency is None and not ocr:  # no "Currency:" label: the signs beside the amounts (not on a
        order.currency = printed_currency(row.text for row in rows)  # scan: "$" and "S" look alike)
    if own_pages:
        add_ship_to(order, scanned_ship_to(own_pages, hints.own) if ocr else read_ship_to(as_printed(own_pages), hints.own))
        flag_struck_lines(order, own_pages)
        order.problems += crossed_po_problems(order, own_pages)  # "778120" run into the "03.2026" beside it
        order.problems += watermark_problems(own_pages)  # "DRAFT" printed across the page: not approved yet
        order.notes += [n for n in watermark_notes(own_pages) if n not in order.notes]
    clipped_po(order, own_pages)  # a PO run past the page's edge (a borderless sheet's last column)
    return order


_SELLER_SAYS = re.compile(
    r"\b(we confirm|we are pleased to confirm|thank you for your (?:order|purchase)|your order (?:no|number|ref|#|:)|"
    r"your po\b|"
    r"wir bestatigen|(?:wir bedanken uns|vielen dank) fur ihre[nr]? (?:auftrag|bestellung)|ihre bestellung\b|"
    r"ihr auftrag\b|ihre bestell-? ?(?:nr|nummer)|nous confirmons|nous accusons reception|"
    r"(?:merci|nous vous remercions) (?:pour|de) votre commande|votre commande\b|"
    r"votre (?:n°|no|numero) de commande|votre bon de commande)")


def _sellers_confirmation(rows: list[Row], height: float, own: OwnCompany) -> str | None:
    """Why an order confirmation is the seller's (ours, mailed back in), not the buyer's own print of
    the order it places: our company heads it, or it speaks to the buyer of "your order" ("Ihre
    Bestellung", "votre commande", "we confirm"); None when it is no seller's."""
    top = [r.text for r in rows if r.page == 1 and r.y1 <= height * 0.35]
    if own and top and own.is_our_block(top[:3]):
        return f"issued by us: {top[0]!r}"
    for row in rows:
        said = _SELLER_SAYS.search(fold(row.text).lower())
        if said:
            return f"{row.text.strip()!r}"
    return None


# "Supplier: Meridian Office Supply Ltd", "Vendor:", "Lieferant:", "Fournisseur :": the buyer names whom it orders from
_SUPPLIER_LABEL = re.compile(r"^\s*(?:supplier|vendor|lieferant|fournisseur)\b\s*[:：]?\s*[^\W\d_]")
# "Customer: Northgate Supplies Ltd", "Kundennummer: 10442", "Client :": the seller names whom it sells to
_CUSTOMER_LABEL = re.compile(r"\b(?:customer|client|kunde|kunden-?(?:nr|nummer)|kundennummer|sold[ -]to|auftraggeber)\b")


def _buyers_print(rows: list[Row]) -> bool:
    """An order confirmation that is clearly the buyer's own print of the order it places: it names its
    supplier under a label and no customer of its own; anything else titled a confirmation (a seller's, ours
    mailed back in when ``[own_company]`` is not configured) waits (CLASSIFY-DOUBT)."""
    texts = [fold(row.text).lower() for row in rows]
    return any(_SUPPLIER_LABEL.match(t) for t in texts) and not any(_CUSTOMER_LABEL.search(t) for t in texts)


def scanned_ship_to(pages: list[PageWords], own: OwnCompany = OwnCompany()) -> ShipToRead | None:
    """The delivery address under its label on a scanned order's first page (a fax; a label read
    with OCR damage, "Lieferaciresse", is a label). A misread address looks like a new one, so it
    is always held for a person (``SHIP-TO-UNSURE``) unless the gateway finds the customer's own
    address on file in it (or both OCR engines read it alike: ``address_agreement``); a label with nothing
    readable under it holds too. Without a readable
    label, the address blocks of the pages (``scanned_blocks``)."""
    found = find_ship_to(pages[0], fuzzy=True)
    if found is None:
        return scanned_blocks(pages, own)  # no label read: the address blocks may hold it
    if found.party is None or (found.doubt and found.element != NAME_ELEMENT):
        return found
    # a name that may go on in the site line under it is settled by the name on file, the address read
    # from a scan is not: it waits all the same unless it is the customer's own (mapping)
    party = found.party
    shown = ", ".join(v for v in (party.name, party.street, party.postcode, party.city) if v)
    lines = [v for v in (party.name, party.street, " ".join(v for v in (party.postcode, party.city) if v)) if v]
    if own and own.is_our_block(lines, scanned=True):  # our name or street and postcode, OCR slips aside (review F13)
        return ShipToRead(None, f"the address under the delivery label is our own ({shown}): never the delivery "
                                f"address; a person asks the customer where the goods go")
    return ShipToRead(party, f"a delivery address read from a scan ({shown}): a person checks it",
                      element=SCANNED_ELEMENT, boxes=address_boxes(pages[0], party, found.words))


def _reads_as_order(order: ExtractedOrder, ocr: bool) -> bool:
    """An untitled document that states what only an order states together: a PO number, an order
    date and a requested delivery date by their labels, and priced lines whose amounts give the
    stated total (an invoice names itself, a delivery note has no prices, a receipt says paid). A web
    shop's print states no delivery date: there, its number and its date under their own labels naming the
    order, word for word on a text layer ("Order number", "Bestelldatum"), say it instead."""
    named = not ocr and {"po_number", "order_date"} <= set(order.order_labels)
    if not (order.po_number and order.order_date and (order.requested_delivery_date or named) and order.lines):
        return False
    amounts = [ln.amount for ln in order.lines]
    if order.total is None or any(a is None or ln.unit_price is None for a, ln in zip(amounts, order.lines)):
        return False
    return abs(sum(a for a in amounts if a is not None) + order_adjustment(order.allowances) - order.total) < CENT


def _order_signals(order: ExtractedOrder) -> bool:
    """An untitled document still looks like an order when it has a PO number, read lines, or a
    line table header (quantity / item columns) or item-like rows: it is held, never dropped."""
    codes = {p.code for p in order.problems}
    return bool(order.po_number or order.lines or "LAYOUT-NO-TABLE" not in codes or "LAYOUT-ROW-UNREAD" in codes)


def _classify_doubt(cls: Classification, doubt: ExtractedOrder) -> Problem:
    """The hold of a document that reads both as another kind of document and as an order."""
    why = cls.named(cls.doc_kind)
    return Problem(code="CLASSIFY-DOUBT", severity="error", message=(
        f"the document reads as {'an invoice' if cls.doc_kind == 'invoice' else 'a quote, receipt or notice'}"
        f"{f' ({why})' if why else ''} and as an order ({'an order title, ' if cls.scores['order'] > 0 else ''}"
        f"PO {doubt.po_number}, {len(doubt.lines)} line(s)): a person decides"))


def _typed(extraction: Extraction, doc_type: DocType) -> Extraction:
    extraction.doc_type = doc_type
    return extraction


def _first(items: tuple[str, ...]) -> str | None:
    return items[0] if len(items) == 1 else None


def with_deployment_units(spec: LayoutSpec, table: UnitTable) -> LayoutSpec:
    """The spec with the deployment's own unit words (``mappings/units.toml``) beside its template's:
    a word the deployment added reads as surely as a built-in one."""
    added = {fold(word).lower(): code for word, code in table.words if (word, code) not in _BUILT_IN}
    if not added:
        return spec
    return replace(spec, units=MappingProxyType({**added, **spec.units}))


_BUILT_IN = frozenset(TABLE.words)
YEARLESS_WEEK = 0.95  # a week's year taken from the order date


def _choose_spec(rows: list[Row], hints: ExtractHints) -> LayoutSpec:
    folder = hints.templates_dir or (hints.mappings_dir / "templates" if hints.mappings_dir else None)
    templates = load_templates(folder if folder and Path(folder).is_dir() else None)
    template = choose_template(templates, page_text(rows), hints.sender, hints.template, folder)
    return template.spec if template else GENERIC_SPEC


def build_order(rows: list[Row], spec: LayoutSpec, loc: DocLocale, ocr: bool,
                title_rows: list[Row], page_height: float = 0.0) -> ExtractedOrder:
    """The order read from ``rows`` under ``spec`` (header fields, lines, total)."""
    table = find_lines(rows, spec, loc, fuzzy=ocr)
    skipped = {id(r) for r in table.side_rows}  # an information table's rows lend no date, no number
    fields = find_header_fields([r for r in rows if id(r) not in skipped], spec, loc, fuzzy=ocr,
                                title_rows=title_rows)
    order = ExtractedOrder()
    if (frame := fields.pop(BLANKET, None)) is not None:  # "Rahmenbestellung 4500012345" beside the PO's own label
        order.references["blanket"] = str(frame.value)
    _one_date_one_field(fields, order)
    for name, found in fields.items():
        _set_header(order, name, found, rows)
    if order.po_number is None and not ocr:  # Xero's "Reference  PO-0417" beside "Purchase Order": its PO
        _reference_po(order, rows, table, title_rows)
    _numbers_not_positions(table.lines)
    built = [build_line(n, cells, spec, loc, ocr) for n, cells in enumerate(table.lines, 1)]
    glued, in_line = split_glued_notes(built, [cells.cells.get("description", []) for cells in table.lines])
    order.notes += glued  # "Livrer avant 10h" typed under an item's description, in its cell
    order.problems += in_line
    order.notes += position_notes(table, [line.line_no for line in built])
    order.problems += site_problems(table.sites)  # "Magasin Bron, 22 avenue ...": each line its own place
    if ocr:
        _corrected_quantities(built, table, order)
        _crossed_quantities(built, table, order)
    built = _without_copy_pages(built, table, rows, order)
    _unnamed_prices(built, table, order, loc)
    order.lines, order.allowances = split_charges(built)
    _stacked_codes(order.lines)
    _drop_line_date_as_header(order)
    _flag_missing_units(order.lines)
    _prices_as_amounts(order, table)
    own = list(order.allowances)
    _set_total(order, table, tax_rates(rows))
    if not ocr:  # adds up as a whole; a scan's lines are settled later (both engines, rereads): its total is checked
        # against the final lines by the gateway (outside trial: a fax's block was checked without its first line)
        order.problems += table_block_problems(table, order.lines, own, rows, order.references)
    if order.total is None and order.lines:  # a letter: "The total value of this order is $1,020.00."
        ends = {id(line.last_row) for line in table.lines}
        last = max((k for k, r in enumerate(rows) if id(r) in ends), default=-1)
        texts = [r.text for r in rows[last + 1:]]  # the sentences under the items, not the table's own titles
        if (stated := sentence_total(texts + [a + " " + b for a, b in zip(texts, texts[1:])], loc)) is not None:
            order.total = stated[0]
            order.confidence["total"] = stated[1]
    blank = list(table.not_filled)
    if table.not_ordered and not (order.lines and order.total is not None and _lines_give(order.lines, order.total)):
        blank += table.not_ordered  # blank rows of a form are not ordered when the total says so
    # else a form's rows with nothing read in their quantity cell wait for a person even when other rows were
    # filled in: a typed or written quantity OCR lost reads the same (a held-out fax of issue 23 lost its "8"
    # so and went through short of that line); on a read page the cell's ink is looked at (blank_cells)
    looked = [row for row in blank if ocr and id(row) in table.quantity_cells]
    table.unread.extend(row for row in blank if not (ocr and id(row) in table.quantity_cells))
    if ocr and table.unread:
        table.unread[:] = [row for row in table.unread if not _own_position_row(row, table.lines)]
    defer_blank_rows(order, looked, table.quantity_cells)
    if _lines_dated(order):
        pass  # every line carries its date: none is missing from the header
    elif (order.requested_delivery_date is None and order.order_date is not None
          and (unread := _label_without_value(rows, spec, ocr))
          and (monday := week_after(unread, order.order_date)) is not None):
        order.requested_delivery_date = monday  # "Liefertermin: KW 3" on an order of December: next January's week 3
        order.confidence["requested_delivery_date"] = min(order.confidence.get("order_date", 1.0), YEARLESS_WEEK)
        order.problems.append(Problem(  # a week is a window, as one printed with its year
            code="DELIVERY-WINDOW-WIDE", severity="warning", element="requested_delivery_date",
            message=f"the requested delivery is a window ({unread[:60]!r}, the year taken from the order date): "
                    f"its first day {monday} is read; a person confirms"))
    elif order.requested_delivery_date is None and (unread := _label_without_value(rows, spec, ocr)) and ocr \
            and _mend_unread_date(order, rows, spec, loc, unread):
        pass  # "12/15/202 6": one slip mended, for the other engine to confirm
    elif order.requested_delivery_date is None and (unread := _label_without_value(rows, spec, ocr)):
        order.confidence["requested_delivery_date"] = 0.0
        order.problems.append(Problem(code="LAYOUT-UNREAD-DATE", severity="warning",
                                      message="a delivery date label was found but no date could be read by it"))
        week = " (a calendar week without its year)" if yearless_week(unread) else ""
        order.problems.append(Problem(
            code="DELIVERY-DATE-MISSING", severity="error", element="requested_delivery_date",
            message=f"the requested delivery date is printed as {unread[:60]!r}{week}, which could not be read as "
                    f"a date: no date is taken from elsewhere; a person enters it"))
    elif order.requested_delivery_date is None and _unassigned_date(rows, order, page_height):
        order.confidence["requested_delivery_date"] = UNREAD_DATE
        order.problems.append(Problem(code="LAYOUT-UNASSIGNED-DATE", severity="warning",
                                      message="a date in the header is neither the order nor the delivery date"))
    for name in _hidden_fields(rows, spec, ocr):
        if getattr(order, name, None) is None:
            order.confidence[name] = 0.0
            order.problems.append(Problem(code="LAYOUT-HIDDEN-CELL", severity="warning",
                                          message=f"{name}: its cell is printed as ### (too narrow for its value)"))
    if table.apart:
        _columns_apart(order, table)
    elif table.unread:
        order.confidence["rows"] = 0.5
        order.problems.append(Problem(code="LAYOUT-ROW-UNREAD", severity="warning",
                                      message=f"{len(table.unread)} row(s) of the line table could not be read "
                                              f"as items: {table.unread[0].text[:60]!r}"))
    for title, count, not_ordered in table.side:
        order.problems.append(Problem(
            code="TABLE-SIDE-SKIPPED" if not_ordered else "TABLE-SIDE", severity="warning", message=(
                f"a second table under the items, titled {title[:80]!r} ({count} row(s)), "
                + ("lists no ordered items: its rows are not order lines" if not_ordered else
                   "may not list ordered items: its rows were read as lines, a person decides"))))
    if not table.header_found:
        order.problems.append(Problem(code="LAYOUT-NO-TABLE", message="no line table header found",
                                      severity="warning"))
    if order.po_number is None:
        order.problems.append(Problem(code="LAYOUT-NO-PO", message="no purchase order number found",
                                      severity="warning"))
    return order


_BARE_NUMBER = re.compile(r"^[~\-\u2014_=]*(\d+(?:[.,]\d+)?)[~\-\u2014_=]*$")


def _corrected_quantities(lines: list[ExtractedLine], table: TableResult, order: ExtractedOrder) -> None:
    """A quantity cell of a read page holding two numbers apart ("10 12": the first struck out by hand
    or by the writer and the new one written beside it, the stroke itself unseen): which one is ordered
    is never guessed, nor mended from the amount. The quantity is unread and the line named
    (``LINE-STRUCK``), the order held (findings-t23 F12). A number in thousands groups ("1 000") is one,
    so is one number OCR cut in two (``_split_number``); a sliver read as a digit (under ``HAND_GLITCH`` of
    the row's height: a speck or a rule's edge boxed 1 px tall) is no number."""
    for n, (cells, line) in enumerate(zip(table.lines, lines), 1):
        row = _row_height(cells)
        words = [w for w in cells.cells.get("quantity") or [] if row is None or w.height >= HAND_GLITCH * row[1]]
        numbers = [w for w in words if _BARE_NUMBER.match(w.text.strip())]
        if len(numbers) < 2 or len(numbers) != len(words):
            _hand_corrected(n, cells, line, order)
            continue
        if all(len(_BARE_NUMBER.match(w.text.strip())[1]) == 3 and w.x0 - prev.x1 < 0.8 * max(w.height, 1.0)
               for prev, w in zip(numbers, numbers[1:])):
            continue  # "1 000": thousands groups
        if _split_number(numbers, line):
            continue  # "5 6": the printed 56 its row's amount is of, read as two words
        values = {_BARE_NUMBER.match(w.text.strip())[1].replace(",", ".") for w in numbers}
        if len(values) == 1 and line.unit_price is not None and line.amount is not None \
                and abs(Decimal(next(iter(values))) * line.unit_price - line.amount) <= CENT:
            line.quantity = Decimal(values.pop())  # the row's amount is of that one number: none was corrected
            continue  # "40 40": one printed number read twice (a faxed glyph's echo), no number corrected into itself
        line.confidence["quantity"] = 0.0
        shown = " ".join(w.text for w in words)
        order.problems.append(Problem(
            code="LINE-STRUCK", severity="warning", element=f"lines[{n}]",
            message=f"line {n}: its quantity cell reads two numbers ({shown!r}), one likely struck out and "
                    f"corrected beside it: which is ordered, a person says"))


def _crossed_quantities(lines: list[ExtractedLine], table: TableResult, order: ExtractedOrder) -> None:
    """Lines whose quantity word reaches into the empty position column beside it (``crossed_cells``):
    the quantity unread, the line named (``QTY-CELL-CROSSES``), the order held."""
    for i, text in sorted(table.crossed.items()):
        if i >= len(lines):
            continue
        n = i + 1
        lines[i].confidence["quantity"] = 0.0
        order.problems.append(Problem(
            code=CROSSED_CODE, severity="warning", element=f"lines[{n}]", segment_position=n,
            message=f"line {n}: its quantity ({text!r}) reaches into the position column beside it, whose cell "
                    f"is empty: position and quantity may be run together; which quantity is ordered, a person says"))


def _row_height(cells: LineCells) -> tuple[float, float] | None:
    """The median and lower-quartile heights of the row's words of two characters and more outside its
    quantity cell; None for a row without such words."""
    row = sorted(w.height for f, ws in cells.cells.items() if f != "quantity" for w in ws
                 if w.height > 0 and sum(ch.isalnum() for ch in w.text) >= 2)
    return (row[len(row) // 2], row[len(row) // 4]) if row else None


def _split_number(numbers: list, line: ExtractedLine) -> bool:
    """The quantity cell's words are one printed number OCR cut in two (a fax's broken glyphs): plain
    digits, close together (``SPLIT_GAP`` of their height), and the number they make together is the one
    the row's printed price times gives its printed amount, which neither makes alone (a struck quantity
    and its correction never do: the amount is the old number's)."""
    texts = [w.text.strip() for w in numbers]
    if not all(t.isdigit() for t in texts) or line.unit_price is None or line.amount is None:
        return False
    if any(w.x0 - prev.x1 > SPLIT_GAP * max(w.height, prev.height, 1.0) for prev, w in zip(numbers, numbers[1:])):
        return False
    def fits(q: Decimal) -> bool:
        return abs(q * line.unit_price - line.amount) <= Decimal("0.01")
    return fits(Decimal("".join(texts))) and not any(fits(Decimal(t)) for t in texts)


SPLIT_GAP = 0.5


HAND_CODE = "QTY-HANDWRITTEN-CORRECTION"
HAND_TALLER = 2.0  # a quantity this many times the height of the row's printed words is not print (a fax's
# rows, standard resolution most, box words 1.5 to 1.9 times their height where ink or a rule touches them)
HAND_SHORTER = 0.6  # of the row's short printed words (its lower quartile): a number written small
HAND_GLITCH = 0.3  # shorter than this of them is no writing but a reading's sliver ("40" boxed 1 px tall)
HAND_RAISED = 0.6  # its middle this many printed heights above or below the printed numbers' middle
HAND_SWOLLEN = 1.5  # a printed number's box this many times the row's height has ink it touches in it


def _hand_corrected(n: int, cells: LineCells, line: ExtractedLine, order: ExtractedOrder) -> None:
    """A quantity cell whose number is not printed like the rest of its row: much taller (a number written
    over the struck printed one, OCR boxing both as one word), much smaller, or written above or below the
    row's printed numbers. The printed amount is that of the old quantity, so the quantity is neither
    taken nor mended from the amount: unread, the line named (``QTY-HANDWRITTEN-CORRECTION``), the order
    held (issue 23, class 1). The row's height is that of all its printed words (the median; the lower
    quartile for "smaller"), not of its two money cells alone: a faxed word touching a rule or a speck is
    boxed taller than it is printed, so two cells are no measure of the row."""
    words = [w for w in cells.cells.get("quantity") or [] if any(ch.isdigit() for ch in w.text)]
    printed = [w for f in ("amount", "unit_price") for w in cells.cells.get(f) or []
               if any(ch.isdigit() for ch in w.text)]
    if not words or not printed:
        return
    row = _row_height(cells)
    if row is None:
        return
    ref, low = row
    if ref <= 0:
        return
    # a printed number boxed with a rule or a speck it touches reaches far below its print ("280998,56"
    # boxed 57 px tall in a 24 px row): its middle is no measure of where the row's numbers sit
    printed = [w for w in printed if w.height <= HAND_SWOLLEN * ref] or printed
    mid = sorted((w.y0 + w.y1) / 2 for w in printed)[len(printed) // 2]
    one_row = max(w.y0 for w in printed) - min(w.y0 for w in printed) <= ref  # a card's price and amount: rows apart
    odd = [w for w in words if w.height >= HAND_GLITCH * low and (
           w.height > HAND_TALLER * ref or w.height < HAND_SHORTER * low
           or (one_row and abs((w.y0 + w.y1) / 2 - mid) > HAND_RAISED * ref))]
    if not odd:
        return
    line.confidence["quantity"] = 0.0
    shown = " ".join(w.text for w in words)
    order.problems.append(Problem(
        code=HAND_CODE, severity="warning", element=f"lines[{n}]",
        message=f"line {n}: its quantity ({shown!r}) is not printed like the row's other numbers (written by "
                f"hand over or beside a struck printed one?): which quantity is ordered, a person says"))


def _unnamed_prices(lines: list[ExtractedLine], table: TableResult, order: ExtractedOrder,
                    loc: DocLocale | None = None) -> None:
    """Lines read without a price whose rows print money in a column the reader could not name ("16,80"
    under a title it does not know, "4,67" under "P.U. brut" beside a discount): their price is marked
    unread (the order is held, PRICE-UNREAD), never sent on as an order the ERP prices, nor priced by its
    amount over its quantity while the document prints a price."""
    unpriced = [(lines[i], value) for i, value in table.unnamed_money.items()
                if i < len(lines) and lines[i].unit_price is None]
    for line, _ in unpriced:
        line.confidence["unit_price"] = 0.0
    if unpriced:
        order.problems.append(Problem(
            code="LAYOUT-PRICE-UNNAMED", severity="warning",
            message=f"{len(unpriced)} line(s) print money ({unpriced[0][1]!r}) in a column whose title was not "
                    f"read as a price or amount: their prices are held as unread"))
    beside = [(lines[i], value) for i, values in table.after_amount.items() if i < len(lines)
              and lines[i].amount is not None and loc is not None for value in values
              if (v := parse_number(value, loc)) is not None and abs(v[0] - lines[i].amount) > Decimal("0.01")]
    beside = [] if _with_tax(beside, loc) else beside  # "Montant HT | Montant TTC": the amount with its tax
    if beside:  # "Line value | Agreed value": other money right of the amount, a net after a line discount? (revD D5)
        for line, _ in beside:
            line.confidence["amount"] = 0.0
        order.problems.append(Problem(
            code="LAYOUT-AMOUNT-UNNAMED", severity="warning", element="lines.amount",
            message=f"{len(beside)} line(s) print other money ({beside[0][1]!r}) right of their amount, in a column "
                    f"whose title was not read (a net after a line discount?): which is the amount, a person says"))
    unchecked = [(lines[i], value) for i, value in table.unnamed_money.items()
                 if i < len(lines) and lines[i].unit_price is not None and lines[i].amount is None]
    if unchecked and loc is not None:
        # every unnamed money column is tried, left to right ("Weight kg | Gross value": the weight is no amount);
        # one that is every line's quantity x price gives the amounts, unless a column right of it prints other
        # money ("Gross value | Contract value": the net after a line discount), then a person says which (revD D5)
        indexes = [i for i, value in table.unnamed_money.items()
                   if i < len(lines) and lines[i].unit_price is not None and lines[i].amount is None]
        rows = [table.unnamed_all.get(i, [table.unnamed_money[i]]) for i in indexes]
        width = len(rows[0]) if rows and all(len(r) == len(rows[0]) for r in rows) else 1
        for k in range(width):
            column = [(lines[i], r[k] if width > 1 else table.unnamed_money[i]) for i, r in zip(indexes, rows)]
            if _amounts_by_arithmetic(column, lines, loc, take=False):
                after = [(line, r[j]) for (line, _), r in zip(column, rows) for j in range(k + 1, width)
                         if (v := parse_number(r[j], loc)) is not None and (w := parse_number(r[k], loc)) is not None
                         and abs(v[0] - w[0]) > Decimal("0.01")]
                if after and _with_tax_of(column, after, loc):
                    after = []  # "Gross value | Incl. VAT": the amount with its tax, the same rate on every line
                if after:
                    for line, _ in column:
                        line.confidence["amount"] = 0.0
                    order.problems.append(Problem(
                        code="LAYOUT-AMOUNT-UNNAMED", severity="warning", element="lines.amount",
                        message=f"{len(column)} priced line(s) print two money columns whose titles were not read, "
                                f"one their quantity x price ({column[0][1]!r}), one other money right of it "
                                f"({after[0][1]!r}, a net after a line discount?): which is the amount, a person says"))
                    return
                _amounts_by_arithmetic(column, lines, loc)
                return  # "Extension", "Wert": every priced line's money there is its quantity x price
    for line, _ in unchecked:  # "Total (LC)": the line's amount printed under a title not read
        line.confidence["amount"] = 0.0
    if unchecked:
        order.problems.append(Problem(
            code="LAYOUT-AMOUNT-UNNAMED", severity="warning", element="lines.amount",
            message=f"{len(unchecked)} priced line(s) print money ({unchecked[0][1]!r}) in a column whose title "
                    f"was not read, not their quantity x price: what that column is, a person says"))


def _with_tax(pairs: list[tuple[ExtractedLine, str]], loc: DocLocale | None) -> bool:
    """The other money right of the lines' amounts is each amount with one tax rate on top ("Montant TTC"): every
    value the line's amount times the same factor, above 1 and at most 1.3 (to the cent)."""
    return bool(pairs) and loc is not None and _one_rate([(ln.amount, v) for ln, v in pairs], loc)


def _with_tax_of(column: list[tuple[ExtractedLine, str]], after: list[tuple[ExtractedLine, str]],
                 loc: DocLocale) -> bool:
    """``_with_tax`` for an amount column of no known title: its values beside the values right of them."""
    amounts = {id(line): parse_number(text, loc) for line, text in column}
    return _one_rate([((a[0] if (a := amounts.get(id(line))) else None), v) for line, v in after], loc)


def _one_rate(pairs: list[tuple[Decimal | None, str]], loc: DocLocale) -> bool:
    factors = []
    for amount, text in pairs:
        found = parse_number(text, loc)
        if amount is None or found is None or amount == 0:
            return False
        factors.append((amount, found[0], found[0] / amount))
    rate = factors[0][2]
    return Decimal(1) < rate <= Decimal("1.3") and all(
        abs(amount * rate - value) <= Decimal("0.02") for amount, value, _ in factors)


def _amounts_by_arithmetic(unchecked: list[tuple[ExtractedLine, str]], lines: list[ExtractedLine],
                           loc: DocLocale, take: bool = True) -> bool:
    """The money of a column of no known title is the lines' amounts when on every priced line it is that
    line's quantity x price (to the cent) and no line of the table lacks it: then those amounts are
    taken (the total check still follows). One line off, and nothing is taken (LAYOUT-AMOUNT-UNNAMED)."""
    priced = [ln for ln in lines if ln.unit_price is not None and ln.quantity is not None]
    if len(unchecked) != len(priced) or len(unchecked) != len(lines):
        return False
    values = []
    for line, text in unchecked:
        found = parse_number(text, loc)
        if found is None or line.quantity is None or line.unit_price is None:
            return False
        wanted = line.quantity * line.unit_price / (line.price_basis or Decimal(1))
        if abs(found[0] - wanted) > Decimal("0.01"):
            return False
        values.append(found[0])
    if not take:
        return True
    for (line, _), value in zip(unchecked, values):
        line.amount = value
        line.confidence["amount"] = min(line.confidence.get("quantity", 1.0), line.confidence.get("unit_price", 1.0))
    return True


def _columns_apart(order: ExtractedOrder, table: TableResult) -> None:
    """Columns of the line table printed apart from their items (a sheet wider than the page, its
    price columns on page 2): their rows cannot be joined to the lines, so the order is held saying
    so (LINE-UNREAD) and the lines' prices are unread, not absent."""
    order.confidence["rows"] = 0.5
    titles = table.apart[0]
    for line in order.lines:
        if line.unit_price is None:
            line.confidence["unit_price"] = 0.0
    order.problems.append(Problem(
        code="LINE-UNREAD", severity="error", element="lines",
        message=f"column titles {titles.text[:60]!r} printed apart from their items (page {titles.page}): "
                f"{len(table.unread)} row(s) of values not joined to the lines"))


def _flag_missing_units(lines: list[ExtractedLine]) -> None:
    """A line without a unit word on an order whose other lines have one: the unit was there
    but not read (confidence 0, so the order is reviewed)."""
    if any(ln.uom for ln in lines):
        for line in lines:
            if not line.uom:
                line.confidence["uom"] = 0.0


def _lines_dated(order: ExtractedOrder) -> bool:
    """No header delivery date, and every line dated by a date column (one day for all, which is the
    order's, or a day per line, which the lines carry): no header date is missing."""
    dates = {line.requested_date for line in order.lines}
    return order.requested_delivery_date is None and bool(order.lines) and None not in dates


def _unassigned_date(rows: list[Row], order: ExtractedOrder, page_height: float) -> bool:
    """A date above the first line on page 1 (below the fax machine's header line) that no
    field took: perhaps a delivery date whose label was unreadable."""
    top = order.lines[0].boxes.get("amount") if order.lines else None
    limit = top.y if top and top.page == 1 else page_height * 0.5
    used = [b for f, b in order.boxes.items() if f in ("order_date", "requested_delivery_date")]
    for row in rows:
        if row.page != 1 or row.y1 <= page_height * FAX_LINE or row.y0 >= limit:
            continue
        for phrase in row.phrases:
            if parse_date(phrase.text, DocLocale()) and not any(_overlaps(phrase, b) for b in used):
                return True
    return False


def _label_without_value(rows: list[Row], spec: LayoutSpec, fuzzy: bool) -> str:
    """The text after a delivery date label (a specific one, not a bare "Date") standing on the first
    page with digits after it on its row: its value was there but could not be read ("" if none)."""
    words = _unread_value_words(rows, spec, fuzzy)
    return (" ".join(w.text for w in words).strip() or "?") if words is not None else ""


def _unread_value_words(rows: list[Row], spec: LayoutSpec, fuzzy: bool) -> tuple[Word, ...] | None:
    """The words after a delivery date label whose value could not be read (see ``_label_without_value``)."""
    if "requested_delivery_date" not in spec.fields:
        return None
    index = field_index(spec)
    for row in rows:
        if row.page != 1:
            break
        for hit in index.segment(row.words, fuzzy):
            after = " ".join(w.text for w in row.words[hit.end:])
            if hit.kind == "requested_delivery_date" and label_key(hit.label) not in GENERIC_LABELS and any(
                    c.isdigit() for w in row.words[hit.end:hit.end + 3] for c in w.text) \
                    and not delivery_instruction(after):  # "LIVRAISON : QUAI 2 - HORAIRES 8H-12H": no date
                return row.words[hit.end:]
    return None


def _mend_unread_date(order: ExtractedOrder, rows: list[Row], spec: LayoutSpec, loc: DocLocale, unread: str) -> bool:
    """A delivery date printed beside its label and read with one slip ("12/15/202 6", "DeDecember 14, 2026"),
    mended (``mended_dates``): taken with a doubt only the other engine's reading of the same date settles."""
    mended = mend_date(unread, loc)
    after = _unread_value_words(rows, spec, True) or ()
    # the date's own words, not what else its row prints beside it (a delivery block's street)
    words = next((after[:n] for n in range(1, len(after) + 1)
                  if mend_date(" ".join(w.text for w in after[:n]), loc) == mended), None)
    if mended is None or not words:
        return False
    unread = " ".join(w.text for w in words)
    order.requested_delivery_date = mended
    order.confidence["requested_delivery_date"] = MENDED_CONFIDENCE
    order.boxes["requested_delivery_date"] = box_of(words)
    order.problems.append(Problem(
        code="DELIVERY-DATE-MISSING", severity="error", element=MENDED_ELEMENT,
        message=f"the requested delivery date is printed as {unread[:60]!r}, read as {mended} only by mending one "
                f"OCR slip (a space, a label's letters glued on): the other OCR engine did not read that date; "
                f"a person checks it"))
    return True


def _hidden_fields(rows: list[Row], spec: LayoutSpec, fuzzy: bool) -> set[str]:
    """Header fields whose label is followed by a "###" cell."""
    index = field_index(spec)
    return {hit.kind for row in rows for hit in index.segment(row.words, fuzzy)
            if hit.end < len(row.words) and hidden_cell(row.words[hit.end])}


def label_spans(spec: LayoutSpec):
    """Where a phrase's words hold one of ``spec``'s header labels: (start, end) of each."""
    index = field_index(spec)
    return lambda tokens: [(hit.start, hit.end) for hit in index.segment(
        [Word(t, 0.0, 0.0, 1.0, 1.0, 1.0, 1) for t in tokens], False)]


def _overlaps(phrase: Phrase, box: Box) -> bool:
    return phrase.x0 < box.x + box.w and box.x < phrase.x1 and phrase.y0 < box.y + box.h and box.y < phrase.y1


_WEEK = re.compile(r"(?i)\b(?:kw|semaine|sem\.|week|wk|woche)\s*\d{1,2}\b")
# "semaine 02/2027", "KW 3/2027", "KW 03-2027", "week 2 of 2027", "Woche 3 2027": the week of a year
_WEEK_OF_YEAR = re.compile(r"(?i)\b(?:kw|semaine|sem\.|week|wk|woche)\s*(?P<week>\d{1,2})\s*(?:[/.\-]|of|de|\s)\s*"
                           r"(?P<year>(?:19|20)\d{2})\b")
_RANGE = re.compile(r"(?i)(?<![\d.])(?P<d1>\d{1,2})\.?\s*(?:[–-]|bis|au|to|until)\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}")


_DAY = (r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+[^\W\d_]{3,}\.?(?:\s+\d{4})?"
        r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)")
_SPAN = re.compile(rf"(?i){_DAY}\s*(?:[–—-]|\b(?:au|bis|to|till|until|through|thru|and|et|und|à|jusqu'au)\b)\s*{_DAY}")


def _words_after(rows: list[Row], found: FieldValue) -> str:
    """The text after the value's last word on its row ("au 18/12/2026" after "du 14/12/2026")."""
    if not found.words:
        return ""
    last = found.words[-1]
    for row in rows:
        if last in row.words:
            return " ".join(w.text for w in row.words[row.words.index(last) + 1:])
    return ""


def _delivery_window(order: ExtractedOrder, found: FieldValue, after: str = "") -> FieldValue:
    """A requested date written as a window ("KW 51 (14.–18.12.2026)", "14-18/12/2026", "semaine 51", "du
    14/12/2026 au 18/12/2026", "14.12.2026 - 18.12.2026", "December 14 to December 18, 2026"): its first day
    where the text gives it, and the order held ``DELIVERY-WINDOW-WIDE`` naming the window (the ERP must
    not plan for one day of it unseen)."""
    text = " ".join(w.text for w in found.words)
    days = _RANGE.search(text)
    if days is None and _WEEK.search(text) is None and find_week(text) is None:
        if not _SPAN.search(f"{text} {after}"):
            return found
        text = f"{text} {after}".strip()
    value = found.value
    week = _WEEK_OF_YEAR.search(text)
    if week is not None and days is None:
        try:  # its Monday (ISO 8601 weeks), not the "02/2027" of "semaine 02/2027" read as a day and month
            value = date.fromisocalendar(int(week["year"]), int(week["week"]), 1)
        except ValueError:
            pass
    if days is not None and isinstance(value, date):
        try:
            value = value.replace(day=int(days.group("d1")))
        except ValueError:
            pass
    order.problems.append(Problem(code="DELIVERY-WINDOW-WIDE", severity="warning", element="requested_delivery_date",
                                  message=f"the requested delivery is a window ({text!r}): its first day "
                                          f"{value} is read; a person confirms"))
    return replace(found, value=value)


def _one_date_one_field(fields: dict[str, FieldValue], order: ExtractedOrder) -> None:
    """A date printed once is not both the order's date and its delivery date: "Liefertermin: nach
    Vereinbarung" under "Bestelldatum: 06.12.2026" borrows no date. The delivery date read from the
    order date's own words is dropped (the order then waits for it) and the borrowing named."""
    placed, wanted = fields.get("order_date"), fields.get("requested_delivery_date")
    if placed is None or wanted is None or placed.value != wanted.value or not {
            w for w in set(placed.words) & set(wanted.words) if any(c.isdigit() for c in w.text)}:
        return
    del fields["requested_delivery_date"]
    order.problems.append(Problem(code="LAYOUT-UNREAD-DATE", severity="warning", element="requested_delivery_date",
                                  message=f"the delivery date label has no date of its own: the only date near it "
                                          f"({' '.join(w.text for w in placed.words)}) is the order date"))


def _set_header(order: ExtractedOrder, name: str, found: FieldValue, rows: list[Row] = ()) -> None:
    if name == "requested_delivery_date":
        found = _delivery_window(order, found, _words_after(rows, found))
    confidence = found.confidence
    if found.corroborated:
        confidence = 1 - (1 - confidence) * CORROBORATION
    setattr(order, name, found.value)
    order.confidence[name] = round(confidence, 4)
    if found.label and ORDER_WORD.search(fold(found.label).lower()):
        order.order_labels.append(name)
    if name in DATE_FIELDS and found.words and written_in_words(" ".join(w.text for w in found.words)):
        order.dates_in_words.append(name)
    if found.words:
        order.boxes[name] = box_of(found.words)


def _reference_po(order: ExtractedOrder, rows: list[Row], table, title_rows: list[Row]) -> None:
    """The PO under a bare "Reference" in a PO-shaped context (``reference_po``), above the item table."""
    first = table.lines[0].last_row if table.lines else None
    above = rows[:next((k for k, r in enumerate(rows) if r is first), len(rows))]
    found = reference_po(above, title_rows)
    if found is not None:
        order.po_number, order.confidence["po_number"] = found[0], REFERENCE_CONFIDENCE
        order.boxes["po_number"] = box_of([w for w in found[1].words if w.text == found[0]])


def _drop_line_date_as_header(order: ExtractedOrder) -> None:
    """A requested date read under the line table's date column ("Liefertermin" over the lines'
    dates) is a line's date, not the order's: the header keeps none, and the order's date follows
    from the lines as for every format (``gateway.stages.mapping.requested_delivery_date``)."""
    box = order.boxes.get("requested_delivery_date")
    if box is None or not any(line.boxes.get("requested_date") == box for line in order.lines):
        return
    order.requested_delivery_date = None
    order.confidence.pop("requested_delivery_date", None)
    order.boxes.pop("requested_delivery_date", None)


def _prices_as_amounts(order: ExtractedOrder, table: TableResult) -> None:
    """A table with a quantity and one money column and no amount column (a web shop's order e-mail:
    "Product | Quantity | Price", the price being the line's): when the stated total is the sum of
    that column and not of quantity x it, the column holds the lines' amounts; the unit price is then
    the amount over the quantity (PRICE-FROM-AMOUNT), checked against the price list."""
    lines = order.lines
    if not lines or not table.totals or any(ln.amount is not None or ln.unit_price is None or not ln.quantity
                                            for ln in lines):
        return
    if all(ln.quantity == 1 for ln in lines):
        return  # both readings are the same
    adjust = order_adjustment(order.allowances)
    as_prices = sum((ln.quantity * ln.unit_price for ln in lines), Decimal(0)) + adjust
    as_amounts = sum((ln.unit_price for ln in lines), Decimal(0)) + adjust
    stated = [t.value for t in table.totals]
    if any(abs(as_prices - v) <= CENT for v in stated) or not any(abs(as_amounts - v) <= CENT for v in stated):
        return
    for ln in lines:
        ln.amount, ln.unit_price = ln.unit_price, None
        if "unit_price" in ln.confidence:
            ln.confidence["amount"] = ln.confidence.pop("unit_price")
        if "unit_price" in ln.boxes:
            ln.boxes["amount"] = ln.boxes.pop("unit_price")


def _set_total(order: ExtractedOrder, table: TableResult, rates: tuple[Decimal, ...] = ()) -> None:
    if not table.totals:
        return
    sums_lines = [t for t in table.totals if _lines_give(order.lines, t.value)]
    best = min(sums_lines or table.totals, key=lambda t: (t.rank, -t.strength))
    if sums_lines and table.adjustments:
        best = _adjusted_total(order, table, best)
    elif not sums_lines and table.adjustments:
        best = _charged_total(order, table) or best
    order.total = best.value
    order.confidence["total"] = round(best.strength, 4)
    if sums_lines and (later := _later_net_total(order, table, best, rates)):
        order.confidence["total"] = order.confidence["rows"] = TOTAL_UNEXPLAINED  # the order waits for a person
        order.problems.append(Problem(
            code="LAYOUT-TOTAL-UNEXPLAINED", severity="warning",
            message=f"a later total ({later}) under the one the lines give "
                    f"({best.value}) is not explained by the charges, discounts or taxes read: a row between "
                    f"them was not read"))
    if best.net:  # "Total HT", "Summe netto": the lines must come to it, no tax tolerance
        order.references["total_basis"] = "net"
    if best.words:
        order.boxes["total"] = box_of(best.words)


TOTAL_UNEXPLAINED = 0.5


TAX_RATES = (Decimal("0.04"), Decimal("0.28"))  # a plain total this much over the goods may hold a tax row not read


def _tax_like(difference: Decimal, base: Decimal, rates: tuple[Decimal, ...] | None = None) -> bool:
    """A plain total ("Total", "Gesamtsumme") over the goods by what a sales tax or VAT would add (4 % to 28 %):
    a tax row, maybe wrapped and not read, may explain it; a small difference (freight) cannot. A plain total
    under the goods ("TOTAL VAT 20% 1,011.34") is no total of the order: left to the other checks too.
    With the tax rates the page prints (``rates``, ``tax_rates``), the difference must also be the goods times
    one of them: a share of the goods with no tax printed to give it is a row not read (an unread freight
    "Transport 300,00" on 4 112,95), never a tax taken on trust (review R3)."""
    if base <= 0 or difference <= 0:
        return True
    if not TAX_RATES[0] * base <= difference <= TAX_RATES[1] * base:
        return False
    return rates is None or any(abs(base * rate / 100 - difference) <= TAX_SLACK for rate in rates)


TAX_SLACK = Decimal("0.05")  # a tax rounded line by line
# a tax word and its rate, either way round: "zzgl. 19 % MwSt.", "TVA 20 %", "VAT @ 20%", "Sales tax (8.875%)"
_TAX_RATE = re.compile(
    r"(?:\b(?:mwst|ust|vat|tva|iva|btw|moms|gst|hst|pst|qst|tax|steuer|umsatzsteuer|mehrwertsteuer|taxe?s?)\b"
    r"[^\d%]{0,24}?(?P<a>\d{1,2}(?:[.,]\d{1,3})?)\s*%)"
    r"|(?:(?P<b>\d{1,2}(?:[.,]\d{1,3})?)\s*%\s*(?:de\s+|der\s+|of\s+)?"
    r"(?:mwst|ust|vat|tva|iva|btw|moms|gst|hst|pst|qst|tax|steuer|umsatzsteuer|mehrwertsteuer|taxe?s?)\b)",
    re.IGNORECASE)


def tax_rates(rows: list[Row]) -> tuple[Decimal, ...]:
    """The tax rates the document prints beside a tax word (its VAT or sales tax, read or not as a row)."""
    out: list[Decimal] = []
    for row in rows:
        for m in _TAX_RATE.finditer(fold(row.text)):
            rate = Decimal((m.group("a") or m.group("b")).replace(",", "."))
            if rate > 0 and rate not in out:
                out.append(rate)
    return tuple(out)


def _later_net_total(order: ExtractedOrder, table: TableResult, best: TotalFound,
                     rates: tuple[Decimal, ...] = ()) -> Decimal | None:
    """A total printed under the chosen one ("Total marchandises 6 620,30" / "Port HT 15,00" / "Total HT
    6 635,30", "Sous-total 1 531,94" / "Transport 22,50" / "Total 1 554,44") that the order's charges,
    discounts and the taxes read between do not lead to: the row between was not read. A plain total over the
    goods by a tax's share (``_tax_like``) is left to the tax and total checks only when a tax row read or a
    tax rate printed on the page gives that share."""
    if not best.words:
        return None
    where = lambda t: (t.words[0].page, t.words[0].y0) if t.words else (0, 0.0)  # noqa: E731
    expected = best.value + order_adjustment(order.allowances)
    for t in table.totals:
        taxes = sum((v for v, at in table.taxes if where(best) < at < where(t)), Decimal(0))
        if not taxes and row_role(t.label, t.value) == "gross" and with_common_vat(expected, t.value, CENT * (len(order.lines) + 1)):
            continue  # "Gesamtbetrag brutto", "Total TTC" with no tax row: the net plus a VAT rate (the block's check)
        if t.words and where(t) > where(best) and abs(t.value - best.value) > CENT \
                and (t.net or not _tax_like(t.value - expected, expected, _with_read(rates, table, expected))) \
                and abs(t.value - expected) > CENT and abs(t.value - expected - taxes) > CENT:
            return t.value
    return None


def _with_read(rates: tuple[Decimal, ...], table: TableResult, base: Decimal) -> tuple[Decimal, ...]:
    """The printed tax rates and those the tax rows read give on ``base`` (a row "TVA 822,59" with no rate)."""
    read = tuple(v * 100 / base for v, _at in table.taxes if base > 0 and v > 0)
    return rates + read


def _adjusted_total(order: ExtractedOrder, table: TableResult, goods: TotalFound) -> TotalFound:
    """The goods total the lines give, then discounts and charges under it ("Sous-total HT 511,00 /
    Remise commerciale 5 % -25,55 / Total HT 485,45"): they are the order's own allowances and charges,
    and the total printed under them that they lead to is the order's. When none does, the goods total
    stays and the allowances make the total check fail: the order waits (never the goods total alone)."""
    where = lambda t: (t.words[0].page, t.words[0].y0) if t.words else (0, 0.0)  # noqa: E731
    after = [(a, at) for a, at in table.adjustments if at > where(goods)
             and not any(o.amount == a.amount and o.kind == a.kind for o in order.allowances)]
    if not after:
        return goods
    order.allowances.extend(a for a, _ in after)
    last = max(at for _, at in after)
    later = sorted((t for t in table.totals if where(t) > last), key=where)
    net = goods.value + order_adjustment([a for a, _ in after])
    stated = next((t for t in later if abs(net - t.value) <= CENT), None)
    if stated is not None:
        return stated
    taxes = sum((v for v, at in table.taxes if at > last), Decimal(0))
    if taxes and any(abs(net + taxes - t.value) <= CENT for t in later):  # "Order total" with the tax in it
        return TotalFound(net, goods.strength, (), goods.rank, True)
    if taxes and any(at > last and abs(net + taxes - v) <= CENT for v, at in table.gross):
        return TotalFound(net, goods.strength, (), goods.rank, True)  # "Total TTC": goods, port, VAT add up to it
    return goods


def _charged_total(order: ExtractedOrder, table: TableResult) -> TotalFound | None:
    """The stated total the lines give with the table's charge and discount rows and no subtotal over them
    ("Transport 18,50" as a row of the grid, then "Total HT"): the rows are the order's allowances and
    charges, and the total they explain is the order's; None when none does (the total check fails)."""
    adjustments = [a for a, _at in table.adjustments
                   if not any(o.amount == a.amount and o.kind == a.kind for o in order.allowances)]
    amounts = [line_amount(ln) for ln in order.lines]
    if not adjustments or not amounts or None in amounts:
        return None
    net = sum(amounts, Decimal(0)) + order_adjustment(adjustments)
    stated = min((t for t in table.totals if abs(t.value - net) <= CENT), key=lambda t: (t.rank, -t.strength), default=None)
    if stated is not None:
        order.allowances.extend(adjustments)
    return stated


def _lines_give(lines: list[ExtractedLine], value: Decimal) -> bool:
    """True when the lines' amounts (or quantity x price) add up to ``value`` to the cent: of a totals
    block (goods, shipping, tax, total), the stated total the lines are checked against."""
    amounts = [line_amount(ln) for ln in lines]
    return bool(amounts) and None not in amounts and abs(sum(amounts, Decimal(0)) - value) <= Decimal("0.011")


def build_line(n: int, line: LineCells, spec: LayoutSpec, loc: DocLocale, ocr: bool = False) -> ExtractedLine:
    """One ``ExtractedLine`` from the words of its cells."""
    out = ExtractedLine(line_no=n)
    cells = dict(line.cells)
    if "code" in cells and "description" not in cells and _reads_as_text(cells["code"]):
        cells["description"] = cells.pop("code")
    if "quantity" not in cells and (item := cells.get("description")) and (shop := shop_quantity(item)):
        _shop_quantity_cell(cells, item, *shop)
    _position_before_code(cells, line)
    _code_in_position(cells, n)
    _code_after_position(cells)
    _code_left_of_description(cells)
    _code_wrapped_in_description(cells)
    _code_over_name(cells)
    _second_code(cells)
    if "quantity" not in cells and cells.get("uom") and _number_first(cells["uom"]):
        cells["quantity"] = cells.pop("uom")  # "12 Stk" under the unit header, quantity header unread
    cells = thousands_joined(cells, lambda word: unit_code(word, spec.units) is not None)
    qty_words, unit_words = _split_units(_without_status(cells.get("quantity", [])), spec, ocr)
    if unit_words and "uom" not in cells:
        cells["uom"] = unit_words
    cells["quantity"] = qty_words
    _discount_before_amount(cells, line)
    discount = cells.pop("discount", [])
    for kind, words in cells.items():
        if words:
            _set_cell(out, kind, words, line.header_score.get(kind, 1.0) * spec.strength, loc, ocr, spec.units)
    if discount:
        apply_discount(out, " ".join(w.text for w in discount), loc)
    if line.price_basis and out.unit_price is not None and out.price_basis is None:
        _titled_basis(out, *line.price_basis, spec.units)
    _cut_code_readings(out, cells)
    _code_from_description(out)
    _code_without_label(out)
    _code_without_category(out)
    return out


def _cut_code_readings(line: ExtractedLine, cells: dict[str, list[Word]]) -> None:
    """A code cut from the description it was run into with a capital on each side of the cut ("SKU-1004" |
    "BStapler"): the longer reading ("SKU-1004B") goes to ``other_readings``; master data takes the cut code only
    when it names a product and the longer one names none (``item_matching``), else the line is held."""
    for kind, words in cells.items():
        cut = next((w for w in words if isinstance(w, CutCode)), None)
        field = CODE_FIELDS.get(kind)
        if cut is not None and field and getattr(line, field) == cut.text:
            line.other_readings[field] = cut.longer


_CATEGORY = re.compile(r"^(?P<category>[^\W\d_][^:]*?)\s*:\s*(?P<code>[^\W_][\w\-/.]*\d[\w\-/.]*)$")
# A code's own prefix before a hyphen read as a colon: a few capitals, as before the hyphen of a wrapped
# code ("MBL-" over "2207" in a narrow cell, faxed: "MBL:2207"), the rest starting with a digit.
_PREFIX_AND_DIGITS = re.compile(r"^[A-Z]{1,6}:\d")


def _code_without_category(line: ExtractedLine) -> None:
    """An item cell naming the item's category, then the item ("Office Supplies : TK-12008", a cloud ERP's
    item name): the code is the part after the colon. A category is a name; a few capitals glued to the
    digits after the colon ("MBL:2207") are the code's prefix, its hyphen misread: the code is kept whole,
    never cut to its digits ("2207", another item's code or none)."""
    for name in ("customer_item", "supplier_item"):
        value = getattr(line, name)
        found = _CATEGORY.match(value) if value else None
        if found and not any(c.isdigit() for c in found["category"]) and not _PREFIX_AND_DIGITS.match(value):
            setattr(line, name, found["code"])


def _shop_quantity_cell(cells: dict[str, list[Word]], item: list[Word], at: int, qty: int) -> None:
    """"Toner black × 2": the quantity after the name is the line's quantity, not its description."""
    first = [w for w in item if w.y0 < item[0].y1 - 1 and w.page == item[0].page]
    times = first[at]
    before = times.text.split("×", 1)[0].strip()
    kept = [replace(times, text=before)] if before else []
    cells["quantity"] = [replace(times, text=str(qty))]
    cells["description"] = first[:at] + kept + [w for w in item if w not in first]


_WRAPPED_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,5}-[A-Za-z0-9][A-Za-z0-9-]*")
MIN_CODE_DIGITS = 4  # a position number runs 1, 2, 3: four digits or more in its cell are no position


def _own_position_row(row: Row, lines: list[LineCells]) -> bool:
    """A scan's row that is a bare line number k alone, beside the k-th line of a table whose other lines all
    have their position number read and the k-th none: that line's position number, read as a row of its own
    (its baseline a little off the line's on a skewed fax, review F12), no item unread."""
    text = row.text.strip().rstrip(".")
    if not text.isdigit() or len(text) > 2 or not 1 <= (k := int(text)) <= len(lines) or len(lines) < 2:
        return False
    line = lines[k - 1]
    others = [ln for n, ln in enumerate(lines) if n != k - 1]
    if line.cells.get("line_no") or not all(ln.cells.get("line_no") for ln in others):
        return False
    if [ln.cells["line_no"][0].text.strip().rstrip(".") for ln in others] != \
            [str(n) for n in range(1, len(lines) + 1) if n != k]:
        return False  # the others run as positions 1..n around k
    words = [w for ws in line.cells.values() for w in ws]
    if not words:
        return False
    y0, y1 = min(w.y0 for w in words), max(w.y1 for w in words)
    h = max(y1 - y0, row.y1 - row.y0)
    return row.page == words[0].page and row.y1 >= y0 - h and row.y0 <= y1 + h


def _numbers_not_positions(lines: list[LineCells]) -> None:
    """A position column ("No.", "Pos.", "#") of one word a line, no code column beside it, whose values do not
    run as positions ("4711-22", "100234", ``extractors.capture.positions``): the customer's item numbers, the
    lines' codes, never line numbers (a glued "1400118" is left to ``_code_in_position``)."""
    cells = [line.cells.get("line_no") for line in lines]
    if not any(cells) or any(len(c) > 1 for c in cells if c) or any(line.cells.get(k) for line in lines for k in CODE_FIELDS):
        return
    values = [c[0].text if c else "" for c in cells]
    if runs_as_positions(values) or glued_positions(values):
        return
    for line in lines:
        if line.cells.get("line_no"):
            line.cells["code"] = line.cells.pop("line_no")


def _code_in_position(cells: dict[str, list[Word]], n: int) -> None:
    """A position cell holding an item code: the code column's title unread or read as a position
    ("Item" / "No."), its values join the position column. The position is the cell's short number;
    the words right of it, in reading order, are the code, wrapped at its hyphen in a narrow cell
    ("OFS-" over "5120" is ``OFS-5120``, not position 5120). Four digits or more after the line's own
    position number ("1400118": "1" glued to the code 400118) are the code. A long number is never
    a position: the line keeps its running number ``n``."""
    words = cells.get("line_no")
    if not words or any(cells.get(k) for k in CODE_FIELDS):
        return
    ordered = sorted((w for w in words if any(c.isalnum() for c in w.text)), key=lambda w: (w.y0, w.x0))
    whole = "".join(w.text for w in ordered).strip(" .:;,")
    if len(ordered) > 1 and ordered[0].text.strip().endswith("-") and ordered[0].text.strip()[:1].isalpha() \
            and _WRAPPED_CODE.fullmatch(whole) and any(c.isdigit() for c in whole):
        cells["code"] = ordered  # "DF-" / "CALCUL-" / "121": one code wrapped twice, its last part no position
        del cells["line_no"]
        return
    pos = next((w for w in words if w.text.strip(" .").isdigit() and len(w.text.strip(" .")) < MIN_CODE_DIGITS), None)
    rest = sorted((w for w in words if (pos is None or w.x0 > pos.x1) and any(c.isalnum() for c in w.text)),
                  key=lambda w: (w.y0, w.x0))  # specks ("_", "|") of the cell's rules left out
    head = [pos] if pos else []
    text = "".join(w.text for w in rest).strip(" .:;,")
    if len(rest) > 1 and rest[0].text.strip().endswith("-") and _WRAPPED_CODE.fullmatch(text) \
            and any(c.isdigit() for c in text):
        cells["line_no"], cells["code"] = head, rest
    elif len(rest) == 1 and _code_like(text) and (pos is not None or any(c.isalpha() for c in text)):
        cells["line_no"], cells["code"] = head, rest
    elif len(words) == 1 and text.isdigit() and len(text) >= MIN_CODE_DIGITS:
        lead, w = str(n), words[0]
        if text.startswith(lead) and len(text) - len(lead) >= MIN_CODE_DIGITS:
            cut = w.x0 + (w.x1 - w.x0) * len(lead) / len(text)
            cells["line_no"] = [Word(lead, w.x0, w.y0, cut, w.y1, w.conf, w.page)]
            cells["code"] = [Word(text[len(lead):], cut, w.y0, w.x1, w.y1, w.conf, w.page)]
        else:
            del cells["line_no"]
    elif pos is not None and rest:
        cells["line_no"] = head  # words right of the position are not digits of it ("2" + "Ke" / "77121")


_RATE = re.compile(r"-?\d{1,2}(?:[.,]\d{1,2})?\s*%?")


def _discount_before_amount(cells: dict[str, list[Word]], line: LineCells) -> None:
    """A discount rate right-aligned under its left-aligned title ("Rabatt %", "% Rem.", "Rem. %") runs
    past the title toward the amount: a short rate leading the amount cell, a space apart from the
    amount, is the discount column's ("10" | "264,60"), not digits of the amount (10264.60)."""
    amount = cells.get("amount")
    if "discount" not in line.header_score or cells.get("discount") or not amount or len(amount) != 2:
        return
    rate, value = amount
    if _RATE.fullmatch(rate.text.strip()) and value.x0 - rate.x1 > 0.8 * max(rate.height, 1.0) \
            and abs(value.y0 - rate.y0) < 0.5 * max(rate.height, 1.0) and any(c.isdigit() for c in value.text):
        cells["discount"], cells["amount"] = [rate], [value]


def _position_before_code(cells: dict[str, list[Word]], line: LineCells) -> None:
    """The line number right-aligned against the left-aligned code of the next cell ("     1 NW-1101", an
    Excel list exported to PDF): a short number leading the code cell while the position column is
    empty is the position, not the start of the code ("1NW-1101")."""
    code = cells.get("code") or cells.get("customer_item")
    if "line_no" not in line.header_score or cells.get("line_no") or not code or len(code) < 2:
        return
    first, second = code[0], code[1]
    if re.fullmatch(r"\d{1,3}\.?", first.text) and second.page == first.page and abs(second.y0 - first.y0) < 2 \
            and second.x0 > first.x1 and _code_like(second.text):
        cells["line_no"] = [first]
        cells["code" if cells.get("code") else "customer_item"] = code[1:]


def _code_after_position(cells: dict[str, list[Word]]) -> None:
    """A position cell holding a code after its number ("1 ART10325", "3 5909-0006"): the code
    column's title was not read ("Gode" for "Code" on a fax) and its values joined the position
    column; the words after the number are the item code, not digits of the position (110325)."""
    words = cells.get("line_no")
    if not words or len(words) < 2 or any(k in cells for k in CODE_FIELDS):
        return
    first, rest = words[0].text.strip(" .:"), words[1:]
    if first.isdigit() and all(_code_like(w.text) for w in rest):
        cells["line_no"], cells["code"] = words[:1], rest


def _code_left_of_description(cells: dict[str, list[Word]]) -> None:
    """A description cell whose leftmost words, apart from the rest, are a position number and a
    code ("1 | 400118 | Kopierpapier A4 80g": the code column's title, "Art.-Nr." wrapped over two
    rows, was not read and its values joined the description): they are the position and the
    item code, not words of the description."""
    words = cells.get("description")
    if not words or len(words) < 3 or any(k in cells for k in CODE_FIELDS) or "line_no" in cells:
        return
    by_x = sorted(words, key=lambda w: w.x0)
    first, code, rest = by_x[0], by_x[1], by_x[2:]
    gap = max(code.height, 1.0)
    if not (first.text.strip(" .").isdigit() and len(first.text.strip(" .")) <= 3 and _code_like(code.text)
            and code.x0 > first.x1 and code.x1 + gap < min(w.x0 for w in rest)):
        return
    cells["line_no"], cells["code"] = [first], [code]
    cells["description"] = [w for w in words if w is not first and w is not code]


_CODE_PIECE = re.compile(r"^[A-Z][A-Z0-9]{0,7}-$")


def _code_wrapped_in_description(cells: dict[str, list[Word]]) -> None:
    """A description cell starting with a code's first piece ("TK-") whose rest ("12057") starts the next line
    at the same left edge: a code wrapped at its hyphen in a narrow Item cell whose column the header did not
    name (an Oracle print's "Item" over a cell too narrow, the table going on on a page without ruled cells):
    the two pieces are the item's code, not words of its description."""
    words = cells.get("description")
    if not words or len(words) < 3 or any(k in cells for k in CODE_FIELDS):
        return
    head = words[0]
    if not _CODE_PIECE.match(head.text):
        return
    below = [w for w in words[1:] if w.page == head.page and w.y0 >= head.y1 - 1 and abs(w.x0 - head.x0) < head.height / 2]
    if not below:
        return
    rest = min(below, key=lambda w: w.y0)
    if rest.y0 - head.y1 > head.height or not re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", rest.text) \
            or not any(c.isdigit() for c in head.text + rest.text):
        return
    cells["code"] = [Word(head.text + rest.text, head.x0, head.y0, max(head.x1, rest.x1), rest.y1,
                          min(head.conf, rest.conf), head.page)]
    cells["description"] = [w for w in words if w is not head and w is not rest]


def _code_over_name(cells: dict[str, list[Word]]) -> None:
    """A description cell whose first line is one word of a code's shape, the name on the lines under it
    ("DF-CORDE-114" over "Corde polypropylène tressée 8 mm": Lexware's, Sage's "Artikel / Bezeichnung" cell, the
    code on a line of its own): that word is the item's code, not the first word of its name."""
    words = cells.get("description")
    if not words or len(words) < 2 or any(k in cells for k in CODE_FIELDS):
        return
    head = min(words, key=lambda w: (w.page, w.y0, w.x0))
    same_line = [w for w in words if w.page == head.page and w.y0 < head.y1 - head.height / 3]
    under = [w for w in words if w.page == head.page and w.y0 >= head.y1 - head.height / 3]
    text = head.text.strip()
    if same_line != [head] or not under or min(w.y0 for w in under) - head.y1 > head.height \
            or sum(c.isalnum() for c in text) < 4 or not item_code_shape(text):
        return
    cells["code"] = [head]
    cells["description"] = [w for w in words if w is not head]


STACKED = 0.9  # confidence factor of a code split from two rows' codes read as one


def _stacked_codes(lines: list[ExtractedLine]) -> None:
    """Two rows' item codes read as one cell of the first ("173495«925191", the rows' codes run
    together on a standard fax) while the next row has none: the cell reaches down to the next
    row, so its second code is that row's."""
    for line, nxt in zip(lines, lines[1:]):
        if any(getattr(nxt, f) for f in ("customer_item", "supplier_item", "gtin")):
            continue
        for f in ("customer_item", "supplier_item"):
            value, box = getattr(line, f), line.boxes.get(f)
            below = nxt.boxes.get("amount") or nxt.boxes.get("quantity")
            parts = [p for p in re.split(r"[^0-9A-Za-z-]+", value or "") if p]
            if len(parts) != 2 or not all(_code_like(p) for p in parts) or box is None or below is None \
                    or box.page != below.page or box.y + box.h < below.y + below.h / 2 or box.y > below.y:
                continue
            conf = round(line.confidence.get(f, 0.0) * STACKED, 4)
            setattr(line, f, parts[0])
            setattr(nxt, f, parts[1])
            line.confidence[f] = nxt.confidence[f] = conf
            half = box.h / 2
            line.boxes[f] = Box(page=box.page, x=box.x, y=box.y, w=box.w, h=half)
            nxt.boxes[f] = Box(page=box.page, x=box.x, y=box.y + half, w=box.w, h=half)
            break


def _code_like(text: str) -> bool:
    """An item code's shape: four letters and digits or more, a digit among them."""
    alnum = [c for c in text if c.isalnum()]
    return len(alnum) >= 4 and any(c.isdigit() for c in alnum)


def _second_code(cells: dict[str, list[Word]]) -> None:
    """An item cell holding the customer's code and, after a label naming the other party, the
    supplier's ("PAC12259" / "Vendor # PR-1007", "Réf. fournisseur : PR-1004"): two ids, each in its
    own field, never one glued code; item matching takes the one it knows and holds the line when
    they name different products (ITEM-CONFLICT)."""
    for kind in ("code", "customer_item", "supplier_item"):
        words = spaced_words(cells[kind]) if cells.get(kind) else None  # a ruled cell: one word of its lines
        found = party_code([w.text for w in words]) if words else None
        if not words or found is None:
            continue
        label_at, party, code_at, offset = found
        if party == CODE_FIELDS[kind] or party in cells:
            continue  # the same party's code, or the other party's column is there: not split
        code = words[code_at:]
        if offset:  # "Vendor#PR-1007" as one word
            w = code[0]
            cut = w.x0 + (w.x1 - w.x0) * offset / len(w.text)
            code = [replace(w, text=w.text[offset:], x0=cut), *code[1:]]
        cells[party] = code
        if label_at:
            cells[kind] = words[:label_at]
        else:
            del cells[kind]
        return


def _code_without_label(line: ExtractedLine) -> None:
    """A code cell that prints its label too ("Art.-Nr.SKU-1005"): the code alone. A code column's cell that holds
    the name and its labelled code, no description column read (a Word form's "Article" cell: "Staples 24/6, box
    of 1000 / Réf. DF-AGRAFE-030"): the code, and the name as the description."""
    for name in ("customer_item", "supplier_item"):
        value = getattr(line, name)
        found = code_in_description(value) if value else None
        if found and not found[1]:
            setattr(line, name, found[0])
        elif found and not line.description:
            setattr(line, name, found[0])
            line.description = found[1]
            line.confidence[name] = round(line.confidence.get(name, 1.0) * IN_DESCRIPTION, 4)


_COPY_MARK = re.compile(r"\b(?:copy|duplicate|duplicata|copie|kopie|zweitschrift|doppel|customer copy|supplier copy"
                        r"|exemplaire (?:client|fournisseur))\b", re.IGNORECASE)


def _without_copy_pages(built: list[ExtractedLine], table: TableResult, rows: list[Row],
                        order: ExtractedOrder) -> list[ExtractedLine]:
    """An order printed twice ("ORIGINAL" then "COPY" / "DUPLICATA" / "KOPIE", as many ERPs print): the second
    half of the items repeats the first line for line (dates and places included) on later pages whose title
    rows, above their items, mark them a copy. It is the same order again, not its lines twice: the copy's
    lines are left out (``LAYOUT-COPY-PAGES``, a warning); unless the copy page prints this order's number
    again, then the order waits (``LAYOUT-COPY-UNSURE``): a product "Copy paper" never makes a page a copy."""
    n = len(built)
    if n < 2 or n % 2 or len(table.lines) != n:
        return built
    half = n // 2
    pages = [cells.last_row.page for cells in table.lines]
    if min(pages[half:]) <= max(pages[:half]):
        return built
    key = lambda ln: (ln.customer_item, ln.supplier_item, ln.quantity, ln.uom, ln.unit_price, ln.amount,  # noqa: E731
                      (ln.description or "").strip().lower(), ln.requested_date, ln.ship_to)
    if any(key(a) != key(b) for a, b in zip(built[:half], built[half:])):
        return built
    item_words = {id(w) for cells in table.lines for words in cells.cells.values() for w in words}
    item_rows = [r for r in rows if r.page in pages[half:]
                 and (any(id(w) in item_words for w in r.words) or any(r is c.last_row for c in table.lines))]
    first_item = {p: min(r.y0 for r in item_rows if r.page == p) for p in {r.page for r in item_rows}}
    above = [r for r in rows if r.page in first_item and r.y1 <= first_item[r.page]]  # title and header rows
    copy_pages = {r.page for r in above if _COPY_MARK.search(r.text)}
    if not copy_pages & set(pages[half:]):
        return built
    po = re.sub(r"\W", "", (order.po_number or "").lower())
    same_po = len(po) >= 3 and all(any(po in re.sub(r"\W", "", r.text.lower()) for r in above if r.page == p)
                                   for p in copy_pages)
    order.problems.append(Problem(
        code="LAYOUT-COPY-PAGES" if same_po else "LAYOUT-COPY-UNSURE", severity="warning" if same_po else "error",
        message=f"the pages from {min(pages[half:])} repeat the order's {half} line(s) as its printed copy: read once"
                + ("" if same_po else f" (the copy page does not print the order's number "
                                      f"{order.po_number or '(unread)'} again: a person checks no line is lost)")))
    return built[:half]


def _code_from_description(line: ExtractedLine) -> None:
    """No code column read, but "Item # TK-40893" inside the description: that is the code. An item column
    holding a name without a digit ("Staplers", "Toner", "HEFT": an accounting package's item names) gives way
    to a code in the description ("Stapler heavy duty (SKU-1004)"): the name joins the description."""
    name = line.customer_item
    if name and not line.supplier_item and not line.gtin and line.description and _ITEM_NAME.fullmatch(name):
        found = code_in_description(line.description)
        if found:
            line.customer_item, rest = found
            line.description = f"{name} {rest}".strip()
            line.confidence["customer_item"] = round(line.confidence.get("description", 1.0) * IN_DESCRIPTION, 4)
        return
    if line.customer_item or line.supplier_item or line.gtin or not line.description:
        return
    party = party_code_in_description(line.description)
    if party:  # "Supplier Part Num: PR-1017": whose code it is, said by its label
        setattr(line, party[0], party[1])
        line.description = party[2]
        line.confidence[party[0]] = round(line.confidence.get("description", 1.0) * IN_DESCRIPTION, 4)
        if "description" in line.boxes:
            line.boxes[party[0]] = line.boxes["description"]
        return
    found = code_in_description(line.description) or leading_code(line.description)
    if found:
        line.customer_item, line.description = found
        line.confidence["customer_item"] = round(line.confidence.get("description", 1.0) * IN_DESCRIPTION, 4)
        if "description" in line.boxes:
            line.boxes["customer_item"] = line.boxes["description"]


_ITEM_NAME = re.compile(r"[^\W\d_][^\W\d]*(?:[ &'-][^\W\d_]+){0,2}")  # "Staplers", "Toner", "Paper & Pens"


def _number_first(words: list[Word]) -> bool:
    return any(c.isdigit() for c in words[0].text)


def _reads_as_text(words: list[Word]) -> bool:
    return len(words) >= 2 and sum(c.isalpha() for w in words for c in w.text) > 6


# a web shop's status word before the count in its quantity cell (Magento's "Ordered 3", "Bestellt: 3", "Commandé : 3")
_QTY_STATUS = frozenset({"ordered", "bestellt", "commande", "commandee", "commandes", "qty", "menge", "qte", "quantity",
                         "quantite", "anzahl"})


def _without_status(words: list[Word]) -> list[Word]:
    """The quantity cell without the status word before its count ("Ordered 60"): that word is no unit."""
    if len(words) >= 2 and fold(words[0].text).lower().strip(" :") in _QTY_STATUS and any(
            c.isdigit() for c in words[1].text):
        return [w for w in words[1:] if w.text.strip() != ":"]
    return words


def _split_units(words: list[Word], spec: LayoutSpec, ocr: bool = False) -> tuple[list[Word], list[Word]]:
    words = spaced_words(words)  # "1 000 boîtes" as one ruled cell: its words
    if words and (glued := NUMBER_UNIT.match(words[-1].text.strip())) and unit_code(glued["unit"], spec.units):
        last = words[-1]  # "36PCE": the number, then the unit word
        cut = last.x0 + (last.x1 - last.x0) * len(glued["number"]) / max(len(last.text), 1)
        words = [*words[:-1], replace(last, text=glued["number"].strip(), x1=cut),
                 replace(last, text=glued["unit"], x0=cut)]
    numbers = [w for w in words if not unit_word(w.text, spec.units, known_only=ocr)]
    if not numbers:
        return words, []  # a lone "l" is more likely 1 than litres
    return numbers, [w for w in words if w not in numbers]


# An ERP's price for a number of units in the price cell itself ("1.200,00 je 100 ST", "650.00 per 100 BOX", SAP's
# print; "12,00 / 10 PCE"): the price and its basis
_PRICE_PER = re.compile(r"^(?P<price>[\d.,' ]*\d)\s*(?:[A-Z]{3}\s+)?(?:per|je|pro|par|pour|/)\s*(?P<basis>\d{1,5})"
                        r"(?:\s+(?P<unit>[^\W\d][\w.()]{0,11}))?$", re.IGNORECASE)


_BASIS_UNIT = re.compile(r"^(?P<basis>\d{1,5})\s+(?P<unit>[^\W\d][\w.()]{0,11})$")


def _basis_with_unit(line: ExtractedLine, basis: re.Match, words: list[Word], weight: float,
                     units: Mapping[str, str] | None) -> None:
    """A price-unit cell with its unit ("100 ST" under SAP's "pro"): the basis; in another unit than the line's, the
    price is of that unit and not read."""
    unit = bare_unit(basis["unit"])
    if line.uom and (unit_code(unit, units) or unit.upper()) != (unit_code(line.uom, units) or line.uom.upper()):
        line.confidence["unit_price"] = 0.0
        return
    value = Decimal(basis["basis"])
    if value > 1:
        line.price_basis = value
        line.confidence["price_basis"] = round(min(w.conf for w in words) * weight, 4)
        line.boxes["price_basis"] = box_of(words)


def _price_per(line: ExtractedLine, per: re.Match, words: list[Word], weight: float, loc: DocLocale, ocr: bool,
               units: Mapping[str, str] | None) -> None:
    """The price of ``per`` units, and its basis; a basis in another unit than the line's is no price read."""
    parsed = parse_number(per["price"].strip(), loc, ocr=ocr)
    basis = int(per["basis"])
    other_unit = per["unit"] and line.uom and (unit_code(bare_unit(per["unit"]), units) or per["unit"].upper()) \
        != (unit_code(line.uom, units) or line.uom.upper())
    if not parsed or basis < 1 or other_unit:
        line.confidence["unit_price"] = 0.0
        return
    line.unit_price = parsed[0]
    line.confidence["unit_price"] = round(min(w.conf for w in words) * weight * parsed[1], 4)
    line.boxes["unit_price"] = box_of(words)
    if basis > 1:
        line.price_basis = Decimal(basis)
        line.confidence["price_basis"] = line.confidence["unit_price"]


def _titled_basis(line: ExtractedLine, basis: int, unit: str, units: Mapping[str, str] | None) -> None:
    """"Preis pro 100" over the prices: each is the price of that many units (the amount's arithmetic checks it); a
    basis in another unit than the line's ("Price per 100 BOX" over pieces) is no price read."""
    if unit and line.uom and (unit_code(bare_unit(unit), units) or unit.upper()) \
            != (unit_code(line.uom, units) or line.uom.upper()):
        line.confidence["unit_price"] = 0.0
        return
    line.price_basis = Decimal(basis)
    line.confidence["price_basis"] = line.confidence.get("unit_price", 0.0)


def _set_cell(line: ExtractedLine, kind: str, words: list[Word], weight: float, loc: DocLocale,
              ocr: bool, units: Mapping[str, str] | None = None) -> None:
    text = " ".join(w.text for w in words).strip()
    conf = min(w.conf for w in words) * weight
    value: object = None
    field = kind
    if kind in CODE_FIELDS:
        field, value = CODE_FIELDS[kind], "".join(w.text for w in words).strip(" .:;,")
    elif kind == "description":
        value = text
    elif kind == "uom":
        value = bare_unit(text.strip(" .:,;").lstrip(STRAY_LEAD))  # "‘kg": a speck before the unit; "Pkt,": a comma after it; "(EA)"
        conf *= 1.0 if unit_code(value, units) else 0.85
    elif kind == "line_no":
        digits = "".join(c for c in text if c.isdigit())
        if digits:
            line.line_no = int(digits)
        return
    elif kind == "price_basis" and (basis := _BASIS_UNIT.match(text)):
        _basis_with_unit(line, basis, words, weight, units)
        return
    elif kind == "unit_price" and (per := _PRICE_PER.match(text)):
        _price_per(line, per, words, weight, loc, ocr, units)
        return
    elif kind in ("quantity", "unit_price", "amount", "price_basis"):
        parsed = parse_number(text, loc, ocr=ocr)
        if parsed:
            value, conf = parsed[0], conf * parsed[1]
        if kind == "price_basis" and value is not None and value <= 1:
            return  # a price per one unit: the default
        if kind == "price_basis" and value is not None and value != value.to_integral_value():
            line.confidence["unit_price"] = 0.0  # "1,20" under a title read as a basis ("Preis je" / "Einheit"
            return  # wrapped): a price, not a count of units; the line's price is unread, never a basis
    elif kind == "requested_date":
        parsed_date = parse_date(text, loc)
        if parsed_date:
            value, conf = parsed_date[0], conf * parsed_date[1]
    if value is None or value == "":
        line.confidence[field] = 0.0
        return
    setattr(line, field, value)
    line.confidence[field] = round(conf, 4)
    line.boxes[field] = box_of(words)


def _page_release(rows: list[Row], order: ExtractedOrder) -> None:
    """A release against a blanket order printed on the page ("Abruf-Nr. 7", "Release No. 44") is the order's
    ``references.release`` (``releases.printed_release``)."""
    printed_release([r.text for r in rows], order)

"""Orders typed in a plain-text body (the ``body.txt`` the e-mail extractor hands on, or a ``.txt``).

Owns reading free text in French, English and German into at most one ``ExtractedOrder``:

* item lines through the grammar of ``extractors.mail.body_lines`` ("10 x ABC-123 Copy paper",
  "- 5 cartons de DF-PAP-A4 (papier A4)", "Art. MB-4711: 20 Stk", "qty 3 EA item AIS-STP-01");
* the PO reference ("PO 4500123", "notre commande n° 2024-117", "Bestellnummer: 88812", "Ref: ...",
  "New order, reference X", "(commande X)" in brackets, a number after order/commande/Bestellung followed by du/vom/of/dated
  ("commande CDE-26-004512 du ...", "Order X, dated ..."), also on a ``Subject:``/``Objet :``/
  ``Betreff:`` line);
* the requested delivery date on a line that speaks of delivery ("livraison le 12/03/2027",
  "Liefertermin 12.03.2027", "deliver by March 12, 2027", "Need by: 01/08/2027"); relative dates
  ("demain") are not read;
* a delivery date typed after an item ("- 5 boîtes DF-PAP-A4, livraison le 10 décembre 2026") is that
  line's requested date; a currency typed with a price ("@ $9.00") is the order's currency;
* the order date on a labelled line ("Date de commande : 04/12/2026", "Order placed December 4, 2026",
  "Bestelldatum: 4. Dezember 2026", "Bestellung Nr. X vom 1. Dezember 2026", "purchase order X dated
  December 1, 2026", "notre commande du 1er décembre 2026"), else the date of the forwarded message the
  order is in (its header block's "Date:", "Sent:", "Envoyé :", "Gesendet:"), else the e-mail's ``Date``
  header (the ``Date:`` line the e-mail extractor puts at the top of ``body.txt``);
* a line no shape of the grammar reads that carries a quantity (digits or a number word) with a unit
  word, starts with a quantity and holds an item code, or sits between read item lines, is kept as a
  ``LINE-UNREAD`` error on the order (which holds it), never dropped; greetings, addresses and phone
  numbers do not count. So is a line after the last item line and before the closing ("Regards",
  "Cordialement", "Mit freundlichen Grüßen") when it is in the items' paragraph or carries a quantity
  ("Also 2 black toner cartridges please."); a signature block (after a closing, or a paragraph with a
  phone, e-mail, VAT or postcode line) is not, nor are sign-off initials or a lone name on the last
  line ("S.", "Mike"); a delivery wish without a date, a price question, a cancellation or an addition to
  an order already sent hold with their own code (``extractors.typed_remarks``), not ``LINE-UNREAD``;
* item tables with a header row (``extractors.mail.body_columns``): prices in a price column are prices;
* the totals block under the items (``extractors.mail.typed_totals``): discounts, charges and an adjustment
  are the order's allowances and charges (checked with the lines against the total), a sub-total the lines
  do not give holds the order;
* a body that speaks of an order (a PO label, an order word or a request such as "please send") and names items (an unread item-like
  line, an item-table header, an item code beside a number) is an order even when no line could be
  read: held with its lines as ``LINE-UNREAD`` and ``LINES-MISSING``, never ``DocType.OTHER``;
* lines saying URGENT/RUSH/EILT/dringend... kept in ``notes`` (the decide stage reads them), and so are
  delivery instructions (a time of day "avant 10h", "before 10am", "bis 10 Uhr"; a gate code; "call 20
  minutes before arrival"; a loading dock), which the ERP's order carries;
* the language (``fr``/``de``/``en``) from cue words, which picks the decimal mark and date order
  unless the customer's locale is given (its country settles day/month: ``fr_FR``, ``en_IE``,
  ``en_US``); with neither, an unambiguous date elsewhere in the text (13/12/2026) settles it, and
  only then is a 04/12/2026 read as ambiguous (lower confidence).

Each field gets a confidence: the strength of the line shape or label that found it, times how
cleanly its value read (a "1.5" in a decimal-comma text, a day/month order guessed). Quoted lines
(``>``), signatures and e-mail header lines are ignored. Any other body is ``DocType.OTHER`` with no
orders ("please find attached our order PO 4711" is not an order).
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from extractors.base import ExtractHints
from extractors.change_requests import change_request, count_change
from extractors.mail.typed_notes import left_notes
from extractors.note_furniture import mail_furniture
from extractors.payment_terms import terms_only
from extractors.mail.body_columns import read_lines
from extractors.mail.body_table import table_order, with_table
from extractors.mail.call_offs import own_call_off
from extractors.mail.body_lines import (
    NUMBER_WORDS, ItemLine, approximate, grammar, is_item_code, list_numbers, names_another_item, unit_words,
)
from extractors.mail.body_dates import (
    date_problems, find_order_date, order_date_in_words, find_requested_date, requested_date_in_words, typed_window, header_date, line_date, speaks_of_a_date, unplaced_dates,
)
from extractors.mail.context_pos import new_over_context
from extractors.mail.email_text import decode_text, forwarded_sent
from extractors.mail.number_words import SPELLED
from extractors.mail.note_dates import weekday_rule
from extractors.mail.remark_dates import remark_date_problems
from extractors.releases import (_RELEASE, _RELEASE_OF_BLANKET, RELEASE_UNSURE, bare_releases, dated_release,
                                 named_releases, past_releases)
from extractors.note_terms import invoice_label, money_term
from extractors.remark_changes import line_words, remark_change
from extractors.delivery_conditions import counts_packs, full_pallet, full_pallet_problem
from extractors.units import unit_code
from extractors.mail.repeat_orders import mark_repeat, repeat_request
from extractors.edi.date_spans import window_reading
from extractors.mail.typed_blocks import item_shapes, lone_items
from extractors.mail.header_grid import unfold_header_grids
from extractors.capture.totals_row import split_totals_row, split_totals_rows
from extractors.capture.labels import label_key
from extractors.capture.layout_spec import DELIVERY_LABELS, ORDER_DATE_LABELS, PO_LABELS
from extractors.mail.several_orders import look_alike_pos, suppliers_number, numbered_orders, section_dates, named_pos, po_header_lines, split_by_po
from extractors.mail.typed_changes import add_changes, read_changes
from extractors.typed_remarks import (
    not_ordered_now,
    orders_something,
    quote_request,
    site_names,
    addition, adds_to_order, billing_remark, asks_after_closing, not_billed, question, remark, requests, sign_off, substitution,
    formal_closing, paperwork_remark, signature_notice, condition_beside_notice, notice_condition,
)
from extractors.mail.typed_ship_to import typed_ship_to
from extractors.mail.struck_text import flag_struck, take_struck
from extractors.mail.typed_totals import typed_totals
from extractors.mail.time_remarks import time_remark
from extractors.weekdays import weekday_mismatches, weekday_problems
from extractors.date_evidence import date_order_of
from extractors.locale_values import (
    DocLocale, fold, locale_for, parse_date, parse_number, settle_date_order, strip_currency,
)
from extractors.containers.parts import extension, strip_bom
from gateway.model import DocType, ExtractedLine, ExtractedOrder, Extraction, Problem

MIN_PRINTABLE = 0.9
QUOTE_REQUEST = "QUOTE-REQUEST"  # a message asking for a quotation: its own review class, no order
_PO_ID = r"(?P<po>[A-Z0-9][A-Z0-9/_.-]{1,34}[A-Z0-9])"
# A blanket order: "Abruf Nr. 5 zu unserem Rahmenauftrag 4500099000", "release 4 against blanket order BO-8812",
# "appel de livraison n° 2 sur notre commande cadre CC-77" (never a "Rahmenvertrag": prices). It is the call-off's
# PO when the e-mail names no other; beside the call-off's own PO ("PO 5505 under blanket order BO-8812") it is
# a reference of that one order (``references.blanket``), never a second order
_BLANKET_ORDER = (rf"\b(?:rahmen(?:auftrag|bestellung)|blanket\s+(?:purchase\s+)?order|blanket\s+p\.?o\.?"
                  rf"|commande[\s-]+cadre)\s*(?:n\s?[°ºo]\.?|nr\.?|no\.?|number|nummer|#)?\s*[:.]?\s*{_PO_ID}")
_PO_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = tuple((re.compile(p, re.IGNORECASE), s) for p, s in (
    (rf"\b(?:purchase\s+order|p\.?\s?o\b\.?)\s*(?:number|no\.?|nr\.?|n°|#)?\s*[:#.]?\s*{_PO_ID}", 1.0),
    (rf"\border\s*,?\s*(?:number|no\.?|nr\.?|n°|#|ref(?:erence)?)\s*[:#.]?\s*{_PO_ID}", 1.0),
    (rf"\b(?:order|commande|bestellung|auftrag)\s+(?:n\s?[°ºo]\.?\s*)?{_PO_ID}(?=\s*,?\s*(?:du|vom|of|dated"
     rf"|from|en\s+date\s+du|dat[ée]e?\s+du|placed|pass[ée]e?\s+le|aufgegeben)\b)", 0.95),
    (rf"^\s*(?:(?:fw|fwd|wg|tr)\s*:\s*)?(?:new\s+|nouvelle\s+|neue\s+)?(?:purchase\s+)?(?:order|commande"
     rf"|bestellung)\s*:?\s+{_PO_ID}\s*[:.]?\s*$", 0.9),
    (rf"\b(?:bon\s+de\s+)?commande\s*(?:n\s?[°ºo]\.?|num[ée]ro|nr|#|r[ée]f(?:[ée]rence)?)\s*[:.]?\s*{_PO_ID}",
     1.0),
    (rf"\bbestell(?:ung)?[-\s]?(?:nummer|nr\.?|no\.?)\s*[:.]?\s*{_PO_ID}", 1.0),
    (rf"\bbon\s+de\s+commande\s*[:#]\s*{_PO_ID}", 1.0),
    (rf"\b(?:notre\s+|votre\s+)?(?:r[ée]f[ée]rence|num[ée]ro|n°)\s+de\s+(?:la\s+|notre\s+)?commande\s*[:#.]?\s*{_PO_ID}",
     1.0),
    (rf"\b(?:our\s+)?(?:purchase\s+)?order\s+reference\s*[:#.]?\s*{_PO_ID}", 1.0),
    (rf"\b(?:order|commande|bestellung)\s*[:]?\s+(?P<po>\d[A-Z0-9/_.-]{{2,34}}[A-Z0-9])", 0.95),
    (rf"^\s*(?:(?:fw|fwd|wg|tr)\s*:\s*)?(?:(?:zu(?:r|m)?|regarding|concernant|betr\.?)\s+)?(?:bon\s+de\s+)?"
     rf"(?:(?:new|nouvelle|neue[rn]?)\s+)?(?:order|commande|bestellung|auftrag)\s+{_PO_ID}"
     rf"(?=\s*(?:[:,]|$|\s(?:und|and|et)\s))", 0.95),
    (rf"(?:\s(?:und|and|et)|,)\s+(?:bon\s+de\s+)?(?:order|commande|bestellung|auftrag)\s+{_PO_ID}(?=\s*(?:[:,?!]|$))",
     0.95),
    (rf"\(\s*(?:purchase\s+order|order|commande|bestellung|auftrag|p\.?o\.?)\s*(?:n\s?[°ºo]\.?|nr\.?|no\.?|#)?\s*:?\s*"
     rf"{_PO_ID}\s*\)", 0.95),
    (rf"\b(?:ref(?:erence)?|r[ée]f(?:[ée]rence)?|referenz)\s*[.:]\s*{_PO_ID}", 0.9),
    # the buyer's own reference on its letter: "Bestellzeichen: HB-5521", "Notre réf. commande : LN-8830", "Our ref.
    # order: 4471" ("Ihr Zeichen", "votre réf.": the supplier's, ``suppliers_number``; "Unser Zeichen" is the letter's
    # file reference, "EK/wb", printed beside the Bestellnummer: no PO, review rev1 D9)
    (rf"\b(?:unser(?:e)?\s+)?bestell[-\s]?zeichen\s*[.:]?\s*{_PO_ID}", 0.95),
    (rf"\b(?:notre|our)\s+r[ée]f(?:[ée]rence|\.)?\s*(?:de\s+(?:la\s+)?)?(?:commande|order|purchase\s+order)"
     rf"\s*(?:n\s?[°ºo]\.?|no\.?)?\s*[:#.]?\s*{_PO_ID}", 1.0),
    (rf"\b(?:voici|ci-joint|ci-dessous)\s+(?:notre|ma)\s+(?:nouvelle\s+)?commande\s*(?:n\s?[°ºo]\.?)?\s*:?\s*{_PO_ID}", 0.95),
    (rf"\bbest\.?\s*-?\s*nr\.?\s*[:.]?\s*{_PO_ID}", 1.0),
    # a call-off's blanket order is its PO when it names no PO of its own (``_BLANKET``)
    (_BLANKET_ORDER, 0.95),
    # "hier unsere neue Bestellung HB-5503:", "here is our new order KS-88:", "notre nouvelle commande X :"
    (rf"\b(?:unsere?|our|notre|ma)\s+(?:(?:new|neue[rn]?|nouvelle)\s+)?(?:purchase\s+order|order|bestellung|auftrag"
     rf"|commande)\s+{_PO_ID}(?=\s*(?:[:,!]|\.?\s*$))", 0.95),
    (rf"\b(?:p\.?\s?o|purchase\s+order|order)(?:\s+(?:number|no\.?|#|reference))?\s+is\s*:?\s*{_PO_ID}", 1.0),
    (rf"\b(?:bestell(?:ung)?s?-?(?:nummer|nr\.?)|auftragsnummer)\s+(?:lautet|ist)\s*:?\s*{_PO_ID}", 1.0),
    (rf"\bnum[ée]ro\s+de\s+(?:notre\s+)?commande\s+est(?:\s+le)?\s*:?\s*{_PO_ID}", 1.0),
    # "à la commande PO-123", "sur notre commande CMD-7710", "our order BW-5701", "with order LOS-2291": a
    # determiner or a preposition makes it the noun
    (rf"\b(?:la|notre|ma|votre|cette|our|the|my|your|this|unserer|unsere|unseren|der|die|meiner|ihrer|ihre|with|on|in)\s+"
     rf"(?:purchase\s+order|order|commande|bestellung|auftrag)\s+(?:n\s?[°ºo]\.?\s*)?{_PO_ID}(?![\w-])", 0.95),
    (rf"^\s*(?:commande|bestellung)\s+{_PO_ID}\s+(?=(?:pour|avec|du|f(?:ü|ue)r|zur|zum|mit)\b)", 0.95),
))
_URGENT = re.compile(r"\b(?:urgent|urgente?s?|rush|asap|eilt|eilig|dringend|express|sofort|prioritaire"
                     r"|eil(?:bestellung|auftrag))\b",
                     re.IGNORECASE)
_INTENT = re.compile(
    r"\b(?:merci de (?:bien vouloir )?(?:nous )?(?:livrer|expedier|envoyer|faire parvenir)|veuillez (?:nous )?"
    r"(?:livrer|expedier|envoyer)|(?:nous )?(?:souhaitons|voudrions|aimerions) commander|je (?:voudrais|souhaite)"
    r" commander|bitte liefern|bitte senden|wir bestellen|bestellen (?:hiermit|wir)|hiermit bestellen"
    r"|please (?:ship|deliver|send|supply|dispatch)|kindly (?:ship|deliver|send)|we would like to order"
    r"|(?:our|the following) order"
    # "can you send us 2 more toners X please?", "pourriez-vous nous livrer", "könnten Sie uns bitte ... schicken"
    r"|(?:can|could|would) you (?:please |kindly )?(?:send|ship|deliver|supply|get) (?:us|me)"
    r"|(?:can|could|would) you (?:please |kindly )?(?:send|ship|deliver|supply) (?:\d+|another|more|some|a few)"
    r"|(?:pouvez|pourriez)[- ]vous (?:nous |me )?(?:envoyer|livrer|expedier) (?:encore|\d+)"
    r"|(?:konnen|konnten) sie (?:uns |mir )?(?:bitte )?(?:noch )?\d+"
    r"|(?:pouvez|pourriez)[- ]vous (?:nous |me )?(?:envoyer|livrer|expedier|faire parvenir)"
    r"|(?:konnen|konnten|wurden) sie (?:uns |mir )?(?:bitte )?(?:noch )?(?:\S+ ){0,5}?(?:schicken|senden|liefern|zusenden)"
    r"|bitte schick(?:t|en sie) (?:uns|mir)|schicken sie (?:uns|mir)"
    # "nous avons besoin de 3 toners X", "we need 3 toners X", "wir brauchen 3 Toner X"
    r"|(?:nous avons|j'ai|on a) besoin d|(?:we|i) (?:urgently )?need\b|wir (?:brauchen|benotigen)|ich (?:brauche|benotige))")
# A delivery instruction the ERP's order carries as a note: a time of day ("avant 10h", "before 10am", "bis
# 10 Uhr", "between 8 and 12"), a gate code, a call before arrival, a loading dock
_INSTRUCTION = re.compile(
    r"\b(?:avant|apres|entre|before|after|between|not\s+before|bis|ab|zwischen|vor|nach)\s+\d{1,2}(?:[:.h]\d{2})?\s*"
    r"(?:h\b|uhr\b|am\b|pm\b|o.clock|heures?\b|(?:and|et|und|-)\s*\d{1,2}\s*(?:h|uhr|am|pm)?\b)"
    r"|\b(?:gate\s+code|door\s+code|code\s+(?:porte|portail|d.acces)|torcode|tor\s+\d|loading\s+(?:dock|bay)|quai\s+\d"
    r"|rampe\s+\d|(?:call|phone|ring)\s+.{0,30}before\s+(?:arrival|delivery)|(?:appeler|telephoner)\s+.{0,30}avant|anrufen|avis\s+de\s+passage"
    r"|hayon|tail\s*lift|hebebuhne)\b"
    # partial deliveries allowed: "Teillieferung möglich", "partial deliveries OK", "livraison partielle acceptée"
    r"|\b(?:teillieferung(?:en)?\s+(?:sind\s+|ist\s+)?(?:moglich|erlaubt|ok|okay|in\s+ordnung|willkommen)"
    r"|partial\s+(?:deliver(?:y|ies)|shipments?)\s+(?:are\s+|is\s+)?(?:ok|okay|fine|allowed|accepted|acceptable|welcome)"
    r"|back\s*-?orders?\s+(?:are\s+)?(?:ok|okay|fine|allowed|accepted)"
    r"|livraisons?\s+partielles?\s+(?:sont\s+|est\s+)?(?:acceptee?s?|possibles?|autorisee?s?|ok))\b")
_DATE_LINE = re.compile(r"^\s*(?:date|datum)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_QTY_START = re.compile(r"^\s*(?:[-*•·▪–+]\s*)?(?:qty|qté|menge)?\s*\d+(?:[.,]\d+)?\s*(?:x|×)?\s+\S", re.IGNORECASE)
_SUBJECT_LINE = re.compile(r"^\s*(?:subject|objet|betreff|sujet|onderwerp)\s*:\s*(?P<text>.*)$", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*\*?(?:from|de|von|to|à|a|an|cc|date|datum|sent|envoy[ée]|gesendet"
                          r"|reply-to)\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
# A mail app's own signature: "Sent from my iPhone", "Envoyé de mon iPhone", "Von meinem iPhone gesendet",
# "Gesendet von Outlook für Android", "Get Outlook for iOS": the message ends there
_APPS = (r"(?:iphone|ipad|android|samsung|galaxy|outlook|gmail|yahoo|blackberry|huawei|xiaomi|pixel|smartphone|mobile"
         r"|mobilger[äa]t|handy|t[ée]l[ée]phone|portable|appareil|protonmail|windows|aol|bluemail|tablet|tablette|ios)")
_DEVICE = re.compile(rf"^\s*(?:(?:sent|envoy[ée]|gesendet|von|get|t[ée]l[ée]charger)\b[^\d\n]{{0,30}}\b{_APPS}\b[^\d\n]{{0,30}}"
                     rf"|outlook\s+f[üu]r\s+\w+\s+herunterladen)\s*$", re.IGNORECASE)
# What a mail client writes in the plain text for an inline picture: "[logo]", "[image: Logo]", "[cid:image001.png@...]"
_PLACEHOLDER = re.compile(r"^\s*\[(?:cid:[^\]]*|(?:image|img|logo|bild|signature|banner|picture)\b[^\]]{0,80})\]\s*$",
                          re.IGNORECASE)
_NO_ATTACHMENTS = re.compile(r"^x-attachments\s*:\s*none\s*$", re.IGNORECASE | re.MULTILINE)
_FORWARD = re.compile(r"^\s*(?:-{2,}.*-{2,}|_{10,}|.*(?:forwarded message|message r[ée]exp[ée]di[ée]"
                      r"|weitergeleitete).*:)\s*$", re.IGNORECASE)
_CUES = {
    "fr": frozenset("merci livrer veuillez commande bonjour cordialement nous de le la pour des du livraison "
                    "cartons salutations".split()),
    "de": frozenset("bitte liefern bestellung bestellnummer und wir sie mit grusse stk liefertermin "
                    "freundlichen guten tag fur".split()),
    "en": frozenset("please ship deliver order the we thanks regards by kind of and for delivery "
                    "thank you".split()),
}
_LANG3 = {"fr": "fra", "de": "deu", "en": "eng"}
_DAY_FIRST = {"fr": "fr", "de": "de"}  # French and German write dd/mm and dd.mm; English may be either


class BodyTextExtractor:
    """Plain text declared ``text/plain`` (or named ``.txt``) that is not EDI or XML."""

    name = "body_text"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        declared = (content_type or "").split(";", 1)[0].strip().lower()
        if declared != "text/plain" and extension(filename) not in ("txt", "text"):
            return 0.0
        text = strip_bom(head)
        if text.startswith((b"UNA", b"UNB", b"<", b"%PDF")) or (text[:3] == b"ISA" and not text[3:4].isalnum()):
            return 0.0  # EDIFACT, X12, XML and PDF extractors own these whatever the name says
        decoded = text.decode("utf-8", errors="replace")
        printable = sum(c.isprintable() or c in "\r\n\t" for c in decoded) / max(len(decoded), 1)
        if printable < MIN_PRINTABLE:
            return 0.0
        return 0.5 if declared == "text/plain" else 0.4

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read an order from free text; never raises on odd text (no order -> ``DocType.OTHER``)."""
        text, problem = decode_text(data, _charset(hints.content_type))
        text, struck = take_struck(text)  # an HTML e-mail's struck-through text, named below
        headers, lines = split_lines(text)
        lines = unfold_header_grids(lines, header_label)  # "Unser Zeichen   Datum" over "HB-5521   03.12.2026"
        dates = date_lines(text)
        language = guess_language(text)
        loc = settle_date_order(text, locale_for(hints.locale or _DAY_FIRST.get(language), _LANG3[language]))
        lines = item_shapes(lines, loc, grammar(hints.units))  # "A-1 x 2; B-2 x 3", "Artikel: X" / "Menge: Y"
        units = unit_words(hints.units)
        read, tables, rows_unread, price_problems = read_lines(lines, loc, grammar(hints.units), units, hints.units)
        read = list_numbers(read)  # "(1) X", "(2) Y": a numbered list, no counts
        ship_to = typed_ship_to(lines, frozenset(line.strip() for line, item in read if item is not None), hints.own)
        read = [(line, None if line.strip() in ship_to.lines and not (item and ship_to.in_sentence) else item)
                for line, item in read]
        read = [(line, None if item is not None and not_ordered_now(line) else item)  # "price for 3 x X?", "next
                for line, item in read]                                                # month we will need 20 x X"
        claimed = ship_to.claimed()  # a sentence naming a place keeps its items, read or unread
        rows_unread = [text for text in rows_unread if text.strip() not in claimed
                       and any(c.isalnum() for c in text)]  # a table's rule line ("|---|---|") is no row
        items = [item for _line, item in read if item is not None]
        problems = [problem] if problem else []
        other = list(dict.fromkeys(line for line, item in read if item is None or item.in_sentence))
        body = [*headers, *dict.fromkeys(line for line, _item in read)]
        blankets = blanket_orders(body, named_pos(body, _PO_PATTERNS))
        po = find_po([*other, *headers], blankets)
        # "following our PO X last week, please send ... on our new PO Y": Y is the order's PO, X no second order
        fresh = new_over_context([*other, *headers], named_pos([*headers, *(line for line, _item in read)], _PO_PATTERNS))
        po = (fresh[0], 1.0) if fresh else po
        called = None if fresh else own_call_off(body, po)  # "Rahmenvertrag 45000, unsere Abrufnummer 63002"
        if called:
            po, blankets = (called[0], 1.0), called[1]
        unread = unread_texts(read, po, units, writer_names(text))
        unread += [line.strip() for line, item in read  # "~40 x TP-1002": a guessed quantity is shown, never read
                   if item is None and approximate(line) and line.strip() not in unread]
        unread += [text for text in rows_unread if text not in unread]
        unread += [text for text in lone_items(line for line, item in read if item is None) if text not in unread]
        unread += [text for text in coded_lines(read, po, quantity=True) if po and po[0] in text and text not in unread]
        repeat = repeat_request([*other, *headers])  # "same as our PO 4400": that PO is no order of this e-mail
        pos = [p for p in named_pos(body, _PO_PATTERNS) if (not repeat or p != repeat[1]) and p not in blankets]
        pos = _without_replied_po(pos, headers, read)
        if fresh:
            pos = [fresh[0]]
        elif called:
            pos = [called[0], *(p for p in pos if p != called[0])]
        unread_body = [*_own_headers(headers, read), *dict.fromkeys(line for line, item in read if item is None)]
        skip = {repeat[1] or ""} if repeat else set()
        pos += look_alike_pos(unread_body, pos[0], skip | blankets | set(fresh[1] if fresh else [])) \
            if len(pos) == 1 else []
        unread = [text for text in unread if not call_off_line(text, blankets, po[0] if po else None)]  # "Release 2 against blanket BO-1"
        unread = [text for text in unread if not repeat or text.strip()[:120] != repeat[0]
                  or names_another_item(text.replace(repeat[1] or " ", " "))]
        if len(pos) > 1:  # "PO 4411:" over the second order's lines is no unread line
            unread = [text for text in unread if text not in po_header_lines(unread, pos)]
        numbered = numbered_orders([line for line, item in read if item is None]) if len(pos) < 2 else []
        unread = [text for text in unread if text.strip() not in numbered]  # "Order 2": held as several orders
        changes = read_changes(list(dict.fromkeys(line for line, item in read if item is None)), loc,
                               po[0] if po else None, hints.units)
        changed = {change.text for change in changes}
        unread = [text for text in unread if text.strip()[:120] not in changed]
        if not items and not unread and not changes and po and quotes_items(text):
            unread = reply_lines(other)  # "same as below but 3 instead of 5": a person reads the reply
        asked = [text for text in unread if stock_question(text)]  # "do you have 200 x X in stock? If yes ..."
        unread = [text for text in unread if text not in asked]
        said = requests([text for text in outside_lines(read, ship_to.lines) if text not in unread])
        said += [p for p in requests(asked) if p.message not in {q.message for q in said}]
        about_an_order = bool(po) and any(p.code in _ABOUT_AN_ORDER for p in said)  # "annuler la ligne X de ..."
        # "merci de livrer le 12/12 au lieu du 10/12": a delivery date typed in place of another is about an
        # order sent, with or without its PO: held CHANGE-TYPED, never "not an order"
        about_an_order = about_an_order or any(p.code == "CHANGE-TYPED" and p.element == "requested_delivery_date"
                                               for p in said)
        asked_quote = None if po else quote_request(headers, [line for line, _item in read])
        if asked_quote is not None and not orders_something([*headers, *(line for line, item in read if item is None)]
                                                            if asked_quote not in headers else
                                                            [line for line, item in read if item is None]):
            return Extraction(  # "Please quote for the following: ...": no order, a person answers it (never dropped)
                format="body_text", doc_type=DocType.OTHER, detail="a request for a quotation",
                problems=[*problems, Problem(code=QUOTE_REQUEST, severity="error", element="document", message=(
                    f"a request for a quotation, not an order: a person answers it ({asked_quote[:120]!r}; "
                    f"{len(items)} item line(s) named)"))], metadata={"language": language})
        alone = bool(_NO_ATTACHMENTS.search(text[:2000]))  # the e-mail had no attachment
        named = alone and po is not None and po[1] >= 0.9  # a PO named by its label, nothing attached: it waits
        table = table_order(_unquoted(without_quoted_message(text)), hints)  # an HTML table or pasted sheet: cell by cell
        if not items and not changes and not repeat and not about_an_order and not named and table is None \
                and not order_like(headers, read, po, [*unread, *asked], tables):
            if _ACT_ON_BELOW.search(fold(_unquoted(text)).lower()) and quotes_items(text):
                # "Please process the order below" over a forwarded order an HTML reply header marked quoted
                # ("Subject: RE: Quote Q-2291" in Outlook's divRplyFwdMsg): the order is the forwarded one (V23)
                return self.extract(_unquote_all(text).encode(_charset(hints.content_type) or "utf-8", "replace"), hints)
            return Extraction(format="body_text", doc_type=DocType.OTHER, detail="text without order lines",
                              problems=problems, metadata={"language": language})
        order = _order(headers, other, items, language, po, called[0] if called else None)
        if blankets:
            order.references["blanket"] = ", ".join(sorted(blankets))
        if fresh:
            order.references["follows"] = ", ".join(fresh[1])
        _set_dates(order, other, headers, dates, loc, forwarded_sent(without_quoted_message(text)))
        other = split_totals_rows(other)  # "Net 450.00  VAT 90.00  Total 540.00": a totals block on one line
        order.total = typed_total(other, loc)
        order.problems += disagreeing_totals(other, loc)  # "Total 131.70" then "Total due 165.00": neither is dropped (R10)
        totals = typed_totals([t for t in other if not _TOTAL_LINE.match(fold(t))], loc)  # "Sub Total", "Shipping 15.00"
        totals.nets += net_totals(other, loc)  # "Total HT 131,70" over "Total TTC 158,04"
        order.allowances += totals.allowances
        unread = [text for text in unread if text.strip() not in totals.lines and not _totals_read(text, totals.lines)]
        unread += [text for text in totals.unread if text not in {u.strip() for u in unread}]
        rows = [k for k, t in enumerate(other) if _TOTAL_LINE.match(fold(t))]
        if rows and not typed_totals([t for t in other[:rows[-1]] if not _TOTAL_LINE.match(fold(t))], loc).tax_typed:
            totals.taxes = []  # "Total 131.70" then "+ VAT 30.29": the tax comes on top of the total typed
        with_tax = order.total is not None and (total_with_tax(other) or totals.tax_typed)
        order.problems += totals.problems(order.lines, order.total if with_tax else None)
        if order.total is not None and not with_tax:
            order.references["total_basis"] = "net"  # a typed total that says nothing of tax is the lines' sum
        if not items:  # an order-like body: every line that names an item is shown to the person
            explained = changed | ({repeat[0]} if repeat else set()) | {text.strip()[:120] for text in asked}
            unread += [text for text in coded_lines(read, po) if text not in unread and text[:120] not in explained]
        unread = [text for text in unread if text.strip() not in claimed]
        handling = [text for text in unread  # "Use gate 4, dock 12", "invoice in 2 copies", "Livraison à quai"
                    if handling_note(text) or delivery_remark(text) or (time_remark(text) and remark(text) is None)
                    or resend_mark(text) or signature_notice(text)]  # "(resent)", "Kopie", "renvoi": the same order again, a note
        unread = [text for text in unread if text not in handling]
        termed_lines = terms_lines([*unread, *outside_lines(read, ship_to.lines)])  # "Zahlung 60 Tage netto": the
        unread = [text for text in unread if text not in termed_lines]  # order's note, TERMS-TYPED by the gateway
        order.notes += [text for text in dict.fromkeys(t.strip()[:200] for t in [*handling, *filter(signature_notice, other),
                                                                                *termed_lines])
                        if text not in order.notes]  # "Deliver only if someone is on site to sign": carried
        if marks := [line.strip()[:80] for line in [*handling, *other, *headers] if resend_mark(line)]:
            order.references["resent"] = marks[0]  # a note only if it is the same order again: dedup holds it else
        order.problems += remark_date_problems([*other, *handling, *unread], order.requested_delivery_date)
        # a weekday rule typed anywhere outside the items, read as every format's notes are ("Please deliver on Saturday
        # only" over a Thursday: DATE-REMARK-CONFLICT), never a sentence lost or a note beside a date it contradicts
        shown_dates = " ".join(p.message for p in order.problems)
        for typed in dict.fromkeys([*other, *handling]):
            rule = weekday_rule(typed, order)
            if isinstance(rule, Problem) and repr(" ".join(typed.split())[:120]) not in shown_dates:
                order.problems.append(rule)
            elif rule is True and condition_beside_notice(typed) and repr(typed.strip()[:120]) not in shown_dates \
                    and remark_change(typed, order.requested_delivery_date, line_words(order.lines)) is None:
                order.problems.append(notice_condition(typed))  # "Thursday only, please double the staplers": held
            if rule is not None and typed.strip()[:200] not in order.notes:  # "Please deliver on Sunday only" over a
                order.notes.append(typed.strip()[:200])  # Sunday: a condition the date meets, carried as the order's note
        # a remark that also asks for a change ("Warenannahme bis 15 Uhr, bitte nur die Hälfte", "deliver Monday, not
        # Friday", "Bitte noch Druckerpatronen mitliefern"): held, and kept as the order's note (never dropped)
        remarks = [text for text in dict.fromkeys([*handling, *outside_lines(read, ship_to.lines)])
                   if text.strip()[:120] not in changed]
        asked_changes = [(text, p) for text in remarks
                         if (p := remark_change(text, order.requested_delivery_date, line_words(order.lines))) is not None]
        order.notes += [text.strip()[:200] for text, _p in asked_changes if text.strip()[:200] not in order.notes]
        said_about = " ".join(p.message for p in [*said, *order.problems])
        order.problems += [p for text, p in asked_changes if repr(text.strip()[:120]) not in said_about]
        # a price, a discount or where to invoice in a remark: the one judgement of every format's notes (note_terms)
        # (an unread line keeps LINE-UNREAD beside it: what it names is not on the order, dedup reads it so)
        termed = [(text, p) for text in dict.fromkeys([*handling, *remarks, *unread])
                  if (p := money_term(text, order)) is not None]
        order.problems += [p for text, p in termed if repr(text.strip()[:120]) not in said_about]
        order.problems += [remark(text) or count_change(text) or _problem(text) for text in unread] + price_problems \
            + _mixed_currencies(items)
        order.problems += _addition(order, headers, read, fresh[0] if fresh else None)
        if numbered:  # "Order 1 ... Order 2 ...": several orders, never one merged order
            order.problems.append(Problem(
                code="ORDERS-SEVERAL", severity="error", element="po_number",
                message=f"the e-mail types {len(numbered)} orders under their own headings "
                        f"({', '.join(repr(h[:40]) for h in numbered[:4])}): read as one order, held for a person to split"))
        order.problems += [p for item in items if (p := not_billed(item.description)) is not None]
        order.problems += pallet_lines(read)  # "6 cartons TP-1005 (palette complète)": a pallet's worth or 6?
        order.problems += [p for line, item in read if item is not None and (p := substitution(line)) is not None]
        order.problems += parcel_problems(read)
        if alone:  # "please find our PO attached" with nothing attached: the document meant is not here
            order.problems += _missing_attachment([*headers, *(line for line, _item in read)], bool(items or unread))
        elif (hints.filename or "").lower() == "body.txt":  # attached: the attachment is the order
            order.problems += _order_in_attachment([*headers, *other], po)
        shown = {p.message for p in order.problems}
        order.problems += [p for p in said if p.message not in shown]
        if not any(p.code == "BILL-TO-TYPED" for p in order.problems):  # "Please invoice to: ..." read as no line
            order.problems += [p for p in map(billing_remark, other) if p is not None][:1]
        if not any(p.code == "BILL-TO-TYPED" for p in order.problems):  # "Invoices: Acme Finance, Dayton"
            order.problems += [p for t in other if invoice_label(fold(t).strip())
                               and (p := money_term(t, order)) is not None and p.code == "BILL-TO-TYPED"][:1]
        # a paragraph the person wrote that no rule read never vanishes: the order's note (rules above saw it first);
        # a greeting, closing, disclaimer or a field read is none (``typed_notes``)
        order.notes = [note for note in order.notes if not mail_furniture(note, order)]
        said = {text.strip() for text in [*unread, *totals.lines, *(repeat[:1] if repeat else [])]}
        order.notes += [text for text in left_notes(outside_lines(read, ship_to.lines), order, said)
                        if text not in order.notes]
        if ship_to.party is not None:
            order.parties.append(ship_to.party)
        order.problems += ship_to.problems()
        add_changes(order, changes)
        if table is not None:
            order = with_table(order, table, read, loc)
        if repeat:
            mark_repeat(order, repeat)
        orders = split_by_po(order, read, pos, _PO_PATTERNS) if len(pos) > 1 else [order]
        if len(orders) > 1:  # "PO 4411 ... need by 12/14" / "PO 4412 ... need by 12/21": each its own date
            sent = header_date(dates, loc)
            orders = section_dates(orders, [*dict.fromkeys(line for line, _item in read)], _PO_PATTERNS, loc,
                                   sent[0] if sent else None, sent[1] if sent else None)
        for each in orders if struck else []:
            flag_struck(each, struck)  # "<s>2 TP-1001 Lampe</s>": cancelled or ordered, a person says
        return Extraction(format="body_text", doc_type=DocType.ORDER, detail=f"text order, {len(items)} line(s)",
                          orders=orders, problems=problems,
                          metadata={"language": language, "date_order_seen": date_order_of(text.splitlines()),
                                    "signature_text": signature_text(read)})


EXTRACTOR = BodyTextExtractor()


# Delivery and paperwork remarks with a number and no item: "Please ship on 1 pallet max, no loose cartons", "Use gate 4,
# dock 12", "Receiving hours 7-15", "Please send the invoice in 2 copies", "Anlieferung an Tor 3", "facture en 2 exemplaires"
_HANDLING = re.compile(
    r"\b(?:(?:on|sur|auf)\s+(?:\d+|one|une?|einer?)\s+(?:pallets?|palettes?|paletten?)\b|max(?:imum)?\.?\s+\d+\s+"
    r"(?:pallets?|palettes?|paletten?)\b|\d+\s+(?:pallets?|palettes?|paletten?)\s+max(?:imum|imal)?\b|(?:gate|dock|quai|porte|tor|rampe|door|bay)\s*(?:n[o°r]?\.?\s*)?\d+\b"
    r"|(?:invoices?|factures?|rechnung(?:en)?)\b.{0,40}\b\d+\s+(?:copies|copy|exemplaires?|ausfertigung(?:en)?|fach)\b"
    r"|(?:receiving|delivery|opening)\s+hours|receiving(?=\s*(?:from\s+)?\d)|horaires?\s+de\s+(?:livraison|reception|ouverture)|warenannahme|anlieferzeit"
    r"|offnungszeit)", re.IGNORECASE)


# Hours beside a receiving-hours remark ("7-15", "7:30 - 15 Uhr", "8h-16h", "from 8 to 4 pm"): no count of goods
_HOURS = re.compile(r"\b\d{1,2}(?:[:.h]\d{2})?\s*(?:h|uhr|am|pm)?\s*(?:-|\u2013|to|bis|a|au)\s*\d{1,2}(?:[:.h]\d{2})?"
                    r"\s*(?:h|uhr|am|pm)?\b|\b\d{1,2}(?:[:h]\d{2})?\s*(?:h|uhr|am|pm)\b|\b\d{1,2}:\d{2}\b")
# A count written as a word before goods ("plus four toner cartridges, gate 4"): "one/un/ein" are articles, left out
_COUNT_WORDS = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|dozen|deux|trois|quatre|cinq|six|sept"
                          r"|huit|neuf|dix|douze|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|zwolf|twenty|thirty|fifty|hundred|vingt"
                          r"|trente|cinquante|cent|zwanzig|dreissig|funfzig|hundert)\b")


def handling_note(text: str) -> bool:
    """A delivery or paperwork remark with a number but no item code: a note for the ERP, never an order line.
    Only when its numbers are the handling numbers ("1 pallet max", "gate 4, dock 12", "invoice in 2 copies"): a
    line that also counts goods ("5 Kartons Kugelschreiber blau, max. 2 Paletten", "20 ring binders on 1 pallet",
    "Plus 4 toner cartridges black, gate 4 please") is an item line the reader could not read, shown LINE-UNREAD."""
    folded = fold(text)
    if not _HANDLING.search(folded):
        return False
    rest = _HANDLING.sub(" ", folded)
    if re.search(r"(?:receiving|delivery|opening)\s+hours|receiving|horaires?|warenannahme|anlieferzeit|offnungszeit", folded):
        rest = _HOURS.sub(" ", rest)
        text = _HOURS.sub(" ", folded)  # "receiving 7am-3pm": hours, no code after a count
    if re.search(r"\d", rest) or _COUNT_WORDS.search(rest) or _REMARK_COUNT_WORDS.search(_WEEKDAYS.sub(" ", rest)):
        return False  # "avec onze boîtes de trombones": every number word counts goods (review revC D3)
    return not any(is_item_code(w.strip(".,;:()"), False) for w in re.findall(r"\S+", rest)) \
        and not names_another_item(text)


# How and when the goods are to be received, in words ("Livraison à quai", "Réception de 8h à 12h", "Merci de prendre
# rendez-vous au 01 23 45 67 89", "Anlieferung nur nach Terminvereinbarung", "Delivery by appointment only"): a note for
# the carrier, no order line (outside trial: French remarks held LINE-UNREAD as if they were items)
_RECEIVING = re.compile(
    r"\b(?:livraisons?\s+(?:uniquement\s+|seulement\s+)?(?:a|au|en|sur)\s+(?:quai|rendez-vous|rdv|rez-de-chaussee)"
    r"|(?:prendre|fixer|convenir\s+d.un|sur)\s+(?:un\s+)?(?:rendez-vous|rdv)|rendez-vous\s+(?:obligatoire|prealable)"
    r"|reception\s+(?:des\s+marchandises\s+|des\s+livraisons\s+)?(?:de|du|le|les|entre|a\s+partir|uniquement|jusqu)"
    r"|horaires?|(?:pas\s+de|aucune)\s+livraisons?\s+(?:le|les|avant|apres|entre|du|en|pendant|ce|cette|la)\b|acces\s+(?:poids\s+lourds?|camions?|semi)|semi-remorques?"
    r"|quai\s+de\s+(?:dechargement|livraison)|livraison\s+a\s+quai"
    r"|anlieferung\s+(?:nur\s+)?(?:nach|mit|per)\s+(?:termin|voranmeldung|avis)|terminvereinbarung|termin\s+vereinbaren"
    r"|keine\s+anlieferung\s+(?:am|an|vor|nach|zwischen|von)\b|warenannahme|anlieferzeiten?|avisierung"
    r"|deliver(?:y|ies)\s+(?:by|on)\s+appointment|book\s+(?:a|an)\s+(?:slot|appointment|delivery)"
    r"|no\s+deliver(?:y|ies)\s+(?:on|before|after|between|at)\b"
    r"|dock\s+delivery|receiving\s+(?:hours|times|from|between|only))\b")
# a condition on the order beside the remark ("pas de livraison partielle", "only if complete"): it waits as it says
_CONDITION = re.compile(r"partiel|teilliefer|partial|back\s*-?orders?|reliquat|complet|komplett|vollstandig|en\s+une\s+(?:seule\s+)?fois"
                        r"|only\s+if|seulement\s+si|uniquement\s+si|nur\s+wenn|sauf|except|ausser|\?")
_PHONE = re.compile(r"(?:\+|\b)\d[\d .()/-]{6,}\d\b")
_WEEKDAYS = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag"
                       r"|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b")


# Every number word but the articles (un/une/ein/one): "quinze cartons", "onze boîtes" count goods
_REMARK_COUNT_WORDS = re.compile(r"\b(?:" + "|".join(sorted((re.escape(w) for w in SPELLED
                                 if w not in {"un", "une", "ein", "eine", "einem", "einen", "eins", "one"}),
                                 key=len, reverse=True)) + r"|dozen|douzaine|dutzend)\b")
# what "un/une/ein/with a" may name in a receiving remark: the appointment, the call, the truck, a time; anything else
# after an article ("avec une cartouche de toner noir") is goods
_REMARK_NOUNS = frozenset(
    "rendez-vous rdv appel coup heure heures jour jours semaine creneau camion chauffeur livreur transpalette hayon quai "
    "delai preavis mail email courriel message numero bon moment instant avis termin anruf stunde tag woche lkw "
    "voranmeldung avisierung zeitfenster gabelstapler hubwagen slot appointment call hour day week truck lorry driver "
    "tail-lift forklift notice phone email".split())
_ARTICLE_NOUN = re.compile(r"\b(?:un|une|ein|eine|einen|einem|(?:with|plus|and|extra)\s+(?:a|an|one))\s+([^\W\d_][\w'-]*)")
# a number (or a range "10 à 12") before a packing word or a unit of goods: a count of goods, never hours
_COUNTED = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:(?:a|-|\u2013|to|bis|et|ou|or|oder|und|and)\s*\d+\s*)?([^\W\d_][\w-]*)")
_TIME_UNITS = frozenset({"HUR", "MIN", "DAY", "WEE", "MON", "ANN", "SEC"})


def _counts_goods(folded: str) -> bool:
    """A receiving remark that also counts or names goods ("de quinze cartons de ramettes", "avec une cartouche de
    toner noir", "10 à 12 cartons en plus"): an order line the reader could not read (review revC D3)."""
    if _REMARK_COUNT_WORDS.search(_WEEKDAYS.sub(" ", folded)):
        return True
    if any(m.group(1) not in _REMARK_NOUNS for m in _ARTICLE_NOUN.finditer(folded)):
        return True
    for m in _COUNTED.finditer(folded):
        unit = unit_code(m.group(1))
        if unit is not None and unit not in _TIME_UNITS and m.group(1) not in {"h", "uhr", "am", "pm"}:
            return True
    return False


def delivery_remark(text: str) -> bool:
    """A remark on receiving the goods in words, with no count of goods: its only numbers are hours ("de 8h à 12h",
    "7:30-11:30", "48h avant"), a phone number or a dock's number, and it names no item nor any goods after an
    article or a count ("une cartouche", "quinze cartons", "10 à 12 cartons")."""
    folded = fold(text).lower()
    if not _RECEIVING.search(folded) or _CONDITION.search(folded) or _counts_goods(folded):
        return False
    rest = _PHONE.sub(" ", _HOURS.sub(" ", folded))
    rest = re.sub(r"\b\d{1,3}\s*(?:h|heures?|std\.?|stunden|hours?)\b|\b(?:quai|dock|tor|rampe|gate|porte)\s*(?:n[o°r]?\.?\s*)?\d+\b",
                  " ", rest)
    if re.search(r"\d", rest) or _COUNT_WORDS.search(_WEEKDAYS.sub(" ", rest)):
        return False
    return not any(is_item_code(w.strip(".,;:()"), False) for w in re.findall(r"\S+", rest)) \
        and not names_another_item(rest)


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset=\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


_QUOTE_SEPARATOR = re.compile(
    r"^\s*(?:-{3,}\s*(?:original message|urspr(?:ü|ue|u|\S{1,3})ngliche nachricht|message d.origine|original[- ]?nachricht"
    r"|message original|oorspronkelijk bericht)"
    r"\s*-{3,}|(?:le|on|am)\s.{4,160}\s(?:a [ée]crit|wrote|schrieb(?:\s[^:]{1,120})?)\s?:?"
    r"|[^:>]{2,80}\s(?:wrote on|schrieb am|a [ée]crit le)\s[^:]{4,60}(?::\d\d)?\s?:)\s*$", re.IGNORECASE)
_QUOTE_FROM = re.compile(r"^\s*\*?(?:from|de|von)\s*\*?\s*:", re.IGNORECASE)
_QUOTE_SENT = re.compile(r"^\s*\*?(?:sent|envoy[ée]|gesendet|date|datum)\s*\*?\s*:", re.IGNORECASE)
# Outlook's header of the quoted message run into one line: "Von: Karin Vogt <k@x.de> Gesendet: Montag, 30. November
# 2026 10:12 An: ... Betreff: ..." (outside trial: the quoted order was read as a second order of the reply)
_QUOTE_HEADER_LINE = re.compile(r"^\s*\*?(?:from|de|von)\s*\*?\s*:.{1,160}?\s\*?(?:sent|envoy[ée]|gesendet|date|datum)"
                                r"\s*\*?\s*:.{4,}", re.IGNORECASE)
# what only a mail header run into one line has beside "From: … Date: …": an address, or the recipient's or the
# subject's label after it ("An:", "To:", "À :", "Cc:", "Betreff:", "Subject:", "Objet :")
_QUOTE_HEADER_MORE = re.compile(r"@|\s\*?(?:an|to|[àa]|cc|betreff|subject|objet)\s*\*?\s*:", re.IGNORECASE)


def _quote_header_line(line: str) -> bool:
    """An Outlook header of a quoted message run into one line: "Von: … Gesendet: … An: … Betreff: …". A line of the
    order's own text that names a place and a date ("Von: Lager Nord, Datum: 14.12.2026") is none (review revC D2: it
    cut off every item under it)."""
    match = _QUOTE_HEADER_LINE.match(line)
    return bool(match) and bool(_QUOTE_HEADER_MORE.search(line[match.start():]))


def _unquoted(text: str) -> str:
    """The text without the lines a reply quotes ("> ..."): an older message's table is no order of this one."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def without_quoted_message(text: str) -> str:
    """The new message of a reply, without the older message quoted under it in Outlook's way (no ``>``):
    everything from "-----Original Message-----", "-----Ursprüngliche Nachricht-----", "Le … a écrit :",
    "On … wrote:", or a "From:/De :/Von:" line followed by "Sent:/Envoyé :/Gesendet:" on.

    Only when item lines stand above it: a forwarded order with a note on top (nothing ordered above the
    header) is the order itself and is kept whole."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        header = bool(_QUOTE_SEPARATOR.match(line)) or _quote_header_line(line) or (
            bool(_QUOTE_FROM.match(line)) and any(_QUOTE_SENT.match(nxt) for nxt in lines[index + 1:index + 4]))
        if header and any(_item_like(above) for above in lines[:index]  # never the subject ("FW: RE: Quote
                          if not _SUBJECT_LINE.match(above) and not _HEADER_LINE.match(above)):  # Q-2291", V23)
            return "\n".join(lines[:index])
    return text


_CODE_TOKEN = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[a-z])[a-z0-9]+(?:[-./_][a-z0-9]+)+\b", re.IGNORECASE)


def _item_like(line: str) -> bool:
    """A line of the new message that orders something: it starts with a quantity in digits, has a
    quantity before an item code ("PO 5504: please ship 3 x TP-1002"), or names an item code ("TP-1001 -
    Paper - 3 BX") on a line that does not speak of the order itself (a PO line is not an item)."""
    folded = fold(line)
    return bool(_QTY_START.match(line) or names_another_item(line)
                or (_CODE_TOKEN.search(line) and not _ORDER_WORDS.search(folded)
                    and not re.search(r"\b(?:ref|ref\w*|nr|no)\b", folded)))


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Subject lines apart; the other lines without quoting, signatures and e-mail header lines."""
    headers: list[str] = []
    lines: list[str] = []
    in_signature = False
    for line in without_quoted_message(text).splitlines():
        if _SIGNATURE.match(line) or _DEVICE.match(line):
            in_signature = True
        elif _FORWARD.match(line):
            in_signature = False
        elif (subject := _SUBJECT_LINE.match(line)) is not None:
            headers.append(subject.group("text"))
        elif _PLACEHOLDER.match(line):
            continue  # an inline picture's placeholder is no line of the order
        elif not in_signature and not line.lstrip().startswith(">") and not _HEADER_LINE.match(line) \
                and not _NO_ATTACHMENTS.match(line):
            lines.append(line)
    return headers, lines


def date_lines(text: str) -> list[str]:
    """The values of ``Date:`` lines (the e-mail's header first, as the e-mail extractor writes it)."""
    return [m.group("value").strip() for m in map(_DATE_LINE.match, text.splitlines()[:200]) if m]


UNPLACED_HEADER_STRENGTH = 0.5  # an order date from the e-mail's header when the text has a date not placed


def _set_dates(order: ExtractedOrder, lines: list[str], headers: list[str], dates: list[str],
               loc: DocLocale, forwarded: str | None = None) -> None:
    """The order date (typed, else the date of the forwarded message the order is in, else the e-mail's
    header), the requested date (a year-less one in the year after the order date), and a DATE-UNPLACED
    error for each date typed that is neither."""
    found = find_order_date([*lines, *headers], dates, loc)
    typed = bool(found and found[2])
    inner = parse_date(forwarded, loc) if forwarded and not typed else None
    if inner and found and found[0] - timedelta(days=60) <= inner[0] <= found[0]:
        found = (inner[0], min(found[1], inner[1]), False)  # the customer's message, forwarded to us later
    if found:
        order.order_date = found[0]
        order.confidence["order_date"] = found[1]
        if found[2] and order_date_in_words([*lines, *headers], dates, loc):
            order.dates_in_words.append("order_date")
    sent = header_date(dates, loc)
    requested = find_requested_date([*headers, *lines], loc, order.order_date, sent[0] if sent else None)
    if requested:
        order.requested_delivery_date = requested[0]
        order.confidence["requested_delivery_date"] = requested[1]
        if requested_date_in_words([*headers, *lines], loc, order.order_date, sent[0] if sent else None):
            order.dates_in_words.append("requested_delivery_date")
    window = typed_window([*headers, *lines], loc, order.order_date)
    if window and order.requested_delivery_date in window[:2]:  # "Livraison entre le 14 et le 18/12/2026"
        order.requested_delivery_date = window[0]
        note, wide = window_reading("typed", window[0], window[1], f" ({window[2]!r})")
        order.notes.append(note)
        if wide:
            order.problems.append(Problem(code="DELIVERY-WINDOW-WIDE", severity="error",
                                          element="requested_delivery_date", message=wide))
    typed_descriptions = [ln.description or "" for ln in order.lines]  # "5 by 10/12 and the other 5 by 17/12"
    for line in order.lines:
        line.description, line_requested = line_date(line.description, loc, order.order_date)
        if line_requested:
            line.requested_date = line_requested[0]
            line.confidence["requested_date"] = line_requested[1]
    placed = {d for d in (order.order_date, order.requested_delivery_date, *(ln.requested_date for ln in order.lines),
                          *(window[:2] if window and order.requested_delivery_date == window[0] else ()))
              if d is not None}
    written = [line for line in [*headers, *lines, *typed_descriptions]
               if not _QUOTE_SEPARATOR.match(line)]  # not "On ... wrote:"; item descriptions too
    unplaced = unplaced_dates(written, placed, loc, order.order_date)
    if unplaced and found and not typed:
        order.confidence["order_date"] = min(found[1], UNPLACED_HEADER_STRENGTH)
    order.problems += date_problems(order, unplaced, typed, loc)
    mismatched = weekday_mismatches(written, loc, order.order_date, sent[0] if sent else order.order_date)
    order.problems += weekday_problems(mismatched, order.order_date)


_NUMBER_WORDS = NUMBER_WORDS | frozenset("a an some quelques paar couple few several plusieurs mehrere".split())
_POSTCODE_CITY = r"(?<![\w-])\d{4,5}\s+(?-i:[A-Z][a-zäöüéè]+)(?:\s|$)"
_NOT_ORDER_LINE = re.compile(
    # a contact word with its value ("Tel. 089 ...", "Phone: (312)", "VAT BE0123..."), never the word alone: "Please
    # phone ahead and add 2 toner" is a remark, never a signature line dropped unseen
    r"(?:\+\d{2}|\b(?:tel|tél|phone|fax|mobile|mob|handy|telefon|e-?mail|iban|bic|ust|vat|tva|siret)\b\.?\s*"
    r"(?:[:#]|no\.?|nr\.?)?\s*(?:[+(\d]|[a-z]{2}\s?\d|\S+@)|\bwww\b"
    rf"|@\S+\.\w|https?://|{_POSTCODE_CITY}"
    r"|(?-i:\b[A-Z]{2}\s+\d{5}(?:-\d{4})?)$|\(\d{3}\)\s*\d{3}-\d{4})", re.IGNORECASE)
_POSTCODE = re.compile(_POSTCODE_CITY)


def _contact_line(text: str, units: frozenset[str]) -> bool:
    """A phone, e-mail, bank or address line. A number before a capitalised word is a postcode and
    city only when nothing else on the line orders: "Pos. 10: 4711 Kugelschreiber blau, 20 Pack" (an
    item number, then a quantity with its unit) is an order line."""
    if not _NOT_ORDER_LINE.search(text):
        return False
    return bool(_NOT_ORDER_LINE.search(_POSTCODE.sub(" ", text))) or not _looks_like_item(text, units)


_SHORT_UNITS = frozenset({"pk", "pc", "cs", "ct", "bx", "ea", "kg"})
_COMMON_WORDS = frozenset({"car", "can", "ton", "tin", "std", "hour", "hours", "heure", "heures", "stunde", "nar",
                           "nmb", "hur", "niu", "mmt", "tne", "cmt", "grm", "mlt", "mtq", "mtk", "kgm", "set",
                           "pound", "pounds", "foot", "feet"})


_QUANTITY_FIRST = re.compile(r"^\s*(?:[-*•·▪–+]\s*|pos(?:ition)?\.?\s*\d{1,4}\s*[:.)-]\s*)?(?:\d|(?:%s)\b)"
                             % "|".join(sorted(_NUMBER_WORDS - {"a", "an", "some"})), re.IGNORECASE)


def _starts_like_item(text: str) -> bool:
    """Whether an unread line opens with its quantity ("3 Kartons von ...", "deux cartons de ...")."""
    return bool(_QUANTITY_FIRST.match(fold(text)))


def signature_text(read: list[tuple[str, ItemLine | None]]) -> str:
    """The closing and signature under the last item (who signs the message), for the gateway to compare
    with the customer the sender's address named (``gateway.stages.page_identity``)."""
    positions = [i for i, (_line, item) in enumerate(read) if item is not None]
    last = positions[-1] if positions else -1
    rows = sorted(signature_rows(read, last))
    if not rows:  # no closing word: the last lines of the message
        rows = [i for i in range(last + 1, len(read)) if read[i][0].strip()][-6:]
    return "\n".join(read[i][0].strip() for i in rows)[:1000]


def _order_in_attachment(lines: list[str], po: tuple[str, float] | None) -> list[Problem]:
    """``ORDER-IN-ATTACHMENT`` when a body over an attachment says the order is attached ("Please find PO
    HPE-5581 attached: 10 boxes ..."): the attachment is the order, with its date, prices and total; the
    body's summary waits for a person and is no original that the attachment's order would change
    (``gateway.stages.dedup``). When the attachment is no order at all, the body is what a person reads."""
    for line in lines:
        folded = fold(line)
        if _ATTACHED.search(folded) and ((po is not None and po[0] in line) or _ORDER_WORDS.search(folded)):
            return [Problem(code="ORDER-IN-ATTACHMENT", severity="error", element="lines",
                            message=f"the message says its order is attached; the attachment is read as the order, "
                                    f"this summary waits: {line.strip()[:120]!r}")]
    return []


# Shipping words, never a product's own package: "1 colis DF-STYLO-B", "2 parcels X", "3 Päckchen X" say how it
# travels (one parcel may hold several cartons), not how many sales units
_PARCELS = frozenset("colis parcel parcels packchen paeckchen".split())


def parcel_problems(read: list[tuple[str, ItemLine | None]]) -> list[Problem]:
    """``UOM-PACK-UNSURE`` for a line counted in parcels ("1 colis X", "2 parcels X"): the unit table
    reads "colis" as a carton and "parcels" is no unit, so a person says how many units were meant.
    "Parcel tape X x 4" counts no parcels."""
    found = []
    items = [(line, item) for line, item in read if item is not None]
    for index, (line, item) in enumerate(items):
        counted = _PARCEL_COUNT.search(fold(line).lower())
        if (item.unit and fold(item.unit).lower().rstrip(".") in _PARCELS) or counted:
            word = item.unit or (counted.group(1) if counted else "parcels")
            found.append(Problem(
                code="UOM-PACK-UNSURE", severity="error", element=f"lines[{index}].uom",
                message=f"line {index + 1}: {item.quantity.normalize():f} {word} of {item.code}: a parcel is how "
                        f"it ships, not a sales unit (one carton, or several?); a person decides"))
    return found


_PARCEL_COUNT = re.compile(r"(?:^|[\s(x×:*-])\d+\s*(" + "|".join(sorted(_PARCELS)) + r")\b")


def _missing_attachment(lines: list[str], read: bool = False) -> list[Problem]:
    """``ATTACHMENT-MISSING`` when the message says its order is attached and nothing is; "anbei unsere
    Bestellung Nr. X:", "ci-joint notre commande :" over item lines that were ``read`` introduce them, and so
    does German "anbei" ("herewith") over items read, unless a file is named ("als PDF", "im Anhang")."""
    said = next((line.strip() for line in lines if _ATTACHED.search(fold(line))
                 and not (read and (line.rstrip().endswith((":", "：")) or re.search(r"\banbei\b", fold(line)))
                          and not re.search(r"\b(?:pdf|file|datei|fichier|document|dokument|excel|xlsx?|anhang)\b",
                                            fold(line)))),
                None)
    return [] if said is None else [Problem(
        code="ATTACHMENT-MISSING", severity="error", element="lines",
        message=f"the message says its order is attached, but nothing is attached: {said[:120]!r}")]


# a question on stock or availability, or a condition on its answer ("Do you have 200 x X in stock? If yes
# please ship", "Is 25 x X available?", "Haben Sie 10 x X auf Lager?", "Avez-vous 5 x X en stock ?")
_STOCK_QUESTION = re.compile(r"\b(?:in\s+stock|on\s+stock|available|availability|en\s+stock|disponibles?|auf\s+lager"
                             r"|vorratig|lieferbar|verfugbar|if\s+(?:yes|so|not)|si\s+oui|si\s+c'?est\s+le\s+cas"
                             r"|wenn\s+ja|falls\s+ja)\b")


def stock_question(text: str) -> bool:
    """Whether an unread line with items asks about their stock or sets a condition on the answer: its
    reason is ``QUESTION-TYPED`` (the line is quoted in it), not ``LINE-UNREAD``."""
    return bool(_STOCK_QUESTION.search(fold(text).lower())) and question(text) is not None


_ABOUT_AN_ORDER = frozenset({"CANCEL-TYPED", "ADDITION-TYPED", "PRICE-REQUEST", "CHANGE-TYPED"})


def outside_lines(read: list[tuple[str, ItemLine | None]], ship_to: set[str]) -> list[str]:
    """The typed lines that are no item, no delivery address and no closing or signature: where a question
    or a condition is looked for (``typed_remarks.requests``). A line introducing the items is one of them:
    "Could you send the following?" is a polite request and asks nothing, "Are these in stock?" over the
    items asks as much as under them; a line ending in ":" over the items introduces them unless it asks a
    question, sets a condition or asks for a quote."""
    positions = [i for i, (_line, item) in enumerate(read) if item is not None]
    signature = signature_rows(read, positions[-1] if positions else -1)
    out = []
    for index, (line, item) in enumerate(read):
        text = line.strip()
        if item is not None or not text or text in ship_to:
            continue
        if index in signature and (_contact_line(text, frozenset()) or not asks_after_closing(text)):
            continue  # a closing or signature line, unless it asks or sets a condition ("PS: only if ...")
        following = next((later for later in read[index + 1:] if later[0].strip()), None)
        if following is not None and following[1] is not None and text.endswith(":") and not _asks(text) \
                and not site_names(text) and change_request(text) is None:  # (never "Commande 12 pour notre agence de Lyon :": a site named)
            continue  # "Please add the following to our order 4711:", "Bitte liefern Sie:" introduce the items
            # (never "Please amend our PO 65020 as follows:": the lines under it change an order sent)
        out.append(text)
    return out


def _asks(text: str) -> bool:
    """Whether a line asks a question, sets a condition or asks about prices ("Please quote for the following:")."""
    said = remark(text)
    return question(text) is not None or (said is not None and said.code == "PRICE-REQUEST")


def _addition(order: ExtractedOrder, headers: list[str], read: list[tuple[str, ItemLine | None]],
              new_po: str | None = None) -> list[Problem]:
    """``ADDITION-TYPED`` once, for a subject or a line that adds to an order already sent ("Nachtrag zu
    Bestellung 4711", "Please add the following to our order 4711:", "Further to our order 4711, could you
    also send 2 x X"), also when the items it names were read: they go to that order, not a new one."""
    if any(p.code == "ADDITION-TYPED" for p in order.problems):
        return []
    said = [*headers, *(line for line, item in read if item is None or item.in_sentence)]
    # "Further to our order X, here is our new order Y:": the line naming the new PO adds to no order sent
    return [addition(text) for text in said if adds_to_order(text) and not (new_po and new_po in text)][:1]


_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|antw|r|sv|vs|rif)\s*:", re.IGNORECASE)


def _without_replied_po(pos: list[str], headers: list[str], read: list[tuple[str, ItemLine | None]]) -> list[str]:
    """A reply's subject ("RE: PO 77140") names the PO of the thread: when the new message names a PO of its
    own, the subject's is no second order of it."""
    body_pos = named_pos([line for line, _item in read], _PO_PATTERNS)
    replied = [h for h in headers if _REPLY_SUBJECT.match(h)]
    if not replied or not body_pos:
        return pos
    subject_only = set(named_pos(replied, _PO_PATTERNS)) - set(body_pos)
    return [p for p in pos if p not in subject_only]


def _own_headers(headers: list[str], read: list[tuple[str, ItemLine | None]]) -> list[str]:
    """The subject lines, without a reply's ("RE: PO 77140") when the new message names a PO of its own."""
    if not named_pos([line for line, _item in read], _PO_PATTERNS):
        return headers
    return [h for h in headers if not _REPLY_SUBJECT.match(h)]


def _mixed_currencies(items: list[ItemLine]) -> list[Problem]:
    """Prices typed in more than one currency: the order carries the first, so each other one holds."""
    first = next((item.currency for item in items if item.currency), None)
    return [Problem(code="LINE-UNREAD", severity="error", element=f"lines[{index}].unit_price",
                    message=f"line {index + 1}: price typed in {item.currency}, the order's other prices in {first}")
            for index, item in enumerate(items) if item.currency and item.currency != first]


_RESEND_MARK = re.compile(
    r"(?:(?:this\s+is\s+(?:a\s+)?)?(?:re-?sen[dt](?:ing)?|sent\s+again|re-?submitted|(?:second\s+)?copy|duplicate"
    r"|(?:erneut|nochmal[s]?|wiederholt)\s+(?:ge|ver)?sendet|erneute\s+sendung|kopie|duplikat|zweitschrift"
    r"|renvo[iy](?:e|ée?s?)?|renvoi|copie|duplicata|envoy[ée]e?\s+(?:à|a|de)\s+nouveau|r[ée]exp[ée]di[ée]e?)"
    r"(?:\s+(?:of\s+(?:our|the)\s+order|der\s+bestellung|de\s+(?:la|notre)\s+commande))?)", re.IGNORECASE)


def resend_mark(text: str) -> bool:
    """A line that only says the message is sent again ("(resent)", "-- copy --", "erneut gesendet", "Renvoi"): no
    order line and no request, a note (the order is the same order again, compared as such by dedup). The order
    names it (``references["resent"]``): one that then differs from the order as it stands is held
    (``RESEND-DIFFERS``), never an automatic change on the strength of the mark."""
    bare = text.strip().strip("()[]{}<>*-–—_=:.!#/ \t")
    return bool(bare) and _RESEND_MARK.fullmatch(bare) is not None


def terms_lines(texts: list[str]) -> list[str]:
    """The typed lines that state payment terms and name no item ("Zahlung innerhalb 14 Tagen mit 2 % Skonto",
    "Règlement à 60 jours fin de mois", "Payment at 45 days net please"): carried as the order's notes, which the
    gateway compares with the customer's terms (``TERMS-TYPED``, ``gateway.stages.payment_terms``), never an unread
    item line (``LINE-UNREAD`` named no reason a clerk could act on). Only a line that states the terms and nothing
    else: "Payment 30 days net, cancel line 1" goes through every other rule as any line does."""
    return [text for text in dict.fromkeys(texts) if terms_only(text) and not _code_like(text)]


def pallet_lines(read: list[tuple[str, ItemLine | None]]) -> list[Problem]:
    """``PACK-SIZE-TYPED`` for each item line that counts packs and says a full pallet beside them ("6 cartons
    TP-1005 (palette complète)", "5 Kartons TP-1005 - volle Palette"): the count typed may not be what is meant."""
    items = [line for line, item in read if item is not None]
    return [full_pallet_problem(line, n) for n, line in enumerate(items, 1) if full_pallet(line) and counts_packs(line)]


def _problem(text: str) -> Problem:
    return Problem(code="LINE-UNREAD", severity="error", element="lines",
                   message=f"a line that looks like an order line could not be read: {text[:120]!r}")


def _looks_like_item(text: str, units: frozenset[str]) -> bool:
    """A quantity (digits or a number word) with a unit word or an item-code-like token."""
    words = re.findall(r"[a-z]+|\d+(?:[.,]\d+)?", fold(text))
    tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", text)
    has_code = any(is_item_code(t, False) for t in tokens)
    for index, word in enumerate(words):
        if not (word[0].isdigit() or word in _NUMBER_WORDS) or words[index + 1:index + 2] and \
                words[index + 1] in _ORDERS_COUNTED:
            continue  # "two orders today": orders counted, no goods
        following = words[index + 1:index + 4]
        if any(w in units and not (n and following[n - 1] in _DISTRIBUTIVE) for n, w in enumerate(following)):
            return True  # ("one for each department": "each" after "for" shares out, it counts no pieces)
    return bool(_QTY_START.match(text)) and has_code


_ORDERS_COUNTED = frozenset("orders order pos commandes commande bestellungen bestellung auftrage auftrag".split())
_DISTRIBUTIVE = frozenset("for per pour par fur je pro".split())


def _code_like(text: str) -> bool:
    """A token that is an item code in capitals ("hlm-w", "tl-200"), digits joined to letters or letters joined."""
    return any(is_item_code(t.upper(), False) and any(c.isalpha() for c in t)
               for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", text))


def _signed_item(text: str) -> bool:
    """A line after the closing that names an item code (letters and digits, five characters or a separator) and
    a count ("Sorry, forgot: 4 staplers SKU-1004", "PS : 2 x TP-1001 aussi", "Nachtrag: 3 Ordner MB-4711"):
    an item line typed under the signature, never signature text."""
    coded = any(is_item_code(t, False) and any(c.isalpha() for c in t) and any(c.isdigit() for c in t)
                and (len(t) >= 5 or any(c in "-./_" for c in t))
                for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", text))
    return coded and (_has_quantity(text) or bool(re.search(r"(?:^|\s)\d{1,4}(?:\s|$)", text)))


_DASHED = re.compile(r"\s[-–|]\s|\t")


def _coded_count(text: str) -> bool:
    """An item code and a number of its own in cells or parts set apart by dashes, bars or tabs ("KB-2210 - Toner
    - 12,50", "1 - KB-2210 - Toner - 4 pcs"): an order line no shape read, never a line that vanishes."""
    if not _DASHED.search(text) or _contact_line(text, frozenset()):
        return False
    parts = [p.strip() for p in re.split(r"\s[-–|]\s|\t", text)]
    coded = any(is_item_code(t, False) for p in parts for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", p))
    return coded and any(re.fullmatch(r"\d+(?:[.,]\d+)?(?:\s*[^\W\d_]{1,10}\.?)?", p) for p in parts)


def _known_line(text: str, po: tuple[str, float] | None) -> bool:
    """A line read as something else: the PO, a note (a delivery instruction naming no item), the order or
    delivery date, the order's total."""
    return bool((po and po[0] in text) or _URGENT.search(text) or speaks_of_a_date(text)
                or _TOTAL_LINE.match(fold(text)) or (_INSTRUCTION.search(fold(text)) and not names_another_item(text)
                                                     and not _has_quantity(_INSTRUCTION.sub(" ", fold(text)))))


# "Total HT : 565,00 €", "Total £501.00 + VAT", "Gesamtbetrag netto: 1.234,50 EUR": the order's stated total,
# which the gateway checks against the lines (TOTAL-MISMATCH), never an unread line
_TOTAL_LINE = re.compile(
    r"^\s*(?:order\s+|grand\s+|invoice\s+)?(?:total(?:\s+(?:amount|value|due|general|commande))?|sum|summe|endsumme"
    r"|gesamt(?:betrag|summe|wert)?|endbetrag|bestell(?:summe|wert)|auftrags(?:summe|wert)|bruttobetrag|brutto(?:summe)?"
    r"|montant(?:\s+total)?|net\s+a\s+payer)(?:\s+(?:ht|ttc|net|netto"
    r"|brutto|excl\.?\s*vat|incl\.?\s*vat|inkl\.?\s*mwst\.?|hors\s+taxes|(?:incl\.?|including|excl\.?|excluding)\s+(?:vat|tax)))?"
    r"\s*[:=]?\s*(?P<money>(?:[€$£]|eur|usd|gbp|chf)?\s*\d[\d.,\u202f ]*\d\s*(?:€|eur|usd"
    r"|gbp|chf|\$|£)?)\s*(?:\+\s*vat|ht|ttc|netto|net|brutto|excl\.?\s*vat|zzgl\.?\s*mwst\.?|(?:incl\.?|inkl\.?|including)\s*"
    r"(?:vat|tax|mwst|ust|tva)\.?)?\s*\.?\s*$", re.IGNORECASE)


_TAX_INCLUDED = re.compile(r"\b(?:ttc|incl\.?|inkl\.?|including|inclusive|brutto|gross|mwst|tva|vat|tax|taxes|ust)\b")
_TAX_EXCLUDED = re.compile(r"\b(?:ht|hors\s+taxes?|net|netto|excl\.?|excluding|zzgl\.?|plus)\b|\+\s*(?:vat|tva|mwst)")


def total_with_tax(lines: list[str]) -> bool:
    """Whether the typed total line says it includes tax ("Total TTC", "incl. VAT", "brutto"); a total that
    says nothing of tax, or that it is net ("Total HT", "+ VAT", "netto"), is the lines' sum."""
    found = [fold(line) for line in lines if _TOTAL_LINE.match(fold(line))]
    if len(found) > 1 and _net_then_gross(found):
        return True
    return len(found) == 1 and bool(_TAX_INCLUDED.search(found[0])) and not _TAX_EXCLUDED.search(found[0])


def _totals_read(text: str, read: set[str]) -> bool:
    """A one-line totals block whose every part was read as a total, a net, a tax or a charge."""
    parts = split_totals_row(text.strip())
    return len(parts) > 1 and all(part in read or _TOTAL_LINE.match(fold(part)) for part in parts)


def typed_total(lines: list[str], loc: DocLocale):
    """The order total typed on its own line, when there is exactly one; of a totals block with a net total
    then a total with tax ("Total HT 131,70 / TVA 20 % 26,34 / Total TTC 158,04"), the last (with tax)."""
    found = [m for m in map(_TOTAL_LINE.match, map(fold, lines)) if m]
    if len(found) > 1 and _net_then_gross([m.group(0) for m in found]):
        found = found[-1:]
    value = parse_number(strip_currency(found[0].group("money")), loc) if len(found) == 1 else None
    return value[0] if value else None


def disagreeing_totals(lines: list[str], loc: DocLocale) -> list[Problem]:
    """``TOTAL-MISMATCH`` when the e-mail types two or more total lines that are not a net total then a total
    with tax and whose amounts differ ("Total 131.70" / "Total due 165.00"): no total is kept
    (``typed_total``), so the one the lines do not give must not vanish unseen: the order is held."""
    found = [m for m in map(_TOTAL_LINE.match, map(fold, lines)) if m]
    if len(found) < 2 or _net_then_gross([m.group(0) for m in found]):
        return []
    values = {v[0] for m in found if (v := parse_number(strip_currency(m.group("money")), loc))}
    if len(values) < 2 or _taxed_through(lines, loc):
        return []
    shown = ", ".join(repr(m.group(0).strip()[:60]) for m in found[:4])
    return [Problem(code="TOTAL-MISMATCH", severity="error", element="total",
                    message=f"the e-mail types totals that disagree ({shown}): held for a person to say which "
                            "the order comes to")]


def _taxed_through(lines: list[str], loc: DocLocale) -> bool:
    """Two totals, the last saying it includes tax, and a line between them typing the difference: "Total 199.00"
    / "VAT 23% 45.77" / "Total incl. VAT 244.77" agree (review Q8)."""
    rows = [(k, m) for k, line in enumerate(lines) if (m := _TOTAL_LINE.match(fold(line)))]
    if len(rows) != 2 or not _TAX_INCLUDED.search(rows[1][1].group(0)):
        return False
    first, last = (parse_number(strip_currency(m.group("money")), loc) for _, m in rows)
    if not first or not last or last[0] <= first[0]:
        return False
    gap = last[0] - first[0]
    between = " ".join(lines[rows[0][0] + 1:rows[1][0]])
    amounts = re.findall(r"\d[\d.,' ]*\d|\d", between)
    return any((v := parse_number(a.strip(), loc)) and v[0] == gap for a in amounts)


def net_totals(lines: list[str], loc: DocLocale) -> list[Decimal]:
    """The net totals typed before a total with tax ("Total excl. VAT 131.70" over "Total incl. VAT 161.99"):
    what the lines and the order's charges must give."""
    found = [m for m in map(_TOTAL_LINE.match, map(fold, lines)) if m]
    if len(found) < 2 or not _net_then_gross([m.group(0) for m in found]):
        return []
    return [v[0] for m in found[:-1] if (v := parse_number(strip_currency(m.group("money")), loc))]


def _net_then_gross(texts: list[str]) -> bool:
    """Every total row but the last says it is net, the last that it includes tax."""
    *nets, gross = texts
    return all(_TAX_EXCLUDED.search(t) for t in nets) and bool(_TAX_INCLUDED.search(gross)) \
        and not _TAX_EXCLUDED.search(gross)


_WRITER_LINE = re.compile(r"^[ \t>]*\*?(?:from|de|von|van|expéditeur|absender)\s*:\*?\s*\"?(?P<name>[^<@\"]{2,60}?)\"?\s*<",
                          re.IGNORECASE | re.MULTILINE)


def writer_names(text: str) -> frozenset[str]:
    """The names of the people whose From lines the text holds (a forwarded header block "De : Claire Martin
    <claire@...>"): their first name, last name and full name, folded, each a sign-off when alone on the
    last line."""
    names: set[str] = set()
    for match in _WRITER_LINE.finditer(text[:20000]):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", fold(match.group("name"))) if len(w) > 1]
        names.update(words)
        if words:
            names.add(" ".join(words))
    return frozenset(names)


def unread_texts(read: list[tuple[str, ItemLine | None]], po: tuple[str, float] | None,
                 units: list[str], writers: frozenset[str] = frozenset()) -> list[str]:
    """Lines no shape could read that carry a quantity with a unit word or an item code, that sit
    inside the block of read item lines, or that follow the last read item before the closing (in its
    paragraph, or carrying a quantity: "Also 2 black toner cartridges please."); greetings, closings,
    signature blocks, addresses, phone numbers and dates do not count."""
    unit_set = frozenset(w for w in units if (len(w) > 2 or w in _SHORT_UNITS) and w.isalpha()
                         and w not in _NUMBER_WORDS and w not in _COMMON_WORDS)
    positions = [i for i, (_line, item) in enumerate(read) if item is not None]
    first, last = (positions[0], positions[-1]) if positions else (-1, -1)
    signature = signature_rows(read, last, unit_set)
    typed = [i for i, (line, _item) in enumerate(read) if line.strip()]
    # the last line typed above the signature ("Joe" over "Alpha Ltd, 4 Harbour Rd" / "Ph: 091 ..."): who signs
    closing = max((i for i in typed if i not in signature), default=typed[-1] if typed else -1)
    out = []
    for index, (line, item) in enumerate(read):
        text = line.strip()
        if item is not None or not any(c.isalnum() for c in text) or _contact_line(text, unit_set):
            continue
        if index in signature:
            if _signed_item(text.replace(po[0], " ") if po else text):
                out.append(text)  # "Sorry, forgot: 4 staplers SKU-1004" under the signature: shown, never gone
            continue
        before = [i for i in typed if i < index]
        if sign_off(text, bool(before) and read[before[-1]][1] is not None, index in (typed[-1], closing)):
            continue  # "S.", "Mike" closing the message
        if paperwork_remark(text):
            continue  # "Bitte geben Sie unsere Bestellnummer auf dem Lieferschein an.": how to fill in the papers
        if index == typed[-1] and fold(text).strip(" .,") in writers:
            continue  # "Claire" under the items of a forwarded mail "De : Claire Martin <...>": its writer signs
        after = 0 <= last < index and (_has_quantity(text) or all(read[j][0].strip() for j in range(last, index))
                                       or _more_items(text))
        # right above the first item, in its paragraph, with a count and a code ("hlm-w x 6"): never vanishes
        above = 0 <= index < first and all(read[j][0].strip() for j in range(index, first)) \
            and _has_quantity(text) and _code_like(text.replace(po[0], " ") if po else text)
        if _looks_like_item(text, unit_set) or names_another_item(text.replace(po[0], " ") if po else text) \
                or _coded_count(text.replace(po[0], " ") if po else text) or above \
                or ((first < index < last or after) and not _known_line(text, po)):
            out.append(text)
    return out


_CLOSING = re.compile(
    r"^(?:thanks?|thank you|many thanks|with thanks|thx|thks|tks|ty|cheers|(?:kind|best|warm|warmest|kindest|many) regards|regards"
    r"|all the best|best(?: regards| wishes)?|br|sincerely|respectfully"
    r"|yours(?: sincerely| faithfully| truly)?|merci|bien a vous|(?:tres |bien )?cordialement|(?:meilleures|sinceres"
    r"|cordiales|bien cordiales) salutations|salutations(?: distinguees| cordiales)?|sinceres|avec (?:mes|nos) "
    r"(?:meilleures |sinceres )?salutations|bonne (?:journee|soiree)|a bientot|danke|vielen dank|besten dank"
    r"|(?:mit )?(?:freundlichen|besten|herzlichen|schonen|freundlichem) gruss(?:en)?|mfg|gruss|gruesse"
    r"|(?:viele|beste|liebe|freundliche|herzliche|schone) grusse|lg|vg)\b", re.IGNORECASE)
_QUANTITY_WORD = re.compile(r"(?:^|\s)(?:\d{1,5}(?:[.,]\d+)?|%s)\s+[a-z]" % "|".join(NUMBER_WORDS))


_ADDITION = re.compile(r"^(?:[-*•·–]\s*)?(?:\+|&|plus|and|also|as well|additionally|et|aussi|ainsi que|en plus"
                       r"|und|sowie|dazu|ausserdem|zusatzlich|noch)(?:\s|$)")
_SENTENCE_WORDS = frozenset(
    "please pls thanks thank hope let know call contact confirm questions question hesitate regards need needs "
    "i we you he she they it is are was were will would could can should may be have has had do does did "
    "je nous vous il elle ils est sont merci veuillez pouvez pourriez confirmer bonne journee "
    "ich wir sie er es ist sind bitte danke konnen konnten bestatigen haben hat wird gruss".split())
_ARTICLES = frozenset("the a an some our usual le la les un une des du notre nos der die das den dem ein eine "
                      "einen unser unsere ublichen ubliche".split())


def _more_items(text: str) -> bool:
    """A line after the items that adds to them without a shape the grammar reads: it starts like an
    addition ("plus the usual toner", "+ Toner", "und zwei Ordner", "et aussi du papier"), or is a bare
    noun phrase ("the usual black toner", "Toner für den Drucker"): no verb or pronoun of a sentence,
    at most six words, an article or a lower-case word (so a signature's "Claire Martin" is not one)."""
    folded = fold(text.strip()).replace("ß", "ss")
    if _closing(text):
        return False
    if _ADDITION.match(folded):
        return True
    words = re.findall(r"[a-z0-9äöü'-]+", folded)
    if not words or len(words) > 6 or folded.endswith(("?", ":")) or any(w in _SENTENCE_WORDS for w in words):
        return False
    original = re.findall(r"[^\W\d_]+", text)
    return any(w in _ARTICLES for w in words) or any(w.islower() and len(w) >= 3 for w in original)


def _closing(text: str) -> bool:
    """A closing line ("Regards,", "Merci d'avance,", "Mit freundlichen Grüßen", "Thanks, Bob")."""
    folded = fold(text.strip(" -*")).replace("ß", "ss")
    if _REQUEST_AFTER_THANKS.match(folded):
        return False  # "Merci de facturer à notre siège.": a request, not the closing
    return (len(folded) <= 40 and not any(c.isdigit() for c in folded) and bool(_CLOSING.match(folded))) \
        or formal_closing(text)  # "Veuillez agréer ... nos salutations distinguées.": a letter's closing


_REQUEST_AFTER_THANKS = re.compile(r"^merci\s+d(?:e\s+|')(?:bien\s+vouloir\s+|nous\s+|me\s+)?(?!votre|vos|ta|tes)[a-z]+(?:er|ir|re)\b")


def _has_quantity(text: str) -> bool:
    """A number before a word ("3 boxes"), or a count written with the times sign ("SKU-1003 x10", "10x")."""
    folded = fold(text)
    return bool(_QUANTITY_WORD.search(folded) or re.search(r"(?:^|[\s,;])(?:x|×)\s?\d{1,5}\b|\b\d{1,5}\s?(?:x|×)(?=\s+\S)",
                                                           folded))


def signature_rows(read: list[tuple[str, ItemLine | None]], last: int, units: frozenset[str] = frozenset()) -> set[int]:
    """Indexes of lines after the last read item that belong to the closing and signature: everything
    from a closing line on, and any later paragraph holding a phone, e-mail, VAT or address line."""
    rows: set[int] = set()
    paragraph: list[int] = []
    for index in range(last + 1, len(read) + 1):
        line = read[index][0] if index < len(read) else ""
        if index < len(read) and _closing(line):
            return rows | set(range(index, len(read)))
        if line.strip():
            paragraph.append(index)
            continue
        if any(_contact_line(read[i][0], units) for i in paragraph) and (paragraph[0] > last + 1 or last < 0):
            rows.update(paragraph)
        paragraph = []
    return rows


_ORDER_WORDS = re.compile(r"\b(?:order|orders|ordering|purchase|po|commande|commander|commandons|bestellung"
                          r"|bestellen|bestellt|bestellnummer|auftrag)\b")
_ATTACHED = re.compile(r"\b(?:attach(?:ed|ment)|ci-joint|en piece jointe|piece jointe|anbei|im anhang"
                       r"|beigefugt|anhang)\b")


def coded_lines(read: list[tuple[str, ItemLine | None]], po: tuple[str, float] | None,
                quantity: bool = False) -> list[str]:
    """Unread lines naming an item code ("les classeurs SKU-1003, une trentaine"), with ``quantity``
    only beside a number; leaving out contact lines and "attached" lines. On the PO's own line the PO is
    no item code: another code there counts beside a number ("PO LO-7781, please send 12 x NOTE-A5")."""
    out = []
    for line, item in read:
        on_po = bool(po and po[0] in line)
        text = line.replace(po[0], " ") if po and on_po else line
        if item is not None or _NOT_ORDER_LINE.search(text) or _ATTACHED.search(fold(text)):
            continue
        tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", text)
        if any(is_item_code(t, False) for t in tokens) and (not (quantity or on_po) or _has_quantity(text + " x")):
            out.append(line.strip())
    return out


def order_like(headers: list[str], read: list[tuple[str, ItemLine | None]], po: tuple[str, float] | None,
               unread: list[str], tables: list[int]) -> bool:
    """Whether a body without a read item line is still an order (held with its lines unread): it
    speaks of an order (a PO label, an order word, or asks for goods: "please send", "merci de nous
    envoyer", "bitte liefern") and names items (a line that looks like an item
    line, an item-table header, an item code other than the PO: beside a number when only an order
    word, no PO label, was found, or on the PO's own line)."""
    text = fold("\n".join([*headers, *(line for line, _item in read)]))
    if not (po or _ORDER_WORDS.search(text) or _INTENT.search(text)):
        return False
    return bool(unread or tables or coded_lines(read, po, quantity=po is None))


_ACT_ON_BELOW = re.compile(
    r"\b(?:process|enter|book|place|handle|order|traiter|saisir|passer|enregistrer|erfassen|bearbeiten|bestellen"
    r"|buchen|anlegen)\b.{0,40}\b(?:below|ci-dessous|ci-apres|unten|untenstehende\w*|nachstehende\w*|folgende\w*)\b"
    r"|\b(?:below|ci-dessous|unten(?:stehende\w*)?|nachstehende\w*)\b.{0,40}\b(?:order|commande|bestellung)\b.{0,40}"
    r"\b(?:process|enter|book|traiter|saisir|erfassen|bearbeiten)")


def _unquote_all(text: str) -> str:
    """``text`` with the ``>`` of its quoted lines taken off."""
    return "\n".join(re.sub(r"^\s*(?:>\s?)+", "", line) for line in text.splitlines())


def quotes_items(text: str) -> bool:
    """Whether the text quotes (``>``) an older message's item lines: a quantity beside an item code."""
    for line in text.splitlines():
        quoted = line.lstrip()
        if quoted.startswith(">"):
            tokens = re.findall(r"[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]", quoted)
            if any(is_item_code(t, False) for t in tokens) and _has_quantity(quoted.lstrip("> ") + " x"):
                return True
    return False


def reply_lines(other: list[str]) -> list[str]:
    """The lines of a reply about a quoted order that carry a number or a date (what it changes)."""
    return [line.strip() for line in other if re.search(r"\d", line) and line.strip()][:5]


def guess_language(text: str) -> str:
    """``fr``, ``de`` or ``en`` by cue words; English when nothing decides."""
    words = re.findall(r"[a-z]+", fold(text[:20000]))
    scores = {lang: sum(w in cues for w in words) for lang, cues in _CUES.items()}
    best = max(scores.values())
    return next(lang for lang in ("fr", "de", "en") if scores[lang] == best) if best else "en"


_GENERIC_LABELS = frozenset(label_key(label) for label in ("number", "numéro", "nummer", "no.", "n°", "nº", "nr.", "réf.",
                                                             "ref.", "réf", "po", "p.o."))
_HEADER_LABELS = frozenset(label_key(label) for label in (*PO_LABELS, *ORDER_DATE_LABELS, *DELIVERY_LABELS,
                                                         "bestellzeichen", "notre réf. commande"))


def header_label(text: str) -> bool:
    """A cell naming a header field of the order (a PO, its date, the delivery date), not a lone generic word."""
    key = label_key(text.rstrip(":. "))
    return key not in _GENERIC_LABELS and (key in _HEADER_LABELS or find_po([f"{text.rstrip(':')}: AB-1234"]) is not None)


def find_po(lines: list[str], skip: frozenset[str] = frozenset()) -> tuple[str, float] | None:
    """The PO reference with the strongest label on any line (first one on a tie), none of ``skip``."""
    best: tuple[str, float] | None = None
    for line in lines:
        for pattern, strength in _PO_PATTERNS:
            match = pattern.search(line)
            if match and any(c.isdigit() for c in match.group("po")) and match.group("po").rstrip(".") not in skip \
                    and (best is None or strength > best[1]) and not suppliers_number(line, match):
                best = (match.group("po").rstrip("."), strength)
    return best


def _line(index: int, item: ItemLine) -> ExtractedLine:
    conf = {"quantity": round(item.strength * item.quantity_strength, 3),
            "gtin" if item.is_gtin else "customer_item": item.strength}
    if item.unit:
        conf["uom"] = item.strength
    if item.unit_price is not None:
        conf["unit_price"] = item.strength
    if item.supplier_code:  # "Your Item No." is ours; the customer's own code only when typed apart
        conf["supplier_item"] = conf.pop("customer_item", item.strength)
        if item.code != item.supplier_code:
            conf["customer_item"] = item.strength
    if item.fits:  # "Netzkabel für TP-1001": the code stays in the description, for what the item fits
        return ExtractedLine(line_no=index + 1, description=f"{item.description or ''} ({item.code})".strip(),
                             quantity=item.quantity, uom=item.unit, unit_price=item.unit_price, amount=item.amount,
                             confidence={k: v for k, v in conf.items() if k not in ("customer_item", "gtin")})
    return ExtractedLine(line_no=index + 1, customer_item=None if item.is_gtin or item.code == item.supplier_code
                         else item.code, supplier_item=item.supplier_code,
                         gtin=item.code if item.is_gtin else None, description=item.description,
                         quantity=item.quantity, uom=item.unit, unit_price=item.unit_price, amount=item.amount,
                         confidence=conf)


def _order(headers: list[str], lines: list[str], items: list[ItemLine], language: str,
           po: tuple[str, float] | None, own: str | None = None) -> ExtractedOrder:
    """``own``: the customer's own call-off number, the order's PO, no release of another."""
    everything = [*headers, *lines]
    intent = bool(_INTENT.search(fold("\n".join(everything))))
    confidence = {"order_intent": 1.0 if intent or po else 0.8}
    if po:
        confidence["po_number"] = po[1]
    notes = [line.strip()[:200] for line in everything if _URGENT.search(line) or _INSTRUCTION.search(fold(line))]
    currency = next((item.currency for item in items if item.currency), None)
    if currency:
        confidence["currency"] = 1.0
    releases = [r for r in named_releases(everything) if r != own]  # "unsere Abrufnummer 63002" is the PO
    past = [r for r in past_releases(everything) if r in releases]
    bare = [r for r in bare_releases(everything) if r != own and r not in releases]
    release = releases[0] if len(releases) == 1 and not past and not bare and not dated_release(releases[0]) else None
    problems = [Problem(code=RELEASE_UNSURE, severity="error", element="references.release", message=(
        f"the e-mail names {len(releases)} release numbers ({', '.join(releases)}): which one this order is, "
        f"a person says (an earlier call-off named beside this one)"))] if len(releases) > 1 else []
    if len(releases) == 1 and dated_release(releases[0]):  # "Abruf-Nr. 05.12.": a date, or a number cut short
        problems.append(Problem(code=RELEASE_UNSURE, severity="error", element="references.release", message=(
            f"the e-mail names release {releases[0]}, which reads as a date or a cut number: this order's release "
            f"number, a person says")))
    if len(releases) == 1 and (past or bare):  # "Der letzte Abruf Nr. 8 kam zu spät", "Abruf 9" beside "Abruf Nr. 8"
        problems.append(Problem(code=RELEASE_UNSURE, severity="error", element="references.release", message=(
            f"the e-mail names release {releases[0]} " + ("in a sentence about an earlier delivery" if past else
                                                          f"beside a bare call-off number ({', '.join(bare)})")
            + ": this order's release number, a person says")))
    return ExtractedOrder(currency=currency, po_number=po[0] if po else None,
                          lines=[_line(i, item) for i, item in enumerate(items)], notes=notes,
                          language=language, confidence=confidence, problems=problems,
                          references={"release": release} if release else {})


def blanket_orders(lines: list[str], pos: list[str]) -> frozenset[str]:
    """The blanket orders ``lines`` name when they name another PO too (``pos``: every PO named): references of
    the call-off, no order of their own. With no other PO, none: the blanket order is the call-off's PO."""
    named = {m.group("po").rstrip(".") for line in lines for m in re.finditer(_BLANKET_ORDER, line, re.IGNORECASE)}
    return frozenset(named) if any(p not in named for p in pos) else frozenset()


def call_off_line(text: str, blankets: frozenset[str], po: str | None) -> bool:
    """A line naming only the call-off ("Release 2 against blanket order BO-8812.", "PO 5505 under blanket order
    BO-8812:"): its blanket order, its own PO and its release number, all read into the order, and no other figure
    (an item's quantity is never dropped)."""
    if not blankets or not any(b in text for b in blankets):
        return False
    rest = text
    for number in (*blankets, po or ""):
        rest = rest.replace(number, " ") if number else rest
    folded = fold(rest)
    release = next((m.group(1) for m in (_RELEASE.search(folded), _RELEASE_OF_BLANKET.search(folded)) if m), "")
    if release:
        folded = re.sub(rf"(?<!\d){re.escape(release)}(?!\d)", " ", folded, count=1)
    return not any(c.isdigit() for c in folded)



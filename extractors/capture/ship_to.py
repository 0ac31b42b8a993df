"""The delivery address of a read order: "Adresse de livraison :", "Lieferanschrift", "Ship to".

Read by geometry on page 1, from the page's own words (not the ruled rows, which join a cell's lines):

* a label starting a phrase, its value on its row ("Ship to: ACME Ltd, 1 Main St, Leeds LS1 4AB")
  or in the column under it: the lines whose words sit within the label's column, from the label's
  left edge to the next phrase on the label's row (the neighbour box's label: "Vendor | Ship To",
  "Adresse de facturation | Adresse de livraison", either order) or the text's right edge;
* a street wrapped at its box's edge ("4 rue Sergent Michel" / "Berthet") is joined again;
* the lines are parsed by the country shape of their place line: US "Milwaukee, WI 53233",
  UK "Leeds LS1 4AB", Irish "Dublin D01 K2X4" / "Dublin 24", European "69007 Lyon" / "D-20457
  Hamburg". The first line is the name, the lines between it and the place line the street.

A read with doubt is returned with its reason (``ShipToRead.doubt``): the reader holds the order
(``SHIP-TO-UNSURE``) rather than send a delivery address it is not sure of.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from extractors.capture.labels import LabelIndex, label_key, split_glued
from extractors.capture.layout_spec import BILLING_LABELS
from extractors.capture.same_address import SAME_AS_BILLING_ELEMENT, says_same_as_billing
from extractors.capture.page_notes import COST_CENTRE
from extractors.capture.words import PageWords, Phrase, Row, Word, group_rows, typical_height
from extractors.typed_remarks import as_usual
from extractors.locale_values import fold
from extractors.named_sites import SITE_WORDS
from gateway.model import ExtractedOrder, Party, Problem

SHIP_TO_LABELS = ("adresse de livraison", "lieu de livraison", "livrer à", "à livrer à", "livraison à",
                  "lieferadresse", "lieferanschrift", "anlieferadresse", "anlieferung an", "lieferung an", "liefern an",
                  "ship to", "ship all items to", "deliver all items to", "deliver to", "delivery address", "shipping address",
                  "delivery details", "lieferdetails", "détails de livraison",
                  "warenempfänger", "consignee", "ship-to party", "ship to party", "ship-to address")
# The labels of the other party boxes that sit beside a delivery address box.
OTHER_PARTY_LABELS = ("vendor", "supplier", "bill to", "invoice to", "invoice address", "billing address",
                      "sold to", "remit to", "buyer", "customer", "purchaser", "from",
                      "adresse de facturation", "facturation", "facturer à", "à facturer à", "facturé à",
                      "fournisseur", "client", "acheteur", "bill-to", "billing", "invoice", "factureren aan",
                      "rechnungsadresse", "rechnungsanschrift", "rechnungsempfänger", "lieferant",
                      "besteller", "auftraggeber", "kunde")
MAX_LINES = 6


_PLACE_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(fold(lab)) for lab in sorted(SHIP_TO_LABELS, key=len, reverse=True))
                          + r")\b\s*:?")
# a page number printed beside the address: "(page 1 of 2)", "Page 2/2", "Seite 1 von 2", "page 1 sur 2"
PLACE_CELL_GAP = 2.5
_PAGE_NUMBER = re.compile(r"\(?\b(?:page|seite|p\.)\s*\d+\s*(?:of|/|von|sur|de)\s*\d+\s*\)?")


def labelled_place(rows: list[Row]) -> str:
    """The address a delivery label names in ``rows``, folded ("north store, 12 elm st"): the words after the label
    up to the next cell (or the line under a bare label), without what else the row prints (a page number, a "Bill
    to" cell, a date); "" without a delivery label."""
    for i, row in enumerate(rows):
        found = _PLACE_LABEL.match(fold(row.text).lower())
        if found is None:
            continue
        words = list(row.words[len(found.group(0).split()):])
        if not words and i + 1 < len(rows):
            words = list(rows[i + 1].words)
        words = _first_cell(words)
        rest = fold(" ".join(w.text for w in words)).lower()
        return " ".join(_PAGE_NUMBER.sub(" ", rest).split()).strip(" ,;-")[:80]
    return ""


def _first_cell(words: list[Word]) -> list[Word]:
    """The words up to the first gap wider than a cell's margin (``PLACE_CELL_GAP`` word heights)."""
    if not words:
        return words
    unit = typical_height(words)
    for k, (prev, word) in enumerate(zip(words, words[1:]), start=1):
        if word.x0 - prev.x1 > PLACE_CELL_GAP * unit:
            return words[:k]
    return words


_DATE_AFTER = re.compile(r"\b\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}\b")  # a date on the label's row
# a delivery instruction on the label's row: a dock, a gate, opening hours ("QUAI 2 - HORAIRES 8H-12H")
_INSTRUCTION = re.compile(r"\b(?:quai|dock|rampe|tor|gate|loading\s+bay|horaires?|hours?|uhr|öffnungszeiten"
                          r"|opening\s+times?|créneau|\d{1,2}\s?h\s?-\s?\d{1,2}\s?h|\d{1,2}\s?(?:am|pm)\s?-)\b",
                          re.IGNORECASE)
MAX_CLIPPED_WORDS = 3
CUT_GAP = 0.1  # word heights between a word cut at its cell's edge and the next cell's text (a space is wider)
_INDEX = LabelIndex([("ship_to", label) for label in SHIP_TO_LABELS]
                    + [("party", label) for label in OTHER_PARTY_LABELS])
_BILL_INDEX = LabelIndex([("bill", label) for label in BILLING_LABELS]
                         + [("party", label) for label in (*SHIP_TO_LABELS, *OTHER_PARTY_LABELS)
                            if label not in BILLING_LABELS])
_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split())
_US = re.compile(r"^(?P<city>[^\d,]+?),?\s+(?P<st>[A-Z]{2})\.?,?\s+(?P<zip>\d{5}(?:-\d{4})?)$")
_UK_CODE = r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}"
_UK = re.compile(rf"^(?:(?P<before>[^\d]+?),?\s+)?(?P<pc>{_UK_CODE})(?:,?\s+(?P<after>[^\d]+))?$")
_EIRCODE = r"(?P<pc>[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?P<unit>[0-9AC-FHKNPRTV-Y]{4})"
_IE = re.compile(rf"^(?P<city>[^\d]+?(?:\s\d{{1,2}}W?)?),?\s+{_EIRCODE}$")
# Irish addresses write the Eircode after the town or before it ("Galway H91 DX47", "T45 K231 Cork"); the UK writes
# its postcode on either side too (``_UK``); every other shape below has one order only
_IE_FIRST = re.compile(rf"^{_EIRCODE},?\s+(?P<city>[^\W\d_][^\d,]*?(?:\s\d{{1,2}}W?)?)$")
_BARE_POSTCODE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}")
_IE_DISTRICT = re.compile(r"^(?P<city>Dublin\s+\d{1,2}W?)$", re.I)
_NL = re.compile(r"^(?:NL\s?-?\s?)?(?P<pc>\d{4})\s?(?P<letters>[A-RT-Z][A-Z]|S[B-CE-RT-Z])\s+(?P<city>[^\d,]+?)"
                 r"(?:,?\s+(?P<country>Netherlands|The Netherlands|Nederland|Pays-Bas|Niederlande))?$")  # "1012 LM Amsterdam"
_EU = re.compile(r"^(?:(?P<cc>[A-Z]{1,2})(?:\s?-\s?|\s))?(?P<pc>\d{5}|\d{4})\s+(?P<city>\D+)$")
# The country letters written before a postcode ("D-20457", "F-75001", "A-1010", "B-1000") and the
# postcode's length there.
_PREFIXES = {"D": ("DE", 5), "F": ("FR", 5), "A": ("AT", 4), "B": ("BE", 4), "CH": ("CH", 4), "L": ("LU", 4),
             "I": ("IT", 5), "E": ("ES", 5), "DE": ("DE", 5), "FR": ("FR", 5), "AT": ("AT", 4), "BE": ("BE", 4),
             "LU": ("LU", 4)}
_CEDEX = re.compile(r"\s+cedex(?:\s+\d{1,2})?$", re.I)
_STREET_WORD = re.compile(r"\b(?:st|street|rd|road|ave|avenue|dr|drive|blvd|ln|lane|way|ct|pl|hwy|pkwy|rue|"
                          r"chemin|quai|bd|boulevard|allée|str|straße|strasse|weg|allee|platz|ring|damm)\b\.?$",
                          re.I)
_COUNTRIES = {"usa": "US", "united states": "US", "united states of america": "US", "us": "US", "u.s.a": "US",
              "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
              "wales": "GB", "royaume-uni": "GB", "großbritannien": "GB", "vereinigtes königreich": "GB",
              "ireland": "IE", "irlande": "IE", "irland": "IE",
              "france": "FR", "frankreich": "FR",
              "germany": "DE", "deutschland": "DE", "allemagne": "DE", "bundesrepublik deutschland": "DE",
              "belgique": "BE", "belgium": "BE", "belgien": "BE", "belgië": "BE",
              "österreich": "AT", "oesterreich": "AT", "austria": "AT", "autriche": "AT",
              "schweiz": "CH", "suisse": "CH", "switzerland": "CH",
              "luxembourg": "LU", "luxemburg": "LU", "nederland": "NL", "netherlands": "NL", "niederlande": "NL",
              "pays-bas": "NL", "italia": "IT", "italy": "IT", "italie": "IT", "italien": "IT",
              "españa": "ES", "spain": "ES", "espagne": "ES", "spanien": "ES"}
_STATE_ZIP = re.compile(r"^[A-Z]{2}\.?\s+\d{5}(?:-\d{4})?$")


@dataclass(frozen=True)
class ShipToRead:
    """A delivery address read from the page, and why it is doubtful (None: not doubtful)."""

    party: Party | None
    doubt: str | None = None
    same_as: str | None = None  # "Same as Bill To" under the label: no separate delivery address
    billing: Party | None = None  # the billing box of the page, read when ``same_as`` is set
    element: str = "ship_to"  # the element of the doubt's problem
    boxes: dict = field(default_factory=dict)  # where its street and place lines were read (``address_agreement``)
    words: tuple = ()  # the words of the block under the label the address was read from (its lines' own words)


def find_ship_to(page: PageWords, fuzzy: bool = False) -> ShipToRead | None:
    """The delivery address under the first ship-to label of ``page``, or None without one. A label
    cut at its cell's edge ("Lieferanschri", "Adresse de livrai") is a label. "Same as Bill To" under
    it is no address: the read says so (``same_as``) with the page's billing box (``billing``)."""
    found = _find_under(page, fuzzy, "ship_to")
    if found is None or found.same_as is None:
        return found
    billing = _find_under(page, fuzzy, "bill")
    if billing is not None and (billing.party is None or billing.doubt):  # a billing box, unreadable
        return ShipToRead(None, f"{found.same_as!r}, and the billing box on the page is not read: the delivery "
                                f"address is not known")
    party = billing.party if billing is not None else None
    return ShipToRead(None, None, found.same_as, party and party.model_copy(update={"role": "invoice_to"}))


def _find_under(page: PageWords, fuzzy: bool, kind: str) -> ShipToRead | None:
    """The address under the first label of ``kind`` ("ship_to": a delivery address label, with the cut
    ones; "bill": a billing address label) of ``page``, or None without one. A label leading a
    sentence that is no address ("Deliver to rear entrance before 11am." in a delivery instructions
    box) gives way to a later label whose address reads without doubt. A doubtful block of an address's
    shape (a site with a street or a second line but no postcode) is never replaced by a later address:
    it keeps its doubt, naming the later one."""
    reads = _reads_under(page, fuzzy, kind)
    first = next(reads, None)
    if first is not None and first.party is None and first.same_as is None and first.doubt \
            and first.doubt.startswith(NOTHING_UNDER):
        # "Delivery Details" heading a grid whose "Delivery Address" title is over the address (Xero): the
        # next label's address, when it reads without doubt
        nxt = next(reads, None)
        return nxt if nxt is not None and nxt.party is not None and not nxt.doubt and nxt.party.postcode else first
    if first is not None and first.party is not None and _opens_with_label(first.party.name):
        # "Détails de livraison" heading a box whose first line is "Adresse de livraison : Dépôt Barbier, ..." (Xero):
        # the heading's block is the next label's, which reads it (with its own doubt, if any)
        nxt = next((r for r in reads if r.party is not None or r.doubt), None)
        if nxt is not None:
            return nxt
    if first is None or first.party is None or not first.doubt or first.same_as:
        return first
    later = next((r for r in reads if r.party is not None and not r.doubt and r.party.postcode), None)
    if later is None:
        return first
    if not _address_shaped(first.party):
        return later
    assert later.party is not None
    shown = ", ".join(v for v in (later.party.name, later.party.street, later.party.postcode, later.party.city) if v)
    return ShipToRead(first.party, f"{first.doubt}; a later label on the page gives another address ({shown})",
                      element=first.element)


_DELIVERY_VERB = re.compile(r"(?i)\b(?:deliver\w*|ship\w*|send\w*|livr\w*|exp[ée]di\w*|envoy\w*|lieferu?n?\w*"
                            r"|anliefer\w*|versend\w*|senden)\b")
# a lead-in sentence naming the address on file or the items under it, no address of its own ("Please deliver
# the following items to our usual address:", "Merci de livrer les articles suivants à notre adresse habituelle :")
_USUAL_OR_ITEMS = re.compile(
    r"(?i)\b(?:usual|as always|as usual|regular|normal|known|same|habituel\w*|comme d.habitude|m[êe]me adresse|"
    r"[üu]blich\w*|bekannt\w*|gewohnt\w*|wie immer|(?:the )?following (?:items|articles|goods|products|parts)|"
    r"(?:les )?(?:articles|produits|marchandises|r[ée]f[ée]rences) suivant\w*|"
    r"folgende\w* (?:artikel|positionen|waren|produkte))\b")
_DELIVERY_PLACE = re.compile(r"(?i)\b(?:to|at|à|au|a|an|in|nach|auf|chez)\b[^:]*:\s*$")
# What is sent is paperwork, or where it goes is the accounts office: "Please send the invoice to our head
# office:", "Merci d'envoyer la facture à notre siège :", "Rechnung bitte an unsere Zentrale:" (findings V21)
_PAPERWORK = re.compile(
    r"(?i)\b(?:invoic\w*|bill|billing|bills|statements?|credit\s+notes?|receipts?|remittance|accounts?|accounting"
    r"|head\s+office|headquarters|hq|order\s+confirmation|confirmation|documents?|paperwork|copy|copies"
    r"|factur\w*|avoirs?|relev[ée]s?|comptabilit[ée]|si[èe]ge|documents?|confirmation|copie"
    r"|rechnung\w*|gutschrift\w*|buchhaltung|zentrale|hauptsitz|firmensitz|auftragsbest[äa]tigung\w*"
    r"|best[äa]tigung\w*|unterlagen|belege?|kopie)\b")


def names_paperwork(text: str) -> bool:
    """A sentence about where paperwork goes (an invoice, a credit note, a confirmation) or naming the
    accounts office or head office: the address under it is a billing one, never the delivery address."""
    return bool(_PAPERWORK.search(text))


SHIPPING_HEADINGS = ("shipping", "expédition", "expedition", "versand", "livraison", "lieferung")


def _shipping_heading(row: Row, phrase: Phrase, fuzzy: bool) -> bool:
    """A bare "Shipping" / "Expédition" / "Versand" heading, alone in its phrase, with the billing box's own
    heading on its row ("Billing | Shipping", "Facturation | Expédition", "Rechnungsadresse | Versand"): a web
    shop's two address boxes side by side, the delivery one under it. Alone, such a word is a charge's label."""
    if phrase.text.strip(" :").lower() not in SHIPPING_HEADINGS:
        return False
    others = [p for p in row.phrases if p is not phrase]
    return len(others) == 1 and (_BILL_INDEX.find(others[0].words, 0, fuzzy) is not None
                                 or others[0].text.strip(" :").lower() in ("billing", "facturation", "rechnung"))


# Words of where the goods go; "Shipping", "Versand", "Expédition" say how they travel (a carrier's depot, review S7)
BARE_DELIVERY_WORDS = frozenset({"livraison", "lieferung", "anlieferung", "delivery", "leveringsadres", "levering"})


def bare_word_address(phrase: Phrase) -> int | None:
    """A bare delivery word and its colon, then a whole address on the line ("Livraison : Atelier Moreau
    SARL, 12 rue des Lilas, 69003 Lyon", "Anlieferung: Lager Süd, Industriestr. 5, 85748 Garching"): the
    word is the address's label (alone it labels a date or a charge); the end of the label, else None."""
    end = bare_word_label(phrase)
    if end is None:
        return None
    parts = inline_parts(" ".join(w.text for w in phrase.words[end:]))
    return end if len(parts) > 1 and _place(parts[-1]) is not None else None


def bare_word_label(phrase: Phrase) -> int | None:
    """The end of a bare delivery word and its colon opening the phrase ("Livraison :", "Anlieferung:"), else None."""
    words = phrase.words
    first = words[0].text.lower()
    return 1 if first.endswith(":") and first.rstrip(": ") in BARE_DELIVERY_WORDS else \
        2 if len(words) > 1 and first in BARE_DELIVERY_WORDS and words[1].text == ":" else None


# a postcode and its town after a bare delivery word: "37100 Tours", "D-85748 Garching"
_POSTCODE_TOWN = re.compile(r"(?:^|[\s,])(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÄÖÜÉ][\wäöüéèß-]+")


def bare_word_place(phrase: Phrase) -> bool:
    """A bare delivery word with a postcode and town in its line that no address was read from ("Livraison : 3
    allée des Acacias 37100 Tours, Chantier Les Acacias"): the goods go somewhere the reader did not take."""
    end = bare_word_label(phrase)
    return end is not None and bool(_POSTCODE_TOWN.search(" ".join(w.text for w in phrase.words[end:])))


def bare_word_street(phrase: Phrase, end: int) -> bool:
    """Whether the address after a bare delivery word (``bare_word_address``) names a street before its place:
    "Livraison : franco de port, transporteur Geodis, 37100 Tours" names a place and no address."""
    parts = inline_parts(" ".join(w.text for w in phrase.words[end:]))
    return any(is_street(part) for part in parts[:-1])


def _delivery_sentence(text: str) -> bool:
    """A sentence asking for delivery and ending in a colon after the place it names ("Please deliver by
    12 December to our warehouse:", "Livraison souhaitée le 4 janvier à notre entrepôt :", "Bitte liefern Sie
    bis zum 3. Januar an unser Lager:"): the lines under it are the delivery address."""
    text = text.strip()
    return text.endswith(":") and len(text.split()) >= 3 and bool(_DELIVERY_VERB.search(text)) \
        and bool(_DELIVERY_PLACE.search(text)) and not names_paperwork(text)


def _address_shaped(party: Party) -> bool:
    """A read that has an address's shape: a street, a postcode or a line that is a street; not a lone
    sentence under its label ("Deliver to rear entrance before 11am.")."""
    if party.street or party.postcode or party.city:
        return True
    name = (party.name or "").strip()
    return is_street(name) and len(name.split()) <= 4 and not name.endswith((".", "!"))  # "Am Sportplatz 3"


NOTHING_UNDER = "nothing readable under the delivery address label"


def _opens_with_label(text: str | None) -> bool:
    """``text`` (a read address's first line) starts with a delivery address label ("Adresse de livraison : ...",
    "Adresse de livraison"): the read is a heading's, over the labelled address."""
    low = " ".join((text or "").lower().split())
    return any(low == label or low.startswith((f"{label} ", f"{label}:")) for label in SHIP_TO_LABELS)


def _reads_under(page: PageWords, fuzzy: bool, kind: str) -> Iterator[ShipToRead]:
    rows = group_rows(PageWords(page.page, page.width, page.height, tuple(split_glued(page.words))))
    right_edge = max((w.x1 for w in page.words), default=page.width)
    index = _INDEX if kind == "ship_to" else _BILL_INDEX
    for i, row in enumerate(rows):
        for k, phrase in enumerate(row.phrases):
            hit = index.find(phrase.words, 0, fuzzy)
            if hit is not None and hit.kind == "ship_to" and _date_label(phrase.words, hit):
                hit = None  # "Livraison prévue le", "Lieferung am": a delivery date's label, no address label
            if hit is not None and hit.kind == "ship_to" and _in_wrapped_date_label(rows, i, phrase):
                continue  # "Date de" / "livraison" / "souhaitée" wrapped in a grid cell: a date's label
            if kind == "ship_to" and (hit is None or hit.kind == "ship_to") and _wrapped_sentence_end(rows, i, k, phrase):
                continue  # "Merci de rappeler notre numéro de commande sur le bon de" / "livraison.": a sentence
            tail = _stacked_tail(rows, i, phrase, index, kind) if hit is None else None
            if tail is not None:  # "Adresse de" / "livraison": the label wrapped in its narrow box
                label = f"{phrase.text} {rows[tail[0]].phrases[tail[1]].text}".strip(" :")
                yield _read_block(rows, tail[0], tail[1], len(rows[tail[0]].phrases[tail[1]].words),
                                  right_edge, page.tables, label)
                continue
            clipped = None if (hit and hit.kind != "ship_to") or kind != "ship_to" else clipped_label(
                phrase, _cell_follows(rows, i, k), _column_start(rows, i))
            if hit is not None and clipped and not (clipped[1] and clipped[0] > hit.end):
                clipped = None  # "Ship-to" read whole: a longer label cut after it ("Ship-to add") only when sure
            end = clipped[0] if clipped else hit.end if hit is not None and hit.kind == kind else None
            if end is None and kind == "ship_to" and _shipping_heading(row, phrase, fuzzy):
                end = len(phrase.words)  # "Billing | Shipping", "Facturation | Expédition": a shop's two boxes
            if end is None and kind == "ship_to" and k == 0 and _delivery_sentence(phrase.text):
                # "Please deliver by December 12, 2026 to our warehouse:", "Bitte liefern Sie ... an unser
                # Lager:": a sentence asking for delivery, ending in a colon: the address is the lines under it
                label = phrase.text.strip(" :")
                read = _read_block(rows, i, k, len(phrase.words), right_edge, page.tables, label)
                if _USUAL_OR_ITEMS.search(phrase.text) and (read.party is None
                                                           or not (read.party.postcode or read.party.city)):
                    continue  # "... the following items to our usual address:" over the item table: no label
                yield _cut_short(read, page, row, label)
                continue
            if end is None and hit is None and kind == "ship_to":
                end = bare_word_address(phrase)  # "Livraison : Atelier Moreau, 12 rue des Lilas, 69003 Lyon"
                if (end is not None and not bare_word_street(phrase, end)) or (end is None and bare_word_place(phrase)):
                    yield ShipToRead(None, f"a delivery line names a place not read as an address "
                                           f"({row.text.strip()!r}): a person sets it")
                    return
            if end is None and hit is None and fuzzy and kind == "ship_to":
                end = damaged_label(phrase.words)  # "Lieferaciresse": OCR's "ci" for "d"
            if end is None:
                continue
            if clipped and not clipped[1]:
                shown = " ".join(w.text for w in phrase.words[:end])
                yield ShipToRead(None, f"a label cut short at its cell's edge ({shown!r}) may name the delivery "
                                       f"address: it is not read as one")
                return
            if _DATE_AFTER.search(" ".join(w.text for w in row.words[row.words.index(phrase.words[0]):])):
                continue  # "Livraison souhaitée le : 16/12/2026" read near "livraison à": a date, no address
            if delivery_instruction(" ".join(w.text for w in row.words[row.words.index(phrase.words[0]):])):
                # "LIVRAISON : QUAI 2 - HORAIRES 8H-12H": how to deliver, no address (findings-t23 F-3); but
                # "LIEFERN AN:  WERKSTRASSE 7, TOR 3" / "20095 HAMBURG", "SHIP TO:  UNIT 4, 8 DOCK STREET" / "DUBLIN
                # 2, D02 X285": an address naming its gate or dock is read, and one not read holds, naming its label
                label = " ".join(w.text for w in phrase.words[:end]).strip(" :")
                read = _read_block(rows, i, k, end, right_edge, page.tables, label)
                if read.party is not None and (read.party.postcode or read.party.city):
                    yield _cut_short(read, page, row, label)
                elif hit is not None and hit.kind == "ship_to" and not clipped and _address_shaped_text(read):
                    yield ShipToRead(None, f"the delivery address under {label!r} is not read ({row.text.strip()!r}): a person "
                                           f"sets it")
                continue
            after = " ".join(w.text for w in row.words[row.words.index(phrase.words[0]) + end:])
            if COST_CENTRE.match(after.strip(" :")) and not _labelled_block(phrase, end, after, rows, i):
                continue  # "Lieferung an Kostenstelle 4310" in an item's text: where it is booked, no address
            if as_usual(" ".join(w.text for w in row.words[row.words.index(phrase.words[0]) + end:])):
                continue  # "Livraison à notre adresse habituelle.": the address on file, as typed e-mails read it
            if phrase.words[-1].text.endswith(":"):  # "Livraison à l'adresse suivante :" (the lines under it)
                end = len(phrase.words)
            label = " ".join(w.text for w in phrase.words[:end]).strip(" :")
            yield _cost_centre_aside(_cut_short(_read_block(rows, i, k, end, right_edge, page.tables, label), page, row,
                                                label))


def _cost_centre_aside(read: ShipToRead) -> ShipToRead:
    """A block read with the cost centre as its name ("Kostenstelle 4310" over "Müller Bürobedarf GmbH"): the name
    is the next line, the cost centre the desk the goods are for."""
    party = read.party
    if party is not None and not party.name and party.street:  # the cost centre's number read the first line as a street
        first, _, rest = party.street.partition(", ")
        name, _, street = rest.partition(", ")
        if COST_CENTRE.fullmatch(first.strip()) and name and street:
            return replace(read, party=party.model_copy(update={"name": name, "street": street,
                                                                "contact": party.contact or first.strip()}))
    if party is None or not party.name or not COST_CENTRE.fullmatch(party.name.strip()) or not party.street:
        return read
    name, _, street = party.street.partition(", ")
    if not street:
        return read
    return replace(read, party=party.model_copy(update={"name": name, "street": street,
                                                        "contact": party.contact or party.name.strip()}))


def _labelled_block(phrase: Phrase, end: int, after: str, rows: list[Row], i: int) -> bool:
    """A delivery label with its colon whose block starts with a cost centre ("Lieferanschrift: Kostenstelle 4310"
    over the name, street and "86150 Augsburg"): the block is the address, the cost centre its first line (review
    revC D11). A sentence's "Lieferung an Kostenstelle 4310" has no colon and no address under it."""
    label = " ".join(w.text for w in phrase.words[:end])
    if not (label.rstrip().endswith(":") or after.lstrip().startswith(":")):
        return False
    under = " ".join(r.text for r in rows[i + 1:i + 6])
    return re.search(r"(?<![\w./-])(?:[A-Z]{1,2}-)?\d{4,5}\s+[A-ZÄÖÜ][a-zäöüß]", under) is not None


_RUNS_ON = frozenset({"de", "du", "des", "d'", "of", "der", "für", "di", "del", "della", "van", "voor"})
_DATE_WORD = re.compile(r"(?i)\b(date|datum|d[ée]lai|souhait[ée]e|pr[ée]vue|termin)\b")


def _in_wrapped_date_label(rows: list[Row], i: int, phrase: Phrase) -> bool:
    """``phrase`` ("livraison") is one line of a date's label wrapped in its cell: the lines stacked right above
    and under it in the same cell name a date ("Date de" / "livraison" / "souhaitée"; issue 23, class 4)."""
    unit = max(w.height for w in phrase.words)

    def stacked(r: Row) -> list[Phrase]:
        return [p for p in r.phrases if r.page == rows[i].page and p.x0 < phrase.x1 and p.x1 > phrase.x0
                and abs(p.x0 - phrase.x0) < 4 * unit and min(abs(p.y0 - phrase.y1), abs(phrase.y0 - p.y1)) < unit
                and len(p.words) <= 3]

    # the line above runs on into this one ("Date de" / "livraison"), or the line under carries it on in lower
    # case ("livraison" / "souhaitée"): a key-value table's own labels stacked in their rows ("Order Date" over
    # "Deliver To") are labels each of its own
    above = [p for r in rows[max(0, i - 2):i] for p in stacked(r)
             if p.words[-1].text.strip(" :").lower() in _RUNS_ON]
    under = [p for r in rows[i + 1:i + 3] for p in stacked(r) if p.words[0].text[:1].islower()]
    return any(_DATE_WORD.search(p.text) for p in above + under)


def _wrapped_sentence_end(rows: list[Row], i: int, k: int, phrase: Phrase) -> bool:
    """``phrase`` ("livraison.") is the last word of a sentence wrapped from the line right above it ("Merci de
    rappeler notre numéro de commande sur le bon de" / "livraison."): it starts its line, ends in a full stop, and
    the line above, starting at its left, runs on (it ends in no stop, colon or other mark). A label ends in a
    colon or nothing; an abbreviation's stop ("Livr.") is not a whole word's."""
    last = phrase.words[-1].text
    if k or len(phrase.words) > 2 or not last.endswith(".") or len(last.strip(".")) < 5 or i == 0:
        return False
    unit = max(w.height for w in phrase.words)
    above = rows[i - 1]
    if above.page != rows[i].page or phrase.y0 - above.y1 > 1.5 * unit or abs(above.words[0].x0 - phrase.x0) > 2 * unit:
        return False
    end = above.words[-1].text
    return len(above.words) >= 4 and end[-1:].isalpha() and end[-1:].islower()


def _cut_short(read: ShipToRead, page: PageWords, row: Row, label: str) -> ShipToRead:
    """``read`` doubted when its text ends at the edge of the box it is printed in (a form field too
    narrow for "…, Dublin 12, D12 R2C7" shows "…, Dublin 12": the rest is not in the PDF)."""
    party = read.party
    if party is None or read.doubt or not page.filled:
        return read
    unit = max(w.height for w in row.words)
    text = " ".join(v for v in (party.name, party.street, party.postcode, party.city) if v)
    for w in page.filled:
        if row.y0 - unit <= w.y0 <= row.y1 + (MAX_LINES + 1) * 1.5 * unit and w.text.strip(",") in text:
            return ShipToRead(party, f"the delivery address under {label!r} fills its box to the edge after "
                                     f"{w.text!r}: its end may be cut off ({text})", element=read.element)
    return read


# The buyer's own customer named instead of an address, the address on the lines under it (a drop shipment)
_THEIR_CUSTOMER = re.compile(r"(?i)^(?:(?:to|at|à|a|chez|an|bei|zu)\s+)?(?:our|notre|nos|unsere[nmr]?|unser)\s+"
                             r"(?:end[\s-]+)?(?:customers?|clients?|client\s+final|kund(?:e|en|in)|endkund(?:e|en|in))$")



def names_their_customer(text: str) -> bool:
    """``text`` names the buyer's own customer ("our customer", "notre client", "unseren Kunden") in place
    of an address: the address is on the lines under it."""
    return bool(_THEIR_CUSTOMER.match(text.strip(" :;,.")))


def _read_block(rows: list[Row], i: int, k: int, end: int, right_edge: float, tables: tuple,
                label: str) -> ShipToRead:
    """The address whose label ends at ``rows[i].phrases[k].words[end - 1]``, parsed."""
    apart: list[str] = []
    taken: list[Word] = []
    lines = _block(rows, i, k, end, right_edge, tables, apart, taken)
    said = _same_as_said(lines, rows, i, rows[i].phrases[k])
    if said:
        return ShipToRead(None, None, f"{label}: {said}")
    if len(lines) > 1 and names_their_customer(lines[0]):
        lines = lines[1:]  # "Ship to: our customer" over the customer's address: a drop shipment (findings V22)
    if not lines:
        return ShipToRead(None, f"{NOTHING_UNDER} {label!r}")
    party, doubt = parse_address(lines)
    shown = " / ".join(lines)
    if doubt is None and apart and party.name == lines[0]:
        return ShipToRead(party, f"the delivery address under {label!r} ({shown}): its name {lines[0]!r} may go "
                                 f"on in «{apart[0]}» (a name wrapped in its box) or end there (a site line)",
                          element=NAME_ELEMENT)
    return ShipToRead(party, doubt and f"the delivery address under {label!r} ({shown}): {doubt}", words=tuple(taken))


def _stacked_tail(rows: list[Row], i: int, phrase: Phrase, index: LabelIndex, kind: str) -> tuple[int, int] | None:
    """(row, phrase) of the second line of a label of ``kind`` wrapped in its box ("Adresse de" over
    "livraison", "Delivery" over "Address"): right under ``phrase``, same left edge, the two a whole label."""
    if len(phrase.words) > 3 or i + 1 >= len(rows) or rows[i + 1].page != rows[i].page:
        return None
    unit = max(phrase.words[0].height, 1.0)
    if rows[i + 1].y0 - rows[i].y1 > 0.8 * unit:
        return None
    for k, tail in enumerate(rows[i + 1].phrases):
        if abs(tail.x0 - phrase.x0) < unit and len(tail.words) <= 2:
            joined = phrase.words + tail.words
            hit = index.find(joined, 0, False)
            if hit is not None and hit.kind == kind and hit.end == len(joined):
                return i + 1, k
    return None


def _same_as_said(lines: list[str], rows: list[Row], i: int, phrase: Phrase) -> str | None:
    """"Same as Bill To" (or its kin) under or after the label at ``rows[i]``, a sentence wrapped in its
    box ("à la même adresse que la" / "facturation" under the label's left edge) joined, or None."""
    if not lines:
        return None
    wrapped = []
    if i + 1 < len(rows) and rows[i + 1].page == rows[i].page:
        unit = max(phrase.words[0].height, 1.0)
        wrapped = [p.text for p in rows[i + 1].phrases if abs(p.x0 - phrase.x0) <= unit][:1]
    for said in (lines[0], " ".join(lines[:2]), " ".join([lines[0], *wrapped])):
        if says_same_as_billing(said):
            return said
    return None


def _cell_follows(rows: list[Row], i: int, k: int) -> bool:
    """The phrase after ``rows[i].phrases[k]`` starts less than a space after it, where the lines under it
    start too: the next cell's text, its left edge a column's (a sheet exported to PDF, the label cut
    at its cell's edge: "Adresse de livr" | "Dupont Fournitures" over "45 avenue de la Gare")."""
    row = rows[i]
    if k + 1 >= len(row.phrases):
        return False
    phrase, nxt = row.phrases[k], row.phrases[k + 1]
    height = max(phrase.words[-1].height, 1.0)
    if nxt.x0 - phrase.x1 > CELL_FOLLOWS_GAP * height:
        return False
    return any(abs(w.x0 - nxt.x0) <= COLUMN_SLACK for r in rows[i + 1:i + 3] for w in r.words[:1] + r.words)


def _column_start(rows: list[Row], i: int):
    """Whether a word of ``rows[i]`` starts where a line under it starts (a column's left edge)."""
    starts = [w.x0 for r in rows[i + 1:i + 3] for w in r.words]
    return lambda word: any(abs(word.x0 - x) <= COLUMN_SLACK for x in starts)


CELL_FOLLOWS_GAP = 0.3  # word heights: under a space's width
COLUMN_SLACK = 1.0  # pixels two left-aligned cells' texts may differ by


def clipped_label(phrase: Phrase, cell_follows: bool = False, column_start=None) -> tuple[int, bool] | None:
    """The number of words of a delivery address label cut short at a cell's edge that start
    ``phrase`` ("Lieferanschri Hansa GmbH": 1), the next cell's text touching the cut word, and
    whether it surely is one: the words before the
    last are the label's, the last is cut inside the label's word (not a whole word: "Lieferung bis"
    is no "Lieferung an"); sure with six letters and three fifths of the label shown and no other
    party's label cut the same way; unsure with four letters or a whole first word ("Adresse d":
    "de livraison" or "de facturation")."""
    words = [label_key(w.text) for w in phrase.words[:MAX_CLIPPED_WORDS]]
    found = None
    for label in SHIP_TO_LABELS:
        n = _cut_inside(words, label)
        if n is not None and n < len(phrase.words) and label_key(phrase.words[n].text) in _DATE_WORDS:
            continue  # "Livraison prévue le", "Lieferung bis": a date's label, no address label cut short
        if n is None or n > len(phrase.words) or (n == len(phrase.words) and not cell_follows) \
                or (n < len(phrase.words) and not _touching(phrase.words[n - 1], phrase.words[n])
                    and not _next_cell(phrase.words[n - 1], phrase.words[n], column_start)):
            continue
        letters = len("".join(words[:n]))
        sure = letters >= max(6, 0.6 * len(label_key(label))) and not any(
            _cut_inside(words, other) == n for other in OTHER_PARTY_LABELS)
        if sure:
            return n, True
        if letters >= 4 or n > 1:
            found = found or (n, False)
    return found


# Words that follow a delivery word in a date's label: "Livraison prévue le", "Lieferung am", "Delivery by"
_DATE_WORDS = frozenset(label_key(w) for w in (
    "prévue", "prevue", "souhaitée", "souhaitee", "demandée", "demandee", "le", "du", "date", "am", "vom", "bis",
    "zum", "termin", "datum", "on", "by", "before", "due", "date:", "le:"))
def _date_label(words, hit) -> bool:
    """The words a tolerant match took for a delivery address label hold, or are followed by, a date's
    wording that the label does not have ("Lieferung am" read as "Lieferung an")."""
    label_words = [label_key(w) for w in hit.label.split()]
    matched = [label_key(w.text) for w in words[hit.start:hit.end]]
    if "".join(matched) == label_key(hit.label):
        return False  # the label read whole ("Adresse de livraison : Le Bon Marché")
    taken = [*matched, *[label_key(w.text) for w in words[hit.end:hit.end + 1]]]
    return any(k in _DATE_WORDS and k not in label_words for k in taken)


DAMAGED_MIN = 10  # letters of a label key read with two OCR edits
DAMAGED_EDITS = 2


def damaged_label(words: tuple[Word, ...] | list[Word]) -> int | None:
    """How many of ``words`` (a phrase's first ones) are a delivery address label of ten letters or
    more read with up to two OCR edits ("Lieferaciresse", "Adresse de livralson"), nearer to it than
    to any other party's label; None when they are none. A scan's label is read with the
    tolerance OCR needs: a delivery address missed for a damaged label would go out as none."""
    key = ""
    for n, word in enumerate(words[:MAX_CLIPPED_WORDS], 1):
        key += label_key(word.text)
        if len(key) < DAMAGED_MIN:
            continue
        near = min(edit_distance(key, label_key(label)) for label in SHIP_TO_LABELS)
        other = min(edit_distance(key, label_key(label)) for label in (*OTHER_PARTY_LABELS, *BILLING_LABELS))
        if near <= DAMAGED_EDITS and near < other:
            return _absorb(words, n)
    return None


def _absorb(words: tuple[Word, ...] | list[Word], end: int) -> int:
    """One past a label's trailing ":" words."""
    while end < len(words) and not label_key(words[end].text) and words[end].text.strip() in (":", "-", "."):
        end += 1
    return end


def edit_distance(a: str, b: str, cap: int = DAMAGED_EDITS) -> int:
    """Levenshtein distance of two keys (at most a few dozen letters); ``cap`` + 1 as soon as their lengths
    alone differ by more than ``cap``."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _next_cell(cut: Word, nxt: Word, column_start) -> bool:
    """The next word starts under a space's width after the cut one, at a column's left edge."""
    return column_start is not None and nxt.x0 - cut.x1 <= CELL_FOLLOWS_GAP * max(cut.height, 1.0) \
        and column_start(nxt)


def _touching(cut: Word, nxt: Word) -> bool:
    """The next cell's text starts where the cut word stops (no space between): a cell's edge."""
    return nxt.x0 - cut.x1 < CUT_GAP * max(cut.height, 1.0)


def _cut_inside(words: list[str], label: str) -> int | None:
    """How many of ``words`` (keys) are ``label`` shown up to a cut inside one of its words, or None."""
    parts = [label_key(p) for p in label.split()]
    for n in range(1, min(len(parts), len(words)) + 1):
        shown, last = words[:n - 1], words[n - 1]
        if shown == parts[:n - 1] and last and last != parts[n - 1] and parts[n - 1].startswith(last):
            return n
    return None


def _block(rows: list[Row], i: int, k: int, end: int, right_edge: float, tables: tuple,
           apart: list[str] | None = None, taken: list[Word] | None = None) -> list[str]:
    """The lines of the address whose label is ``rows[i].phrases[k].words[:end]`` (``apart``: see ``_column``;
    ``taken``: given, the words the lines were read from are put in it, only when they are the block's lines
    under the label, one row a line: an address read inline after its label leaves it empty)."""
    row, phrase = rows[i], rows[i].phrases[k]
    unit = max(phrase.words[0].height, 1.0)
    rest = phrase.words[end:] if any(_has_text(w.text) for w in phrase.words[end:]) else []
    nxt = next((p for p in row.phrases[k + 1:] if _has_text(p.text)), None)  # "livraison !": a colon misread
    first_k = _run_start(row, k, unit)  # "Adresse de" | "livraison": one label a monospace print spaced apart
    below = _under(rows, i, phrase, unit)  # "Livrer à | Facturer à" over two boxes: the lines are below
    colon = nxt is not None and len(nxt.words) > 1 and nxt.words[0].text == ":"  # "Lieu de livraison  : X" (monospace)
    typed = " ".join(w.text for w in nxt.words[1:]) if colon and not rest and not _is_label(nxt) else ""
    if below and len(inline_parts(typed)) > 1:  # "Lieu de livraison  : NAME, STREET, 75002 PARIS": the whole address
        below = False  # after the label's colon on its line, whatever lies under the label
    value = " ".join(w.text for w in rest) if rest else \
        (" ".join(w.text for w in nxt.words[1:]) if colon else nxt.text) \
        if nxt is not None and not _is_label(nxt) and not below else ""
    start = phrase.x0 if rest else (nxt.words[1].x0 if colon else nxt.x0) if nxt is not None else phrase.x0
    if len(inline_parts(value)) > 1:  # "Ship to: ACME Ltd, 1 Main St, Leeds LS1 4AB"
        more = _paragraph_rest(rows, i, start, value, unit)
        if not more and rest:  # "Adresse de livraison: Dupont Fournitures SARL, 12 rue de la" / "Paix, 75002 Paris":
            more = _paragraph_rest(rows, i, rest[0].x0, value, unit)  # the value's cell wrapped under the value
        return inline_parts(value + more)
    if value.rstrip().endswith(","):  # "Lieferanschrift: Müller Bürobedarf GmbH," / "Hauptstraße 5, 80331 München":
        for at in ((start, rest[0].x0) if rest else (start,)):  # a one-line address wrapped after its name
            joined = inline_parts(value + _paragraph_rest(rows, i, at, value, unit))
            if len(joined) > 1 and _place(joined[-1]) is not None:
                return joined
    holder = phrase  # the phrase whose ruled cell holds the address
    mine: list[Word] = []  # the words of the lines read here
    if rest:  # "Ship to: ACME Ltd" (the lines go on under the name)
        left, first, mine = rest[0].x0, [value], list(rest)
    elif value and nxt is not None:  # "Deliver to   ACME Ltd" (the lines go on under it)
        left, first, holder = nxt.words[1].x0 if colon else nxt.x0, [value], nxt  # a key-value grid: the address in the cell right of its label
        mine = list(nxt.words[1:] if colon else nxt.words)
        nxt = row.phrases[k + 2] if k + 2 < len(row.phrases) else None
    else:
        left, first = row.phrases[first_k].x0, []
    prev_x1 = row.phrases[first_k - 1].x1 if first_k > 0 else -1.0
    left = max(left - unit, prev_x1 + 1.0)
    right = nxt.x0 if nxt is not None else _cell_right(tables, holder) or _beside(rows, i, left, unit) or right_edge + unit
    lines = first + _column(rows, i, left, right, unit, apart, mine)
    if rest and len(lines) == 1:  # "Adresse de livraison : X" in a paragraph: its next lines start at the margin
        margin = first + _column(rows, i, max(phrase.x0 - unit, prev_x1 + 1.0), right, unit)
        if len(margin) > 1 and parse_address(margin)[1] is None:
            return margin
    if taken is not None:
        taken.extend(mine)
    return lines


def _has_text(text: str) -> bool:
    """A letter or a digit in ``text``: "!" or "|" alone is a stray mark (a colon read by OCR), no value."""
    return any(c.isalnum() for c in text)


MONOSPACE_GAP = 0.8  # word heights: two phrases closer than this are one run of text spaced apart
MONOSPACE_CHARS = 2.0  # or closer than this many of their characters' widths (a monospace print's spaces)


def _apart(before: Phrase, after: Phrase, unit: float) -> bool:
    """``after`` starts a new run of text: further from ``before`` than a word height (the tallest of the
    two and ``unit``) and than two of ``before``'s character widths."""
    height = max([unit, *(w.height for w in before.words + after.words)])
    char = (before.x1 - before.x0) / max(len(before.text), 1)
    return after.x0 - before.x1 >= max(MONOSPACE_GAP * height, MONOSPACE_CHARS * char)


def _run_start(row: Row, k: int, unit: float) -> int:
    """The first phrase of the run of text ``row.phrases[k]`` ends (a monospace print's wide spaces split
    one label into phrases: "Adresse de" | "livraison")."""
    while k > 0 and not _apart(row.phrases[k - 1], row.phrases[k], unit):
        k -= 1
    return k


def _runs(phrases: list[Phrase], unit: float) -> int:
    """How many runs of text ``phrases`` make."""
    return sum(1 for n, p in enumerate(phrases) if n == 0 or _apart(phrases[n - 1], p, unit))


def _beside(rows: list[Row], i: int, left: float, unit: float) -> float | None:
    """The left edge of a column of text beside the block under a label alone on its row (a key-value
    table or another box right of "Lieferadresse:" / its lines, starting on a line under the label):
    the block's lines end before it; None when no line under the label has text apart on its right."""
    starts, ends, last = [], [], rows[i]
    for row in rows[i + 1:i + 1 + MAX_LINES]:
        if row.page != last.page or row.y0 - last.y1 > 1.5 * unit or len(row.phrases) > 3:
            break  # a gap, or a table's row (its titles, an item): the block is over
        own = [p for p in row.phrases if abs(p.x0 - left - unit) <= 2 * unit]
        if not own:
            break
        ends.append(own[0].x1)
        starts += [p.x0 for p in row.phrases if p.x0 > own[0].x1 + 2 * unit]
        last = row
    return min(starts) if starts and min(starts) > max(ends) + unit else None


def _paragraph_rest(rows: list[Row], i: int, start: float, value: str, unit: float) -> str:
    """The end of a one-line address that its paragraph or cell wrapped onto the next line ("..., 37300
    Joué-lès-" / "Tours", "Druckerei Seidel, Lager Plagwitz," / "Zschochersche Str. 48, 04229 Leipzig"):
    the next line starting where the value starts, short or after a comma, joined (a hyphen without a
    space); else ""."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or rows[i + 1].y0 - rows[i].y1 > 0.8 * unit:
        return ""
    nxt = rows[i + 1]
    if len(nxt.phrases) != 1 or abs(nxt.phrases[0].x0 - start) > unit:
        return ""
    text = nxt.phrases[0].text
    if _sentence(text):
        return ""  # "Rechnung wie immer an Hauptstraße 5, 80331 München", "nicht mehr an ...": a sentence naming
        # an address is no part of this one; the address stays as read, held when its place is missing
    open_end = value.rstrip().endswith((",", "-")) or _place(inline_parts(value)[-1]) is None
    if open_end and not value.rstrip().endswith("-") and _place(text.strip()) is not None and ":" not in text:
        return f", {text}"  # "UNIT 4, 8 DOCK STREET" / "DUBLIN 2, D02 X285": the place line under the street, a part
    if len(nxt.words) > 3 and not value.rstrip().endswith(",") and _place(inline_parts(f"{value} {text}")[-1]) is None:
        return ""  # a longer line goes on the value when it ends the address in a place ("..., 100" / "Main St, ...")
    if _is_label(nxt.phrases[0]) or ":" in text or "@" in text or not open_end:
        return ""  # "Buyer: orders@…" under a whole "…, Boston MA 02110": the next box's line
    if text.strip(" .").lower() in _COUNTRIES:
        return f", {text}"
    return text if value.endswith("-") else f" {text}"


# words of a sentence, never of an address line: prepositions, negations, verbs, "formerly", "invoice"
_SENTENCE_WORDS = frozenset((
    "an", "to", "à", "nicht", "not", "kein", "keine", "ne", "pas", "plus", "non", "mehr", "longer",
    "bisher", "früher", "frueher", "ehemals", "formerly", "previously", "former", "ancienne",
    "anciennement", "auparavant", "rechnung", "rechnungen", "invoice", "invoices", "facture", "factures", "wie",
    "immer", "always", "usual", "comme", "toujours", "bitte", "please", "merci", "statt", "anstatt",
    "instead", "sondern", "but", "mais", "aber", "ist", "sind", "wird", "werden", "geht", "gehen", "senden",
    "schicken", "liefern", "send", "ship", "deliver", "is", "are", "was", "goes", "go", "est", "sont", "envoyer",
    "livrer", "we", "wir", "nous", "you", "sie", "vous", "our", "unsere", "notre", "nos", "if", "wenn", "si"))
_PLACE_PARTICLE = re.compile(r"\b(?:an|à)\s+(?:der|dem|den|la|le|l')\s", re.IGNORECASE)  # "Neustadt an der Weinstraße"


def _sentence(text: str) -> bool:
    """``text`` reads as a sentence rather than an address line: it holds a sentence word ("bisher Hauptstraße
    5", "nicht mehr an ...", "Rechnung wie immer an ...", "invoice to ..."); a place's "an der" ("Neustadt an
    der Weinstraße") is no sentence word."""
    if says_same_as_billing(text):
        return False  # "Same as Bill To": the box says the billing address, read as such (``_same_as``)
    words = [w.strip(".,;:!()").lower() for w in _PLACE_PARTICLE.sub(" ", text).split()]
    return any(w in _SENTENCE_WORDS for w in words)


def _under(rows: list[Row], i: int, phrase: Phrase, unit: float) -> bool:
    """Text starts right under the label, at its left edge, on the next row: the label heads a box."""
    if i + 1 >= len(rows) or rows[i + 1].page != rows[i].page or rows[i + 1].y0 - rows[i].y1 > 1.5 * unit:
        return False
    return any(abs(p.x0 - phrase.x0) <= 2 * unit for p in rows[i + 1].phrases)


SPACE = 0.3  # word heights: a space between words
NAME_ELEMENT = "ship_to.name"  # a doubt whether the delivery name goes on on its next line
_COMPLETE_NAME = re.compile(r"\b(?:gmbh|ag|kg|ohg|eg|e\.?\s?v|gbr|ug|ltd|limited|plc|llc|inc|corp|co|bv|nv|sa|sarl|sas|"
                            r"sasu|eurl|snc|sàrl|srl|spa|ab|oy|as|aps)\.?$", re.IGNORECASE)  # a legal form ends it
_HOUSE_TAIL = re.compile(r"[^\W\d_][\w.'-]*\s+\d{1,4}\s?[a-zA-Z]?")  # "Kreuzeck 14", "Papin 12b"
_STREET_OPEN = (" de", " des", " du", " la", " am", " an", " der", " im", " zum", " zur", " auf", " of", " the", "-")
_OPEN_ENDS = (" -", " –", ",", " &", "/", " de", " und", " et", " and")


def _name_goes_on(name: str, text: str) -> bool:
    """``text`` may be the end of a name its cell wrapped ("Weber Kanzleibedarf GmbH, Lager" / "Nord"):
    a word or two, no digit, no street or place."""
    return (not any(c.isdigit() for c in name + text) and len(text.split()) <= 2 and not is_street(text)
            and _place(text) is None and text.lower() not in _COUNTRIES)


def _cell_right(tables: tuple, phrase: Phrase) -> float | None:
    """The right edge of the ruled cell holding the label (a Word grid's box), or None."""
    word = phrase.words[0]
    for table in tables:
        for cells in table:
            for box in cells:
                if box is not None and box[0] <= word.x0 <= box[2] and box[1] <= word.cy <= box[3]:
                    return box[2] - (word.x0 - box[0])  # less the cell's padding
    return None


def _column(rows: list[Row], i: int, left: float, right: float, unit: float,
            apart: list[str] | None = None, taken: list[Word] | None = None) -> list[str]:
    """The lines under row ``i`` within [left, right), until a gap, a label, a table row (three
    phrases and more), a line running across the column's edge, or the line after the place line
    (a country name excepted). A line that continues a street cut at the column's edge is joined.
    A second line that may end the name ("Keller GmbH" / "Filiale Salzburg") joins it only on
    evidence (the name ends open, or reaches a real edge: the cell's, the next box's, the page's);
    when only the block's widest line shows the box's width, it stays a line of its own and is put in
    ``apart``: the reading is a guess (``NAME_ELEMENT``)."""
    out: list[str] = []
    right_seen = _column_right(rows, i, left, right, unit)
    edge = min(right, right_seen + unit) if right_seen is not None else right
    last_x1, last = -1.0, rows[i]
    for n, row in enumerate(rows[i + 1:], i + 1):
        if len(out) >= MAX_LINES or row.page != last.page or row.y0 - last.y1 > 1.5 * unit:
            break
        inside = [p for p in row.phrases if left <= p.x0 < right]
        if not inside or _runs(inside, unit) > 2 or any(p.x1 > right + unit for p in inside) or _is_label(inside[0]):
            break
        text = " ".join(p.text for p in inside)
        if _sentence(text):
            break  # "bisher Hauptstraße 5, 80331 München" under the name: a sentence about an address, not its line
        if out and (placed := _place(out[-1])) and text.strip(" .").lower() not in _COUNTRIES \
                and not (placed[0] is None and _BARE_POSTCODE.fullmatch(text.strip())):
            break  # the line after the place ends the address; "Dublin 12" over its Eircode "D12 X9Y8" goes on
        if len(out) >= 2 and out[-1].strip(" .").lower() in _COUNTRIES and _place(out[-2]):
            break  # "1230 Wien" / "Österreich": the country after the place ends it (a letter's salutation follows)
        wrapped = last_x1 + unit + (inside[0].words[0].x1 - inside[0].x0) >= edge - unit
        # only the block's own widest line shows where the name could wrap: no edge it was wrapped at
        # (a real edge: the next word would not fit before it, a space's width between them)
        self_edge = len(out) == 1 and right_seen is not None and not (
            last_x1 + SPACE * unit + (inside[0].words[0].x1 - inside[0].x0) > right - SPACE * unit)
        after = rows[n + 1] if n + 1 < len(rows) and rows[n + 1].page == row.page else None
        over_postcode = after is not None and any(left <= p.x0 < right and _BARE_POSTCODE.fullmatch(p.text.strip())
                                                  for p in after.phrases)  # "Uckfield" over "TN22 1QL": the town
        after_text = " ".join(p.text for p in after.phrases if left <= p.x0 < right) if after is not None else ""
        # "Gewerbepark Am" over "Kreuzeck 14", "Lager Billbrook" over "Billstraße 90": a street's line, not the name's
        street_head = (not any(c.isdigit() for c in text) and _HOUSE_TAIL.fullmatch(after_text) is not None
                       and _place(after_text) is None)
        if len(out) >= 2 and out[-1].lower().endswith(_STREET_OPEN) and not _place(text):
            out[-1] = f"{out[-1]} {text}"  # "Zone artisanale des" / "Grands Champs 7"
        elif len(out) >= 2 and wrapped and _continues(out[-1], text) and not over_postcode \
                and not _COUNTY.match(after_text.strip()) and not uk_county(after_text):
            # "Rathcoole" over "Co. Dublin", "Harlow" over "Essex": the town, not the street's end
            out[-1] = f"{out[-1]} {text}"
        elif len(out) == 1 and (wrapped or out[0].endswith(_OPEN_ENDS)) and _name_goes_on(out[0], text) \
                and not street_head and (out[0].endswith(_OPEN_ENDS) or not self_edge):
            # a name wrapped in its cell ("Weber Kanzleibedarf GmbH, Lager" / "Nord", "Papeterie Lyonnaise -")
            out[0] = f"{out[0]} {text}"
        elif len(out) == 1 and wrapped and _name_goes_on(out[0], text) and not street_head:
            out.append(text)  # "Keller Bürobedarf GmbH" / "Filiale Salzburg": a site line, or the name's end
            if apart is not None and not _COMPLETE_NAME.search(out[0]):
                apart.append(text)
        else:
            out.append(text)
        if taken is not None:  # the words this line was read from
            taken.extend(w for p in inside for w in p.words)
        last_x1, last = inside[-1].x1, row
    return out


def _column_right(rows: list[Row], i: int, left: float, right: float, unit: float) -> float | None:
    """The right edge of the column's text when it has three lines or more (a narrow box with no
    neighbour: its widest line shows where its lines wrap), else None."""
    ends, last = [], rows[i]
    for row in rows[i + 1:i + 1 + MAX_LINES]:
        if row.page != last.page or row.y0 - last.y1 > 1.5 * unit:
            break
        inside = [p for p in row.phrases if left <= p.x0 < right]
        if not inside or _runs(inside, unit) > 2 or any(p.x1 > right + unit for p in inside) or _is_label(inside[0]):
            break
        ends.append(inside[-1].x1)
        last = row
    return max(ends) if len(ends) >= 3 else None


def add_ship_to(order: ExtractedOrder, read: ShipToRead | None) -> None:
    """The read delivery address on ``order``; a doubtful one kept and held (``SHIP-TO-UNSURE``)."""
    if read is None:
        return
    if read.party:
        order.parties.append(read.party)
        order.boxes.update(read.boxes)
    if read.same_as and read.billing:  # "Same as Bill To" beside a billing box: the gateway compares it
        order.parties.append(read.billing)
        shown = ", ".join(v for v in (read.billing.name, read.billing.street, read.billing.postcode,
                                      read.billing.city) if v)
        order.problems.append(Problem(code="SHIP-TO-UNSURE", severity="warning", element=SAME_AS_BILLING_ELEMENT,
                                      message=f"{read.same_as!r}: the goods go to the billing address on the page "
                                              f"({shown}), which is not the customer's address on file"))
    if read.doubt:
        order.problems.append(Problem(code="SHIP-TO-UNSURE", severity="warning", element=read.element,
                                      message=read.doubt))


def _address_shaped_text(read: ShipToRead) -> bool:
    """A block under a delivery label, not read as an address, that still has a street's shape (a house number
    beside a name, a street word) besides its gate or dock: an address the reader missed, not an instruction."""
    party = read.party
    if party is None:
        return False
    text = ", ".join(v for v in (party.name, party.street) if v)
    return any(is_street(part) and not _INSTRUCTION.search(part) for part in inline_parts(text))


def delivery_instruction(text: str) -> bool:
    """``text`` says how to deliver (a dock, a gate, opening hours), not where nor when."""
    return _INSTRUCTION.search(text) is not None


def address_label(text: str) -> str | None:
    """"ship_to" for a delivery address label ("Deliver to:"), "party" for another party's label
    ("Invoice to"), else None: the labels of a sheet's address cells."""
    found = _INDEX.lookup(label_key(text.strip().rstrip(":").strip()), False)
    return found[0] if found else None


def _is_label(phrase: Phrase) -> bool:
    hit = _INDEX.find(phrase.words, 0, False)
    return hit is not None and hit.end == len(phrase.words)


def _continues(prev: str, line: str) -> bool:
    """``line`` may be the rest of the street ``prev`` (a bare word or two after a house number)."""
    return (any(c.isdigit() for c in prev) and not any(c.isdigit() for c in line) and len(line.split()) <= 2
            and not _STREET_WORD.search(line) and _place(line) is None and line.lower() not in _COUNTRIES and not _place(prev))


def inline_parts(text: str) -> list[str]:
    """One-line address parts, "WI 53233" joined back to its city."""
    parts: list[str] = []
    for part in (p.strip() for p in re.split(r"[,;]", text)):
        if not part:
            continue
        if parts and _STATE_ZIP.match(part):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return parts


_UNIT = re.compile(r"^(?:unit|suite|flat|apt|apartment|building|bldg|floor|hall|dock|b[âa]t(?:iment)?|halle|geb(?:ä|ae)ude"
                   r"|haus|tor)\.?\s*\d", re.IGNORECASE)
_ATTENTION = re.compile(  # as extractors/mail/typed_ship_to.py reads it, and "Contact:", "Ansprechpartner:"
    r"^\s*(?:[-*•]\s*)?(?:attn\.?|att\.|attention(?:\s+of)?|for\s+the\s+attention\s+of|f\.?a\.?o\.?|c/o\s+attn"
    r"|z\.\s?h(?:d|\.)\.?|zhd\.?|zu\s+h(?:ä|ae|a)nden(?:\s+von)?|(?:à|a)\s+l['’]?\s?att(?:ention|n?\.)?(?:\s+de)?"
    r"|contact(?=\s?:)|ansprechpartner(?:in)?(?=\s?:))"
    r"(?:\s*[:.,-]\s*|\s+)(?P<who>[^\W\d_].{1,60}?)\s*[,;]?\s*$", re.IGNORECASE)
_COUNTY = re.compile(r"^(?:co\.?|county)\s+[A-Z]", re.IGNORECASE)  # an Irish county after the town
# English, Welsh and Scottish counties as a UK address writes them on a line of their own between the town and
# the postcode (Sage, Xero: "Harlow" / "Essex" / "CM20 2QP"): the town's county, no part of the street or the city
# (never a post town that names its county too: Bristol, Durham)
UK_COUNTIES = frozenset({
    "bedfordshire", "beds", "berkshire", "berks", "buckinghamshire", "bucks", "cambridgeshire", "cambs", "cheshire",
    "cornwall", "cumbria", "derbyshire", "devon", "dorset", "county durham", "east sussex", "west sussex",
    "essex", "gloucestershire", "glos", "hampshire", "hants", "herefordshire", "hertfordshire", "herts", "kent",
    "lancashire", "lancs", "leicestershire", "leics", "lincolnshire", "lincs", "middlesex", "norfolk",
    "northamptonshire", "northants", "northumberland", "nottinghamshire", "notts", "oxfordshire", "oxon",
    "rutland", "shropshire", "somerset", "staffordshire", "staffs", "suffolk", "surrey", "warwickshire", "wilts",
    "wiltshire", "worcestershire", "worcs", "north yorkshire", "south yorkshire", "west yorkshire", "east yorkshire",
    "east riding of yorkshire", "greater london", "greater manchester", "merseyside", "tyne and wear",
    "west midlands", "isle of wight", "lanarkshire", "midlothian", "fife", "aberdeenshire", "ayrshire",
    "glamorgan", "gwent", "gwynedd", "powys", "dyfed", "clwyd", "pembrokeshire", "carmarthenshire", "flintshire",
})


def uk_county(text: str) -> bool:
    """``text`` is a UK county's name alone ("Essex", "West Sussex")."""
    return text.strip(" .,").lower() in UK_COUNTIES


def parse_address(lines: list[str]) -> tuple[Party, str | None]:
    """Name, street, postcode, city and country from an address's lines, and a doubt (or None). The
    first line is the name (an attention line, "Attn: Dr. Miller", "À l'attention de M. Dupuis", "z. Hd.
    Frau Weber", is the address's contact, no line of it) unless it starts with a house number ("720 N Water St, Milwaukee, WI
    53202": no name, the customer's own); a last line holding street and place is split at its commas."""
    if lines and lines[0].startswith(":"):  # "Lieu de livraison  : DUPONT ...": the label's colon set apart
        lines = [lines[0].lstrip(" :"), *lines[1:]]
    if len(lines) > 1 and any(line.rstrip().endswith(",") for line in lines[:-1]):
        lines = inline_parts(" ".join(lines))  # one typed line wrapped in its narrow cell: its commas part it
    if not any(any(c.isalnum() for c in line) for line in lines):  # "Ship to:" / "," / ",": nothing to read
        return Party(role="ship_to"), "nothing readable under the label"
    if _place(lines[-1]) is None and len(inline_parts(lines[-1])) > 1:  # "88 Redwood Hwy, Eureka, CA 95501"
        lines = lines[:-1] + inline_parts(lines[-1])
    contact = next((m.group("who").strip(" .,;") for line in lines if (m := _ATTENTION.match(line))), None)
    if contact and len(lines) > 1:  # "Attn: Dr. Miller", "z. Hd. Frau Weber": the contact, no line of the address
        lines = [line for line in lines if not _ATTENTION.match(line)]
    country = _COUNTRIES.get(lines[-1].strip(" .").lower()) if len(lines) > 1 else None
    body = lines[:-1] if country else lines
    if len(body) > 3 and _BARE_POSTCODE.fullmatch(body[-1].strip()) and uk_county(body[-2]) and _town(body[-3]):
        body = body[:-2] + [body[-1]]  # "Harlow" / "Essex" / "CM20 2DG": the county between town and postcode
    if len(body) > 2 and _BARE_POSTCODE.fullmatch(body[-1].strip()) and (
            _town(body[-2]) or _IE_DISTRICT.match(body[-2].strip())):
        body = body[:-2] + [f"{body[-2]} {body[-1].strip()}"]  # "Uckfield" / "TN22 1QL": the town over its postcode
    if _place(body[-1]) is None and (split := _street_then_place(body[-1])) is not None:
        body = body[:-1] + split  # "12 RUE DES LILAS 69003 LYON": a fixed-width print's value lines run together
    place = _place(body[-1]) if len(body) > 1 else None
    named = not (place and (body[0][:1].isdigit() or _UNIT.match(body[0])
                            or _numbered_street(inline_parts(body[0])[0])))
    party = Party(role="ship_to", name=body[0] if named else None, contact=contact)
    street = ", ".join(body[1 if named else 0:-1 if place else None]) or None
    party.street = street
    if place is None:
        return party, ("no street and no postcode with city" if len(body) == 1 else
                       "its last line is no postcode and city of a known shape (US, UK, IE, FR/DE)")
    party.postcode, party.city, party.country = place[0], place[1], place[2] or country
    if _COUNTY.match(party.city or "") and street and "," in street:  # "Rathcoole, Co. Dublin D24 K2W8": the town
        street, town = street.rsplit(",", 1)
        party.street, party.city = street.strip(), f"{town.strip()}, {party.city}"
    return party, None if party.street else "no street line"


_NUMBERED_STREET = re.compile(
    r"^[^\W\d_][\w.'\- ]*?(?:stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|street|road|st\.?|rd\.?"
    r"|avenue|ave\.?|lane|drive|way|quay)\s+\d{1,4}\s?[a-z]?$", re.IGNORECASE)


def _numbered_street(text: str) -> bool:
    """``text`` is a street and its house number ("Werkstraße 7", "Am Hafenweg 12a", "Quay Road 4"): the first of
    two lines over a place line is then the street, no name ("WERKSTRASSE 7, TOR 3" / "20095 HAMBURG")."""
    first = fold(text.strip().split(" ", 1)[0]).lower().strip(" :,")
    if SITE_WORDS.match(first):  # "Baustelle Musterweg 5": a site word, then its street: the name is the site
        return False
    return bool(_NUMBERED_STREET.match(text.strip()))


def _street_then_place(text: str) -> list[str] | None:
    """A street and its postcode and town on one line, no comma between ("12 RUE DES LILAS 69003 LYON"): the two."""
    words = text.split()
    for j in range(len(words) - 1, 1, -1):
        head, tail = " ".join(words[:j]), " ".join(words[j:])
        if tail[:1].isdigit() and _place(tail) is not None and is_street(head):
            return [head, tail]
    return None


def _town(text: str) -> bool:
    """A line that may be a town's name alone: letters, a word or three, no street."""
    return (not any(c.isdigit() for c in text) and 0 < len(text.split()) <= 3 and not is_street(text)
            and text.strip(" .").lower() not in _COUNTRIES)


def _eu_place(prefix: str | None, postcode: str, city: str) -> tuple[str, str, str | None] | None:
    """A European place line's (postcode, city, country): the country from the letters before the
    postcode ("D-", "F-", "A-", "B-") where they fit its length, from a country name after the city
    ("Lyon, France", "Wien Österreich") or from "CEDEX" (France); else unknown."""
    country = None
    bracket = re.fullmatch(r"(.+?)\s*\(([^)]+)\)", city)  # "80331 München (Germany)"
    if bracket and bracket.group(2).strip().lower() in _COUNTRIES:
        city, country = bracket.group(1), _COUNTRIES[bracket.group(2).strip().lower()]
    if prefix:
        named, digits = _PREFIXES.get(prefix, (None, 0))
        if named is None or digits != len(postcode) or (country and country != named):
            return None
        country = named
    head, _, tail = city.rpartition(",") if "," in city else city.rpartition(" ")
    named = _COUNTRIES.get(tail.strip(" .").lower()) if head.strip() else None
    if named and len(tail.strip()) > 2:
        country, city = country or named, head.strip(" ,")
    if _CEDEX.search(city):
        country = country or ("FR" if len(postcode) == 5 else None)
    return postcode, city, country


_POSTCODE_SHAPES = {"FR": r"\d{5}", "DE": r"\d{5}", "IT": r"\d{5}", "ES": r"\d{5}", "AT": r"\d{4}",
                    "BE": r"\d{4}", "CH": r"\d{4}", "LU": r"\d{4}", "DK": r"\d{4}", "NL": r"\d{4}\s?[A-Z]{2}",
                    "US": r"\d{5}(?:-\d{4})?", "GB": _UK_CODE}


def postcode_fits(country: str, postcode: str) -> bool:
    """``postcode`` has the shape of ``country``'s postcodes (FR/DE "69003", AT/BE/CH "1010", ...)."""
    shape = _POSTCODE_SHAPES.get(country.upper())
    return bool(shape and re.fullmatch(shape, postcode.strip().upper()))


def postcode_goes_on(place_line: str, text: str) -> bool:
    """``text`` is the postcode alone of a place line that has none ("Dublin 22" over its Eircode "D22 X0Y1",
    "Uckfield" over "TN22 1QL"): the address goes on past the place line."""
    placed = _place(place_line)
    return placed is not None and placed[0] is None and bool(_BARE_POSTCODE.fullmatch(text.strip()))


def place_of(text: str) -> tuple[str | None, str, str | None] | None:
    """(postcode, city, country) of a place line of a known shape ("22525 Hamburg", "Leeds LS1 4AB"), or None."""
    return _place(text)


def is_street(text: str) -> bool:
    """``text`` looks like a street line: a house number beside a name, or a street word."""
    return bool(re.search(r"\d", text) and re.search(r"[^\W\d_]{3}", text)) or any(
        _STREET_WORD.search(w) for w in text.split())


def country_of(text: str) -> str | None:
    """The ISO code of a country name in English, French or German ("Allemagne", "Österreich"), or None."""
    return _COUNTRIES.get(text.strip(" .").lower())


def _place(text: str) -> tuple[str | None, str, str | None] | None:
    """(postcode, city, country) of a place line, or None when it has none of the known shapes."""
    text = text.strip().rstrip(".")
    m = _US.match(text)
    if m and m.group("st") in _US_STATES:
        return m.group("zip"), m.group("city").strip(" ,"), "US"
    m = _IE.match(text) or _IE_FIRST.match(text)
    if m:
        return f"{m.group('pc')} {m.group('unit')}", m.group("city").strip(" ,"), "IE"
    m = _IE_DISTRICT.match(text)
    if m:
        return None, m.group("city"), "IE"
    m = _UK.match(text)
    if m and (m.group("before") or m.group("after")):
        return m.group("pc"), (m.group("before") or m.group("after")).strip(" ,"), "GB"
    m = _NL.match(text)
    if m and not _STREET_WORD.search(m.group("city")):
        return f"{m.group('pc')} {m.group('letters')}", m.group("city").strip(" ,"), "NL"
    cedex = _CEDEX.search(text)  # "69003 LYON CEDEX 03"
    m = _EU.match(text[:cedex.start()] if cedex else text)
    if m and not _STREET_WORD.search(m.group("city").strip()):
        city = m.group("city").strip(" ,") + (cedex.group(0) if cedex else "")
        return _eu_place(m.group("cc"), m.group("pc"), city)
    sentence = re.match(r"^(.+?)\.\s+[A-ZÀ-Þ]", text)  # "4000 Liège. Paiement à 30 jours."
    return _place(sentence.group(1)) if sentence else None

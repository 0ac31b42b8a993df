"""A delivery address typed in an e-mail: "Ship to: Great Lakes Facilities, 455 N Cityfront Plaza
Dr, Chicago, IL 60611" on one line, or a label alone ("Lieferadresse:", "Adresse de livraison :",
"Deliver to:") over the address's lines up to the next blank line.

The address is parsed as a printed one is (``extractors.capture.ship_to.parse_address``); one whose
lines do not give a street and a postcode with its city is kept and held (``SHIP-TO-UNSURE``), never
dropped: an order that names a delivery address must not go out to the customer's main address. The
lines of the block are the address's, not unread order lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.capture.address_blocks import BLOCKS_ELEMENT
from extractors.capture.ship_to import names_paperwork, names_their_customer, parse_address, place_of
from extractors.locale_values import fold
from extractors.mail.body_lines import NUMBER_WORDS, is_item_code
from extractors.own_company import OwnCompany
from extractors.typed_remarks import as_usual, remark
from gateway.model import Party, Problem

_LABELS = (r"ship(?:ping)?[ -]?to|deliver(?:y)? to|delivery address|shipping address|delivery location"
           r"|please (?:ship|deliver) to|lieferadresse|lieferanschrift|anlieferadresse|anlieferung an|liefern an"
           r"|lieferung an|warenempf(?:ä|ae|a)nger|bitte liefern an|adresse de livraison|lieu de livraison"
           r"|(?:à |a )?livrer (?:à|a)|livraison (?:à|a)|merci de livrer (?:à|a)")
# "Abweichende Lieferadresse:", "Please deliver to the following address:": up to three words before the label
_LABEL = re.compile(rf"^\s*(?:[-*•]\s*)?(?:[^\W\d][\w'’-]*\s+){{0,3}}?(?:{_LABELS})\b\s*(?P<colon>[:：])?\s*(?P<rest>.*?)\s*$",
                    re.IGNORECASE)
# "identique à l'adresse de facturation", "same as the billing address", "same as bill-to", "wie Rechnungsanschrift",
# "gleiche Adresse wie Rechnung": no delivery address of its own, the customer's (as "as usual")
_AS_BILLING = re.compile(
    r"^(?:(?:the\s+)?same\s+as\s+(?:the\s+|our\s+)?(?:billing|invoic(?:e|ing)|bill[\s-]?to)(?:\s+address)?"
    r"|identique\s+(?:(?:a|à)\s+(?:l['’]\s?adresse\s+de\s+|la\s+)?)?facturation|m[eê]me\s+adresse\s+que\s+(?:la\s+)?"
    r"facturation|(?:wie|gleich(?:e)?\s+(?:adresse\s+)?wie)\s+(?:die\s+)?rechnung(?:s(?:anschrift|adresse))?"
    r"|(?:wie|=)\s+rechnungs(?:anschrift|adresse))\s*[.!]?$", re.IGNORECASE)
# "our Chicago address as usual", "notre adresse de Paris comme d'habitude", "unsere Adresse in München wie immer":
# the usual address, named by its town (the gateway compares the town with the customer's on file)
_USUAL_WORDS = (r"as\s+usual|as\s+always|as\s+before|comme\s+d.habitude|comme\s+toujours|habituelle?|wie\s+immer"
                r"|wie\s+(?:ü|ue|u)blich|wie\s+gewohnt|(?:ü|ue|u)bliche")
_USUAL_PLACE = re.compile(
    rf"^(?i:(?:to\s+)?our|(?:à\s+|a\s+)?notre|(?:an\s+)?unsere)\s+(?:(?P<before>[A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)\s+)?"
    rf"(?i:address|adresse|anschrift)(?:\s+(?:de|d'|à|a|in)\s*(?P<after>[A-ZÀ-Ý][\w'-]+(?:[\s-][A-ZÀ-Ý][\w'-]+)?))?"
    rf"\s*,?\s*(?i:{_USUAL_WORDS})\s*[.!]?$")
USUAL_PLACE_ELEMENT = "ship_to.usual_place"
# "please deliver to our Brussels address", "an unsere Adresse in Brüssel", "à notre adresse de Bruxelles", "to our
# address in Antwerp", "unsere Münchner Adresse", with or without "as usual" and anywhere in a sentence: the customer's
# address named by its town, which the gateway compares with the town on file (outside trial: "our Brussels address"
# went out to the customer's Antwerp address untouched)
_TOWN = r"[A-ZÀ-Ý][\w'’-]+(?:[\s-][A-ZÀ-Ý][\w'’-]+)?"
_TOWN_ADDRESS = re.compile(
    rf"\b(?i:our|notre|unser(?:e[mnr]?)?)\s+(?:(?P<before>{_TOWN})\s+)?(?i:address|adresse|anschrift|lieferadresse"
    rf"|adresse\s+de\s+livraison|delivery\s+address)(?:\s+(?i:de|d'|à|a|in|im|en|at)\s*(?P<after>{_TOWN}))?")
# "Dock 4, receiving 7am-3pm", "Tor 3, Warenannahme 7-15 Uhr", "quai 2": where and when at the usual address
_DOCK = re.compile(r"\b(?:dock|gate|door|bay|ramp|rampe|tor|quai|porte|receiving|warenannahme|reception)\b", re.IGNORECASE)
# a dock's or gate's own number ("Dock 4", "Tor 3", "bay B2") and a time or its span ("7am-3pm", "7-15 Uhr", "08:00-16:00")
_DOCK_ID = re.compile(r"^[A-Z]?\d{0,3}[A-Z]?$", re.IGNORECASE)
_HOURS = re.compile(r"\b\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|h|uhr)?(?:\s*(?:-|–|to|bis|a|à)\s*\d{1,2}(?:[:.h]\d{2})?\s*"
                    r"(?:am|pm|h|uhr)?)?\b", re.IGNORECASE)
# the words a handling note may hold besides its dock and hours
_HANDLING = frozenset("receiving reception warenannahme annahme hours opening open only nur uhr am pm from to until bis "
                      "von ab de a between and und et mon fri sat monday friday mo fr weekdays werktags please bitte use "
                      "the rear back side main entrance eingang entree heures horaires ouverture deliveries delivery "
                      "lieferung lieferungen livraison livraisons goods inwards im au la le du des at via uber par".split())


def handling_note(rest: str) -> bool:
    """Whether a label's text is only a dock/gate/reception word with its number and receiving hours ("Dock 4,
    receiving 7am-3pm", "Tor 3, Warenannahme 7-15 Uhr"): a handling note at the usual address. Any other word
    ("Dock 4, Keystone Distribution Center, Springfield IL", "Reception, Harbour House, Galway") names a place."""
    if not _DOCK.search(rest):
        return False
    words = re.findall(r"[^\W_]+", fold(_HOURS.sub(" ", rest)).lower())
    kept = [w for k, w in enumerate(words)
            if not (_DOCK.fullmatch(w) or (_DOCK_ID.match(w) and k and _DOCK.fullmatch(words[k - 1])))]
    return all(w in _HANDLING for w in kept)


_BRACKETED = re.compile(r"\(([^()]*\d[^()]*)\)")  # "to our Leeds branch (12 Wellington Street, Leeds LS1 4DL)"
# a place line's postcode: "69200 Vénissieux", "D-71254 Ditzingen", "LS1 4DL", "MA 02127" (not a date's year)
_PLACE = re.compile(r"(?:(?<![\w./-])(?:[A-Z]{1,2}-)?\d{4,5}\s+(?-i:[A-ZÀ-Ý][a-zà-ÿ])|\b[A-Z]{1,2}\d[\dA-Z]?\s?\d[A-Z]{2}\b"
                    r"|\b(?!PO\b)[A-Z]{2}\s+\d{5}(?:-\d{4})?\b)")  # "PO 77140" is no state and ZIP
_OTHER_LABEL = re.compile(r"^\s*[^\W\d][\w .'/-]{1,30}\s*[:：](?:\s|$)")  # "PO:", "Bill to:", "Delivery date:"
_ITEM = re.compile(r"^\s*(?:[-*•]\s*)?\d+(?:[.,]\d+)?\s*(?:x|×|pcs|stk|st\.?|pce?s?)\b", re.IGNORECASE)
MAX_LINES = 6
# "Attn: Jane Doe", "Attention: Receiving Dept.", "FAO J. Smith", "z. Hd. Herrn Schulz", "zu Händen von Frau Roth",
# "À l'attention de Mme Martin", "A l'att. de M. Blanc": the person or desk the goods are for, no address line
_ATTENTION = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:attn\.?|att\.|attention(?:\s+of)?|for\s+the\s+attention\s+of|f\.?a\.?o\.?|c/o\s+attn"
    r"|z\.\s?h(?:d|\.)\.?|zhd\.?|zu\s+h(?:ä|ae|a)nden(?:\s+von)?|(?:à|a)\s+l['’]?\s?att(?:ention|n?\.)?(?:\s+de)?)"
    r"(?:\s*[:.,-]\s*|\s+)(?P<who>[^\W\d_].{1,60}?)\s*[,;]?\s*$", re.IGNORECASE)


@dataclass
class TypedShipTo:
    party: Party | None = None
    doubt: str | None = None
    lines: set[str] = field(default_factory=set)  # the block's lines (stripped), not order lines
    in_sentence: bool = False  # found in a sentence: an item read on that line stays an item
    blocks: tuple[str, ...] = ()  # unlabelled address blocks, for the gateway to compare with the customer's
    usual_place: str | None = None  # "our Chicago address as usual": the town, for the gateway to compare

    def claimed(self) -> set[str]:
        """The lines that are the address's only: not a sentence that also names items."""
        return self.lines if not self.in_sentence or self.blocks else {
            line for line in self.lines if not re.search(r"[A-Za-z]+-?\d|\d+\s*x\s", line)}

    def problems(self) -> list[Problem]:
        if self.doubt is None:
            return []
        if self.usual_place:
            return [Problem(code="SHIP-TO-UNSURE", severity="warning", element=USUAL_PLACE_ELEMENT,
                            message=f"the goods go to the usual address, named by its town [{self.usual_place}]: "
                                    f"another site unless the town is the customer's on file")]
        if self.blocks:
            return [Problem(code="SHIP-TO-UNSURE", severity="warning", element=BLOCKS_ELEMENT,
                            message=f"an address typed in the message is neither under a delivery label nor the "
                                    f"customer's own: [{'; '.join(self.blocks)}]")]
        return [Problem(code="SHIP-TO-UNSURE", severity="warning", element="ship_to",
                        message=f"a typed delivery address could not be read surely ({self.doubt}): "
                                + " / ".join(sorted(self.lines)))]


def typed_ship_to(lines: list[str], items: frozenset[str] = frozenset(), own: OwnCompany = OwnCompany()) -> TypedShipTo:
    """The first delivery address typed under a label in ``lines``, else under a sentence about delivery
    that ends in a colon; else a doubt about an address written in a sentence or an unlabelled address
    block (``items``: the lines read as order lines, never an address; ``own``: our company, whose
    address written as the letter's addressee is no delivery address)."""
    for i, line in enumerate(lines):
        found = _LABEL.match(line)
        if not found:
            if (said := _said_above(lines, i, items)) is not None:
                return said
            continue
        rest = found.group("rest").strip(" ,;")
        if _AS_BILLING.match(rest) and _typed_bill_to(lines, i):  # "Bill to: <an address>" / "Ship to: same as billing"
            return TypedShipTo(None, "the goods go to the billing address typed in the mail, not the one on file: "
                                     f"{line.strip()[:120]!r}", {line.strip()})
        if as_usual(rest) or _AS_BILLING.match(rest):  # "Ship to: same as usual", "identique à la facturation"
            return TypedShipTo(None, None, {line.strip()})
        if (usual := _USUAL_PLACE.match(rest)) and (town := usual.group("before") or usual.group("after")):
            return TypedShipTo(None, "the usual address named by its town", {line.strip()}, usual_place=town)
        if rest and handling_note(rest):
            continue  # "Deliver to: Dock 4, receiving 7am-3pm": a dock at the usual address, a handling note
        if rest.endswith((":", "：")):  # "Please deliver to the following address:" over the block
            rest = ""
        elif names_their_customer(rest):  # "Ship to: our customer" over the customer's address (findings V22)
            rest = ""
        elif rest and not found.group("colon"):
            inside = _BRACKETED.search(rest)
            if inside is None or not _PLACE.search(inside.group(1)):
                continue  # "Ship to Chicago as usual": a sentence, not a label
            rest = inside.group(1).strip(" ,;")
        block = [rest] if rest else _block(lines[i + 1:], items)
        if not block and names_their_customer(found.group("rest")):
            return TypedShipTo(None, "the goods go to the buyer's own customer, whose address is not typed under "
                                     "the label", {line.strip()})
        if not block:
            continue
        party, doubt = _read(block)
        if rest and doubt:  # "Ship to: Acme Corp" over "12 Main St" / "Springfield, IL 62701"
            longer = [rest, *_block(lines[i + 1:], items)]
            if len(longer) > 1 and (better := _read(longer))[1] is None:
                block, (party, doubt) = longer, better
        return TypedShipTo(party, doubt, {line.strip(), *(b.strip() for b in block)})
    in_sentence = _address_in_a_sentence(lines)
    if in_sentence.doubt:
        return in_sentence
    blocks = _unlabelled_blocks(lines, items, own)
    if blocks.doubt or blocks.party is not None:
        return blocks
    for line in lines:  # "please deliver to our Brussels address": the town is compared with the one on file
        named = _TOWN_ADDRESS.search(line)
        if named and (town := named.group("before") or named.group("after")) and not _NOT_A_TOWN.match(town):
            if _TOWN_EXCLUDED.search(line) or _SECOND_PLACE.search(line[:named.start()] + " " + line[named.end():]):
                return TypedShipTo(None, f"the customer's {town} address is named beside a negation or another place: "
                                         "where the goods go is not sure", {line.strip()}, in_sentence=True)
            return TypedShipTo(None, "the customer's address named by its town", {line.strip()}, in_sentence=True,
                               usual_place=town)
        if _NEW_ADDRESS.search(line):  # "please deliver to our new Antwerp address": not the one on file
            return TypedShipTo(None, "the message names a new or other address of the customer's, not typed out",
                               {line.strip()}, in_sentence=True)
    return blocks


# a town named only to be excluded, or said closed ("do not deliver to our Brussels address", "ne pas livrer à notre
# adresse de Bruxelles", "statt an unsere Adresse in Brüssel", "Our Brussels address is closed") (review revC D4)
_TOWN_EXCLUDED = re.compile(
    r"(?i)\b(?:not|n't|never|instead|rather|but|except|other\s+than|ne\s+pas|pas\s+(?:à|a|au)|plutôt|plutot|au\s+lieu|mais|sauf"
    r"|nicht|kein(?:e[nr]?)?|statt|anstatt|anstelle|sondern|außer|ausser|closed|shut|fermée?s?|geschlossen)\b")
# another place in the same sentence: "to our Antwerp warehouse", "au dépôt de Liège", "an unser Lager in Gent"
_SECOND_PLACE = re.compile(
    r"(?i)\b(?:warehouse|site|depot|dépôt|plant|branch|store|shop|office|yard|agence|entrepôt|entrepot|usine|magasin"
    r"|chantier|succursale|filiale|lager|werk|niederlassung|baustelle|standort|halle)\b")
_NEW_ADDRESS = re.compile(
    r"(?i)\b(?:our|notre|unser(?:e[mnr]?)?)\s+(?:new|other|second|alternative|temporary|nouvelle|nouveau|autre"
    r"|neue[nmr]?|andere[nmr]?|zweite[nmr]?)\s+(?:[A-ZÀ-Ý][\w'’-]+\s+)?(?:address|adresse|anschrift|lieferadresse|site"
    r"|warehouse|depot|dépôt|lager|entrepôt|standort)")


# capitalised words before "address" that name no town: "our New Address", "our Delivery address", "unsere Liefer..."
_NOT_A_TOWN = re.compile(r"(?i)(?:new|neue[nr]?|nouvelle|delivery|billing|invoice|main|head|usual|old|alte[nr]?|ancienne|"
                         r"current|e-?mail|mail|postal|post|registered|office|company|shipping|liefer|rechnungs)\b")


def _typed_bill_to(lines: list[str], at: int) -> bool:
    """Whether a line other than ``lines[at]`` types where to invoice ("Bill to: ...", "Adresse de facturation : ...")."""
    return any(k != at and (said := remark(text)) is not None and said.code == "BILL-TO-TYPED"
               for k, text in enumerate(lines))


def _said_above(lines: list[str], i: int, items: frozenset[str] = frozenset()) -> TypedShipTo | None:
    """An address block under a sentence about delivery ending in a colon ("Livraison le 16/12/2026 à
    l'adresse suivante :", "Livraison le 15/12/2026 sur notre chantier :"), a blank line allowed between:
    read as under a label when the block ends in a place line."""
    line = lines[i].strip()
    if not line.endswith((":", "：")) or not _DELIVERY_WORD.search(line) or names_paperwork(line):
        return None  # "Please send the invoice to our head office:": a billing address (findings V21)
    block = _block(lines[i + 1:], items)
    if not block or place_of(_last_part(block[-1])) is None:
        return None
    party, doubt = _read(block)
    return TypedShipTo(party, doubt, {line, *block})


def _last_part(text: str) -> str:
    return text.rsplit(",", 1)[-1].strip()


_MONTH = r"(?:jan|feb|fev|mar|apr|avr|may|mai|jun|juin|jul|juil|aug|aou|sep|oct|okt|nov|dec|dez)[a-z]*\.?"
_DAY_AND_MONTH = re.compile(rf"(?:\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\b\d{{1,2}}(?:st|nd|rd|th|er)?\.?\s+{_MONTH})\s*$")


def _year_of_a_date(text: str) -> bool:
    """The place read after the line's last comma opens with a date's year: "Placed on December 4, 2026 by Jane
    Doe" names no town "by Jane Doe" of postcode 2026."""
    head, comma, _tail = text.rpartition(",")
    return bool(comma) and bool(_DAY_AND_MONTH.search(fold(head).lower()))


def _unlabelled_blocks(lines: list[str], items: frozenset[str], own: OwnCompany) -> TypedShipTo:
    """Lines ending in a place ("25 cours Charlemagne" over "69002 Lyon", "Billbrookdeich 110, 22113
    Hamburg") with no label: held, each block shown, unless the gateway finds the customer's own address
    on file in each (``ship_to.blocks``); an address is never ignored while the order goes out."""
    blocks, claimed = [], set()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or text in items or place_of(_last_part(text)) is None or not re.search(r"[^\W\d_]{2}", text) \
                or _year_of_a_date(text):
            continue
        above = lines[i - 1].strip() if i > 0 and lines[i - 1].strip() not in items else ""
        if _counts_something(above):  # "Dazu 2 Rollen Klebeband braun": an order line, never the address's
            above = ""
        block = [b for b in (above, text) if b]
        if own and own.is_our_block(block):
            continue  # our own address, the letter's addressee
        blocks.append(" / ".join(block))
        claimed.update(block)
    if not blocks:
        return TypedShipTo()
    return TypedShipTo(None, "an address block without a delivery label", claimed, True, tuple(blocks))


_COUNT = re.compile(r"(?:^|\s)(?:\d{1,5}(?:[.,]\d+)?|%s)\s+[a-z]" % "|".join(NUMBER_WORDS))


def _counts_something(text: str) -> bool:
    """An item code, or a quantity and a noun ("Dazu 2 Rollen Klebeband", "plus two of the blue folders") not of a street
    ("25 cours Charlemagne", "12 Mill Lane"): an order line, read or not, is never an address line."""
    if any(is_item_code(t, False) for t in re.findall(r"[\w./-]+", text)):  # "Toner TK-580 bitte"
        return True
    return bool(_COUNT.search(fold(text).lower())) and not _STREET_IN_TEXT.search(text)


_DELIVERY_WORD = re.compile(r"\b(?:deliver\w*|ship\w*|livr\w*|livraison|liefer\w*|anliefer\w*|d[ée]p[oô]t|depot|"
                            r"entrep[oô]t|warehouse|branch|site|lager|filiale|agence|store|shop|plant|magasin|usine"
                            r"|chantier|werk|standort|baustelle|zweigstelle|niederlassung|send|senden|schicken"
                            r"|envoy\w*|exp[ée]di\w*|versand|zustell\w*)\b", re.IGNORECASE)
# A street written in a sentence, with no postcode: "at 12 Mill Lane, Leeds", "4 rue des Lilas à Lyon",
# "in der Hafenstraße 5 in Bremen", "Berliner Straße 12", "Industriestr. 14"
_STREET_IN_TEXT = re.compile(
    r"(?<![\w./-])\d{1,5}[a-z]?,?\s+(?:[^\W\d_][^\W\d_'’.-]*\s+){0,3}?(?:street|road|lane|avenue|drive"
    r"|way|close|court|place|park|quay|row|terrace|crescent|boulevard|square|parade|hill|gardens|walk"
    r"|highway|parkway|estate)\b"
    # abbreviated ("400 Elm St", "12 Mill Ln"), only after a name: "2 CT", "3 St" are quantities
    r"|(?<![\w./-])\d{1,5}[a-z]?,?\s+(?:(?-i:[A-Z])[^\W\d_]+\s+){1,3}(?:st|rd|ln|ave|dr|ct|pl|sq|blvd|hwy|pkwy)\b"
    r"|(?<![\w./-])\d{1,4}\s*(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|all[ée]e|place|quai|impasse"
    r"|route|cours|voie|rond-point|parc|zone|za|zi|zac|square|faubourg)\b"
    r"|(?-i:\b[A-ZÄÖÜ][a-zäöüß-]{2,}(?:stra(?:ß|ss)e|str\.|weg|allee|platz|ring|damm|gasse|ufer|chaussee|markt|steig"
    r"|pfad)|\b(?:Stra(?:ß|ss)e|Str\.|Weg|Allee|Platz|Ring|Damm|Gasse|Ufer|Chaussee|Markt))\s*\d{1,4}\s?[a-z]?\b",
    re.IGNORECASE)


_NO_POSTCODE = "a street written in a sentence about delivery, with no postcode"


def _address_in_a_sentence(lines: list[str]) -> TypedShipTo:
    """No label, but a sentence speaks of delivery and writes a place ("à notre dépôt de Vénissieux, 12 rue
    Hénaff, 69200 Vénissieux") or a street without a postcode ("please deliver to our warehouse at 12 Mill
    Lane, Leeds", "bitte an unser Lager in der Hafenstraße 5 in Bremen liefern", "livrer à notre dépôt, 4 rue
    des Lilas à Lyon"): held for a person (the gateway lets it go when it is the customer's own address),
    never dropped."""
    for line in lines:
        if _DELIVERY_WORD.search(line) and _PLACE.search(line) and any(c.isalpha() for c in line):
            return TypedShipTo(None, "a place written in a sentence about delivery", {line.strip()}, True)
    said = [i for i, line in enumerate(lines) if not _ITEM.match(line) and _DELIVERY_WORD.search(line)]
    for i in said:
        if _STREET_IN_TEXT.search(lines[i]):
            return TypedShipTo(None, _NO_POSTCODE, {lines[i].strip()}, True)
    for i in said:  # a sentence wrapped after "at": "Please deliver to our warehouse at" / "12 Mill Lane, Leeds"
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if following and not lines[i].rstrip().endswith((".", "!", "?", ":")) and not _ITEM.match(following) \
                and not any(is_item_code(t, False) for t in re.findall(r"[\w./-]+", following)) \
                and _STREET_IN_TEXT.search(f"{lines[i].strip()} {following}"):
            return TypedShipTo(None, _NO_POSTCODE, {lines[i].strip(), following}, True)
    return TypedShipTo()


def _block(after: list[str], items: frozenset[str] = frozenset()) -> list[str]:
    """The lines under a label alone, up to a blank line, another label or an item line (one of the
    shape of an item, or one the grammar read as an order line: ``items``, never an address); an
    attention line ("Attn: Jane Doe", "z. Hd. Herrn Schulz") is the block's, whatever its colon."""
    out: list[str] = []
    for line in after:
        text = line.strip()
        if not text:
            if out:
                break
            continue
        if (_OTHER_LABEL.match(text) and not _ATTENTION.match(text)) or _ITEM.match(text) or text in items \
                or len(out) == MAX_LINES:
            break
        out.append(text)
    return out


def attention(block: list[str]) -> tuple[list[str], str | None]:
    """The block without its attention line or part ("Attn: Jane Doe" on a line of its own, or between commas of a
    one-line address), and the contact it names."""
    contact, kept = None, []
    for line in block:
        parts = [p.strip() for p in line.split(",")]
        found = [p for p in parts if _ATTENTION.match(p)]
        if contact is None and found:
            contact = _ATTENTION.match(found[0]).group("who").strip(" ,;")
            rest = ", ".join(p for p in parts if p != found[0])
            if rest:
                kept.append(rest)
            continue
        kept.append(line)
    return kept, contact


def _read(block: list[str]):
    """``parse_address`` over the block without its attention line; the contact on the party."""
    kept, contact = attention(block)
    party, doubt = parse_address(kept or block)
    if contact:
        party.contact = contact
    name = party.name or ""
    street = _STREET_IN_TEXT.search(name) if party.street is None and party.postcode else None
    if street is not None and street.start() > 0:  # "Baustelle Musterweg 5", "Chantier 14 rue des Lilas"
        party.name, party.street = name[:street.start()].strip(" ,") or None, name[street.start():].strip(" ,")
        doubt = None
    return party, doubt

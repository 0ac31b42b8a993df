"""Notes on a printed or faxed order that change it: the page says more than its header and table.

A customer amends a printed order before faxing or mailing it: a title "STORNO" over the order it
cancels, "Pos. 20 entfällt - bitte nicht liefern!", "AMENDMENT: line 2 quantity to read 30, not 18",
"Please deliver this order to our warehouse: Dock 4, 85 Terminal St, Charlestown, MA 02129". The header
and table readers take the order as printed; read alone it would go out wrong. ``page_notes`` finds such
notes among a document's rows and names them as the order's problems, as the typed e-mail reader does
(``extractors.typed_remarks``):

* a cancellation: a title that is one ("Storno", "Annulation de commande", "Order cancellation"), or a
  sentence cancelling a line or the order ("Pos. 20 entfällt", "nous annulons la ligne 3", "please do
  not ship item 2"): ``CANCEL-TYPED``;
* an amendment: "amendment", "correction", "to read 30, not 18", "30 instead of 18", "statt 18 bitte 30",
  "au lieu de", "abweichender Liefertermin", a change of a date, quantity or address: ``CHANGE-TYPED``;
* a delivery place in a sentence ("please deliver this order to ..., MA 02129") whose postcode is not the
  delivery address read: ``CHANGE-TYPED`` on ``ship_to``;
* as in a typed e-mail (``extractors.typed_remarks``): a new delivery address announced ("Neue Lieferadresse
  ab sofort", "nouvelle adresse de livraison"), ``CHANGE-TYPED`` on ``ship_to``; a question on prices ("Please
  confirm prices before delivery"; a form's "confirm this order with prices" is none), ``PRICE-REQUEST``; a named
  site with no address ("for our branch in Leeds"), ``SHIP-TO-UNSURE``; on a printed page or fax, a question
  or a condition on shipping ("Before you ship, please call me to confirm the stock", "Keine Teillieferung!",
  "Can you confirm the lead time?"), ``QUESTION-TYPED``, less a form's contact line ("Questions? Call us").

An order carrying one of these is never taken for an exact copy of the order it amends
(``gateway.stages.dedup``): it reaches a person.

Terms and conditions speak of cancelling in general ("orders may be cancelled within 14 days",
"Stornierungen bedürfen der Schriftform"): a sentence of that kind (a policy, a right, a period) is none.
"""

from __future__ import annotations

from datetime import date

import re
from decimal import Decimal

from extractors.collection import collection_problem
from extractors.remark_changes import line_words, remark_change
from extractors.note_terms import money_term, note_term, price_in_row, said_dates
from extractors.delivery_words import DELIVERY_STEMS
from extractors.locale_values import fold
from extractors.weekdays import FULL_WEEKDAY
from extractors.change_requests import change_request
from extractors.named_sites import site_in_words, site_place_words
from extractors.typed_remarks import (condition_beside_notice, new_place, notice_condition, page_question, partial_condition,
                                      price_request, site_remark)
from extractors.capture.side_tables import TITLE_ROWS, information_title
from extractors.capture.words import Row, Word
from gateway.model import ExtractedOrder, Problem

BLOCKS_ELEMENT = "ship_to.blocks"  # address_blocks.BLOCKS_ELEMENT (that module reads this one)

_CANCEL_TITLE = re.compile(r"^\W*(?:order\s+|bestell|auftrags)?(?:storno|stornierung|annulation(?:\s+de\s+(?:la\s+)?commande)?"
                           r"|cancell?ation(?:\s+notice)?|order\s+cancell?ation|commande\s+annulee"
                           r"|annulee?|cancell?ed|storniert|order\s+cancell?ed)"
                           # the number of the order cancelled printed on the title's line: "Annulation de
                           # commande n°P00094" (Odoo), "Order cancellation #4500012", "Storno 4711"
                           r"(?:\s*(?:n[°or]\.?|nr\.?|number|nummer|#|:)?\s*[a-z]{0,4}[\w/-]*\d[\w/-]*)?"
                           r"\W*$")  # a stamp: "ANNULÉ", "CANCELLED"
_CANCEL = re.compile(r"\b(?:cancel(?:s|led|ed|ling)?|annul(?:er|ez|ons|e|ee|ees)|storn(?:o|ieren|iert|ierung)"
                     r"|entfall(?:t|en)|gestrichen|streichen)\b|\bbitte\s+nicht\s+liefern\b|\bne\s+pas\s+livrer\b"
                     r"|\b(?:do\s+not|don'?t)\s+(?:ship|deliver|send)\b|\bno\s+longer\s+(?:need|required)\b")
# a cancelling word proper (not a "do not ship / nicht liefern / ne pas livrer", which may only set a condition)
_CANCEL_VERB = re.compile(r"\b(?:cancel(?:s|led|ed|ling)?|annul(?:er|ez|ons|e|ee|ees)|storn(?:o|ieren|iert|ierung)"
                          r"|entfall(?:t|en)|gestrichen|streichen)\b|\bno\s+longer\s+(?:need|required)\b")
# a time or a partial-delivery condition after "do not ship / deliver": "before 15.12.", "in part", "vor dem", "avant le"
_CONDITION = re.compile(r"\b(?:before|until|till|prior\s+to|earlier\s+than|in\s+parts?|partial(?:ly)?|separately"
                        r"|split|avant|jusqu\w*|partiel\w*|separement|en\s+plusieurs|vor|bis|teilweise|getrennt"
                        r"|in\s+teilen|teilliefer\w*)\b")
# What a note must name to concern this order: one of its lines ("Pos. 20", "line 2", "ligne 3", one of its
# item codes) or the order itself as ours ("unsere Bestellung", "our order", "notre commande", "this order")
_LINE_REF = re.compile(r"\b(?:pos|position|line|ligne|zeile|item|article|artikel|art)\.?\s*(?:n[or]\.?\s*)?\d+")
# a count given to a line in a note ("make line 1 qty 60", "Pos. 2 Menge 30", "ligne 1 : quantité 12")
_LINE_COUNT = re.compile(r"\b(?:qty|quantity|quantite|qte|menge|anzahl|stuck|stk|pcs|pieces|make|mettre|passer|auf)\b\W{0,3}\d")
# a price agreed or given in a note ("prix convenu 2,50 €", "agreed price 2.50", "Preis wie vereinbart 2,50")
_AGREED_PRICE = re.compile(r"\b(?:prix|price|preis|tarif)\b[^.;]{0,25}\b(?:convenu|agreed|vereinbart|negocie|accorde|special|spezial"
                           r"|sonderpreis|nego)\b[^.;]{0,25}\d|\b(?:agreed|special|sonder|negotiated)\s*-?\s*price\b[^.;]{0,25}\d")
_OWN_ORDER = re.compile(r"\b(?:unsere[nr]?|diese[nr]?|our|this|notre|cette|hiermit)\s+(?:\w+\s+)?(?:bestellung|auftrag"
                        r"|order|commande|purchase\s+order|po)\b(?!\s*(?:number|no\b|nr|nummer|numero|n°))")
_ORDER_WORD = re.compile(r"\b(?:bestellung|auftrag|order|commande|purchase\s+order|po)\b")
# A note about ANOTHER order: one this order replaces ("This order replaces PO 4500-7613", "remplacée par
# celle-ci", "ersetzt Bestellung 4711") or one named by a number that is not this order's
_ORDER_WORDS = r"(?:bestellung|auftrag|order|commande|purchase\s+order|po)"
_REPLACES_ORDER = re.compile(r"\b(?:replac(?:es|ed|ing)?|supersed(?:es|ed|ing)|ersetz(?:t|en|te)|remplac(?:e|ee|ant|ent))"
                             r"\s+(?:\w+\s+){0,3}?" + _ORDER_WORDS + r"\b"
                             r"|\b" + _ORDER_WORDS + r"\b[^.;:]{0,40}?\b(?:replaced|ersetzt|remplacee?)\s+(?:by|par|durch)\b")
_ORDER_NUMBER = re.compile(r"\b" + _ORDER_WORDS + r"\s*(?:n[or]\.?|n°|nr\.?|number|nummer|numero|#|:)?\s*"
                           r"([a-z0-9][\w/-]*\d[\w/-]*)")
_ROW_CANCEL = re.compile(r"\b(?:cancell?ed|annule[es]?|storniert|entfallt|gestrichen|nicht\s+liefern"
                         r"|ne\s+pas\s+livrer|do\s+not\s+(?:ship|deliver))\b")
_POLICY = re.compile(r"\b(?:polic(?:y|ies)|politique|terms|conditions|cgv|agb|widerruf\w*|may|might|peut|peuvent"
                     r"|kann|konnen|within|innerhalb|delai\s+de|right|droit|recht|schriftform|written|ecrit"
                     r"|fees?|frais|gebuhr\w*|subject\s+to|vorbehalt\w*|reserve|must|shall|muss|mussen|doit|doivent"
                     r"|factur\w*|charged|berechnet|invoices?|rechnung\w*|confirmation|bestatigung|hours|horaires"
                     r"|offnungszeiten|uhr)\b|\b\d{1,2}\s*(?:h|am|pm|uhr)\b")
# A cancellation asked of the supplier, in any clause of a note, conditional or not: "si le toner est en rupture,
# merci de l'annuler", "annulez-les", "please cancel it", "do not substitute - cancel that line", "Position bitte
# stornieren", "stornieren Sie ...": the customer's request, however it names the goods (a pronoun, a product word)
_CANCEL_ASKED = re.compile(
    r"\b(?:please|pls|kindly|then)\s+(?:just\s+|simply\s+)?(?:cancel|remove|delete|drop)\b"
    r"|\b(?:cancel|remove|delete|drop)\s+(?:it|them|that|this|those|these|the\s+(?:line|item|position|rest|order))\b"
    r"[^.;]{0,40}\bplease\b|(?:^|[,;:(]|\s[-\u2013\u2014]|\bthen)\s*(?:cancel|remove|delete)\s+(?:it|them|that|this|those|these"
    r"|the\s+(?:line|item|position|order))\b"
    r"|\bannulez\b|\bsupprimez\b|\bretirez\b"
    r"|\b(?:merci|veuillez|priere|svp|s'il\s+vous\s+plait)\s*(?:de\s+|d')?(?:l'|la\s+|le\s+|les\s+)?(?:annuler|supprimer|retirer)\b"
    r"|\b(?:l'|les\s+|la\s+|le\s+)(?:annuler|supprimer)\b"
    # "la retirer" is also to collect it ("nous passerons la retirer au dépôt"): only off the order
    r"|\b(?:l'|les\s+|la\s+|le\s+)retirer\s+(?:de|du|des)\s+(?:la\s+|votre\s+|notre\s+|cette\s+)?(?:commande|bon|liste)"
    r"|\b(?:stornieren|streichen|entfernen)\s+sie\b"
    r"|\bbitte\b[^.;]{0,60}\b(?:stornieren|streichen|entfernen)\b|\b(?:stornieren|streichen)\b[^.;]{0,20}\bbitte\b"
    r"|\b(?:soll|sollen|bitte)\b[^.;]{0,60}\b(?:storniert|gestrichen)\s+werden\b"
    # an infinitive closing a clause, as notes give orders: "wenn nicht da, streichen", "si rupture : annuler"
    r"|[,:;]\s*(?:\w+\s+){0,2}(?:stornieren|streichen|entfernen|annuler|supprimer|retirer)\s*[.!]*$")


# goods missing or late, the condition of a cancellation: "en cas de rupture, la ligne sera annulée", "wenn nicht
# lieferbar: Artikel streichen", "out of stock? just drop it"
_UNAVAILABLE = re.compile(r"\b(?:rupture|indisponibles?|pas\s+(?:en\s+stock|disponibles?|livrables?)|epuise\w*|en\s+retard"
                          r"|out\s+of\s+stock|not\s+(?:in\s+stock|available)|unavailable|back\s*-?\s*order\w*|sold\s+out"
                          r"|can(?:not|'t)\s+(?:ship|deliver|supply)|nicht\s+(?:lieferbar|verfugbar|vorratig|rechtzeitig|auf\s+lager)"
                          r"|nicht\s+(?:da|vorhanden)|pas\s+dispo|ausverkauft|vergriffen|lieferengpass|later|spater|apres\s+le|after\s+the"
                          r"|nach\s+dem)\b")
_DROP = re.compile(r"\b(?:drop|remove|delete|supprim\w*|retir\w*|entfernen|entfernt|weglassen|forget|oubliez"
                   r"|vergessen)\b")
# goods or a line the customer stops, however put: "N'envoyez pas les stylos", "ne les envoyez pas", "Die Stifte bitte
# nicht mehr liefern", "Do not ship the pens", "Pos. 2 entfällt", "Drop line 2" (a time or a partial delivery after
# it is a condition, ``_CONDITION``, read elsewhere)
_GOODS_STOPPED = re.compile(
    r"\bn'?\s*envoye[zr]\s+(?:pas|plus)\b|\bne\s+(?:les\s+|le\s+|la\s+|l'|nous\s+|me\s+)*(?:les\s+|le\s+|la\s+|l')?"
    r"envoye[zr]\s+(?:pas|plus)\b|\bne\s+(?:les\s+|le\s+|la\s+|l')?(?:livrez|expediez)\s+(?:pas|plus)\b"
    r"|\bnicht\s+mehr\s+(?:liefern|senden|schicken|versenden)\b|\bkeine\s+\w+\s+mehr\s+(?:liefern|senden|schicken)\b"
    r"|\b(?:do\s+not|don'?t|please\s+don'?t)\s+(?:ship|send|deliver)\s+(?:the|any|those|these|them|it|line|item|pos\w*)\b"
    r"|\b(?:pos(?:ition)?|line|ligne|zeile|item|article)\.?\s*(?:n[o°r]\.?\s*)?\d+\s*(?::\s*)?(?:entfallt|entfallen"
    r"|streichen|gestrichen|storniert|annulee?|supprimee?|cancel+ed)\b"
    r"|\b(?:drop|delete|remove|cancel|supprimez|annulez|streichen\s+sie)\s+(?:the\s+)?(?:line|item|pos(?:ition)?|ligne"
    r"|article)\.?\s*\d+\b")


def goods_stopped(folded: str) -> bool:
    """Whether a note stops goods or a line (``_GOODS_STOPPED``), not the invoice or a time."""
    return any(not _NO_GOODS_OBJECT.search(folded[m.start():m.end() + 30])
               and not _CONDITION.search(folded[m.start():m.end() + 30]) for m in _GOODS_STOPPED.finditer(folded))


# a short note's asking or conditional word beside a cancelling one: "sonst stornieren", "bitte streichen",
# "cancel if OOS", "sinon annuler" ("Cancel order" alone is a web page's button)
_SHORT_ASK = re.compile(r"\b(?:sonst|bitte|falls|wenn|if|otherwise|else|please|pls|si|sinon|svp|merci)\b")


_SUBSTITUTE = re.compile(r"\b(?:instead|a\s+la\s+place|stattdessen|nachfolge\w*|successor|upgrade|superieure?s?"
                         r"|hoherwertig\w*|substitut\w*|remplac\w*|ersatz(?!los|teil|mine|akku|batterie|filter|klinge)\w*|ersetz\w*|alternativ\w*|equivalent\w*|gleichwertig\w*"
                         r"|aquivalent\w*|similar|similaire|vergleichbar\w*)\b")
_MISSING = re.compile(r"\b(?:nicht\s*verfugbarkeit|nichtverfugbarkeit|nicht\s*lieferbarkeit|indisponibilite|unavailability"
                      r"|en\s+cas\s+de\s+rupture|if\s+(?:it\s+is\s+|they\s+are\s+)?(?:out|unavailable|not\s+available))\b")


# to be asked before a substitute is sent: "merci de nous prévenir avant toute substitution", "vor einem Ersatz
# bitte Rücksprache" ("Ersatzteile vor 12 Uhr", "similar to our last order, deliver before noon" ask nothing)
_ASK_BEFORE = re.compile(r"\b(?:avant|before|vor)\s+(?:\w+\s+){0,2}(?:substitut|remplac|ersatz|ersetz|alternativ|equivalent)")
# what a "remove / drop / delete / entfernen / supprimer" near it makes no goods of the order: the packaging, the
# parcels at goods-in, an address on file, the e-mail itself
_NO_GOODS_OBJECT = re.compile(r"\b(?:packag\w*|wrap\w*|shrink|films?|folie\w*|verpackung\w*|umverpackung\w*|emballage\w*"
                        r"|etiquet\w*|etikett\w*|labels?|parcels?|colis|pallets?|palett\w*|adress\w*|address\w*"
                        r"|fichiers?|files|records|sender|expediteur|absender|off|goods-?in|gate|dock|quai|rampe"
                        r"|bon\s+de\s+livraison|lieferschein\w*|delivery\s+notes?|preise?|prices?|prix|factures?|invoices?"
                        r"|rechnung\w*)\b")
# an e-mail disclaimer's "if you received this in error, please delete it"
_DISCLAIMER = re.compile(r"\b(?:in\s+error|by\s+mistake|par\s+erreur|irrtumlich|fehlgeleitet|intended\s+recipient"
                         r"|notify\s+the\s+sender|destinataire|confidential\w*|vertraulich\w*)\b")
# product words a cancelling or substitute word is part of: "Storno-Set", "Ersatzmine"
_PRODUCT_WORDS = re.compile(r"\bstorno\s*-?\s*(?:sets?|kits?|blocks?|formular\w*|belege?)\b")


def _cancel_match(folded: str) -> bool:
    """A ``_CANCEL_ASKED`` match whose object is goods or the order (not the packaging, the parcels, an address)."""
    if _DISCLAIMER.search(folded):
        return False
    return any(not _NO_GOODS_OBJECT.search(folded[m.start():m.end() + 25]) for m in _CANCEL_ASKED.finditer(folded))


def substitution_asked(folded: str) -> bool:
    """Whether a note asks for (or forbids without asking first) a substitute for goods missing: "si le toner est en
    rupture, remplacez-le par le modèle XL", "falls nicht lieferbar, bitte gleichwertigen Ersatzartikel liefern",
    "if out of stock, substitute with an equivalent", "merci de nous prévenir avant toute substitution"."""
    folded = folded.replace("\u2019", "'")
    return bool(_SUBSTITUTE.search(folded) and (_UNAVAILABLE.search(folded) or _MISSING.search(folded)
                                                 or _ASK_BEFORE.search(folded))
                and not _MAY.search(folded))


def cancel_asked(folded: str) -> bool:
    """Whether a folded note asks the supplier to cancel or remove goods or the order (``_CANCEL_ASKED``), or
    cancels them should they be missing or late (a condition, a cancelling word, no seller's term "may")."""
    folded = _PRODUCT_WORDS.sub("set", folded.replace("\u2019", "'"))
    if _cancel_match(folded) or goods_stopped(folded):
        return True
    return bool((_CANCEL_VERB.search(folded) or _DROP.search(folded)) and _UNAVAILABLE.search(folded)
                and (_IF.search(folded) or "?" in folded or ":" in folded) and not _MAY.search(folded))


# a note saying a line stays as it was, and nothing else: "No changes to order line", "unchanged", "keine Änderung",
# "pas de changement", "sans changement" (a change message's line restated)
_NOTHING_CHANGES = re.compile(r"(?:no\s+changes?|unchanged|keine\s+anderung(?:en)?|unverandert|pas\s+de\s+changement"
                              r"|sans\s+changement|inchangee?s?)(?:\s+(?:to|of|on|for|an|der|de|du|a|la|in)\s+"
                              r"(?:the\s+|this\s+|la\s+|der\s+|dieser\s+|cette\s+)?(?:order\s+|bestell)?(?:line|position|ligne"
                              r"|zeile|item|article|artikel|positionen)s?)?\W*")
_LINE_PREFIX = re.compile(r"^line\s+\d+\s*:\s*")
_MAY = re.compile(r"\b(?:may|might|reserves?|right|droit|peut|peuvent|kann|konnen|recht|vorbehalt\w*|entitled|berechtigt)\b")
_IF = re.compile(r"\b(?:if|unless|in case|in the event|should|si|en cas|faute de|falls|wenn|sofern|sollte)\b")
_AMEND = re.compile(r"\b(?:amend(?:ed|ment)?|corrige[ez]?|korrigier\w*|rectifi\w*|modifie[ez]?|change[dr]?|andern"
                    r"|geandert|replace[dr]?|ersetz\w*|remplac\w*|nur|only|seulement|uniquement)\b"
                    r"|\babweichend\w*\s+(?:liefertermin|lieferdatum|termin|menge)|\bto\s+read\s+\d"
                    r"|\b(?:instead\s+of|au\s+lieu\s+de|statt|anstatt)\b|\b\d[\d.,]*\s*,?\s+not\s+\d|\(nicht\s+\d"
                    # "change OF-3312 from 18 to 30", "Menge von 18 auf 30", "passer de 18 à 30"
                    r"|\bfrom\s+\d[\d.,]*\s+to\s+\d|\bvon\s+\d[\d.,]*\s+auf\s+\d|\bde\s+\d[\d.,]*\s+a\s+\d")
_DELIVER_TO = re.compile(r"\b(?:deliver|ship|send)\s+(?:this\s+order|the\s+goods|the\s+order|it|them|everything)?\s*"
                         r"(?:\w+\s+){0,2}to\b|\blivre[rz]?\s+(?:cette\s+commande\s+|la\s+marchandise\s+)?(?:a|au|chez)\b"
                         r"|\bliefern\s+sie\s+(?:\w+\s+){0,4}(?:an|nach|zu)\b|\blieferung\s+(?:bitte\s+)?an\b"
                         r"|\banliefer\w*\s+(?:bitte\s+)?an\b"
                         # the German verb last: "bitte diese Bestellung an unser Lager Garching liefern"
                         r"|\b(?:an|nach)\s+(?:\w+\s+){1,5}(?:an)?(?:liefern|senden|schicken)\b"
                         r"|\b(?:to\s+be|be|is\s+to\s+be)\s+(?:delivered|shipped|sent)\s+to\b"
                         r"|\ba\s+livrer\s+(?:a|au|chez)\b")
_STREET = re.compile(r"\b\d+[a-z]?\s+\w+|\w+(?:str(?:asse|\.)?|weg|platz|allee|gasse)\s+\d|\b(?:rue|avenue|quai|chemin"
                     r"|boulevard|bd|st|street|road|rd|ave|lane|dock|unit)\b", re.IGNORECASE)
# a cost centre and its number: where the goods are booked, no place ("Lieferung an Kostenstelle 4310", "cost centre 12")
COST_CENTRE = re.compile(r"(?i)\b(?:kostenstelle|kst\.|cost\s+cent(?:re|er)|centre\s+de\s+co[uû]ts?|centre\s+de\s+frais)"
                         r"\s*(?:nr\.?|n°|no\.?)?\s*:?\s*[\w/.-]*\d[\w/.-]*")
_POSTCODE = re.compile(r"\b(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?|\d{5}|\d{4}|[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}"
                       r"|[A-Z]\d{2}\s?[A-Z\d]{4})\b")
# a phone number: international or trunk-prefixed, after a phone word, a North American "312-555-0100", or the
# number a call goes to ("Call 312 555 0100 before delivery", "bitte unter 089 1234567 anrufen"): never a postcode
_PHONE = re.compile(r"(?:\+|\b0)\d[\d ()/.-]{6,}\d|\b(?:tel|fax|phone|telefon)\b[^,;]*|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b"
                    r"|\b(?:call|ring|phone|anrufen|rufen|appele[rz]|telephone[rz])\s+(?:\w+\s+){0,2}?\(?\d[\d ()/.-]{6,}\d",
                    re.IGNORECASE)
_DATES = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b(?:19|20)\d{2}\b")  # no postcode in a date or a year
_SAME_PLACE = re.compile(r"\b(?:above|below|ci-dessus|ci-dessous|oben|unten|usual|habituelle?|ublich\w*)\b")
_MONEY = re.compile(r"\d[.,]\d{2}\b")
_AMOUNT = re.compile(r"\d[.,]\d{2}\b|[€$£]|\b(?:eur|usd|chf|gbp)\b", re.IGNORECASE)  # cents or a currency
# "Bitte nur 25 Ordner liefern!", "only 10 please", "ne livrer que 5", "maximal 20 Stück", "Please only send 10 units",
# "Bitte nur 1.000 Blatt", "Send 10 only please", "5 pièces seulement", "25 Stück genügen", "10 instead of 20",
# "Menge bitte auf 25 reduzieren", "only half the binders": a note that limits or changes how many are wanted (written
# by hand across a printed order, or in the item's row: the printed quantity is the old one). Not hours, money,
# days, a share, a size or a weight of a vehicle, vehicles or deliveries ("nur 8-16 Uhr", "nur 50 EUR", "nur 30
# Tage", "max. 2 %", "LKW max. 12 m", "max 40 t", "only 1 truck at a time", "max. 2 Lieferungen pro Tag")
_COUNT = r"(\d{1,3}(?:[.,']\d{3})+|\d+)(?![.,:/]\d|\s*[-–]\s*\d|\d|%)"
# after the count: what it counts when it is no quantity of goods
_NOT_GOODS = (r"(?:uhr|h\b|hrs?\b|hours?\b|heures?\b|stunden\b|am\b|pm\b|eur\b|euros?\b|€|usd\b|\$|chf\b|gbp\b|£|%"
              r"|tage?n?\b|days?\b|jours?\b|wochen\b|weeks?\b|semaines?\b|monate?n?\b|months?\b|mois\b|min\w*"
              r"|m\b|meter\w*|metres?\b|meters?\b|ft\b|feet\b|foot\b|t\b|to\b|tonnen\b|tonnes?\b|tons?\b|mm\b|cm\b"
              r"|lkw\w*|trucks?\b|lorr(?:y|ies)\b|vehicles?\b|fahrzeug\w*|camions?\b|vehicules?\b|van\b|vans\b"
              r"|lieferung\w*|deliveries\b|delivery\b|livraisons?\b|anlieferung\w*|x\b|mal\b|fois\b|times?\b"
              r"|tor\b|gate\b|dock\b|rampe\b|quai\b|personen\b|persons?\b|people\b)")
# counted in the measures a vehicle or a dock limits: a "max." over them is an access rule, not an order's quantity
_MEASURE = r"(?:kg\b|paletten?\b|pallets?\b|palettes?\b|colis\b|parcels?\b|pakete?\b|stellplatz\w*)"
_ONLY = r"(?:nur|only|just|seulement|uniquement|lediglich|bloss)"
_MAX = r"(?:hochstens|maximal|maximum|max\.?|nicht\s+mehr\s+als|no\s+more\s+than|not\s+more\s+than|pas\s+plus\s+de|at\s+most)"
_SEND_QUE = r"(?:(?:livrer|livrez|envoyer|envoyez|expedier|expediez|fournir|fournissez|commander)\s+que)"
# words that may stand between the limit word and its count: "only send 10", "nur noch 5", "bitte nur ca. 20"
_BETWEEN = (r"(?:(?:send|ship|deliver|supply|need|want|order|require|take|liefern|schicken|senden|bestellen|brauchen"
            r"|benotigen|noch|bitte|please|us|uns|nous|me|mir|ca\.?|about|etwa|environ|the|die|den|der|de|les|la|le)\s+){0,3}")
_QTY_ONLY_AFTER = r"(?:only|seulement|uniquement|genugen|genugt|reichen|reicht|suffisent|suffit|enough|will\s+do|sind\s+genug)"
_QTY_LIMIT = re.compile(
    r"\b(?:" + _ONLY + r"|" + _SEND_QUE + r")\s+" + _BETWEEN + _COUNT + r"(?!\s*" + _NOT_GOODS + r")"
    r"|\b" + _MAX + r"\s+" + _BETWEEN + _COUNT + r"(?!\s*(?:" + _NOT_GOODS + r"|" + _MEASURE + r"))"
    # the count first: "Send 10 only please", "Qty 10 only", "5 pièces seulement", "25 Stück genügen"
    r"|(?<![\d.,])" + _COUNT + r"(?!\s*" + _NOT_GOODS + r")\s+(?:[^\W\d_]{1,12}\.?\s+){0,2}" + _QTY_ONLY_AFTER + r"\b"
    # another count instead of the printed one: "10 instead of 20", "statt 50 Stück 25", "Quantité : 10 au lieu de 20"
    r"|(?<![\d.,])" + _COUNT + r"\s+(?:[^\W\d_]{1,12}\s+){0,2}(?:instead\s+of|au\s+lieu\s+de|statt|anstatt|rather\s+than)\s+\d"
    r"|\b(?:statt|anstatt|instead\s+of|au\s+lieu\s+de)\s+\d+\s+(?:[^\W\d_]{1,12}\s+){0,2}(?:nur\s+|bitte\s+|only\s+|just\s+)?\d"
    # a quantity changed to a count: "Menge bitte auf 25 reduzieren", "Reduce qty to 6", "Menge ändern auf 25 Stück"
    r"|\b(?:menge|mengen|qty|quantity|quantities|quantite|qte|anzahl|stuckzahl|reduc\w*|reduzier\w*|reduire|reduisez"
    r"|verringer\w*|decrease|lower)\b[^.;!?]{0,30}?\b(?:to|auf|a)\s+" + _COUNT + r"(?!\s*" + _NOT_GOODS + r")"
    # a share of what is printed: "only half the binders", "nur die Hälfte", "seulement la moitié"
    r"|\b" + _ONLY + r"\s+(?:(?:the|die|la)\s+)?(?:half|halfte|moitie|a\s+third|ein\s+drittel)\b")
MIN_WORDS = 4  # a note is a sentence: "Cancel order" alone is a web page's button
# A note that orders more than the lines: an item code with a count ("+ 2 x SKU-1005 toner noir svp", "ALSO 2 EA
# SKU-1005 TONER", "bitte noch 3 Stk. KB-2041 dazu"), or a count added to the order ("+ 2 x toner noir", "also 4 boxes
# of staples", "ajouter 3 ramettes"): written under a printed table, the order as printed is short of it (review F1)
_ITEM_CODE = r"([a-z]{1,6}[-/. ]?\d{3,}[\w-]*|\d{3,}-\d+[\w-]*)"
_COUNT_UNIT = r"\s*(?:x|×|\*|ea|each|pcs?|pces?|pieces?|stk|stuck|st|u|un|units?|ex|boxes|box|cartons?|packs?)?\.?\s+"
_MORE = r"(?:add|also|plus|ajout\w*|ajoute[rz]?|rajout\w*|zusatzlich\w*|dazu|noch|aussi|encore|extra|additional)"
_ORDERS_MORE = re.compile(
    r"(?<![\w.,/-])(\d{1,5})\s*(?:x|×|\*)\s*" + _ITEM_CODE                                   # 2 x SKU-1005
    + r"|" + _ITEM_CODE + r"\s*(?:x|×|\*|:)\s*(\d{1,5})(?![\d.,/-])"                          # SKU-1005 x 2
    + r"|\b" + _MORE + r"\b\W*(\d{1,5})" + _COUNT_UNIT + r"(?:(?:of|de|d'|von)\s+)?"
      r"(?:(?:art|ref|sku|item|article|artikel)\.?\s*)?" + _ITEM_CODE                           # also 2 EA SKU-1005
    + r"|^\W*\+\s*(\d{1,5})\s*(?:x|×|\*|ea|pcs?|stk|u)\b"                                     # + 2 x toner
    + r"|^\W*\+\s*(\d{1,5})" + _COUNT_UNIT + _ITEM_CODE                                        # + 2 SKU-1005
    + r"|\b(?:add|ajoute[rz]?|rajoute[rz]?|please\s+also\s+send|bitte\s+(?:noch|zusatzlich))\s+(\d{1,5})\s+[a-z]")


def orders_more(folded: str) -> bool:
    """The folded note orders an item or a count beyond the printed lines (``_ORDERS_MORE``); not a date, money, a
    phone number or a postcode ("+33 4 72 ...", "2 x 2,50 EUR")."""
    text = _PHONE.sub(" ", folded)
    found = _ORDERS_MORE.search(text)
    if found and _NOT_ORDERED.match(text[found.end() - 1:found.end() + 30]):
        return False  # "bitte zusätzlich 2 Lieferscheine beilegen", "add 2 copies of the delivery note", "add 10 days"
    return bool(found) and not re.search(r"(?:€|\beur\b|\busd\b|\$|£|%)", text[found.start():found.end() + 4])


# what an "add N ..." counts when it orders no goods: documents, days, pallets, copies
_NOT_ORDERED = re.compile(r"[a-z]?[a-z]*\s*(?:lieferschein|kopie|copies|copy|exemplar|ausfertigung|rechnung|invoice"
                          r"|facture|bon\b|bons\b|document|dokument|beleg|tag|day|jour|woche|week|semaine|monat|month"
                          r"|mois|palett|pallet|stellpl|x\s*eur-?palett)")


# Goods a note may order beyond the printed lines, by their word (folded stems; a plural or case ending may follow)
_GOODS_WORDS = ("toner", "tonerkartusche", "patrone", "kartusche", "heftgerat", "hefter", "heftklammer", "ordner",
                "papier", "kopierpapier", "kugelschreiber", "stift", "marker", "textmarker", "locher", "etikett",
                "haftnotiz", "notizblock", "block", "umschlag", "briefumschlag", "mappe", "lampe", "leuchte",
                "batterie", "kabel", "schere", "klebeband", "klebestift", "radiergummi", "lineal", "register",
                "cartouche", "agrafeuse", "agrafe", "classeur", "ramette", "stylo", "crayon", "surligneur",
                "enveloppe", "chemise", "pochette", "etiquette", "cable", "pile", "ciseaux",
                "cartridge", "stapler", "staple", "binder", "ream", "paper", "pen", "pencil", "highlighter", "envelope",
                "folder", "label", "notepad", "lamp", "battery", "scissors", "tape")
_NUMBER_WORDS = (r"one|ein|eine|einen|un|une|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|two|three|four|five|six|seven"
                 r"|eight|nine|ten|eleven|twelve|twenty|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|vingt")
# a count of goods: not a line's or page's number, a date, money, a time, a length, a period or a share
_GOODS_COUNT = re.compile(
    r"(?<!pos\.)(?<!pos)(?<!nr\.)(?<!no\.)(?<![\w.,/:#-])(?<!\+)(?:\d{1,3}|" + _NUMBER_WORDS + r")(?![\w.,/:%-])"
    r"(?!\s*(?:uhr|h\b|hrs?\b|hours?\b|heures?\b|stunden\b|am\b|pm\b|eur\b|euros?\b|€|usd\b|\$|chf\b|gbp\b|£"
    r"|tage?n?\b|days?\b|jours?\b|wochen?\b|weeks?\b|semaines?\b|monate?n?\b|months?\b|mois\b|min\w*"
    r"|mm\b|cm\b|m\b|kg\b|g\b|%|prozent|percent|pourcent))")
_LINE_WORD = re.compile(r"\b(?:pos(?:ition)?|line|ligne|zeile|seite|page|item|artikel|nr|no|n°)\.?\s*$")
_MORE_WORD = re.compile(r"\b(?:dazu|extra|zusatzlich\w*|auch|also|noch|add|adding|added|plus|more|additional\w*"
                        r"|ausserdem|mitliefern|mitschicken|mitsenden|aussi|encore|ajout\w*|ajoute[rz]?|rajout\w*"
                        r"|en\s+plus|de\s+plus)\b|^\W*(?:\+|and\b|und\b|et\b)")
# a sentence that asks without an "add" word: "2 Toner schwarz bitte", "we need 3 boxes of staples", "il nous faut 2
# agrafeuses svp": with a count of goods, the order as written is short of them
_ASKS = re.compile(r"\b(?:bitte|please|pls|svp|s'?il\s+vous\s+plait|merci|need|needed|require[ds]?|brauchen|benotigen"
                   r"|besoin|faut|want|include|send|ship|would\s+like|could\s+you|can\s+you|kindly|schicken|senden"
                   r"|liefern|envoyer|ajouter|joindre|voudrions|souhaitons|mochten|hatten\s+gerne)\b")
# a count in packs or pieces ("2 boxes of copy paper", "Toner schwarz: 2 Stück"): the goods may stand anywhere
_PACK_OR_PIECE = re.compile(r"^\s*(?:x\s+)?(?:boxes|box|cartons?|kartons?|boites?|paquets?|packs?|packets?|packungen|pakete"
                            r"|schachteln|stuck|stk|pieces?|pcs|units?|unites?|ramettes?|reams?|rolls?|rollen|rouleaux)\b")
# a note labelled so on a page ("Notes: ...", "Bemerkung: ..."): a sentence, never a priced row's wrapped words
_NOTE_TITLED = re.compile(r"^\W*(?:notes?|remarks?|comments?|bemerkung\w*|hinweis\w*|anmerkung\w*|remarques?"
                         r"|commentaires?|observations?|notiz\w*)\s*:")
# a count after these is no new goods: goods the lines hold ("the 20 binders"), a place's number ("floor 2", "Tor 3")
_THE = re.compile(r"\b(?:the|these|those|die|der|den|diese|les|ces|vos|your|ihre|floor|etage|stock|dock|tor|gate|quai"
                  r"|of|de|mit|a|x|par|per|je|pro|zu"  # a pack's content: "carton of 5 reams", "Karton mit 5 Ries"
                  r"|rampe|ramp|room|raum|zimmer|building|gebaude|halle|hall|bureau|suite|bat|batiment)\.?\s+$")
# a ceiling on the count right before it, no more goods: "no more than 2 boxes per pallet", "max. 3 Kartons",
# "pas plus de 2 cartons", "höchstens 1 Palette" (it governs that count only: "add one more box, max. 2 pallets" adds)
_AT_MOST = re.compile(r"(?:\b(?:no|not)\s+more\s+than|\bmax(?:imum|imal)?\.?|\bhochstens|\bnicht\s+mehr\s+als"
                      r"|\bpas\s+plus\s+de|\bau\s+maximum)\s*$")
# a count of packs or labels per pack, a packing rule: "2 boxes per pallet", "un carton de plus par palette", "one more
# label per box", "3 Etiketten je Palette" (goods per pack still count: "2 staplers per carton", "3 staplers per office")
_PER_PACK = re.compile(r"^\s*(?:more\s+|mehr\s+|extra\s+)?(?:labels?|stickers?|etikett\w*|etiquettes?|aufkleber|boxes|box|cartons?"
                       r"|kartons?|colis|paquets?|packs?)\s+(?:de\s+plus\s+|mehr\s+)?(?:per|pro|par|je)\s+(?:pallet|palette|lage|layer"
                       r"|couche|box|boxes|carton|karton|colis|paket|package|parcel|boite|caisse|case|crate)\b")
_MORE_BEFORE_PACK = re.compile(r"^\s*(?:more|extra|additional|further|mehr|weitere\w*|zusatzliche\w*|supplementaires?)\b")
_NOTE_CODE = re.compile(r"(?<![\w-])[a-z]{1,6}[-/.]?\d{3,}[a-z\d-]*\b")


_SPELLED_UMLAUT = re.compile(r"(?<=[a-z])([aou])e(?=[a-z])")


def umlauts_spelled(folded: str) -> str:
    """A folded note with German umlauts written as two letters read as the folded umlaut ("zusaetzlich" ->
    "zusatzlich", "heftgeraete" -> "heftgerate"): an EDI message in a plain character set (UNOA, X12) spells
    them so. Only for finding goods and "more" words; other words may change ("goes" -> "gos")."""
    return _SPELLED_UMLAUT.sub(r"\1", folded)


def names_more_goods(folded: str, order: ExtractedOrder, wrapped_rows: bool = False) -> bool:
    """The folded note names goods, by an item code ("SKU-1004") or a product word ("Toner", "Heftgeräte", a word
    of one of the order's own lines), with a count of goods ("2", "zwei"): it may order more than the printed
    lines ("Dazu bitte 2 Heftgeräte SKU-1004 extra.", "Und 2 Toner schwarz bitte auch mitliefern.",
    "Zusätzlich zwei Stück SKU-1004 bitte."), so a person reads it (the broad rule: a missed item is a wrong
    order, a needless hold a minute). Phone numbers, dates, money and postcodes are no count."""
    if len(folded.split()) < 3 or not (_MORE_WORD.search(folded) or _ASKS.search(folded)):
        return False  # a sentence asking for more: a wrapped cell's "1001 schwarz", "carton de 5 ramettes" is none
    text = _PHONE.sub(" ", _DATES.sub(" ", folded))
    text = re.sub(r"\d[\d.,]*\s*(?:€|eur\b|euro\b|usd\b|\$|chf\b|gbp\b|£)", " ", text)
    more = bool(_MORE_WORD.search(folded))
    if not more and wrapped_rows and not _NOTE_TITLED.match(folded) and re.search(r"\d[.,]\d{2}(?![\d.,])", text):
        return False  # a page's please-word beside an amount: a priced row's wrapped words ("of 5 reams - please
        # deliver ... 3,200.00"); never a note labelled so, an EDI FTX or a UBL Note, where a price is more evidence
    counts = [m for m in _GOODS_COUNT.finditer(text) if not _LINE_WORD.search(text[:m.start()])
              and (more or not _THE.search(text[:m.start()]))  # "Please pack the 20 binders"
              and not _PER_PACK.match(text[m.end():])]  # "one more label per box": packing
    # no exception for "N goods per office" nor for a count equal to a line's own: "PLEASE SEND 3 STAPLERS PER
    # OFFICE" and "PLEASE SEND 20 ORDNER TOO" beside a line of 20 ask for more (review revX D0): a person reads it
    if not counts:
        return False
    if more and any(_PACK_OR_PIECE.match(_MORE_BEFORE_PACK.sub("", text[m.end():], 1)) and not _capped(text, m)
                    for m in counts):
        return True  # "Please add one more box of the same", "noch zwei Kartons dazu", "deux cartons de plus"
    codes = {m.group() for m in _NOTE_CODE.finditer(text)}
    if any(not any(c.startswith(str(int(n.group()))) for c in codes) if n.group().isdigit() else True for n in counts) \
            and codes:
        return True
    if not more:  # asked without an "add" word: a word of goods among the three words after a count ("2 Toner schwarz
        # bitte", "we need 6 black toner cartridges"), never a line's own words ("10 - please deliver in original")
        return any(names_goods_word(" ".join(text[m.end():].split()[:3]))
                   or (_PACK_OR_PIECE.match(text[m.end():]) and names_goods_word(text)) for m in counts)
    own = {w for ln in order.lines for w in re.findall(r"[^\W\d_]{5,}", fold(ln.description or "").lower())}
    stems = [w[:-1] if len(w) > 5 else w for w in (*_GOODS_WORDS, *own)]
    words = re.findall(r"[^\W\d_]{3,}", text)
    return any(w.startswith(stem) and len(w) <= len(stem) + 4 for w in words for stem in stems)


def _capped(text: str, count: re.Match) -> bool:
    """A count of packs under a ceiling ("no more than 2 boxes", "max. 3 Kartons"): a packing rule, no added goods.
    The ceiling governs its own count only ("add one more box, max. 2 pallets" adds a box)."""
    return bool(_AT_MOST.search(text[:count.start()]))


# the endings a goods word takes: "toners", "cartouches", "Heftgeräte", "Ordnern", "staplers", "batteries"
_GOODS_ENDING = r"(?:s|es|e|en|n|er|ern|r|rs|ies|y|x|ux)?"
_GOODS_WORD = re.compile(r"(?:" + "|".join(sorted({*_GOODS_WORDS, *(w[:-1] for w in _GOODS_WORDS if len(w) > 5)},
                                                     key=len, reverse=True)) + r")" + _GOODS_ENDING)


def names_goods_word(folded: str) -> bool:
    """The folded text holds a word of goods a note may order ("toner", "Heftgeräte", "agrafeuses", "staples"),
    as a whole word with its endings ("pending" is no "pen", "labelled" no "label")."""
    return any(_GOODS_WORD.fullmatch(w) for w in re.findall(r"[^\W\d_]{3,}", folded))


def page_notes(rows: list[Row], order: ExtractedOrder) -> list[Problem]:
    """The problems the notes among ``rows`` raise for ``order`` (each note once); an item's own row that
    marks it cancelled ("Schreibtischlampe - entfällt", "STORNIERT") raises one too."""
    found: list[Problem] = []
    codes, descriptions = _item_marks(order)
    for i, row in enumerate(rows):
        text = row.text.strip()
        lower = text.lower()
        if (any(d in lower for d in descriptions) or (any(c in lower for c in codes) and _MONEY.search(text))) \
                and not (len(row.phrases) <= 2 and not _MONEY.search(text)
                         and names_more_goods(fold(text).replace("ß", "ss").lower(), order, wrapped_rows=True)):
            # (a sentence naming a line's product with a count, no money, in one or two phrases, is a note:
            # "Dazu bitte 2 Heftgeräte SKU-1004 extra." under the table, not the item's row)
            # an item row: the table's, unless it says the line is cancelled or a note in it limits the count
            # ("Cutting disc black: only 10 please", "nur 20!" written beside the line's description)
            problem = _struck_in_row(text) or _limit_in_row(text) or price_in_row(text, order)
        elif _information_title(text) and _table_follows(rows, i):
            continue  # "Pour information - ne pas livrer (commande précédente)": a side table's title (side_tables)
        else:
            title = next((p.text for p in row.phrases if _CANCEL_TITLE.match(fold(p.text).lower().strip())), None)
            problem = _note(title or text, order, codes, printed=True)
            if problem is None and text.endswith("?") and i and rows[i - 1].page == row.page \
                    and not rows[i - 1].text.rstrip().endswith((".", "!", "?", ":")):
                # a question wrapped onto a second line ("Pouvez-vous nous confirmer le délai de livraison ... avant" /
                # "expédition ?"): read whole (outside wave 2: a Word form's question exported to PDF went out)
                problem = _note(f"{rows[i - 1].text.strip()} {text}", order, codes, printed=True)
        if problem is not None and problem.message not in {p.message for p in found}:
            found.append(problem)
    if not any(p.code == "CHANGE-TYPED" and p.element == "lines" for p in found):
        for line in order.lines:  # a limit typed into a line's description ("Electric cable 25m nur 20!")
            if line.description and (problem := _limit_in_row(line.description)) is not None:
                found.append(problem)
                break
    return found


def _limit_in_row(text: str) -> Problem | None:
    if limits_quantity(fold(text).replace("ß", "ss").lower()):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note in an item's row limits its quantity (the printed one may be the old one), "
                               f"a person applies it: {text[:120]!r}")
    return None


def limits_quantity(folded: str) -> bool:
    """The note (folded, lower case) limits or changes how many of an item are wanted (``_QTY_LIMIT``). Whatever
    else it says: "Only 10 please, invoice accordingly", "the rest may follow next month" still limit the count."""
    return _QTY_LIMIT.search(_PLACE_NUMBER.sub(" place ", _PHONE.sub(" ", " ".join(folded.split())))) is not None


# a dock, door, gate, bay or ramp and its number: a place at the site, no count of goods ("DELIVER TO DOCK 4 ONLY",
# "quai 3 uniquement", "nur Rampe 2", "USE DOOR 7 ONLY")
_PLACE_NUMBER = re.compile(r"\b(?:docks?|doors?|gates?|bays?|ramps?|rampen?|tore?|quais?|portes?|porte|quay|entrances?|entree"
                           r"|eingang|halle|hall|building|batiment|gebaude|loading\s+(?:dock|bay)|warehouse|lager|entrepot"
                           r"|slot|platform|plateforme|zone|unit|magasin|store)\s*(?:n[o°r]?\.?\s*|#\s*)?\d+[a-z]?\b")


def _information_title(text: str) -> bool:
    """A row titling a table of no ordered items (information, earlier orders or deliveries) that names
    none of this order's lines, nor this order, nor another order by its number or as replaced, and prints
    no money."""
    folded = fold(text).replace("ß", "ss").lower()
    return (information_title(folded) and not _LINE_REF.search(folded) and not _OWN_ORDER.search(folded)
            and not _MONEY.search(text) and not _REPLACES_ORDER.search(folded)
            and not any(any(ch.isdigit() for ch in n) and len(n) >= 4 for n in _ORDER_NUMBER.findall(folded)))


def _table_follows(rows: list[Row], i: int) -> bool:
    """A table's title is followed, on its page within a few rows, by the table: a row of several columns
    (its header) and a row of at least two under it. A sentence with nothing tabular under it is a note."""
    after = [r for r in rows[i + 1:i + 1 + TITLE_ROWS + 2] if r.page == rows[i].page and r.words]
    return any(len(a.phrases) >= 3 and len(b.phrases) >= 2 for a, b in zip(after, after[1:]))


def _names_other_order(folded: str, order: ExtractedOrder) -> bool:
    """The note names an order that is not this one: one this order replaces, or another order number."""
    if _REPLACES_ORDER.search(folded):
        return True
    own = re.sub(r"\W", "", (order.po_number or "").lower())
    return any(re.sub(r"\W", "", n) != own for n in _ORDER_NUMBER.findall(folded)
               if len(n) >= 4 and sum(ch.isdigit() for ch in n) >= 3)


# the title of a remark: "Remarque :", "Note:", "Bemerkung", "Hinweis:", "Commentaire", "Comments" (a form's label cell
# with its text in the next cell, or a line table's own remark column)
_NOTE_LABEL = re.compile(r"^\W*(?:remarques?|notes?|commentaires?|comments?|remarks?|observations?|bemerkung(?:en)?"
                         r"|hinweis(?:e)?|anmerkung(?:en)?|kommentar|mitteilung|nachricht|message|instructions?"
                         r"|informations?|info|wichtig|important|attention|achtung|nb|n\.b\.|ps|p\.s\."
                         r"|special\s+instructions|delivery\s+instructions|lieferhinweis\w*|consignes?"
                         r"|livraison|lieferung|delivery|deliver\s+to|ship\s+to)\W*$")


_MARKER = re.compile(r"^(?:\W{1,3}|\d{1,2}[.)]|n\.?\s?b\.?:?|p\.?\s?s\.?:?)$", re.IGNORECASE)  # "*", "!!", "NB", "1)"


_FIGURE = re.compile(r"[-+]?[\d][\d\s.,'\u202f\xa0]*\s*(?:€|eur|chf|usd|\$|%)?", re.IGNORECASE)


def note_cells(rows: list[list], min_words: int = 1) -> list[str]:
    """The free text of a sheet's or a Word form's rows: a cell alone on its row, a label and its text in two
    cells ("Remarque : | Merci de livrer à ..."), read as "label text", and the cells of a line table's remark column
    ("Remarque", "Commentaire", "Bemerkung") under its title (review revD D1, D6). Each line of at least
    ``min_words`` words."""
    texts: list[str] = []
    column: int | None = None
    span: int | None = None  # the last column of the first table header (its titles run without a gap)
    for row in rows:
        cells = [(i, v) for i, v in enumerate(row) if v is not None and str(v).strip()]
        if span is None and len(cells) >= 3 and all(isinstance(v, str) and len(v.split()) <= 4 for _, v in cells):
            span = cells[0][0]
            while span + 1 < len(row) and row[span + 1] is not None and str(row[span + 1]).strip():
                span += 1
        elif span is not None and len(cells) >= 3:
            # a sentence typed beside an item row, past the table's columns ("Falls ... bitte stornieren" in H7)
            # and right of the row's figures: a header cell merged over two columns (blank after it) ends no table
            # before its item descriptions (review revO D9)
            figures = max((i for i, v in cells if _FIGURE.fullmatch(str(v).strip())), default=-1)
            texts += [v for i, v in cells if i > max(span, figures) and isinstance(v, str) and len(v.split()) >= 4]
        if len(cells) == 1 and isinstance(cells[0][1], str):
            texts.append(cells[0][1])
        elif len(cells) == 2 and all(isinstance(v, str) for _, v in cells) and _MARKER.match(cells[0][1].strip()) \
                and len(cells[1][1].split()) >= 2:
            texts.append(cells[1][1])  # "* | please cancel the toner if ...", "NB | ...": a marked note
        elif len(cells) == 2 and all(isinstance(v, str) for _, v in cells) \
                and (cells[0][1].strip().endswith(":") or _NOTE_LABEL.match(fold(cells[0][1]).lower())) \
                and len(cells[0][1].split()) <= 4 and len(cells[1][1].split()) >= 2:
            texts.append(f"{cells[0][1].strip()} {cells[1][1]}")
        elif len(cells) >= 3:
            titled = [i for i, v in cells if isinstance(v, str) and _NOTE_LABEL.match(fold(v).lower())]
            if titled:
                column = titled[0]  # a line table's header with a remark column: its cells below are notes
            elif column is not None and column < len(row) and isinstance(row[column], str) and row[column].strip():
                texts.append(row[column])
    return [line.strip() for text in texts for line in text.splitlines() if len(line.split()) >= min_words]


def note_problems(texts: list[str], order: ExtractedOrder, printed: bool = False, form: bool = False) -> list[Problem]:
    """The problems the free-text notes of a structured order raise (EDIFACT FTX, X12 MSG/NTE, cXML
    Comments, UBL Note, openTRANS REMARKS): "THIS ORDER REPLACES OUR ORDER 4711 - PLEASE CANCEL 4711" is
    a cancellation a person applies, as the same words typed in an e-mail or printed on a page are.
    ``printed``: the notes are marks on a printed or faxed page (``stray_marks``), read as page notes; ``form``: they are
    a sheet's cells or a Word form's paragraphs (any full date in them that is not the order's holds)."""
    found: list[Problem] = []
    codes, _descriptions = _item_marks(order)
    for text in texts:
        problem = _note(text.strip(), order, codes, printed, form)
        if problem is None and condition_beside_notice(text):  # "Signature required on delivery, otherwise return
            problem = notice_condition(text)  # the goods": the notice makes nothing beside it harmless (as typed)
        if problem is not None and problem.message not in {p.message for p in found}:
            found.append(problem)
    return found


def _struck_in_row(text: str) -> Problem | None:
    if _ROW_CANCEL.search(fold(text).replace("ß", "ss").lower()):
        return Problem(code="CANCEL-TYPED", severity="error", element="lines",
                       message=f"an item's row says it is cancelled, a person applies it: {text[:120]!r}")
    return None


# a latest delivery date a note sets: "Not after 14/12", "Pas de livraison après le 18/12", "bis spätestens 14.12.,
# danach nicht mehr liefern", "no later than 15/12"
_LATEST = re.compile(r"\b(?:not\s+after|nothing\s+after|no\s+(?:deliver(?:y|ies)\s+)?after|no\s+later\s+than|at\s+the\s+latest"
                     r"|latest\s+(?:by|on)|pas\s+(?:de\s+livraison\s+)?apres|rien\s+apres|au\s+plus\s+tard|ne\s+pas\s+livrer\s+apres"
                     r"|spatestens|nicht\s+nach\s+dem|danach\s+nicht|keine\s+lieferung\s+nach)\b[^.;]{0,30}\d{1,2}\s*[./]\s*\d{1,2}"
                     r"|\b\d{1,2}\s*[./]\s*\d{1,2}\b[^;]{0,30}\b(?:danach\s+nicht|au\s+plus\s+tard|at\s+the\s+latest|spatestens)\b")


def _latest_date(folded: str, quoted: str, wanted: date | None = None) -> Problem | None:
    if not _LATEST.search(folded) or _MAY.search(folded) or _meets_latest(folded, wanted):
        return None
    return Problem(code="QUESTION-TYPED", severity="error", element="requested_delivery_date",
                   message=f"a note on the order sets a latest delivery date (the order's own date may be later), "
                           f"a person confirms it can be met: {quoted}")


_DAY_MONTH = re.compile(r"\b(\d{1,2})\s*[./]\s*(\d{1,2})(?:\s*[./]\s*(\d{2,4}))?\b")


def _meets_latest(folded: str, wanted: date | None) -> bool:
    """Whether the order's own requested date is on or before every date the note names, read day first and month
    first ("no later than 27/12/2026" over a requested 27 December): the latest date is met, nothing to confirm."""
    if wanted is None:
        return False
    found = _DAY_MONTH.findall(folded)
    if not found:
        return False
    for a, b, y in found:
        year = int(y) + (2000 if len(y) == 2 else 0) if y else wanted.year
        for day, month in ((int(a), int(b)), (int(b), int(a))):
            try:
                latest = date(year, month, day)
            except ValueError:
                continue
            if wanted > latest:
                return False
    return True


def _note(text: str, order: ExtractedOrder, codes: set[str] = frozenset(),  # type: ignore[assignment]
          printed: bool = False, form: bool = False) -> Problem | None:
    folded = _PRODUCT_WORDS.sub("set", fold(text).replace("ß", "ss").lower())  # "Storno-Set beilegen": no cancel
    words = folded.split()
    quoted = repr(text[:120])
    if _CANCEL_TITLE.match(folded):
        return Problem(code="CANCEL-TYPED", severity="error", element="lines",
                       message=f"the document is titled a cancellation, a person applies it: {quoted}")
    if limits_quantity(folded):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note on the order limits a quantity (the printed one may be the old one), "
                               f"a person applies it: {quoted}")
    if (collected := collection_problem(text)) is not None:
        return collected  # "Will call, December 14, 2026", "Selbstabholung am 15.12.": no delivery to the address read
    # a printed page's note also for its dates; a structured order's note (FTX, MSG, Comments, Note) for its money and
    # its invoicing address only: its dates have their own rules (``extractors.mail.note_dates``)
    term = note_term(text, order, form) if printed else money_term(text, order)
    if term is not None and term.code == "PRICE-TYPED" and not _POLICY.search(folded) and any(
            orders_more(f) or names_more_goods(f, order, wrapped_rows=printed) for f in {folded, umlauts_spelled(folded)}):
        term = None  # "Please send 3 staplers at 12.50 each": more goods with their price, a change a person adds
    if term is not None and term.code == "PRICE-TYPED":
        return term  # "Net price agreed: 2.10 per box", "Prix net convenu : 2,10 €": a price, not a change of the lines
    if (changed := remark_change(text, order.requested_delivery_date, line_words(order.lines))) is not None:
        return changed  # "Warenannahme bis 15 Uhr, bitte nur die Hälfte", "deliver Monday, not Friday", "noch Toner mitliefern"
    if term is not None:
        return term  # "an additional 5% discount applies", "please invoice our Dallas office", "Neuer Liefertermin: 22.12."
    umlauts = umlauts_spelled(folded)  # "zusaetzlich", "Heftgeraete": German written without umlauts (EDI, UNOA)
    if printed and "?" in text and (orders_more(folded) or names_more_goods(folded, order, wrapped_rows=True)) \
            and (asked := page_question(text)) is not None:
        return asked  # "Est-il possible d'ajouter 10 boîtes de plus ?": a question a person answers
    if any(orders_more(f) for f in {folded, umlauts}) and not _POLICY.search(folded):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note on the order orders more than its lines (an item and a count), "
                               f"a person adds it: {quoted}")
    if any(names_more_goods(f, order, wrapped_rows=printed) for f in {folded, umlauts}):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note on the order names goods (an item code or a product) with a count: it may "
                               f"order more than its lines, a person adds it: {quoted}")
    if not printed and (where := _bare_address(text)) and where.replace(" ", "") != _ship_to_postcode(order).replace(" ", ""):
        # a fax's note under the items that is an address alone ("INDUSTRIESTR. 22, 85748 GARCHING", its "Lieferung
        # an:" line lost): a delivery place the order does not give (review F1)
        return Problem(code="CHANGE-TYPED", severity="error", element="ship_to",
                       message=f"a note on the order gives an address that is not the delivery address read "
                               f"(a delivery place?), a person applies it: {quoted}")
    if printed and (problem := _delivery_condition(text, folded)) is not None:
        return problem  # "Keine Teillieferungen!", "Ne pas livrer avant le 15/12/2026": short, still a condition
    if (latest := _latest_date(folded, quoted, order.requested_delivery_date)) is not None:
        return latest  # "Not after 14/12 please", "Pas de livraison après le 18/12": a latest date, the order's may differ
    if len(words) < MIN_WORDS and not (_CANCEL_VERB.search(folded) and _SHORT_ASK.search(folded)) \
            and not goods_stopped(folded):  # "Pos. 2 entfällt."
        return None  # a short cancel word asked ("sonst stornieren", "bitte streichen", "cancel if OOS") still counts
    if cancel_asked(folded) or (len(words) < MIN_WORDS and not _MAY.search(folded)):  # "... please cancel it"
        return Problem(code="CANCEL-TYPED", severity="error", element="lines",
                       message=f"a note on the order asks to cancel goods or the order (if ...), a person applies "
                               f"it: {quoted}")
    if len(words) >= MIN_WORDS and substitution_asked(folded):  # "si rupture, remplacez-le par le modèle XL"
        return Problem(code="QUESTION-TYPED", severity="error", element="lines",
                       message=f"a note on the order asks for a substitute should goods be missing (or to be asked "
                               f"first), a person decides: {quoted}")
    if printed and "?" in text and not _CANCEL.search(folded) and (_POLICY.search(folded) or _MAY.search(folded)) \
            and (asked := price_request(text, printed=True) or page_question(text)) is not None:
        return asked  # "Können Sie den Preis vor dem Versand bestätigen?": a question, no term ("können" no policy)
    names_line = bool(_LINE_REF.search(folded)) or any(c in folded for c in codes)
    po = (order.po_number or "").lower()
    names_order = bool(_OWN_ORDER.search(folded)) or (len(po) >= 4 and po in folded)
    other = _names_other_order(folded, order)  # "This order replaces PO 4500-7613 ... you may cancel it"
    if other and (_CANCEL.search(folded) or _REPLACES_ORDER.search(folded)):
        return Problem(code="CANCEL-TYPED", severity="error", element="lines",
                       message=f"a note on the order cancels or replaces another order, a person applies it: {quoted}")
    if _POLICY.search(folded) and not (names_line or names_order):
        if printed and folded.rstrip().endswith("?") and (asked := page_question(text)) is not None:
            return asked  # "Pouvez-vous nous confirmer le délai de livraison ... ?": a question, not a term (outside wave 2)
        return None  # a general statement (terms, hours, where invoices go), naming no line and not this order
    if _MAY.search(folded) and _IF.search(folded) and not names_line:
        return None  # a term: "Buyer may cancel this order ... if delivery is not made by the date specified"
    if _CANCEL.search(folded) and not _CANCEL_VERB.search(folded) and _CONDITION.search(folded) \
            and (names_line or names_order or _ORDER_WORD.search(folded)):
        # "do not deliver this order before 15.12.", "do not ship this order in part": a condition, no cancellation
        return Problem(code="QUESTION-TYPED", severity="error", element="requested_delivery_date",
                       message=f"a note on the order sets a condition on its delivery (a date, no partial "
                               f"delivery), a person confirms it can be met: {quoted}")
    if _CANCEL.search(folded) and (names_line or names_order or _ORDER_WORD.search(folded)):
        return Problem(code="CANCEL-TYPED", severity="error", element="lines",
                       message=f"a note on the order cancels a line or the order, a person applies it: {quoted}")
    if names_line and _LINE_COUNT.search(folded):  # "MAKE LINE 1 QTY 60" written under a fax's table (outside wave 2)
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note on the order gives a line a quantity, a person applies it: {quoted}")
    if _AGREED_PRICE.search(folded):  # "ligne 1 : prix convenu 2,50 €" (outside wave 1: it went out at the list price)
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note on the order gives a price, a person applies it: {quoted}")
    if names_line and _NOTHING_CHANGES.fullmatch(_LINE_PREFIX.sub("", folded).strip()):
        return None  # "line 1: No changes to order line" (a change message's line kept as it was): nothing to apply
    if names_line and (_AMEND.search(folded) or change_request(text) is not None):
        return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                       message=f"a note on the order amends it, a person applies it: {quoted}")
    # a page's sentences, as typed in an e-mail, and a structured order's notes (EDIFACT FTX, cXML Comments: "NEW
    # DELIVERY ADDRESS: ...", "FOR OUR BRANCH IN GHENT", review U2); a form's "confirm price and delivery date" and
    # a capitals note's words that are no place ("FOR OUR HEAD OFFICE") say nothing
    said = new_place(text) or price_request(text, printed=True) or site_remark(text) \
        or site_in_words(text, _ship_to_words(order))
    if said is not None:
        return said
    if printed and (asked := page_question(text)) is not None:
        return asked  # "Notes: Before you ship, call me to confirm the stock", "Keine Teillieferung!", "lead time?"
    place = text.replace(order.po_number, " ") if len(po) >= 4 else text  # "Commande n° CF-88120 Livrer à :": no postcode
    place = COST_CENTRE.sub(" ", place)  # "Lieferung an Kostenstelle 4310": an account, its number no postcode
    if (_DELIVER_TO.search(folded) or _DELIVERY_LABEL.match(folded)) and not _SAME_PLACE.search(folded) and _STREET.search(place) \
            and (where := _POSTCODE.findall(_DATES.sub(" ", _PHONE.sub(" ", place)))):
        read = _ship_to_postcode(order)
        if _reads_street_of_ship_to(folded, order, where):
            return None  # the delivery label's own row ("SHIP TO: 1200 COMMERCE DRIVE", its number no postcode)
        if not read and not _DELIVER_TO.search(folded):
            # "Adresse de livraison : 12 rue ..., 75002 Paris" and no delivery address read: the customer's own
            # address on file lifts it (``BLOCKS_ELEMENT``), another place waits for a person (review revD D2)
            return Problem(code="SHIP-TO-UNSURE", severity="error", element=BLOCKS_ELEMENT,
                           message=f"a note on the order labels a delivery place and no delivery address was read, "
                                   f"a person confirms it: [{text.partition(':')[2].strip()[:160]}]")
        if not read or all(read.replace(" ", "") not in p.replace(" ", "") for p in where):
            return Problem(code="CHANGE-TYPED", severity="error", element="ship_to",
                           message=f"a note on the order names a delivery place that is not the delivery "
                                   f"address read, a person applies it: {quoted}")
    return None


# a delivery date condition written short on a sheet or a form: "nicht vor dem 15.12.", "erst ab dem 20.12.", "ne pas
# livrer avant le 15/12", "not before Dec 15", "no earlier than ..." (review revD D2)
_NOT_BEFORE = re.compile(r"\b(?:nicht|not|pas|no)\s+(?:\w+\s+){0,2}?(?:vor|before|avant)\b|\berst\s+(?:ab|nach)\b"
                         r"|\bonly\s+(?:after|from)\s+(?:the\s+)?\d|\bqu'?\s*(?:a\s+partir\s+du|apres\s+le)\s+\d"
                         r"|\bseulement\s+(?:a\s+partir\s+du|apres\s+le)\s+\d"
                         r"|\bno\s+earlier\s+than\b|\bpas\s+avant\b|\bne\s+(?:pas\s+)?livrer\s+(?:qu'?\s*)?(?:a\s+partir|apres)\b"
                         r"|\bfruhestens\b|\bau\s+plus\s+tot\b|\bat\s+the\s+earliest\b")
_DELIVERY_WORD = re.compile(rf"\b(?:{DELIVERY_STEMS}|send)\b")
# a note labelled as the delivery place: "Livraison : dépôt de Lyon, 8 rue ...", "Lieferung: Lager Garching, ..."
_DELIVERY_LABEL = re.compile(r"^\W*(?:livraison|lieu\s+de\s+livraison|adresse\s+de\s+livraison|lieferung|lieferort|lieferadresse"
                             r"|anlieferung|delivery|deliver\s+to|ship\s+to|delivery\s+address)\s*:")


def _delivery_condition(text: str, folded: str) -> Problem | None:
    """QUESTION-TYPED for a note, however short, that forbids a partial delivery or a delivery before a date, unless a
    term allowing it with consent ("Teillieferungen nur nach Absprache")."""
    if page_question(text) is None and not (_NOT_BEFORE.search(folded) and _DELIVERY_WORD.search(folded)):
        return None
    if not (partial_condition(folded) or (_NOT_BEFORE.search(folded) and _DELIVERY_WORD.search(folded))):
        return None
    if _IF.search(folded) and _MAY.search(folded):
        return None  # a term: "we may refuse partial deliveries if ..."
    return Problem(code="QUESTION-TYPED", severity="error", element="requested_delivery_date",
                   message=f"a note on the order sets a condition on its delivery (a date, no partial delivery), "
                           f"a person confirms it can be met: {text[:120]!r}")


_BARE_STREET = re.compile(r"(?i)\b[^\W\d_]{3,}(?:str(?:asse|\.)?|strase|weg|platz|allee|gasse|ring|damm)\s*\.?\s*\d+[a-z]?\b"
                          r"|\b\d+[a-z]?,?\s+(?:rue|avenue|av\.|bd|boulevard|quai|chemin|place|route|allee)\b"
                          r"|\b\d+\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s+(?:street|st|road|rd|avenue|ave|lane|drive|dr|way)\b")
_BARE_POSTCODE = re.compile(r"(?<![\d.,/-])(?:[A-Z]-)?(\d{5})(?![\d.,/-])\s+[^\W\d_]{3,}|\b([A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2})\b")


def _bare_address(text: str) -> str | None:
    """The postcode of a note that is an address alone: a street with its number and a postcode with its town, at
    most ten words, no phone, mail, web or bank details (a footer's) and no money; None otherwise."""
    if len(text.split()) > 10 or _FOOTER_WORDS.search(text) or _MONEY.search(text):
        return None
    if not _BARE_STREET.search(text) or not (found := _BARE_POSTCODE.search(_DATES.sub(" ", text))):
        return None
    return (found.group(1) or found.group(2) or "").upper()


_FOOTER_WORDS = re.compile(r"(?i)\b(?:tel|t[eé]l[eé]phone|fax|phone|www|http|iban|bic|swift|vat|tva|ust|siret|hrb|rcs"
                           r"|gmbh|sarl|sas|ltd|inc|ag|kg)\b|@")


def _ship_to_words(order: ExtractedOrder) -> str:
    """The delivery address the order gives (its town, or a site in its name line): a site a note names there is that
    place."""
    return site_place_words(order.party("ship_to"))


def _item_marks(order: ExtractedOrder) -> tuple[set[str], set[str]]:
    """The codes and the description starts of the order's lines, lower case."""
    codes, descriptions = set(), set()
    for line in order.lines:
        codes |= {c.lower() for c in (line.customer_item, line.supplier_item, line.gtin) if c and len(c) >= 3}
        if line.description and len(line.description) >= 6:
            descriptions.add(line.description[:16].lower())
    return codes, descriptions


def _reads_street_of_ship_to(folded: str, order: ExtractedOrder, postcodes: list[str]) -> bool:
    """The note holds the street of the delivery address read, word for word, and no postcode but that street's
    number or the address's own: it is the row that address was read from, not another place."""
    party = order.party("ship_to")
    street = " ".join(fold(party.street or "").replace("ß", "ss").lower().split()) if party else ""
    own = (party.postcode or "").replace(" ", "").lower() if party else ""
    text = " ".join(folded.split())
    return len(street) >= 8 and any(ch.isdigit() for ch in street) and street in text \
        and all(p.replace(" ", "").lower() in street.replace(" ", "") or (own and own == p.replace(" ", "").lower())
                for p in postcodes) and _same_town_after(text[text.index(street) + len(street):], party)


_PLACE_TAIL_END = re.compile(r"[.;!?(]|\s[-–]\s")
_PLACE_FILLER = frozenset("usa us u.s. united states france deutschland germany belgique belgium de la le the".split())


def _same_town_after(tail: str, party) -> bool:
    """The words after the street up to the sentence's end ("…, Springfield, MO (our Missouri plant)") are the
    delivery address's own town, postcode, state and country, or nothing: a town or state that is not the
    address's is another place (review revC D5: "1200 Commerce Drive, Springfield, MO" for a ship-to in IL)."""
    tail = _PLACE_TAIL_END.split(tail, 1)[0]
    own = " ".join(fold(v or "").replace("ß", "ss").lower() for v in (party.city, party.postcode, party.country,
                                                                      party.name, party.street))
    own_words = set(re.findall(r"[\w.]+", own))
    words = re.findall(r"[\w.]+", tail)
    postcode = fold(party.postcode or "").lower().replace(" ", "")
    state = postcode and postcode in tail.replace(" ", "")  # "Springfield, IL 62704": a state beside the own postcode
    return all(w in own_words or w in _PLACE_FILLER or (state and len(w) == 2 and w.isalpha()) for w in words) and (not words or any(
        w in own_words for w in words if not w.isdigit()) or all(w.isdigit() for w in words))


def _ship_to_postcode(order: ExtractedOrder) -> str:
    party = order.party("ship_to")
    return (party.postcode or "").upper() if party else ""


# What a row under the items may say of the order: an item, a count, a price, a change, a copy ("Please add 5 x
# SKU-1005", "Stapler: make it 3 instead of 1", "Please cancel the stapler", "Second copy - already sent")
_ORDER_TALK = re.compile(r"\d|\b(?:add|also|plus|cancel\w*|instead|statt|au\s+lieu|annul\w*|storn\w*|copy|copie|kopie"
                         r"|duplicat\w*|already|deja|bereits|schon|agreed|vereinbart|convenu|price|prix|preis|ajout\w*"
                         r"|zusatzlich|noch|aussi|encore|change\w*|modif\w*|ander\w*|remove|supprim\w*|streich\w*)\b")
# a form's footer: contact, bank and company lines, a page counter, an address line
_FOOTER = re.compile(r"\b(?:tel|tél|phone|fax|www|http|iban|bic|swift|vat|tva|ust|siret|siren|hrb|rcs|page|seite"
                     r"|p\.|blatt|sheet|registered|registre|handelsregister|geschaftsfuhrer|capital|amtsgericht)\b|@"
                     r"|(?<![\w./-])\d{4,5}\s+[A-Z][a-z]")


# a time the customer asks for in words, no date: "livrer demain", "morgen liefern", "deliver asap", "avant vendredi",
# "bis Freitag"; a range of weekdays is a goods-in window ("Montag bis Freitag 7-15 Uhr", "du lundi au vendredi")
_WEEKDAY = FULL_WEEKDAY
_WHEN_ASKED = re.compile(r"\b(?:demain|apres-demain|aujourd'?hui|morgen|ubermorgen|heute|tomorrow|today|tonight|asap|a\.s\.a\.p"
                         r"|sofort|umgehend|schnellstmoglich|des\s+que\s+possible|au\s+plus\s+vite|au\s+plus\s+tot"
                         r"|as\s+soon\s+as\s+possible|so\s+schnell\s+wie\s+moglich|next\s+day|" + _WEEKDAY + r")\b")
_WEEKDAY_RANGE = re.compile(r"\b" + _WEEKDAY + r"\s*(?:bis|to|through|until|-|–|au|a)\s*" + _WEEKDAY + r"\b")
_WHEN_WORDS = re.compile(r"\b(?:liefer\w*|anliefer\w*|livr\w*|deliver\w*|ship\w*|send|senden|schicken|envoy\w*|expedi\w*"
                         r"|bitte|please|pls|svp|merci|urgent\w*|dringend|eilt|eilig|avant|before|by|bis|until|vor)\b")


def when_asked(notes: list[str]) -> list[Problem]:
    """QUESTION-TYPED on the delivery date for a sentence under the items that asks for a time in words the order's
    dates do not say ("URGENT - livrer demain svp !", "Bitte morgen liefern, sonst Storno!", "Please deliver asap",
    "bis Freitag"): the printed date is not what the customer wants, a person sets it. A goods-in window
    ("Montag bis Freitag 7-15 Uhr") and a form's footer ask for nothing."""
    out: list[Problem] = []
    for text in notes:
        folded = fold(text).replace("ß", "ss").lower()
        if _FOOTER.search(text) or _FOOTER.search(folded) or not _WHEN_WORDS.search(folded):
            continue
        if not _WHEN_ASKED.search(_WEEKDAY_RANGE.sub(" ", folded)):
            continue
        out.append(Problem(code="QUESTION-TYPED", severity="error", element="requested_delivery_date",
                           message=f"a sentence under the items asks for a delivery time in words (tomorrow, a "
                                   f"weekday, as soon as possible) that the order's date does not say, a person sets "
                                   f"the date: {text[:120]!r}"))
    return out


def trailing_notes(rows: list[Row], order: ExtractedOrder, talk_only: bool = True) -> list[str]:
    """Sentences printed under the last item row that may speak of the order (an item, a count, a change, a copy),
    less a form's footer lines: kept as the order's notes, so an order whose lines nothing else counts (no total)
    is not vouched for by its rows alone (review rev1 D6). ``talk_only=False``: every such sentence of words, harmless
    ones too ("Thank you for your order"), carried to the ERP as the order's notes (a text PDF's, issue 17)."""
    bottoms = [(b.page, b.y + b.h) for line in order.lines for b in line.boxes.values()]
    if not bottoms:
        return []
    page, bottom = max(bottoms)
    out = []
    for row in rows:
        if row.page < page or (row.page == page and row.y0 < bottom):
            continue
        text = row.text.strip()
        folded = fold(text).replace("ß", "ss").lower()
        if _read_charge(folded, order):
            continue  # "Inside delivery to office: $35.00": the order's charge, read with its amount
        talk = _ORDER_TALK.search(folded) or (_WHEN_ASKED.search(folded) and _WHEN_WORDS.search(folded))
        if (_printed_line(text, folded) if not talk_only else len(re.findall(r"[^\W\d_]{2,}", text)) >= 2 and talk) \
                and not (_FOOTER.search(text) or _FOOTER.search(folded)) \
                and not (_MONEY_ONLY.match(text) and not (order.total is None and _TOTAL_WORD.search(folded))
                         and (talk_only or (_AMOUNT.search(text) and not said_dates(folded)))):
            # (a text PDF's "Will call, December 14, 2026" says a date, its "Cordialement," and "Tor 3" no amount: kept)
            out.append(text[:200])  # a total the reader did not take ("Grand total 94.50") is kept too (rev1 D12)
    return out


def _read_charge(folded: str, order: ExtractedOrder) -> bool:
    """The row is an order-level charge or discount the reader took: its label, then its amount."""
    for a in order.allowances:
        label = fold(a.description or "").replace("ß", "ss").lower().strip(" :")
        if label and a.amount is not None and folded.startswith(label) and _AMOUNT.search(folded[len(label):]):
            return True
    return False


def _printed_line(text: str, folded: str) -> bool:
    """A text PDF's line under the items that is a note for the ERP: any words ("PORTE B", "GATE 7", "Will call,
    December 14, 2026"; the signature and closing too, ``extractors.note_furniture`` drops those), never a totals
    or tax row ("Subtotal 94.50", "MwSt 19 % 17,90") nor a date alone."""
    if not re.search(r"[^\W\d_]{2,}", text) or _TOTAL_WORD.search(folded) or _SUBTOTAL.search(folded) \
            or _ORDER_TITLE.match(folded):
        return False
    dated = bool(said_dates(folded))
    return not (_MONEY.search(text) and not dated and len(re.findall(r"[^\W\d_]{2,}", text)) < 3) \
        and not (dated and not re.search(r"[^\W\d_]{2,}", _DATE_WORDS.sub(" ", folded)))


_SUBTOTAL = re.compile(r"(?:sub|zwischen|sous-?)\s*-?\s*(?:total|summe)|\b(?:mwst|ust|vat|tva|tax|shipping|versand"
                       r"|fracht|port|frais\s+de\s+port|freight)\b\W*\d")
# a later page's title alone ("Bestellung", "Purchase Order"): no note
_ORDER_TITLE = re.compile(r"^\W*(?:purchase\s+order|order|bestellung|auftrag|bon\s+de\s+commande|commande)\W*$")
_DATE_WORDS = re.compile(r"\b(?:jan\w*|feb\w*|fev\w*|mar\w*|apr\w*|avr\w*|mai|may|jun\w*|juin|jul\w*|juil\w*"
                         r"|aug\w*|aout|sep\w*|oct\w*|okt\w*|nov\w*|dec\w*|dez\w*|le|den|am|the|of|de)\b")


_TOTAL_WORD = re.compile(r"\b(?:total|totaal|summe|gesamt\w*|betrag|montant|amount\s+due|due|a\s+payer|net|netto|brutto"
                         r"|ttc|ht|endbetrag|rechnungsbetrag)\b")


_MONEY_ONLY = re.compile(r"^\W*(?:[^\W\d_]+\W*){0,3}[\d.,' ]+\s*(?:€|eur|usd|\$|chf|gbp|£)?\W*$", re.IGNORECASE)


# A title that says the order is urgent: "COMMANDE URGENTE", "URGENT ORDER", "EILBESTELLUNG", "Eilauftrag",
# "Bestellung - EILIG", "Rush order". The decide stage reads urgency from the order's notes: the title is one.
_URGENT_TITLE = re.compile(
    r"^\W*(?:(?:bon\s+de\s+)?commande|purchase\s+order|order|bestellung|auftrag|po)\W*(?:tres\s+|tres-|sehr\s+|very\s+)?"
    r"(?:urgente?|eilig|eilt|dringend|rush|express)\W*$"
    r"|^\W*(?:tres\s+|very\s+|sehr\s+)?(?:urgent|rush|express)\W*(?:purchase\s+)?(?:order|bestellung|auftrag)\W*$"
    r"|^\W*eil(?:bestellung|auftrag)\W*$")
URGENT_TITLE_ZONE = 0.4  # of page 1's height: where an order's title is printed
_NUMBER_TAIL = re.compile(r"\s*(?:n[°or]\.?|nr\.?|no\.?|#|:)?\s*[a-z]{0,4}[\w/-]*\d[\w/-]*\s*$")


# an empty checkbox before a form's option: the option not chosen ("☐ Eilbestellung", "[ ] EILBESTELLUNG")
UNTICKED = re.compile(r"^\s*(?:[\u2610\u25a1\u25a2\u274f\u2751\u25cb\u25ef\u2b1c\u2b55]|\[\s*\]|\(\s*\))")

TICKED = re.compile(r"^\s*(?:\[\s*[x\u2713\u2714]\s*\]|\(\s*[x\u2713\u2714]\s*\))", re.IGNORECASE)


def urgency_note(text: str) -> bool:
    """The note is an urgent title alone ("COMMANDE URGENTE"): it says nothing of the items. An unticked form
    option ("☐ Eilbestellung") is none."""
    if UNTICKED.match(text):
        return False
    text = TICKED.sub("", text)  # "[x] EILBESTELLUNG": the option chosen
    return bool(_URGENT_TITLE.match(_NUMBER_TAIL.sub("", fold(text).replace("ß", "ss").lower().strip())))


def urgent_title(rows: list[Row], height: float) -> str | None:
    """The order's title when it says the order is urgent, printed on the upper part of page 1 (its number after it
    aside: "Eilbestellung Nr. 4711"); None otherwise."""
    for row in rows:
        if row.page != 1 or row.y1 > height * URGENT_TITLE_ZONE:
            continue
        for text in [p.text for p in row.phrases] + [row.text]:
            if UNTICKED.match(text):
                continue  # "☐ Eilbestellung": the form's option not chosen
            folded = fold(text).replace("ß", "ss").lower().strip()
            folded = _NUMBER_TAIL.sub("", folded)
            if _URGENT_TITLE.match(folded):
                return text.strip()[:80]
    return None


def short_questions(rows: list[Row], order: ExtractedOrder) -> list[Problem]:
    """QUESTION-TYPED for a short question written on a faxed or scanned page ("KW 51 ?", "KW50?", "dispo ?",
    "10 or 12 ?" in the top margin or beside the items): the words of a row that end with a "?", close together
    (``ASK_GAP`` word heights apart at most: a sentence's spacing, even when the reading split them into phrases), no
    more than ``MIN_WORDS``, which the note readers pass over as too short to be a sentence. A form's contact offer
    ("Questions?", "Fragen?"), "n?" read for "n°" and a lone "?" (a speck, a broken sign) ask nothing. Each once."""
    found: list[Problem] = []
    told = {p.message for p in order.problems}
    places: list[Word] = []  # the "?" of each question named: both readings' words of one question are one
    for row in rows:
        for end, text in _asking_ends(row):
            asked = page_question(text) if _short_question(text) else None
            if asked is None or asked.message in told or any(_same_place(end, w) for w in places) \
                    or _quoted(text, order.problems):
                continue
            told.add(asked.message)
            places.append(end)
            found.append(asked.model_copy(update={"segment": question_place(end)}))
    return found


def question_place(end: Word) -> str:
    """Where a question's "?" stands on the page, in the frame both readings share ("page 1 at 1210,642"): the other
    engine's reading of the same question is named once (``agreement.keep_problems``, review rfax D6). The "?" ends
    the word whichever way a reading split it ("3?", "oder3?"), so its right end and middle height are the place."""
    return f"page {end.page} at {end.x1:.0f},{(end.y0 + end.y1) / 2:.0f}"


_PLACE = re.compile(r"^page (\d+) at (\d+),(\d+)$")


def same_question_place(a: str | None, b: str | None, near: float = 40.0) -> bool:
    """Two ``question_place`` within ``near`` frame pixels of each other (about a word's height at fine)."""
    pa, pb = _PLACE.match(a or ""), _PLACE.match(b or "")
    return bool(pa and pb) and pa.group(1) == pb.group(1) and abs(int(pa.group(2)) - int(pb.group(2))) <= near \
        and abs(int(pa.group(3)) - int(pb.group(3))) <= near


def _same_place(a: Word, b: Word) -> bool:
    return a.page == b.page and min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)


def _quoted(text: str, problems: list[Problem]) -> bool:
    """A note reader already held the row the question stands on, quoting it (review rfax D6: a form's printed
    "Teillieferung erlaubt? [X] ja [ ] nein" named once)."""
    return any(p.code in ("QUESTION-TYPED", "PRICE-REQUEST") and text in p.message for p in problems)


def _asking_ends(row: Row) -> list[tuple[Word, str]]:
    """Each run of the row's words that ends with a word ending in "?", back to a gap wider than ``ASK_GAP``, with
    that word."""
    words = [w for p in row.phrases for w in p.words]
    out = []
    for j, word in enumerate(words):
        if not word.text.endswith("?"):
            continue
        i = j
        while i > 0 and words[i].x0 - words[i - 1].x1 <= ASK_GAP * max(words[i].y1 - words[i].y0, 1.0):
            i -= 1
        if min(w.conf for w in words[i:j + 1]) >= ASK_SURE:  # a stamp's ink read as "Tucan?" asks nothing
            out.append((word, " ".join(w.text for w in words[i:j + 1])))
    return out


ASK_GAP = 2.5  # word heights: the words of one short question are no further apart
ASK_SURE = 0.5  # OCR confidence of each of its words: less is ink read as letters (a stamp's frame, a scribble),
# which the readers of marks (``hand_marks``, ``stray_marks``) judge


def _short_question(text: str) -> bool:
    words = text.split()
    return text.endswith("?") and 0 < len(words) <= MIN_WORDS and len(re.findall(r"[^\W_]", text)) >= 2 \
        and not _OFFER_WORD.search(fold(text).lower())


# a printed form's offer of help in two or three words ("Questions?", "Fragen?", "Des questions ?", "Need help?")
_OFFER_WORD = re.compile(r"\b(?:questions?|(?:ruck)?fragen|help|hilfe|aide|renseignements?|contact)\b")

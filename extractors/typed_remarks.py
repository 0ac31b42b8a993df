"""Lines of a typed order that are no order line and no unread line, each with its own reading (an e-mail body's,
``extractors.mail.body_text``; the same readings serve a printed or faxed page's notes, ``extractors.capture.page_notes``):

* a sign-off after the items: initials ("S.", "J.P.") or one capitalised name ("Mike") on the last
  line, not right under an item line (a bare "Toner" under the items stays ``LINE-UNREAD``);
* a delivery wish without a date ("livraison semaine prochaine svp", "delivery next week please",
  "Lieferung nächste Woche bitte"): the order's ``DELIVERY-DATE-MISSING``, with the sentence quoted,
  held whatever the customer's default lead time;
* a question on prices ("please confirm the price of TP-1002", "merci de nous indiquer vos prix",
  "bitte Preis bestätigen"): ``PRICE-REQUEST``, held for a person to answer;
* a cancellation or removal ("please cancel TP-1006", "annuler la ligne 2", "TP-1006 bitte
  stornieren"), also as a condition after an item ("2 x TP-1006 (cancel if out of stock)"):
  ``CANCEL-TYPED``, held, never read as a plain order of that item;
* an addition to an order already sent ("please add 2 x TP-1006 to our PO 4711", "merci d'ajouter ... à
  notre commande", "bitte zur Bestellung 4711 noch 2 x ... hinzufügen", "bitte ergänzen Sie Bestellung 4711
  um ...", "further to our order 4711, please also send ...", "en complément de notre commande ...",
  "zu unserer Bestellung 4711 bitte noch ..."): ``ADDITION-TYPED``, held, so a person adds it to that
  order rather than open a new one; also when the items on that line were read (they are shown, held).

* a change of an order's date, quantities or address ("please change the delivery date to ...", "den
  Liefertermin verschieben", "décaler la livraison"), a date typed in place of another ("merci de livrer le
  12/12 au lieu du 10/12", on the delivery date): ``CHANGE-TYPED``, held for a person to apply;
* a question or a condition on shipping anywhere in the message outside the items and the signature
  ("Before you ship, can you check the stock?", "Pouvez-vous confirmer le délai ?", "Ist der Artikel noch
  lieferbar?", "only if ...", "call me before ...", partial deliveries said any way but plainly allowed:
  "Teillieferungen sind nicht erlaubt", "please do not ship partial", also on a line otherwise unread):
  ``QUESTION-TYPED``, held for a person to answer; a
  question that introduces the items ("Could you send the following?") or only asks to confirm receipt
  is none; one asking for a quote, a proforma or samples of them ("Could you send us a quote for the items
  below?", "Pourriez-vous nous envoyer un devis ... ?", "Könnten Sie uns Muster ... zusenden?") is no order:
  ``PRICE-REQUEST`` or ``QUESTION-TYPED``.

Each reading names the line it comes from, so a person sees why the order waits.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.collection import collection_problem
from extractors.delivery_conditions import consequence, full_pallet, full_pallet_problem, pack_more
from extractors.change_requests import change_request
from extractors.locale_values import fold
from extractors.named_sites import site_in_words
from extractors.note_furniture import NOTE_LABEL
from extractors.split_notes import splits_delivery
from extractors.delivery_words import DELIVERY_STEMS
from extractors.weekdays import DAY_NAMES, FULL_WEEKDAY, SHORT_DAY_NAMES
from gateway.model import Problem

_INITIALS = re.compile(r"^(?:[A-Z]\.?\s*){1,3}$|^(?:[A-Z]\.\s*)?[A-Z][a-zäöüéèëï]+(?:\s+[A-Z]\.?)?$")
_VAGUE_WHEN = re.compile(
    r"\b(?:next|this|coming|end\s+of\s+(?:the\s+)?)\s*(?:week|month)\b|\bas\s+soon\s+as\s+possible\b|\bsoon\b"
    r"|\bsemaine\s+prochaine\b|\bcette\s+semaine\b|\bmois\s+prochain\b|\bfin\s+(?:de\s+)?(?:la\s+)?(?:semaine|mois)\b"
    r"|\bdes\s+que\s+possible\b|\bau\s+plus\s+vite\b|\brapidement\b"
    r"|\bnachste(?:n)?\s+woche\b|\bdiese(?:r)?\s+woche\b|\bnachsten\s+monat\b|\bende\s+(?:der\s+)?(?:woche|monat)\b"
    r"|\bbaldmoglichst\b|\bmoglichst\s+bald\b|\bso\s+bald\s+wie\s+moglich\b")
_DELIVERY = re.compile(r"\b(?:deliver(?:y|ed)?|ship(?:ping|ment|ped)?|need(?:ed)?|livr(?:aison|er|e|ez)|expedi"
                       r"(?:tion|er)|lieferung|liefern|geliefert|liefertermin|versand|zustellung)\b")
_PRICE_WORDS = re.compile(r"\b(?:price|prices|pricing|quote|quotation|estimate|pro\s*-?\s*forma|prix|tarif|tarifs"
                          r"|devis|cotation|preis|preise|angebot|kostenvoranschlag|preisangebot)\b")
_ASKS = re.compile(r"\?|\b(?:confirm|let\s+us\s+know|tell\s+us|send\s+us|what|how\s+much|indiquer|confirmer"
                   r"|communiquer|quel|quels|combien|bestatigen|mitteilen|nennen|wie\s+viel|welche)")
_ADD = re.compile(r"\b(?:add|adding|ajout(?:er|ez|e)|rajout(?:er|ez|e)|hinzu(?:fugen)?|erganz(?:en|t|e)|nachbestell\w*"
                  r"|nachtrag|nachreichen)\b")
_ORDER_WORD = re.compile(r"\b(?:p\.?\s?o|purchase\s+order|order|commande|bestellung|auftrag)\b")
# "further to our order 4711, please also send", "en complément de notre commande", "zusätzlich zu unserer
# Bestellung", "zu unserer Bestellung 4711 bitte noch 4 x ...": more items for an order already sent
_ADD_TO_ORDER = re.compile(
    r"\b(?:further\s+to|in\s+addition\s+to|additional(?:ly)?\s+to|on\s+top\s+of|as\s+an\s+addition\s+to"
    r"|en\s+compl[ée]ment\s+(?:de|a)|en\s+plus\s+de|compl[ée]ment\s+(?:de|a|pour)|zusatzlich\s+zu[mr]?"
    r"|erganzend\s+zu[mr]?|als\s+erganzung\s+zu[mr]?|erganzung\s+zu[mr]?)\s+(?:(?:our|the|my|notre|la|ma|votre"
    r"|unserer|unsere|der|meiner|ihrer)\s+)?(?:existing\s+|current\s+|last\s+|previous\s+|recent\s+)?"
    r"(?:p\.?\s?o|purchase\s+order|order|commande|bestellung|auftrag)\b"
    r"|\bzu[mr]?\s+(?:unserer|unseren|der|meiner|ihrer)\s+(?:bestellung|auftrag)\b.*\bnoch\b"
    r"|\balso\b.*\b(?:with|on|to)\s+(?:our\s+|the\s+|my\s+)?(?:p\.?\s?o|purchase\s+order|order)\b"
    r"|\baussi\b.*\b(?:avec|sur|a)\s+(?:notre\s+|la\s+)?commande\b")
_CANCEL = re.compile(r"\b(?:cancel(?:led|ed)?|remove|delete|drop|annul(?:er|ez|e|ee)|supprim(?:er|ez|e)"
                     r"|retir(?:er|ez)|storn(?:o|ieren|iert)|streichen|gestrichen|entfernen)\b"
                     # "we no longer need the toner", "plus besoin du toner", "brauchen den Toner nicht mehr"
                     r"|\bno\s+longer\s+need|\b(?:don'?t|do\s+not|won'?t)\s+need\b|\bnot\s+needed\b|\bforget\s+(?:about\s+)?the\b"
                     r"|\bscratch\s+the\b|\bplus\s+besoin\b|\bpas\s+besoin\b|\bnicht\s+mehr\s+(?:notig|benotigt|brauchen|gebraucht)"
                     r"|\bbrauchen\b.*\bnicht\s+mehr\b|\bentfallt\b|\bentfallen\b")

# A condition on shipping or a question the customer wants answered before the goods go: "Before you ship,
# ...", "avant d'expédier ...", "vor dem Versand ...", "only if ...", "call me before ...", "...?"
_CONDITION = re.compile(
    r"\bbefore\s+(?:you\s+|we\s+)?(?:ship|send|dispatch|deliver)\w*|\bavant\s+(?:d'|de\s+|l'|la\s+)?"
    r"(?:expedi\w*|livr\w*|envo\w*)|\bvor\s+(?:dem\s+|der\s+)?(?:versand|lieferung|versenden|auslieferung|liefern)"
    r"|\bonly\s+if\b|\buniquement\s+si\b|\bseulement\s+si\b|\bnur\s+(?:wenn|falls)\b"
    r"|\b(?:call|contact|phone|ring)\s+(?:me|us)\b|\b(?:appele[rz]|contacte[rz])[- ](?:moi|nous)\b"
    r"|\brufen\s+sie\s+(?:mich|uns)\b"
    # no partial delivery: "Keine Teillieferungen", "no partial shipments", "pas de livraison partielle", "ship complete"
    r"|\bkeine\s+teillieferung(?:en)?\b|\bnur\s+(?:komplett|vollstandig|gesamt)\w*|\bno\s+partial\s+(?:deliver(?:y|ies)|shipments?)\b"
    r"|\bno\s+back\s*-?orders?\b|\bship\s+complete\b|\bcomplete\s+(?:deliver(?:y|ies)|shipments?)\s+only\b"
    r"|\bpas\s+de\s+livraisons?\s+partielles?\b|\blivraison\s+(?:complete|totale)\s+uniquement\b")
# A call ahead of the goods' arrival ("Please call before delivery", "call us 1 hour before arrival", "vor der
# Anlieferung anrufen", "appeler avant la livraison"): a notice for the carrier, no condition; a call before the
# goods are sent ("before you ship", "vor dem Versand anrufen") still is one (the customer may stop them)
_CALL_AHEAD = re.compile(
    # who calls, said before it ("Driver will call before delivery", "le livreur doit appeler avant la livraison")
    r"(?:\b(?:(?:the|our|your|le|notre|votre|der|ihr|unser)\s+)?(?:driver|carrier|courier|chauffeur|fahrer|spediteur"
    r"|transporteur|livreur)\s+(?:will|should|must|shall|to|please|soll|muss|bitte|doit|devra|va)\s+)?"
    r"\b(?:call|phone|ring|notify|contact|anrufen|appele[rz]|telephone[rz]|prevenir|prevenez)\s+(?:(?:me|us|moi|nous|our"
    r"|the|receiving|desk|\d+\s*\w+|[a-z]+(?:-[a-z]+)?|(?:mr|mrs|ms|dr|m|mme|mlle|hr|fr)\.)\s+){0,4}?(?:before|prior\s+to|ahead\s+of"
    r"|avant)\s+"
    r"(?:the\s+|la\s+|l'|votre\s+|your\s+)?"
    r"(?:delivery|arrival|arriving|livraison|arrivee)\b"
    r"|(?:\bunter\s+phonenumber\s+|\bphonenumber\s+)?(?:(?:\d+|eine?|zwei|drei)\s+(?:std\.?|stunden?|min\.?|minuten)\s+)?"
    r"\bvor\s+(?:der\s+)?(?:anlieferung|ankunft|zustellung|lieferung)\s+(?:\w+\s+){0,2}?anrufen\b")
# a phone number (not a date), with its extension: it is the number to call, written before or after the call ahead
_PHONE = re.compile(r"(?:\b(?:tel|telefon|phone|fon)\.?\s*:?\s*)?(?<![\w.])\+?\(?\d[\d ()/.-]{5,}\d"
                    r"(?:\s*(?:ext\.?|x|durchwahl|dw\.?|poste)\s*\d{1,5})?(?![\w])")
_DATE_LIKE = re.compile(r"^\D*\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(?:\d{4}|\d{2})$")
# what may stand beside the call ahead with the number: "Tel. 0711 123456", ": 312-555-0188", "unter 0711 ..."
_BESIDE_PHONE = re.compile(r"(?:(?:unter|at|on|au|le|under)\s+)?phonenumber")
# Someone to sign for the goods ("Deliver only if someone is on site to sign", "signature required on delivery",
# "must be signed for", "nur gegen Unterschrift", "Lieferung nur gegen Unterschrift", "livraison contre signature"): a
# proof of delivery the carrier takes, a delivery instruction the order carries as its note, no condition on the order
_SIGNED_FOR = re.compile(
    r"\b(?:(?:please\s+)?(?:deliver|ship|drop)\w*\s+only\s+(?:if|when)\s+)?(?:someone|somebody|a\s+person|staff|an?\s+employee)"
    r"\s+(?:is\s+|must\s+be\s+|has\s+to\s+be\s+)?(?:on\s+site|present|there|available|here)\s+to\s+sign(?:\s+for\s+(?:it|them|the\s+\w+))?\b"
    r"|\b(?:someone|somebody|a\s+person)\s+(?:must|has\s+to|needs\s+to|will)\s+sign\s+for\s+(?:it|them|the\s+(?:delivery|goods|parcel|order))"
    r"(?:\s+on\s+site)?\b"
    r"|\b(?:signature|pod)\s+(?:is\s+)?(?:required|needed|mandatory)(?:\s+(?:on|upon|at)\s+(?:delivery|receipt))?\b"
    r"|\b(?:must|to)\s+be\s+signed\s+for\b"
    r"|\b(?:(?:lieferung|anlieferung|ubergabe|zustellung)\s+)?nur\s+gegen\s+unterschrift\b|\bunterschrift\s+(?:bei|nach)\s+(?:der\s+)?"
    r"(?:lieferung|anlieferung|ubergabe)\s+(?:erforderlich|notwendig|notig)\b"
    r"|\b(?:livraison|remise)\s+contre\s+signature\b|\bsignature\s+(?:obligatoire|exigee|requise)(?:\s+a\s+la\s+livraison)?\b"
    # "Lieferschein bitte unterschreiben lassen", "Bitte vom Empfänger quittieren lassen", "faire signer le bon de
    # livraison", "have the delivery note signed", "get it signed"
    r"|\b(?:(?:den\s+|die\s+)?(?:lieferschein|empfang|ware|lieferung)\s+)?(?:bitte\s+)?(?:(?:vom|von)\s+(?:\w+\s+){1,2})?"
    r"(?:unterschreiben|quittieren|abzeichnen|gegenzeichnen)\s+lassen\b"
    r"|\bfaire\s+signer(?:\s+(?:le|la|les)\s+(?:bon\s+de\s+livraison|bl|recepisse|recu|livraison))?\b"
    r"|\b(?:have|get)\s+(?:it|them|the\s+(?:delivery(?:\s+note)?|goods|pod|receipt|docket))\s+signed(?:\s+for)?\b")
# A release the customer keeps for itself, or delivery only when all is available: "Please hold shipment until we
# confirm", "do not ship until further notice", "erst nach Freigabe liefern", "ne pas expédier avant notre
# confirmation", "jusqu'à nouvel ordre", "Nur liefern, wenn komplett lieferbar": the order may not go yet
_RELEASE = re.compile(
    r"\bnur\s+liefern,?\s+(?:wenn|falls)\b|\bliefern\s+sie\s+nur,?\s+(?:wenn|falls)\b|\b(?:komplett|vollstandig)\s+lieferbar\b"
    r"|\b(?:hold|wait|do\s+not\s+(?:ship|send|deliver|dispatch)|don'?t\s+(?:ship|send|deliver|dispatch))\b[^.;]{0,40}?\buntil\b"
    r"|\buntil\s+(?:further\s+notice|we\s+(?:confirm|release|approve|call|tell)|you\s+(?:receive|hear|get))\b"
    r"|\bjusqu'?\s*(?:a|au)\s+(?:nouvel\s+ordre|notre\s+(?:confirmation|accord|feu\s+vert|validation))\b"
    r"|\b(?:expedi|livr|envo)\w*\s+(?:avant|sans)\s+(?:notre|votre)\s+(?:confirmation|accord|feu\s+vert|validation|paiement"
    r"|reglement|acompte)\b"
    r"|\berst\s+nach\s+(?:unserer\s+|ihrer\s+|der\s+|dem\s+)?(?:freigabe|bestatigung|zahlung|anzahlung|eingang|ruckmeldung"
    r"|abruf|rucksprache)\b|\bbis\s+auf\s+weiteres\b|\bbis\s+zur\s+(?:freigabe|bestatigung|zahlung|anzahlung)\b")


# delivery only when the order is complete, said any way and in more languages than fr/de/en: "Deliver only when
# everything is available", "ship only once all lines are in stock", "n'expédier que lorsque tout est disponible",
# "erst liefern, wenn alles da ist", "consegnare solo se completo", "entregar sólo si está completo", "alleen
# volledig leveren", "Livraison uniquement si complète", "Ship complete only"
_ONLY = r"(?:only|just|nur|erst|uniquement|seulement|qu'|que|solo|solamente|unicamente|somente|apenas|alleen|pas|enkel)"
_WHEN = r"(?:when|if|once|after|wenn|falls|sobald|si|lorsque|quand|des\s+que|une\s+fois(?:\s+que)?|se|quando|cuando|als|zodra|indien)"
_ALL = (r"(?:complete|completed|complet|full|entire|whole|gesamte?|ganze|entiere|complete|completes|completa|completo|komplett|vollstandig|volledig|compleet|in\s+full"
        r"|all|alles|alle|everything|every|tout|toute|toutes|tous|tutto|tutti|todo|todos|toda|tudo|available|lieferbar"
        r"|disponibles?|disponibil[ei]|disponibles?|verfugbar|beschikbaar|in\s+stock|auf\s+lager|en\s+stock)")
_COMPLETE_ONLY = re.compile(
    rf"\b{_ONLY}\b[^.;]{{0,30}}?\b{_WHEN}\b[^.;,]{{0,40}}?\b{_ALL}\b"
    # "Deliver once the full order is ready", "Ship when complete", "Complete delivery required"
    rf"|\b(?:deliver|ship|send|dispatch|livr|exped|envoy|liefer|versend|schick)\w*\s+(?:\w+\s+)?{_WHEN}\s+(?:the\s+|la\s+|die\s+)?"
    rf"(?:full|entire|whole|complete|order\s+is\s+complete|commande\s+(?:est\s+)?complete|bestellung\s+(?:ist\s+)?(?:komplett|vollstandig))\b"
    rf"|\b(?:complete|full|komplett|vollstandig)\w*\s+(?:delivery|shipment|lieferung|order)\s+(?:is\s+)?(?:required|needed|requested|only"
    rf"|mandatory|erforderlich|gewunscht|verlangt)\b|\blivraison\s+complete\s+(?:exigee|obligatoire|requise|uniquement)\b"
    rf"|\b{_ONLY}\s+(?:\w+\s+){{0,2}}?(?:complete|complet\w*|komplett|vollstandig|volledig|compleet|completo|completa"
    rf"|in\s+full|in\s+one\s+(?:go|shipment|delivery)|en\s+une\s+(?:seule\s+)?fois|in\s+einer\s+lieferung|in\s+una\s+volta"
    rf"|de\s+una\s+vez|in\s+een\s+keer)\b"
    rf"|\b(?:complete|complet\w*|komplett|vollstandig|volledig|completo|completa|in\s+full)\s+(?:\w+\s+)?{_ONLY}\b")


def release_condition(text: str) -> bool:
    """Whether a note keeps the release for the customer or asks for delivery only when all is available (see
    ``_RELEASE``, ``_COMPLETE_ONLY``): a person confirms it before the order goes, in any format's notes."""
    folded = fold(text).replace("ß", "ss").lower()
    kept = any(not _A_PERSON.search(m.group(0) + re.split(r"[,.;]", folded[m.end():], maxsplit=1)[0])
               for m in _RELEASE.finditer(folded))  # "Nur liefern, wenn jemand da ist": a person present, no release
    return kept or any(not _A_PERSON.search(m.group(0)) for m in _COMPLETE_ONLY.finditer(folded))


# "only when someone is available to sign", "nur wenn jemand da ist": a person present, not the goods complete
_A_PERSON = re.compile(r"\b(?:someone|somebody|anyone|anybody|person|people|staff|staffed|reception|jemand|niemand|person\w*"
                       r"|empfang|quelqu'un|personne|accueil|alguien|qualcuno|iemand)\b")


# The topic of partial deliveries, said any way ("Teillieferungen sind nicht erlaubt", "please do not ship
# partial", "livraisons partielles non acceptées", "split shipments OK"), then its polarity: only a plain "allowed"
# is a note, anything else waits as a condition
_PARTIAL = re.compile(r"\b(?:teil\s*-?\s*lieferung\w*|teillieferbar|teilweise\s+(?:liefer|versend|versand)\w*"
                      r"|partial(?:ly)?|partiel\w*|split\s+(?:shipments?|deliver(?:y|ies))|ship\w*\s+complete"
                      r"|in\s+(?:einer|1)\s+lieferung|komplettlieferung|gesamtlieferung|en\s+une\s+(?:seule\s+)?fois"
                      r"|livraisons?\s+(?:complete|totale|groupee)s?|fractionne\w*|back\s*-?\s*orders?)\b")
_PARTIAL_ALLOWED = re.compile(r"\b(?:ok|okay|fine|allowed|accepted|acceptable|possible|welcome|permitted|erlaubt"
                              r"|moglich|akzeptiert|zulassig|gestattet|in\s+ordnung|autorisees?|acceptees?"
                              r"|possibles?|admises?|bienvenues?)\b")
_NEGATION = re.compile(r"\b(?:not|no|never|nicht|kein\w*|nie|non|pas|ne|n'|jamais|nur|only|uniquement|seulement)\b"
                       r"|n't\b")


def partial_condition(folded: str) -> bool:
    """Whether a line speaks of partial deliveries in any other way than plainly allowing them ("Partial
    deliveries OK", "Teillieferung möglich", "livraisons partielles acceptées" allow; "Teillieferungen bitte
    nicht", "please do not ship partial", "non acceptées" do not)."""
    if not _PARTIAL.search(folded):
        return False
    return not _PARTIAL_ALLOWED.search(folded) or bool(_NEGATION.search(folded.replace("n'", "n' ")))


# "Could you confirm receipt?", "Merci de confirmer la bonne réception de la commande ?": routine, no question
_RECEIPT = re.compile(r"\b(?:confirm\w*|acknowledge\w*|best[a]?tig\w*)\b.*\b(?:receipt|reception|eingang|erhalt"
                      r"|this\s+order|la\s+commande|cette\s+commande|die\s+bestellung|den\s+auftrag)\b")
# "Could you deliver by 18th December?", "Could you arrange the items below on PO 4711?", "Pourriez-vous nous
# faire parvenir les articles suivants ?", "Könnten Sie uns bitte folgende Artikel liefern?": a request to
# order, asked politely (up to ten words between the pronoun and the verb of ordering)
_POLITE_REQUEST = re.compile(
    r"^(?:(?:hi|hello|dear|bonjour|hallo|guten\s+tag)\b[^,;:?]{0,30}[,;:!]?\s*)?"
    r"(?:(?:could|can|would|will)\s+you|(?:would|could)\s+(?:we|i)\s+(?:please\s+)?ask\s+you\s+to"
    r"|(?:pourriez|pouvez|voudriez)[- ]vous|(?:konnten|konnen|wurden)\s+sie)\s+(?:\S+\s+){0,10}?"
    r"(?:deliver|send|ship|supply|dispatch|arrange|process|book|enter|place|prepare|provide|organi[sz]e|get"
    r"|livrer|envoyer|expedier|faire\s+parvenir|preparer|fournir|traiter|enregistrer|prendre\s+en\s+compte"
    r"|liefern|senden|schicken|zusenden|zustellen|bereitstellen|besorgen|bearbeiten|erfassen|versenden)\b")
# What a polite request may not ask about to stay a request: prices, stock, whether or when
_POLITE_ASKS = re.compile(r"\b(?:price|prices|prix|tarifs?|preis\w*|stock|lager\w*|available|availability|disponib\w*"
                          r"|lieferbar|when|quand|wann|whether|if(?!\s+possible)|ob|si(?!\s+possible)|how|combien|wie|tell|dire|sagen|let\s+(?:me|us)"
                          r"\s+know|lead\s+time|delai|lieferzeit"
                          # what is asked for is no goods: a quote, a proforma, samples, a catalogue
                          r"|quote|quotes|quotation|offer|estimate|pro\s*-?\s*forma|samples?|catalog(?:ue)?s?"
                          r"|brochures?|devis|offre|proposition|cotation|echantillons?|catalogues?"
                          r"|angebot\w*|kostenvoranschlag|proforma\w*|muster\w*|katalog\w*|prospekt\w*"
                          # a second question joined on: "..., or are they on back order?", "ou sont-ils ...", "oder ..."
                          r"|back\s*-?\s*orders?|ruckstand|rupture|or\s+(?:are|is|do|does|will|would|can|should)"
                          r"|ou\s+(?:sont|est|faut|pouvez|devons)|oder\s+(?:sind|ist|mussen|konnen|sollen|gibt))\b")
_ABOUT_GOODS = re.compile(r"\b(?:price|prix|preis|stock|lager|available|availability|disponib\w*|lieferbar"
                          r"|date|delai|termin|when|quand|wann)\b")


# What may stand beside a call ahead and keep it a notice: politeness, the dock, gate or door the truck uses
# ("Please call before delivery, dock 3", "..., deliver to gate 5", "Bitte vor der Anlieferung anrufen, Tor 2")
_BESIDE_CALL = re.compile(
    r"(?:please|pls|kindly|bitte|merci(?:\s+de|\s+d')?|svp|s'il\s+vous\s+plait|thanks?(?:\s+you)?|danke(?:\s+schon)?)?\s*"
    r"(?:(?:deliver\w*|unload\w*|use|come\s+to|report\s+to|go\s+to|anlieferung|anliefern|lieferung|livraison|livrer"
    r"|entladen)\s+)?(?:(?:at|to|via|through|uber|an|a|au|par|am|zu[mr]?)\s+)?(?:the\s+|our\s+|la\s+|le\s+|l'|die\s+"
    r"|den\s+|das\s+)?(?:(?:rear\s+|side\s+|back\s+|front\s+|main\s+|receiving\s+|delivery\s+|unloading\s+|goods[-\s]in\s+)?(?:dock|door|gate|bay|ramp|rampe|tor|quai|porte"
    r"|loading\s+dock|entrance|eingang|einfahrt|hall|halle)\s*(?:no\.?\s*|nr\.?\s*|n°\s*|#\s*)?(?:[a-z]|\d{1,3}[a-z]?))?"
    r"\s*(?:please|pls|bitte|merci|svp|thanks?(?:\s+you)?|danke)?")
# the code that opens the site's gate or door: "Gate code 4411", "Torcode 1234", "code portail 2580"
_ACCESS_CODE = re.compile(r"(?:gate|door|access|entry|tor|zugangs|zufahrts|portail|porte|acces)\s*-?\s*code"
                          r"\s*(?:portail\s*)?:?\s*#?\s*[a-z0-9*#-]{1,10}|code\s+(?:du\s+)?(?:portail|porte|acces)\s*:?\s*[a-z0-9*#-]{1,10}")
# the order's delivery date said beside a call ahead ("Livraison souhaitée le 11/12/2026. Merci d'appeler ...",
# "Liefertermin 10.12.2026.", "Delivery on 12/10/2026."): a date alone, which the date readers compare with the order's
_DATE_CLAUSE = re.compile(
    r"(?:(?:requested|desired|wanted|planned)\s+)?(?:delivery(?:\s+date)?|deliver|livraison|date\s+de\s+livraison|a\s+livrer|livrer"
    r"|liefertermin|lieferdatum|lieferung|anlieferung|wunschtermin)"
    r"(?:\s+(?:souhaitee|prevue|demandee|requested|wanted|gewunscht|erwunscht))?\s*:?"
    r"(?:\s+(?:on|by|le|pour\s+le|am|zum|for))?\s+\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(?:\d{4}|\d{2})")
_BESIDE_SPLIT = re.compile(r"\s*(?:[,;]|\.(?:\s+|$)|\s[-\u2013\u2014]\s|\b(?:and|und|et)\b)\s*")


def _with_phones_marked(folded: str) -> str:
    """``folded`` with each phone number as "phonenumber"; a date ("18.12.2026") is no phone number."""
    return _PHONE.sub(lambda m: m.group() if _DATE_LIKE.search(m.group()) else "phonenumber", folded)


def _without_call_ahead(folded: str) -> str | None:
    """``folded`` without its call-ahead phrase when that phrase is all it asks: every other clause is
    politeness, a dock, gate or door, the code that opens it, or the delivery date alone ("Please call before
    delivery, dock 3", "Gate code 4411 - please call 20 minutes before arrival", "Livraison souhaitée le 11/12/2026.
    Merci d'appeler 30 minutes avant la livraison": the date readers compare that date with the order's). Beside anything else ("...,
    do not deliver", "..., deliver on Saturday only", "..., otherwise leave at gate 2", "..., pas de livraison
    le samedi", "..., sonst vor der Tür abstellen") the remark holds as a condition, a call ahead written in any
    language: a person reads it."""
    folded = NOTE_LABEL.sub("", folded, count=1)  # "Notes: call ... before delivery": the label asks nothing
    numbered = _with_phones_marked(folded)
    rest = _SIGNED_FOR.sub(" , ", _CALL_AHEAD.sub(" , ", numbered))  # a signature on delivery is a notice too
    if rest == numbered:
        return folded
    clauses = [c.strip(" .!:\u2013\u2014-") for c in _BESIDE_SPLIT.split(rest)]
    if all(not c or _BESIDE_CALL.fullmatch(c) or _ACCESS_CODE.fullmatch(c) or _BESIDE_PHONE.fullmatch(c)
           or _DATE_CLAUSE.fullmatch(c) for c in clauses):
        return rest
    return None  # in any language, a call ahead with more beside it than a dock or gate holds


# a clause that is a weekday rule and nothing more ("deliver on Thursday only", "keine Anlieferung samstags",
# "livraison du lundi au vendredi uniquement", "Mo-Fr"): a weekday, and only the words of such a rule beside it
_DAY_WORDS = {w for names in (*DAY_NAMES, *SHORT_DAY_NAMES) for n in names for w in (n, n + "s")}
_WEEKDAY_RULE_WORD = re.compile(
    rf"(?:{DELIVERY_STEMS}|deliveries|only|nur|uniquement|seulement|exclusively|ausschliesslich|no|not|never|keine?|nicht"
    r"|pas|aucune?|de|du|des|le|les|la|on|am|an|the|at|from|to|bis|au|a|between|zwischen|entre|von|and|und|et|or|oder|ou"
    r"|except|ausser|sauf|please|pls|bitte|merci|svp|thanks?|danke|we|wir|nous|accept|receive|annehmen|acceptons"
    r"|recevons|can|konnen|pouvons|weekdays?|werktags?|wochentags?|jours?|ouvres|ouvrables)")
_HOURS = re.compile(r"(?:(?:from|von|de|ab|bis|to|a|between|zwischen|entre|till|until)\s*)?\d{1,2}(?:[:.h]\d{2})?\s*(?:h|uhr|am|pm)?"
                    r"(?:\s*(?:-|\u2013|to|bis|a|and|und|et)\s*\d{1,2}(?:[:.h]\d{2})?\s*(?:h|uhr|am|pm)?)?")


_ONLY = re.compile(r"\s*\b(?:only|nur|uniquement|seulement)\b")


def _weekday_clause(clause: str) -> bool:
    """A clause that says which weekdays deliveries are taken, and nothing more."""
    words = re.findall(r"[^\W\d_]+", clause)
    named = any(w in _DAY_WORDS and len(w) >= 3 for w in words) \
        or any(a in _DAY_WORDS and b in _DAY_WORDS for a, b in re.findall(r"\b([a-z]{2,3})\.?\s*-\s*([a-z]{2,3})\b", clause))
    return bool(named) and all(w in _DAY_WORDS or _WEEKDAY_RULE_WORD.fullmatch(w) for w in words) \
        and not re.search(r"\d", re.sub(r"[^\W\d_]+", " ", clause))


def notices_only(text: str) -> bool:
    """A remark or a note that is delivery notices and nothing more: a call ahead, someone to sign, a weekday rule,
    receiving hours, politeness, a dock, gate or door or its code ("Signature required on delivery, dock 3",
    "Please deliver on Thursday only"). Beside anything else ("..., otherwise return the goods", "..., and cancel
    the lamps", "Thursday only, please double the stapler quantity") the sentence is a condition a person reads:
    the one test of typed remarks and of every format's notes."""
    folded = NOTE_LABEL.sub("", fold(text).replace("ß", "ss").lower(), count=1)
    rest = _SIGNED_FOR.sub(" , ", _CALL_AHEAD.sub(" , ", folded))
    clauses = [c.strip(" .!") for c in _BESIDE_SPLIT.split(rest)]
    return "?" not in text and all(not c or _BESIDE_CALL.fullmatch(_ONLY.sub("", c).strip()) or _ACCESS_CODE.fullmatch(c)
                                   or _weekday_clause(c) or _HOURS.fullmatch(c) for c in clauses)  # "DOCK 9 ONLY"


def condition_beside_notice(text: str) -> bool:
    """A call ahead, someone to sign or a weekday rule with something else beside it that is no notice ("Deliver
    only if someone is on site to sign, otherwise return the goods", "Thursday only, please double the stapler
    quantity"): the notice does not make the sentence harmless, a person reads it."""
    folded = NOTE_LABEL.sub("", fold(text).replace("ß", "ss").lower(), count=1)
    said = bool(_SIGNED_FOR.search(folded) or _CALL_AHEAD.search(folded)) \
        or any(_weekday_clause(c.strip(" .!")) for c in _BESIDE_SPLIT.split(folded))
    return said and not notices_only(text)


def notice_condition(text: str) -> Problem:
    """``QUESTION-TYPED`` for a delivery notice with a condition beside it (``condition_beside_notice``)."""
    return Problem(code="QUESTION-TYPED", severity="error", element="notes",
                   message=f"a delivery notice (a call ahead, a signature, a weekday) stands beside a condition, a "
                           f"person reads it before the order goes: {text.strip()[:120]!r}")


def signature_notice(text: str) -> bool:
    """A remark asking someone to sign for the goods, with nothing beside it but politeness, a dock or a gate, or a
    call ahead ("Deliver only if someone is on site to sign", "Livraison contre signature, quai 2"): the order's
    delivery instruction, carried as its note."""
    folded = fold(text).replace("ß", "ss").lower()
    return bool(_SIGNED_FOR.search(folded)) and _without_call_ahead(folded) is not None and "?" not in text


# a "?" inside a word is a letter lost in transcoding ("FRAU M?LLER", "Gr??e"), no question mark
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?+(?=[^\W\d_])")


def question(text: str) -> Problem | None:
    """``QUESTION-TYPED`` for a question or a condition on shipping typed beside the items ("Before you ship,
    can you check the stock?", "Pouvez-vous nous confirmer le délai ?", "Ist der Artikel lieferbar?"): a
    person answers it before the order goes; a request to confirm receipt is no question. The "°" of "n°"
    that a fax's OCR reads as "?" ("Objet : notre commande n? RB-55120") asks nothing (``number_sign``)."""
    text = number_sign(text)
    folded = fold(text).replace("ß", "ss")
    asks = "?" in _LOST_LETTER.sub("", text) and not (_RECEIPT.search(folded) and not _ABOUT_GOODS.search(folded)) \
        and not polite_request(folded)
    conditions = _without_call_ahead(folded.lower())  # "Please call before delivery": a notice for the carrier
    if not (asks or conditions is None or _CONDITION.search(conditions) or partial_condition(folded) or release_condition(folded)
            or splits_delivery(folded)):  # "..., deliver half now and the rest later": shipments a person plans
        return None
    return Problem(code="QUESTION-TYPED", severity="error", element="lines",
                   message=f"the customer asks a question or sets a condition, a person answers before the "
                           f"order goes: {text.strip()[:120]!r}")


# "n?" / "N?" / "No?" before a number or a code: OCR's reading of "n°" ("commande n? RB-55120", "N?4711"), and
# a form's label at the start of a line or cell: "N?" / "No?" then the label's noun then its value, a code or a
# colon ("N? de commande : RB945967", "N? client 4711", "N? TVA: FR...", "N? de bon de commande : BC-77"): the
# label asks nothing. A "no?" closing a clause ("..., no? Fax us if ...", "... or no? Ref. our quote") is a
# question whatever word follows it: after a comma or "or/oder/ou/o" nothing is put back.
_LABEL_NOUN = (r"(?:commande|cde|cmd|client|compte|facture|fournisseur|livraison|bon|devis|dossier|contrat|article"
               r"|art|tva|siret|siren|t[eé]l[eé]phone|t[eé]l|fax|lot|s[eé]rie|r[eé]f[eé]rence|bl|bc|ref|r[eé]f)")
_NUMBER_SIGN = re.compile(r"(?<![^\W\d_])([nN][oO]?)\s?\?(?=\s?[A-Za-z]{0,4}[-./]?\d)")
_LABEL_SIGN = re.compile(r"(?:^|(?<=[|\t\n])|(?<=\s\s))(\s*[nN][oO]?)\s?\?(?=\s?(?:(?:de|du|d'|des)\s+(?:la\s+|bon\s+de\s+)?)?"
                         + _LABEL_NOUN + r"\b\.?\s*(?:[:#]|[^\s\d]{0,4}[-./]?\d))", re.IGNORECASE)
# what ends a clause before a tag question: "..., no?", "... or no?", "... oder no?"
_CLAUSE_END = re.compile(r"(?:[,;]|\b(?:or|oder|ou|o|oppure|u)\s)\s*$", re.IGNORECASE)


def number_sign(text: str) -> str:
    """``text`` with the "?" OCR read for the "°" of "n°" before a number, or in a label at a line's or cell's
    start, put back as "°"; a "no?" ending a clause stays a question."""
    def sign(m: re.Match[str]) -> str:
        return m.group(0) if _CLAUSE_END.search(m.string[:m.start()]) else m.group(1) + "°"
    return _NUMBER_SIGN.sub(sign, _LABEL_SIGN.sub(sign, text))


def polite_request(folded: str) -> bool:
    """A question that is a request to order ("Could you arrange the items below on PO 4711?", "Pourriez-vous
    nous livrer ... ?", "Könnten Sie uns bitte ... liefern?"), asking nothing about prices, stock or dates."""
    text = folded.strip(" -*")
    return bool(_POLITE_REQUEST.search(text)) and not _POLITE_ASKS.search(text.split("?")[0])


# after the closing: "PS:", "P.S.", "NB" open a remark; "only if", "before you ship" set a condition
_POSTSCRIPT = re.compile(r"^\s*(?:p\.?\s?s\.?|n\.?\s?b\.?)(?:\s|:|$)")
_LATE_CONDITION = re.compile(
    r"\bbefore\s+(?:you\s+|we\s+)?(?:ship|send|dispatch|deliver)\w*|\bavant\s+(?:d'|de\s+|l'|la\s+)?"
    r"(?:expedi\w*|livr\w*|envo\w*)|\bvor\s+(?:dem\s+|der\s+)?(?:versand|lieferung|versenden|auslieferung|liefern)"
    r"|\bonly\s+if\b|\buniquement\s+si\b|\bseulement\s+si\b|\bnur\s+(?:wenn|falls)\b|\bsinon\b|\botherwise\b"
    r"|\bansonsten\b|\bsonst\b")
# "Questions? Call me", "Bei Fragen rufen Sie mich an": the signature's offer, no question about the order
_OFFER = re.compile(r"\b(?:call|contact|phone|ring|email|e-mail)\s+(?:me|us)\b|\b(?:appele[rz]|contacte[rz])[- ](?:moi|nous)\b"
                    r"|\brufen\s+sie\s+(?:mich|uns)\b|\b(?:fragen|questions|rueckfragen|ruckfragen)\s*\?")


def asks_after_closing(text: str) -> bool:
    """Whether a line from the closing on (the closing line itself, a PS) still asks or sets a condition
    ("Thanks! Is the stapler in stock?", "PS: only if you can deliver by Friday, otherwise cancel."): it is
    read as the lines above it are (``requests``); a signature's "Questions? Call me" is none."""
    text = number_sign(text)
    folded = fold(text).replace("ß", "ss").lower()
    if _OFFER.search(folded):
        return False
    return "?" in text or bool(_POSTSCRIPT.match(folded)) or bool(_LATE_CONDITION.search(folded)) \
        or partial_condition(folded)  # "Merci de ne pas livrer partiellement."


def page_question(text: str) -> Problem | None:
    """``question`` for a sentence printed on an order's page or fax ("Notes: Before you ship, please call me
    to confirm the stock", "Bemerkungen: Keine Teillieferung!"), less a contact line's offer ("Questions?
    Call us on ...", "Bei Rückfragen rufen Sie uns an") which every printed form carries."""
    folded = fold(text).replace("ß", "ss").lower()
    if (_OFFER.search(folded) or _PAGE_OFFER.search(folded)) and not _CONDITION_ONLY.search(folded):
        return None
    if partial_condition(folded) and _WITH_CONSENT.search(folded):
        return None  # a term of purchase: "Teillieferungen nur nach vorheriger Absprache", "require prior approval"
    return question(text)  # any other question holds: "Can you swap line 2 for the blue version?" (review rev2 #16)


# review rev1 D4: a printed form's contact lines and terms, and what a page's question must ask about
_PAGE_OFFER = re.compile(r"\bquestions?\b[^?]{0,60}\?|\bcontact\s+(?:us|me|mr|mrs|ms|our|the\s+(?:buyer|purchas\w*))\b"
                         r"|\bkontaktieren\s+sie\b|\bwenden\s+sie\s+sich\b|\bn'?hesitez\s+pas\b"
                         r"|\b(?:bei|fur)\s+(?:ruck)?fragen\b|\bpour\s+tout(?:e)?\s+(?:question|renseignement)|\bdid\s+you\s+know\b")
_WITH_CONSENT = re.compile(r"\b(?:absprache|rucksprache|zustimmung|genehmigung|freigabe|approv\w*|consent|agreement"
                           r"|accord|autorisation|authori[sz]ation|einverstandnis)\b")

# what makes a line with a contact offer still a condition: "before you ship, call me", "keine Teillieferung"
_CONDITION_ONLY = re.compile(r"\bbefore\s+(?:you\s+|we\s+)?(?:ship|send|dispatch|deliver)\w*|\bavant\s+(?:d'|de\s+|l'|la\s+)?"
                             r"(?:expedi\w*|livr\w*|envo\w*)|\bvor\s+(?:dem\s+|der\s+)?(?:versand|lieferung|versenden"
                             r"|auslieferung|liefern)")


def requests(texts: list[str]) -> list[Problem]:
    """The named reasons of lines outside the items (a cancellation, an addition, a price question, a
    vague delivery wish, another question or a condition), each line once."""
    return [p for p in (remark(text) or change_request(text) or question(text) for text in texts) if p is not None]


def cancels(text: str | None) -> bool:
    """Whether the text speaks of cancelling or removing ("cancel if out of stock", "bitte stornieren")."""
    return bool(text) and bool(_CANCEL.search(fold(text or "")))


def sign_off(text: str, after_item: bool, last: bool) -> bool:
    """Initials or a lone name closing the message, not right under an item line."""
    return last and not after_item and len(text) <= 30 and bool(_INITIALS.match(text.strip()))


def vague_delivery(text: str) -> bool:
    """A delivery wish with no date in it ("livraison semaine prochaine svp")."""
    folded = fold(text)
    return bool(_DELIVERY.search(folded) and _VAGUE_WHEN.search(folded)) and not re.search(r"\d", folded)


def adds_to_order(text: str) -> bool:
    """Whether the line asks to add items to an order already sent ("please add 3 x X to PO 4711", "merci
    d'ajouter ... à la commande", "bitte ergänzen Sie Bestellung 4711 um ...", "further to our order 4711")."""
    folded = fold(text).replace("ß", "ss")
    return bool((_ADD.search(folded) and _ORDER_WORD.search(folded)) or _ADD_TO_ORDER.search(folded))


def addition(text: str) -> Problem:
    return Problem(code="ADDITION-TYPED", severity="error", element="lines",
                   message=f"an addition to an order already sent is typed, a person adds it: {text.strip()[:120]!r}")


# "free of charge", "no charge", "FOC", "(sample)", "replacement for ...", "gratuit", "(échantillon)", "offert",
# "kostenlos", "unberechnet", "ohne Berechnung", "als Muster", "Ersatz für ...": a line not to be billed as ordered.
# A billing phrase, never a bare noun of a product's name ("Ersatzminen", "Replacement blades", "Lames de
# remplacement", "Tapete Muster Karo", "free-standing", "Relais 24V N/C" for normally closed)
_SAMPLE_WORD = r"(?:samples?|replacements?|muster|ersatz|echantillons?|remplacement|warranty|garantie)"
_NOT_BILLED = re.compile(
    r"(?<![\w-])(?:free\s+of\s+charge|no\s+charge|f\.?o\.?c|at\s+no\s+(?:cost|charge)|complimentary"
    r"|gratuit\w*|gratis|offert\w*|sans\s+frais|a\s+titre\s+gracieux|en\s+garantie|sous\s+garantie"
    r"|kostenlos|kostenfrei|unberechnet|ohne\s+berechnung|gewahrleistung|garantiefall"
    # a replacement delivery, normally not billed: "Ersatzlieferung", "replacement delivery", "livraison de
    # remplacement" (the delivery word itself, not a product's "Ersatzminen", "Replacement blades")
    r"|ersatz-?lieferung|replacement\s+(?:delivery|shipment)|livraison\s+de\s+remplacement"
    r"|envoi\s+de\s+remplacement)(?![\w-])"
    # "free" as a word of its own, not a product's "free-standing", "free flow", "lead-free"
    r"|(?<![\w-])free(?=\s*(?:$|[)\],;:!.]|\s(?:samples?|replacements?|items?|units?|goods|please|pls)\b))"
    # "n/c" set apart as a price: "- n/c", "(n/c)", "@ n/c", not an electrical "24V N/C contact"
    r"|(?:^|[-–,;:(@]|\bprice)\s*n/c\s*(?:$|[)\],;.])"
    # "as a sample", "als Muster", "comme échantillon", "en remplacement", "under warranty"
    rf"|\b(?:as|als|comme|en|under|sous|unter|im|zur)\s+(?:an?\s+|une?\s+|des\s+|the\s+)?{_SAMPLE_WORD}(?![\w-])"
    # the word alone in brackets or after a dash: "(sample)", "- replacement", "(Muster)"
    rf"|(?:^|[(\[,;:]|\s[-–]|^[-–])\s*{_SAMPLE_WORD}\s*(?:$|[)\],;])"
    # a sample word ending the line: "1 x KB-2210 sample", "1 Stk KB-2210 Muster" (a "Sample tubes" goes on)
    r"|\s(?:samples?|muster|echantillons?)\s*[.!]?\s*$"
    # "replacement for damaged cans", "Ersatz für defekte Lieferung"
    r"|\b(?:replacement|ersatz)\s+(?:for|fur)\s+(?:the\s+|die\s+|den\s+|das\s+|our\s+|unsere?\w*\s+)?"
    r"(?:damaged|defect\w*|broken|faulty|missing|wrong|beschadig\w*|defekt\w*|fehlend\w*|falsch\w*|kaputt\w*|lost|verlor\w*"
    r"|item|line|delivery|shipment|lieferung|position|artikel|invoice|rechnung|order|bestellung|\w+-?\d)")


def not_billed(text: str | None) -> Problem | None:
    """``CHARGE-FREE-TYPED`` for an item the customer marks as not to be billed ("(sample, free of charge)",
    "(échantillon gratuit)", "kostenlos als Muster", "no charge - replacement for damaged cans"): a person
    settles the price, the ERP never bills it at list price unseen."""
    if not text or not _NOT_BILLED.search(fold(text).replace("ß", "ss")):
        return None
    return Problem(code="CHARGE-FREE-TYPED", severity="error", element="lines",
                   message=f"an item is marked as not to be billed as ordered, a person settles its price: "
                           f"{text.strip()[:120]!r}")


# "Please invoice to our Cork office", "merci de facturer à ...", "Rechnung bitte an ...", "new billing address":
# where the invoice goes is the ERP's bill-to, which a person sets
_BILLING = re.compile(r"\b(?:invoice\s+(?:to|our|the)|bill\s+(?:to|our)|billing\s+address|invoicing\s+address"
                      r"|factur(?:er|ez|ation)\s+(?:a|au|aux|sur|chez)|adresse\s+de\s+facturation"
                      r"|rechnung\s+(?:bitte\s+)?(?:an|auf|zu)|rechnungs(?:adresse|anschrift|empfanger))\b")


def billing_remark(text: str) -> Problem | None:
    """``BILL-TO-TYPED`` for a line saying where to invoice, wherever it stands (under the items, in what reads
    as a signature's address block)."""
    folded = fold(text).replace("ß", "ss").lower()
    if not (_BILLING.search(folded) and _ASKING.search(folded)):
        return None  # "Billing address: ..." in a signature is no request
    found = remark(text)
    return found if found is not None and found.code == "BILL-TO-TYPED" else None


# "Please quote our PO number on all documents", "quote this order reference on your invoice", "bitte unsere
# Bestellnummer angeben", "merci de rappeler notre numéro de commande": an instruction to repeat the customer's
# reference on the paperwork. "quote" there is no quotation; the words are taken out before prices are looked for
_QUOTE_REFERENCE = re.compile(
    r"\b(?:quote|quoting|state|show|mention|indicate|include|print|put|cite|use|reference|repeat)\s+"
    r"(?:our|the|this|my|your|above|its)?\s*(?:above\s+)?(?:(?:p\.?\s?o\.?|purchase\s+order|order|job)"
    r"\s+(?:number|numbers|no\.?|nr\.?|#|reference|ref\.?)|reference|ref\.?|(?<=our\s)p\.?\s?o\.?)(?![\w-])", re.IGNORECASE)
# ("quote this order" with no number word asks for a quotation: no reference instruction, review rev1 D11)


def without_reference_instructions(folded: str) -> str:
    """``folded`` with its instructions to quote the customer's reference blanked (see ``_QUOTE_REFERENCE``)."""
    return _QUOTE_REFERENCE.sub(" ", folded)


def price_request(text: str, printed: bool = False) -> Problem | None:
    """``PRICE-REQUEST`` for a line asking about prices or for a quote ("please confirm the price of TP-1002",
    "merci de nous confirmer les prix avant livraison"). On a printed or faxed page (``printed``) a form's request
    to confirm the order with its prices ("Bitte bestätigen Sie diesen Auftrag mit Preis und Termin") is the
    usual order confirmation, not a question: there only a line naming no order, or asking before delivery, is one.
    "Please quote our PO number on all documents" asks for no price (``without_reference_instructions``)."""
    folded = without_reference_instructions(fold(text).replace("ß", "ss"))
    if not ((_PRICE_WORDS.search(folded) and _ASKS.search(folded)) or _QUOTE_ASK.search(folded)):
        return None
    if printed and (re.search(r"\b(?:auftrag\w*|bestellung\w*|order|commande|purchase\s+order|receipt|eingang"
                              r"|reception)\b", folded) or _CONFIRM_TERMS.search(folded.lower())) \
            and not _BEFORE_DELIVERY.search(folded):
        return None  # a form's "please confirm price and delivery date by return": the order confirmation asked
    return Problem(code="PRICE-REQUEST", severity="error", element="lines",
                   message=f"the customer asks about prices, a person answers: {text.strip()[:120]!r}")


# "Please confirm price and delivery date by return", "Bitte bestätigen Sie Preis und Liefertermin", "Merci de
# nous confirmer prix et délai": a printed form's request for the order confirmation with its price and date
_CONFIRM_TERMS = re.compile(r"\b(?:confirm|bestatig|confirmer|confirmez)\w*\b.{0,40}\b(?:price|prices|preis\w*|prix)\b"
                            r"\s+(?:and|und|et)\s+(?:\w+\s+)?(?:delivery\s+date|delivery|date|liefertermin|termin|lieferzeit"
                            r"|delai|date\s+de\s+livraison)\b")
_BEFORE_DELIVERY = re.compile(r"\b(?:before|prior\s+to|avant|vor)\s+(?:the\s+|la\s+|l'|der\s+|dem\s+)?(?:delivery|shipping"
                              r"|shipment|dispatch|livraison|expedition|envoi|lieferung|versand|auslieferung)\b")
# "Please note our new delivery address from 1 January: ...", "Neue Lieferadresse ab sofort: ...", "Attention : nouvelle
# adresse de livraison", "we have moved": the customer's place changes, a person sets it (and its places on file)
_NEW_PLACE = re.compile(
    r"\b(?:new|neue[nrs]?|nouvelle|nouvel)\s+(?:delivery\s+|shipping\s+)?(?:address|adresse|anschrift|lieferadresse"
    r"|lieferanschrift|warehouse|lager|entrepot|depot|site|standort)\b"
    r"|\b(?:address|adresse|anschrift|lieferadresse)\s+(?:has\s+changed|hat\s+sich\s+geandert|a\s+change|andert\s+sich)\b"
    r"|\b(?:we\s+have\s+moved|we\s+are\s+moving|we\s+moved|wir\s+sind\s+umgezogen|wir\s+ziehen\s+um"
    r"|nous\s+avons\s+demenage|nous\s+demenageons|changement\s+d'adresse|adressanderung)\b")


_LETTERHEAD = re.compile(r"\b(?:briefkopf|letterhead|letter\s+head|en-tete|entete|in\s+the\s+header)\b")
_DELIVERY_PLACE = re.compile(r"\b(?:deliver\w*|liefer\w*|livr\w*|ship\w*|warehouse|lager|entrepot|depot)\b")


def new_place(text: str) -> Problem | None:
    """``CHANGE-TYPED`` on the ship-to for a note announcing a new delivery address ("Neue Lieferadresse ab
    sofort: ...", "nouvelle adresse de livraison", "we have moved"): a person sets the order's ship-to and the
    customer's places on file, whatever address the order prints."""
    folded = fold(text).replace("ß", "ss").lower()
    if not _NEW_PLACE.search(folded) or (_LETTERHEAD.search(folded) and not _DELIVERY_PLACE.search(folded)):
        return None  # "neue Anschrift im Briefkopf": the company's letterhead address, not where goods go
    return Problem(code="CHANGE-TYPED", severity="error", element="ship_to",
                   message=f"a note announces a new delivery address, a person sets the ship-to: {text.strip()[:120]!r}")


_ASKING = re.compile(r"\b(?:please|pls|kindly|bitte|merci|veuillez|prière|priere|send|schicken|senden|envoyer)\b")


def remark(text: str) -> Problem | None:
    """The named reason of a remark line (a condition with a consequence, a collection by the customer, a pack more
    for an unnamed item, a vague delivery wish, a price question, a cancellation, where to invoice, a condition on
    partial deliveries)."""
    folded = fold(text).replace("ß", "ss")
    quoted = repr(text.strip()[:120])
    said = consequence(text) or collection_problem(text) or pack_more(text)  # "..., sonst Ware zurück", "je passe
    if said is not None:  # prendre la commande jeudi", "un carton de plus pour les échantillons"
        return said
    if full_pallet(text):  # "palette complète svp" under a count of cartons
        return full_pallet_problem(text)
    if _BILLING.search(folded):
        return Problem(code="BILL-TO-TYPED", severity="error", element="bill_to",
                       message=f"where to invoice is typed, a person sets the bill-to: {quoted}")
    if _CANCEL.search(folded):
        return Problem(code="CANCEL-TYPED", severity="error", element="lines",
                       message=f"a cancellation or removal is typed, a person applies it: {quoted}")
    if adds_to_order(text):
        return addition(text)
    if (asked := price_request(text)) is not None:
        return asked
    if vague_delivery(text):
        return Problem(code="DELIVERY-DATE-MISSING", severity="error", element="requested_delivery_date",
                       message=f"a delivery wish without a date: {quoted}")
    if other_place(folded) and names_a_place(text):
        return Problem(code="SHIP-TO-UNSURE", severity="error", element="ship_to",
                       message=f"a delivery place is named without its address, a person sets it: {quoted}")
    if (site := site_remark(text) or new_place(text) or site_in_words(text)) is not None:
        return site
    return question(text) if partial_condition(folded) or release_condition(folded) else None


# "Please deliver to our Glasgow site this time, not Edinburgh", "bitte an unsere Filiale Köln liefern",
# "livrer à notre dépôt de Lyon": a place of the customer's named, but no address a truck can use
_PLACE_VERB = (r"(?:deliver\w*|ship\w*|send\w*|sent|drop\w*|bring|take|livr\w*|expedi\w*|envoy\w*|envoi|achemin\w*"
               r"|parvenir|liefer\w*|schick\w*|versend\w*|senden|zustell\w*|bring\w*)")
_PLACE_PREP = r"(?:to|at|into|an|auf|in|nach|zu[mr]?|a|au|aux|chez|sur|dans|vers)"
_PLACE_DET = r"(?:our|the|my|unser\w*|die|den|der|dem|das|notre|nos|la|le|les|l'|mon|ma)"
_SITE = (r"(?:site|sites|store|shop|branch|warehouse|depot|plant|office|location|facility|premises|yard|hub"
         r"|distribution\s+cent(?:er|re)|job\s*site|\w*filiale|\w*niederlassung|\w*lager|\w*werk|\w*baustelle|\w*buro"
         r"|\w*standort|entrepot|magasin|agence|chantier|usine|succursale|boutique|bureau|etablissement)")
_AT_SITE = rf"\b{_PLACE_PREP}\s+{_PLACE_DET}\s*(?:\w+\s+){{0,2}}{_SITE}\b"
_THIS_TIME = r"\b(?:this\s+time|diesmal|cette\s+fois|instead|stattdessen|ausnahmsweise|exceptionnellement)\b"
_OTHER_PLACE = re.compile(
    rf"\b{_PLACE_VERB}\b.{{0,40}}?{_AT_SITE}|{_AT_SITE}.{{0,40}}?\b{_PLACE_VERB}\b"
    rf"|{_THIS_TIME}.{{0,40}}?{_AT_SITE}|{_AT_SITE}.{{0,40}}?{_THIS_TIME}")
_STREET_OR_CODE = re.compile(r"\d{4,}|\b\d+\s+\w+\s+(?:st|street|road|rd|ave|avenue|lane|way)\b|str(?:asse|\.)\s*\d"
                             r"|\brue\b|\b[a-z]{1,2}\d[a-z\d]?\s+\d[a-z]{2}\b")


_USUAL = re.compile(r"\b(?:as\s+usual|the\s+usual|wie\s+(?:immer|gewohnt|ublich)|comme\s+d'?\s*habitude|habituel\w*"
                    r"|ublich\w*|on\s+file|as\s+always)\b")
_ELSEWHERE = re.compile(r"\b(?:this\s+time|instead|not\s+(?:to\s+)?[A-Z]\w+|diesmal|stattdessen|statt|cette\s+fois"
                        r"|au\s+lieu|plutot|other|another|different|autre|anderen?|anderes|ausnahmsweise|exceptionnellement)\b",
                        re.IGNORECASE)


def names_a_place(text: str) -> bool:
    """The line names which site (a place name after the first word: "our Glasgow site", "Filiale Köln", "dépôt
    de Lyon") or says it is another one ("this time", "instead", "diesmal"); "as usual" with no place named is the one
    on file."""
    folded = fold(text).replace("ß", "ss")
    words = re.findall(r"[^\W\d_][\w'-]*", text)
    proper = [w for w in words[1:] if w[:1].isupper() and w.lower() not in _NOT_NAMES]
    if _USUAL.search(folded):  # "as usual" names the site on file, unless it names a place ("dépôt de Lyon comme d'habitude")
        return bool(proper)
    return bool(proper) or bool(_ELSEWHERE.search(text))


_NOT_NAMES = frozenset({"please", "bitte", "merci", "thanks", "danke", "i", "we", "you", "sie", "wir", "vous", "nous",
                        "lager", "filiale", "niederlassung", "werk", "baustelle", "buro", "büro"})  # German nouns


def other_place(folded: str) -> bool:
    """A line sending the goods to a named place of the customer's with no street or postcode on it."""
    undated = _undated(folded)
    return bool(_OTHER_PLACE.search(undated)) and not _STREET_OR_CODE.search(undated)


def _undated(folded: str) -> str:
    """The text without its dates: "17.12.2026" is no postcode nor house number."""
    return re.sub(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[./]\d{1,2}\.?(?!\d)", " ", folded)


# After a site word: a preposition (group 2) and a word (group 3): "branch in Leeds", "FILIALE LINZ"
_SITE_AFTER = r"(?:\s+(in|at|de|du|d'|von|bei|near|a|of|en)\b)?\s*([^\W\d_][\w'-]*)?"

# "this one is for our branch in Leeds", "für unsere Filiale in Hannover", "pour notre agence de Lyon", "for our
# Cork store": the order is for a site of the customer's, named, with no delivery verb and no address
_FOR_SITE = re.compile(rf"\b(?:for|fur|pour)\s+{_PLACE_DET}\s*((?:[\w'-]+\s+){{0,2}}){_SITE}\b{_SITE_AFTER}",
                       re.IGNORECASE)


def site_names(text: str) -> list[str]:
    """The place names of a site the order is for ("for our branch in Leeds": Leeds; "pour notre agence de
    Lyon": Lyon; "for our Cork store": Cork): capitalised words before the site word or after it and a
    preposition ("Für unser Lager Folgendes", "Plant Maintenance team": no name), none of "main", "head" (the
    ``_slot_names`` guard). A line in capitals has no capital to mark a name: only a word after a preposition
    counts there ("GOODS FOR OUR STORE STOCK" names none)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).replace("ß", "ss")
    cased = any(c.islower() for c in plain)
    names = []
    for match in _FOR_SITE.finditer(plain):  # accents aside, letter case kept: a place name is capitalised
        before = match.group(1).split() if cased else []
        names += [w for w in _site_words(before, match.group(2), match.group(3), need_prep=True)
                  if not cased or w[:1].isupper()]
    return names


_ORDER_NUMBER_SAID = re.compile(r"\b(?:p\.?\s?o|purchase\s+order|order|commande|bestellung|auftrag)\s*"
                                r"(?:no\.?|nr\.?|n°|#|number|nummer)?\s*[:#]?\s*[\w/-]*\d[\w/-]*")
SITE_ELEMENT = "ship_to.site"  # a site named in words: settled only by the customer's own place of that name


def site_remark(text: str) -> Problem | None:
    """``SHIP-TO-UNSURE`` for a line saying the order is for a named site of the customer's (a branch, a store,
    an agency) and giving no address: which of its places the goods go to is for a person to set, unless the
    gateway finds the site is the customer's own place (``gateway.stages.mapping``)."""
    names = site_names(text)
    # a date or the order's own number beside it ("PO 6650 for our branch in Leeds") is no address
    if not names or _STREET_OR_CODE.search(_undated(_ORDER_NUMBER_SAID.sub(" ", fold(text).lower()))):
        return None
    return Problem(code="SHIP-TO-UNSURE", severity="error", element=SITE_ELEMENT,
                   message=f"the order is for a site named in words ({', '.join(names)}), no address given, a "
                           f"person sets its ship-to: {text.strip()[:120]!r}")


# Items named for another time or a separate order: "Next month we will also need 20 x X, I'll send a separate PO",
# "Im Januar brauchen wir dann noch 30 Stück X, Bestellung folgt", "le mois prochain il nous faudra 10 x X"
_LATER = re.compile(
    r"\b(?:next\s+(?:month|week|year|quarter|time)|separate\s+(?:po|order|purchase\s+order)"
    r"|(?:po|order)\s+to\s+follow|will\s+(?:send|place|follow)\s+(?:a|an|the|another|our)\s+(?:new\s+)?(?:po|order)"
    r"|le\s+mois\s+prochain|la\s+semaine\s+prochaine|l'an(?:nee)?\s+prochaine?|plus\s+tard|(?:bon\s+de\s+)?commande\s+suivra"
    r"|commande\s+(?:a|a)\s+suivre|(?:une|autre)\s+commande\s+(?:separee|a\s+part)"
    r"|nachste[nrs]?\s+(?:woche|monat|jahr|mal)|im\s+nachsten|spater|bestellung\s+folgt|separate\s+bestellung"
    r"|brauchen\s+wir\s+dann"
    # "our next PO will include 6 x X", "nous aurons besoin de 8 x X en janvier", "wir werden 5 x X benötigen"
    r"|next\s+(?:po|order|purchase\s+order)|(?:will|'ll)\s+(?:also\s+)?(?:include|require|order)"
    r"|(?:nous|on)\s+aur(?:ons|a)\s+besoin|j'aurai\s+besoin|nous\s+commanderons|prochaine\s+commande"
    # (a plain future with "auch" is this order's line: "Wir werden auch 4 Stück X brauchen")
    r"|(?:wir\s+werden|werden\s+wir)\b(?:(?!\bauch\b).){0,40}\b(?:brauchen|benotigen|bestellen)"
    r"|nachste\w*\s+bestellung)\b")
# "please quote for 50 x X", "Bitte um ein Angebot für 50 Stück X", "merci de nous faire un devis pour 8 x X": items
# named in a request for a quotation (never "as per your quotation Q-12: 5 x X", an order)
_QUOTE_ASK = re.compile(
    r"\b(?:please\s+quote|quote\s+(?:us|me)\b|(?:request|ask)(?:ing)?\s+(?:for\s+)?(?:a\s+)?(?:quote|quotation)"
    r"|send\s+(?:us|me)\s+(?:a\s+)?(?:quote|quotation)|a\s+(?:quote|quotation)\s+for"
    r"|bitte\s+um\s+(?:ein\s+|ihr\s+)?\w*angebot|ein\s+\w*angebot\s+(?:fur|uber)|preisanfrage|angebotsanfrage"
    r"|demande\s+de\s+(?:devis|prix|cotation)|(?:un|votre)\s+devis\s+(?:pour|de)|faire\s+(?:un|une)\s+(?:devis|offre))")
# A request for a quotation as a whole message: "Request for quotation" / "RFQ" / "Anfrage" / "Demande de prix" as its
# subject, or a line asking for one ("please quote", "bitte senden Sie uns ein Angebot für", "merci de nous faire une offre")
_QUOTE_SUBJECT = re.compile(r"^(?:(?:re|aw|tr|fw|wg)\s*:\s*)*(?:request\s+for\s+(?:a\s+)?(?:quote|quotation|pricing)|rfq\b"
                            r"|quotation\s+request|quote\s+request|(?:preis|angebots)?anfrage\b|demande\s+de\s+(?:prix|devis"
                            r"|cotation|tarif))")
_QUOTE_ASK_MORE = re.compile(r"\b(?:(?:ein|ihr)\s+\w*angebot\b|(?:une|votre)\s+(?:offre|proposition)\s+(?:de\s+prix\s+)?"
                             r"(?:pour|de)|(?:your|a)\s+(?:best\s+)?(?:price|offer)\s+for|quotation\s+for)")


def quote_request(subjects: list[str], texts: list[str]) -> str | None:
    """The line that makes a message a request for a quotation (its subject, or a line asking for a quote), or
    None. The caller decides it is no order (no PO, no order word)."""
    for subject in subjects:
        if _QUOTE_SUBJECT.match(fold(subject).strip()):
            return subject.strip()
    for text in texts:
        folded = without_reference_instructions(fold(text).replace("ß", "ss"))
        if _QUOTE_ASK.search(folded) or _QUOTE_ASK_MORE.search(folded):
            return text.strip()
    return None


# Words that place the order now, accepting a quotation: "Wir bestellen hiermit", "we accept. Please deliver:",
# "dann liefern Sie bitte", "nous commandons", "merci de nous livrer" (never "please send us your price")
_ORDERS_NOW = re.compile(
    r"\b(?:wir\s+bestellen|bestellen\s+wir|(?:we|i)\s+(?:would\s+like\s+to\s+|wish\s+to\s+|hereby\s+|will\s+)?"
    r"(?:order|accept)|please\s+(?:deliver|supply|ship)|liefern\s+sie|bitte\s+liefern|nehmen\s+(?:ihr|das)\s+angebot\s+an"
    r"|nous\s+commandons|(?:je|nous)\s+(?:vous\s+)?(?:commande|acceptons)|merci\s+de\s+(?:nous\s+)?livrer"
    r"|veuillez\s+(?:nous\s+)?livrer)\b")


def orders_something(texts: list[str]) -> bool:
    """A line speaks of an order ("PO", "purchase order", "commande", "Bestellung", "Auftrag") or places one
    ("wir bestellen", "we accept ... please deliver", "liefern Sie bitte": a quotation accepted is an order)."""
    return any(_ORDER_WORD.search(fold(t)) or _ORDERS_NOW.search(fold(t).lower()) for t in texts)


# "We'll need 4 x X too", "il nous faudra aussi 4 x X", "wir werden auch 4 x X brauchen": a plain future is this
# order's line; only a time word above makes it another time's (findings V20).
# A day of its own typed on an item line ("4 x X (am nächsten Montag)", "next Monday", "lundi prochain",
# "tomorrow"): the line's own date, not read, never dropped for the order's date: the line waits for a person
_DAYS = FULL_WEEKDAY
_LINE_DAY = re.compile(rf"\b(?:(?:next|this|coming|nachste[nmrs]?|kommende[nmrs]?|diese[nmrs]?)\s+{_DAYS}"
                       rf"|{_DAYS}\s+(?:prochain|qui\s+vient)|(?:ce|le)\s+{_DAYS}|(?:am|on|by|bis|ab)\s+{_DAYS}"
                       r"|tomorrow|ubermorgen|demain|apres-demain)\b")
_PRICE_ASK = re.compile(r"\b(?:what|how\s+much|quel|quelle|combien|was|wie\s*viel)\b.{0,60}"
                        r"\b(?:price|prices|cost|costs|prix|cout|couterai\w*|kosten|kostet|preis)\b"
                        r"|\b(?:kosten|kostet|cost|couterai\w*)\b.{0,30}\?")


def not_ordered_now(text: str) -> bool:
    """A line naming items it does not order: a question ("Do you have 50 x X in stock?", "what would be your price
    for 3 x X?", "Was würden 20 Stück X kosten?") or a need for another time or a separate order ("Next month we will
    also need 20 x X", "Bestellung folgt"): shown to a person, never read as an order line."""
    folded = fold(text).replace("ß", "ss")
    return "?" in text or bool(_LATER.search(folded) or _PRICE_ASK.search(folded) or _QUOTE_ASK.search(folded)
                               or _LINE_DAY.search(folded.lower()))


NOTE_PLACE_ELEMENT = "ship_to.note"  # a note naming another site: never settled by the ship-to read being known

# A structured order's note is often in capitals ("PLEASE DELIVER TO OUR GHENT WAREHOUSE"): no capital marks a
# place name there, so the words around the site word are read instead: before it after "our" ("our GHENT
# warehouse"), or after it ("FILIALE LINZ", "DEPOT DE LILLE", "warehouse in Ghent")
_SITE_SLOT = re.compile(rf"\b{_PLACE_PREP}\s+{_PLACE_DET}\s*((?:\w+\s+){{0,2}}){_SITE}\b{_SITE_AFTER}")
_NO_NAME = frozenset(  # words next to a site word that name none: "our MAIN warehouse", "warehouse BEFORE 10"
    "main head headquarters hq central usual regular normal own same new local receiving distribution usual shipping loading goods "
    "haupt zentral principal principale habituel habituelle before after on by until bis vor avant apres please "
    "bitte merci only asap and und et for fur pour with mit avec the as wie comme area dock door gate rampe quai tor "
    "entrance entry address adresse yard is are ist sind est this that today tomorrow morgen demain heute "
    "aujourd'hui if falls si when wenn".split())


def _slot_names(folded: str) -> list[str]:
    """The words next to a site word that may be its name: not "main" or "before", no verb."""
    names = []
    for match in _SITE_SLOT.finditer(folded):
        names += _site_words(match.group(1).split(), match.group(2), match.group(3), need_prep=False)
    return names


def _site_words(before: list[str], prep: str | None, after: str | None, need_prep: bool) -> list[str]:
    """The guard both site readers share: of the words before a site word and the one after it (only after a
    preposition with ``need_prep``), those that may name it: not "main", "head", "before", no verb, no street."""
    words = before + ([after] if after and (prep or not need_prep) else [])
    return [w for w in words if w.lower() not in _NO_NAME and w.lower() not in _NOT_NAMES and len(w) >= 3
            and not re.fullmatch(_PLACE_VERB, w.lower()) and not _STREET_OR_CODE.search(w.lower())]


def names_a_place_in_capitals(text: str) -> bool:
    """``names_a_place`` for a note in capitals: a word next to the site word that is a name, or a word
    saying it is another site ("this time", "instead", "diesmal")."""
    folded = fold(text).replace("ß", "ss").lower()
    return bool(_ELSEWHERE.search(folded)) or bool(_slot_names(folded))


# "DELIVER TO OUR STORE 0451", "ship to our warehouse no. 3": a site by its number, another place than an address
_NUMBERED_SITE = re.compile(rf"\b{_PLACE_VERB}\b.{{0,40}}?\b{_PLACE_PREP}\s+{_PLACE_DET}\s*(?:\w+\s+){{0,2}}{_SITE}"
                            r"\s*(?:no\.?|nr\.?|n°|number|#)?\s*\d+\b(?!\s*(?:[./:-]\s*\d|h\b|am\b|pm\b|uhr\b))")


def note_place(text: str, ship_to: str = "") -> Problem | None:
    """``SHIP-TO-UNSURE`` for a structured order's free-text note (EDIFACT FTX, X12 MSG/NTE, cXML Comments,
    UBL Note) sending the goods to a named or numbered place of the customer's with no address: "PLEASE
    DELIVER TO OUR GHENT WAREHOUSE", as the same words typed in an e-mail (``remark``). "DELIVER TO DOCK 4"
    names no site; a name that is in the delivery address read (``ship_to``: its name, street and city)
    is that place."""
    words = re.sub(r"^line \d+:\s*", "", text.strip())
    folded = fold(words).replace("ß", "ss").lower()
    numbered = bool(_NUMBERED_SITE.search(folded))
    if not numbered and not other_place(folded):
        return site_in_words(words, ship_to, NOTE_PLACE_ELEMENT)
    if not numbered:
        capitals = not any(c.islower() for c in words)
        if not (names_a_place_in_capitals(words) if capitals else names_a_place(words)):
            return None
        known = set(re.findall(r"\w+", fold(ship_to).replace("ß", "ss").lower()))
        names = _slot_names(folded)
        if names and known and all(n in known for n in names) and not _ELSEWHERE.search(folded):
            return None  # "DELIVER TO OUR GHENT WAREHOUSE" to "ACME Ghent warehouse": the place read
    return Problem(code="SHIP-TO-UNSURE", severity="error", element=NOTE_PLACE_ELEMENT,
                   message=f"a note on the order names a delivery place without its address, a person sets it: "
                           f"{words[:120]!r}")


# "5 x X or equivalent", "oder gleichwertig", "ou équivalent", "substitutes OK": a substitution allowed is a choice a
# person makes, never the code as typed going out unseen
_SUBSTITUTE = re.compile(
    r"\b(?:or\s+(?:an?\s+)?(?:equivalent|similar|comparable|equal)|(?:equivalent|substitutes?|substitution|alternatives?)"
    r"\s+(?:is\s+|are\s+)?(?:ok|okay|fine|allowed|accepted|acceptable)|oder\s+(?:ein\s+)?(?:gleichwertig|vergleichbar"
    r"|ahnlich|aquivalent)\w*|(?:gleichwertiger?|vergleichbarer?)\s+(?:ersatz|artikel)|ersatzartikel\s+(?:ok|erlaubt"
    r"|moglich)|ou\s+(?:un\s+)?(?:produit\s+)?(?:equivalent|similaire)e?s?|equivalent\s+accepte)\b")


def substitution(text: str | None) -> Problem | None:
    """``QUESTION-TYPED`` for an item line allowing a substitute ("or equivalent", "oder gleichwertig", "ou
    équivalent"): which product goes is a person's choice."""
    if not text or not _SUBSTITUTE.search(fold(text).replace("ß", "ss")):
        return None
    return Problem(code="QUESTION-TYPED", severity="error", element="lines",
                   message=f"a substitute is allowed for an item, a person chooses what goes: {text.strip()[:120]!r}")


# A letter's formal closing, anywhere in its sentence ("Veuillez agréer, Madame, Monsieur, l'expression de nos
# salutations distinguées.", "Dans l'attente de votre livraison, recevez nos meilleures salutations.", "Hochachtungsvoll",
# "Yours faithfully", "Thank you for your prompt attention."): where the letter ends, no order line
_FORMAL_CLOSING = re.compile(
    r"\bagre(?:er|ez)\b.*\b(?:salutations|sentiments|expression)\b|\b(?:nos|mes)\s+(?:meilleures\s+|sinceres\s+"
    r"|cordiales\s+)?salutations\b|\bsalutations\s+distinguees\b|\bavec\s+(?:mes|nos)\s+(?:sinceres\s+)?remerciements\b"
    r"|\ben\s+vous\s+remerciant\b|\bhochachtungsvoll\b|\bmit\s+(?:freundlichen|besten|herzlichen)\s+gr(?:u|ue|ü)(?:ss|ß)"
    r"|\b(?:vielen|besten|herzlichen)\s+dank\s+im\s+voraus\b|\bim\s+voraus\s+(?:besten|vielen)\s+dank\b"
    r"|\byours\s+(?:faithfully|sincerely|truly)\b|\bthank\s+you\s+(?:in\s+advance|(?:very\s+much\s+)?for\s+your\s+"
    r"(?:prompt\s+|kind\s+)?(?:attention|cooperation|help|assistance|business|service))\b|\blooking\s+forward\s+to\b")
# Our order number asked for on the supplier's papers ("Merci d'indiquer notre numéro de commande sur la facture.",
# "Bitte geben Sie unsere Bestellnummer auf dem Lieferschein an.", "Please quote our PO number on the packing slip"):
# how to fill in the paperwork, no order line and nothing a person must answer
_OUR_NUMBER = re.compile(
    r"\b(?:(?:our|notre|nos|unsere?[nrs]?)\s+(?:p\.?\s?o\.?|purchase\s+order|order|commande|reference|references|ref"
    r"|referenz|bestell\w*|auftrags\w*)|(?:numero|n°|no|reference|ref)\s+de\s+(?:notre\s+)?commande"
    r"|bestellnummer|bestell-?nr|auftragsnummer|p\.?\s?o\.?\s+(?:number|no|#))")
_PAPERS = re.compile(
    r"\b(?:invoices?|packing\s+(?:slips?|lists?)|delivery\s+notes?|shipping\s+(?:documents?|papers?)|paperwork"
    r"|documents?|factures?|bons?\s+de\s+livraison|bordereaux?|documents?\s+de\s+livraison|lieferscheine?n?"
    r"|rechnung(?:en)?|lieferpapier\w*|versandpapier\w*|begleitpapier\w*|unterlagen|papiers?)\b")


def _plain(text: str) -> str:
    return fold(text.strip(" -*")).replace("ß", "ss")


def formal_closing(text: str) -> bool:
    """A letter's closing sentence (no digit in it, no question): the letter ends there."""
    folded = _plain(text)
    return len(folded) <= 160 and not any(c.isdigit() for c in folded) and "?" not in folded \
        and bool(_FORMAL_CLOSING.search(folded))


def paperwork_remark(text: str) -> bool:
    """A sentence asking for our order number on the supplier's papers, naming no item, count or question."""
    folded = _plain(text)
    return len(folded) <= 160 and not any(c.isdigit() for c in folded) and "?" not in folded \
        and bool(_OUR_NUMBER.search(folded)) and bool(_PAPERS.search(folded))


# "Ship to: same as usual", "à notre adresse habituelle", "an unsere bekannte Anschrift": the customer's own address
_AS_USUAL = re.compile(r"^(?:(?:to|at|a|an|auf|chez)\s+)?(?:(?:the\s+)?same\s+as\s+(?:usual|always|before|last\s+time)"
                       r"|as\s+usual|(?:our\s+)?(?:usual|regular|normal)\s+address|comme\s+d.habitude|comme\s+toujours"
                       r"|(?:notre\s+)?adresse\s+habituelle|wie\s+immer|wie\s+u(?:e)?blich"
                       r"|(?:unsere\s+)?(?:u(?:e)?bliche|bekannte|gewohnte)\s+(?:adresse|anschrift|lieferadresse))\s*[.!]?$")


def as_usual(rest: str) -> bool:
    """The words after a delivery label name the customer's address as always, no other place."""
    return bool(_AS_USUAL.match(_plain(rest)))


# a date, a time or a weekday in a note: "ON 12/17", "AM 17.12.", "BEFORE 10 AM", "10H", "ON MONDAY"
_DATE_OR_TIME = re.compile(r"\b\d{1,4}\s*[./-]\s*\d{1,2}\b|\b\d{1,2}\s*(?::\d{2}\s*)?(?:am|pm|h|uhr)\b|\b(?:morning|afternoon"
                           r"|noon|matin|apres-midi|midi|vormittag|nachmittag|morgens|mittags|monday|tuesday|wednesday"
                           r"|thursday|friday|saturday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|lundi|mardi"
                           r"|mercredi|jeudi|vendredi|samedi)\b", re.IGNORECASE)


def date_asked(note: str) -> Problem | None:
    """``QUESTION-TYPED`` for a structured order's note asking politely about a day or a time ("CAN YOU DELIVER ON
    12/17 IN THE MORNING?", "COULD YOU SHIP BEFORE 10 AM?"), the order's own date or not: a person answers it. A
    contact line ("QUESTIONS? CALL 555 0100") asks nothing (``page_question`` said so already)."""
    # the clause a "?" ends must name the day or time; a "?" between letters is a lost umlaut ("FRAU M?LLER")
    asked = [m.group(1) for m in re.finditer(r"([^!?;()]*)(?<![^\W\d_])\?|([^!?;()]*)\?(?![^\W\d_])", note) if m.group(1)]
    asked += [m.group(2) for m in re.finditer(r"([^!?;()]*)(?<![^\W\d_])\?|([^!?;()]*)\?(?![^\W\d_])", note) if m.group(2)]
    if not any(_DATE_OR_TIME.search(q) for q in asked) or re.search(r"\b(?:questions?|fragen|call|contact|rufen|appele[rz])\b", note, re.IGNORECASE):
        return None
    return Problem(code="QUESTION-TYPED", severity="error", element="requested_delivery_date", message=(
        f"a note on the order asks about the delivery day or time, a person answers before the order goes: "
        f"{note.strip()[:120]!r}"))

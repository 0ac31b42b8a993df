"""Remarks typed under an order's items that change nothing on the order: a call before delivery, the hours goods
are received, payment as usual.

"Bitte rufen Sie 2 Tage vorher an", "Merci de prévenir 24 h avant", "Deliveries accepted 8am-4pm only", "Livraison
en matinée svp", "Net 30 days as usual": the reader of typed orders holds a line after the items that carries a
number or looks like a noun phrase (``LINE-UNREAD``), so that an item it cannot read never vanishes. These remarks
are no item and change neither date, quantity, price nor terms: they go into the order's notes (the ERP carries
them) and do not hold it.

The rule is a list of harmless forms, not a list of harmful ones. A remark passes only when it is one of

- a call or notice before delivery ("call 2 days before", "1 Stunde vor Anlieferung anrufen", "prévenir 24 h avant");
- the hours or the part of the day goods are received ("8am-4pm", "vormittags 8-12 Uhr", "en matinée");
- payment "as usual" ("wie immer 30 Tage netto", "comme d'habitude"),

and its only numbers are hours, days of notice or a phone number. Anything that may move the date ("earlier",
"später", "erst", "plus tôt", "in 2 weeks", "dans 3 semaines", "after the date above"), split the delivery ("half",
"50 %", "the rest"), state a price, an amount, a discount or other terms ("instead of", "statt", "au lieu de",
"Skonto", "Net 60") is never one and keeps holding. A line that starts like an addition ("plus ...", "und ..."),
names an item code or a word of goods ("Toner", "agrafeuses") is never one either.
"""

from __future__ import annotations

import re

from extractors.capture.page_notes import names_goods_word
from extractors.locale_values import fold
from extractors.mail.number_words import SPELLED

# a period of notice: "2 Tage", "24 h", "1 Stunde", "30 minutes" (never weeks, months, money nor per cent)
_NOTICE = re.compile(r"\b\d{1,3}\s*(?:h|hrs?|hours?|heures?|std|stunden?|min\w*|tage?n?|days?|jours?)(?![\w])")
# "8-16 Uhr", "8am-4pm", "8h-12h", "7:30 - 15:00", "8am", "14h"
_HOURS = re.compile(r"\b\d{1,2}(?:[:.h]\d{2})?\s*(?:h|uhr|am|pm)?\s*(?:-|\u2013|to|bis|a|au|et|and|und)\s*\d{1,2}(?:[:.h]\d{2})?"
                    r"\s*(?:h|uhr|am|pm)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|uhr|h)\b")
_PHONE = re.compile(r"(?:\+|\b)\d[\d .()/-]{6,}\d\b")
_PAYMENT_DAYS = re.compile(r"\b\d{1,3}\s*(?:tage?n?|days?|jours?)(?![\w])")
# a call or notice ...
_CALL = re.compile(r"\b(?:call|phone|ring|notify|advise|inform|contact|anrufen|rufen|telefonieren|telefonisch|avisieren"
                   r"|avisiert|melden|benachrichtigen|verstandigen|appeler|appelez|rappeler|telephoner|prevenir|prevenez"
                   r"|avertir|contacter)\b")
# ... before delivery
_BEFORE = re.compile(r"\b(?:before|beforehand|prior|in\s+advance|ahead|vorher|zuvor|vor|im\s+voraus|avant|a\s+l.avance)\b")
# the hours or the part of the day goods are received
_HOURS_WORDS = re.compile(r"\b(?:morning|afternoon|hours|opening|receiving|accepted|open|matin\w*|apres-midi|horaires?"
                          r"|heures\s+d.ouverture|ouvert|acceptees?|vormittags?|nachmittags?|morgens|offnungszeiten"
                          r"|annahmezeiten?|warenannahme|geoffnet)\b")
_PAYMENT = re.compile(r"\b(?:zahlung|zahlbar|zahlungsziel|zahlungsbedingungen|paiement|reglement|payment|terms|netto|net)\b")
_AS_USUAL = re.compile(r"\b(?:as\s+usual|as\s+always|as\s+before|wie\s+immer|wie\s+gewohnt|wie\s+bisher|comme\s+d.habitude"
                       r"|comme\s+toujours|habituel\w*)\b")
# what moves the date, splits the delivery, or states a price or other terms
_CHANGE = re.compile(r"\b(?:earlier|later|sooner|after|afterwards|instead|rather|not|no|only\s+\d|postpone\w*|delay\w*"
                     r"|move\w*|shift\w*|resched\w*|half|halves|rest|remaining|remainder|balance|partial\w*|split\w*"
                     r"|discount\w*|price\w*|cost\w*|charge\w*|rebate|fruher|spater|erst|nach|danach|statt|anstatt"
                     r"|stattdessen|verschieb\w*|halfte|halb\w*|teil\w*|restliche\w*|rabatt|skonto|preis\w*|kosten|plus\s+tot"
                     r"|plus\s+tard|tot|tard|au\s+lieu|apres|retard\w*|report\w*|decal\w*|moitie|reste|partiel\w*|remise"
                     r"|escompte|prix|cout\w*|tarif\w*|in|within|dans|sous|innerhalb|binnen|until|till|bis|jusqu\w*|le|am"
                     r"|on|by|du|des)\s*\d|\b(?:earlier|later|sooner|after|instead|rather\s+than|postpone\w*|delay\w*"
                     r"|resched\w*|half|halves|the\s+rest|remaining|remainder|balance|partial\w*|split\w*|discount\w*"
                     r"|price\w*|cost\w*|rebate|fruher|spater|erst|danach|statt|anstatt|stattdessen|verschieb\w*|halfte"
                     r"|halbe\w*|teillieferung\w*|restliche\w*|rest|rabatt|skonto|preis\w*|kosten|plus\s+tot|plus\s+tard"
                     r"|au\s+lieu|apres|retard\w*|report\w*|decal\w*|moitie|reste|partiel\w*|remise|escompte|prix|cout\w*"
                     r"|tarif\w*|nach\s+dem|weeks?|wochen?|semaines?|months?|monate?n?|mois|%|prozent|percent|pour\s*cent"
                     r"|eur|euros?|usd|chf|gbp|\$|€|£)(?![\w])")
_ADDITION = re.compile(r"^\W*(?:\+|&|plus|and|also|as\s+well|additionally|et|aussi|ainsi\s+que|en\s+plus|und|sowie|dazu"
                       r"|ausserdem|zusatzlich|noch)\b")
_CODE = re.compile(r"\b(?=[a-z]*\d)(?=\d*[a-z])[a-z\d]+(?:[-/.][a-z\d]+)+\b|\b[a-z]{1,4}\d{3,}\b")
_NUMBER_WORDS = re.compile(r"\b(?:" + "|".join(sorted((re.escape(w) for w in SPELLED
                           if w not in {"un", "une", "ein", "eine", "einem", "einen", "eins", "one"}),
                           key=len, reverse=True)) + r")\b")


# "until 4pm", "bis 16 Uhr", "by 8am", "de 8h", "jusqu'à 17h": a time of day after a word of limit, no date
_UNTIL_HOUR = re.compile(r"\b(?:bis|until|till|by|to|jusqu.a|a|de|des|von|from|ab|between|zwischen|entre|and|und|et)\s+"
                         r"(?=\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|uhr|h)\b)")


# a second clause after the harmless one ("Please call 2 days before delivery, and deliver only one box",
# "Warenannahme bis 15 Uhr, bitte nur die Hälfte", "...; deliver Monday"): the remark is no longer only a call,
# hours or payment as usual (review revX D1, D4)
_SECOND_CLAUSE = re.compile(r"[,;:()!?]|\s[-\u2013\u2014]\s|\b(?:and|but|also|however|except|this\s+time|und|aber|jedoch|"
                            r"sondern|diesmal|ausser|et|mais|cependant|sauf|cette\s+fois)\b")


def _without(folded: str, *patterns: re.Pattern[str]) -> str:
    for pattern in patterns:
        folded = pattern.sub(" ", folded)
    return folded


def time_remark(text: str) -> bool:
    """A call before delivery, the hours goods are received or payment as usual, whose only numbers are hours,
    days of notice or a phone number, that names no goods and changes nothing: a note for the ERP, never an
    unread item line. Several clauses pass only when each is one of these, a dock, gate or door to use, or the
    carrier and its account (``_harmless_clauses``)."""
    folded = fold(text).replace("ß", "ss").lower().strip()
    if _ADDITION.match(folded) or _CHANGE.search(_UNTIL_HOUR.sub(" ", folded)):
        return False
    if _SECOND_CLAUSE.search(folded):
        return _harmless_clauses(folded)
    return _one_remark(folded)


def _one_remark(folded: str) -> bool:
    if _CALL.search(folded) and _BEFORE.search(folded):
        rest = _without(folded, _PHONE, _HOURS, _NOTICE)
    elif _HOURS_WORDS.search(folded):
        rest = _without(folded, _PHONE, _HOURS)
    elif _PAYMENT.search(folded) and _AS_USUAL.search(folded):
        rest = _without(folded, _PAYMENT_DAYS)
    else:
        return False
    if re.search(r"\d", rest) or _NUMBER_WORDS.search(rest) or _CODE.search(rest):
        return False
    return not names_goods_word(rest)


# the place at the site the truck goes to: "dock 3", "please ring the bell at gate B", "use the rear entrance buzzer",
# "Rampe 3", "über Tor 2", "quai 2 uniquement": a handling word with at most a short number or letter
_PLACE_CLAUSE = re.compile(
    r"(?:please\s+|bitte\s+|merci\s+de\s+)?(?:(?:ring|press|use)\s+(?:the\s+)?(?:bell|buzzer|intercom)\s+)?"
    r"(?:(?:deliver\w*|unload\w*|use|come\s+to|report\s+to|go\s+to|anlieferung|anliefern|lieferung|livraison|livrer"
    r"|decharg\w*|entladen|entladung)\s+)?(?:(?:at|to|via|through|uber|an|a|au|par|an\s+der|am|an\s+tor|zu[mr]?)\s+)?"
    r"(?:the\s+|our\s+|la\s+|le\s+|l'|die\s+|den\s+|das\s+)?(?:rear\s+|side\s+|back\s+|front\s+|main\s+)?"
    r"(?:dock|door|gate|bay|ramp|rampe|tor|quai|porte|loading\s+dock|entrance|eingang|einfahrt|hall|halle|hof)"
    r"\s*(?:no\.?\s*|nr\.?\s*|n°\s*|#\s*)?(?:[a-z]|\d{1,3}[a-z]?)?(?:\s+(?:bell|buzzer|intercom|klingel))?"
    r"(?:\s+(?:only|nur|uniquement|please|bitte|svp))?")
_CARRIER_NAMES = (r"(?:ups|fedex|dhl|tnt|gls|dpd|usps|ontrac|purolator|schenker|db\s+schenker|dachser|kuhne\s*\+?\s*nagel"
                  r"|chronopost|colissimo|geodis|hermes|la\s+poste|our\s+carrier|your\s+carrier|our\s+forwarder)")
_CARRIER_CLAUSE = re.compile(
    r"(?:please\s+|bitte\s+|merci\s+d.)?(?:ship|send|deliver|route|forward|versand|versenden|expedier|expedition|envoi)"
    rf"\w*\s+(?:via|by|with|per|using|uber|mit|par)\s+{_CARRIER_NAMES}(?:\s+(?:ground|express|freight|standard|economy"
    r"|saver|priority|overnight|2nd\s+day(?:\s+air)?|next\s+day(?:\s+air)?|home\s+delivery|paket|collect))?"
    r"(?:\s+(?:please|bitte|svp))?")
_ACCOUNT_CLAUSE = re.compile(
    rf"(?:(?:on\s+|use\s+|bill\s+(?:to\s+)?)?(?:our\s+)?(?:{_CARRIER_NAMES}\s+)?(?:shipping\s+|freight\s+|carrier\s+)?)"
    r"(?:account|acct|a/c|kundennummer|compte)\s*(?:no\.?|nr\.?|#|number|n°)?\s*:?\s*[a-z0-9-]{3,15}")
# words that turn a second clause against the first ("but this time...") or are no list of harmless clauses
_CONTRAST = re.compile(r"\b(?:but|also|however|except|this\s+time|aber|jedoch|sondern|diesmal|ausser|mais|cependant|sauf"
                       r"|cette\s+fois)\b|[()?!]|(?<!\d):|:(?!\d)")
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;]|\.\s+|\s[-\u2013\u2014]\s|\b(?:and|und|et)\b)\s*")


def _harmless_clauses(folded: str) -> bool:
    """A remark of several clauses ("Please call before delivery, dock 3", "Receiving is open 8am-4pm, please ring
    the bell at gate B", "Ship via UPS Ground, account 4471X9"): a note only when every clause is harmless on its
    own and one is more than a dock or gate; any clause that moves, splits or adds ("..., and deliver only one
    box", "..., aber diesmal nur die Hälfte", "..., deliver Monday") keeps the whole read by a person."""
    if _CONTRAST.search(folded):
        return False
    clauses = [c.strip(" .") for c in _CLAUSE_SPLIT.split(folded) if c and c.strip(" .")]
    kinds = []
    for clause in clauses:
        if _one_remark(clause):
            kinds.append("remark")
        elif _CARRIER_CLAUSE.fullmatch(clause) or _ACCOUNT_CLAUSE.fullmatch(clause):
            kinds.append("carrier")
        elif _PLACE_CLAUSE.fullmatch(clause) and re.search(r"\b(?:dock|door|gate|bay|ramp|rampe|tor|quai|porte|entrance"
                                                           r"|eingang|einfahrt|hall|halle|hof)\b", clause):
            kinds.append("place")
        else:
            return False
    return len(clauses) > 1 and any(k != "place" for k in kinds)

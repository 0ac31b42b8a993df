"""A typed change of an order's date, quantities or address ("please change the delivery date to ...", "den
Liefertermin verschieben", "décaler la livraison"), read the same in an e-mail body
(``extractors.typed_remarks``) and in a page's notes (``extractors.capture.page_notes``): here, so that
neither reader family imports the other.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import Problem

_CHANGE = re.compile(r"\b(?:change|changed|modify|amend|update|move|postpone|reschedule|bring\s+forward|push\s+back"
                     r"|andern|abandern|\w*anderung|geandert\w*|verschieben|verschoben|vorziehen|modifi(?:er|ez|cation)|chang(?:er|ez)|decal(?:er|ez)"
                     r"|avanc(?:er|ez)|report(?:er|ez))\b")
_CHANGED_FIELD = re.compile(r"\b(?:date|delivery|quantit(?:y|ies|e|es)|qty|address|adresse|livraison|termin|liefertermin"
                            r"|lieferdatum|liefertag|menge|mengen|lieferadresse|lieferung)\b")

# a change whose object is the order itself ("Please amend our PO 65020 as follows", "Bitte ändern Sie unsere
# Bestellung 65022 wie folgt", "Änderung zu Auftrag 7710", "merci de modifier notre commande") or the changed
# values named as such ("Updated quantities:", "revised quantities", "geänderte Mengen", "quantités modifiées"):
# the lines under it change an order already sent, whatever their layout
_AMEND = re.compile(r"\b(?:amend\w*|change[ds]?|modif(?:y|ied|ication)|updated?|revised?|revision|andern|abandern"
                    r"|\w*anderung|geandert\w*|korrigier\w*|modifi(?:er|ez|cation|ee?s?)|rectifi\w*)\b")
_ORDER_OBJECT = re.compile(r"\b(?:order|po|p\.o\.?|purchase\s+order|bestellung|auftrag|commande|bon\s+de\s+commande"
                           r"|quantit(?:y|ies|e|es)|mengen?|lines?|positions?)\b")


def amends_an_order(folded: str) -> bool:
    """Whether the folded line asks to amend an order or its quantities/lines (see ``_AMEND``)."""
    return bool(_AMEND.search(folded) and _ORDER_OBJECT.search(folded))

# "deliver on 21/12/2026 instead of 18/12/2026", "livrer le 22/12 au lieu du 19/12", "am 22.12. statt am 19.12.
# liefern": a date typed in place of another, with or without a change word
_INSTEAD = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|au\s+lieu\s+d[eu]s?|plutot\s+que|a\s+la\s+place\s+d[eu]s?"
                      r"|statt|anstatt|anstelle\s+(?:von|des)|nicht\s+(?:am|den))\b")
_MONTH = (r"(?:jan|feb|febr|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janv|fevr|mars|avr|mai|juin|juil|aout|oct|dec"
          r"|januar|februar|marz|juni|juli|okt|dez)\w*")
_DATE_LIKE = re.compile(r"(?<![\d.,/-])(?:\d{1,2}[./-]\d{1,2}(?:[./-](?:\d{4}|\d{2}))?\.?|\d{4}-\d{2}-\d{2})(?![\d,/-]|\.\d)"
                        r"|\b\d{1,2}(?:st|nd|rd|th|er|e)?\.?\s+" + _MONTH + r"\b|\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b"
                        r"|\b(?:monday|tuesday|wednesday|thursday|friday|lundi|mardi|mercredi|jeudi|vendredi|montag|dienstag"
                        r"|mittwoch|donnerstag|freitag)\b")


def date_change(text: str) -> Problem | None:
    """``CHANGE-TYPED`` on the delivery date for a date typed in place of another ("merci de livrer le
    12/12/2026 au lieu du 10/12/2026", "please deliver on Friday 18/12 instead of 16/12"): the order's
    date is changed, a person applies it; neither date is the delivery date of a new order."""
    folded = fold(text).replace("ß", "ss").lower()
    instead = _INSTEAD.search(folded)
    if instead is None:
        return None
    before, after = folded[:instead.start()], folded[instead.end():]
    if not (_DATE_LIKE.search(after) and (_DATE_LIKE.search(before) or _CHANGED_FIELD.search(before))):
        return None
    return Problem(code="CHANGE-TYPED", severity="error", element="requested_delivery_date",
                   message=f"a change of an order's delivery date is typed, a person applies it to the order: "
                           f"{text.strip()[:120]!r}")


# a count in words ("twenty", "zwölf", "douze"), "one"/"un"/"ein" left out: they are articles as often as counts
_COUNT_WORD = (r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
               r"|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|hundred|dozen"
               r"|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente"
               r"|quarante|cinquante|soixante|cent|douzaine"
               r"|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|dreizehn|vierzehn|funfzehn|sechzehn|siebzehn"
               r"|achtzehn|neunzehn|zwanzig|dreissig|vierzig|funfzig|sechzig|hundert"
               r"|dutzend)")
_COUNT = re.compile(rf"\b{_COUNT_WORD}\b|(?<![\w.,/-])\d{{1,5}}(?![\w.,/-]*\d)")
_COUNT_IN_WORDS = re.compile(rf"\b{_COUNT_WORD}\b")


def count_change(text: str) -> Problem | None:
    """``CHANGE-TYPED`` for a count typed in words in place of another ("make it twenty instead of ten", "statt zehn
    bitte zwölf Stück", "au lieu de dix, mettez-en douze"): a quantity of an order changed, a person applies it (the
    digits' own shape, "4 x TP-1002 instead of 3", is read by ``extractors.mail.typed_changes``)."""
    folded = fold(text).replace("ß", "ss").lower()
    instead = _INSTEAD.search(folded)
    if instead is None or not _COUNT_IN_WORDS.search(folded) or _DATE_LIKE.search(folded):
        return None
    after = folded[instead.end():]
    if not _COUNT.search(after) or len(_COUNT.findall(folded)) < 2:
        return None
    return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                   message=f"a change of a quantity is typed in words, a person applies it to the order: "
                           f"{text.strip()[:120]!r}")


def change_request(text: str) -> Problem | None:
    """``CHANGE-TYPED`` for a typed change of an order's date, quantities or address ("For PO 4500-8001
    please change the delivery date to 12/18/2026", "bitte den Liefertermin auf den 18.12. verschieben",
    "merci de décaler la livraison au 18/12"): a person applies it to that order."""
    if (moved := date_change(text) or count_change(text)) is not None:
        return moved
    folded = fold(text).replace("ß", "ss")
    if not (_CHANGE.search(folded) and _CHANGED_FIELD.search(folded) or amends_an_order(folded)):
        return None
    return Problem(code="CHANGE-TYPED", severity="error", element="lines",
                   message=f"a change to an order is typed, a person applies it: {text.strip()[:120]!r}")

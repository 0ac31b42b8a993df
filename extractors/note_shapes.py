"""Shapes of a document's text that tell the ERP nothing about the delivery, in fr/de/en.

A letter, a Word form or a web shop's page prints, above or under its items, lines that read as sentences but say
nothing a warehouse or a clerk acts on: an addressee line ("À l'attention du Service commercial", "z. Hd. Herrn
Wagner"), a contact person ("Ihr Ansprechpartner: Frau Roth", "Buyer: J. Carter"), a sentence that only introduces
the table ("Veuillez trouver ci-dessous notre commande", "Hiermit bestellen wir ...", "Please find our order
below"), a shop's thank-you or confirmation ("Thank you for shopping with us!", "Your order has been received and
is now being processed.") and a department alone ("Service commercial", "Sales Department").
``said_nothing`` tells them; a line with a figure, a time, a place at the site or a condition of the delivery
("À l'attention du chauffeur : sonner au portail", "Contact on site: Hr. Weber, call before delivery", "Thank you
for delivering before 9am") keeps its note.
"""

from __future__ import annotations

import re

# what makes a line an instruction whatever its shape: a figure, a condition, a place or an act at the site
_SAYS_SOMETHING = re.compile(
    r"\d|\b(?:only|nur|uniquement|seulement|not|nicht|pas|kein\w*|ne|before|vor|avant|after|nach|apres|until|bis"
    r"|jusqu\w*|call|anrufen|appele\w*|sonne\w*|klingeln|ring|gate|door|dock|bay|ramp|entrance|rear|back|tor|tur"
    r"|rampe|eingang|hof|quai|porte|portail|entree|arriere|chauffeur|driver|fahrer|vor\s+ort|on\s+site|sur\s+place"
    r"|fragile|urgent\w*|dringend|express\w*|eilt|morning|matin|vormittags?|nachmittags?|afternoon|samedi|saturday"
    r"|samstag|pallet\w*|palette\w*|hayon|tail\s*lift|hebebuhne|forklift|stapler|chariot|warehouse|lager|entrepot"
    r"|depot|complete|komplett|complet\w*|partial\w*|teil\w*)\b")
# after the opening's words: a request of its own ("Thank you for your order, please ship complete")
_ASKS = re.compile(r"\b(?:please|pls|kindly|bitte|veuillez|merci\s+de|svp|ship\w*|send|senden|envoy\w*)\b")
_ADDRESSEE = re.compile(r"^(?:a\s+l'att(?:ention|\.)?\s+d(?:e|u|es|e\s+l')|attn\.?:?|for\s+the\s+attention\s+of"
                        r"|z\.?\s*hd\.?|zu\s+handen|zhd\.?)\b")
_CONTACT_LABEL = (r"(?:(?:ihre?|your|votre)\s+)?(?:ansprechpartner(?:in)?|kontakt(?:person)?|contact(?:\s+person)?"
                  r"|interlocut(?:eur|rice)|buyer|purchaser|acheteu(?:r|se)|einkaufer(?:in)?|besteller(?:in)?"
                  r"|(?:ordered|requested|placed)\s+by|bearbeiter(?:in)?|sachbearbeiter(?:in)?|demandeu(?:r|se)"
                  r"|commande\s+passee\s+par|redacteur)")
_PERSON = r"(?:(?:herrn?|frau|mr|mrs|ms|m|mme|dr)\.?\s+)?(?:[a-z]\.\s?){0,2}[a-z][\w'-]+(?:\s+[a-z][\w'-]+)?"
_CONTACT = re.compile(r"^" + _CONTACT_LABEL + r"\s*:?\s*" + _PERSON + r"(?:\s*[,(-]\s*[\w\s.()-]*)?\W*$")
_INTRO = re.compile(
    r"^(?:veuillez\s+trouver\s+ci-(?:dessous|joint|apres)|(?:nous\s+)?vous\s+trouverez\s+ci-(?:dessous|joint|apres)"
    r"|(?:nous\s+vous\s+remercions\s+d'enregistrer|merci\s+d'enregistrer)|hiermit\s+bestellen\s+wir"
    r"|wir\s+bestellen\s+(?:hiermit|bei\s+ihnen|wie\s+folgt|folgende)|anbei\s+(?:erhalten\s+sie\s+)?unsere\s+bestellung"
    r"|please\s+find\s+(?:below|attached|enclosed)|we\s+(?:hereby\s+)?(?:order|place\s+(?:the\s+following|our|this)"
    r"\s+order)|please\s+(?:supply|accept)\s+the\s+following)\b")
_SHOP = re.compile(
    r"^(?:thank\s+you|thanks|merci|vielen\s+dank|danke)\s+(?:so\s+much\s+)?(?:for|pour|fur)\s+(?:shopping|your\s+"
    r"(?:order|purchase|business)|votre\s+(?:commande|achat|confiance)|ihre[n]?\s+(?:bestellung|einkauf|auftrag))"
    r"|^(?:your\s+order|votre\s+commande|ihre\s+bestellung)\s+(?:has\s+been|was|is|a\s+(?:bien\s+)?ete|est|ist|wurde)"
    r"\s+(?:\w+\s+)?(?:received|placed|confirmed|processed|recue|enregistree|confirmee|eingegangen|erhalten|bestatigt)"
    r"|^we\s+(?:have\s+)?received\s+your\s+order|^nous\s+avons\s+(?:bien\s+)?recu\s+votre\s+commande"
    r"|^wir\s+haben\s+ihre\s+bestellung\s+erhalten")
_DEPARTMENT = re.compile(r"^(?:service|abteilung|departement|department|dept\.?)\s+[a-z]+(?:\s+[a-z]+)?"
                         r"|^[a-z]+\s+(?:department|dept\.?|abteilung)$")


def said_nothing(folded: str) -> bool:
    """The line (folded, lower case) is an addressee, a contact person, a sentence introducing the table, a
    shop's thank-you or confirmation, or a department alone, with no figure, condition or place beside it."""
    text = " ".join(folded.split()).strip(" .!")
    if not text or _SAYS_SOMETHING.search(text):
        return False
    if _DEPARTMENT.fullmatch(text) and len(text.split()) <= 3:
        return True
    for shape in (_ADDRESSEE, _CONTACT, _INTRO, _SHOP):
        if (m := shape.match(text)) is not None and not _ASKS.search(text[m.end():]):
            return True
    return False

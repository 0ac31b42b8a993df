"""A note saying the customer collects the goods itself: "Will call, December 14, 2026", "Customer pickup 12/09",
"Selbstabholung am 15.12.2026", "Selbstabholer", "Enlèvement par nos soins le 18/12/2026", "Nous viendrons chercher
la marchandise", and as an e-mail types it: "je passe prendre la commande jeudi", "Abholung durch uns am 10.12.",
"wir holen die Bestellung am Freitag ab", "I'll pick it up myself on Monday", "our driver will collect from you". Such an order is not delivered to the address read: a person arranges the collection, so the order
waits (``SHIP-TO-UNSURE``, ``extractors.capture.page_notes``) whatever its dates.

Near misses that are no collection and hold nothing here: a call ahead ("Driver will call before delivery", "we will
call you"), freight or payment terms ("Freight collect", "collect on delivery", "C.O.D."), empties or pallets taken
back ("Leergut wird abgeholt", "pallets will be collected", "enlèvement des palettes", "merci de reprendre les palettes
vides"), goods-in hours ("Pick-up and delivery hours 8-16"), the supplier asked to fetch something from the customer
("Bitte holen Sie die defekte Ware bei uns ab": no "wir"/"ich" collecting).
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import Problem

COLLECTION_CODE = "SHIP-TO-UNSURE"
COLLECTION_ELEMENT = "ship_to"

_WILL_CALL = r"(?:^|[:(\-\u2013,;/]\s*|\bvia\s+|\bmethod\s+)will[- ]?call\b(?!\s+(?:you|us|him|her|them|back|ahead|before|when|if|on|to|at|the|our|your|prior|\d))"
_COLLECTS = re.compile(
    _WILL_CALL
    + r"|\b(?:customer|client|buyer|kunde|we|i|we'll|i'll|(?:our|my)\s+(?:own\s+)?(?:driver|truck|van|courier|haulier|carrier))"
      r"\s+(?:will\s+|shall\s+|are\s+going\s+to\s+|am\s+going\s+to\s+|is\s+going\s+to\s+)?(?:come\s+(?:and|to)\s+)?(?:pick(?:s|ing)?\s*-?\s*(?:it\s+|them\s+|the\s+goods\s+)?up"
      r"|collect(?:s|ing)?|fetch(?:es|ing)?)\b"
      # "We'll send our own truck to fetch it", "I will come by to pick up the order"
      r"|\b(?:we|i)(?:'ll|\s+will|\s+shall|\s+are\s+going\s+to|\s+am\s+going\s+to)?\s+(?:send\s+(?:our|my)\s+(?:own\s+)?"
      r"(?:driver|truck|lorry|van|courier|haulier|carrier|forwarder)|come\s+(?:by|round|over)|stop\s+by|drop\s+by)\s+"
      r"(?:to\s+|and\s+)?(?:pick|collect|fetch)"
      r"|\b(?:our|my)\s+(?:own\s+)?(?:lorry|forwarder|shipping\s+agent)\s+(?:will\s+)?(?:pick|collect|fetch)"
      # "Unser Spediteur holt die Ware am Freitag ab", "Die Ware wird von unserem LKW abgeholt"
      r"|\bunser\w*\s+(?:spediteur|spedition|fahrer|lkw|lastwagen|kurier|transporteur|frachtfuhrer)\s+(?:holt|wird)\s+"
      r"(?:[\w.]+\s+){0,6}?(?:ab|abholen)\b"
      r"|\bwird\s+von\s+unser\w*\s+(?:spediteur|spedition|fahrer|lkw|lastwagen|kurier|transporteur|frachtfuhrer)\s+abgeholt\b"
      # "Notre chauffeur passera prendre la marchandise jeudi", "Notre transporteur viendra chercher la marchandise"
      r"|\bnotre\s+(?:chauffeur|transporteur|camion|livreur|coursier|transitaire)\s+(?:passe|passera|vient|viendra"
      r"|va\s+(?:passer|venir))\s+(?:\w+\s+)?(?:prendre|chercher|recuperer|enlever)\b"
      r"|\b(?:customer|self|click\s*(?:&|and))\s*-?\s*(?:pick\s*-?\s*up|collect(?:ion|s)?)\b"
      r"|\b(?:to\s+be|will\s+be|for\s+customer)\s+(?:picked\s+up|collected)\b"
      r"|^\W*(?:pick\s*-?\s*up|collection)\b"
      r"|\bselbst\s*-?\s*abhol\w*|\babholung\b|\babholer\b|\bwird\s+(?:von\s+uns\s+)?(?:selbst\s+)?abgeholt\b"
      r"|\bholen\s+(?:\w+\s+){0,3}(?:selbst\s+)?ab\b"
      # "wir holen die Bestellung am Freitag ab", "ich hole die Ware am 12.01. selbst ab", "holen wir ... ab"
      r"|\b(?:wir|ich)\s+(?:hole|holen|kommen|komme)\s+(?:[\w.]+\s+){0,6}?(?:ab|abholen)\b|\bholen\s+wir\b.{0,50}\bab\b"
      # "je passe prendre la commande jeudi", "je passerai chercher", "on viendra récupérer", "nous passons prendre"
      r"|\b(?:je|j'|nous|on)\s*(?:passe|passerai|passons|passerons|passera|viens|viendrai|venons|viendrons|viendra"
      r"|vais\s+(?:passer|venir)|allons\s+(?:passer|venir)|va\s+(?:passer|venir))\s+(?:\w+\s+)?(?:prendre|chercher|recuperer|enlever)\b"
      r"|\b(?:je|nous|on)\s+(?:recupere|recupererai|recuperons|recupererons|recuperera)\s+(?:la|les|notre|nos)\s+(?:commande|marchandise)"
      r"|\benlevement\b|\bretrait\s+(?:par\s+nos\s+soins|sur\s+place|en\s+magasin|au\s+depot)"
      r"|\bnous\s+(?:viendrons|venons|passerons|allons\s+venir)\s+(?:chercher|prendre|recuperer|enlever)\b"
      r"|\bsera(?:ont)?\s+enlevee?s?\b|\ba\s+enlever\s+(?:par|le|chez)\b")
# taken back or paid, not the goods collected; or goods-in hours
_NOT_GOODS = re.compile(
    r"\b(?:pallets?|palettes?|paletten|leergut|empties|returns?|retours?|emballages?|verpackung\w*|packaging|altgerat\w*"
    r"|altware|consigne|freight\s+collect|collect\s+on\s+delivery|cash\s+on|c\.?o\.?d\.?|hours?|times?|zeiten|horaires?"
    r"|heures|window|fenster|call\s+collect|collect\s+call)\b")


def customer_collects(text: str) -> bool:
    """Whether ``text`` says the customer collects the goods itself (a pickup, will call)."""
    folded = fold(text).replace("ß", "ss").lower().strip()
    return bool(_COLLECTS.search(folded)) and not _NOT_GOODS.search(folded)


def collection_problem(text: str) -> Problem | None:
    """``SHIP-TO-UNSURE`` for a note saying the customer collects the goods, else None."""
    if not customer_collects(text):
        return None
    return Problem(code=COLLECTION_CODE, severity="error", element=COLLECTION_ELEMENT,
                   message=f"a note on the order says the customer collects the goods itself (pickup, will call): "
                           f"they are not delivered to the address read, a person arranges the collection: "
                           f"{text[:120]!r}")

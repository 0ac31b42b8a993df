"""Header labels built as families: what is numbered or dated, times how each language says "number
of" and "date of", so a producer's own wording ("Document No.", "Belegnummer", "N° de pièce",
"Posting Date", "Date d'émission", "Order submitted on", "Rahmenbestellung") is found without listing
each string.

``extractors.capture.layout_spec`` adds these to its hand-written labels. Labels are compared by key
(``extractors.capture.labels.label_key``: letters and digits only, words run together), so a German
compound is its parts in a row ("Beleg" + "nummer"). ``NOT_FIELD_LABELS`` are labels whose value is
a date or number of something else (the day the supplier received the order, a print date): found
as labels of their own so that a shorter field label inside them ("Received by") takes no value.
"""

from __future__ import annotations

from itertools import product

# what a buyer's document calls itself when it numbers or dates itself
_DOC_EN = ("order", "purchase order", "po", "p.o.", "document", "doc.", "blanket order", "blanket purchase order",
           "call-off order", "call off order", "release order", "standing order", "framework order", "requisition order")
_DOC_FR = ("commande", "bon de commande", "bc", "pièce", "document", "commande cadre", "commande ouverte",
           "commande d'achat", "commande fournisseur")
_DOC_DE = ("bestellung", "bestell", "beleg", "einkaufsbeleg", "dokument", "auftrag", "auftrags", "rahmenbestellung",
           "abrufbestellung", "abrufauftrag", "rahmenauftrag", "sammelbestellung", "einzelbestellung", "bestellschein")
# a kind of order named alone in a key-value cell before its number ("Rahmenbestellung | RB-17"), never a title
_NAMED_ORDERS = ("blanket order", "blanket purchase order", "call-off order", "call off order", "release order",
                 "standing order", "framework order", "commande cadre", "commande ouverte", "rahmenbestellung",
                 "abrufbestellung", "abrufauftrag", "rahmenauftrag", "sammelbestellung")
_NUMBER_EN = ("no.", "no", "number", "#", "nr.", "ref.", "ref", "reference", "id")
_NUMBER_FR = ("n°", "no", "numéro", "num.", "réf.", "référence")
_NUMBER_DE = ("nummer", "nr.", "-nr.", "nr", "referenz")
_OWNER_EN = ("", "our ", "your ")
_OWNER_FR = ("", "notre ", "votre ")
_OWNER_DE = ("", "unsere ", "ihre ")

# the order's own day: what happened to the document on it
_DATED_EN = ("order", "purchase order", "po", "p.o.", "document", "doc.", "posting", "issue", "creation", "submission",
             "entry")
_DONE_EN = ("ordered", "placed", "submitted", "created", "issued", "raised", "posted", "entered")
# not "édition" / "édité le": a French ERP prints the day it printed the document so (review S9)
_DATED_FR = ("commande", "bon de commande", "pièce", "document", "émission", "création", "saisie", "établissement")
_DONE_FR = ("passée", "passé", "créée", "créé", "émise", "émis", "saisie", "saisi", "établie", "établi")
_DATED_DE = ("bestell", "beleg", "buchungs", "erstell", "ausstellungs", "auftrags", "dokument", "erfassungs", "anlage")
_OF_DE = ("bestellung", "erstellung", "ausstellung", "erfassung", "buchung")
_DONE_DE = ("bestellt", "erstellt", "ausgestellt", "angelegt", "gebucht", "erfasst")

# the delivery day: what is due on it
_DUE_EN = ("delivery", "receipt", "arrival", "need-by", "need by", "required", "requested delivery", "ship")
_DUE_FR = ("livraison", "réception", "besoin", "livraison souhaitée", "livraison prévue")
_DUE_DE = ("liefer", "anliefer", "wareneingangs", "bedarfs", "wunsch")

# the supplier's own number as the buyer labels it: "Ihre Auftragsnummer" (our sales order), "Ihr Zeichen",
# "votre référence", "your ref." (our quote, our reference): found so that the order-number label inside them
# ("Auftragsnummer", "référence", "ref.") takes no value, never the customer's PO
SUPPLIERS_NUMBERS = tuple(f"{owner} {label}" for owner, label in product(
    ("ihre", "ihr"), ("auftragsnummer", "auftrags-nr.", "auftrags nr.", "auftragsnr.", "auftrag nr.", "auftrag",
                      "zeichen", "referenz", "angebotsnummer", "angebots-nr."))) + tuple(
    f"{owner} {label}" for owner, label in product(("votre", "vos"), ("référence", "références", "réf.", "réf",
                                                                        "ref.", "n° de devis", "devis"))) + tuple(
    f"your {label}" for label in ("ref", "ref.", "reference", "sales order", "sales order no.", "sales order number",
                                  "quote", "quote no.", "quotation no."))

# a date or number that belongs to something else than the order's own
NOT_FIELD_LABELS = tuple(
    f"{event} by {who} on" for event, who in product(("received", "acknowledged", "confirmed", "accepted", "viewed"),
                                                     ("supplier", "vendor", "seller"))) + tuple(
    f"{event} by {who}" for event, who in product(("received", "acknowledged", "confirmed", "accepted"),
                                                  ("supplier", "vendor", "seller"))) + (
    "reçue par le fournisseur le", "reçu par le fournisseur le", "vom lieferanten empfangen am",
    "vom lieferanten bestätigt am", "eingang beim lieferanten") + SUPPLIERS_NUMBERS


def _joined(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def po_family() -> tuple[str, ...]:
    """"Document No.", "Our order ref", "N° de pièce", "Numéro de la pièce", "Belegnummer", "Ihre Auftrags-Nr.",
    and the call-off and blanket orders' own names alone ("Rahmenbestellung | RB-17")."""
    out: list[str] = []
    for owners, docs, numbers, joiners in ((_OWNER_EN, _DOC_EN, _NUMBER_EN, ("of", "of the")),
                                           (_OWNER_FR, _DOC_FR, _NUMBER_FR, ("de", "de la", "du", "de commande")),
                                           (_OWNER_DE, _DOC_DE, _NUMBER_DE, ("der",))):
        out += [_joined(owner, name) for owner, name in product(owners, _NAMED_ORDERS) if name in docs]
        for owner, doc, number in product(owners, docs, numbers):
            if owner.strip() in ("ihre", "your", "votre") and (doc.startswith("auftrag") or number.startswith(("ref", "réf"))):
                continue  # "Ihre Auftragsnummer", "your order ref.": the supplier's number (``SUPPLIERS_NUMBERS``)
            out.append(_joined(owner, doc, number))
            out.extend(_joined(owner, number, joiner, doc) for joiner in ("",) + joiners)
    return tuple(dict.fromkeys(out))


def order_date_family() -> tuple[str, ...]:
    """"Posting Date", "Date of order", "Order submitted on", "Date d'émission", "Date de la pièce", "Commande
    créée le", "Belegdatum", "Buchungsdatum", "Datum der Erstellung", "Erstellt am"."""
    out: list[str] = []
    for d in _DATED_EN:
        out += [f"{d} date", f"date of {d}", f"date of the {d}", f"{d} dated"]
    for done in _DONE_EN:
        out += [f"{done} on", f"date {done}", f"{done} date"]
        out += [f"{d} {done} on" for d in ("order", "purchase order", "po", "document")]
        out += [f"{d} {done}" for d in ("order", "purchase order", "po", "document")]
    for d in _DATED_FR:
        out += [f"date de {d}", f"date de la {d}", f"date du {d}", f"date d'{d}", f"date {d}"]
    for done in _DONE_FR:
        out += [f"{done} le"] + [f"{d} {done} le" for d in ("commande", "bon de commande", "pièce", "document")]
    for d in _DATED_DE:
        out += [f"{d}datum", f"{d} datum", f"{d}-datum"]
    out += [f"datum der {d}" for d in _OF_DE] + [f"{done} am" for done in _DONE_DE]
    return tuple(dict.fromkeys(out))


def delivery_family() -> tuple[str, ...]:
    """"Need-By Date", "Requested delivery date", "Date de réception souhaitée", "Anlieferdatum", "Wunschtermin"."""
    out: list[str] = []
    for d in _DUE_EN:
        out += [f"{d} date", f"date of {d}", f"{d} by", f"{d} date requested", f"requested {d} date"]
    for d in _DUE_FR:
        out += [f"date de {d}", f"date {d}", f"{d} le", f"{d} pour le", f"date de {d} souhaitée"]
    for d in _DUE_DE:
        out += [f"{d}datum", f"{d}termin", f"{d} datum", f"{d} termin"]
    return tuple(dict.fromkeys(out))

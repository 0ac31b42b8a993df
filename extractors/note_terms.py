"""Notes printed in a document (a paragraph under a Word form's table, a cell under a sheet's items, a text block
on a page) that change what the order's figures say: a discount or a price ("an additional 5% discount applies",
"remise de 10 %", "5 % Rabatt", "Line 2: price should be $72.00", "zum Preis von 2,50 EUR", "au prix de 2,10 €"),
another invoicing address ("please invoice our Dallas office", "Rechnung an unsere Zentrale", "facturer à notre
siège", "bill to ..."), another delivery date ("Nouvelle date de livraison : le 21/12/2026", "Neuer Liefertermin
22.12.2026", "move the delivery to 12/22/2026"). Read alone, the header and the table send the list prices, the
customer's own invoicing address and the printed date: each of these holds with its reason named
(``PRICE-TYPED``, ``BILL-TO-TYPED``, ``CHANGE-TYPED`` on ``requested_delivery_date``).

Harmless notes say none of it: payment terms ("30 Tage netto", "2 % Skonto bei Zahlung in 10 Tagen": the
customer's terms are on file), prices as on the list ("Prices as per your current price list"), the line's own price
again, a reference to repeat on the invoice ("Bitte Bestellnummer auf der Rechnung angeben"), an invoicing
address whose postcode is one the order already prints for the customer, the order's own delivery date."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from extractors.delivery_words import DELIVERY_STEMS
from extractors.locale_values import fold
from extractors.payment_terms import stated_terms
from gateway.model import ExtractedOrder, Problem

# a discount word: "Rabatt", "Nachlass", "remise", "réduction", "rabais", "discount", "% off", "sconto", "descuento"
_DISCOUNT = re.compile(r"\b(?:\w*rabatt\w*|nachlass\w*|preisnachlass|remise|reduction|rabais|ristourne|discount\w*"
                       r"|sconto|descuento|korting|price\s+reduction|reduced\s+price|deduct\w*|abzug|abziehen|abzuglich|\w*abschlag\w*"
                       r"|less|minus|moins|rebate\w*|bonus|save|saving\w*|net\s+of|deduction|weniger|en\s+moins)\b")
_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|prozent|percent|pour\s*cent|pct)(?!\w)")
_OFF = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|percent|pct)\s+off\b|(?:[$€£]|\b(?:eur|usd|chf|gbp)\b)\s*\d+(?:[.,]\d+)?\s+off\b"
                  r"|\d+(?:[.,]\d+)?\s*(?:[$€£]|eur|usd|chf|gbp|euros?|dollars?)?\s+off\s+(?:the\s+|this\s+|our\s+)?(?:list|total|order|price|invoice)")
# payment terms, the customer's own on file: "2 % Skonto", "escompte 2 %", "2/10 net 30", "early payment discount"
_PAYMENT_DISCOUNT = re.compile(r"\b(?:\w*skonto\w*|escompte|(?:early|prompt)\s+payment\s+(?:discount|rebate)|cash\s+discount"
                               r"|(?:early|prompt)\s+payment|(?:discount|rebate|remise|rabatt|nachlass)\s+(?:(?:if|when)\s+paid|for\s+(?:early\s+)?payment"
                               r"|within\s+\d+\s+(?:days|tagen|jours)|bei\s+zahlung|pour\s+paiement))\b")
_TOTAL = re.compile(r"\b(?:total\w*|subtotal|sub-total|summe|zwischensumme|gesamt\w*|montant|amount|betrag|net|netto|brutto|ttc|ht"
                    r"|vat|tax|mwst|ust|tva)\b")
# a totals row before a figure ("Total price: 50.00", "Summe 50,00"): not "net", "netto", "ht", which price notes use too
_TOTAL_ROW = re.compile(r"\b(?:total\w*|subtotal|sub-total|summe|zwischensumme|gesamt\w*|montant|betrag|brutto|ttc)\b")
# a price given: "price should be $72.00", "zum Preis von 2,50", "au prix de 2,10", "charged at 0.79", "zu 2,40 EUR
# berechnen", "facturé 2,10 €", "Preis gemäß Rahmenvertrag: 2,50 EUR", "prix convenu 2,50"
_PRICE_WORD = re.compile(r"\b(?:price[sd]?|pricing|\w*preis\w*|prix|tarif\w*|charged\s+at|to\s+be\s+charged|berechn\w*|factur\w*|invoiced"
                         r"|bill(?:ed)?\s+at|cost(?:s|ing)?\s+(?:of|at)|unit\s+rate|rate\s+of|einzelpreis|stuckpreis"
                         r"|kosten|coute\w*|prezzo|precio)\b")
_MONEY = re.compile(r"(?:[$€£]\s*|\b(?:eur|usd|chf|gbp)\s*)(\d{1,6}(?:[.,\u202f\xa0 ]\d{3})*(?:[.,]\d{2})?)"
                    r"|(?<![\w.,/])(\d{1,6}(?:[.,\u202f\xa0 ]\d{3})*[.,]\d{2})(?![\d/.-]*\d)(?:\s*(?:[$€£]|eur\b|euro\b|usd\b|chf\b|gbp\b|dollars?\b))?")
# an amount said per unit right after it: "stapler at 16.50 each", "16,50 € l'unité", "2,40 EUR je Stück", "3.10 per box"
# (a price for an item, however far the price word stands)
_PER_UNIT = re.compile(r"\s*(?:[$€£]|eur\b|euros?\b|usd\b|chf\b|gbp\b)?\s*(?:each|apiece|a\s+piece|per\s+(?:unit|piece|pc|item|box|pack|carton|each)"
                       r"|/\s*(?:unit|pc|pcs|ea|each|piece|stk|stuck)\b|je\s+(?:stuck|einheit|packung|karton|stk)|pro\s+(?:stuck|einheit|packung|stk)"
                       r"|l'unite|par\s+unite|la\s+piece|piece|chacun\w*)\b")
# a reference to the list or the quote with no figure: "prices as per your current price list" says nothing new
_LIST_PRICE = re.compile(r"\b(?:list\s+price|price\s+list|preisliste|listenpreis|tarif\s+en\s+vigueur|liste\s+de\s+prix"
                         r"|current\s+prices?|usual\s+prices?|prix\s+habituels?)\b")

# another invoicing address: "invoice our Dallas office", "Rechnung an ...", "facturer à", "bill to", "Rechnungsanschrift"
_BILLING = re.compile(
    r"\b(?:invoices?\s+(?:to|our|the|it\s+to)|invoice\s+(?:this|the)\s+(?:order|po|purchase\s+order)\s+to"
    r"|factur(?:er|ez)\s+(?:cette|la)\s+commande\s+(?:a|au|aux|chez)|rechnung\s+(?:fur|zu)\s+(?:diese[rn]?\s+)?bestellung\s+(?:bitte\s+)?an|send\s+(?:all\s+)?(?:the\s+|your\s+|our\s+)?invoices?\s+to"
    r"|invoices?\s+(?:should\s+go|must\s+go|go(?:es)?)\s+to|facturation(?=\s*:)|rechnung(?:en)?\s+(?:geht|gehen)\s+(?:bitte\s+)?an"
    r"|factures?\s+(?:\w+\s+){0,2}adressee?s?\s+(?:a|au|aux|chez)"
    r"|address\s+(?:the\s+|your\s+)?invoices?\s+to|bill\s+(?:to|our|it\s+to)|billing\s+address|invoicing\s+address"
    r"|invoice\s+address|factur(?:er|ez|ation)\s+(?:a|au|aux|sur|chez)|factur(?:er|ez)\s+(?:notre|nos)\s+(?!prix|tarif)|adresse\s+de\s+facturation"
    r"|adress\w*\s+(?:la\s+|votre\s+|vos\s+)?factures?\s+(?:a|au|aux|chez)|factures?\s+(?:a\s+envoyer\s+)?(?:a|au|aux|chez)\s+(?:notre|nos|l'|la|le)"
    r"|rechnung(?:en)?\s+(?:bitte\s+)?(?:an|auf|zu|nach|senden\s+an|schicken\s+an)\b|rechnung\w*\s+bitte\s+an"
    r"|rechnungs(?:adresse|anschrift|empfanger)|rechnungsstellung\s+(?:an|uber))\b")
# the billing address as the order already gives it ("an die Rechnungsadresse", "to the invoice address", "à l'adresse de
# facturation", "to our usual billing address"), not another one
_THE_BILLING = re.compile(r"\b(?:an|to|a|au|at|unter|per|gemass|laut|lt\.?|as\s+per|selon)\s+(?:die|der|the|l'|la|le|our|unsere?r?|notre|your|votre"
                          r"|usual|ubliche|habituelle|given|angegebene|indiquee|above|obige|stated)?\s*(?:usual\s+|ubliche\s+|above\s+|obige\s+)?"
                          r"(?:rechnungs(?:adresse|anschrift)|invoic(?:e|ing)\s+address|billing\s+address|adresse\s+de\s+facturation)\b"
                          r"(?!\s*[:\-]?\s*(?:\w+\s+){0,6}\d{4,5}\b)")
# a block's title, "Rechnung an:", "Facturer à" beside "Livrer à", "Bill to:": a label, not a request
_TITLE = re.compile(r"\b(?:rechnung(?:en)?\s+an|factur(?:er|ez)\s+a|bill\s+to|invoice\s+to)\b\s*(?::|$|(?=\s*(?:lieferung|liefer\w*|livr\w*"
                    r"|ship\w*|deliver\w*|adresse|address|versand)\b))")
# words of a request, against a block's title: "invoice our ...", "Rechnung an ...", "please", "bitte", "merci de"
_ASKED = re.compile(r"\b(?:please|pls|kindly|bitte|merci|veuillez|priere|send|schicken|senden|envoyer|adresser|should|must|soll\w*"
                    r"|geht\s+an|gehen\s+an|doit|doivent|adressee\w*|all\s+invoices"
                    r"|invoice\s+(?:our|the|it|this)|bill\s+(?:our|it|to\s+(?:our|my|the))|factur(?:er|ez)|rechnung(?:en)?\s+(?:bitte\s+)?an|instead|statt"
                    r"|plutot|new|neue\w*|nouvelle|other|andere\w*|autre)\b")
# the address the order prints, said again: "bill to the address above", "gleiche Adresse", "wie oben", "identique"
_SAME = re.compile(r"\b(?:(?:the\s+)?address\s+above|above\s+address|same\s+address|as\s+above|gleiche\w*\s+(?:adresse|anschrift)"
                   r"|obige\w*\s+(?:adresse|anschrift)|wie\s+oben|identique\w*|meme\s+adresse|ci-dessus)\b")
_NOT_SAME = re.compile(r"\b(?:not|nicht|pas|non|instead|statt|anstatt|plutot|other|andere\w*|autre|except|sauf|ausser)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a place or another company named beside an invoice mailbox: "an unsere Zentrale, buchhaltung@...", "our Dallas office"
_BILL_PLACE = re.compile(r"\b(?:office|branch|head\s*quarters?|hq|holding|parent|subsidiary|company|division|zentrale|filiale"
                         r"|niederlassung|mutter\w*|tochter\w*|konzern|firma|siege|succursale|agence|maison\s+mere|filiale"
                         r"|societe|groupe)\b")
_POSTCODE = re.compile(r"\b(?:\d{5}|\d{4}|[a-z]{1,2}\d[a-z\d]?\s+\d[a-z]{2}|[a-z]{2}\s+\d{5}(?:-\d{4})?)\b")

# a date in a note: 21/12/2026, 21.12.2026, 21-12-26, 12/22/2026, 09/12
_DATE = re.compile(r"(?<![\d/.])(\d{1,2})\s*([./-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}|\d{2}))?(?![\d/])")
_DELIVERY = re.compile(rf"\b(?:{DELIVERY_STEMS}|termin\w*|echeance|due)\b")
# words that say the date is another one, where the order's own date is not known
_BOUND = re.compile(r"\b(?:before|after|until|till|by|prior\s+to|vor|nach|bis|ab|avant|apres|jusqu\w*|au\s+plus\s+tard"
                    r"|spatestens|fruhestens|latest|earliest|no\s+later|at\s+the\s+latest|au\s+plus\s+tot)\b")
_WINDOW = re.compile(r"\d{1,2}\.?\s*(?:au|bis|to|a|-|\u2013|through|thru)\s*$")
_WEEK = re.compile(r"\b(?:semaine|week|woche|kw|cw|wk)\b")
_LINE = re.compile(r"\b(?:pos|position|line|ligne|zeile|item|article|artikel)\.?\s*(?:n[or]\.?\s*)?\d+")
_OTHER = re.compile(r"\b(?:new|neue[rns]?|nouvel(?:le)?|instead|rather|statt|anstatt|plutot|au\s+lieu|move[ds]?|moved|postpone\w*"
                    r"|verschieb\w*|verleg\w*|reporte\w*|decal\w*|changed?|geandert|andern|modifi\w*|et\s+non|not\s+on)\b")
# a date that is not when to deliver: of a quote, of the order, a payment, a latest date (the page notes read those)
_NOT_DELIVERY_DATE = re.compile(r"\b(?:quote|quotation|offer|angebot\w*|offre|devis|vom|du|of|dated|datum|date\s+de\s+commande"
                                r"|order\s+date|bestelldatum|payment|zahlung|paiement|invoice|rechnung|facture)\s*[:#]?\s*$")


def note_term(text: str, order: ExtractedOrder, form: bool = False) -> Problem | None:
    """The named reason a printed note changes the order's prices, its invoicing address or its delivery date; None
    for a harmless note."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    quoted = repr(text.strip()[:120])
    if (term := money_term(text, order)) is not None:
        return term
    if other_date(folded, order.requested_delivery_date, (order.language or "").startswith("en"), form,
                  (order.order_date,)):
        return Problem(code="CHANGE-TYPED", severity="error", element="requested_delivery_date",
                       message=f"a note on the order gives a delivery date that is not the order's, a person sets it: "
                               f"{quoted}")
    return None


def money_term(text: str, order: ExtractedOrder) -> Problem | None:
    """``PRICE-TYPED`` or ``BILL-TO-TYPED`` for a free-text note of any format (a printed page's, a typed e-mail's
    remark, an EDIFACT FTX, an X12 MSG/NTE, cXML Comments, a UBL Note, openTRANS REMARKS) that gives a price or a
    discount, or names another invoicing address; None for a harmless one. The one judgement every reader uses."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    quoted = repr(text.strip()[:120])
    if priced(folded, order):
        return Problem(code="PRICE-TYPED", severity="error", element="lines",
                       message=f"a note on the order gives a price or a discount (the lines carry the printed ones), "
                               f"a person applies it: {quoted}")
    if bills_elsewhere(folded, order):
        return Problem(code="BILL-TO-TYPED", severity="error", element="bill_to",
                       message=f"a note on the order names where to invoice, a person sets the bill-to: {quoted}")
    return None


# a line's own discount or free goods without a discount word and figure together: "Agrafeuse -10%", "Agrafeuse,
# gratuit", "2 achetées = 1 offerte", "Agrafeuse remisée", "(remise fidélité)", "free of charge", "kostenlos"
_LINE_DEAL = re.compile(r"(?:^|[\s(,;:])[-\u2212\u2013]\s?\d+(?:[.,]\d+)?\s?%"
                        r"|\b(?:gratuite?s?|offerte?s?|kostenlos|gratis|umsonst|free\s+of\s+charge|for\s+free|no\s+charge"
                        r"|sans\s+frais|remisee?s?|rabattiert\w*|discounted)\b"
                        r"|\b(?:prix|tarif)\s+(?:reduit\w*|remise?e?s?)\b|\breduced\s+(?:price|rate)\b"
                        r"|\breduziert\w*\s+(?:preis|tarif)\b"
                        r"|\b(?:remise|rabatt|discount|ristourne)\s+(?:fidelite|client|speciale?|exceptionnelle|accordee"
                        r"|convenue|loyalty|special|agreed|vereinbart\w*)\b"
                        r"|\b\d+\s*(?:achete\w*|gekauft|bought|\+)\s*=?\s*\d+\s*(?:offert\w*|gratuit\w*|free|gratis)\b"
                        r"|\bbuy\s+\d+\s*,?\s*get\s+\d+\b")


def line_price_terms(order: ExtractedOrder) -> list[Problem]:
    """``PRICE-TYPED`` on each line whose own description gives a discount or a price other than the line's ("Agrafeuse
    - remise 10 %", "Stapler less 5% discount", "(10 % Rabatt)", "10% off"): the line would go out at the price in its
    price column (or the list price), the discount written beside it lost. Product names that only carry numbers or
    a percentage of something else ("Papier recyclé 100 %", "Discount pack of 10 pens", "2 % Skonto") say none."""
    found = []
    for line in order.lines:
        said = money_term(line.description, order) if line.description else None
        deal = bool(line.description) and bool(_LINE_DEAL.search(fold(line.description).lower()))
        if deal or said is not None and said.code == "PRICE-TYPED":
            found.append(Problem(code="PRICE-TYPED", severity="error", element=f"lines[{line.line_no}].unit_price",
                                 message=f"line {line.line_no}'s description gives a discount or a price the price read "
                                         f"does not carry, a person applies it: {line.description.strip()[:120]!r}"))
    return found


def priced(folded: str, order: ExtractedOrder) -> bool:
    """A discount with a figure the reader has not taken ("5 % Rabatt", "less 5%", "USD 10.00 off the order") that is
    no early-payment term, or a price word with an amount that is not the named line's own price ("Line 2: price
    should be 2.75" over 79.00)."""
    read = _read_figures(order)
    moneys = [(m, v) for m in _MONEY.finditer(folded) if (v := _amount(m.group(1) or m.group(2))) is not None]
    percents = [v for m in _PERCENT.finditer(folded) if (v := _amount(re.sub(r"[^\d.,]", "", m.group(0)))) is not None]
    if read and any(v in read for _m, v in moneys) | any(v in read for v in percents) \
            and len(set(percents)) <= 1 and not _MORE.search(folded):
        return False  # "Rabatt 2 % -7,89 €", "Remise fidélité 1 -20,00 -20,00 -24,00": the allowance read, the totals check it
    unread = [v for _m, v in moneys if v not in read] + [v for v in percents if v not in read]
    if _discount(folded, unread, bool(percents)):
        return True
    per_unit = [m for m, _v in moneys if _PER_UNIT.match(folded, m.end())]
    if not (_PRICE_WORD.search(folded) or per_unit) or _LIST_PRICE.search(folded) and not moneys:
        return False
    own = _own_prices(folded, order)
    for m, value in moneys:
        if value in read:
            continue
        before = folded[max(0, m.start() - 60):m.start()]
        if not _PRICE_WORD.search(before + folded[m.end():m.end() + 30]) and m not in per_unit:
            continue
        if value in own:
            continue  # the named line's own price said again (or, no line named, one of the lines')
        if _TOTAL_ROW.search(before[-30:]):
            continue  # "Total price: 50.00", "Total charged $3,701.83": a totals row, its check is the totals'
        return True
    return False


def _discount(folded: str, unread: list[Decimal], has_percent: bool) -> bool:
    """A discount said with a figure not read: not an early-payment term ("2 % Skonto bei Zahlung in 10 Tagen",
    "escompte 2 %"), not a totals row with no rate ("Total Before Discount EUR 947.50"), not a zero or an
    "already in the prices" ("0 % Nachlass", "déjà incluse dans les prix")."""
    terms = _PAYMENT_DISCOUNT.sub(" ", folded)
    if not (_DISCOUNT.search(terms) and unread or _OFF.search(terms)):
        return False
    if _TOTAL.search(folded) and not has_percent and not _OFF.search(terms):
        return False  # ("Total Before Discount EUR 947.50", "Summe vor Rabatt", "Total avant remise": a totals row)
    if all(v == 0 for v in unread) and not _OFF.search(terms):
        return False  # "Discount 0%", "0 % Nachlass": none
    if _INCLUDED.search(folded) and not _MORE.search(folded):
        return False  # "Discount 5% already applied to unit prices": the printed prices carry it, the price check reads them
    return True


# a discount said to be in the printed prices already: "already included in the prices", "déjà incluse", "bereits
# in den Preisen enthalten", "Preise inkl. 3 % Rabatt"
_INCLUDED = re.compile(r"\b(?:already\s+(?:included|applied|deducted|in\s+the\s+prices?)|included\s+in\s+the\s+(?:unit\s+)?prices?"
                       r"|deja\s+(?:inclus\w*|applique\w*|deduit\w*|compris\w*)|bereits\s+(?:in\s+den\s+preisen\s+)?(?:enthalten|berucksichtigt|abgezogen|eingerechnet)"
                       r"|preise\s+(?:inkl\.?|inklusive|einschl\.?|einschliesslich)\s+\d)")
_MORE = re.compile(r"\b(?:additional|further|extra|weitere\w*|zusatzlich\w*|supplementaire\w*|en\s+plus|another|plus)\b")


def _read_figures(order: ExtractedOrder) -> set[Decimal]:
    """The amounts and percents of the allowances and charges the reader already took from the document."""
    return {v for a in order.allowances for v in (a.amount, a.percent) if v is not None}


def _own_prices(folded: str, order: ExtractedOrder) -> set[Decimal]:
    """The unit prices of the lines the note names ("Line 2", "Pos. 2", "SKU-1003"); all the lines' when it names none."""
    numbers = {int(n) for m in _LINE.finditer(folded) for n in re.findall(r"\d+", m.group(0))}
    named = [line for line in order.lines
             if line.line_no in numbers
             or line.supplier_item and len(line.supplier_item) >= 3 and fold(line.supplier_item).lower() in folded]
    return {line.unit_price for line in (named or order.lines) if line.unit_price is not None}


def _amount(text: str) -> Decimal | None:
    digits = re.sub(r"[\s\u202f\xa0]", "", text)
    if re.search(r"[.,]\d{2}$", digits):
        whole, cents = digits[:-3], digits[-2:]
        digits = re.sub(r"[.,]", "", whole) + "." + cents
    else:
        digits = re.sub(r"[.,]", "", digits)
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


# "Invoices: Acme Finance, Dayton", "Rechnung: Zentrale Hamburg", "Factures : Dupont Holding": a label and where the
# invoices go, no "to"/"an" needed. Its value says nothing of a place when it is a reference ("Rechnung: RE-4711"), a
# number of copies ("in duplicate", "2-fach", "en 2 exemplaires"), the usual ("as usual", "wie immer"), a way of
# sending with no name ("by e-mail", "per Post"), a rhythm ("monthly", "Sammelrechnung")
_INVOICE_LABEL = re.compile(r"^\W*(?:invoices?|invoicing|billing|rechnung(?:en)?|rechnungsempfang\w*|factures?|facturation)"
                            r"\s*:\s*(?P<value>\S.*)$")
_NO_PLACE_VALUE = re.compile(
    r"^(?:(?:no\.?|nr\.?|n°|#)?\s*[\w/-]*\d[\w/-]*"
    r"|(?:in\s+)?(?:duplicate|triplicate|\d+\s*(?:copies|-?fach|exemplaires?))|\d+-?fach|en\s+(?:double|\d+\s+exemplaires?)"
    r"|(?:as\s+usual|wie\s+(?:immer|ublich|bisher)|comme\s+d'habitude|habituelle?|usual|ublich)"
    r"|(?:by|per|via|par)\s+(?:e-?mail|post|mail|courrier|edi)|(?:e-?mail|post|papier|paper|pdf)(?:\s+only)?"
    r"|monthly|mensuelle?|monatlich|sammelrechnung|collective|(?:same\s+as\s+(?:above|order)|wie\s+oben|idem))\W*$")


# a label's value that is an instruction, no party: how to send ("electronic via Peppol", "XRechnung", "par voie
# électronique"), what to put on it ("bitte Bestellnummer angeben", "please quote PO number"), copies ("1 copy"),
# with the goods, a rhythm ("monthly collective invoice"), a number it must show ("PO number must appear")
_HOW_VALUE = re.compile(
    r"\b(?:please|pls|kindly|bitte|merci|svp|veuillez|quote|angeben|indiquer|mention\w*|state|electronic\w*|elektronisch\w*"
    r"|electronique\w*|e-?invoic\w*|e-?rechnung|xrechnung|zugferd|factur-?x|peppol|edi|pdf|paper|papier|post|e-?mail|courrier"
    r"|cop(?:y|ies)|kopie\w*|exemplaires?|duplicate|\w*fach|mit\s+der\s+ware|with\s+the\s+(?:goods|delivery)|avec\s+la\s+marchandise"
    r"|monthly|monatlich\w*|mensuel\w*|collective|sammel\w*|uniquement|only|nur|voie|usual|ublich|immer|habitude"
    r"|po|number|nummer|\w*nummer|numero|reference|referenz|appear\w*|show\w*|figurer|must|muss)\b")
# what names a party or a place: a postcode, a mailbox, an office or a company's word, a company's legal form
_PARTY_VALUE = re.compile(r"\b(?:gmbh|ag|kg|ltd|limited|plc|inc|llc|corp\w*|sarl|sas|sa|bv|nv|gmbh\s*&\s*co)\b|@")


def invoice_label(folded: str) -> bool:
    """"Invoices: X" / "Rechnung: X" / "Factures : X" naming where invoices go (see ``_INVOICE_LABEL``): its value
    names a party or a place (a postcode, a mailbox, an office, a company) or is a name with no instruction in it;
    "electronic via Peppol", "bitte Bestellnummer angeben", "1 copy", "net 30 days" name none."""
    m = _INVOICE_LABEL.match(folded)
    if m is None or _NO_PLACE_VALUE.match(value := m.group("value").strip()):
        return False
    if _POSTCODE.search(value) or _PARTY_VALUE.search(value) or _BILL_PLACE.search(value):
        return True
    return not _HOW_VALUE.search(value) and stated_terms(value) is None


def bills_elsewhere(folded: str, order: ExtractedOrder) -> bool:
    """A note naming where to invoice ("please invoice our Dallas office", "Rechnung an ...", "facturer à notre
    siège", "Invoices: Acme Finance") that is not an address the order prints for the customer (its postcode one
    of theirs)."""
    if invoice_label(folded):
        return not _own_postcodes_only(folded, order) and not _own_mailbox_only(folded, order)
    if not _BILLING.search(folded):
        return False
    # "Rechnungen bitte nur an die Rechnungsadresse", "send invoices to the billing address": the one on the order
    said = _THE_BILLING.sub(" ", folded)
    if not _BILLING.search(said):
        return False
    if _SAME.search(said) and not _POSTCODE.search(said) and not _NOT_SAME.search(said):
        return False  # "Please bill to the address above", "Rechnung an Buchhaltung, gleiche Adresse": the order's own
    if _own_mailbox_only(said, order):
        return False  # "Rechnung bitte an buchhaltung@mueller.example" from Müller: its own mailbox, the same bill-to
    if not _ASKED.search(_TITLE.sub(" ", said)) and not _POSTCODE.search(said):
        return False  # a block's title ("Rechnungsadresse", "Invoice Address  Delivery Address", "Bill To:"), a header
    return not _own_postcodes_only(folded, order)


def _own_mailbox_only(said: str, order: ExtractedOrder) -> bool:
    """The note names only mailboxes of the customer's own domains (a party's e-mail the order gives), no place, no
    postcode: how the invoice is sent, not to whom. A mailbox of a domain the order does not give is another party's
    ("send all invoices to accounts@acme.co.uk")."""
    return own_mailbox_only(said, {e.rsplit("@", 1)[1].lower() for p in order.parties
                                   for e in [p.ids.get("email") or ""] if "@" in e})


def own_mailbox_only(text: str, domains: set[str]) -> bool:
    """``text`` names mailboxes, all of ``domains`` (the customer's own: the order's parties', or its domains on
    file), and no place or postcode beside them."""
    said = " ".join(fold(text).replace("ß", "ss").lower().split())
    boxes = _EMAIL.findall(said)
    return bool(boxes) and all(b.rsplit("@", 1)[1] in domains for b in boxes) and not _POSTCODE.search(said) \
        and not _BILL_PLACE.search(_EMAIL.sub(" ", said))


def _own_postcodes_only(folded: str, order: ExtractedOrder) -> bool:
    """The note's postcodes are all the customer's own (its address printed again as where to invoice)."""
    codes = {c.replace(" ", "") for c in _POSTCODE.findall(folded)}
    if not codes:
        return False
    own = {fold(p.postcode).lower().replace(" ", "") for p in order.parties
           if p.postcode and p.role in ("buyer", "invoice_to", "sender")}
    return codes <= own


def other_date(folded: str, wanted: date | None, month_first: bool = False, form: bool = False,
               own: tuple[date | None, ...] = ()) -> bool:
    """A delivery date in a note ("Neuer Liefertermin: 22.12.2026", "livrer plutôt le 23/12/2026", "Please deliver on
    December 23, 2026", "Liefertermin geändert: 2026-12-23") that is not the order's in either reading (day first or
    month first); with no date on the order, only one said to be a new one. ``form``: a sheet's or a Word form's
    note, where any full date ("Wir benötigen die Ware am 23.12.2026") that is not the order's own (``own``: its
    delivery date and its order date) holds, delivery word or not (a page's reader has its own date checks)."""
    found = list(_dates(folded))
    for word in _DELIVERY.finditer(folded):
        d = next(((a, b, days) for a, b, days in found if word.end() <= a <= word.end() + 45), None)
        if d is None or _NOT_DELIVERY_DATE.search(folded[word.end():d[0]]):
            continue
        if _left_to_date_rules(folded, d[0], d[1], word.start()):
            continue
        if wanted is None:
            if _OTHER.search(folded):
                return True
            continue
        if wanted not in d[2]:
            return True
    if not form or wanted is None:
        return False
    known = {wanted, *(o for o in own if o is not None)}
    for a, b, days in found:
        if not days or _year_less(folded, a, b) or _NOT_DELIVERY_DATE.search(folded[max(0, a - 40):a]):
            continue
        if _left_to_date_rules(folded, a, b, a) or _BOUND.search(folded[max(0, a - 40):a]):
            continue
        if not known & set(days):
            return True
    return False


def _left_to_date_rules(folded: str, start: int, end: int, said: int) -> bool:
    """A latest or an earliest date ("ne pas livrer avant le 16/12"), a window ("semaine 51 (du 14 au 18/12/2026)",
    "KW 51", "14.-18.12."), a line's date ("Abweichender Liefertermin für Pos. 2"): the page notes' date rules read it."""
    return bool(_BOUND.search(folded[max(0, said - 30):start]) or _BOUND.search(folded[end:end + 25])
                or _WINDOW.search(folded[:start][-12:]) or _WEEK.search(folded) or _LINE.search(folded))


_MONTHS = {"jan": 1, "januar": 1, "january": 1, "janvier": 1, "janv": 1, "feb": 2, "februar": 2, "february": 2,
           "fevrier": 2, "fevr": 2, "fev": 2, "mar": 3, "marz": 3, "march": 3, "mars": 3, "apr": 4, "april": 4, "avril": 4,
           "avr": 4, "may": 5, "mai": 5, "jun": 6, "juni": 6, "june": 6, "juin": 6, "jul": 7, "juli": 7, "july": 7,
           "juillet": 7, "juil": 7, "aug": 8, "august": 8, "aout": 8, "sep": 9, "sept": 9, "september": 9,
           "septembre": 9, "oct": 10, "okt": 10, "oktober": 10, "october": 10, "octobre": 10, "nov": 11, "november": 11,
           "novembre": 11, "dec": 12, "dez": 12, "dezember": 12, "december": 12, "decembre": 12}
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_SPELLED = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+)?" + _MONTH + r"(?:\s*,?\s*(\d{4}))?(?!\w)"
                      r"|\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{4}))?")
_ISO = re.compile(r"(?<![\w./-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w/-])")


def _dates(folded: str):
    """Every date a note says, as (start, end, the days it can be): "21/12/2026" (day first or month first),
    "2026-12-21", "21 décembre 2026", "December 21, 2026", "am 21. Dezember"."""
    for m in _DATE.finditer(folded):
        if _a_date(folded, m) and not _ISO_PART.match(folded, max(0, m.start() - 5)):
            yield m.start(), m.end(), _days(int(m.group(1)), int(m.group(3)), m.group(4), True)
    for m in _ISO.finditer(folded):
        yield m.start(), m.end(), _days(int(m.group(3)), int(m.group(2)), m.group(1), False)
    for m in _SPELLED.finditer(folded):
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        yield m.start(), m.end(), _days(int(day), _MONTHS[month], year, False)


_ISO_PART = re.compile(r"\d{4}-")


def said_dates(folded: str) -> list[tuple[int, int, list[date]]]:
    """Every date a folded text says, as (start, end, the days it can be) (``_dates``)."""
    return list(_dates(folded))


def _days(a: int, b: int, year: str | None, both: bool) -> list[date]:
    """The days "a.b" can be (a the day, b the month; both readings when ``both``), in ``year`` or any year."""
    out = []
    for day, month in ((a, b), (b, a)) if both else ((a, b),):
        for y in ([int(year) + (2000 if len(year) == 2 else 0)] if year else range(2000, 2100)):
            try:
                out.append(date(y, month, day))
            except ValueError:
                continue
    return out


def _year_less(folded: str, start: int, end: int) -> bool:
    """A date with no year ("09/12", "am 22.12."): on a form's note only a full date counts without a delivery word."""
    return not re.search(r"\d{4}", folded[start:end])


def _a_date(folded: str, m: re.Match) -> bool:
    """A day and a month, not an amount ("Shipping $0.00", "Versand 12.50 EUR"): a day and a month in some reading,
    with a year, or a slash, or the German trailing dot ("am 22.12."), no currency before it nor after it."""
    a, b = int(m.group(1)), int(m.group(3))
    if not any(1 <= d <= 31 and 1 <= mo <= 12 for d, mo in ((a, b), (b, a))):
        return False
    if re.search(r"(?:[$€£]|\b(?:eur|usd|chf|gbp))\s*$", folded[:m.start()]) \
            or re.match(r"\s*(?:[$€£]|eur\b|euro|usd\b|chf\b|gbp\b|%)", folded[m.end():]):
        return False
    return bool(m.group(4)) or m.group(2) == "/" or folded[m.end():m.end() + 1] == "."


# a sheet's or a Word form's title over its header: "Purchase order", "Bestellung", "Bon de commande"
_TITLE_ONLY = re.compile(r"(?:purchase\s+order(?:\s+form)?|order(?:\s+form)?|bestellung|auftrag|bestellformular|bon\s+de\s+commande"
                         r"|commande)")
_FIELD = re.compile(r"(?P<label>[^:#]{1,40}?)\s*[:#]\s*(?P<value>\S.{0,40})")


def header_field(text: str, order: ExtractedOrder) -> bool:
    """A line of a sheet's or a Word form's header the reader has already taken: its title, the customer's letterhead
    (a party's name with its postcode or city), "PO number : PO-5120", "Order date : 12/01/2026", "Total : 191.00"
    (the value the order carries). Not a note to carry to the ERP."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split()).strip(" .")
    if _TITLE_ONLY.fullmatch(folded):
        return True
    for party in order.parties:
        name = " ".join(fold(party.name or "").lower().split())
        if len(name) >= 4 and folded.startswith(name) and any(
                v and fold(v).lower() in folded for v in (party.postcode, party.city)):
            return True
    m = _FIELD.fullmatch(folded)
    if m is None or len(m.group("label").split()) > 4:
        return False
    value = m.group("value").strip(" .")
    if order.po_number and value == fold(order.po_number).lower().strip():
        return True
    if order.total is not None and re.fullmatch(r"(?:[$€£]|eur|usd|chf|gbp)?\s*[\d.,\s\u202f\xa0]+\s*(?:[$€£]|eur|usd|chf|gbp)?", value) \
            and _amount(re.sub(r"[^\d.,]", "", value)) == order.total:
        return True
    dates = list(_dates(value))
    known = {d for d in (order.order_date, order.requested_delivery_date) if d is not None}
    return len(dates) == 1 and dates[0][0] == 0 and dates[0][1] == len(value) and bool(known & set(dates[0][2]))


def price_in_row(text: str, order: ExtractedOrder) -> Problem | None:
    """A row naming a line's code with money that is no item row but a price note ("Sonderpreis 2,10 EUR je Stück für
    SKU-1003" under the table): PRICE-TYPED. An item's own row (it carries a line's amount) is none."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    said = {v for m in _MONEY.finditer(folded) if (v := _amount(m.group(1) or m.group(2))) is not None}
    if said & {line.amount for line in order.lines if line.amount is not None}:
        return None
    term = note_term(text, order)
    return term if term is not None and term.code == "PRICE-TYPED" else None

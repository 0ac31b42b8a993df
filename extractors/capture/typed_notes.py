"""What a customer typed on a faxed or scanned order beside its table: a note that changes it.

Outside testers (findings-t23 F-9, F-10, F-15) faxed printed orders with a typed note under the lines
("AMENDMENT: line 2 (OF-3312) quantity to read 30, not 18", "Achtung: Pos. 20 entfällt – bitte nicht
liefern!", "NOTE: Please deliver this order to our warehouse: ..., 85 Terminal St, Charlestown, MA
02129"), a cancellation titled "STORNO" ("hiermit stornieren wir unsere Bestellung ..."), a request
for quotation ("Angebotsanfrage", "Demande de prix"). The page reader read the header and the table
and went on as printed. ``note_problems`` reads every row of the page that is no item row (the
order's line boxes) as the typed e-mail reader reads a body's remark lines
(``extractors.mail.typed_remarks``: CANCEL-TYPED, ADDITION-TYPED, PRICE-REQUEST, CHANGE-TYPED,
QUESTION-TYPED; a quantity change, ``typed_changes``: QTY-CHANGE-TYPED), a delivery place typed in a
sentence as CHANGE-TYPED, and a title asking for prices as PRICE-REQUEST. Each holds the order for a
person, the row quoted; a printed order with no such row is not touched.
"""

from __future__ import annotations

import re

from extractors.capture.words import Row
from extractors.locale_values import DocLocale, fold
from extractors.mail.typed_changes import change_problem, read_change
from extractors.mail.typed_remarks import change_request, question, remark
from gateway.model import ExtractedOrder, Problem

# "please deliver this order to our warehouse:", "livrer à notre dépôt", "bitte an unser Lager liefern"
_DELIVER_TO = re.compile(
    r"\b(?:deliver|ship|send)\w*\s+(?:this\s+order\s+|the\s+goods\s+|it\s+|everything\s+)?to\s+(?:our|the|this|a)\b"
    r"|\blivr\w*\s+(?:a|au|aux|chez)\s+(?:notre|nos|l'|la|le)|\b(?:an|in)\s+(?:unser(?:e|en)?)\s+\w+\s+liefern\b"
    r"|\bliefer\w*\s+(?:an|nach|zu)\s+(?:unser|folgende)")
# "AMENDMENT: line 2 quantity to read 30", "Korrektur: Pos. 20 Menge 12", "rectificatif : ligne 2 ..."
_AMEND = re.compile(r"\b(?:amendment|amended|correction|corrected|to\s+read|rectificati\w*|corrig\w*|korrektur"
                    r"|korrigiert\w*|berichtigung)\b")
_UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü"}
_UMLAUT = re.compile(r"(?<=[A-Za-z])(?:ae|oe|ue|AE|OE|UE)")
# a title or a sentence asking for prices, not ordering: "Angebotsanfrage", "Demande de prix", "Request for quotation"
_QUOTE_REQUEST = re.compile(
    r"\b(?:angebotsanfrage|preisanfrage|anfrage\s+(?:nr|nummer)|demande\s+de\s+(?:prix|devis|cotation)"
    r"|request\s+for\s+(?:quotation|quote|prices?)|rfq|quotation\s+request|ihr\s+angebot\s+fur"
    r"|votre\s+(?:meilleure?\s+)?offre|your\s+(?:best\s+)?quotation)\b")


def note_problems(rows: list[Row], order: ExtractedOrder, loc: DocLocale) -> list[Problem]:
    """The holds of the rows of ``rows`` that are no item row of ``order`` and change it."""
    items = [(b.page, b.y, b.y + b.h) for line in order.lines for b in line.boxes.values()]
    out: list[Problem] = []
    seen: set[str] = set()
    for row in rows:
        if any(page == row.page and row.y0 < y1 and y0 < row.y1 for page, y0, y1 in items):
            continue  # an item row: its words are the line's
        text = row.text.strip()
        folded = fold(text)
        if len(text) < 6 or folded in seen:
            continue
        seen.add(folded)
        change = read_change(text, loc, order.po_number)
        umlauts = _UMLAUT.sub(lambda m: _UMLAUTS[m.group(0).lower()], text)  # an ERP's "ENTFAELLT"
        found = change_problem(len(out), change) if change else (
            remark(text) or remark(umlauts) or change_request(text) or question(text))
        if found is None and _AMEND.search(folded) and re.search(r"\d", folded):
            found = Problem(code="CHANGE-TYPED", severity="error", element="lines",
                            message=f"a change to the order is typed, a person applies it: {text[:120]!r}")
        if found is None and _DELIVER_TO.search(folded):
            found = Problem(code="CHANGE-TYPED", severity="error", element="ship_to",
                            message=f"a delivery place is typed on the order, a person applies it: {text[:120]!r}")
        if found is None and _QUOTE_REQUEST.search(folded):
            found = Problem(code="PRICE-REQUEST", severity="error", element="lines",
                            message=f"the document asks for prices or a quotation, a person answers: {text[:120]!r}")
        if found is not None:
            out.append(found)
    return out

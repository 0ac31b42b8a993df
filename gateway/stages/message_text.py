"""Free text in a structured order (EDIFACT FTX, X12 MSG/NTE, cXML Comments, UBL Note, openTRANS REMARKS) that
changes what the order means: it cancels or replaces another order ("THIS ORDER REPLACES OUR ORDER RB-88004 -
PLEASE CANCEL RB-88004", "THIS PO REPLACES PO 45107 - DO NOT SHIP 45107", "annule et remplace la commande ...",
"ersetzt Bestellung ...") or says not to ship. The order waits (``STRUCTURED-TEXT-CANCEL``) with the text
quoted: a person cancels the other order or ships this one; the words are read as in a typed e-mail
(``extractors.mail.typed_remarks.cancels``) with the replacing words added.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from extractors.mail.typed_remarks import cancels
from gateway.model import ExtractedOrder, Issue

CODE = "STRUCTURED-TEXT-CANCEL"
_REPLACES = re.compile(
    r"\b(?:replac(?:es|ing)|replacement\s+(?:of|for)|supersed\w*|in\s+place\s+of|instead\s+of\s+(?:our\s+)?(?:order|po)"
    r"|annule\s+et\s+remplace|remplace|ersetzt|ersetzen|anstelle|do\s+not\s+(?:ship|deliver|send|process)"
    r"|don'?t\s+(?:ship|deliver|send|process)|nicht\s+(?:liefern|versenden|ausliefern|bearbeiten)"
    r"|ne\s+pas\s+(?:livrer|expedier|traiter)|void)\b")


def text_issues(extracted: ExtractedOrder, fmt: str) -> list[Issue]:
    """``STRUCTURED-TEXT-CANCEL`` for each note of a structured order that cancels, replaces or stops an order."""
    if fmt in ("body_text", "ocr", "pdf_text", "sheet", "word"):
        return []  # a read document's remarks are the readers' own (typed remarks, page notes)
    return [Issue(code=CODE, severity="error", field="notes",
                  message=f"the message's free text cancels or replaces an order, a person settles it: {note[:160]!r}")
            for note in extracted.notes if cancels(note) or _REPLACES.search(fold(note))]

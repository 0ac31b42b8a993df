""""Ship To: Same as Bill To", "Lieferanschrift: wie Rechnungsanschrift", "Livraison : identique à la
facturation": a delivery address box that states there is no separate delivery address.

Such an order ships to the customer's address. The billing box printed on the same page (when there is
one) is read as the ``invoice_to`` party and the order is held (``SHIP-TO-UNSURE``, element
``ship_to.same_as_billing``) until the gateway finds the customer's own address on file in it: a billing
address other than the one on file is where the goods go, and a person checks it.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold

SAME_AS_BILLING_ELEMENT = "ship_to.same_as_billing"
_BILLING = (r"(?:the\s+)?(?:bill(?:ing)?(?:[\s-]+to)?|invoic(?:e|ing)(?:\s+to)?|sold[\s-]+to|buyer|customer)"
            r"(?:\s+address)?")
_BILLING_FR = (r"(?:(?:l'|l\s)?adresse\s+de\s+)?(?:la\s+)?(?:facturation|facture|factures|l'acheteur|acheteur|client)"
               r"|(?:l'|l\s)?adresse\s+(?:de\s+)?factur\w*")
_BILLING_DE = (r"(?:der\s+|die\s+|dem\s+)?(?:rechnungs(?:anschrift|adresse|empfanger)|rechnung|besteller\w*"
               r"|auftraggeber\w*|kunde\w*|kaufer\w*)")
# After "our" / "notre" / "unsere" only the billing or invoice address: "our customer", "notre client",
# "unseren Kunden" is the buyer's own customer, a drop shipment, the opposite of "same as billing" (findings V22)
_OWN_BILLING = r"(?:bill(?:ing)?(?:[\s-]+to)?|invoic(?:e|ing)(?:\s+to)?)(?:\s+address)?"
_OWN_BILLING_FR = (r"(?:(?:l'|l\s)?adresse\s+de\s+)?(?:la\s+)?(?:facturation|facture|factures)"
                   r"|(?:l'|l\s)?adresse\s+(?:de\s+)?factur\w*")
_OWN_BILLING_DE = r"(?:rechnungs(?:anschrift|adresse|empfanger)|rechnung)"
SAME_PHRASES = re.compile(
    rf"^(?:(?:same|identical)\s+(?:as|to)\s+(?:{_BILLING}|above)|(?:as(?:\s+per)?|per|see|use)\s+(?:{_BILLING})"
    rf"|(?:a\s+)?(?:la\s+|l')?(?:identique|idem|meme\s+adresse|meme)\s*(?:a|que)?\s*(?:{_BILLING_FR}|ci-dessus)"
    rf"|(?:voir|cf\.?|selon|comme)\s*(?:{_BILLING_FR}|ci-dessus)"
    rf"|(?:(?:a|vers)\s+)?(?:notre|votre)\s+(?:{_OWN_BILLING_FR})"
    rf"|(?:(?:to|at)\s+)?our\s+(?:{_OWN_BILLING})"
    rf"|(?:an\s+|zu\s+)?(?:unsere|unserer)\s+(?:{_OWN_BILLING_DE})"
    rf"|(?:wie|gleich|siehe|identisch\s+mit|entspricht)\s+(?:{_BILLING_DE}|oben)"
    rf"|=\s*(?:{_BILLING_DE}|{_BILLING}|{_BILLING_FR}))\s*[.!]?$")


def says_same_as_billing(text: str) -> bool:
    """``text`` (a delivery address box's first line) says the delivery address is the billing one."""
    folded = re.sub(r"\s+", " ", fold(text).replace("’", "'")).strip(" :;,()")
    return bool(SAME_PHRASES.match(folded))

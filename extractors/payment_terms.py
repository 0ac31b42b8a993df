"""Payment terms written in words, in a note of any format or in the customer's master data: "payable 60 days net",
"Net 30", "2/10 net 30", "Zahlung 30 Tage 3 % Skonto", "Zahlungsziel 90 Tage", "30 Tage netto", "2 % Skonto bei
Zahlung in 10 Tagen", "Paiement à 45 jours fin de mois", "escompte 2 % à 10 jours". One reader, so the terms a
document states and the terms on file are compared in the same words (``gateway.stages.payment_terms``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.locale_values import fold

_DAYS = r"(?:days?|tage[ns]?|tg\.?|jours?|j\.?)"
_NET = r"(?:net(?:to)?|nets?|netto|rein|sans\s+escompte|ohne\s+abzug)"
_TERMS_WORD = re.compile(r"\b(?:payable|payment|pay|terms?|zahlung\w*|zahlbar|zahlungsziel|paiement|reglement|payable"
                         r"|echeance|skonto|escompte|net(?:to)?|netto|cash\s+discount|eom|fin\s+de\s+mois)\b")
# "2/10 net 30": 2 % within 10 days, else net 30
_SLASHED = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*%?\s*/\s*(\d{1,3})\s*,?\s*net\s*(\d{1,3})\b")
_NET_DAYS = re.compile(rf"(?<!total\s)(?<!summe\s)(?<!montant\s)\b{_NET}\s*(\d{{1,3}})\b(?!\s*(?:%|[.,]\d|kg|g\b|pcs|stk|st\b|x\b))|\b(\d{{1,3}})\s*{_DAYS}\s*(?:strictly\s+)?{_NET}\b"
                       rf"|\b(?:payable|payment|zahlung|zahlbar|zahlungsziel|paiement|reglement|terms?|echeance)\b\D{{0,25}}?"
                       rf"\b(\d{{1,3}})\s*{_DAYS}")
_DISCOUNT = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*(?:%|prozent|percent|pour\s*cent)\s*(?:\w+\s+){0,2}?(?:skonto|escompte"
                       r"|(?:cash\s+|early\s+payment\s+|prompt\s+payment\s+)?discount)\b"
                       r"|\b(?:skonto|escompte)\s*(?:de\s+|von\s+)?(\d+(?:[.,]\d+)?)\s*%")
_DISCOUNT_DAYS = re.compile(rf"\b(?:in(?:nerhalb)?|within|sous|a|binnen|bei\s+zahlung\s+(?:in(?:nerhalb)?|binnen))\s+"
                            rf"(?:von\s+)?(\d{{1,3}})\s*{_DAYS}")
_EOM = re.compile(r"\b(?:fin\s+de\s+mois|end\s+of\s+(?:the\s+)?month|eom|monatsende|ende\s+des\s+monats)\b")
# words that say the terms are the customer's usual ones without saying which: the terms on file
_AS_USUAL = re.compile(r"\b(?:as\s+usual|as\s+agreed|per\s+(?:our\s+)?(?:agreement|contract)|wie\s+(?:immer|ublich|vereinbart)"
                       r"|comme\s+d'habitude|comme\s+convenu|selon\s+(?:accord|contrat)|habituelle?s?)\b")


@dataclass(frozen=True)
class Terms:
    """Days net (None: not said), paid by the end of the month, a cash discount and its days (None: none said)."""

    net_days: int | None = None
    end_of_month: bool = False
    discount: Decimal | None = None
    discount_days: int | None = None

    def said(self) -> str:
        parts = [f"net {self.net_days} days" + (" end of month" if self.end_of_month else "")] if self.net_days else []
        if self.discount:
            parts.append(f"{self.discount} % discount" + (f" within {self.discount_days} days" if self.discount_days else ""))
        return ", ".join(parts) or "no terms"


def stated_terms(text: str) -> Terms | None:
    """The payment terms a text states; None when it states none (no terms word, or no figure of days or discount)."""
    folded = " ".join(fold(text).replace("ß", "ss").split())
    if not _TERMS_WORD.search(folded):
        return None
    eom = bool(_EOM.search(folded))
    if (m := _SLASHED.search(folded)) is not None:
        return Terms(int(m.group(3)), eom, _decimal(m.group(1)), int(m.group(2)))
    net = next((int(g) for m in _NET_DAYS.finditer(folded) for g in m.groups() if g), None)
    disc = next((_decimal(g) for m in _DISCOUNT.finditer(folded) for g in m.groups() if g), None)
    days = None
    if disc is not None and (d := _DISCOUNT_DAYS.search(folded)) is not None:
        days = int(d.group(1))
        if net == days:  # "2 % Skonto bei Zahlung in 10 Tagen": the 10 days are the discount's, no net term said
            net = None if not re.search(rf"\b{_NET}\b", folded) else net
    if net is None and disc is None:
        return None
    return Terms(net, eom, disc, days)


def said_as_usual(text: str) -> bool:
    """"Zahlung wie immer 30 Tage netto", "Net 30 days as usual": the customer says these are its usual terms."""
    return bool(_AS_USUAL.search(fold(text)))


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))

"""Payment terms written in words, in a note of any format or in the customer's master data: "payable 60 days net",
"Net 30", "2/10 net 30", "Zahlung 30 Tage 3 % Skonto", "Zahlungsziel 90 Tage", "30 Tage netto", "2 % Skonto bei
Zahlung in 10 Tagen", "Paiement à 45 jours fin de mois", "escompte 2 % à 10 jours". One reader, so the terms a
document states and the terms on file are compared in the same words (``gateway.stages.payment_terms``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.delivery_words import DELIVERY_STEMS
from extractors.locale_values import fold

_DAYS = r"(?:days?|tage[ns]?|tg\.?|jours?|j\.?)"
_NET = r"(?:net(?:to)?|nets?|netto|rein|sans\s+escompte|ohne\s+abzug)"
_TERMS_WORD = re.compile(r"\b(?:payable|payment|pay|terms?|zahlung\w*|zahlbar|zahlungsziel|paiement|reglement|payable"
                         r"|echeance|skonto|escompte|net(?:to)?|netto|cash\s+discount|eom|fin\s+de\s+mois)\b")
# "2/10 net 30": 2 % within 10 days, else net 30; X12's own "2% 10 NET 45" (ITD description, MSG) the same
_SLASHED = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*(?:%?\s*/|%)\s*(\d{1,3})\s*(?:days?\s*)?,?\s*net\s*(\d{1,3})\b", re.IGNORECASE)


def without_slashed_terms(text: str) -> str:
    """``text`` with each "2/10 net 30" blanked (same length): a term, not a date "2/10" for the date readers."""
    return _SLASHED.sub(lambda m: " " * len(m.group()), text)
# a net figure: "net 30", "Net 30 EOM" (not "net 12 EUR", "net weight 30 kg"), "60 days net", "30 Tage netto",
# "Zahlungsziel 90 Tage", "payable in 60 days", "Terms: 60 days" (not "Delivery terms: deliver within 5 days": a
# delivery word between the terms word and the days is a lead time)
_NET_SAID = (rf"(?<!total\s)(?<!summe\s)(?<!montant\s)\b{_NET}\s*(\d{{1,3}})\b"
             rf"(?!\s*(?:%|[.,]\d|kg|g\b|pcs|stk|st\b|x\b|eur\b|euros?\b|usd\b|chf\b|gbp\b|[$€£]|per\b(?!\s+(?:our\s+|your\s+|the\s+)?(?:agreement|contract|terms|quot))|pro\b|par\b))"
             rf"|\b(\d{{1,3}})\s*{_DAYS}\s*(?:strictly\s+)?{_NET}\b")
_NET_WORDED = re.compile(_NET_SAID)
_NET_DAYS = re.compile(_NET_SAID + rf"|\b(?:payable|payment|zahlung|zahlbar|zahlungsziel|paiement|reglement|terms?|echeance)\b"
                                   rf"(?P<gap>\D{{0,25}}?)\b(\d{{1,3}})\s*{_DAYS}")
_LEAD_TIME = re.compile(rf"\b(?:{DELIVERY_STEMS}|lead\s+time|lieferzeit|delai)\b")
# a file value's short forms: "N30", "60 Tage", "30 days" (the column holds terms and nothing else)
_FILE_NET = re.compile(rf"^\s*(?:n\s*(\d{{1,3}})|(\d{{1,3}})\s*{_DAYS})\s*$")
# a cash discount: "2 % Skonto", "Skonto 2 %", "escompte de 2 %", "2% 10 days", "2 % à 10 jours", "3 % bei Zahlung
# binnen 8 Tagen", "2 % within 10 days"
_RATE = r"(\d+(?:[.,]\d+)?)\s*(?:%|prozent|percent|pour\s*cent)"
_DISCOUNT = re.compile(rf"\b{_RATE}\s*(?:\w+\s+){{0,2}}?(?:skonto|escompte|(?:cash\s+|early\s+payment\s+|prompt\s+payment\s+)?discount)\b"
                       rf"|\b(?:skonto|escompte)\s*(?:de\s+|von\s+)?(\d+(?:[.,]\d+)?)\s*%"
                       rf"|\b{_RATE}\s*,?\s*(?=(?:in(?:nerhalb)?\s+|within\s+|sous\s+|a\s+|binnen\s+|bei\s+zahlung\s+(?:in(?:nerhalb)?|binnen)\s+)?"
                       rf"(?:von\s+)?\d{{1,3}}\s*{_DAYS}(?!\s*(?:strictly\s+)?{_NET}\b))")
_DISCOUNT_DAYS = re.compile(rf"\s*,?\s*(?:(?:bei\s+zahlung\s+)?(?:in(?:nerhalb)?|within|sous|a|binnen|if\s+paid\s+within)\s+)?"
                            rf"(?:von\s+)?(\d{{1,3}})\s*{_DAYS}(?!\s*(?:strictly\s+)?{_NET}\b)")
# the discount's days before it: "Zahlung 14 Tage 2 % Skonto, 30 Tage netto", "innerhalb 14 Tagen mit 2 % Skonto"
_DAYS_BEFORE = re.compile(rf"\b(\d{{1,3}})\s*{_DAYS}\s*(?:mit\s+|with\s+|avec\s+)?$")
_EOM = re.compile(r"\b(?:fin\s+de\s+mois|end\s+of\s+(?:the\s+)?month|eom|monatsende|ende\s+des\s+monats)\b")
# words that say the terms are the customer's usual ones without saying which: the terms on file
_AS_USUAL = re.compile(r"\b(?:as\s+usual|as\s+agreed|per\s+(?:our\s+)?(?:agreement|contract)|wie\s+(?:immer|ublich|vereinbart)"
                       r"|comme\s+d'habitude|comme\s+convenu|selon\s+(?:accord|contrat)|habituelle?s?)\b")


@dataclass(frozen=True)
class Terms:
    """Days net (None: not said), paid by the end of the month, a cash discount and its days (None: none said);
    ``also``: the other net days figures the same text states ("instead of net 30 ... net 60": 30, then 60)."""

    net_days: int | None = None
    end_of_month: bool = False
    discount: Decimal | None = None
    discount_days: int | None = None
    also: tuple[int, ...] = ()

    def said(self) -> str:
        nets = " / ".join(str(n) for n in (self.net_days, *self.also) if n)
        parts = [f"net {nets} days" + (" end of month" if self.end_of_month else "")] if nets else []
        if self.discount:
            parts.append(f"{self.discount} % discount" + (f" within {self.discount_days} days" if self.discount_days else ""))
        return ", ".join(parts) or "no terms"

    def nets(self) -> tuple[int, ...]:
        """Every net days figure stated."""
        return tuple(n for n in (self.net_days, *self.also) if n is not None)


def stated_terms(text: str, on_file: bool = False) -> Terms | None:
    """The payment terms a text states, every net figure of it; None when it states none (no terms word, or no
    figure of days or discount). ``on_file``: a ``customers.csv`` value, where "N30", "60 Tage" alone are terms."""
    folded = " ".join(fold(text).replace("ß", "ss").lower().split())
    if on_file and (m := _FILE_NET.match(folded)):
        return Terms(int(m.group(1) or m.group(2)), False)
    if not _TERMS_WORD.search(folded):
        return None
    eom = bool(_EOM.search(folded))
    nets: list[int] = []
    disc = days = None
    if (m := _SLASHED.search(folded)) is not None:
        nets.append(int(m.group(3)))
        disc, days = _decimal(m.group(1)), int(m.group(2))
        folded = folded[:m.start()] + " ; " + folded[m.end():]
    if disc is None and (found := _cash_discount(folded)) is not None:
        disc, days, folded = found
    for m in _NET_DAYS.finditer(folded):
        if m.group("gap") is not None and _LEAD_TIME.search(m.group("gap")):
            continue
        figure = next(int(g) for g in (m.group(1), m.group(2), m.group(4)) if g)
        if figure not in nets:
            nets.append(figure)
    if not nets and disc is None:
        return None
    return Terms(nets[0] if nets else None, eom, disc, days, tuple(nets[1:]))


def _cash_discount(folded: str) -> tuple[Decimal, int | None, str] | None:
    """The cash discount a text states, its days, and the text without them (so its days are not read as net days):
    the days after it ("2 % Skonto bei Zahlung in 10 Tagen", "2% 10 days"), else those just before it when the text
    states a net figure besides ("Zahlung 14 Tage 2 % Skonto, 30 Tage netto"; alone, "Zahlung 30 Tage 3 % Skonto"
    keeps its 30 days as the net)."""
    m = _DISCOUNT.search(folded)
    if m is None:
        return None
    rate = _decimal(next(g for g in m.groups() if g))
    start, end, days = m.start(), m.end(), None
    if (d := _DISCOUNT_DAYS.match(folded, end)) is not None:
        days, end = int(d.group(1)), d.end()
    elif (b := _DAYS_BEFORE.search(folded[:start])) is not None:
        rest = folded[:b.start()] + " ; " + folded[end:]
        if _NET_WORDED.search(rest):
            days, start = int(b.group(1)), b.start()
    return rate, days, folded[:start] + " ; " + folded[end:]


# what a terms segment states that is not read as days (a due date, a period in months): the terms check holds it
UNREAD = "terms not read:"


def terms_words(net_days: int | None = None, discount: Decimal | None = None, discount_days: int | None = None,
                said: str = "", unread: list[str] | None = None) -> str | None:
    """A terms segment's figures in the words ``stated_terms`` reads back ("2 % 10 days, net 45 days"), else its own
    description (X12 ITD12, a UBL PaymentTerms note), then what it states that was not read (after ``UNREAD``);
    None when it states nothing."""
    said = " ".join([said, *(f"{UNREAD} {u}" for u in unread or [])])
    parts = []
    if discount is not None and discount > 0:
        parts.append(f"{discount.normalize():f} % cash discount" + (f" within {discount_days} days" if discount_days else ""))
    if net_days is not None:
        parts.append(f"net {net_days} days")
    said = " ".join(said.split())
    if parts:
        return "payment terms: " + ", ".join(parts) + (f" ({said})" if said else "")
    return said or None


# the words a sentence stating terms and nothing else is made of: the terms' own words, their figures, "as usual",
# "please", articles and prepositions ("Payment at 45 days net please", "Règlement à 60 jours fin de mois comme
# convenu", "Zahlung wie immer innerhalb 14 Tagen mit 2 % Skonto")
_TERMS_ONLY_WORDS = frozenset((
    "payable", "payment", "payments", "pay", "paid", "term", "terms", "zahlung", "zahlungen", "zahlbar", "zahlungsziel",
    "zahlungsbedingung", "zahlungsbedingungen", "paiement", "reglement", "echeance", "conditions", "condition", "de",
    "skonto", "escompte", "discount", "cash", "early", "prompt", "net", "nett", "netto", "nets", "rein", "sans", "ohne",
    "abzug", "eom", "fin", "mois", "end", "of", "the", "month", "monatsende", "ende", "des", "monats", "day", "days",
    "tag", "tage", "tagen", "tg", "jour", "jours", "j", "within", "in", "innerhalb", "binnen", "sous", "a", "at", "au",
    "bei", "if", "by", "mit", "with", "avec", "from", "ab", "after", "nach", "apres", "date", "invoice", "rechnungsdatum",
    "rechnungseingang", "facture", "receipt", "strictly", "as", "usual", "always", "agreed", "per", "our", "agreement",
    "contract", "wie", "immer", "ublich", "vereinbart", "comme", "d", "habitude", "convenu", "selon", "accord", "contrat",
    "habituel", "habituelle", "habituels", "habituelles", "please", "pls", "bitte", "merci", "svp", "thanks", "thank",
    "you", "danke", "is", "are", "est", "sont", "ist", "sind", "die", "der", "les", "le", "la", "l", "unsere", "nos",
    "notre", "usual", "normal", "normale", "normales", "standard", "prozent", "percent", "pour", "cent", "else", "sonst",
    "otherwise", "sinon", "or", "oder", "ou", "and", "und", "et", "then", "dann", "puis", "to", "zu", "zum", "apply",
    "applies", "gelten", "gilt", "remain", "remains", "unchanged", "unverandert", "inchanges", "statt", "anstatt",
    "instead", "rather", "than", "lieu", "plutot", "que", "not", "nicht", "pas", "now", "jetzt", "maintenant",
    "desormais", "kunftig", "future", "going", "forward", "new", "neu", "neue", "nouvelles", "nouveau"))


def terms_only(text: str) -> bool:
    """Whether ``text`` states payment terms and nothing else ("Net 30 as usual", "Zahlung 14 Tage 2 % Skonto, 30 Tage
    netto"); "Payment 30 days net, cancel line 1" says more, which the other rules read."""
    if stated_terms(text) is None:
        return False
    folded = fold(text).replace("ß", "ss").lower()
    return all(word in _TERMS_ONLY_WORDS for word in re.findall(r"[^\W\d_]+", folded))


def said_as_usual(text: str) -> bool:
    """"Zahlung wie immer 30 Tage netto", "Net 30 days as usual": the customer says these are its usual terms."""
    return bool(_AS_USUAL.search(fold(text)))


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))

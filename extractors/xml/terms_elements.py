"""Payment terms in the XML orders' own terms elements, as the words ``extractors.payment_terms`` reads: cXML
``OrderRequestHeader/PaymentTerm`` (``payInNumberOfDays``, ``Discount/DiscountPercent@percent``), UBL
``PaymentTerms`` (``Note``, ``SettlementDiscountPercent`` with ``SettlementPeriod/DurationMeasure`` in days,
``PaymentDueDate``), openTRANS ``PAYMENT/PAYMENT_TERMS`` (``PAYMENT_TERM`` text, ``TIME_FOR_PAYMENT`` with ``DAYS``
or ``PAYMENT_DATE`` and ``DISCOUNT_FACTOR``). What cannot be read as days (a due date, an amount, a penalty) is kept
after ``UNREAD``, so the terms check holds it rather than compare a guess."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lxml import etree

from extractors.payment_terms import terms_words
from extractors.xml.xmlsafe import all_texts, children, find_all, first_text


def _number(text: str | None) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", ".")) if text and text.strip() else None
    except InvalidOperation:
        return None


def _days(text: str | None) -> int | None:
    value = _number(text)
    return int(value) if value is not None and value == int(value) and 0 <= value < 1000 else None


class _Figures:
    """Net days, a discount and its days, and what was not read, gathered over a format's terms elements."""

    def __init__(self) -> None:
        self.net: int | None = None
        self.discount: Decimal | None = None
        self.discount_days: int | None = None
        self.said: list[str] = []
        self.unread: list[str] = []

    def term(self, days_text: str | None, percent: Decimal | None) -> None:
        days = _days(days_text)
        if days_text and days is None:
            self.unread.append(f"days {days_text}")
        if percent is not None and percent > 0:
            self.discount, self.discount_days = percent, days
        elif percent is not None and percent < 0:
            self.unread.append(f"penalty {percent} % after {days_text} days")
        elif days is not None:
            self.net = max(self.net or 0, days)

    def words(self) -> str | None:
        return terms_words(self.net, self.discount, self.discount_days, " ".join(self.said), self.unread)


def cxml_terms(header: etree._Element) -> str | None:
    """The words of an ``OrderRequestHeader``'s ``PaymentTerm`` elements; None when there are none."""
    figures = _Figures()
    for term in children(header, "PaymentTerm"):
        figures.term(term.get("payInNumberOfDays"), _number(first_text(term, "Discount/DiscountPercent/@percent")))
        figures.unread += [f"discount amount {a}" for a in all_texts(term, "Discount/DiscountAmount/Money")]
    return figures.words()


def ubl_terms(root: etree._Element) -> str | None:
    """The words of a UBL order's ``PaymentTerms``; None when there are none."""
    figures = _Figures()
    for terms in children(root, "PaymentTerms"):
        figures.said += all_texts(terms, "Note")
        percent = _number(first_text(terms, "SettlementDiscountPercent"))
        if percent is not None:
            unit = (first_text(terms, "SettlementPeriod/DurationMeasure/@unitCode") or "DAY").upper()
            days = first_text(terms, "SettlementPeriod/DurationMeasure")
            figures.term(days if unit == "DAY" else f"{days} {unit}", percent)
        figures.unread += [f"due {d}" for d in all_texts(terms, "PaymentDueDate") + all_texts(terms, "InstallmentDueDate")]
        figures.unread += [f"penalty {p} %" for p in all_texts(terms, "PenaltySurchargePercent")]
    return figures.words()


def opentrans_terms(info: etree._Element) -> str | None:
    """The words of an openTRANS ``ORDER_INFO``'s ``PAYMENT/PAYMENT_TERMS``; None when there are none."""
    figures = _Figures()
    for terms in find_all(info, "PAYMENT/PAYMENT_TERMS"):
        figures.said += all_texts(terms, "PAYMENT_TERM")
        for time in children(terms, "TIME_FOR_PAYMENT"):
            factor = _number(first_text(time, "DISCOUNT_FACTOR"))
            percent = factor * 100 if factor is not None and abs(factor) < 1 else factor
            figures.term(first_text(time, "DAYS"), percent)
            figures.unread += [f"due {d}" for d in all_texts(time, "PAYMENT_DATE")]
    return figures.words()

"""The totals block typed under an order's items: a sub-total, the order's own discounts and charges, tax,
an adjustment, as order tools lay them out ("Sub Total 219.50", "Discount(5%) (-) 10.98", "Shipping Charge
15.00", "Adjustment -0.52", "Remise (10 %) -12,00", "Frais de port 9,00", "Versandkosten 7,50", "MwSt. 19 %
12,35").

Discounts and charges become the order's allowances and charges (level "order", by amount, as a PDF's
totals block gives them: ``extractors.capture.charges``), which the total check counts; an adjustment is a
charge when positive and an allowance when negative; tax and sub-total rows are recognised, never unread
lines. A typed sub-total that the read lines' prices do not give holds the order (``TOTAL-MISMATCH``): a
line was missed or misread.

Only money is read as money: a discount, charge or adjustment row counts when its amount has decimals or a
currency sign ("Shipping Charge 15.00", "Frais de port 9 €") and its label names no number of something else
("Rabatt gemäß Rahmenvertrag Nr. 4711", "Freight account 123456", "Discount code SPRING 10", "Delivery to
gate 4", "Delivery week 51"); such a row stays an unread line, which holds the order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.capture.block_sums import with_common_vat
from extractors.capture.charges import adjustment_kind, is_tax
from extractors.locale_values import DocLocale, fold, parse_number
from gateway.model import Allowance, ExtractedLine, Problem

# "<label> [(5%)] [(-)|:|=] [-] [€] 10,98 [€]": a label of words, one amount ending the line
_ROW = re.compile(
    r"^\s*(?P<label>[^\W\d_][^\d:=]*?(?:\(?\s*[-+]?\d{1,2}(?:[.,]\d{1,2})?\s*%\s*\)?[^\d:=]*?)?)\s*(?P<mark>\(\s*[-+]\s*\))?"
    r"\s*[:=]?\s*(?P<sign>[-−–+])?\s*(?P<cur1>[€$£]|eur|usd|gbp|chf)?\s*(?P<num>\d{1,3}(?:[.,\u202f ]\d{3})*[.,]\d{2}|\d+)"
    r"\s*(?P<cur2>[€$£]|eur|usd|gbp|chf)?\s*$", re.IGNORECASE)
_SUBTOTAL = re.compile(r"^(?:sub\s*-?\s*total|sous\s*-?\s*total|zwischensumme|warenwert|total\s+(?:des\s+)?articles"
                       r"|items?\s+total|total\s+items?|summe\s+positionen|nettowarenwert)\b")
# a net total row of the block: what the lines and the order's charges give before tax
_NET = re.compile(r"^(?:net\s+(?:amount|total|value)|total\s+net|nettobetrag|netto(?:summe|betrag|wert)?|summe\s+netto"
                  r"|montant\s+(?:ht|net)|total\s+ht|total\s+hors\s+taxes|(?:total|amount)\s+(?:excl\.?|excluding|before)"
                  r"\s+(?:vat|tax))\b")
_ADJUSTMENT = re.compile(r"^(?:adjustment|adjustments|rounding|ajustement|arrondi|anpassung|rundung|korrektur)\b")
# words saying the number ending a row is an id, a place or a week, not an amount
_ID_WORDS = re.compile(
    r"(?:\b(?:nr|no|n°|num|number|numero|nummer|id|ref|reference|account|acct|konto|compte|code|codes|coupon|"
    r"voucher|gutschein|gate|tor|dock|quai|rampe?|ramp|door|porte|bay|contract|contrat|vertrag|week|woche|kw|"
    r"semaine|sem|invoice|facture|rechnung|tracking|suivi|sendung|colis|paket)\b"
    r"|nummer|vertrag|konto\b|#)")
_PERCENT = re.compile(r"\(?\s*([-+]?\d{1,2}(?:[.,]\d{1,2})?)\s*%\s*\)?")


@dataclass
class TypedTotals:
    allowances: list[Allowance] = field(default_factory=list)
    subtotal: Decimal | None = None
    lines: set[str] = field(default_factory=set)  # the rows read here, no unread order lines
    unread: list[str] = field(default_factory=list)  # discount or charge rows whose number is no amount
    nets: list[Decimal] = field(default_factory=list)  # net totals ("Net amount", "Total HT", "Nettobetrag")
    taxes: list[Decimal] = field(default_factory=list)  # tax rows' amounts ("VAT 23% 30.29", "MwSt. 19 % 25,02")

    @property
    def tax_typed(self) -> bool:
        return bool(self.taxes)

    def problems(self, lines: list[ExtractedLine], gross: Decimal | None = None) -> list[Problem]:
        """``TOTAL-MISMATCH`` when the typed sub-total is not the priced lines' sum, a net total neither the
        lines' sum nor it with the order's charges, a discount typed with its percentage ("Discount(5%) (-)
        10.98") not that share of it, or a total with tax (``gross``) not the net plus the tax rows typed (with
        none typed: not the net plus a common VAT rate)."""
        if not lines or any(ln.unit_price is None for ln in lines):
            return []
        total = sum((ln.quantity * ln.unit_price for ln in lines), Decimal(0))
        slack = Decimal("0.01") * (len(lines) + 1)
        net = total + sum((a.amount if a.kind == "charge" else -a.amount for a in self.allowances
                           if a.amount is not None and not _PERCENT.search(a.description or "")), Decimal(0))
        net -= sum((a.amount for a in self.allowances if a.amount is not None and a.kind == "allowance"
                    and _PERCENT.search(a.description or "")), Decimal(0))
        out = []
        if self.subtotal is not None and abs(total - self.subtotal) > Decimal("0.01") * len(lines):
            out.append(f"the typed sub-total {self.subtotal} is not the lines' sum {total.normalize():f}")
        out += [f"the typed net total {n} is not the lines' sum {total.normalize():f}"
                + (f" nor it with the order's charges and discounts ({net.normalize():f})" if net != total else "")
                for n in self.nets if min(abs(n - total), abs(n - net)) > slack]
        if gross is not None and self.taxes and abs(net + sum(self.taxes, Decimal(0)) - gross) > slack:
            out.append(f"the typed total {gross} is not the lines' net {net.normalize():f} plus the tax typed "
                       f"{sum(self.taxes, Decimal(0)).normalize():f}")
        elif gross is not None and not self.taxes and net > 0 and not with_common_vat(net, gross, slack):
            out.append(f"the typed total {gross} says it includes tax, but it is the lines' net {net.normalize():f} "
                       "plus no common VAT rate")
        for a in self.allowances:
            share = _PERCENT.search(a.description or "")
            rate = abs(Decimal(share.group(1).replace(",", "."))) if share else None
            if rate and a.amount is not None and abs(total * rate / 100 - a.amount) > Decimal("0.011"):
                out.append(f"{a.description} {a.amount} is not {rate} % of the lines' sum {total.normalize():f}")
        return [Problem(code="TOTAL-MISMATCH", severity="error", element="total", message=m) for m in out]


def typed_totals(texts: list[str], loc: DocLocale) -> TypedTotals:
    """The sub-total, discounts, charges, tax and adjustment rows among ``texts`` (lines no item was read on)."""
    found = TypedTotals()
    for text in texts:
        row = _ROW.match(text)
        value = parse_number(row.group("num"), loc) if row else None
        if row is None or value is None:
            continue
        label = " ".join(row.group("label").split()).strip(" .:-")
        folded = fold(label)
        negative = bool(row.group("sign") and row.group("sign") != "+") or "-" in (row.group("mark") or "")
        amount = -value[0] if negative else value[0]
        money = bool(re.search(r"[.,]\d{2}$", row.group("num")) or row.group("cur1") or row.group("cur2"))
        if _NET.match(folded) and money:
            found.nets.append(value[0])
            found.lines.add(text.strip())
            continue
        if not _SUBTOTAL.match(folded) and not is_tax(label) and (not money or _ID_WORDS.search(folded)):
            if _ADJUSTMENT.match(folded) or adjustment_kind(_PERCENT.sub(" ", label), amount) is not None:
                found.unread.append(text.strip())  # "Freight account 123456", "Shipping 15": a person reads it
            continue
        if _SUBTOTAL.match(folded):
            found.subtotal, _ = value[0], found.lines.add(text.strip())
        elif is_tax(label):
            found.lines.add(text.strip())
            if money and not negative:
                found.taxes.append(value[0])
        elif _ADJUSTMENT.match(folded) and amount != 0:
            found.allowances.append(Allowance(kind="charge" if amount > 0 else "allowance", level="order",
                                              description=label, amount=abs(amount)))
            found.lines.add(text.strip())
        elif (kind := adjustment_kind(_PERCENT.sub(" ", label), amount, money)) is not None and amount != 0:
            found.allowances.append(Allowance(kind=kind, level="order", description=label, amount=abs(amount)))
            found.lines.add(text.strip())
    return found

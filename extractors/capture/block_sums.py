"""A totals block checked as a whole: the rows under an order's lines ("Subtotal / Shipping / VAT 20% / Grand
total", "Total HT / Frais de port / TVA 20 % / Total TTC", "Zwischensumme / abzgl. Rabatt 2 % / MwSt. 19 % /
Gesamtbetrag") must add up, row by row, from the lines' sum.

Each row has a role (``row_role``): a net total or subtotal (the lines with the charges and discounts above
it), a charge or a discount (the order's own), a tax, a total said to include tax, or a plain total. Walking
down the block: a subtotal or net total must be the running net; a charge adds to it and a discount takes
off (its percentage, when printed, must be that share of the lines); the taxes add up; a total with tax must
be the running net plus the taxes printed (with none printed: plus a common VAT rate); a plain total the net,
or the net plus the taxes printed (none printed: plus a common VAT rate). A row whose words say no role, with
block rows after it, cannot be settled. Any of these holds the order (``TOTAL-MISMATCH``): a typed grand total
50.00 too high must not leave untouched because the subtotal above it is right.

The order's total is the running net (the lines with the block's charges and discounts), which the gateway's
total check compares with the lines again (``gateway.stages.rules.check_total``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.capture.charges import adjustment_kind, is_tax
from extractors.locale_values import fold
from gateway.model import Allowance, Problem

# common VAT and sales tax rates (percent): a total said to include tax with no tax row is the net plus one
VAT_RATES = tuple(Decimal(r) for r in ("0", "2.5", "3", "4", "5", "5.5", "6", "7", "7.7", "8", "8.1", "9", "10", "12",
                                       "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25",
                                       "25.5", "27"))
CENT = Decimal("0.01")

# a total with the tax in it: "Total TTC", "Grand total", "Gesamtbetrag inkl. MwSt.", "Net à payer", "Endbetrag"
_GROSS = re.compile(r"\b(?:ttc|incl|inkl|inklusive|including|inclusive|einschl|einschliesslich|included|compris|comprise"
                    r"|brutto|bruttobetrag|bruttosumme|gross|grand\s+total|total\s+due|amount\s+due|balance\s+due"
                    r"|net\s+a\s+payer|a\s+payer|endbetrag|endsumme|rechnungsbetrag|zahlbetrag|zu\s+zahlen"
                    r"|restbetrag|offener\s+betrag|solde|restant\s+du|balance)\b")
# a total before tax: "Total HT", "Summe netto", "Total excl. VAT", "Montant hors taxes", "Untaxed amount"
_NET = re.compile(r"\b(?:ht|htva|hors|net|netto|nettobetrag|nettosumme|nettowert|excl|excluding|exclusive|ex|before"
                  r"|ohne|exkl|exklusive|untaxed)\b")
# the goods before the order's charges: "Subtotal", "Sous-total", "Zwischensumme", "Warenwert", "Goods total"
_SUBTOTAL = re.compile(r"^(?:sub\s*-?\s*total|sous\s*-?\s*total|zwischensumme|warenwert|waren|goods|total\s+goods"
                       r"|value\s+of\s+goods|total\s+(?:des\s+)?(?:articles|marchandises)|items?\s+total"
                       r"|total\s+items?|merchandise(?:\s+total)?|summe\s+positionen|positionen)\b")
_TOTAL = re.compile(r"\b(?:total|totaux|summe|gesamt|gesamtbetrag|gesamtsumme|gesamtwert|betrag|montant|amount"
                    r"|auftragswert|bestellwert|order\s+value)\b")
# a tax said to be inside the total above: "davon MwSt. 19 %", "dont TVA", "including VAT of"
_TAX_INSIDE = re.compile(r"^(?:davon|dont|darin|enthaltene?|inkl|incl|including|included)\b")
_PERCENT = re.compile(r"([-+]?\d{1,2}(?:[.,]\d{1,2})?)\s*%")
# a total of no money: "Total quantity", "Total weight (kg)", "Gesamtgewicht", "Anzahl Pakete", "Volume total"
_NOT_MONEY = re.compile(r"\b(?:quantity|qty|quantities|weight|volume|pieces|pcs|units|packages|parcels|cartons|pallets"
                        r"|items\s+count|menge|gesamtmenge|anzahl|stuckzahl|gewicht|gesamtgewicht|quantite|poids|colis"
                        r"|kg|lbs?|m3)\b")
# a row that rounds or adds a levy to the net: "Rounding", "Arrondi", "Rundung", "Éco-participation", "Verpackung"
_ROUNDING = re.compile(r"^(?:rounding|round\s+off|rounding\s+difference|arrondi|rundung|rundungsdifferenz)\b")
_LEVY = re.compile(r"^(?:eco\s*-?\s*participation|eco\s*-?\s*contribution|deee|packaging|packing|verpackung"
                   r"|verpackungskosten|emballage|frais\s+d'?\s*emballage)\b")
# a payment term under the block, no part of the order's sums: "2% Skonto bei Zahlung in 10 Tagen", "Escompte"
_TERMS = re.compile(r"\b(?:skonto|escompte|cash\s+discount|early\s+payment|prompt\s+payment|settlement\s+discount)\b")
# a total after the order's discounts or charges: "Total after discount", "Net after rebate", "Summe nach Rabatt"
# a payment already made against the order, taken off the amount still to pay, never off the order: "Acompte versé",
# "Arrhes", "Déjà réglé", "Anzahlung", "abzgl. Anzahlung", "Deposit paid", "Less deposit", "Amount paid"
_PAID = re.compile(r"^(?:(?:less|minus|abzgl|abzuglich|moins|deduction)\s+)?(?:acomptes?|arrhes|avance|deja\s+(?:regle|paye|verse)"
                   r"|montant\s+(?:deja\s+)?(?:regle|paye|verse)|anzahlung|geleistete\s+anzahlung|vorauszahlung|vorkasse"
                   r"|bereits\s+(?:bezahlt|gezahlt|geleistet)|deposit|down\s+payment|advance\s+payment|prepayment|prepaid"
                   r"|amount\s+paid|paid|payment\s+received)\b")
_TOTAL_AFTER = re.compile(r"^(?:(?:sub\s*-?\s*)?total|net|summe|gesamt|zwischensumme|montant|sous\s*-?\s*total)\b.*"
                          r"\b(?:after|nach|apres|less|minus|abzgl|abzuglich)\b")


def no_money(label: str) -> bool:
    """The label totals no money: "Total quantity", "Total weight (kg)", "Anzahl Pakete"."""
    return bool(_NOT_MONEY.search(" ".join(re.findall(r"[\w']+", fold(label).lower()))))


def row_role(label: str, amount: Decimal, money: bool = False) -> str | None:
    """"net", "charge", "allowance", "rounding", "terms" (a payment term, left out of the sums), "paid" (a deposit
    or payment already made: the totals under it are what is left to pay), "tax",
    "tax-inside", "gross", "total" or None (the words say no role, or a total of no money: quantity, weight)."""
    words = " ".join(re.findall(r"[\w']+", fold(_PERCENT.sub(" ", label)).lower()))
    if not words or _NOT_MONEY.search(words):
        return None
    if _TERMS.search(words):
        return "terms"
    if _PAID.match(words):
        return "paid"
    if _ROUNDING.match(words):
        return "rounding"
    if _LEVY.match(words):
        return "charge"
    if _TOTAL_AFTER.match(words):
        return "net"
    if is_tax(label):
        if _SUBTOTAL.match(words):  # "Subtotal (excl. VAT)"
            return "net"
        if _TAX_INSIDE.match(words):
            return "tax-inside"
        if _GROSS.search(words):
            return "gross"
        return "net" if _NET.search(words) and _TOTAL.search(words) else "tax"
    if _GROSS.search(words):
        return "gross"
    if _SUBTOTAL.match(words) or (_NET.search(words) and _TOTAL.search(words)):
        return "net"
    kind = adjustment_kind(label, amount, money)
    if kind:
        return kind
    if _NET.search(words) and len(words.split()) <= 2:  # "Netto", "Montant HT"
        return "net"
    return "total" if _TOTAL.search(words) else None


@dataclass
class BlockSums:
    total: Decimal | None = None  # the running net: the lines with the block's charges and discounts
    allowances: list[Allowance] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    used: int = 0  # rows of the block
    gross_rates: list[Decimal] = field(default_factory=list)  # the rate a total with tax and no tax row implies


def block_rows(rows: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal, str | None]]:
    """The rows with their roles (``row_role``, ``settled``)."""
    return settled([(label, amount, row_role(label, amount)) for label, amount in rows])


def settled(rows: list[tuple[str, Decimal, str | None]]) -> list[tuple[str, Decimal, str | None]]:
    """A plain total with tax rows under it is the net they are taken on; rows of no role ending the block are
    not part of it."""
    out = list(rows)
    for k, (label, amount, role) in enumerate(out):
        if role == "total" and any(r in ("tax", "gross") for _l, _a, r in out[k + 1:]):
            out[k] = (label, amount, "net")
    while out and out[-1][2] is None:  # rows of no role after the block: not part of it
        out.pop()
    return out


def check_block(rows: list[tuple[str, Decimal, str | None]], lines_sum: Decimal | None, n_lines: int,
                tax_unread: bool = False, amounts: Sequence[Decimal] = ()) -> BlockSums:
    """Walk the whole block (``block_rows``) from the lines' sum (None: a line has no amount; the first net row
    stands for it); rows under a total with tax (a shipping charge, "Amount due") are walked too. ``tax_unread``:
    a tax's words are printed under the items but no tax row was read (a label wrapped over three lines), so a
    plain total may be the net plus a common VAT rate (whose rate the gateway compares with the country's).
    ``amounts``: the lines' amounts in order, for a group's own subtotal under its last lines (``group_subtotal``)."""
    found = BlockSums(used=len(rows))
    slack = CENT * (n_lines + len(rows) + 1)
    running, taxes, paid = lines_sum, Decimal(0), Decimal(0)
    rates = [r for r in (_rate(label) for label, _a, role in rows if role == "tax") if r is not None]
    inside = sum((a for _l, a, role in rows if role == "tax-inside"), Decimal(0))  # "davon MwSt. 19 %" under a total
    wrong: list[str] = []
    for label, amount, role in rows:
        if role is None:
            wrong.append(f"the row {label!r} {amount} of the totals block says neither a total, a tax, a charge nor a "
                         "discount: the block cannot be checked")
        elif role == "net":
            if running is not None and abs(amount - running) > slack and (lines_sum is None or abs(amount - lines_sum) > slack):
                if group_subtotal(label, amount, amounts, slack):
                    continue  # "Sous-total papeterie" of the last group's lines: the total under it is checked
                wrong.append(f"{label!r} {amount} is not what the lines come to ({running.normalize():f})")
            elif running is None or abs(amount - running) > slack:
                running = amount
        elif role == "rounding":  # cents on the amount to pay, on top of the net as a tax is: no order charge
            wrong += [] if abs(amount) <= ROUNDING_MAX else [f"{label!r} {amount} rounds by more than {ROUNDING_MAX}: "
                                                             "the block cannot be checked"]
            taxes += amount
        elif role in ("charge", "allowance"):
            wrong += _adjust(found, label, amount, role, lines_sum if lines_sum is not None else running)
            if running is not None:
                running += found.allowances[-1].amount * (1 if found.allowances[-1].kind == "charge" else -1)
        elif role == "tax":
            charges = sum((a.amount for a in found.allowances if a.kind == "charge"), Decimal(0))
            bases = [b for b in (running, lines_sum, running - charges if running is not None else None) if b is not None]
            wrong += _tax_rate_wrong(label, amount, bases, rates, slack)
            taxes += amount
        elif role == "paid":  # a deposit: the rows under it say what is still to pay, the order stays whole
            if running is None or abs(amount) > running + taxes + inside + slack:
                wrong.append(f"{label!r} {amount} is a payment of more than the order: the block cannot be checked")
            paid += abs(amount)
        elif role == "total" and paid:
            wrong.append(f"{label!r} {amount} under a payment says neither a total with tax nor what is left to pay: "
                         "the block cannot be checked")
        elif role in ("gross", "total") and running is not None:
            as_gross = role == "gross" or (tax_unread and role == "total")
            wrong += _final(label, amount + paid, "gross" if as_gross and abs(amount - running) > slack else role,
                            running, taxes or inside, slack)
            implied = common_vat_rate(running, amount, slack) if as_gross and not (taxes or inside) else None
            if implied is not None and implied > 0:
                found.gross_rates.append(implied)
    found.total = running
    found.problems = [Problem(code="TOTAL-MISMATCH", severity="error", element="total", message=m) for m in wrong]
    return found


# a subtotal naming its group: "Sous-total fournitures", "Subtotal stationery", "Zwischensumme Büromaterial"
_GROUP_SUBTOTAL = re.compile(r"^(?:sub\s*-?\s*total|sous\s*-?\s*total|zwischensumme)\s+(?!(?:ht|htva|hors|net|netto|excl"
                             r"|excluding|ex|ohne|exkl|ttc|incl|inkl|brutto|gross|before|after|nach|apres|des|der|of|du"
                             r"|de|la|le|les|the|general|gesamt|total|commande|order|bestellung)\b)[a-z]")


def group_subtotal(label: str, amount: Decimal, amounts: Sequence[Decimal], slack: Decimal) -> bool:
    """A subtotal that names its group ("Sous-total fournitures") and is the sum of the last lines (two at least,
    not all): the group's own sum under a sheet's last group of items, not the order's. A bare "Sous-total", one
    naming no group, or a sum of no last lines is the order's, checked as such."""
    words = " ".join(re.findall(r"[\w']+", fold(label).lower()))
    if not _GROUP_SUBTOTAL.match(words) or is_tax(label) or len(amounts) < 3:
        return False
    return any(abs(sum(amounts[-k:], Decimal(0)) - amount) <= slack for k in range(2, len(amounts)))


ROUNDING_MAX = Decimal("1.00")  # a rounding row moves the total by cents, never more than this


def levy_or_rounding(label: str, amount: Decimal) -> str | None:
    """"charge" for a levy or packaging row ("Éco-participation", "Verpackung"), "rounding" for a rounding row
    of cents ("Rounding -0.03"), else None (a larger rounding stays unread, and holds)."""
    role = row_role(label, amount)
    if role == "rounding" and abs(amount) <= ROUNDING_MAX:
        return "rounding"
    return "charge" if role == "charge" else None


def _adjust(found: BlockSums, label: str, amount: Decimal, role: str, base: Decimal | None) -> list[str]:
    """Add the discount or charge row to the order's allowances; what is wrong with it."""
    value = abs(amount)
    found.allowances.append(Allowance(kind=role, level="order", description=label, amount=value))
    share = _PERCENT.search(label)
    if role == "allowance" and share and base is not None and \
            abs(base * abs(Decimal(share.group(1).replace(",", "."))) / 100 - value) > CENT * 2:
        return [f"{label!r} {value} is not {share.group(1)} % of the lines' sum {base.normalize():f}"]
    return []


def _rate(label: str) -> Decimal | None:
    """The percentage a tax row prints ("VAT 20%", "19% MwSt.", "TVA 5,5 %"), or None."""
    share = _PERCENT.search(label)
    return abs(Decimal(share.group(1).replace(",", "."))) if share else None


def _tax_rate_wrong(label: str, amount: Decimal, bases: list[Decimal], rates: list[Decimal], slack: Decimal) -> list[str]:
    """A tax row that prints its rate must be that share of the running net, of the lines' sum or of the net
    without the charges (a sales tax that leaves shipping out): checked exactly when it is the block's only rated
    tax row; with several (7 % and 19 % on parts of the net), none may be above its rate of the whole net."""
    rate = _rate(label)
    if rate is None or not bases:
        return []
    wants = [(base * rate / 100).quantize(CENT) for base in bases]
    if len(rates) == 1 and all(abs(want - amount) > slack for want in wants):
        return [f"{label!r} {amount} is not {rate.normalize():f} % of the net {bases[0].normalize():f} ({wants[0]})"]
    if len(rates) > 1 and amount > max(wants) + slack:
        return [f"{label!r} {amount} is more than {rate.normalize():f} % of the net {bases[0].normalize():f} "
                f"({wants[0]})"]
    return []


def _final(label: str, amount: Decimal, role: str, net: Decimal, taxes: Decimal, slack: Decimal) -> list[str]:
    """A total of the block: the net plus the taxes printed; with none printed, a plain total must be the net
    itself (it says neither net nor gross), a total said to include tax the net plus a common VAT rate."""
    if taxes:
        ok = abs(net + taxes - amount) <= slack
        want = f"the net {net.normalize():f} plus the tax printed {taxes.normalize():f}"
    elif role == "total":
        ok = abs(amount - net) <= slack
        want = (f"the net {net.normalize():f}: a plain total says neither net nor with tax, and no tax row is "
                "printed")
    else:
        ok = with_common_vat(net, amount, slack)
        want = f"the net {net.normalize():f} plus a common VAT rate"
    return [] if ok else [f"{label!r} {amount} is not {want}"]


def with_common_vat(net: Decimal, amount: Decimal, slack: Decimal) -> bool:
    """``amount`` is ``net`` plus a common VAT rate (or none), to ``slack``."""
    return common_vat_rate(net, amount, slack) is not None


def common_vat_rate(net: Decimal, amount: Decimal, slack: Decimal) -> Decimal | None:
    """The common VAT rate (percent) ``amount`` is ``net`` plus, to ``slack``; None for none."""
    return next((rate for rate in VAT_RATES if abs(net * (100 + rate) / 100 - amount) <= slack), None)


GROSS_RATE_KEY = "gross_vat_rate"  # the order's reference: the rate a total with tax and no tax row implies


def note_gross_rates(references: dict[str, str], rates: list[Decimal]) -> None:
    """Keep the rates a total with tax and no tax row implies, for the gateway to compare with the customer's
    country's VAT rates (``gateway.stages.vat_rates``)."""
    if rates:
        references[GROSS_RATE_KEY] = ",".join(f"{r.normalize():f}" for r in dict.fromkeys(rates))

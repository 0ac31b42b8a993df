"""Reading one UN/EDIFACT ORDERS or ORDCHG message into an ``ExtractedOrder``.

Owns the mapping (D93A, D96A, D01B and their EANCOM subsets read alike):

* BGM document number -> ``po_number``; 1225 message function 1 -> ``CANCEL``, 4/5 -> ``CHANGE`` (an
  ORDCHG is a change unless it cancels); other functions are kept in ``references["message_function"]``.
  A change or cancellation whose header RFF+ON names another order than its BGM number goes under that order's
  number, its own kept as ``references["change_document"]``.
* DTM 4 (order date) else 137 (message date) the order date; 2, 64, 63, 69, 10 (in that order of
  preference: requested, earliest, latest, promised for, shipment requested) the requested delivery, in the message
  header and per line; formats 102, 203, 204, 101, 718/719 (the start, with a note; a window over a
  week holds ``DELIVERY-WINDOW-WIDE``), 616 (the week's Monday, with a note); a shipment date (10) as
  the only one holds ``SHIP-DATE-ONLY`` (``extractors.edi.date_spans``).
* NAD BY/DP/ST/SU/IV -> parties: id with its code list agency (9 ``gln``, 16 ``duns``, 92
  ``buyer_assigned``, 91 ``supplier_assigned``, ZZ/ZZZ ``zz``, else ``agency_<code>``), C080 name (else
  C058), street, city, postcode, country; an RFF after a NAD adds to that party's ids (VA -> ``vat``).
* RFF in the header -> ``references`` (``CT`` contract, ``ON`` the original order...), CUX currency, FTX
  notes, MOA 86/128/79 total, CNT 2 checked against the lines read.
* LIN 1082 line number, 1229 action (1 add, 2 delete, 3 change), C212 item; LIN and PIA item ids by
  their 7143 qualifier (``extractors.edi.item_ids``: every id kept in ``item_ids``; the buyer's, supplier's
  and standard ones also in ``customer_item``, ``supplier_item``, ``gtin``; an ISBN-10 as its GTIN); IMD
  C273 text description; QTY 21 with its unit as written; PRI AAA the net price (else CAL, the
  calculation price), AAB the gross, with the unit price basis (5284); any other PRI (INF, AAE...) is
  not a unit price and is kept in ``unread_prices``; a CUX in the line the line's currency; ALC groups (SG38 in a line, SG19 before the first LIN for the order):
  5463 A allowance / C charge, 1227 calculation sequence, 7161 code, with PCD (percentage), MOA
  204/23/8 (amount for the line) and RTE (per unit); without a stated net price the gross one becomes
  the net through them (``extractors.pricing``); MOA 203 line amount (with its currency, 6345). Quantities and amounts are
  ``Decimal``.

It also checks the constituents of what it reads: too many components in a composite is an error (an
unescaped separator: the message is rejected), extra data elements a partner added and code list
agencies that are not 3055 codes are warnings.
"""

from __future__ import annotations

import re
from datetime import date
from datetime import date as Day  # the type, inside the reader whose method is named date
from decimal import Decimal
from operator import gt, methodcaller
from typing import Any, Callable

from extractors.edi.date_spans import EDIFACT_SHIP, ship_date_only, span_reading
from extractors.edi.edi_models import trusted
from extractors.edi.item_ids import EDIFACT_RANKED, assign_roles
from extractors.edi.terms_segments import PatGroup, pat_group, pat_terms
from extractors.pricing import price_values
from extractors.edi.edifact_envelope import Message
from extractors.edi.edifact_syntax import DECIMALS, parse_date, parse_decimal, problem
from gateway.model import Allowance, ExtractedLine, ExtractedOrder, OrderKind, Party, Problem

_ROLES = {"BY": "buyer", "DP": "ship_to", "ST": "ship_to", "SU": "supplier", "IV": "invoice_to"}
_AGENCY_KEYS = {"9": "gln", "16": "duns", "91": "supplier_assigned", "92": "buyer_assigned", "ZZ": "zz",
                "ZZZ": "zz"}
_ACTIONS = {"1": "add", "2": "delete", "3": "change"}
_DELIVERY_QUALIFIERS = ("2", "64", "63", "69", "10")  # requested, earliest, latest, promised for, shipment requested
_ORDER_DATE_QUALIFIERS = ("4", "137")  # order date, else the message's date
_TOTAL_QUALIFIERS = ("86", "128", "79")  # message total, total amount, total line items amount
# Max data elements, and max components of each element, of the segments read (union of D93A..D01B).
_LIMITS: dict[str, tuple[int, tuple[int, ...]]] = {
    "BGM": (4, (4, 3, 1, 1)), "DTM": (1, (3,)), "NAD": (9, (1, 3, 5, 6, 4, 1, 4, 1, 1)), "RFF": (1, (5,)),
    "CUX": (4, (4, 4, 1, 1)), "FTX": (6, (1, 1, 3, 5, 1, 1)), "LIN": (6, (1, 1, 4, 2, 1, 1)),
    "PIA": (6, (1, 4, 4, 4, 4, 4)), "IMD": (4, (1, 3, 6, 1)), "QTY": (1, (3,)), "PRI": (2, (6, 1)),
    "MOA": (1, (5,)), "CNT": (1, (3,)), "UNS": (1, (1,)), "ALC": (5, (1, 2, 1, 1, 5)), "PCD": (2, (5, 1)),
    "RTE": (2, (4, 1)), "LOC": (5, (1, 4, 4, 4, 1)), "PAT": (4, (1, 6, 4, 4)),
}
_PAT_GROUP = frozenset({"PAT", "PCD", "MOA", "DTM"})  # a PAT group's segments: any other ends it
_ALLOWANCE_KINDS = {"A": "allowance", "C": "charge"}  # 5463; N (no allowance or charge) is not kept
_ALLOWANCE_AMOUNTS = frozenset({"204", "23", "8"})  # MOA in an ALC group: allowance, charge, either
_MAX_PARTS = {tag: max_elements + 1 for tag, (max_elements, _) in _LIMITS.items()}  # with the tag
_DELIVERY_RANK = {qualifier: rank for rank, qualifier in enumerate(_DELIVERY_QUALIFIERS)}
# PRI 5125 qualifiers that state the net unit price, best first: AAA calculation net, CAL calculation price
# (the price the line amount is calculated with). AAB (calculation gross) is the gross price; any other
# (AAC tax included, AAE/AAF/INF information, AAD/AAH averages, AAG an additive component, INV, ZZZ) is
# not a unit price to deliver: kept in the line's ``unread_prices`` (the completeness gate holds a line
# whose only price is one of these: PRICE-UNREAD).
_NET_RANK = {"AAA": 0, "CAL": 1}
# BGM 1225 message functions read and acted on: original, cancellation, change, replace. Any other (a
# copy, a duplicate, a confirmation of an order placed otherwise, a proposal...) holds the order.
_ACTED_FUNCTIONS = frozenset({"", "9", "1", "4", "5"})
_FUNCTION_NAMES = {"2": "addition", "3": "deletion", "6": "confirmation", "7": "duplicate", "16": "proposal",
                   "31": "copy", "42": "confirmation via specific means", "43": "additional transmission",
                   "46": "provisional", "47": "for information"}
# QTY 6063 qualifiers that say something of a line besides its ordered quantity (21) and do not change
# what is shipped: 59 consumer units in a traded unit, 52 quantity per pack, 11 split quantity (read with
# its LOC). Any other quantity (192 free goods, 47 invoiced, 46 delivered...) is named and holds the line.
_INFO_QUANTITIES = frozenset({"21", "59", "52", "11"})
_LINE_TAGS = frozenset({"PIA", "IMD", "QTY", "PRI", "DTM", "MOA"})  # read inline after a LIN
_AGENCY = re.compile(r"\d{1,3}|ZZZ")
_PARTY_TAGS = frozenset({"LOC", "FII", "CTA", "COM"})  # segments of a NAD group (besides RFF, DTM)
_ORDER, _LINE, _PARTY = trusted(ExtractedOrder), trusted(ExtractedLine), trusted(Party)  # values typed here


_SUFFIX = re.compile(r"[-/_. ]+[A-Za-z]{0,4}[0-9]{0,4}")


def _change_suffixed(number: str, base: str) -> bool:
    """``number`` is ``base`` with a change suffix ("PO-A-C1", "PO-A/2", "PO-A-1" of "PO-A"; case aside)."""
    folded, stem = number.casefold(), base.casefold()
    return bool(stem) and folded.startswith(stem) and len(folded) > len(stem) + 1 \
        and _SUFFIX.fullmatch(folded, len(stem)) is not None


def _first(values: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in values:
            return values[key]
    return None


def _at(items: list[str], index: int) -> str:
    return items[index] if index < len(items) else ""


class _OrderReader:
    """Reads one ORDERS/ORDCHG message segment by segment; faults go to ``message.problems``.

    This is the inner loop of the gateway's EDIFACT path, so it is written for speed: each handler
    gets the segment's raw element strings (tag first), splits only the composites it reads, checks
    their constituent counts (too many components is an error: an unescaped separator), restores
    released characters only in the values it keeps, and fills plain dicts of typed values that become
    the models without a second validation (``extractors.edi.edi_models``). Decimals and dates come from
    small caches (they repeat)."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.tags = message.tokens.tags
        syntax = message.header.syntax
        self.element = syntax.delimiters.element
        self.component = syntax.delimiters.component
        self.restore: Callable[[str], str] = syntax.restore
        self.kind = OrderKind.CHANGE if message.type == "ORDCHG" else OrderKind.NEW
        self.po_number: str | None = None
        self.dates: dict[str, date] = {}
        self.date_at: dict[str, int] = {}  # where each header date was read
        self.currency: str | None = None
        self.parties: list[Party] = []
        self.roles: set[str] = set()  # of the parties read: the first NAD of a role counts
        self.party: Party | None = None
        self.lines: list[dict[str, Any]] = []
        self.totals: dict[str, Decimal] = {}
        self.notes: list[str] = []
        self.references: dict[str, str] = {}
        self.section = "header"  # header | party | line | summary
        self.allowances: list[dict[str, Any]] = []  # the order's (ALC before the first LIN)
        self.allowance: dict[str, Any] | None = None  # the ALC group being read
        self.pats: list[PatGroup] = []  # the header's PAT groups (payment terms)
        self.terms_group: PatGroup | None = None  # the PAT group being read

    def warn(self, code: str, text: str, at: int, element: str | None = None) -> None:
        """A warning about the segment at document index ``at``."""
        self.message.problems.append(problem(code, text, self.tags[at], at - self.message.start + 1, element,
                                             "warning"))

    def fail(self, code: str, text: str, at: int, element: str | None = None) -> None:
        """An error (the message is rejected) about the segment at document index ``at``."""
        self.message.problems.append(problem(code, text, self.tags[at], at - self.message.start + 1, element))

    def read(self) -> ExtractedOrder:
        self.walk()
        order_allowances = [Allowance(level="order", **a) for a in self.allowances]
        shipped = ship_date_only(self.dates, _DELIVERY_QUALIFIERS, EDIFACT_SHIP, "DTM")
        if shipped is not None:
            self.warn("SHIP-DATE-ONLY", shipped, self.date_at[EDIFACT_SHIP[0]], "DTM01.1")
        for line in self.lines:
            ids: dict[str, str] = line["item_ids"]
            if ids:
                _assign_roles(line, ids)
            if "allowances" in line:
                line["allowances"] = [Allowance(**a) for a in line["allowances"]]
                price_values(line, order_allowances)
            elif order_allowances:
                price_values(line, order_allowances)
            elif "gross_price" in line and "unit_price" not in line:  # a gross price, nothing off it
                line["unit_price"] = line["gross_price"]
        if "79" in self.totals and not any(q in self.totals for q in ("86", "128")):
            self.references["total_basis"] = "lines"  # MOA+79, the line items' total: their sum, no tax, no ALC
        original = self.references.get("ON")
        if self.kind is not OrderKind.NEW and original and self.po_number \
                and original.strip().casefold() != self.po_number.strip().casefold():
            self._changed_order(original)
        return _ORDER({
            "kind": self.kind, "po_number": self.po_number, "order_date": _first(self.dates, _ORDER_DATE_QUALIFIERS),
            "requested_delivery_date": _first(self.dates, _DELIVERY_QUALIFIERS), "currency": self.currency,
            "parties": self.parties, "lines": list(map(_LINE, self.lines)),
            "total": _first(self.totals, _TOTAL_QUALIFIERS), "allowances": order_allowances, "notes": self.notes,
            "references": self.references, "payment_terms": pat_terms(self.pats),
            "message_ref": self.message.ref,
            "problems": [p for p in self.message.problems if p.severity == "warning"],
        })

    def _changed_order(self, original: str) -> None:
        """An ORDCHG (or a changing/cancelling ORDERS) whose BGM number is not the RFF+ON order's.
        Its own number with a change suffix ("BGM+230+CDE-0917-C1+4", "RFF+ON:CDE-0917"): it applies to the
        order it names, its own number kept as UBL OrderChange's is. The RFF+ON is the BGM number with a
        suffix ("BGM+230+PO-D+1", "RFF+ON:PO-D-1"): the BGM number is kept (an unknown RFF+ON never takes a
        change away from the order the BGM names). Any other own number ("BGM+230+CHG-1001-01+4") is the change
        message's: the RFF+ON order changes, unless the own number is itself one of the customer's orders
        (``dedup._two_orders_named``: ``CHANGE-REFERENCE-MISMATCH``)."""
        own, named = (self.po_number or "").strip(), original.strip()
        if _change_suffixed(named, own):
            return
        self.references["change_document"] = own  # the change message's own number ("CHG-1001-01")
        self.po_number = original

    def walk(self) -> None:
        """Every segment once. The line segments (LIN, PIA, IMD, QTY, PRI, DTM, MOA: most of an order)
        are read inline, with no Python call per segment in the common case: this loop is most of the
        EDIFACT path's time. Other segments go to their handler in ``_HANDLERS``. What a line has
        read so far (a net price, the rank of its delivery date) lives in locals reset at each LIN."""
        element, component, restore, lines = self.element, self.component, self.restore, self.lines
        actions, number, agency = _ACTIONS, parse_decimal, _AGENCY.fullmatch
        delivery_rank, line_tags, handlers = _DELIVERY_RANK, _LINE_TAGS, _HANDLERS
        known: dict[str, Decimal | None] = DECIMALS
        tags: list[str] = self.tags
        raws: list[str] = self.message.tokens.raws
        splitter = methodcaller("split", component)
        line: dict[str, Any] = {}
        ids: dict[str, str] = {}
        net_rank = 9  # the rank in _NET_RANK of the qualifier of the current line's net price (9: none)
        date_rank = 9  # the rank in _DELIVERY_QUALIFIERS of the qualifier of the current line's date
        in_lines = False
        for at in range(self.message.start + 1, self.message.end):
            tag, raw = tags[at], raws[at]
            if in_lines and tag in line_tags:
                parts = raw.split(element)
                size = len(parts)
                if tag == "PIA":
                    if size > 7 or (size > 1 and component in parts[1]):
                        self.check(at)
                    for index in range(2, 7 if size > 7 else size):
                        composite = parts[index].split(component)
                        used = len(composite)
                        if used > 3:
                            if used > 4:
                                self.check(at)
                            if composite[3] and not agency(composite[3]):
                                self.agency(at, composite, index - 1, 3)
                        if used > 1 and composite[0] and composite[1] and composite[1] not in ids:
                            value = composite[0]
                            ids[composite[1]] = (value if value.isascii() else restore(value)).strip()
                    continue
                if tag == "IMD":
                    composite = parts[3].split(component) if size > 3 else []
                    used = len(composite)
                    if size > 5 or used > 6 or (size > 2 and (
                            component in parts[1] or parts[2].count(component) > 2)):
                        self.check(at)
                    if used > 3:
                        if composite[2] and not agency(composite[2]):
                            self.agency(at, composite, 2, 2)
                        if "description" not in line:
                            text = composite[3] if composite[3].isascii() else restore(composite[3])
                            if used > 4:
                                text = " ".join(c.strip() for c in (text, restore(composite[4])) if c.strip())
                            text = text.strip()
                            if text:
                                line["description"] = text
                    continue
                if size > 1:
                    first = parts[1].split(component)
                    used = len(first)
                    qualifier = first[0]
                    value = first[1] if used > 1 else ""
                else:
                    first, used, qualifier, value = [""], 1, "", ""
                if tag == "QTY":
                    if size > 2 or used > 3:
                        self.check(at)
                    if qualifier == "21" and value:
                        quantity = known.get(value) or number(value)
                        if quantity is None:
                            self.bad_number(at, value, 0, 1)
                        line["quantity"] = quantity
                        if used > 2 and first[2]:
                            line["uom"] = first[2] if first[2].isascii() else restore(first[2])
                    elif value and qualifier not in _INFO_QUANTITIES:
                        self.warn("EDI-QTY-UNREAD", f"line {line['line_no']}: QTY {qualifier or '?'} "
                                  f"{value if value.isascii() else restore(value)} (a quantity besides the "
                                  f"ordered one) is not applied; a person decides", at, "QTY01")
                elif tag == "PRI":  # AAA (else CAL) the net price, AAB the gross; the first of each counts
                    if size > 3 or used > 6:
                        self.check(at)
                    price_rank = _NET_RANK.get(qualifier, 9)
                    if value and price_rank == 9 and qualifier != "AAB":  # information, tax-inclusive... prices
                        line.setdefault("unread_prices", []).append(
                            f"PRI {qualifier or '?'} {value if value.isascii() else restore(value)}")
                    elif price_rank < net_rank or (qualifier == "AAB" and value and "gross_price" not in line):
                        price = (known.get(value) or number(value)) if value else None
                        basis = first[4] if used > 4 else ""
                        basis_value = number(basis) if basis else None
                        if (value and price is None) or (basis and basis_value is None):
                            self.bad_number(at, value if price is None else basis, 0, 1 if price is None else 4)
                        if price is not None:
                            if price_rank < 9:  # a net price (AAA over CAL): its own basis and unit only
                                line.pop("price_uom", None)
                            if used > 5 and first[5]:  # the price is per this unit (6411), maybe not QTY's
                                line["price_uom"] = first[5]
                            if price_rank < 9:
                                line["unit_price"], line["price_basis"] = price, basis_value
                                net_rank = price_rank
                            else:
                                line["gross_price"] = price
                                if net_rank == 9:
                                    line["price_basis"] = basis_value
                elif tag == "DTM":  # the best-ranked delivery date of _DELIVERY_QUALIFIERS
                    if size > 2 or used > 3:
                        self.check(at)
                    rank = delivery_rank.get(qualifier)
                    if rank is not None and value and rank < date_rank:
                        try:
                            line["requested_date"] = parse_date(value, first[2] if used > 2 else "")
                            date_rank = rank
                            self.span(at, f"line {line['line_no']} DTM {qualifier}", line["requested_date"], value,
                                      first)
                        except ValueError:
                            self.bad_date(at, qualifier, value, first)
                else:  # MOA
                    if size > 2 or used > 5:
                        self.check(at)
                    if qualifier == "203" and value and "amount" not in line:
                        amount = number(value)
                        if amount is None:
                            self.bad_number(at, value, 0, 1)
                        line["amount"] = amount
                        if used > 2 and first[2]:  # 6345: the amount's currency
                            line.setdefault("currency", first[2])
                    elif qualifier in _ALLOWANCE_AMOUNTS and value and self.allowance is not None:
                        self.allowance.setdefault("amount", self.number(at, value, 0, 1))
            elif tag == "LIN":
                parts = raw.split(element)
                size = len(parts)
                if size > 7:
                    self.check(at)
                number_text = parts[1] if size > 1 else ""
                ids = {}
                line = {"line_no": int(number_text) if number_text.isdecimal() else len(lines) + 1,
                        "item_ids": ids}
                lines.append(line)
                self.allowance = None
                net_rank, date_rank = 9, 9
                if not in_lines:
                    self.section, in_lines = "line", True
                if size > 2 and parts[2] in actions:
                    line["action"] = actions[parts[2]]
                if size > 3:
                    item = parts[3].split(component)
                    used = len(item)
                    if used > 4:
                        self.check(at)
                    if used > 1 and item[0] and item[1]:
                        ids[item[1]] = (item[0] if item[0].isascii() else restore(item[0])).strip()
                    if used > 3 and item[3] and not agency(item[3]):
                        self.agency(at, item, 2, 3)
            else:
                handler = handlers.get(tag)
                if tag not in _PAT_GROUP:
                    self.terms_group = None
                if handler is None:
                    if self.section == "party" and tag not in _PARTY_TAGS:
                        self.section = "header"
                    continue
                parts = raw.split(element)
                elements = list(map(splitter, parts[1:]))
                if len(parts) > _MAX_PARTS[tag] or any(map(gt, map(len, elements), _LIMITS[tag][1])):
                    self.check(at)
                handler(self, at, elements)
                in_lines = self.section == "line"

    def date(self, at: int, target: dict[str, date], qualifier: str, text: str, composite: list[str]) -> None:
        if qualifier in target:
            return
        try:
            target[qualifier] = parse_date(text, composite[2] if len(composite) > 2 else "")
        except ValueError:
            self.bad_date(at, qualifier, text, composite)
            return
        if target is self.dates and qualifier in _DELIVERY_QUALIFIERS:
            self.date_at[qualifier] = at
            self.span(at, f"DTM {qualifier}", target[qualifier], text, composite)

    def span(self, at: int, where: str, start: Day, text: str, composite: list[str]) -> None:
        """A window or a week read as one day: a note, and a hold when the window is wide."""
        note, wide = span_reading(where, start, text, composite[2] if len(composite) > 2 else "")
        if note is not None:
            self.notes.append(note)
        if wide is not None:
            self.warn("DELIVERY-WINDOW-WIDE", wide, at, "DTM01.2")

    def bad_date(self, at: int, qualifier: str, text: str, composite: list[str]) -> None:
        fmt = composite[2] if len(composite) > 2 else "102"
        self.warn("EDI-DATE-INVALID", f"DTM {qualifier} value {self.restore(text)!r} is not a date in format "
                  f"{fmt}", at, "DTM01.2")

    def check(self, at: int) -> None:
        """Constituent counts: too many components is an error, extra data elements a warning. Runs
        again for the same segment at most once per composite read; problems are not repeated."""
        seg = self.message.segment(at)
        elements = seg.elements
        max_elements, max_components = _LIMITS[seg.tag]
        found: list[Problem] = []
        if len(elements) > max_elements and any(c != "" for e in elements[max_elements:] for c in e):
            found.append(problem("EDI-SYNTAX-EXTRA", f"{seg.tag} has {len(elements)} data elements, at most "
                                 f"{max_elements} defined; the extra ones are not read", seg.tag,
                                 self.message.position_of(seg), f"{seg.tag}{max_elements + 1:02d}", "warning"))
        for index, (composite, limit) in enumerate(zip(elements, max_components)):
            used = len(composite)
            while used and composite[used - 1] == "":
                used -= 1
            if used > limit:
                found.append(problem("EDI-SYNTAX", f"{seg.tag} element {index + 1} has {used} components, at "
                                     f"most {limit} allowed (an unescaped separator?)", seg.tag,
                                     self.message.position_of(seg), f"{seg.tag}{index + 1:02d}.{limit + 1}"))
        self.message.problems += [p for p in found if p not in self.message.problems]

    def agency(self, at: int, composite: list[str], element: int, component: int) -> None:
        """A 3055 code list agency must be a number or ZZZ: anything else is a warning."""
        agency = composite[component] if component < len(composite) else ""
        if agency and not _AGENCY.fullmatch(agency):
            self.warn("EDI-CODE-UNKNOWN", f"code list agency {agency!r} is not a 3055 code", at,
                      f"{self.tags[at]}{element + 1:02d}.{component + 1}")

    def number(self, at: int, text: str, element: int, component: int) -> Decimal | None:
        if not text:
            return None
        value = parse_decimal(text)
        if value is None:
            self.bad_number(at, text, element, component)
        return value

    def bad_number(self, at: int, text: str, element: int, component: int) -> None:
        tag = self.tags[at]
        self.fail("EDI-VALUE-INVALID", f"{tag} value {self.restore(text)!r} is not a number", at,
                  f"{tag}{element + 1:02d}.{component + 1}")

    # --- header (a handler gets the segment's data elements, each split into its components) ---
    def bgm(self, at: int, elements: list[list[str]]) -> None:
        number = _at(_element(elements, 1), 0)
        self.po_number = self.restore(number) if number else None
        function = _at(_element(elements, 2), 0)
        if function == "1":
            self.kind = OrderKind.CANCEL
        elif function in ("4", "5"):
            self.kind = OrderKind.CHANGE
        if function not in ("", "9"):
            self.references["message_function"] = function
        if function not in _ACTED_FUNCTIONS:
            name = _FUNCTION_NAMES.get(function, "an unusual function")
            self.warn("MESSAGE-FUNCTION-HOLD", f"BGM message function {function} ({name}): not an original, "
                      f"a change or a cancellation to act on; a person decides", at, "BGM03")

    def dtm(self, at: int, elements: list[list[str]]) -> None:
        """A header (or, after a NAD, a party's: not read) date; line dates are read in ``walk``; in a PAT group the
        terms' due date."""
        composite = _element(elements, 0)
        qualifier, text = _at(composite, 0), _at(composite, 1)
        if self.terms_group is not None and self.section != "line" \
                and qualifier not in _ORDER_DATE_QUALIFIERS and qualifier not in _DELIVERY_QUALIFIERS:
            self.terms_group.add_dtm(qualifier, text)  # a due date of the terms; an order's date stays the order's
            return
        if self.section != "party" and text and (qualifier in _ORDER_DATE_QUALIFIERS or qualifier in _DELIVERY_QUALIFIERS):
            self.date(at, self.dates, qualifier, text, composite)

    def nad(self, at: int, elements: list[list[str]]) -> None:
        identification = _element(elements, 1)
        if len(identification) > 2 and identification[2] and not _AGENCY.fullmatch(identification[2]):
            self.agency(at, identification, 1, 2)
        if self.section == "line":
            return
        self.section = "party"
        role = _ROLES.get(_at(_element(elements, 0), 0))
        if role is None or role in self.roles:
            self.party = None
            return
        self.roles.add(role)
        raw = self.message.tokens.raws[at]
        clean = raw.isascii() or self.message.syntax.marked is None or not self.message.syntax.marked.search(raw)
        self.party = _party(elements, role, str if clean else self.restore)
        self.parties.append(self.party)

    def rff(self, at: int, elements: list[list[str]]) -> None:
        composite = _element(elements, 0)
        qualifier, value = _at(composite, 0), self.restore(_at(composite, 1))
        if not qualifier or not value:
            return
        if self.section == "party":
            if self.party is not None:
                self.party.ids.setdefault("vat" if qualifier == "VA" else qualifier.lower(), value)
        elif self.section == "header":
            self.references.setdefault(qualifier, value)

    def cux(self, at: int, elements: list[list[str]]) -> None:
        """The order's currency in the header; in a line (SG28, after its PRI) the line's price's."""
        self.section = "header" if self.section == "party" else self.section
        currency = _at(_element(elements, 0), 1)
        if self.section == "line" and self.lines:
            if currency:
                self.lines[-1]["currency"] = currency
        elif self.currency is None and currency:
            self.currency = currency

    def ftx(self, at: int, elements: list[list[str]]) -> None:
        reference = _element(elements, 2)
        if len(reference) > 2 and reference[2] and not _AGENCY.fullmatch(reference[2]):
            self.agency(at, reference, 2, 2)
        text = " ".join(c for c in (self.restore(c).strip() for c in _element(elements, 3)) if c)
        if text:
            where = f"line {self.lines[-1]['line_no']}: " if self.section == "line" and self.lines else ""
            self.notes.append(where + text)

    def moa(self, at: int, elements: list[list[str]]) -> None:
        """A total or an order allowance's amount (line amounts are read in ``walk``), a PAT group's amount."""
        composite = _element(elements, 0)
        qualifier, text = _at(composite, 0), _at(composite, 1)
        if self.terms_group is not None and self.section == "header":
            self.terms_group.add_moa(qualifier, text)
            return
        if qualifier in _ALLOWANCE_AMOUNTS and text and self.allowance is not None:
            self.allowance.setdefault("amount", self.number(at, text, 0, 1))
        elif qualifier in _TOTAL_QUALIFIERS and qualifier not in self.totals:
            value = self.number(at, text, 0, 1)
            if value is not None:
                self.totals[qualifier] = value

    def uns(self, at: int, elements: list[list[str]]) -> None:
        self.section = "summary"
        self.allowance = None

    def alc(self, at: int, elements: list[list[str]]) -> None:
        """An allowance or charge group: the order's before the first LIN, else the current line's."""
        self.section = "header" if self.section == "party" else self.section
        self.terms_group = None
        kind = _ALLOWANCE_KINDS.get(_at(_element(elements, 0), 0))
        if kind is None or self.section == "summary":
            self.allowance = None
            return
        service = _element(elements, 4)
        sequence = _at(_element(elements, 3), 0)
        description = " ".join(self.restore(c).strip() for c in service[3:] if c.strip())
        allowance: dict[str, Any] = {"kind": kind, "code": _at(service, 0) or None,
                                     "description": description or None,
                                     "sequence": int(sequence) if sequence.isdecimal() else None}
        self.allowance = allowance
        if self.section == "line" and self.lines:
            self.lines[-1].setdefault("allowances", []).append(allowance)
        else:
            self.allowances.append(allowance)

    def pat(self, at: int, elements: list[list[str]]) -> None:
        """PAT (payment terms) in the header: a group of its own with its PCD, MOA and DTM
        (``extractors.edi.terms_segments``)."""
        self.section = "header" if self.section == "party" else self.section
        self.allowance = None
        if self.section != "header":
            self.terms_group = None
            if self.section == "line" and self.lines:  # a line's own terms: not compared, a person reads them
                self.pats.append(PatGroup("line", unread=[f"line {self.lines[-1].get('line_no')}: PAT "
                                                          + "+".join(":".join(e) for e in elements)]))
            return
        self.terms_group = pat_group(_element(elements, 0), [self.restore(c) for c in _element(elements, 1)],
                             _element(elements, 2))
        self.pats.append(self.terms_group)

    def pcd(self, at: int, elements: list[list[str]]) -> None:
        """PCD 1 or 3 (allowance or charge percentage) in an ALC group; PCD 12 a PAT group's discount."""
        composite = _element(elements, 0)
        if self.terms_group is not None and self.section == "header":
            self.terms_group.add_pcd(_at(composite, 0), _at(composite, 1))
            return
        if self.allowance is not None and _at(composite, 0) in ("1", "2", "3", "12", "15") and _at(composite, 1):
            self.allowance.setdefault("percent", self.number(at, _at(composite, 1), 0, 1))

    def rte(self, at: int, elements: list[list[str]]) -> None:
        """RTE in an ALC group: the allowance or charge per unit."""
        composite = _element(elements, 0)
        if self.allowance is not None and _at(composite, 1):
            self.allowance.setdefault("per_unit", self.number(at, _at(composite, 1), 0, 1))

    def loc(self, at: int, elements: list[list[str]]) -> None:
        """LOC+7 in a line group (EANCOM's place of delivery, with QTY+11 the quantity for it): the line
        goes to a place of its own, the order carries one delivery address: it waits (DELIVERY-SPLIT).
        A LOC of a NAD group (the header's parties) is the party's and is not read."""
        if self.section != "line" or not self.lines or _at(_element(elements, 0), 0) != "7":
            return
        place = _at(_element(elements, 1), 0)
        self.warn("DELIVERY-SPLIT", f"line {self.lines[-1].get('line_no')}: delivered to place {place or '?'} "
                  "(LOC+7); the order carries one delivery address", at, "LOC02")

    def cnt(self, at: int, elements: list[list[str]]) -> None:
        composite = _element(elements, 0)
        count = _at(composite, 1)
        if _at(composite, 0) == "2" and count.isdecimal() and int(count) != len(self.lines):
            self.warn("EDI-CNT-COUNT", f"CNT says {count} lines, the message has {len(self.lines)}", at, "CNT01.2")


_HANDLERS: dict[str, Callable[[_OrderReader, int, list[list[str]]], None]] = {
    "BGM": _OrderReader.bgm, "DTM": _OrderReader.dtm, "NAD": _OrderReader.nad, "RFF": _OrderReader.rff,
    "CUX": _OrderReader.cux, "FTX": _OrderReader.ftx, "MOA": _OrderReader.moa, "UNS": _OrderReader.uns,
    "CNT": _OrderReader.cnt, "ALC": _OrderReader.alc, "PCD": _OrderReader.pcd, "RTE": _OrderReader.rte,
    "PAT": _OrderReader.pat,
    "LOC": _OrderReader.loc,
}


def _assign_roles(line: dict[str, Any], ids: dict[str, str]) -> None:
    """``extractors.edi.item_ids.assign_roles`` for EDIFACT, here so that the compiled reader needs no call
    out for the usual ids (an ISBN or ISSN still goes through it)."""
    ranked = EDIFACT_RANKED
    best: dict[str, int] = {}
    for qualifier, value in ids.items():
        entry = ranked.get(qualifier)
        if entry is None:
            continue
        if qualifier == "IB" or qualifier == "IS":
            assign_roles(line, ids, ranked)
            return
        role, rank = entry
        if role not in best or rank < best[role]:
            best[role] = rank
            line[role] = value


def _element(elements: list[list[str]], index: int) -> list[str]:
    return elements[index] if index < len(elements) else []


def _joined(composite: list[str], glue: str, restore: Callable[[str], str]) -> str:
    if restore is str:  # nothing released in the segment
        return glue.join(filter(None, map(str.strip, composite)))
    return glue.join(filter(None, map(str.strip, map(restore, composite))))


_BLANK_ELEMENTS = [[""]] * 9  # NAD's nine data elements, each absent one read as one empty component


def _party(elements: list[list[str]], role: str, restore: Callable[[str], str]) -> Party:
    """NAD: party id with its code list agency, name (C080, else C058), street, city, postcode, country."""
    if len(elements) < 9:
        elements = elements + _BLANK_ELEMENTS[len(elements):]
    ids: dict[str, str] = {}
    identification = elements[1]
    party_id = restore(identification[0]).strip()
    if party_id:
        agency = identification[2] if len(identification) > 2 else ""
        ids[_AGENCY_KEYS.get(agency, f"agency_{agency}" if agency else "id")] = party_id
    return _PARTY({
        "role": role, "ids": ids,
        "name": _joined(elements[3], " ", restore) or _joined(elements[2], " ", restore) or None,
        "street": _joined(elements[4], ", ", restore) or None,
        "city": restore(elements[5][0]).strip() or None,
        "postcode": restore(elements[7][0]).strip() or None,
        "country": restore(elements[8][0]).strip() or None})


def read_order(message: Message) -> ExtractedOrder:
    """Map one ORDERS/ORDCHG message; its faults are added to ``message.problems``."""
    return _OrderReader(message).read()

"""ANSI X12: 850 and 875 purchase orders, 860 and 876 changes become orders; other sets are classified.

Owns reading an X12 document (``extractors.edi.x12_syntax`` tokenizes, ``extractors.edi.x12_envelope`` builds
the interchanges) into an ``Extraction``: one ``ExtractedOrder`` per accepted 850 (BEG01 00 new, 01
cancel, 04 change; 05 *replace* is read as a change too: the partner resends the whole order to
replace the one it sent, so it must be matched with that original and its differences listed, never
taken as a second new order; BEG02 RO/EO rush kept in ``priority_codes``), 875 grocery order (G50
number and date, G62 dates, G68 lines: quantity, unit, item list cost, U.P.C. case code and id pairs,
G69 description; a G72 allowance is not applied and is named, ``X12-ALLOWANCE-UNREAD``, which holds
the order), 860 (BCH, POC lines with their change type) or 876 (read like an 875, lines ``change``),
4010 to 5010; order-like sets it does not read (830, 862, 866) are named ``FORMAT-UNSUPPORTED`` and
the document is an order held for a person; one ``Interchange`` per ISA with its groups and transaction sets, each with
acceptance and problems, so a 997/999 can answer it. The delimiters of each interchange are kept in its
group records (``"delimiters"``, e.g. ``*>~^``, and ``"encoding"``: ascii, utf-8, latin-1 or cp037 for
EBCDIC) so the acknowledgement is written the way the partner writes.

Mapping: BEG/BCH number and date, CUR, REF -> ``references``, DTM (004 order date; 002, 106, 010, 996,
037, 064, 074 delivery, in that order; a requested ship date, 010 or 037, as the only one holds
``SHIP-DATE-ONLY``: ``extractors.edi.date_spans``), N1 BY/ST/SE/VN/SU/BT/BS with N103/N104 ids (1 ``duns``, 9
``duns4``, UL ``gln``, 92 ``buyer_assigned``, 91 ``supplier_assigned``, ZZ ``zz``, 15 ``san``) and
N2/N3/N4 (the state, N402, has no place in ``Party``), PO1/POC/LIN qualifier pairs by their 235
qualifier (``extractors.edi.item_ids``: every id in ``item_ids``, the buyer's, vendor's and standard ones
also in ``customer_item``, ``supplier_item``, ``gtin``; an ISBN-10 as its GTIN), PO105 price basis (HP
per hundred, TP per thousand, PD per dozen, PE per each and the like, ``_PRICE_BASES``, ``_PRICE_UNITS``;
NT a net price; a to-be-negotiated or no-quote basis makes PO104 an unread price), CTP NET (net item price; else UCP, unit
cost price) the net price, any other CTP price (CON, MSR, CAT...) kept in the line's ``unread_prices``
(it is not the price the order is made at), a DIS multiplier (a discount), CUR in the PO1 loop the line's
currency, SAC A/C allowances and charges (in a PO1 loop the line's, before it the order's; SAC05
amount with two implied decimals, SAC07 percent, SAC08 rate per unit; SAC12 bill-back and the like
kept, not applied) giving the net price from PO104 (``extractors.pricing``), PID (the F 08
description first), SCH dates (schedules on different dates split the line: no line date and
X12-SCHEDULE-SPLIT listing each, which holds the order), DTM in the PO1 loop the line's date, MSG and NTE notes,
AMT TT (else 1) total, CTT checked.

Acceptance follows ``extractors.edi.edifact``: an interchange or group fault (ISA invalid, IEA/GE counts
or control numbers, missing trailers, duplicate group or interchange numbers, segments outside a
transaction set) rejects the whole interchange; a transaction fault (ST/SE count or control number, SE
missing, duplicate ST02, invalid tag, a quantity or price that is not a number) rejects that
transaction set only, except an SE count a little off when it is the set's only fault: the set is read
and its order held with the count named (``extractors.edi.edi_counts``); warnings (CTT line count, unknown
segment ids, unreadable dates) reject nothing.
``extract`` raises ``ExtractionError`` (``X12-SYNTAX``) only when there is neither an order nor an
interchange to acknowledge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Callable

from extractors.base import ExtractHints
from extractors.edi.date_spans import X12_SHIP, ship_date_only
from extractors.edi.edi_counts import readable_despite_count, with_count_problems
from extractors.edi.envelope import flat_problems
from extractors.edi.edi_models import trusted
from extractors.edi.item_ids import X12_RANKED, assign_roles
from extractors.edi.terms_segments import itd_terms
from extractors.pricing import price_values
from extractors.edi.edifact_syntax import gc_paused, parse_date, parse_decimal, problem
from extractors.edi.x12_envelope import Document, Envelope, Group, Transaction, read_document
from extractors.edi.x12_syntax import Segment
from gateway.errors import FORMAT_UNSUPPORTED, ExtractionError, LimitError
from gateway.model import (
    Allowance, DocType, ExtractedLine, ExtractedOrder, Extraction, Interchange, OrderKind, Party, Problem,
)

ORDER_TYPES = frozenset({"850", "860", "875", "876"})
CHANGE_TYPES = frozenset({"860", "876"})
# Order-like sets the gateway does not read: held for a person (FORMAT-UNSUPPORTED), never "not an order".
UNREAD_ORDER_TYPES = frozenset({"830", "862", "866"})  # planning schedule, shipping schedule, sequence
_CLASSIFIED: dict[str, DocType] = {
    "810": DocType.INVOICE, "880": DocType.INVOICE, "855": DocType.ACKNOWLEDGEMENT,
    "865": DocType.ACKNOWLEDGEMENT, "997": DocType.ACKNOWLEDGEMENT, "999": DocType.ACKNOWLEDGEMENT,
    "824": DocType.ACKNOWLEDGEMENT,
}
_KIND_DOC_TYPES = {OrderKind.NEW: DocType.ORDER, OrderKind.CHANGE: DocType.ORDER_CHANGE,
                   OrderKind.CANCEL: DocType.ORDER_CANCEL}
_ROLES = {"BY": "buyer", "ST": "ship_to", "SE": "supplier", "VN": "supplier", "SU": "supplier",
          "BT": "invoice_to", "BS": "invoice_to"}
_ID_KEYS = {"1": "duns", "9": "duns4", "UL": "gln", "92": "buyer_assigned", "91": "supplier_assigned",
            "ZZ": "zz", "15": "san"}
# PO105 (639): the price per hundred (HP, and the catalog LC, quoted QH, retail RC, contract TC, wholesale
# WC prices per hundred), per thousand (TP, LM, QS, RM, TM, WM), per dozen (PD, LD, RD, TD, WD), per
# 100/1000 feet (HF, TF).
_PRICE_BASES = {**dict.fromkeys(("HP", "LC", "QH", "RC", "TC", "WC", "HF"), Decimal(100)),
                **dict.fromkeys(("TP", "LM", "QS", "RM", "TM", "WM", "TF"), Decimal(1000)),
                **dict.fromkeys(("PD", "LD", "RD", "TD", "WD"), Decimal(12))}
# PO105: the price is per this unit, whatever PO103's: each (PE, catalog LE, quoted QE, retail RE, contract
# TE, wholesale WE), foot (HF, TF), pound (PP), yard (PY), ounce (PO).
_PRICE_UNITS = {**dict.fromkeys(("PE", "LE", "QE", "RE", "TE", "WE"), "EA"), "HF": "FOT", "TF": "FOT",
                "PP": "LBR", "PY": "YRD", "PO": "ONZ"}
# PO105: PO104 is no price yet: to be negotiated (TB), no quote (NQ). Kept in the line's ``unread_prices``.
# (A retail or suggested retail basis, RT/SR, is read as stated: the book trade sends SR with a CTP
# discount multiplier that gives the net price.)
_UNREAD_BASES = frozenset({"TB", "NQ"})
_NET_BASES = frozenset({"NT", "NE"})  # PO105: the unit price is net
_NET_CODES = {"NET": 0, "UCP": 1}  # CTP02 (236) codes that state the net unit price, best first
_APPLIED_HANDLING = frozenset({"", "02", "06"})  # SAC12: off invoice, charge paid by the customer (or unsaid)
_POC_ACTIONS = {"AI": "add", "DI": "delete"}
_DELIVERY_QUALIFIERS = ("002", "106", "010", "996", "037", "064", "074")
_G62_DATES = {"02": "002", "10": "010", "04": "004", "37": "037", "53": "106", "54": "106", "64": "064"}
_PURPOSES = {"06": "confirmation", "07": "duplicate", "18": "reissue", "22": "information copy",
             "11": "response", "13": "request", "25": "incremental"}  # BEG01 353, held when not acted on
_RUSH_TYPES = frozenset({"RO", "EO"})  # BEG02 rush order, emergency order
_ORDER, _LINE, _PARTY = trusted(ExtractedOrder), trusted(ExtractedLine), trusted(Party)  # values typed here
_KNOWN_GROCERY = frozenset(  # 875/876 segments that carry nothing the order needs
    "G50 G51 G92 N9 G61 G62 NTE G66 G23 G25 G26 G27 G28 G33 G34 G43 G39 G20 G17 G70 G72 G73 G76 G53 G55 G22 "
    "G31 G38 G86 G87 G88 G89 G40 G30 G91 G18 G19 G49 QTY AMT PCT".split())
_KNOWN_850 = frozenset(
    "BEG BCH CUR REF PER TAX FOB CTP PAM CSH TC2 SAC ITD DIS INC DTM LDT LIN SI PID MEA PWK PKG TD1 TD5 TD3 "
    "TD4 MAN PCT CTB TXI AMT N9 MSG MTX N1 N2 N3 N4 NX2 QTY SPI ADV LM LQ PO1 POC PO3 PO4 IT8 SCH ACK CB1 "
    "SLN SDQ G53 FA1 FA2 CTT SE ST RDT PRS LE LS".split())


class X12Extractor:
    """ANSI X12 interchanges, recognised by ISA (also in EBCDIC) or a bare ST/GS at the start."""

    name = "x12"
    heavy = True
    inline_max_bytes = 32 * 1024  # a small interchange (an 850 of tens of lines) parses in about a millisecond

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if start[:3] == b"ISA" and len(start) > 3 and not start[3:4].isalnum():
            return 0.95
        if start[:3] == b"\xc9\xe2\xc1":  # ISA in EBCDIC
            return 0.8
        if start[:2] in (b"GS", b"ST") and len(start) > 3 and start[2:3] in (b"*", b"|", b"~", b"^"):
            return 0.6
        if b"GS*" in head and b"ST*" in head:
            return 0.4  # a damaged ISA: read it and say what is wrong
        if (content_type or "").lower() in ("application/edi-x12", "application/x12"):
            return 0.3
        return 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        """Read an X12 document. Raises ``LimitError`` over the size limit and ``ExtractionError``
        (``X12-SYNTAX``) when neither an order nor an interchange to acknowledge could be read."""
        if len(data) > hints.limits.max_document_bytes:
            raise LimitError(f"{len(data)} bytes is over the {hints.limits.max_document_bytes}-byte limit",
                             code="LIMIT-SIZE")
        with gc_paused():
            doc = read_document(data)
            if not any(e.header is not None or e.transactions for e in doc.envelopes):
                raise ExtractionError("no X12 interchange or transaction set found", code="X12-SYNTAX",
                                      problems=doc.problems or [problem("X12-SYNTAX", "no ISA or ST segment")])
            extraction = _read(doc)
            del doc  # freed here, so the collector resumes with only the result to look at
        return extraction


EXTRACTOR = X12Extractor()


def _read(doc: Document) -> Extraction:
    orders: list[ExtractedOrder] = []
    order_sets: list[Transaction] = []
    read_despite_count: set[int] = set()  # ids of transaction sets read although their SE count is off
    for envelope in doc.envelopes:
        for transaction in envelope.transactions:
            if transaction.type in ORDER_TYPES:
                order = read_order(transaction)
                order_sets.append(transaction)
                if not transaction.has_errors and not envelope.has_errors:
                    orders.append(order)
                elif not envelope.has_errors and _count_only(transaction, order):
                    orders.append(with_count_problems(order, transaction.problems))
                    read_despite_count.add(id(transaction))
    problems = list(doc.problems) + _notes_on_other_sets(doc, bool(order_sets)) + _unsupported(doc)
    for envelope in doc.envelopes:
        problems += flat_problems(envelope, envelope.transactions, "ST")
    readable = [e for e in doc.envelopes if e.header is not None and e.header.value(5)]
    interchanges = [_interchange(doc, e, read_despite_count) for e in readable]
    if not orders and not interchanges and any(p.severity == "error" for p in problems):
        raise ExtractionError("no X12 interchange could be read", code="X12-SYNTAX", problems=problems)
    return Extraction(
        format="x12", doc_type=_doc_type(doc, orders, order_sets), detail=_detail(doc), orders=orders,
        interchanges=interchanges, problems=problems, sender_hints=_sender_hints(readable),
        metadata={"encoding": doc.encoding, "edi_envelopes": [
            {"control_ref": e.control_ref, "problems": _dump(e.problems),
             "delimiters": str(doc.delimiters_at(e.header.position if e.header else 1))} for e in readable]},
    )


def _count_only(transaction: Transaction, order: ExtractedOrder) -> bool:
    """An SE count a little off is the set's only fault (``extractors.edi.edi_counts``)."""
    trailer = transaction.segments[-1] if transaction.segments else None
    said = trailer.value(0) if trailer is not None and trailer.tag == "SE" else ""
    return readable_despite_count(order, transaction.problems, said, len(transaction.segments))


# --- classification and envelope records -----------------------------------------------------


def _detail(doc: Document) -> str | None:
    names: list[str] = []
    for envelope in doc.envelopes:
        for group in envelope.groups:
            for transaction in group.transactions:
                name = f"{transaction.type} {group.header.value(7)}".strip()
                if name not in names:
                    names.append(name)
        for transaction in envelope.transactions:
            if transaction.group_ref is None and transaction.type not in names:
                names.append(transaction.type)
        if envelope.interchange_acks and "TA1" not in names:
            names.append("TA1")
    return "; ".join(names) or None


def _doc_type(doc: Document, orders: list[ExtractedOrder], order_sets: list[Transaction]) -> DocType:
    kinds = {o.kind for o in orders}
    if len(kinds) == 1:
        return _KIND_DOC_TYPES[kinds.pop()]
    if kinds or any(t.type not in CHANGE_TYPES for t in order_sets):
        return DocType.ORDER
    if order_sets:
        return DocType.ORDER_CHANGE
    types = [t.type for e in doc.envelopes for t in e.transactions]
    if any(t in UNREAD_ORDER_TYPES for t in types):
        return DocType.ORDER  # held: FORMAT-UNSUPPORTED
    if not types:
        return DocType.ACKNOWLEDGEMENT if any(e.interchange_acks for e in doc.envelopes) else DocType.OTHER
    return _CLASSIFIED.get(types[0], DocType.OTHER)


def _notes_on_other_sets(doc: Document, has_orders: bool) -> list[Problem]:
    if not has_orders:
        return []
    return [problem("X12-TS-NOT-ORDER", f"transaction set {t.type} {t.ref} is not an order; not read", "ST",
                    t.header.position, severity="warning")
            for e in doc.envelopes for t in e.transactions
            if t.type not in ORDER_TYPES and t.type not in UNREAD_ORDER_TYPES]


def _unsupported(doc: Document) -> list[Problem]:
    """An order-like transaction set the gateway does not read: named, so the document is held."""
    return [problem(FORMAT_UNSUPPORTED, f"transaction set {t.type} {t.ref} is order-like but not read by the "
                    "gateway; a person must enter it", "ST", t.header.position, severity="warning")
            for e in doc.envelopes for t in e.transactions if t.type in UNREAD_ORDER_TYPES]


def _dump(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.model_dump(exclude_none=True) for p in problems]


def _interchange(doc: Document, envelope: Envelope, read_despite_count: set[int]) -> Interchange:
    isa = envelope.header
    assert isa is not None
    rejected = envelope.has_errors
    delimiters = str(doc.delimiters_at(isa.position))
    groups = [{"ref": g.ref, "functional_id": g.header.value(0), "sender_id": g.header.value(1),
               "receiver_id": g.header.value(2), "version": g.header.value(7), "accepted": not rejected,
               "included": _included(g), "problems": _dump(g.problems), "delimiters": delimiters,
               "encoding": doc.encoding}
              for g in envelope.groups]
    group_of = {id(t): n for n, g in enumerate(envelope.groups) for t in g.transactions}
    messages = [{"type": t.type, "ref": t.ref, "group_ref": t.group_ref, "group": group_of.get(id(t)),
                 "version": t.header.value(2) or None,
                 "accepted": not rejected and (not t.has_errors or id(t) in read_despite_count),
                 "segments": len(t.segments),
                 "problems": _dump(t.problems)} for t in envelope.transactions]
    return Interchange(
        standard="x12", sender_id=isa.value(5), sender_qualifier=isa.value(4) or None,
        receiver_id=isa.value(7) or None, receiver_qualifier=isa.value(6) or None,
        control_ref=isa.value(12), syntax=isa.value(11) or None, groups=groups, messages=messages,
        ack_requested=isa.value(13) == "1", test=isa.value(14) == "T",
    )


def _included(group: Group) -> int:
    """GE01, the number of transaction sets the group says it holds (the count found without a GE)."""
    written = group.trailer.value(0) if group.trailer is not None else ""
    return int(written) if written.isdecimal() else len(group.transactions)


def _sender_hints(envelopes: list[Envelope]) -> dict[str, str]:
    if not envelopes or envelopes[0].header is None:
        return {}
    isa = envelopes[0].header
    qualifier, identifier = isa.value(4), isa.value(5)
    hints = {"x12": f"{qualifier}:{identifier}", "x12_id": identifier}
    if qualifier == "01":
        hints["duns"] = identifier
    return hints


# --- the order -------------------------------------------------------------------------------


@dataclass
class _Line:
    line_no: int | None = None
    action: str | None = None
    ids: dict[str, str] = field(default_factory=dict)  # every id by its qualifier
    descriptions: list[tuple[str, str]] = field(default_factory=list)
    quantity: Decimal | None = None
    uom: str | None = None
    price: Decimal | None = None
    basis: Decimal | None = None
    price_uom: str | None = None  # the unit the price is per (PO105 PE), when not PO103's
    net: Decimal | None = None  # a price stated net (PO105 NT, CTP NET)
    net_per_unit: bool = False  # the net price is a CTP's: per one unit, whatever PO105's basis
    net_code: str = ""  # the CTP02 the net price came from (NET over UCP)
    currency: str | None = None  # CUR in the PO1 loop
    unread_prices: list[str] = field(default_factory=list)  # CTP prices that are not the net price
    allowances: list[Allowance] = field(default_factory=list)
    others: list[Allowance] = field(default_factory=list)  # bill-back and the like: kept, not applied
    dates: dict[str, date] = field(default_factory=dict)
    schedules: list[tuple[str, str, date]] = field(default_factory=list)  # SCH quantity, unit, date
    schedule_seg: Segment | None = None  # the SCH that split the line's delivery

    def build(self, order_allowances: list[Allowance]) -> ExtractedLine:
        description = next((text for code, text in self.descriptions if code == "08"),
                           self.descriptions[0][1] if self.descriptions else None)
        values: dict[str, Any] = {
            "line_no": self.line_no, "item_ids": self.ids,
            "description": description, "quantity": self.quantity, "uom": self.uom, "price_basis": self.basis,
            "price_uom": self.price_uom,
            "requested_date": None if self.schedule_seg is not None else
            next((self.dates[q] for q in _DELIVERY_QUALIFIERS if q in self.dates), None),
            "action": self.action, "allowances": self.allowances,
            "currency": self.currency, "unread_prices": self.unread_prices,
        }
        if self.ids:
            _assign_roles(values, self.ids)
        applicable = self.allowances or [a for a in order_allowances if a.percent is not None or a.per_unit is not None]
        if self.net is not None and self.net_per_unit:  # CTP NET: PO104 is the gross, on its own basis
            gross = self.price if applicable else None
            if gross is not None and self.basis is not None and self.basis != 1:
                gross = gross / self.basis
            values["unit_price"], values["gross_price"], values["price_basis"] = self.net, gross, None
            values["price_uom"] = None
        elif self.net is not None:  # PO105 NT: the one price is net; there is no gross
            values["unit_price"] = self.net
        elif applicable:
            values["gross_price"] = self.price
        else:
            values["unit_price"] = self.price
        if applicable or self.net is not None:
            price_values(values, order_allowances)
        if self.others:
            values["allowances"] = values["allowances"] + self.others
        return _LINE(values)


def _assign_roles(values: dict[str, Any], ids: dict[str, str]) -> None:
    """``extractors.edi.item_ids.assign_roles`` for X12, here so that the compiled reader needs no call out
    for the usual ids (an ISBN or ISSN still goes through it)."""
    ranked = X12_RANKED
    best: dict[str, int] = {}
    for qualifier, value in ids.items():
        entry = ranked.get(qualifier)
        if entry is None:
            continue
        if qualifier == "IB" or qualifier == "IS":
            assign_roles(values, ids, ranked)
            return
        role, rank = entry
        if role not in best or rank < best[role]:
            best[role] = rank
            values[role] = value


class _OrderReader:
    """Reads one 850 or 860 transaction set; faults go to ``transaction.problems``."""

    def __init__(self, transaction: Transaction) -> None:
        self.transaction = transaction
        self.kind = OrderKind.CHANGE if transaction.type in CHANGE_TYPES else OrderKind.NEW
        self.known = _KNOWN_850 | _KNOWN_GROCERY if transaction.type in ("875", "876") else _KNOWN_850
        self.po_number: str | None = None
        self.order_date: date | None = None
        self.dates: dict[str, date] = {}
        self.date_segs: dict[str, Segment] = {}  # where each header date was read
        self.currency: str | None = None
        self.parties: list[Party] = []
        self.party: Party | None = None
        self.lines: list[_Line] = []
        self.line: _Line | None = None
        self.totals: dict[str, Decimal] = {}
        self.taxed = False  # a TXI anywhere: the stated total may include tax
        self.notes: list[str] = []
        self.terms: list[str] = []  # each header ITD's terms, in words
        self.references: dict[str, str] = {}
        self.priority: list[str] = []
        self.allowances: list[Allowance] = []  # the order's (SAC before the first line)

    def problem(self, code: str, text: str, seg: Segment, element: str | None, severity: str) -> None:
        self.transaction.problems.append(problem(code, text, seg.tag, self.transaction.position_of(seg),
                                                 element, severity))

    def read(self) -> ExtractedOrder:
        handlers = _HANDLERS
        for seg in self.transaction.segments[1:]:
            handler = handlers.get(seg.tag)
            if handler is not None:
                handler(self, seg)
            elif seg.tag not in self.known:
                self.problem("X12-SEGMENT-UNKNOWN", f"segment {seg.tag} is not part of an "
                             f"{self.transaction.type}", seg, None, "warning")
        self.schedule_problems()
        shipped = ship_date_only(self.dates, _DELIVERY_QUALIFIERS, X12_SHIP, "DTM")
        if shipped is not None:
            seg = next(self.date_segs[q] for q in _DELIVERY_QUALIFIERS if q in self.dates)
            self.problem("SHIP-DATE-ONLY", shipped, seg, f"{seg.tag}01", "warning")
        if self.totals and not self.taxed:
            self.references["total_basis"] = "net"  # no TXI anywhere: the stated total can only be the goods'
        return _ORDER({
            "kind": self.kind, "po_number": self.po_number, "order_date": self.order_date or self.dates.get("004"),
            "requested_delivery_date": next((self.dates[q] for q in _DELIVERY_QUALIFIERS if q in self.dates), None),
            "currency": self.currency, "parties": self.parties,
            "lines": [line.build(self.allowances) for line in self.lines],
            "total": self.totals.get("TT", self.totals.get("1")), "allowances": self.allowances, "notes": self.notes,
            "references": self.references, "payment_terms": "; ".join(self.terms) or None,
            "priority_codes": self.priority, "message_ref": self.transaction.ref,
            "problems": [p for p in self.transaction.problems if p.severity == "warning"],
        })

    def number(self, seg: Segment, index: int) -> Decimal | None:
        text = seg.value(index)
        if not text:
            return None
        value = parse_decimal(text)
        if value is None:
            self.problem("X12-VALUE-INVALID", f"{seg.tag}{index + 1:02d} {text!r} is not a number", seg,
                         f"{seg.tag}{index + 1:02d}", "error")
        return value

    def date(self, seg: Segment, index: int) -> date | None:
        text = seg.value(index)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            self.problem("X12-DATE-INVALID", f"{seg.tag}{index + 1:02d} {text!r} is not a date", seg,
                         f"{seg.tag}{index + 1:02d}", "warning")
            return None

    # --- header ---
    def beg(self, seg: Segment) -> None:
        purpose = seg.value(0)
        self.kind = {"01": OrderKind.CANCEL, "04": OrderKind.CHANGE, "05": OrderKind.CHANGE}.get(
            purpose, self.kind)
        if purpose not in ("", "00"):
            self.references["purpose"] = purpose
        if purpose not in ("", "00", "01", "04", "05"):
            self.problem("MESSAGE-FUNCTION-HOLD", f"BEG01 purpose {purpose} ({_PURPOSES.get(purpose, 'unusual')}): "
                         f"not an original, a change or a cancellation to act on; a person decides", seg, "BEG01",
                         "warning")
        if seg.value(1) in _RUSH_TYPES:
            self.priority.append(seg.value(1))
        self.po_number = seg.value(2) or None
        if seg.value(3):
            self.references["release"] = seg.value(3)
        self.order_date = self.date(seg, 4)
        if seg.value(5):
            self.references["CT"] = seg.value(5)

    def g50(self, seg: Segment) -> None:
        """875/876 G50: order status (kept), PO date, PO number, release."""
        if seg.value(0):
            self.references["order_status"] = seg.value(0)
        self.order_date = self.date(seg, 1)
        self.po_number = seg.value(2) or None
        if seg.value(3):
            self.references["release"] = seg.value(3)

    def g62(self, seg: Segment) -> None:
        """875 G62: a date by its qualifier (02 delivery requested, 10 ship requested, 04 the PO date...),
        the order's or, after a G68, the line's."""
        qualifier = _G62_DATES.get(seg.value(0))
        target = self.line.dates if self.line is not None else self.dates
        if qualifier is not None and qualifier not in target:
            value = self.date(seg, 1)
            if value is not None:
                target[qualifier] = value
                self.date_segs.setdefault(qualifier, seg)

    def g68(self, seg: Segment) -> None:
        """875/876 G68 line: quantity, unit, item list cost (the gross unit cost), U.P.C. case code,
        then qualifier/id pairs."""
        line = self.start_line(seg, "change" if self.kind == OrderKind.CHANGE else None)
        line.line_no = len(self.lines)  # a G68 has no line number
        line.quantity = self.number(seg, 0)
        line.uom = seg.value(1) or None
        line.price = self.number(seg, 2)
        if seg.value(3):
            line.ids.setdefault("UA", seg.value(3))
        self.items(line, seg, 4)

    def g69(self, seg: Segment) -> None:
        if self.line is not None and seg.value(0):
            self.line.descriptions.append(("08", seg.value(0)))

    def g72(self, seg: Segment) -> None:
        """875 G72 allowance or charge: its codes are not read, so it is named and the price held."""
        where = f"line {self.line.line_no}" if self.line is not None else "the order"
        self.problem("X12-ALLOWANCE-UNREAD", f"G72 allowance or charge on {where} is not applied to the price",
                     seg, None, "warning")

    def bch(self, seg: Segment) -> None:
        self.kind = OrderKind.CANCEL if seg.value(0) == "01" else OrderKind.CHANGE
        self.references["purpose"] = seg.value(0)
        self.po_number = seg.value(2) or None
        if seg.value(4):
            self.references["change_sequence"] = seg.value(4)
        self.order_date = self.date(seg, 5)

    def cur(self, seg: Segment) -> None:
        """The order's currency; in a PO1 loop the line's."""
        if self.line is not None:
            self.line.currency = seg.value(1) or self.line.currency
        else:
            self.currency = self.currency or seg.value(1) or None

    def ref(self, seg: Segment) -> None:
        if self.line is None and seg.value(0):
            value = seg.value(1) or seg.value(2)
            if value:
                self.references.setdefault(seg.value(0), value)

    def dtm(self, seg: Segment) -> None:
        qualifier = seg.value(0)
        target = self.line.dates if self.line is not None else self.dates
        if qualifier in target or (qualifier != "004" and qualifier not in _DELIVERY_QUALIFIERS):
            return
        value = self.date(seg, 1)
        if value is not None:
            target[qualifier] = value
            self.date_segs.setdefault(qualifier, seg)

    def n1(self, seg: Segment) -> None:
        role = _ROLES.get(seg.value(0))
        if self.line is not None or role is None or any(p.role == role for p in self.parties):
            self.party = None
            return
        ids = {}
        if seg.value(3):
            qualifier = seg.value(2)
            ids[_ID_KEYS.get(qualifier, f"qualifier_{qualifier}" if qualifier else "id")] = seg.value(3)
        self.party = _PARTY({"role": role, "ids": ids, "name": seg.value(1) or None})
        self.parties.append(self.party)

    def n2(self, seg: Segment) -> None:
        if self.party is not None:
            extra = " ".join(v for v in (seg.value(0), seg.value(1)) if v)
            self.party.name = f"{self.party.name} {extra}".strip() if self.party.name else extra or None

    def n3(self, seg: Segment) -> None:
        if self.party is not None:
            street = ", ".join(v for v in (self.party.street, seg.value(0), seg.value(1)) if v)
            self.party.street = street or None

    def n4(self, seg: Segment) -> None:
        if self.party is not None:
            self.party.city = seg.value(0) or None
            self.party.postcode = seg.value(2) or None
            self.party.country = seg.value(3) or None

    def msg(self, seg: Segment) -> None:
        if seg.value(0):
            where = f"line {self.line.line_no}: " if self.line is not None else ""
            self.notes.append(where + seg.value(0))

    def itd(self, seg: Segment) -> None:
        """ITD (terms of sale) in the header: the order's payment terms (``extractors.edi.terms_segments``)."""
        if self.line is None and (said := itd_terms(list(seg.elements))) is not None:
            self.terms.append(said)

    def nte(self, seg: Segment) -> None:
        """NTE (note, NTE02 the text; NTE01 a reference code): kept as MSG is, header or PO1 loop."""
        if seg.value(1):
            where = f"line {self.line.line_no}: " if self.line is not None else ""
            self.notes.append(where + seg.value(1))

    def amt(self, seg: Segment) -> None:
        if seg.value(0) in ("TT", "1") and seg.value(0) not in self.totals:
            value = self.number(seg, 1)
            if value is not None:
                self.totals[seg.value(0)] = value

    def txi(self, seg: Segment) -> None:
        self.taxed = True

    def ctt(self, seg: Segment) -> None:
        if seg.value(0).isdecimal() and int(seg.value(0)) != len(self.lines):
            self.problem("X12-CTT-COUNT", f"CTT01 says {seg.value(0)} line items, the transaction set has "
                         f"{len(self.lines)}", seg, "CTT01", "warning")

    # --- lines ---
    def start_line(self, seg: Segment, action: str | None) -> _Line:
        number = seg.value(0)
        self.party = None
        self.line = _Line(line_no=int(number) if number.isdecimal() else len(self.lines) + 1, action=action)
        self.lines.append(self.line)
        return self.line

    def po1(self, seg: Segment) -> None:
        line = self.start_line(seg, None)
        line.quantity = self.number(seg, 1)
        line.uom = seg.value(2) or None
        self.price(line, self.number(seg, 3), seg.value(4))
        self.items(line, seg, 5)

    @staticmethod
    def price(line: _Line, price: Decimal | None, basis_code: str) -> None:
        """A unit price with its basis code (X12 639): per hundred/thousand/dozen, per a unit, or stated
        net; a price not yet agreed is not the unit price (``_UNREAD_BASES``)."""
        if basis_code in _UNREAD_BASES and price is not None:
            line.unread_prices.append(f"PO105 {basis_code} {price}")
            price = None
        line.price, line.basis = price, _PRICE_BASES.get(basis_code)
        line.price_uom = _PRICE_UNITS.get(basis_code)
        if basis_code in _NET_BASES:
            line.net = price

    def ctp(self, seg: Segment) -> None:
        """CTP in a line: NET (net item price; else UCP, unit cost price) states the net price, another
        CTP02 with a price is kept unread; a DIS multiplier is a discount (``CTP******DIS*.8``: 20% off)."""
        line = self.line
        if line is None:
            return
        code = seg.value(1)
        if code in _NET_CODES and seg.value(2):
            if _NET_CODES[code] <= _NET_CODES.get(line.net_code, 9):
                line.net = self.number(seg, 2)
                line.net_per_unit, line.net_code = line.net is not None, code
        elif seg.value(2):
            line.unread_prices.append(f"CTP {code or '?'} {seg.value(2)}")
        if seg.value(5) == "DIS" and seg.value(6):
            factor = self.number(seg, 6)
            if factor is not None and 0 < factor <= 1:
                line.allowances.append(Allowance(kind="allowance", code="DIS",
                                                 percent=(1 - factor) * 100))

    def sac(self, seg: Segment) -> None:
        """SAC A/C: an allowance or charge of the line it follows, else of the order. SAC05 is an amount
        with two implied decimals, SAC07 a percent, SAC08 a rate per unit; SAC12 other than off-invoice
        (02), paid by the customer (06) or unsaid means it is kept and not applied to the price."""
        indicator = seg.value(0)
        if indicator not in ("A", "C"):
            return
        amount = self.number(seg, 4)
        allowance = Allowance(
            kind="allowance" if indicator == "A" else "charge", level="line" if self.line is not None else "order",
            code=seg.value(1) or None,
            description=seg.value(14) or None, amount=amount / 100 if amount is not None else None,
            percent=self.number(seg, 6), per_unit=self.number(seg, 7))
        if self.line is None:
            self.allowances.append(allowance)
        elif seg.value(11) in _APPLIED_HANDLING:
            self.line.allowances.append(allowance)
        else:
            self.line.others.append(allowance)

    def poc(self, seg: Segment) -> None:
        line = self.start_line(seg, _POC_ACTIONS.get(seg.value(1), "change"))
        line.quantity = self.number(seg, 2)
        line.uom = seg.value(4) or None
        self.price(line, self.number(seg, 5), seg.value(6))
        self.items(line, seg, 7)

    @staticmethod
    def items(line: _Line, seg: Segment, first: int) -> None:
        """Qualifier/id pairs from element ``first`` on (``extractors.edi.item_ids``)."""
        ids = line.ids
        for index in range(first, len(seg.elements) - 1, 2):
            qualifier, identifier = seg.value(index), seg.value(index + 1)
            if qualifier and identifier and qualifier not in ids:
                ids[qualifier] = identifier

    def lin(self, seg: Segment) -> None:
        """LIN in a PO1 loop: more qualifier/id pairs for the line."""
        if self.line is not None:
            self.items(self.line, seg, 1)

    def pid(self, seg: Segment) -> None:
        if self.line is not None and seg.value(4):
            self.line.descriptions.append((seg.value(1), seg.value(4)))

    def sch(self, seg: Segment) -> None:
        """A delivery schedule of the line; several on different dates split it (no one date is the line's)."""
        line = self.line
        if line is None or seg.value(4) not in _DELIVERY_QUALIFIERS:
            return
        value = self.date(seg, 5)
        if value is None:
            return
        if line.schedules and line.schedule_seg is None and value != line.schedules[0][2]:
            line.schedule_seg = seg
        line.schedules.append((seg.value(0), seg.value(1), value))
        if seg.value(4) not in line.dates:
            line.dates[seg.value(4)] = value

    def sdq(self, seg: Segment) -> None:
        """SDQ in the PO1 loop: the line's quantity split over stores or places (SDQ03/05/...); the
        order carries one delivery address, so it waits (DELIVERY-SPLIT, each place listed)."""
        line = self.line
        if line is None:
            return
        places = [f"{seg.value(i + 1) or '?'} to {seg.value(i)}" for i in range(2, 22, 2) if seg.value(i)]
        self.problem("DELIVERY-SPLIT", f"line {line.line_no}: quantity split over {len(places)} place(s) "
                     f"({', '.join(places)}); the order carries one delivery address", seg, "SDQ03", "warning")

    def schedule_problems(self) -> None:
        for line in self.lines:
            if line.schedule_seg is not None:
                listed = ", ".join(f"{q or '?'} {u} on {d.isoformat()}" for q, u, d in line.schedules)
                self.problem("X12-SCHEDULE-SPLIT", f"line {line.line_no}: delivery in {len(line.schedules)} "
                             f"schedules ({listed}); the order carries one date per line", line.schedule_seg,
                             "SCH06", "warning")


_HANDLERS: dict[str, Callable[[_OrderReader, Segment], None]] = {
    "BEG": _OrderReader.beg, "BCH": _OrderReader.bch, "CUR": _OrderReader.cur, "REF": _OrderReader.ref,
    "DTM": _OrderReader.dtm, "N1": _OrderReader.n1, "N2": _OrderReader.n2, "N3": _OrderReader.n3,
    "N4": _OrderReader.n4, "PO1": _OrderReader.po1, "POC": _OrderReader.poc, "PID": _OrderReader.pid,
    "MSG": _OrderReader.msg, "NTE": _OrderReader.nte, "ITD": _OrderReader.itd, "SCH": _OrderReader.sch, "CTT": _OrderReader.ctt, "AMT": _OrderReader.amt,
    "TXI": _OrderReader.txi,    "CTP": _OrderReader.ctp, "SAC": _OrderReader.sac, "LIN": _OrderReader.lin, "SDQ": _OrderReader.sdq,
    "G50": _OrderReader.g50, "G62": _OrderReader.g62, "G68": _OrderReader.g68, "G69": _OrderReader.g69,
    "G72": _OrderReader.g72,
}


def read_order(transaction: Transaction) -> ExtractedOrder:
    """Map one 850/860 transaction set; its faults are added to ``transaction.problems``."""
    return _OrderReader(transaction).read()

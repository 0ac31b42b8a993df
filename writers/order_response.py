"""Order responses: an EDIFACT ORDRSP or an X12 855 telling an EDI partner its order was taken.

Owns turning a delivered ``NormalizedOrder`` and the ``Interchange`` it came in (sender and recipient
swapped) into the bytes to send back once the ERP has taken the order:

* ``build_ordrsp``: UNB/UNH ORDRSP D:96A (EAN005)/BGM 231 with response type 29 (accepted without
  amendment)/DTM 137/RFF ON (the buyer's PO) with DTM 171/NAD BY and SU/per line LIN (action 5,
  accepted; the GTIN as SRV), PIA 5 (our item as SA, the buyer's as IN), QTY 21 / UNS/CNT 2/UNT/UNZ,
  in the partner's syntax identifier, serialized with pydifact.
* ``build_855``: ISA/GS PR/ST 855/BAK 00 AC (acknowledge, no change) with the PO and its date/per line
  PO1 (quantity, unit, price, VP/BP/EN/UP identifiers) and ACK IA / CTT/SE/GE/IEA, in the partner's
  delimiters and version. Units are written as X12 codes (``X12_UNITS``: EA, CA, KG...).

Both are deterministic for a given order and time, so a send retried after a crash repeats the same
bytes; the control reference is derived from the time unless given.
"""

from __future__ import annotations

from datetime import datetime

from pydifact.control import Characters
from pydifact.segments import Segment as EdiSegment
from pydifact.serializer import Serializer

from writers.acks import control_stamp, edi_party, trim_empty, x12_delimiters
from gateway.model import Interchange, NormalizedOrder, OrderLine

# UN/ECE Recommendation 20 -> X12 unit or basis for measurement code (355).
X12_UNITS = {"C62": "EA", "H87": "EA", "CT": "CA", "BX": "BX", "PK": "PK", "PR": "PR", "SET": "SET",
             "DZN": "DZ", "KGM": "KG", "GRM": "GR", "TNE": "TN", "LTR": "LT", "MLT": "ML", "MTR": "LM",
             "CMT": "CM", "MMT": "MM", "MTK": "SM", "MTQ": "CR", "RO": "RL", "PF": "PL", "BG": "BG",
             "BO": "BO", "CA": "CN", "DR": "DR", "HUR": "HR"}
_ORDRSP_CHARACTERS = ":+.? '"
_GTIN_QUALIFIER = {12: "UP", 13: "EN", 14: "UK"}


def _edifact_id(identifier: str, qualifier: str | None) -> list[str]:
    """A party id for NAD C082: GLNs (UNB qualifier 14) carry code list agency 9."""
    return [identifier, "", "9"] if qualifier == "14" else [identifier]


def _number(value: object) -> str:
    text = format(value, "f") if value is not None else ""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _ordrsp_line(index: int, line: OrderLine) -> list[EdiSegment]:
    lin = EdiSegment("LIN", str(index), "5", [line.gtin, "SRV"]) if line.gtin else EdiSegment("LIN", str(index), "5")
    out = [lin]
    ids = [[line.sku, "SA"]] if line.sku else []
    if line.customer_item:
        ids.append([line.customer_item, "IN"])
    if ids:
        out.append(EdiSegment("PIA", "5", *ids))
    out.append(EdiSegment("QTY", ["21", _number(line.quantity), line.uom]))
    return out


def build_ordrsp(interchange: Interchange, order: NormalizedOrder, *, our_id: str, our_qualifier: str | None,
                 now: datetime, control_ref: str | None = None) -> bytes:
    """An ORDRSP accepting ``order`` without amendment; raises ValueError for an X12 interchange."""
    if interchange.standard != "edifact":
        raise ValueError("build_ordrsp answers EDIFACT interchanges only")
    syntax_id, _, version = (interchange.syntax or "UNOA:3").partition(":")
    version = version or "3"
    ref = control_ref or control_stamp(now)
    body = [EdiSegment("UNH", "1", ["ORDRSP", "D", "96A", "UN", "EAN005"]),
            EdiSegment("BGM", "231", f"R{order.po_number or order.order_id}"[:35], "29"),
            EdiSegment("DTM", ["137", now.strftime("%Y%m%d%H%M"), "203"]),
            EdiSegment("RFF", ["ON", order.po_number or ""])]
    if order.order_date:
        body.append(EdiSegment("DTM", ["171", order.order_date.strftime("%Y%m%d"), "102"]))
    body += [EdiSegment("NAD", "BY", _edifact_id(interchange.sender_id, interchange.sender_qualifier)),
             EdiSegment("NAD", "SU", _edifact_id(our_id, our_qualifier))]
    lines = [line for line in order.lines if line.action != "delete"]
    for index, line in enumerate(lines, 1):
        body += _ordrsp_line(index, line)
    body += [EdiSegment("UNS", "S"), EdiSegment("CNT", ["2", str(len(lines))])]
    body.append(EdiSegment("UNT", str(len(body) + 1), "1"))
    date = now.strftime("%Y%m%d" if version >= "4" else "%y%m%d")
    unb = EdiSegment("UNB", [syntax_id or "UNOA", version], edi_party(our_id, our_qualifier),
                     edi_party(interchange.sender_id, interchange.sender_qualifier), [date, now.strftime("%H%M")],
                     ref, *(["", "", "", "", "", "1"] if interchange.test else []))
    text = Serializer(Characters.from_str(_ORDRSP_CHARACTERS)).serialize(
        [unb, *body, EdiSegment("UNZ", "1", ref)], with_una_header=True)
    encoding = "utf-8" if syntax_id in ("UNOW", "UNOY") else "latin-1" if syntax_id == "UNOC" else "ascii"
    return text.encode(encoding, errors="replace")


def _po1(line: OrderLine, index: int) -> list[str]:
    unit = X12_UNITS.get(line.uom, line.uom)
    ids: list[str] = []
    if line.sku:
        ids += ["VP", line.sku]
    if line.customer_item:
        ids += ["BP", line.customer_item]
    if line.gtin and len(line.gtin) in _GTIN_QUALIFIER:
        ids += [_GTIN_QUALIFIER[len(line.gtin)], line.gtin]
    return trim_empty("PO1", str(line.line_no or index), _number(line.quantity), unit,
                 _number(line.unit_price) if line.unit_price is not None else "", "", *ids)


def build_855(interchange: Interchange, order: NormalizedOrder, *, our_id: str, our_qualifier: str | None,
              now: datetime, control_number: int | None = None, delimiters: str | None = None) -> bytes:
    """An 855 acknowledging ``order`` with detail and no change; raises ValueError for EDIFACT."""
    if interchange.standard != "x12":
        raise ValueError("build_855 answers X12 interchanges only")
    element, component, terminator, repetition = x12_delimiters(interchange, delimiters)
    number = control_number if control_number is not None else int(now.timestamp()) % 1_000_000_000
    version = interchange.syntax or "00401"
    group = interchange.groups[0] if interchange.groups else {}
    ordered = (order.order_date or now.date()).strftime("%Y%m%d")
    lines = [line for line in order.lines if line.action != "delete"]
    body: list[list[str]] = [["ST", "855", "0001"], ["BAK", "00", "AC", order.po_number or "", ordered]]
    for index, line in enumerate(lines, 1):
        body.append(_po1(line, index))
        body.append(["ACK", "IA", _number(line.quantity), X12_UNITS.get(line.uom, line.uom)])
    body.append(["CTT", str(len(lines))])
    body.append(["SE", str(len(body) + 1), "0001"])
    segments = [[
        "ISA", "00", " " * 10, "00", " " * 10, (our_qualifier or "ZZ").ljust(2), our_id.ljust(15),
        (interchange.sender_qualifier or "ZZ").ljust(2), interchange.sender_id.ljust(15), now.strftime("%y%m%d"),
        now.strftime("%H%M"), repetition if version >= "00402" else "U", version, f"{number:09d}", "0",
        "T" if interchange.test else "P", component],
        ["GS", "PR", our_id, group.get("sender_id") or interchange.sender_id, now.strftime("%Y%m%d"),
         now.strftime("%H%M"), str(number), "X", group.get("version") or "004010"],
        *body, ["GE", "1", str(number)], ["IEA", "1", f"{number:09d}"]]
    line_end = terminator if terminator in "\r\n\x85" else terminator + "\n"
    return "".join(element.join(s) + line_end for s in segments).encode(group.get("encoding") or "ascii",
                                                                        errors="replace")

"""Acknowledgements of what was read: an EDIFACT CONTRL, an X12 997 or 999 (with a TA1 when the
interchange envelope itself is at fault).

Owns turning an ``Interchange`` record and its problems into the bytes to send back, sender and
recipient swapped:

* ``build_contrl``: UNB/UNH/UCI/[UCF]/UCM/UCS/UCD/UNT/UNZ in the partner's syntax version (CONTRL D:3 for
  syntax 1-3, 4:1 for syntax 4), serialized with pydifact. UCI action 7 (acknowledged, lower levels
  unless rejected) or 4 (rejected), with the first interchange fault's 0085 code and segment; one UCM
  per message (7 or 4); UCS (segment position in the message, UNH = 1) and UCD (element:component
  position) for faults in data segments; UNH/UNT faults on the UCM itself.
* ``build_x12_ack``: one 997 (or 999, 5010 IK3/IK4/IK5) per functional group, AK2 per transaction
  set, AK3/AK4 for the segment and element at fault, AK5 A/R (E, accepted with errors, when an SE count
  is the set's only fault: it was read and is held for review), AK9 A (all accepted; E when some with
  errors), P (some) or R,
  correct SE/GE/IEA counts, in the partner's delimiters.

Which problems count: message faults are read from ``interchange.messages[n]["problems"]`` and group
faults from ``interchange.groups[n]["problems"]``; interchange faults are the envelope-level errors in
``problems``. For a document holding several interchanges pass ``envelope_problems(extraction, n)``
rather than all of the extraction's problems, so one interchange's fault does not reject its neighbour.
Warnings never reject.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydifact.control import Characters
from pydifact.segments import Segment as EdiSegment
from pydifact.serializer import Serializer

from extractors.edi.edi_counts import COUNT_CODES
from gateway.model import Extraction, Interchange, Problem

_ELEMENT_REF = re.compile(r"^[A-Z0-9]{2,3}?(\d{2})(?:\.(\d+))?$")
_ENVELOPE_PREFIXES = ("EDI-UNB-", "EDI-UNZ-", "EDI-UNG-", "EDI-UNE-", "EDI-UNA-", "EDI-SEGMENT-",
                      "X12-ISA-", "X12-IEA-", "X12-GS-", "X12-GE-", "X12-SEGMENT-")
# UN/EDIFACT code list 0085 (syntax error, coded).
_UN_ERRORS: dict[str, str] = {
    "EDI-UNT-COUNT": "29", "EDI-UNZ-COUNT": "29", "EDI-UNE-COUNT": "29",
    "EDI-UNT-REF": "28", "EDI-UNZ-REF": "28", "EDI-UNE-REF": "28",
    "EDI-UNT-MISSING": "13", "EDI-UNZ-MISSING": "13", "EDI-UNE-MISSING": "13", "EDI-UNB-MISSING": "13",
    "EDI-UNG-MISSING": "13", "EDI-UNH-INVALID": "13", "EDI-UNG-INVALID": "13",
    "EDI-MSG-DUPLICATE": "26", "EDI-UNB-DUPLICATE": "26", "EDI-UNG-DUPLICATE": "26", "EDI-UNG-MIXED": "30",
    "EDI-SEGMENT-UNEXPECTED": "33", "EDI-SYNTAX": "16", "EDI-VALUE-INVALID": "12", "EDI-UNA-INVALID": "22",
}
_CONTRL_CHARACTERS = ":+.? '"
# X12 997/999 codes: AK502/IK502 (transaction set), AK304/IK304 (segment), AK905 (group).
_TS_ERRORS = {"X12-SE-MISSING": "2", "X12-SE-REF": "3", "X12-SE-COUNT": "4", "X12-ST-INVALID": "6",
              "X12-ST-DUPLICATE": "23"}
_SEGMENT_ERRORS = {"X12-SEGMENT-UNKNOWN": "1", "X12-SEGMENT-UNEXPECTED": "2", "X12-VALUE-INVALID": "8"}
_GROUP_ERRORS = {"X12-GE-MISSING": "3", "X12-GE-REF": "4", "X12-GE-COUNT": "5", "X12-GS-DUPLICATE": "19",
                 "X12-GS-INVALID": "6"}
# TA1 note codes (TA105) for interchange faults.
_TA1_NOTES = {"X12-IEA-REF": "001", "X12-IEA-COUNT": "021", "X12-IEA-MISSING": "023", "X12-ISA-DUPLICATE": "025",
              "X12-ISA-INVALID": "018"}


def envelope_problems(extraction: Extraction, index: int) -> list[Problem]:
    """The interchange-level problems of the extraction's ``index``-th interchange."""
    envelopes = extraction.metadata.get("edi_envelopes") or []
    if index >= len(envelopes):
        return []
    return [Problem(**p) for p in envelopes[index].get("problems", [])]


def _problems(raw: list[dict[str, Any]]) -> list[Problem]:
    return [Problem(**p) for p in raw if p.get("severity", "error") == "error"]


def _key(p: Problem) -> tuple[Any, ...]:
    return p.code, p.segment, p.segment_position, p.element


def _interchange_faults(interchange: Interchange, problems: list[Problem]) -> list[Problem]:
    inner = {_key(p) for record in (*interchange.messages, *interchange.groups)
             for p in _problems(record.get("problems", []))}
    return [p for p in problems if p.severity == "error" and p.code.startswith(_ENVELOPE_PREFIXES)
            and _key(p) not in inner]


def _position(p: Problem) -> tuple[str, str]:
    """(element position, component position) from a ``TAG03.7`` reference."""
    match = _ELEMENT_REF.match(p.element or "")
    if not match:
        return "", ""
    return str(int(match.group(1))), match.group(2) or ""


def _un_error(p: Problem, inside_message: bool) -> str:
    if p.code == "EDI-SEGMENT-UNKNOWN":
        return "15" if inside_message else "33"
    if p.code == "EDI-UNB-INVALID":
        return "12" if p.element == "UNB01" else "13"
    return _UN_ERRORS.get(p.code, "18")


def control_stamp(now: datetime) -> str:
    return str(int(now.timestamp() * 1000))[-14:]


# --- EDIFACT CONTRL ----------------------------------------------------------------------------


def edi_party(identifier: str | None, qualifier: str | None) -> str | list[str]:
    return [identifier or "", qualifier] if qualifier else (identifier or "")


def trim_empty(*elements: Any) -> list[Any]:
    out = list(elements)
    while out and out[-1] in ("", None, []):
        out.pop()
    return ["" if e is None else e for e in out]


def _error_elements(p: Problem | None, inside_message: bool) -> list[Any]:
    """0085, 0013 and S011 for a UCI/UCF/UCM naming a service segment fault."""
    if p is None:
        return []
    element, component = _position(p)
    return [_un_error(p, inside_message), p.segment or "", trim_empty(element, component)]


def _ucm(message: dict[str, Any], rejected: bool) -> list[EdiSegment]:
    problems = _problems(message.get("problems", []))
    service = [p for p in problems if p.segment in ("UNH", "UNT")]
    data = [p for p in problems if p.segment not in ("UNH", "UNT")]
    action = "4" if rejected or problems else "7"
    identifier = [message.get("type") or "", *(message.get("version") or "").split(":")]
    segments = [EdiSegment("UCM", *trim_empty(message.get("ref") or "", identifier, action,
                                         *_error_elements(service[0] if service else None, True)))]
    for p in data:
        element, component = _position(p)
        code = _un_error(p, True)
        segments.append(EdiSegment("UCS", *trim_empty(str(p.segment_position or 0), "" if element else code)))
        if element:
            segments.append(EdiSegment("UCD", code, trim_empty(element, component)))
    return segments


def build_contrl(interchange: Interchange, problems: list[Problem], *, our_id: str, our_qualifier: str | None,
                 now: datetime, control_ref: str | None = None) -> bytes:
    """A CONTRL answering an EDIFACT interchange; raises ValueError for an X12 interchange."""
    if interchange.standard != "edifact":
        raise ValueError("build_contrl answers EDIFACT interchanges only")
    syntax_id, _, version = (interchange.syntax or "UNOA:3").partition(":")
    version = version or "3"
    four = version >= "4"
    faults = _interchange_faults(interchange, problems)
    group_faults = [p for g in interchange.groups for p in _problems(g.get("problems", []))]
    rejected = bool(faults or group_faults)
    ref = control_ref or control_stamp(now)
    body = [EdiSegment("UNH", "1", ["CONTRL", "4", "1", "UN"] if four else ["CONTRL", "D", "3", "UN"]),
            EdiSegment("UCI", *trim_empty(interchange.control_ref,
                                     edi_party(interchange.sender_id, interchange.sender_qualifier),
                                     edi_party(interchange.receiver_id, interchange.receiver_qualifier),
                                     "4" if rejected else "7",
                                     *_error_elements(faults[0] if faults else None, False)))]
    for message in interchange.messages:
        if message.get("group") is None:
            body += _ucm(message, rejected)
    for index, group in enumerate(interchange.groups):
        own = _problems(group.get("problems", []))
        body.append(EdiSegment("UCF", *trim_empty(group.get("ref") or "", group.get("sender_id") or "",
                                             group.get("receiver_id") or "", "4" if rejected else "7",
                                             *_error_elements(own[0] if own else None, False))))
        body += [s for m in interchange.messages if m.get("group") == index for s in _ucm(m, rejected)]
    body.append(EdiSegment("UNT", str(len(body) + 1), "1"))
    date = now.strftime("%Y%m%d" if four else "%y%m%d")
    test = ["", "", "", "", "", "1"] if interchange.test else []  # S005 0026 0029 0031 0032, then 0035
    unb = EdiSegment("UNB", [syntax_id or "UNOA", version], edi_party(our_id, our_qualifier),
                     edi_party(interchange.sender_id, interchange.sender_qualifier), [date, now.strftime("%H%M")],
                     ref, *test)
    segments = [unb, *body, EdiSegment("UNZ", "1", ref)]
    text = Serializer(Characters.from_str(_CONTRL_CHARACTERS)).serialize(segments, with_una_header=True)
    return text.encode("ascii", errors="replace")


# --- X12 997 / 999 -----------------------------------------------------------------------------


def x12_delimiters(interchange: Interchange, delimiters: str | None) -> tuple[str, str, str, str]:
    text = delimiters or next((g.get("delimiters") for g in interchange.groups if g.get("delimiters")), None)
    text = text or "*>~^"
    return text[0], text[1], text[2], text[3] if len(text) > 3 else "^"


def _ta1(interchange: Interchange, faults: list[Problem], now: datetime) -> list[list[str]]:
    note = next((_TA1_NOTES[p.code] for p in faults if p.code in _TA1_NOTES), "024" if faults else "000")
    return [["TA1", interchange.control_ref, now.strftime("%y%m%d"), now.strftime("%H%M"),
             "R" if faults else "A", note]]


def _transaction_ack(message: dict[str, Any], kind: str, rejected: bool) -> tuple[list[list[str]], bool]:
    """AK2..AK5 (IK3..IK5 for a 999) for one transaction set; returns the segments and acceptance."""
    problems = _problems(message.get("problems", []))
    head = ["AK2", message.get("type") or "", message.get("ref") or ""]
    if kind == "999" and message.get("version"):
        head.append(message["version"])
    out = [head]
    segment_tag, element_tag = ("IK3", "IK4") if kind == "999" else ("AK3", "AK4")
    for p in problems:
        if p.code in _TS_ERRORS:
            continue
        element, component = _position(p)
        out.append([segment_tag, p.segment or "", str(p.segment_position or 0), "",
                    _SEGMENT_ERRORS.get(p.code, "8")])
        if element:
            position = f"{element}:{component}" if component and kind == "999" else element
            out.append([element_tag, position, "", "6" if p.code == "X12-VALUE-INVALID" else "7"])
    codes = [_TS_ERRORS[p.code] for p in problems if p.code in _TS_ERRORS]
    if any(p.code not in _TS_ERRORS for p in problems):
        codes.append("5")
    noted = bool(problems) and all(p.code in COUNT_CODES for p in problems)  # read, held: accepted with errors
    accepted = not rejected and (not problems or noted)
    status = ("E" if noted else "A") if accepted else "R"
    out.append(["IK5" if kind == "999" else "AK5", status, *list(dict.fromkeys(codes))[:5]])
    return out, accepted


def _group_ack(interchange: Interchange, index: int, kind: str, rejected: bool) -> list[list[str]]:
    group = interchange.groups[index]
    head = ["ST", kind, "0001"] + (["005010X231A1"] if kind == "999" else [])
    ak1 = ["AK1", group.get("functional_id") or "", group.get("ref") or ""]
    if kind == "999":
        ak1.append(group.get("version") or "")
    segments = [head, ak1]
    own = _problems(group.get("problems", []))
    members = [m for m in interchange.messages if m.get("group") == index]
    accepted = 0
    for message in members:
        ack, ok = _transaction_ack(message, kind, rejected)
        segments += ack
        accepted += ok
    noted = any(s[0] in ("AK5", "IK5") and s[1] == "E" for s in segments)
    status = ("E" if noted else "A") if accepted == len(members) and not own and not rejected else \
        ("P" if accepted else "R")
    codes = list(dict.fromkeys(_GROUP_ERRORS.get(p.code, "") for p in own if p.code in _GROUP_ERRORS))
    segments.append(["AK9", status, str(group.get("included", len(members))), str(len(members)), str(accepted),
                     *codes[:5]])
    segments.append(["SE", str(len(segments) + 1), "0001"])
    return segments


def build_x12_ack(interchange: Interchange, problems: list[Problem], *, our_id: str, our_qualifier: str | None,
                  now: datetime, kind: str = "997", control_number: int | None = None,
                  delimiters: str | None = None) -> bytes:
    """A 997 or 999 answering an X12 interchange, one transaction set per functional group, with a TA1
    when the interchange envelope is at fault or holds no group. Raises ValueError for an EDIFACT
    interchange or an unknown kind."""
    if interchange.standard != "x12":
        raise ValueError("build_x12_ack answers X12 interchanges only")
    if kind not in ("997", "999"):
        raise ValueError(f"unknown X12 acknowledgement kind {kind!r}")
    element, component, terminator, repetition = x12_delimiters(interchange, delimiters)
    faults = _interchange_faults(interchange, problems)
    group_faults = [p for g in interchange.groups for p in _problems(g.get("problems", []))]
    rejected = bool(faults or group_faults)
    number = control_number if control_number is not None else int(now.timestamp()) % 1_000_000_000
    version = interchange.syntax or "00401"
    segments: list[list[str]] = [[
        "ISA", "00", " " * 10, "00", " " * 10, (our_qualifier or "ZZ").ljust(2), our_id.ljust(15),
        (interchange.sender_qualifier or "ZZ").ljust(2), interchange.sender_id.ljust(15), now.strftime("%y%m%d"),
        now.strftime("%H%M"), repetition if version >= "00402" else "U", version, f"{number:09d}", "0",
        "T" if interchange.test else "P", component]]
    if faults or not interchange.groups:
        segments += _ta1(interchange, faults, now)
    if interchange.groups:
        partner_app = interchange.groups[0].get("sender_id") or interchange.sender_id
        group_version = "005010X231A1" if kind == "999" else (interchange.groups[0].get("version") or "004010")
        segments.append(["GS", "FA", our_id, partner_app, now.strftime("%Y%m%d"), now.strftime("%H%M"),
                         str(number), "X", group_version])
        for index in range(len(interchange.groups)):
            ack = _group_ack(interchange, index, kind, rejected)
            ack[0][2] = ack[-1][2] = f"{index + 1:04d}"
            segments += ack
        segments.append(["GE", str(len(interchange.groups)), str(number)])
    segments.append(["IEA", "1" if interchange.groups else "0", f"{number:09d}"])
    line_end = terminator if terminator in "\r\n\x85" else terminator + "\n"
    encoding = next((g.get("encoding") for g in interchange.groups if g.get("encoding")), None) or "ascii"
    return "".join(element.join(s) + line_end for s in segments).encode(encoding, errors="replace")

"""SAP IDoc flat files (``EDI_DC40`` control record, then data records): recognised and classified, not read.

An ORDERS/ORDCHG IDoc (message type or basic type in the control record) is an order the gateway cannot
read: it becomes an order document held for a person (``FORMAT-UNSUPPORTED``), never "not an order" or
an unknown format. Any other IDoc is classified as such, with a warning.
"""

from __future__ import annotations

import re

from extractors.base import ExtractHints
from gateway.errors import FORMAT_UNSUPPORTED, ExtractionError
from gateway.model import DocType, Extraction, Problem

_CONTROL = b"EDI_DC40"
_ORDER_TYPES = ("ORDERS", "ORDCHG")
_TYPE = re.compile(r"\b(ORDERS|ORDCHG|[A-Z]{4,8})(\d{2})\b")


class IdocExtractor:
    """SAP IDoc flat files, recognised by the EDI_DC40 control record they start with."""

    name = "idoc"
    heavy = False

    def detect(self, head: bytes, filename: str | None, content_type: str | None) -> float:
        return 0.95 if head.lstrip(b"\xef\xbb\xbf").startswith(_CONTROL) else 0.0

    def extract(self, data: bytes, hints: ExtractHints) -> Extraction:
        if not data.lstrip(b"\xef\xbb\xbf").startswith(_CONTROL):
            raise ExtractionError("not an SAP IDoc flat file: no EDI_DC40 control record", code="IDOC-CONTROL")
        control = data.split(b"\n", 1)[0].decode("latin-1")
        basic = next((m.group(0) for m in _TYPE.finditer(control[30:]) if m.group(1) in _ORDER_TYPES), None)
        segments = sorted({line[:10].decode("latin-1").rstrip() for line in data.splitlines()[1:]
                           if line[:2] == b"E2"})
        metadata = {"idoc_control": " ".join(control.split())[:200], "idoc_segments": segments[:50]}
        if basic is not None:
            return Extraction(format="idoc", doc_type=DocType.ORDER, detail=f"SAP IDoc {basic}", metadata=metadata,
                              problems=[Problem(code=FORMAT_UNSUPPORTED, severity="warning",
                                                message=f"an SAP IDoc order ({basic}): the gateway does not read "
                                                        "IDocs; a person must enter it")])
        return Extraction(format="idoc", doc_type=DocType.OTHER, detail="SAP IDoc", metadata=metadata,
                          problems=[Problem(code="IDOC-NOT-ORDER", severity="warning",
                                            message="an SAP IDoc that is not an order: classified, not read")])


EXTRACTOR = IdocExtractor()

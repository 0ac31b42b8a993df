"""An e-mail whose body says the order is attached and lists items: the attachment is the order.

The body is still read (the attachment may be no order at all, or the body may add to it) but waits with
``ORDER-IN-ATTACHMENT``, and it is no original: the attachment's order is decided as new, with its own
date, prices and total, not as a change of the body's summary (``tests/test_dedup.py``). The same body
with nothing attached holds ``ATTACHMENT-MISSING``: the document the customer meant to send is not here.
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"
DOC = FIXTURES / "docs" / "billbox_en_1.pdf"
BODY = ("Hello,\n\nPlease find PO FBS/1203 attached: 40 x FB-12309, 2 x FB-12323 and 3 x FB-12253 among "
        "others, delivery 28/12/2026.\n\nKind regards,\nFairmont purchasing\n")


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "masterdata")


def _mail(body: str, attach: bool) -> bytes:
    truth = json.loads(DOC.with_suffix(".json").read_text(encoding="utf-8"))
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = truth["sender"], "orders@supplier.example", "PO FBS/1203"
    msg["Date"] = "Mon, 21 Dec 2026 09:12:00 +0000"
    msg.set_content(body)
    if attach:
        msg.add_attachment(DOC.read_bytes(), maintype="application", subtype="pdf", filename="FBS-1203.pdf")
    return msg.as_bytes()


def _parts(config: Path, data: bytes, tmp_path: Path) -> list[dict]:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    path = tmp_path / "mail.eml"
    path.write_bytes(data)
    return extract_file(load_config(config), path, channel="email", sender="orders@fairmont-bs.example")["parts"]


def test_a_body_listing_items_over_an_attachment_is_read_and_waits(config: Path, tmp_path: Path) -> None:
    body, pdf = _parts(config, _mail(BODY, attach=True), tmp_path)
    (entry,) = body["orders"]
    assert entry["order"]["po_number"] == "FBS/1203" and entry["order"]["status"] != "ready"
    assert "ORDER-IN-ATTACHMENT" in {i["code"] for i in entry["order"]["issues"]}
    assert pdf["orders"][0]["order"]["po_number"] == "FBS/1203"
    assert "ORDER-IN-ATTACHMENT" not in {i["code"] for i in pdf["orders"][0]["order"]["issues"]}


def test_the_same_body_with_nothing_attached_is_an_order(config: Path, tmp_path: Path) -> None:
    (body,) = _parts(config, _mail(BODY, attach=False), tmp_path)
    (entry,) = body["orders"]
    assert entry["order"]["po_number"] == "FBS/1203" and entry["order"]["status"] != "ready"
    assert "ATTACHMENT-MISSING" in {i["code"] for i in entry["order"]["issues"]}

"""Issue 17 (findings t4, wave 1), through the pipeline (``gateway extract`` in process): the terms an X12 ITD or an
EDIFACT PAT states are the normalized order's ``payment_terms`` (what the file sink writes for the ERP), held
``TERMS-TYPED`` when not the customer's on file (or the usual net 30), passed when equal; a French call ahead beside
the delivery date in a typed e-mail goes out as the order's note, a French question still holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_payment_terms_typed import DE, LAMP, SOON, TODAY, _config
from tests.test_trust import in_process_extract, orders_in
from testkit.trust_corpus import CUSTOMERS

FR, _IE, US, _DE = CUSTOMERS


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("terms-seg"), {DE.customer_id: "2/10 net 30"})


def _edifact(pat: list[str], customer=DE, po: str = "PS-1") -> bytes:
    seg = ["UNH+5+ORDERS:D:96A:UN:EAN008", f"BGM+220+{po}+9", f"DTM+137:{TODAY:%Y%m%d}:102",
           f"DTM+2:{SOON:%Y%m%d}:102", f"NAD+BY+{customer.gln}::9", "CUX+2:EUR:9", *pat,
           f"LIN+1++{LAMP.gtin}:SRS", "QTY+21:3:PCE", f"PRI+AAA:{LAMP.price}", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+5")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+{customer.gln}:14+GATEWAY:ZZ+{TODAY:%y%m%d}:0800+91", *seg,
                                    "UNZ+1+91"]) + "'").encode("latin-1")


def _x12(itd: str, po: str = "PS-X1") -> bytes:
    body = ["ST*850*0001", f"BEG*00*SA*{po}**{TODAY:%Y%m%d}", "CUR*BY*USD", f"DTM*002*{SOON:%Y%m%d}", itd,
            f"N1*BY*{US.name}*92*{US.x12_id}", f"PO1*1*3*EA*{LAMP.price}**VP*{LAMP.sku}", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0001")
    isa = (f"ISA*00*          *00*          *ZZ*{US.x12_id:<15}*ZZ*{'GATEWAY':<15}*{TODAY:%y%m%d}*1000*U*"
           f"00401*000000417*0*P*>")
    return ("~\n".join([isa, f"GS*PO*{US.x12_id}*GATEWAY*{TODAY:%Y%m%d}*1000*417*X*004010", *body, "GE*1*417",
                        "IEA*1*000000417"]) + "~\n").encode()


def _order(config: Path, data: bytes, name: str, **how: str) -> dict:
    [order] = orders_in(in_process_extract(config, data, name, config.parent, **({"channel": "http"} | how)))
    return order


def _errors(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


def test_edifact_pat_other_than_on_file_is_carried_and_held(config):
    order = _order(config, _edifact(["PAT+1++5:3:D:60"]), "pat60.edi")
    assert "net 60 days" in order["payment_terms"] and "TERMS-TYPED" in _errors(order)


def test_edifact_pat_equal_to_on_file_is_carried_and_still_confirmed(config):
    """Equal as read is not enough yet: the segment readers do not read every element (review redi)."""
    order = _order(config, _edifact(["PAT+22++5:3:D:10", "PCD+12:2", "PAT+1++5:3:D:30"], po="PS-2"), "pat30.edi")
    assert "net 30 days" in order["payment_terms"] and "TERMS-TYPED" in _errors(order)


def test_x12_itd_other_than_usual_is_carried_and_held(config):
    order = _order(config, _x12("ITD*01*3*2**10**45*****2% 10 NET 45"), "itd.x12")
    assert "net 45 days" in order["payment_terms"] and "TERMS-TYPED" in _errors(order)


def test_x12_itd_the_usual_is_carried_and_still_confirmed(config):
    order = _order(config, _x12("ITD*05*3*****30", po="PS-X2"), "itd30.x12")
    assert order["payment_terms"] and "TERMS-TYPED" in _errors(order)


def _mail(remark: str, po: str) -> bytes:
    return (f"From: {FR.email}\nTo: orders@example.com\nSubject: Commande {po}\nDate: {TODAY:%a, %d %b %Y} 09:00:00 +0100\n"
            f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nBonjour,\n\nCommande {po}\n"
            f"- 3 x {LAMP.sku}\n\n{remark}\n\nCordialement,\nMarie Lenoir\n").encode()


def test_french_call_ahead_beside_the_date_goes_out_as_the_note(config):
    remark = f"Livraison souhaitée le {SOON:%d/%m/%Y}. Merci d'appeler 20 minutes avant la livraison."
    order = _order(config, _mail(remark, "C-881"), "c881.eml", channel="smtp", sender=FR.email)
    assert "QUESTION-TYPED" not in _errors(order) and any("appeler" in n for n in order["notes"]), order


def test_french_question_beside_the_call_ahead_still_holds(config):
    remark = (f"Livraison souhaitée le {SOON:%d/%m/%Y}. Merci d'appeler avant la livraison. "
              f"Pouvez-vous confirmer le délai ?")
    order = _order(config, _mail(remark, "C-882"), "c882.eml", channel="smtp", sender=FR.email)
    assert "QUESTION-TYPED" in _errors(order)

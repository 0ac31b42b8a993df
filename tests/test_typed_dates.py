"""Dates and order-ness of orders typed in an e-mail, through the pipeline as ``gateway extract`` runs it.

* the order date typed after a PO label ("PO X dated", "Purchase Order X, dated", "PO date:", "Our PO X
  of", "Bestelldatum", "bon de commande X du") is the order date, never the e-mail's ``Date`` over it;
* a delivery date without a year or in words ("need by Dec 9", "9/12" from Ireland, "12/9" from the US,
  "15.12.", "le 14 décembre") is read in the year after the order date, day/month ordered by the
  customer's country, also from the subject; such a sentence is no unread item line;
* a date typed that is neither the order date nor a delivery date holds the order (DATE-UNPLACED), and
  the e-mail's date then is not vouched for at full confidence; a 9/12 nothing settles holds (DATE-AMBIGUOUS);
* a body with a PO label and items inside a sentence is an order (held at worst), never "not an order".
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR
from gateway.model import DocType
from testkit.harness import REPO
from testkit.trust_corpus import CUSTOMERS, trust_config

FR, IE, US, DE = CUSTOMERS
TODAY = date.today()
SENT = TODAY - timedelta(days=1)  # the e-mail's Date header
TYPED = TODAY - timedelta(days=6)  # the PO's own date, typed in the text
DUE = TODAY + timedelta(days=12)
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
_CONTEXTS: dict[Path, object] = {}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("typed_dates"))


def mail(customer, body: str, subject: str = "Order") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = customer.email, "orders@gateway.example", subject
    msg["Date"] = format_datetime(datetime(SENT.year, SENT.month, SENT.day, 9, 30))
    msg.set_content(body)
    return msg.as_bytes()


def extract(config: Path, customer, body: str, subject: str = "Order") -> list[dict]:
    """The orders ``gateway extract`` (``gateway.oneshot``) makes of the e-mail, in this process."""
    from gateway.app import build_context
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id, utcnow
    from testkit.harness import load_test_config
    if config not in _CONTEXTS:
        _CONTEXTS[config] = build_context(load_test_config(config))
    data = mail(customer, body, subject)
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="smtp",
                         received_at=utcnow(), sender=customer.email, partner=None, filename="order.eml")
    return _orders(extract_bytes(_CONTEXTS[config], data, doc))


def _orders(result: dict) -> list[dict]:
    found = [o["order"] for o in result.get("orders", [])]
    for part in result.get("parts", []):
        found += _orders(part)
    return found


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


def dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def mdy(d: date) -> str:
    return d.strftime("%m/%d/%Y")


def words(d: date, lang: str = "en") -> str:
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


# --- the order date typed after a PO label ------------------------------------------------------------


@pytest.mark.parametrize("customer, header", [
    (US, f"PO QA-611 dated {mdy(TYPED)}"),
    (IE, f"Purchase Order QA-612, dated {dmy(TYPED)}."),
    (US, f"PO #: QA-613\nPO date: {mdy(TYPED)}"),
    (US, f"Our PO QA-614 of {mdy(TYPED)} is below."),
    (IE, f"PO QA-615 dated {words(TYPED)}."),
    (DE, f"Bestellnummer: QA-616\nBestelldatum: {TYPED.strftime('%d.%m.%Y')}"),
    (FR, f"Bon de commande QA-617 du {words(TYPED, 'fr')}"),
    (IE, f"P.O. QA-618 - date of PO: {dmy(TYPED)}"),
], ids=lambda v: v.split("\n")[0][:24] if isinstance(v, str) else None)
def test_the_typed_order_date_after_a_po_label_is_the_order_date(config_path, customer, header):
    due = mdy(DUE) if customer is US else dmy(DUE)
    body = f"Hello,\n\n{header}\nPlease deliver by {due}.\n\n2 x TP-1001\n1 x TP-1006\n\nRegards\n"
    (got,) = extract(config_path, customer, body)
    assert got["order_date"] == TYPED.isoformat() and got["requested_delivery_date"] == DUE.isoformat()
    assert got["status"] == "ready", got["issues"]


def test_an_old_typed_po_date_holds_the_order_whatever_the_mails_date(config_path):
    body = f"PO QA-620 dated 03/14/2022, deliver by {mdy(DUE)}:\n\n3 x TP-1001\n\nThanks\n"
    (got,) = extract(config_path, US, body)
    assert got["order_date"] == "2022-03-14" and codes(got)["ORDER-DATE-IMPLAUSIBLE"] == "error"


def test_the_order_date_before_the_delivery_date_on_one_line_is_not_the_delivery_date(config_path):
    body = f"PO QA-621 dated {dmy(TYPED)}, required by {dmy(DUE)}\n\n4 x TP-1002\n"
    (got,) = extract(config_path, IE, body)
    assert (got["order_date"], got["requested_delivery_date"]) == (TYPED.isoformat(), DUE.isoformat())


# --- a date the reader cannot place -----------------------------------------------------------------------


def test_a_typed_date_that_is_neither_order_nor_delivery_date_holds_and_lowers_the_headers_date(config_path):
    quoted = TODAY - timedelta(days=20)
    body = (f"PO QA-630\nAs agreed on the phone on {words(quoted)}, please deliver by {dmy(DUE)}.\n\n"
            "2 x TP-1001\n\nRegards\n")
    (got,) = extract(config_path, IE, body)
    assert got["order_date"] == SENT.isoformat() and got["field_confidence"]["order_date"] < 0.9
    assert codes(got)["DATE-UNPLACED"] == "error" and got["status"] == "review"
    assert words(quoted) in next(i["message"] for i in got["issues"] if i["code"] == "DATE-UNPLACED")


def test_without_any_typed_date_the_mails_date_is_the_order_date_at_full_confidence(config_path):
    (got,) = extract(config_path, IE, f"PO QA-631\nDelivery by {dmy(DUE)} please.\n\n2 x TP-1001\n")
    assert got["order_date"] == SENT.isoformat() and got["field_confidence"]["order_date"] == 1.0
    assert got["status"] == "ready", got["issues"]


# --- delivery dates without a year ------------------------------------------------------------------------


def _short(d: date, customer) -> str:
    return f"{d.month}/{d.day}" if customer is US else f"{d.day}/{d.month}"


@pytest.mark.parametrize("customer, sentence", [
    (US, f"We need it by {MONTHS['en'][DUE.month - 1][:3]} {DUE.day}."),
    (IE, f"Could you deliver by {DUE.day}th {MONTHS['en'][DUE.month - 1]} please?"),
    (IE, f"Deliver {_short(DUE, IE)} if possible."),
    (US, f"Deliver {_short(DUE, US)} if possible."),
    (DE, f"Liefertermin {DUE.strftime('%d.%m.')}"),
    (DE, f"Lieferung am {DUE.day}. {MONTHS['de'][DUE.month - 1]} bitte."),
    (FR, f"Livraison le {DUE.day} {MONTHS['fr'][DUE.month - 1]} svp."),
    (FR, f"Livraison pour le {DUE.strftime('%d/%m')}."),
], ids=lambda v: v[:28] if isinstance(v, str) else None)
def test_a_delivery_date_without_a_year_is_read_in_the_year_after_the_order_date(config_path, customer, sentence):
    body = f"PO QA-640\n\n3 x TP-1001\n1 x TP-1002\n\n{sentence}\n\nThanks\n"
    (got,) = extract(config_path, customer, body)
    assert got["requested_delivery_date"] == DUE.isoformat()
    assert "LINE-UNREAD" not in codes(got) and got["status"] == "ready", got["issues"]


def test_a_need_by_date_only_in_the_subject_is_read(config_path):
    (got,) = extract(config_path, US, "Hi,\n\n5 x TP-1001\n\nBob\n", subject=f"PO QA-641 - need by {_short(DUE, US)}")
    assert got["requested_delivery_date"] == DUE.isoformat() and got["status"] == "ready", got["issues"]


def test_a_day_month_order_nothing_settles_is_read_with_less_confidence():
    hints = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain; charset=utf-8")
    text = f"Date: {format_datetime(datetime(2026, 11, 30, 9, 0))}\n\nPO QA-642\nDeliver 9/12 please\n\n2 x TP-1001\n"
    [order] = EXTRACTOR.extract(text.encode(), hints).orders
    assert order.confidence["requested_delivery_date"] < 0.9  # 9 December or 12 September: a person decides
    assert [p.element for p in order.problems if p.code == "DATE-AMBIGUOUS"] == ["requested_delivery_date"]
    sure = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain", locale="en_IE")
    [order] = EXTRACTOR.extract(text.encode(), sure).orders
    assert (order.requested_delivery_date, order.confidence["requested_delivery_date"]) == (date(2026, 12, 9), 1.0)
    assert not [p for p in order.problems if p.code == "DATE-AMBIGUOUS"]


def test_english_without_a_country_does_not_settle_day_and_month():
    """A customer declared in English but with no country: the US writes 5/1 for 1 May, Ireland for 5 January."""
    text = f"Date: {format_datetime(datetime(2026, 11, 30, 9, 0))}\n\nPO QA-643\nDeliver 05/01/2027 please\n\n2 x TP-1001\n"
    hints = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain", locale="en")
    [order] = EXTRACTOR.extract(text.encode(), hints).orders
    assert [p.element for p in order.problems if p.code == "DATE-AMBIGUOUS"] == ["requested_delivery_date"]
    settled = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain", locale="en@dmy")
    [order] = EXTRACTOR.extract(text.encode(), settled).orders
    assert order.requested_delivery_date == date(2027, 1, 5)
    assert not [p for p in order.problems if p.code == "DATE-AMBIGUOUS"]


# --- order-like bodies are orders ----------------------------------------------------------------------------


@pytest.mark.parametrize("customer, body", [
    (IE, "Hi,\n\nPO QA-650, please send 4 x TP-1001 and 2 x TP-1006.\n\nThanks,\nAnn\n"),
    (US, "PO QA-651: 6 x TP-1002, needed by next week.\n\nBob\n"),
    (FR, "Bonjour, merci de nous envoyer 2 x TP-1001 (commande QA-652). Cordialement\n"),
    (DE, "Hiermit bestellen wir (Bestellung QA-653):\n\nPos. 10: 8812 Hefter blau, 4 Stück\n"
         "Pos. 20: 8813 Klebezettel gelb, 2 Pack\n\nMit freundlichen Grüßen\nEinkauf\n"),
], ids=["po-sentence", "po-colon", "commande-brackets", "pos-lines"])
def test_a_body_with_a_po_label_and_items_in_a_sentence_is_an_order_held_at_worst(config_path, customer, body):
    (got,) = extract(config_path, customer, body)
    assert got["po_number"].startswith("QA-65")
    assert got["status"] in ("review", "ready")
    if got["status"] == "review":  # held: the items unread, or read (extractors.mail.sentence_items) and held for another reason
        assert {"LINE-UNREAD", "LINES-MISSING"} & set(codes(got)) or got["lines"]


def test_a_reply_changing_a_quoted_order_is_held_for_a_person_never_dropped(config_path):
    body = ("Same as below but 3 instead of 5 please, delivery still 11/12/2026.\n\nAnn\n\n"
            "> PO QA-654\n> - 5 x TP-1001\n> - 2 x TP-1006\n")
    (got,) = extract(config_path, IE, body, subject="Re: PO QA-654")
    assert got["po_number"] == "QA-654" and got["status"] == "review"
    unread = [i["message"] for i in got["issues"] if i["code"] == "LINE-UNREAD"]
    assert any("3 instead of 5" in m for m in unread), got["issues"]


def test_a_note_about_an_attached_order_is_still_no_order():
    hints = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain; charset=utf-8")
    extraction = EXTRACTOR.extract(b"Hello,\n\nplease find attached our order PO 4711.\n\nRegards\n", hints)
    assert extraction.doc_type == DocType.OTHER


def test_the_date_of_a_quoted_older_message_is_no_unplaced_date(config_path):
    body = (f"Guten Tag,\n\nhier unsere Bestellung QA-660 vom {TYPED.strftime('%d.%m.%Y')}:\n\n"
            f"TP-1002 - Hefter - 4 Stück\n\nLiefertermin: {DUE.strftime('%d.%m.%Y')}\n\nGrüße\nJ. Weber\n\n"
            f"Am {(TYPED - timedelta(days=1)).strftime('%d.%m.%Y')} um 16:41 schrieb Verkauf <verkauf@lieferant.example>:\n"
            "> anbei das Angebot\n> TP-1002 - Hefter - 10 Stück\n")
    (got,) = extract(config_path, DE, body)
    assert got["order_date"] == TYPED.isoformat() and "DATE-UNPLACED" not in codes(got)
    assert got["status"] == "ready", got["issues"]


def test_a_year_less_delivery_date_just_before_the_order_date_is_a_past_date_not_next_year(config_path):
    past = SENT - timedelta(days=3)
    (got,) = extract(config_path, IE, f"PO QA-670\n\n2 x TP-1001\n\nDeliver {past.day}/{past.month} please.\n")
    assert got["requested_delivery_date"] == past.isoformat() and codes(got)["DATE-PAST"] == "error"


def test_a_request_for_coded_items_without_po_or_order_word_is_an_order_held(config_path):
    (got,) = extract(config_path, IE, "Hi,\n\ncould you please send 4 x TP-1001 and 2 x TP-1006 to Cork.\n\nThanks\n")
    assert got["status"] == "review" and "PO-MISSING" in codes(got)
    assert "LINE-UNREAD" in codes(got) or [(ln["sku"], ln["quantity"]) for ln in got["lines"]] == [
        ("TP-1001", "4"), ("TP-1006", "2")]  # read inside the sentence


def test_a_year_less_date_after_an_item_is_that_lines_delivery_date(config_path):
    month = MONTHS["fr"][DUE.month - 1]
    body = f"Bonjour,\n\nCommande n° QA-680\n\n- 3 x TP-1001, livraison le {DUE.day} {month}\n\nCordialement\n"
    (got,) = extract(config_path, FR, body)
    assert got["lines"][0]["requested_date"] == DUE.isoformat() and got["status"] == "ready", got["issues"]


def test_items_on_the_po_line_above_read_lines_and_a_date_in_an_item_are_never_silently_dropped(config_path):
    body = (f"Hello,\n\nPO QA-690 dated {dmy(TYPED)}: 2 x TP-1001\n3 x TP-1002 (as agreed on {dmy(TYPED - timedelta(days=9))})\n\n"
            f"Deliver by {dmy(DUE)}\n")
    (got,) = extract(config_path, IE, body)
    assert got["status"] == "review" and "DATE-UNPLACED" in codes(got)
    assert "LINE-UNREAD" in codes(got) or ("TP-1001", "2") in [(ln["sku"], ln["quantity"]) for ln in got["lines"]]
    assert got["order_date"] == TYPED.isoformat()


@pytest.mark.parametrize("locale", ["en_CA", "fr_CA"])
def test_canada_writes_both_orders_so_its_country_does_not_settle_them(locale):
    """Canadians write 05/01/2027 for 5 January and for 1 May: only the customer's past documents settle it
    (an outside trial's Canadian order went out as 1 May)."""
    text = f"Date: {format_datetime(datetime(2026, 12, 2, 9, 0))}\n\nPO QA-644\nPlease deliver 05/01/2027\n\n2 x TP-1001\n"
    hints = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain", locale=locale)
    [order] = EXTRACTOR.extract(text.encode(), hints).orders
    assert [p.element for p in order.problems if p.code == "DATE-AMBIGUOUS"] == ["requested_delivery_date"]
    settled = ExtractHints(mappings_dir=REPO / "mappings", content_type="text/plain", locale=f"{locale}@dmy")
    [order] = EXTRACTOR.extract(text.encode(), settled).orders
    assert order.requested_delivery_date == date(2027, 1, 5)

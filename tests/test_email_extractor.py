"""The e-mail extractor: MIME split, content sniffing, safe names, forwards and hostile messages."""

from __future__ import annotations

import struct
import zlib
from email import policy
from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.base import ExtractHints, Limits
from extractors.mail.body_text import EXTRACTOR as BODY_TEXT
from extractors.mail.email import EXTRACTOR
from gateway.errors import GatewayError, LimitError
from gateway.model import DocType
from testkit.harness import CORPUS, REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings")
CUSTOMER = "commandes@dupont-fournitures.example"


def mail(body: str | None = "Bonjour", sender: str = f"Dupont <{CUSTOMER}>", subject: str = "Commande",
         attachments: list[tuple[str, str, bytes]] = ()) -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = sender, "orders@gateway.localhost", subject
    msg["Message-ID"] = "<m1@example>"
    if body is not None:
        msg.set_content(body)
    for name, ctype, data in attachments:
        main, sub = ctype.split("/", 1)
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg


def split(raw: bytes | EmailMessage, hints: ExtractHints = HINTS):
    data = raw.as_bytes() if isinstance(raw, EmailMessage) else raw
    return EXTRACTOR.extract(data, hints)


def children(extraction) -> dict[str, object]:
    return {c.filename: c for c in extraction.children}


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")


# --- detect ------------------------------------------------------------------------------------

def test_detects_messages_by_their_header_block():
    assert EXTRACTOR.detect(mail().as_bytes(), None, None) >= 0.9
    assert EXTRACTOR.detect(b"Received: from x\r\nFrom: a@b.c\r\n\r\nhi", "order.eml", None) == 0.95


@pytest.mark.parametrize("path", ["pdf/purchase_order.pdf", "edifact/PurchaseOrder.txt", "cxml/OrderRequest.xml",
                                  "x12/PurchaseOrder.txt"])
def test_does_not_claim_other_formats_even_when_named_eml(path):
    head = (CORPUS / path).read_bytes()[:8192]
    assert EXTRACTOR.detect(head, "order.eml", "message/rfc822") == 0.0


def test_a_text_body_opening_with_a_header_block_is_left_to_body_text():
    body = b"From: a@b.example\nSent: Monday\nTo: c@d.example\nSubject: order\n\nplease ship 10 x ABC1234\n"
    assert EXTRACTOR.detect(body, "body.txt", "text/plain") < BODY_TEXT.detect(body, "body.txt", "text/plain")


# --- splitting ---------------------------------------------------------------------------------

def test_every_attachment_becomes_a_child_typed_by_its_bytes():
    files = [("po.bin", "application/octet-stream", (CORPUS / "pdf" / "purchase_order.pdf").read_bytes()),
             ("order.txt", "text/plain", (CORPUS / "edifact" / "PurchaseOrder.txt").read_bytes()),
             ("order.xml", "application/octet-stream", (CORPUS / "cxml" / "OrderRequest.xml").read_bytes()),
             ("scan.tif", "application/octet-stream", b"II*\x00" + b"\x00" * 64),
             ("photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
             ("lines.csv", "text/csv", b"item;qty\nABC1234;3\n"),
             ("x12.dat", "application/octet-stream", (CORPUS / "x12" / "PurchaseOrder.txt").read_bytes())]
    kids = children(split(mail("see attached", attachments=files)))
    assert {name: kid.content_type for name, kid in kids.items()} == {
        "body.txt": "text/plain; charset=utf-8", "po.bin": "application/pdf",
        "order.txt": "application/edifact", "order.xml": "application/xml", "scan.tif": "image/tiff",
        "photo.jpg": "image/jpeg", "lines.csv": "text/csv", "x12.dat": "application/edi-x12"}
    assert kids["po.bin"].data == files[0][2]


def test_children_carry_sender_subject_message_id_and_part():
    extraction = split(mail("Merci", attachments=[("a.pdf", "application/pdf", b"%PDF-1.4 x")]))
    assert extraction.doc_type == DocType.CONTAINER and extraction.format == "email"
    assert extraction.sender_hints == {"email": CUSTOMER}
    for index, kid in enumerate(extraction.children):
        assert kid.metadata == {"sender": CUSTOMER, "subject": "Commande", "message_id": "<m1@example>",
                                "part": index, **({"attachments_beside": 1} if index == 0 else {})}


def test_body_child_opens_with_the_subject_line():
    kid = children(split(mail("Merci de nous livrer 5 cartons de DF-PAP-A4", subject="PO 4500123")))["body.txt"]
    assert kid.data.decode("utf-8").startswith("Subject: PO 4500123\nX-Attachments: none\n\nMerci de nous livrer")


def test_please_find_attached_body_is_not_an_order():
    kids = children(split(mail("Please find attached our order.\n\nBest regards",
                               attachments=[("po.pdf", "application/pdf", b"%PDF-1.4")])))
    body = BODY_TEXT.extract(kids["body.txt"].data, ExtractHints(content_type=kids["body.txt"].content_type,
                                                                 mappings_dir=REPO / "mappings"))
    assert body.doc_type == DocType.OTHER and body.orders == []


@pytest.mark.parametrize("body", ["> quoted only\n> more\n", "\n\n-- \nJean Dupont\nTel 01 23 45 67 89\n", "  \n"])
def test_body_with_only_quoting_signature_or_space_is_left_out(body):
    kids = children(split(mail(body, attachments=[("po.pdf", "application/pdf", b"%PDF-1.4")])))
    assert set(kids) == {"po.pdf"}


def test_html_only_body_is_converted_to_text():
    msg = mail(None)
    msg.set_content("<html><head><style>p{color:red}</style></head><body><p>Please ship:</p>"
                    "<ul><li>10 x ABC1234 Copy&nbsp;paper</li></ul><script>x()</script></body></html>",
                    subtype="html")
    text = children(split(msg))["body.txt"].data.decode()
    assert "Please ship:\n" in text and "10 x ABC1234 Copy paper" in text
    assert "<" not in text and "color" not in text and "x()" not in text


def test_small_inline_logo_is_skipped_but_attachments_are_kept():
    msg = mail("Order below")
    msg.add_alternative("<p>Order below <img src='cid:logo'></p>", subtype="html")
    html_part = msg.get_payload()[1]
    html_part.add_related(png_header(20, 20), maintype="image", subtype="png", cid="<logo>")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="po.pdf")
    extraction = split(msg)
    assert set(children(extraction)) == {"body.txt", "po.pdf"}
    assert extraction.metadata["skipped_parts"] == 1


@pytest.mark.parametrize("skipped", [
    [("smime.p7s", "application/pkcs7-signature", b"0\x82sig"), ("jean.vcf", "text/vcard", b"BEGIN:VCARD")],
    [("invite.ics", "text/calendar", b"BEGIN:VCALENDAR"), ("meeting.ics", "application/octet-stream", b"BEGIN:VCALENDAR")],
])
def test_signatures_vcards_and_calendar_invitations_are_not_handed_on(skipped):
    extraction = split(mail("Order attached", attachments=[*skipped, ("po.pdf", "application/pdf", b"%PDF-1.4")]))
    assert set(children(extraction)) == {"body.txt", "po.pdf"}


def test_an_order_named_like_a_signature_or_card_is_still_handed_on():
    edi = b"UNA:+.? 'UNB+UNOC:3+SENDER1:14+GATEWAY:ZZ+261206:1200+1'"
    extraction = split(mail("Order attached", attachments=[("ORDERS_4711.asc", "application/octet-stream", edi),
                                                           ("order.ics", "application/octet-stream", b"%PDF-1.4")]))
    assert set(children(extraction)) == {"body.txt", "ORDERS_4711.asc", "order.ics"}


def test_an_inline_pictures_placeholder_is_no_unread_line():
    body = ("Hi,\n\nPO KF-40330\n10 x SKU-1003\n5 x SKU-2005\nDelivery 17/12/2026.\n\nThanks,\nJoanne\n"
            "[logo]\n[image: Kestrel FM]\n")
    kids = children(split(mail(body)))
    order = BODY_TEXT.extract(kids["body.txt"].data, ExtractHints(content_type=kids["body.txt"].content_type,
                                                                  filename="body.txt")).orders[0]
    assert len(order.lines) == 2 and not [p for p in order.problems if p.code == "LINE-UNREAD"]


# --- hostile and broken input ------------------------------------------------------------------

def test_path_traversal_name_is_stored_under_a_safe_name():
    kid = children(split(mail(attachments=[("../../etc/passwd", "text/plain", b"root:x:0:0")])))["passwd"]
    assert kid.metadata["original_filename"] == "../../etc/passwd"


@pytest.mark.parametrize("raw, safe", [("..\\..\\windows\\evil.pdf", "evil.pdf"), ("..", "part-0.bin"),
                                       ("a\x00b\x1f.pdf", "ab.pdf"), ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
                                       ("con:fig?.xml", "con_fig_.xml")])
def test_odd_attachment_names_are_made_safe(raw, safe):
    msg = mail(None, attachments=[("placeholder", "application/octet-stream", b"data")])
    msg.get_payload()[-1].set_param("filename", raw, header="Content-Disposition")
    assert [k.filename for k in split(msg).children] == [safe]


def test_zero_byte_attachment_still_becomes_a_child():
    kid = children(split(mail(attachments=[("empty.pdf", "application/pdf", b"")])))["empty.pdf"]
    assert kid.data == b"" and kid.content_type == "application/pdf"


def test_image_bomb_attachment_splits_fine():
    bomb = png_header(200_000, 200_000)  # 40 gigapixels declared in 60 bytes: the image extractor's job
    kid = children(split(mail(attachments=[("bomb.png", "image/png", bomb)])))["bomb.png"]
    assert kid.content_type == "image/png" and kid.data == bomb


BROKEN = b"""From: =?x-unknown?Q?J=E9r=F4me?= <jerome@client.example>
To: orders@gateway.localhost
Subject: =?x-unknown?B?!!!?= commande
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XX"

--XX
Content-Type: text/plain; charset=x-unknown
Content-Transfer-Encoding: quoted-printable

Merci de nous livrer 5 cartons de DF-PAP-A4 =E9=XY=ZZ=
--XX
Content-Type: application/pdf; name="po.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK!!!$$$===abc
--XX
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="notes.txt"

@@@@
"""


def test_broken_charsets_and_encodings_never_raise_and_are_reported():
    extraction = split(BROKEN)
    kids = children(extraction)
    assert set(kids) == {"body.txt", "po.pdf", "notes.txt"}
    assert "Merci de nous livrer 5 cartons de DF-PAP-A4" in kids["body.txt"].data.decode("utf-8")
    assert kids["po.pdf"].data.startswith(b"%PDF-1.4")
    codes = {p.code for p in extraction.problems}
    assert {"EMAIL-CHARSET-UNKNOWN", "EMAIL-DEFECT"} <= codes
    assert all(p.severity == "warning" for p in extraction.problems)


def test_8bit_body_without_charset_is_decoded_as_utf8_or_cp1252():
    raw = (b"From: a@client.example\r\nSubject: x\r\n\r\nMit freundlichen Gr\xfc\xdfen, 20 Stk MB-4711\r\n")
    text = children(split(raw))["body.txt"].data.decode("utf-8")
    assert "Grüßen" in text


def test_more_parts_than_the_limit_is_a_limit_error():
    files = [(f"f{i}.pdf", "application/pdf", b"%PDF-1.4") for i in range(5)]
    with pytest.raises(LimitError) as caught:
        split(mail(attachments=files), ExtractHints(limits=Limits(max_zip_members=3)))
    assert caught.value.code == "EMAIL-PARTS"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.integers(min_value=0, max_value=2000))
def test_any_bytes_split_or_fail_with_a_typed_error(noise, cut):
    raw = BROKEN[:cut] + noise
    try:
        split(raw)
    except GatewayError:
        pass


# --- forwards ----------------------------------------------------------------------------------

@pytest.mark.parametrize("block", [
    "---------- Forwarded message ---------\nFrom: Jean Dupont <{a}>\nDate: Mon, 23 Nov 2026\n",
    "-----Message d'origine-----\nDe : Jean Dupont [mailto:{a}]\nEnvoyé : lundi 23 novembre 2026\n",
    "Début du message réexpédié :\n\nDe: Jean Dupont <{a}>\nObjet: Commande\n",
    "-------- Weitergeleitete Nachricht --------\nBetreff: Bestellung\nDatum: 23.11.2026\nVon: {a}\n",
    "-----Ursprüngliche Nachricht-----\nVon: Jean Dupont <{a}>\nGesendet: Montag\n",
    "________________________________\nFrom: *Jean Dupont* <{a}>\nSent: Monday\n",
], ids=["gmail", "outlook-fr", "apple-fr", "thunderbird-de", "outlook-de", "outlook-rule"])
def test_forwarded_block_names_the_original_sender(block):
    body = "FYI, see below.\n\n" + block.format(a=CUSTOMER) + "\nMerci de nous livrer 5 cartons de DF-PAP-A4\n"
    extraction = split(mail(body, sender="rep@sales.example", subject="TR: Commande"))
    assert extraction.metadata["original_sender"] == CUSTOMER
    assert all(kid.metadata["original_sender"] == CUSTOMER for kid in extraction.children)
    assert all(kid.metadata["sender"] == "rep@sales.example" for kid in extraction.children)


def test_innermost_forward_wins():
    body = ("---------- Forwarded message ---------\nFrom: Boss <boss@client.example>\n\nsee below\n"
            f"---------- Forwarded message ---------\nFrom: <{CUSTOMER}>\n\norder text\n")
    assert split(mail(body, sender="rep@sales.example")).metadata["original_sender"] == CUSTOMER


def test_nested_forwarded_eml_is_attributed_to_its_author():
    inner = mail("Merci de nous livrer 5 cartons de DF-PAP-A4", subject="Commande 2024-117")
    outer = mail("See attached.", sender="rep@sales.example", subject="Fwd: Commande",
                 attachments=[("fwd.eml", "message/rfc822", inner.as_bytes())])
    extraction = split(outer)
    kids = children(extraction)
    assert kids["fwd.eml"].content_type == "message/rfc822"
    assert kids["fwd.eml"].metadata["original_sender"] == CUSTOMER
    nested = split(kids["fwd.eml"].data)
    assert nested.sender_hints == {"email": CUSTOMER}
    assert b"DF-PAP-A4" in children(nested)["body.txt"].data


def test_eml_file_attached_as_octet_stream_is_a_child_email_of_its_author():
    inner = mail("Merci de nous livrer 5 cartons de DF-PAP-A4")
    outer = mail("See attached.", sender="rep@sales.example",
                 attachments=[("order.eml", "application/octet-stream", inner.as_bytes())])
    kid = children(split(outer))["order.eml"]
    assert kid.content_type == "message/rfc822" and kid.metadata["original_sender"] == CUSTOMER


def test_a_reply_quoting_our_mail_keeps_the_customer_as_sender():
    body = "Yes, please ship.\n\n-----Original Message-----\nFrom: sales@gateway.localhost\n\n> your offer"
    extraction = split(mail(body))
    assert extraction.metadata["original_sender"] == "sales@gateway.localhost"
    assert children(extraction)["body.txt"].metadata["sender"] == CUSTOMER


def test_xml_about_e_mail_is_not_mistaken_for_a_message():
    data = (CORPUS / "xml-other" / "ticket_19_deserialize_email.xml").read_bytes()
    assert EXTRACTOR.detect(data[:8192], None, None) == 0.0

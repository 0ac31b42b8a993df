"""A fax server that e-mails each fax ("Fax from +33 1 45 67 89 10", the fax attached): with
``[[smtp.fax_mailboxes]]`` its messages carry the calling number (``fax_number``, handed on to the
attachments), by which the customer is identified as for a fax-folder fax, never by the server's own
address; other mail is untouched. Subjects in en/fr/de."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from connectors.smtp import message_meta
from gateway.config import FaxMailbox, SmtpSection


def _meta(subject: str, sender: str = "fax@faxserver.example", to: str = "fax-orders@gateway.localhost",
          mailboxes: list | None = None):
    raw = (f"From: Fax Server <{sender}>\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <1@x>\r\n\r\n"
           "You have received a fax.\r\n").encode()
    envelope = SimpleNamespace(mail_from=sender, rcpt_tos=[to])
    session = SimpleNamespace(ssl=None, authenticated=False, auth_data=None)
    return message_meta(raw, envelope, session, mailboxes or [FaxMailbox(recipient="fax-orders@gateway.localhost")])


@pytest.mark.parametrize("subject, number", [
    ("Fax from +33 1 45 67 89 10", "+33 1 45 67 89 10"), ("Télécopie de 04 72 10 20 31 (2 pages)", "04 72 10 20 31"),
    ("Fax von +49 711 123459", "+49 711 123459"), ("New fax received from: +44 (0)118 496 0123", "+44 (0)118 496 0123")])
def test_a_fax_servers_mail_carries_the_calling_number(subject: str, number: str) -> None:
    assert _meta(subject).extra["fax_number"] == number


def test_other_mail_and_other_mailboxes_carry_none() -> None:
    assert "fax_number" not in _meta("Our order 4711").extra
    assert "fax_number" not in _meta("Fax from +33 1 45 67 89 10", to="orders@gateway.localhost").extra
    only_server = [FaxMailbox(sender="fax@faxserver.example")]
    assert "fax_number" not in _meta("Fax from +33 1 45 67 89 10", sender="someone@else.example",
                                     mailboxes=only_server).extra
    assert _meta("Fax from +33 1 45 67 89 10", mailboxes=only_server).extra["fax_number"] == "+33 1 45 67 89 10"


def test_a_fax_mailbox_is_checked_at_start_up() -> None:
    with pytest.raises(ValidationError):
        FaxMailbox()  # neither recipient nor sender
    with pytest.raises(ValidationError):
        FaxMailbox(recipient="fax@x.example", subject_pattern=r"Fax from (\d+)")  # no group sender
    assert SmtpSection(fax_mailboxes=[{"recipient": "fax@x.example"}]).fax_mailboxes[0].recipient == "fax@x.example"


def test_the_channel_names_the_customer_of_the_calling_number_not_of_the_servers_address() -> None:
    from gateway.stages import identify

    calls = []
    ctx = SimpleNamespace(config=SimpleNamespace(smtp=SimpleNamespace(internal_domains=[])))
    doc = SimpleNamespace(partner=None, channel="smtp", sender="fax@faxserver.example",
                          metadata={"fax_number": "+33 1 45 67 89 10"})
    original = identify._from_values
    identify._from_values = lambda _ctx, pairs: calls.append(pairs) or "C1001"
    try:
        assert identify.channel_identity(ctx, doc) == "C1001"
    finally:
        identify._from_values = original
    assert calls == [[("fax", "+33 1 45 67 89 10")]]


def test_the_servers_own_text_beside_the_fax_is_no_second_review_item() -> None:
    """A fax server's message: "A fax was received. Pages: 1" and the fax attached. The attachment that reads
    as no order waits (FAX-NO-ORDER); the message's own text beside it is no order, not a second review item."""
    from email import policy
    from email.message import EmailMessage

    from extractors.base import ExtractHints
    from extractors.mail.email import EXTRACTOR
    from gateway.model import DocType, Extraction
    from gateway.stages.outcome import conclude
    from gateway.store.journal import DocStatus
    from testkit.harness import REPO

    msg = EmailMessage(policy=policy.SMTP)
    msg["From"], msg["To"], msg["Subject"] = "fax@faxserver.example", "fax-orders@gateway.localhost", "Fax from +33 1 45 67 89 10"
    msg.set_content("A fax was received.\nPages: 1\nRemote station: +33 1 45 67 89 10\n")
    msg.add_attachment(b"II*\x00", maintype="image", subtype="tiff", filename="fax.tif")
    body, fax = EXTRACTOR.extract(msg.as_bytes(), ExtractHints(mappings_dir=REPO / "mappings")).children
    assert body.metadata["attachments_beside"] == 1 and "attachments_beside" not in fax.metadata
    nothing = Extraction(format="text", doc_type=DocType.OTHER)
    number = {"fax_number": "+33 1 45 67 89 10"}
    as_body = SimpleNamespace(channel="smtp", metadata={**body.metadata, **number})
    as_fax = SimpleNamespace(channel="smtp", metadata={**fax.metadata, **number})
    assert conclude(as_body, nothing, [], []).status == DocStatus.NOT_ORDER
    outcome = conclude(as_fax, nothing, [], [])
    assert (outcome.status, outcome.error_code) == (DocStatus.REVIEW, "FAX-NO-ORDER")
    alone = SimpleNamespace(channel="smtp", metadata=number)  # a fax server's message with no fax attached
    assert conclude(alone, nothing, [], []).error_code == "FAX-NO-ORDER"

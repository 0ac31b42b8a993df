"""The SMTP source against real clients (smtplib): replies, STARTTLS, AUTH, limits and store faults."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import shutil
import smtplib
import ssl
import stat

import pytest

from connectors.smtp import hash_password, reply_for
from connectors.smtp_security import UserTable
from gateway.config import SmtpAuthUser
from gateway.errors import IntakeError, LimitError
from testkit.harness import running_gateway
from tests.smtp_helpers import ORDERS_TO, message, queued_id, send, smtp_config, transact

PASSWORD = "correct horse battery staple"
USER_HASH = hash_password(PASSWORD)
SENDER = "commandes@dupont-fournitures.example"


@pytest.fixture
async def gw(tmp_path):
    async with running_gateway(smtp_config(tmp_path / "gw")) as gateway:
        yield gateway


@pytest.fixture
async def auth_gw(tmp_path):
    users = [{"username": "rep", "password_hash": USER_HASH}]
    async with running_gateway(smtp_config(tmp_path / "gw", users=users)) as gateway:
        yield gateway


def plain_message():
    return message(SENDER, "Commande 2024-117", "Merci de nous livrer 5 cartons de DF-PAP-A4.")


async def test_message_gets_250_with_its_document_id_once_durable(gw):
    code, reply = await asyncio.to_thread(send, gw.ports["smtp"], plain_message())
    assert code == 250
    doc = await gw.ctx.journal.get_document(queued_id(reply))
    assert doc is not None and doc.channel == "smtp" and gw.ctx.archive.exists(doc.sha256)
    assert doc.sender == SENDER and doc.content_type == "message/rfc822"
    assert doc.metadata["subject"] == "Commande 2024-117"
    assert doc.metadata["mail_from"] == SENDER and doc.metadata["rcpt_to"] == [ORDERS_TO]
    assert doc.metadata["message_id"].endswith("@test.example>")


async def test_received_messages_are_counted(gw):
    await asyncio.to_thread(send, gw.ports["smtp"], plain_message())
    assert "gateway_documents_received_total" in gw.ctx.metrics.render()
    assert 'channel="smtp"' in gw.ctx.metrics.render()


async def test_starttls_verifies_against_the_generated_self_signed_certificate(gw, tmp_path):
    cert, key = tmp_path / "gw" / "tls" / "smtp.crt", tmp_path / "gw" / "tls" / "smtp.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    context = ssl.create_default_context(cafile=str(cert))

    def over_tls():
        with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
            client.starttls(context=context)
            client.ehlo()
            return transact(client, plain_message())

    code, reply = await asyncio.to_thread(over_tls)
    assert code == 250
    assert (await gw.ctx.journal.get_document(queued_id(reply))).metadata["tls"] is True


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
async def test_auth_after_starttls_accepts_the_hashed_password(auth_gw, mechanism):
    def login():
        with smtplib.SMTP("127.0.0.1", auth_gw.ports["smtp"], timeout=30) as client:
            client.starttls(context=ssl._create_unverified_context())
            client.ehlo()
            client.user, client.password = "rep", PASSWORD
            auth = client.auth_plain if mechanism == "PLAIN" else client.auth_login
            code, _ = client.auth(mechanism, auth, initial_response_ok=mechanism == "PLAIN")
            return code, transact(client, plain_message())[1]

    code, reply = await asyncio.to_thread(login)
    assert code == 235
    assert (await auth_gw.ctx.journal.get_document(queued_id(reply))).metadata["smtp_user"] == "rep"


async def test_auth_with_a_wrong_password_gets_535(auth_gw):
    def login():
        with smtplib.SMTP("127.0.0.1", auth_gw.ports["smtp"], timeout=30) as client:
            client.starttls(context=ssl._create_unverified_context())
            client.login("rep", "not the password")

    with pytest.raises(smtplib.SMTPAuthenticationError) as caught:
        await asyncio.to_thread(login)
    assert caught.value.smtp_code == 535


async def test_auth_is_refused_before_starttls(auth_gw):
    def try_auth():
        with smtplib.SMTP("127.0.0.1", auth_gw.ports["smtp"], timeout=30) as client:
            client.ehlo()
            offered = client.has_extn("auth")
            token = base64.b64encode(f"\0rep\0{PASSWORD}".encode()).decode()
            return offered, client.docmd("AUTH", f"PLAIN {token}")

    offered, (code, _) = await asyncio.to_thread(try_auth)
    assert not offered and code == 538


async def test_auth_required_refuses_mail_without_login(tmp_path):
    users = [{"username": "rep", "password_hash": USER_HASH}]
    async with running_gateway(smtp_config(tmp_path / "gw", users=users, auth_required=True)) as gw:
        def mail_without_login():
            with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
                client.starttls(context=ssl._create_unverified_context())
                client.ehlo()
                return client.mail(SENDER)[0]

        assert await asyncio.to_thread(mail_without_login) == 530


async def test_unknown_recipient_gets_550_and_listed_domains_are_accepted(gw):
    def rcpt(address):
        with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
            client.ehlo()
            client.mail(SENDER)
            return client.rcpt(address)[0]

    assert await asyncio.to_thread(rcpt, "someone@elsewhere.example") == 550
    assert await asyncio.to_thread(rcpt, "any.box@inbound.example") == 250
    assert await asyncio.to_thread(rcpt, ORDERS_TO.upper()) == 250


async def test_oversize_message_gets_552_and_is_not_stored(tmp_path):
    async with running_gateway(smtp_config(tmp_path / "gw", max_message_bytes=2000)) as gw:
        big = message(SENDER, "big", "a line of text that repeats\n" * 200)

        def announced_size():
            with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
                client.ehlo()
                assert client.esmtp_features["size"] == "2000"
                client.sendmail(SENDER, [ORDERS_TO], big.as_bytes())

        with pytest.raises(smtplib.SMTPSenderRefused) as caught:
            await asyncio.to_thread(announced_size)
        assert caught.value.smtp_code == 552

        def unannounced():  # no SIZE parameter: counted during DATA
            with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
                client.ehlo()
                client.mail(SENDER)
                client.rcpt(ORDERS_TO)
                return client.data(big.as_bytes())[0]

        assert await asyncio.to_thread(unannounced) == 552
        assert await gw.ctx.journal.list_documents() == []


async def test_store_failure_gets_451_and_the_session_goes_on(gw):
    tmp = gw.ctx.archive.tmp

    def two_messages():
        with smtplib.SMTP("127.0.0.1", gw.ports["smtp"], timeout=30) as client:
            client.ehlo()
            shutil.rmtree(tmp)
            tmp.write_bytes(b"not a folder: the archive cannot write")  # a real disk fault
            client.mail(SENDER)
            client.rcpt(ORDERS_TO)
            first = client.data(plain_message().as_bytes())
            tmp.unlink()
            tmp.mkdir()
            client.rset()
            client.mail(SENDER)
            client.rcpt(ORDERS_TO)
            return first, client.data(message(SENDER, "again", "second try").as_bytes())

    (code1, text1), (code2, _) = await asyncio.to_thread(two_messages)
    assert code1 == 451 and text1.startswith(b"4.3.0") and b"INTAKE-ARCHIVE" in text1
    assert code2 == 250
    assert len([d for d in await gw.ctx.journal.list_documents(channel="smtp") if d.parent_id is None]) == 1


def test_errors_translate_to_smtp_replies():
    assert reply_for(IntakeError("down")).startswith("451 4.3.0")
    assert reply_for(LimitError("big", code="INTAKE-SIZE")).startswith("552 5.3.4")
    assert reply_for(RuntimeError("bug")).startswith("451 4.3.0")


def test_password_hashes_verify_and_reject():
    assert USER_HASH.startswith("scrypt$") and PASSWORD not in USER_HASH
    users = UserTable.from_config([SmtpAuthUser(username="rep", password_hash=USER_HASH)], "test")
    assert users.verify("rep", PASSWORD.encode())
    assert not users.verify("rep", b"wrong") and not users.verify("nobody", PASSWORD.encode())
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"pw", salt, 20_000)
    encoded = f"pbkdf2_sha256$20000${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    other = UserTable.from_config([SmtpAuthUser(username="it", password_hash=encoded)], "test")
    assert other.verify("it", b"pw") and not other.verify("it", b"pW")


async def test_plain_passwords_in_config_are_refused(tmp_path):
    from gateway.errors import ConfigError
    users = [{"username": "rep", "password_hash": "hunter2"}]
    with pytest.raises(ConfigError, match="plain passwords are refused"):
        async with running_gateway(smtp_config(tmp_path / "gw", users=users)):
            pass

"""EDI acknowledgements reach partners by HTTP callback and by e-mail reply, with real peers.

The callback receiver is a real aiohttp server; the mail relay is a real aiosmtpd server. An EDIFACT
interchange is mailed to the gateway's SMTP source and its CONTRL comes back through the relay, threaded
on the original message.
"""

from __future__ import annotations

import asyncio
import email
from email import policy

from aiohttp import web
from aiosmtpd.controller import Controller

from testkit.harness import free_port, running_gateway, wait_until
from testkit.samples import edifact_order
from tests.smtp_helpers import message, send, smtp_config

PARTNER_MAIL = "orders@retail-brussels.example"


class Callback:
    """A partner's acknowledgement endpoint: answers ``status`` (a list, one per call, last repeats)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.calls: list[tuple[int, dict[str, str], bytes]] = []
        self.port = free_port()

    async def handle(self, request: web.Request) -> web.Response:
        status = self.statuses[min(len(self.calls), len(self.statuses) - 1)]
        self.calls.append((status, dict(request.headers), await request.read()))
        return web.Response(status=status)

    async def __aenter__(self) -> Callback:
        app = web.Application()
        app.router.add_post("/acks", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.runner.cleanup()


class Relay:
    """A real SMTP server standing in for the company's outgoing relay."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


async def test_contrl_is_posted_to_the_partners_callback_after_a_failure(tmp_path):
    async with Callback([503, 200]) as callback:
        config = smtp_config(tmp_path / "gw")
        text = config.read_text() + (
            '\n[[partners]]\nid = "retail-brussels"\ncustomer_id = "C1001"\nedifact_ids = ["5412345000013"]\n'
            f'ack = {{ edifact = "contrl", via = "http_callback", callback_url = '
            f'"http://127.0.0.1:{callback.port}/acks" }}\n')
        config.write_text(text)
        async with running_gateway(config) as gw:
            gw.acks.retry_base_s = 0.05  # seconds between tries are for partners, not for tests
            env = await gw.ctx.intake.accept(edifact_order("PO-CB-ACK", [("4000862141404", 2)]), "http")
            await wait_until(lambda: len(callback.calls) >= 2, timeout=60)
            (ack,) = await gw.ctx.journal.acks_for_document(env.document_id)
            await wait_until(lambda: _status(gw, ack["id"], "sent"), timeout=30)
    status, headers, body = callback.calls[-1]
    assert [c[0] for c in callback.calls] == [503, 200]
    assert headers["Content-Type"] == "application/EDIFACT" and headers["X-Gateway-Document"] == env.document_id
    assert body.startswith(b"UNA") and b"CONTRL" in body and b"UCI+1+" in body


async def test_a_refused_callback_is_failed_at_once_with_its_reason(tmp_path):
    async with Callback([404]) as callback:
        config = smtp_config(tmp_path / "gw")
        config.write_text(config.read_text() + (
            '\n[[partners]]\nid = "retail-brussels"\ncustomer_id = "C1001"\nedifact_ids = ["5412345000013"]\n'
            f'ack = {{ via = "http_callback", callback_url = "http://127.0.0.1:{callback.port}/acks" }}\n'))
        async with running_gateway(config) as gw:
            env = await gw.ctx.intake.accept(edifact_order("PO-CB-404", [("4000862141404", 2)]), "http")
            (ack,) = await wait_until(lambda: gw.ctx.journal.acks_for_document(env.document_id), timeout=60)
            row = await wait_until(lambda: _status(gw, ack["id"], "failed"), timeout=30)
    assert len(callback.calls) == 1 and row["error"] == "ACK-CALLBACK-REFUSED: callback answered 404"


async def test_contrl_of_a_mailed_interchange_is_a_threaded_reply_through_the_relay(tmp_path):
    relay = Relay()
    relay.controller.start()
    try:
        config = smtp_config(tmp_path / "gw")
        config.write_text(config.read_text().replace("[smtp]", (
            "[smtp.relay]\nhost = \"127.0.0.1\"\nport = %d\nstarttls = false\n"
            "from_address = \"edi@supplier.example\"\n\n[smtp]") % relay.controller.port, 1))
        async with running_gateway(config) as gw:
            mail = message(PARTNER_MAIL, "EDI order", "Interchange attached.",
                           attachments=[("order.edi", "application/EDIFACT",
                                         edifact_order("PO-MAIL-ACK", [("4000862141404", 2)]))])
            code, _ = await asyncio.to_thread(send, gw.ports["smtp"], mail)
            assert code == 250
            await wait_until(lambda: relay.messages, timeout=60)
    finally:
        relay.controller.stop()
    (reply,) = relay.messages
    assert reply["To"] == PARTNER_MAIL and reply["From"] == "edi@supplier.example"
    assert reply["In-Reply-To"] == mail["Message-ID"]
    (attachment,) = list(reply.iter_attachments())
    assert attachment.get_filename().startswith("contrl_5412345000013_")
    assert b"CONTRL" in attachment.get_content()


async def _status(gw, ack_id: str, wanted: str) -> dict | None:
    rows = await gw.ctx.journal.query("SELECT status, error FROM acks WHERE id = ?", (ack_id,))
    return rows[0] if rows and rows[0]["status"] == wanted else None

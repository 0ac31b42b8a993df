"""A gateway SIGKILLed while mails are coming in loses none that got ``250``, and delivers each of
their orders exactly once after a restart (real subprocess, real smtplib clients)."""

from __future__ import annotations

import json
import smtplib
import threading
import time
import urllib.request
from email.utils import formatdate

from testkit.harness import API_KEY, GatewayProcess, free_port
from tests.smtp_helpers import message, queued_id, smtp_config

MAILS = 40
KILL_AFTER = 12
DUPONT = "commandes@dupont-fournitures.example"


def order_mail(index: int):
    po = f"CR-{index:04d}"
    body = (f"Merci de nous livrer :\n- {index + 1} cartons de DF-PAP-A4 à 122,50 EUR\nNotre commande n° {po}\n"
            "Livraison le 01/12/2099.\n")  # a complete order: it goes out without a person
    msg = message(DUPONT, f"Commande {po}", body)
    msg["Date"] = formatdate()  # the order date of a typed order
    return po, msg


class Sender(threading.Thread):
    """Sends MAILS order mails one after another; records the document id of each that got 250."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.acked: dict[str, str] = {}
        self.enough = threading.Event()

    def run(self) -> None:
        for index in range(MAILS):
            po, msg = order_mail(index)
            try:
                with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as client:
                    client.ehlo()
                    client.mail(DUPONT)
                    client.rcpt(str(msg["To"]))
                    code, text = client.data(msg.as_bytes())
            except (OSError, smtplib.SMTPException):
                continue  # the server is gone: not acknowledged, the client would retry later
            if code == 250:
                self.acked[po] = queued_id(text.decode())
            if len(self.acked) >= KILL_AFTER:
                self.enough.set()
        self.enough.set()


def api_get(gw: GatewayProcess, path: str) -> dict:
    request = urllib.request.Request(gw.http_url + path, headers={"X-API-Key": API_KEY})
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read())


def outbox_pos(outbox) -> list[str]:
    return [json.loads(p.read_text())["po_number"] for p in outbox.glob("*.json")]


def test_killed_gateway_loses_no_acknowledged_mail(tmp_path):
    port = free_port()
    config = smtp_config(tmp_path / "gw", port=port)
    gw = GatewayProcess(config).start()
    sender = Sender(port)
    try:
        sender.start()
        assert sender.enough.wait(60)
        gw.kill()  # SIGKILL, mid-stream
        sender.join(60)
        acked = dict(sender.acked)
        assert KILL_AFTER <= len(acked) < MAILS  # the kill came mid-stream
        gw.start()
        outbox = tmp_path / "gw" / "erp"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not set(acked) <= set(outbox_pos(outbox)):
            time.sleep(0.2)
        for po, document_id in acked.items():
            doc = api_get(gw, f"/v1/documents/{document_id}")
            assert doc["channel"] == "smtp" and doc["status"] == "split", (po, doc["status"])
        pos = outbox_pos(outbox)
        assert all(pos.count(po) == 1 for po in acked), sorted(pos)
    finally:
        gw.stop()

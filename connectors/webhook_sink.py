"""Webhook sink: POST each order as JSON to the ERP's endpoint.

Headers: ``Idempotency-Key`` (the order id, the same on every retry) and an HMAC-SHA256 signature,
``X-Gateway-Signature: t=<unix time>,v1=<hex of HMAC(secret, "<t>.<body>")>``, so the receiver can
check origin and freshness. Timeouts, connection errors, 429 and 5xx are retried; 409 means the ERP
already has the order (delivered); other 4xx are permanent and go to dead-letter with the reason.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import aiohttp

from gateway.config import WebhookSinkSection
from gateway.errors import DeliveryError, PermanentDeliveryError
from gateway.model import NormalizedOrder


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


class WebhookSink:
    name = kind = "webhook"
    config_model = WebhookSinkSection

    def __init__(self, url: str, secret: str, timeout_s: float, header: str) -> None:
        self.url = url
        self.secret = secret
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self.header = header
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_config(cls, config, secrets) -> WebhookSink:
        wh = config.delivery.webhook
        return cls(wh.url, secrets(wh.secret_env), wh.timeout_s, wh.signature_header)

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def deliver(self, order: NormalizedOrder) -> None:
        assert self._session is not None
        body = order.model_dump_json().encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": order.order_id,
                   self.header: sign(self.secret, int(time.time()), body)}
        try:
            async with self._session.post(self.url, data=body, headers=headers) as resp:
                status = resp.status
                text = (await resp.text())[:200]
        except TimeoutError:
            raise DeliveryError("ERP webhook timed out", code="DELIVERY-TIMEOUT") from None
        except aiohttp.ClientError as exc:
            raise DeliveryError(f"ERP webhook unreachable: {type(exc).__name__}",
                                code="DELIVERY-CONNECT") from None
        if 200 <= status < 300 or status == 409:
            return
        if status == 429 or status >= 500:
            raise DeliveryError(f"ERP webhook answered {status}", code=f"DELIVERY-HTTP-{status}")
        raise PermanentDeliveryError(f"ERP webhook refused the order with {status}: {text}",
                                     code=f"DELIVERY-HTTP-{status}")

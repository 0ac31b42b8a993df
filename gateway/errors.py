"""Typed errors with stable codes.

Every error raised inside the gateway carries a stable ``code`` (``EDI-UNT-COUNT``, ``INTAKE-STORE``)
and whether retrying can help. Boundaries translate them once: SMTP reply codes in the SMTP source,
HTTP statuses in the API, SFTP status codes in the SFTP source, exit codes in the CLI, and
``failed`` / ``retry`` outcomes in the pipeline. Nothing decides by matching message text.
"""

from __future__ import annotations

from typing import Any


class GatewayError(Exception):
    code: str = "GATEWAY"
    retryable: bool = False

    def __init__(self, message: str, *, code: str | None = None, retryable: bool | None = None,
                 **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if retryable is not None:
            self.retryable = retryable
        self.details = details

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ConfigError(GatewayError):
    """Configuration that cannot be used; the message reads ``file: key: reason``."""

    code = "CONFIG"


class IntakeError(GatewayError):
    """The store could not take a document; the channel must not acknowledge it."""

    code = "INTAKE-STORE"
    retryable = True


class LimitError(GatewayError):
    """Input over a configured limit (size, pages, pixels, expansion ratio, depth)."""

    code = "LIMIT"


class UnsupportedFormatError(GatewayError):
    code = "FORMAT-UNKNOWN"


# The problem code of an order-like document (an X12 830, an EDIFACT DELFOR, a TRADACOMS order...) that
# a reader recognises but does not read: the document is held for a person, never "not an order".
FORMAT_UNSUPPORTED = "FORMAT-UNSUPPORTED"


class ExtractionError(GatewayError):
    """A document that could not be read; ``problems`` lists every fault found."""

    code = "EXTRACT"

    def __init__(self, message: str, *, code: str | None = None, problems: list | None = None,
                 **details: Any) -> None:
        super().__init__(message, code=code, **details)
        self.problems = problems or []


class HostileInputError(ExtractionError):
    """Input refused for safety: DTDs, entities, bombs."""

    code = "HOSTILE-INPUT"


class DeliveryError(GatewayError):
    code = "DELIVERY"
    retryable = True


class PermanentDeliveryError(DeliveryError):
    code = "DELIVERY-REJECTED"
    retryable = False


class StaleOrderError(GatewayError):
    """An order changed under a write that expected its previous status (two people, one order)."""

    code = "ORDER-STATE"

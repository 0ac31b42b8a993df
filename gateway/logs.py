"""Logging: structlog configured once, JSON lines (or console text on a terminal), UTC ISO times.

The standard loggers of aiohttp, aiosmtpd and asyncssh go through the same renderer. Context such as
``document_id``, ``channel`` and ``partner`` is bound per unit of work; payloads and secrets are never
logged.
"""

from __future__ import annotations

import logging
import sys

import structlog

from gateway.names import shown_name


def escape_controls(_logger: object, _name: str, event: dict) -> dict:
    """Control and bidi characters in logged strings (file names, account names) made visible,
    so a name cannot rewrite a terminal or forge a log line."""
    for key, value in event.items():
        # a printable string has nothing to escape (every character escaped is unprintable): kept as is
        if isinstance(value, str) and not value.isprintable() and key not in ("exception", "stack"):
            event[key] = shown_name(value)
    return event


def configure_logging(level: str = "info", fmt: str = "auto") -> None:
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.add_logger_name,
        escape_controls,
    ]
    renderer = structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info,
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
        foreign_pre_chain=shared))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("asyncssh", "mail.log", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))

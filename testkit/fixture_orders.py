"""Read a checked-in document through the one-shot extractor, as the tests of one reader's fixtures do."""

from __future__ import annotations

from pathlib import Path


def read_fixture(config: Path, path: Path, sender: str = "bestellung@mueller-buero.example",
                 channel: str = "email") -> dict:
    """The one order ``path`` yields, as the gateway's dry run returns it."""
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    result = extract_file(load_config(config), path, channel=channel, sender=sender)
    (order,) = [o["order"] for o in result["orders"]]
    return order

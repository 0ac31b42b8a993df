"""HTML orders printed by Chromium, checked in: the suite reads the print, it does not run the printer.

A test builds its HTML as before and asks ``printed_pdf(name, html)`` for the print: the PDF checked in
under ``tests/fixtures/printed/`` beside the HTML it was printed from, found by the HTML's content
(``<name>-<sha256[:12]>.html`` and ``.pdf``), so an edited HTML can never be read through a stale print.
A test whose HTML has no print yet writes the HTML there and fails, naming the command that prints it:

    python tests/fixtures/printed/print_all.py          # prints every HTML there without its PDF
    python tests/fixtures/printed/print_all.py --all    # prints them all again

``chromium_print`` is the printer itself (``chromium --headless --print-to-pdf``, no header or footer),
used by that script and by the few tests that still print live (the real-peer check).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from testkit.chromium import CHROMIUM, chromium_print  # noqa: F401 (the printer, also for the tests that print live)

PRINTED = Path(__file__).parent / "fixtures" / "printed"
PRINT_COMMAND = "python tests/fixtures/printed/print_all.py"


def printed_pdf(name: str, html: str) -> Path:
    """The checked-in Chromium print of ``html``. Raises FileNotFoundError (with the command to run)
    when it has not been printed yet, after writing the HTML where the command finds it."""
    stem = f"{name}-{hashlib.sha256(html.encode('utf-8')).hexdigest()[:12]}"
    pdf = PRINTED / f"{stem}.pdf"
    if not pdf.exists():
        (PRINTED / f"{stem}.html").write_text(html, encoding="utf-8")
        raise FileNotFoundError(f"{pdf} is not printed yet: run `{PRINT_COMMAND}` and check it in with its HTML")
    return pdf

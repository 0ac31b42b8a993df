"""Debian's headless Chromium as a printer of HTML orders (``--print-to-pdf``, no header or footer): used by the
suite's checked-in prints (``tests/printed.py``) and by the benches that print corpora of their own."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium")


def chromium_print(html: Path, pdf: Path) -> Path:
    """Print ``html`` to ``pdf`` with Debian's headless Chromium."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()],
                       check=True, capture_output=True, timeout=120)
    return pdf

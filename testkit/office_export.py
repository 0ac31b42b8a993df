"""Office documents exported by Debian's LibreOffice (``soffice --headless --convert-to pdf``), and the column
layouts of the Calc order sheets the suite checks in (``tests/fixtures/real_producers/calc_cols``) and the
real-producer bench prints again (``bench/make_real_extra.py``)."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

TITLES = {"en": dict(q="Qty", i="Item", d="Description", u="Unit", p="Price", a="Amount"),
          "de": dict(q="Menge", i="Artikel", d="Bezeichnung", u="Einheit", p="Preis", a="Betrag"),
          "fr": dict(q="Quantité", i="Référence", d="Désignation", u="Unité", p="Prix unitaire", a="Total")}
WIDTHS = dict(q=9, i=12, d=42, u=7, p=11, a=12)
EXTRA = {"en": {"1": "Cost centre", "2": "Buyer note", "3": "Bin"}, "de": {"1": "Kostenstelle", "2": "Bemerkung", "4": "Sachkonto", "5": "Projekt"},
         "fr": {"1": "Centre de coût", "2": "Commentaire", "3": "Emplacement"}}


def soffice_pdf(src: Path, out_dir: Path, locale: str | None = None) -> Path:
    """``src`` exported to PDF by LibreOffice; ``locale`` ("fr_FR.UTF-8") is the one it formats numbers in."""
    env = {**os.environ, "LANG": locale, "LC_ALL": locale} if locale else None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=180, env=env)
    return out_dir / (src.stem + ".pdf")

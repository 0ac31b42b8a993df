"""Real-producer orders through the live gateway: what the ERP would receive untouched, per family.

Every document of ``tests/fixtures/real_producers`` (Chromium prints, LibreOffice exports of DOCX
and XLSX, ODS, CSV, XLS, sheets, a reportlab letter) goes through identify -> extract -> map ->
validate -> decide exactly as ``gateway extract`` does (``gateway.oneshot.extract_bytes``), with the
fixture's master data, as an e-mail attachment from the customer's address received on the order's
own date (10:00 UTC). Each order is compared with its truth field for field: customer, PO number,
order and delivery dates, total, and per line SKU, customer code, quantity, unit (the product's
ERP unit), unit price and amount; where the truth names them, the delivery address (``ship_to``:
postcode, city, country, in any case) and that the order must be held (``hold``: a document that states too little).

Per family: **auto-accepted with any wrong field** (status ``ready`` and not the truth), fully
correct, touchless (``ready`` / documents) and the reasons the held ones wait for (error issue
codes). Nothing is tuned per family here (the thresholds are the shipped defaults); the families
are marked *tuned* when the readers were fixed while looking at them and *held out* when they were
added after (``HELD_OUT``), so the two groups are totalled apart. A second table scores every family
left out (``bench/capture_lofo.py``): the review threshold fixed on the other families (the shipped
one, raised above their most confident wrong order) and the left-out family scored with it, beside
the threshold fixed on all; an order counts there when nothing but its confidence could hold it.

    PYTHONPATH=. .venv/bin/python bench/bench_real_gateway.py [--only FAMILY] [-v]

``--corpus DIR`` (repeatable) reads other corpora of the same shape (``DIR/masterdata``, with its
``unit_conversions.toml`` where it has one, and ``DIR/docs``), each over its own master data and all
in one table: ``bench/make_real_extra.py`` writes fresh ERP prints (Odoo, SAP Business One, SAP R/3,
fixed-width public POs, by Chromium) and Calc column-order sheets (by LibreOffice) that way.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.capture_lofo import Scored, print_lofo  # noqa: E402
from gateway.app import build_context  # noqa: E402
from gateway.store.journal import DocumentRecord, new_id  # noqa: E402
from gateway.oneshot import extract_bytes  # noqa: E402
from testkit.harness import load_test_config, write_config  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "real_producers"
TYPES = {".pdf": "application/pdf", ".csv": "text/csv", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".xls": "application/vnd.ms-excel", ".txt": "text/plain", ".eml": "message/rfc822", ".png": "image/png",
         ".tif": "image/tiff"}
# Families added after the readers were written (the code was not fixed while looking at them first).
HELD_OUT = frozenset({"portal_de", "word_fr", "qtyfirst_en", "xls_en", "untitled_en", "continued_fr", "untitled_pdf",
                      "noamount_de", "csvrows_de", "letter_docx_fr", "calc_pdf_de", "wraphdr_fr", "wraphdr_de",
                      "billbox_de", "shopcards_de", "listcards_en", "fourn_fr", "factbox_fr", "rechnungan_de",
                      "shipto_ho", "rightqty_ho", "thousands_ho", "letterdate_ho",
                      "xero_ho", "shopsub_ho", "confirm_ho", "xero_ho2", "shopsub_ho2", "confirm_ho2",
                      "xero_ho3", "shopsub_ho3", "confirm_ho3"})


def product_units(corpus: Path) -> dict[str, str]:
    with (corpus / "masterdata" / "products.csv").open(encoding="utf-8") as fh:
        return {row["sku"]: row["uom"] for row in csv.DictReader(fh)}


def _dec(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def wrong_fields(order: dict, truth: dict, units: dict[str, str]) -> list[str]:
    """The fields where the order is not the truth (empty: fully correct)."""
    wrong = []
    if (order.get("customer") or {}).get("id") != truth["customer_id"]:
        wrong.append("customer")
    for f in ("po_number", "order_date", "requested_delivery_date"):
        if order.get(f) != truth[f] and (f != "requested_delivery_date" or line_date(order) != truth[f]):
            wrong.append(f)
    if _dec(order.get("total")) != _dec(truth["total"]):
        wrong.append("total")
    lines = order.get("lines") or []
    if len(lines) != len(truth["lines"]):
        wrong.append("line_count")
    for got, want in zip(lines, truth["lines"]):
        if got.get("sku") != want["sku"]:
            wrong.append("sku")
        if got.get("customer_item") != want["customer_item"]:
            wrong.append("customer_item")
        for f in ("quantity", "unit_price", "amount"):
            if _dec(got.get(f)) != _dec(want[f]):
                wrong.append(f)
        if got.get("uom") != units.get(want["sku"]):
            wrong.append("uom")
    if "ship_to" in truth and truth["ship_to"] is not None:
        read = order.get("ship_to") or {}
        if any(_fold(read.get(k)) != _fold(v) for k, v in truth["ship_to"].items()):
            wrong.append("ship_to")
    if truth.get("hold") and order.get("status") == "ready":
        wrong.append(f"not held ({truth['hold']})")
    return wrong


def _fold(value: object) -> object:
    """An address part as compared: the case the document printed it in ("LYON", "Lyon") is no error."""
    return value.casefold() if isinstance(value, str) else value


def line_date(order: dict) -> str | None:
    """The delivery date the lines agree on, where the document dates its lines, not its header."""
    dates = {ln.get("requested_date") for ln in order.get("lines") or []}
    return dates.pop() if len(dates) == 1 and order.get("requested_delivery_date") is None else None


def orders_in(result: dict) -> list[dict]:
    found = [o["order"] for o in result.get("orders", []) if o["order"].get("status") != "duplicate"]
    for part in result.get("parts", []):
        found += orders_in(part)
    return found


def run(corpus: Path, root: Path, only: str | None, verbose: bool,
        figures: dict[str, dict] | None = None) -> dict[str, dict]:
    conversions = corpus / "masterdata" / "unit_conversions.toml"
    extra = {"decide": {"rules": {"conversions_file": conversions}}} if conversions.exists() else None
    ctx = build_context(load_test_config(write_config(root / "gw", extra, master_data=corpus / "masterdata")))
    units = product_units(corpus)
    if figures is None:
        figures = defaultdict(lambda: {"docs": 0, "accepted": 0, "accepted_wrong": 0, "correct": 0,
                                       "reasons": Counter(), "wrong": Counter(), "scored": []})
    for path in sorted((corpus / "docs").iterdir()):
        if path.suffix == ".json" or path.suffix not in TYPES:
            continue
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if only and truth["family"] != only:
            continue
        data = path.read_bytes()
        received = datetime.fromisoformat(truth.get("received_on") or truth["order_date"]).replace(hour=10, tzinfo=timezone.utc)
        doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                             received_at=received, sender=truth["sender"], filename=path.name,
                             content_type=TYPES[path.suffix])
        got = orders_in(extract_bytes(ctx, data, doc))
        f = figures[truth["family"]]
        f["docs"] += 1
        wrong = wrong_fields(got[0], truth, units) if len(got) == 1 else ["order_count"]
        ready = len(got) == 1 and got[0]["status"] == "ready"
        f["correct"] += not wrong
        f["accepted"] += ready
        f["accepted_wrong"] += ready and bool(wrong)
        f["wrong"].update(set(wrong))
        # for the leave-one-family-out table: the order's confidence when nothing but the threshold could hold it
        free = len(got) == 1 and got[0]["status"] in ("ready", "review") and not any(
            i["severity"] == "error" for i in got[0]["issues"])
        f["scored"].append(Scored(truth["family"], got[0]["confidence"] if free else -1.0, not wrong, True))
        reasons = sorted({i["code"] for g in got for i in g["issues"] if i["severity"] == "error"}) if not ready else []
        f["reasons"].update(reasons or ([] if ready else ["NO-ORDER" if not got else "HELD"]))
        if verbose:
            issues = [f"{i['code']}({i.get('field', '')})" for g in got for i in g["issues"] if i["severity"] == "error"]
            print(f"  {path.name:24s} {'ready' if ready else 'held ':5s} wrong={sorted(set(wrong))} {issues[:6]}")
    return figures


def report(figures: dict[str, dict]) -> None:
    print(f"{'family':14s} {'set':8s} {'docs':>4s} {'auto-accepted wrong':>19s} {'fully correct':>13s} "
          f"{'touchless':>9s}  held for / wrong fields")
    groups: dict[str, Counter] = defaultdict(Counter)
    for family in sorted(figures):
        f = figures[family]
        group = "held out" if family in HELD_OUT else "tuned"
        groups[group].update({k: f[k] for k in ("docs", "accepted", "accepted_wrong", "correct")})
        groups["all"].update({k: f[k] for k in ("docs", "accepted", "accepted_wrong", "correct")})
        notes = ", ".join(f"{k} x{v}" for k, v in f["reasons"].most_common())
        if f["wrong"]:
            notes += ("; " if notes else "") + "wrong: " + ", ".join(f"{k} x{v}" for k, v in f["wrong"].most_common())
        print(f"{family:14s} {group:8s} {f['docs']:4d} {f['accepted_wrong']:8d} of {f['accepted']:<8d} "
              f"{100 * f['correct'] / f['docs']:12.1f}% {100 * f['accepted'] / f['docs']:8.1f}%  {notes}")
    for group in ("tuned", "held out", "all"):
        g = groups[group]
        if g["docs"]:
            print(f"{group:23s} {g['docs']:4d} {g['accepted_wrong']:8d} of {g['accepted']:<8d} "
                  f"{100 * g['correct'] / g['docs']:12.1f}% {100 * g['accepted'] / g['docs']:8.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus (repeatable; default the fixtures')")
    parser.add_argument("--only", help="one family")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per document")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = None
        for n, corpus in enumerate(args.corpus or [CORPUS]):
            figures = run(corpus, Path(tmp) / str(n), args.only, args.verbose, figures)
        floor = load_test_config(write_config(Path(tmp) / "floor")).pipeline.review_threshold
    report(figures)
    print()
    print_lofo([s for f in figures.values() for s in f["scored"]], floor, "real producers, gateway extract")


if __name__ == "__main__":
    main()

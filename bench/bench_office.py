"""Office documents and HTML e-mails through the whole pipeline: Word forms, sheets as customers send them, HTML
order tables; auto-accepted wrong, fully correct, touchless.

Every document of a folder (default ``tests/fixtures/office``, made by its ``make_office.py``; the tuned set)
goes through identify -> extract -> map -> validate -> decide as ``gateway extract`` runs it, with the
real-producer master data, as an e-mail attachment (an ``.eml`` as the e-mail itself) from the customer's
address received on the order's date (10:00 UTC), and is compared with its truth field for field
(``bench_real_gateway.wrong_fields``). A truth saying ``"expect": "held"`` is right when the order waits
for a person (or the document does, ``FORMAT-UNSUPPORTED``). ``--docs`` scores another folder of the same
shape (a held-out set, its truth beside each document as ``<name>.json`` or ``<name>_<ext>.json``);
``--docs tests/fixtures/real_producers/src`` scores the real-producer sources themselves (the Word forms
and sheets the checked-in PDFs were printed from) against their prints' truth.

    PYTHONPATH=. .venv/bin/python bench/bench_office.py [--docs FOLDER] [-v]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_real_gateway import orders_in, product_units, wrong_fields  # noqa: E402
from gateway.app import build_context  # noqa: E402
from gateway.oneshot import extract_bytes  # noqa: E402
from gateway.store.journal import DocumentRecord, new_id  # noqa: E402
from testkit.harness import load_test_config, write_config  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MASTER = REPO / "tests" / "fixtures" / "real_producers"
TYPES = {".csv": "text/csv", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xls": "application/vnd.ms-excel",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".odt": "application/vnd.oasis.opendocument.text", ".doc": "application/msword", ".eml": "message/rfc822"}


def truth_of(path: Path) -> dict:
    own = path.with_name(f"{path.stem}_{path.suffix[1:]}.json")
    beside = path.with_suffix(".json")
    printed = path.parent.parent / "docs" / f"{path.stem}.json"  # a real-producer source: its print's truth
    truth = json.loads(next(p for p in (own, beside, printed) if p.exists()).read_text(encoding="utf-8"))
    for line in truth["lines"]:
        line.setdefault("uom", None)
    return truth


def score(docs: Path, verbose: bool) -> dict[str, int]:
    figures = {"docs": 0, "accepted": 0, "accepted_wrong": 0, "correct": 0}
    with tempfile.TemporaryDirectory() as tmp:
        ctx = build_context(load_test_config(write_config(Path(tmp) / "gw", master_data=MASTER / "masterdata")))
        units = product_units(MASTER)
        for path in sorted(p for p in docs.iterdir() if p.suffix in TYPES and (
                p.with_suffix(".json").exists() or p.with_name(f"{p.stem}_{p.suffix[1:]}.json").exists()
                or (p.parent.parent / "docs" / f"{p.stem}.json").exists())):
            truth = truth_of(path)
            data = path.read_bytes()
            received = datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc)
            doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                                 channel="email", received_at=received, sender=truth["sender"], filename=path.name,
                                 content_type=TYPES[path.suffix])
            result = extract_bytes(ctx, data, doc)
            got = orders_in(result)
            ready = len(got) == 1 and got[0]["status"] == "ready"
            if truth.get("expect") == "held":
                unsupported = any(p["code"] == "FORMAT-UNSUPPORTED" for p in result.get("problems", []))
                wrong = [] if (got or unsupported) and not any(g["status"] == "ready" for g in got) else ["not held"]
            else:
                wrong = wrong_fields(got[0], truth, units) if len(got) == 1 else ["order_count"]
            figures["docs"] += 1
            figures["correct"] += not wrong
            figures["accepted"] += ready
            figures["accepted_wrong"] += ready and bool(wrong)
            if verbose:
                codes = sorted({i["code"] for g in got for i in g["issues"] if i["severity"] == "error"})
                print(f"  {path.name:26s} {'ready' if ready else 'held ':5s} wrong={sorted(set(wrong))} {codes[:6]}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=Path, default=REPO / "tests" / "fixtures" / "office")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    f = score(args.docs, args.verbose)
    print(f"{args.docs.name}: {f['docs']} documents, auto-accepted wrong {f['accepted_wrong']} of {f['accepted']}, "
          f"fully correct {100 * f['correct'] / f['docs']:.1f}%, touchless {100 * f['accepted'] / f['docs']:.1f}%")


if __name__ == "__main__":
    main()

"""Document-capture benchmark: accuracy, touchless rate, calibration and OCR cost per channel.

    .venv/bin/python bench/bench_capture.py [--seed 7] [--pdf 60] [--fine 60] [--standard 60]
        [--workers 2] [--threshold 0.9] [--corpus DIR] [--no-raw] [--real DIR ... | --no-real]

Generates the corpus (``testkit/capture_corpus.py``) unless ``--corpus`` names one, runs each
document through the gateway's capture chain (``testkit/capture_truth.capture_document``) in a
process pool, and, for fax pages, a plain ``tesseract PAGE stdout -l LANG tsv`` on the raw page
(both with OMP_THREAD_LIMIT=1) whose words go through the same layout and scoring, so the two
accuracies compare the image clean-up and OCR settings only. Each order is scored as for a customer
with five past orders in the journal (their PO numbers in the customer's format, for the PO-shape
check); the touchless rate without that history is printed beside it. A field counts wrong only when the
ERP would receive a wrong value (``testkit/capture_truth.compare``): units, quantities and unit prices are
compared in the product's own unit through the gateway's unit table and conversions (``testkit/erp_values``).

The real-producer corpus (``tests/fixtures/real_producers``: Chromium-printed HTML, LibreOffice
exports of DOCX, XLSX, ODS and CSV, reportlab, sheets, Word files, a portal's screenshot) is read
too, as e-mailed attachments of its customers, each by the reader the gateway's registry picks for
it, and every order of both corpora is scored leave-one-layout-family-out (``bench/capture_lofo.py``): per family, auto-accepted orders with any wrong field, fully correct
and touchless, with the threshold fixed on the other families (held out) beside the same with it
fixed on all (tuned). ``--real-faxes DIR`` (repeatable) adds the faxes of real-producer orders
``bench/make_real_faxes.py`` writes (``DIR/fax_fine``, ``DIR/fax_standard``: G4 TIFFs and fax servers' PDFs),
each producer on each resolution a family of its own (``realfax_fine/calc_form``), scored with the others and
left out in turn, e.g.

    .venv/bin/python bench/make_real_faxes.py --out /tmp/rf --seed 1301 --fine 10 --standard 20
    .venv/bin/python bench/bench_capture.py --pdf 0 --fine 0 --standard 0 --no-raw --real-faxes /tmp/rf

``--real DIR`` (repeatable) scores other corpora of that shape instead: the ERP prints, Calc
sheets and portal prints ``bench/make_real_extra.py`` writes, each family of them left out in turn, e.g.

    .venv/bin/python bench/bench_capture.py --pdf 0 --fine 0 --standard 0 --real tests/fixtures/real_producers \
        --real /tmp/extra/erp --real /tmp/extra/portal --real /tmp/extra/calc
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from testkit.capture_corpus import CUSTOMERS, past_po_numbers  # noqa: E402
from bench.capture_lofo import Scored, print_lofo  # noqa: E402
from testkit.capture_truth import FieldCheck, capture, compare, fully_correct, hints_for, reader_for  # noqa: E402
from extractors.base import ExtractHints  # noqa: E402
from extractors.capture.layout import read_order_document  # noqa: E402
from extractors.capture.ocr import EXTRACTOR as OCR  # noqa: E402
from extractors.capture.ocr import words_from_tsv  # noqa: E402
from extractors.capture.pdf_text import EXTRACTOR as PDF  # noqa: E402
from extractors.capture.words import PageWords  # noqa: E402
from gateway.reference.masterdata import MasterData, load_master_data  # noqa: E402
from gateway.model import DocType  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CHANNEL_NAMES = {"pdf": "text PDF", "fax_fine": "fine fax", "fax_standard": "standard fax",
                 "real": "real producers (e-mailed PDFs and sheets)",
                 "realfax_fine": "real-producer faxes, fine", "realfax_standard": "real-producer faxes, standard"}
REAL_CORPUS = REPO / "tests" / "fixtures" / "real_producers"
LAYOUT_OF = {c.customer_id: c.layout for c in CUSTOMERS}
BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)


@dataclass(frozen=True)
class Job:
    path: Path
    channel: str
    masterdata: Path
    raw: bool


@dataclass
class Run:
    seconds: float
    checks: list[FieldCheck]
    confidence: float
    is_order: bool


@dataclass
class DocResult:
    channel: str
    name: str
    pages: int
    gateway: Run
    raw: Run | None = None
    error: str | None = None
    no_history: Run | None = None  # the gateway's reading scored without the customer's past PO numbers
    family: str = ""
    order_day: int | None = None
    language: str | None = None


def run_job(job: Job) -> DocResult:
    """One document through the gateway chain (and raw tesseract for faxes); in a worker."""
    md = load_master_data(job.masterdata)
    truth = json.loads(job.path.with_suffix(".json").read_text(encoding="utf-8"))
    real = job.channel == "real"
    fax_channel = job.channel.removeprefix("real")  # a real-producer fax is read as any fax
    hints = hints_for(truth, "email" if real else fax_channel, md, REPO / "mappings")
    data = job.path.read_bytes()
    if real:  # an attachment goes to the reader the gateway picks for its type (PDF, sheet, Word, image)
        extractor = reader_for(data, job.path.name)
    else:  # a fax server's PDF: the PDF reader hands its pages to the fax reader
        extractor = PDF if job.channel == "pdf" or data.startswith(b"%PDF") else OCR
    start = time.perf_counter()
    extraction = extractor.extract(data, hints)
    seconds = time.perf_counter() - start
    history = [] if real else past_po_numbers(truth["customer_id"])
    got = capture(extraction, md, hints.sender, history)
    gateway = Run(seconds, compare(truth, got), got.confidence, got.doc_type == DocType.ORDER)
    alone = capture(extraction, md, hints.sender)
    no_history = Run(seconds, compare(truth, alone), alone.confidence, alone.doc_type == DocType.ORDER)
    raw = raw_tesseract(data, hints, md, truth, history) if job.raw else None
    family = (truth["family"] if real else f"{job.channel}/{truth['layout']}" if job.channel.startswith("realfax")
              else f"{job.channel}/{LAYOUT_OF[truth['customer_id']]}")
    return DocResult(job.channel, job.path.stem, extraction.pages or 1, gateway, raw, no_history=no_history,
                     family=family, order_day=int(truth["order_date"][8:10]) if truth.get("order_date") else None,
                     language=truth.get("language") or md.customers[truth["customer_id"]].language)


def raw_tesseract(data: bytes, hints: ExtractHints, md: MasterData, truth: dict, history: list[str]) -> Run:
    """Plain tesseract CLI on each raw page as stored; its words through the same layout."""
    pages, seconds = [], 0.0
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp, Image.open(io.BytesIO(data)) as image:
        for n in range(getattr(image, "n_frames", 1)):
            image.seek(n)
            path = Path(tmp) / f"page{n + 1}.tif"
            image.save(path, compression="group4", dpi=image.info.get("dpi", (204, 196)))
            start = time.perf_counter()
            out = subprocess.run(["tesseract", str(path), "stdout", "-l", "+".join(hints.languages), "tsv"],
                                 capture_output=True, env=env, check=True).stdout.decode("utf-8")
            seconds += time.perf_counter() - start
            pages.append(PageWords(n + 1, float(image.width), float(image.height),
                                   tuple(words_from_tsv(_tsv(out), n + 1))))
    got = capture(read_order_document(pages, hints, "tesseract", ocr=True), md, hints.sender, history)
    return Run(seconds, compare(truth, got), got.confidence, got.doc_type == DocType.ORDER)


def _tsv(text: str) -> dict[str, list]:
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    keys = ("text", "conf", "left", "top", "width", "height")
    return {k: [r.get(k) or ("" if k == "text" else "-1") for r in rows] for k in keys}


# --- report -------------------------------------------------------------------------------


@dataclass
class Tally:
    docs: int = 0
    pages: int = 0
    seconds: float = 0.0
    correct_docs: int = 0
    accepted: int = 0
    accepted_correct: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    buckets: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in BUCKETS[:-1]])


def tally(runs: list[tuple[int, Run]], threshold: float) -> Tally:
    t = Tally()
    for pages, run in runs:
        t.docs += 1
        t.pages += pages
        t.seconds += run.seconds
        ok = run.is_order and fully_correct(run.checks)
        t.correct_docs += ok
        if run.is_order and run.confidence >= threshold:
            t.accepted += 1
            t.accepted_correct += ok
        for c in run.checks:
            t.fields[c.field][0] += c.correct
            t.fields[c.field][1] += 1
            b = next(i for i in range(len(BUCKETS) - 1) if c.confidence < BUCKETS[i + 1])
            t.buckets[b][0] += c.correct
            t.buckets[b][1] += 1
    return t


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:6.1f}%" if b else "    n/a"


def field_accuracy(t: Tally, reported: bool = False) -> tuple[int, int]:
    keys = [k for k in t.fields if (k == "description") == reported]
    return sum(t.fields[k][0] for k in keys), sum(t.fields[k][1] for k in keys)


def report(results: list[DocResult], threshold: float, command: str) -> None:
    print(f"\ncommand: {command}\n")
    for channel, title in CHANNEL_NAMES.items():
        mine = [r for r in results if r.channel == channel and r.error is None]
        if not mine:
            continue
        g = tally([(r.pages, r.gateway) for r in mine], threshold)
        print(f"== {title}: {g.docs} documents, {g.pages} pages "
              f"({sum(1 for r in results if r.channel == channel and r.error)} failed)")
        ok, n = field_accuracy(g)
        print(f"  field accuracy            {pct(ok, n)}  ({ok}/{n})")
        for name, (a, b) in sorted(g.fields.items()):
            print(f"    {name:24s}{pct(a, b)}  ({a}/{b})")
        print(f"  orders fully correct      {pct(g.correct_docs, g.docs)}")
        print(f"  touchless (conf >= {threshold:.2f})  {pct(g.accepted, g.docs)}  "
              f"auto-accepted fully correct {pct(g.accepted_correct, g.accepted)} ({g.accepted_correct}/{g.accepted})")
        alone = tally([(r.pages, r.no_history) for r in mine if r.no_history is not None], threshold)
        print(f"  without PO history        {pct(alone.accepted, alone.docs)}  "
              f"auto-accepted fully correct {pct(alone.accepted_correct, alone.accepted)} "
              f"({alone.accepted_correct}/{alone.accepted})")
        print("  calibration (field confidence bucket: fields, observed accuracy)")
        for i, (a, b) in enumerate(g.buckets):
            if b:
                print(f"    [{BUCKETS[i]:.2f}, {min(BUCKETS[i + 1], 1.0):.2f}{')' if i < len(BUCKETS) - 2 else ']'}"
                      f"  {b:6d}  {pct(a, b)}")
        print(f"  gateway seconds per page  {g.seconds / max(g.pages, 1):6.2f}  (clean-up + OCR + layout)")
        raws = [(r.pages, r.raw) for r in mine if r.raw is not None]
        if raws:
            t = tally(raws, threshold)
            rok, rn = field_accuracy(t)
            print(f"  raw tesseract s/page      {t.seconds / max(t.pages, 1):6.2f}  -> overhead "
                  f"{(g.seconds / max(g.pages, 1)) / max(t.seconds / max(t.pages, 1), 1e-9):4.2f}x")
            print(f"  field accuracy gateway {pct(ok, n)} vs raw tesseract {pct(rok, rn)}; fully correct "
                  f"{pct(g.correct_docs, g.docs)} vs {pct(t.correct_docs, t.docs)}")
        print()
    scored = [Scored(r.family, r.gateway.confidence, r.gateway.is_order and fully_correct(r.gateway.checks),
                     r.gateway.is_order) for r in results if r.error is None and r.family]
    real = [s for s, r in zip(scored, [r for r in results if r.error is None and r.family]) if r.channel == "real"]
    if real:
        print_lofo(real, threshold, "real producers")
    faxes = [s for s, r in zip(scored, [r for r in results if r.error is None and r.family])
             if r.channel.startswith("realfax")]
    if faxes:
        print_lofo(faxes, threshold, "real-producer faxes (bench/make_real_faxes.py)")
    if real:
        _print_spread([r for r in results if r.channel == "real" and r.error is None])
    if scored:
        print_lofo(scored, threshold, "every family (generated layouts per channel and real producers)")
    for r in results:
        if r.error:
            print(f"FAILED {r.channel}/{r.name}: {r.error}")
    print(f"reproduce: {command}")


def _print_spread(results: list[DocResult]) -> None:
    days = sorted(r.order_day for r in results if r.order_day)
    langs = sorted({r.language for r in results if r.language})
    if days:
        print(f"  order dates: days {days[0]}..{days[-1]} of the month, {sum(d <= 12 for d in days)} of {len(days)} "
              f"with a day <= 12 (day/month ambiguous in figures); languages: {', '.join(langs)}\n")


def _safe(job: Job) -> DocResult:
    try:
        return run_job(job)
    except Exception as exc:  # one bad document must not stop the benchmark
        return DocResult(job.channel, job.path.stem, 0, Run(0.0, [], 0.0, False), None, f"{type(exc).__name__}: {exc}")


def real_documents(folder: Path) -> list[Path]:
    """The documents of the real-producer corpus (each beside its truth JSON)."""
    return sorted(p for p in (folder / "docs").iterdir() if p.suffix != ".json" and p.with_suffix(".json").exists())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pdf", type=int, default=60)
    parser.add_argument("--fine", type=int, default=60)
    parser.add_argument("--standard", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--no-raw", action="store_true", help="skip the plain tesseract comparison")
    parser.add_argument("--dump", type=Path, default=None, help="write per-document results as JSON lines")
    parser.add_argument("--real", type=Path, action="append", default=None,
                        help="real-producer corpus folder (repeatable: bench/make_real_extra.py writes more; "
                             "default the checked-in fixtures)")
    parser.add_argument("--no-real", action="store_true", help="skip the real-producer corpus")
    parser.add_argument("--real-faxes", type=Path, action="append", default=[],
                        help="a corpus of bench/make_real_faxes.py (repeatable): its faxes as families of their own")
    args = parser.parse_args(argv)
    command = "python bench/bench_capture.py " + " ".join(argv if argv is not None else sys.argv[1:])
    from testkit.capture_corpus import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp)
        if not (corpus / "masterdata" / "products.csv").exists():
            generate_corpus(corpus, args.seed, args.pdf, args.fine, args.standard)
        jobs = []
        for channel, count in (("pdf", args.pdf), ("fax_fine", args.fine), ("fax_standard", args.standard)):
            paths = sorted((corpus / channel).glob("*.pdf" if channel == "pdf" else "*.tif"))[:count]
            jobs += [Job(p, channel, corpus / "masterdata", channel != "pdf" and not args.no_raw) for p in paths]
        for folder in args.real_faxes:
            for channel in ("fax_fine", "fax_standard"):
                paths = sorted([*(folder / channel).glob("*.tif"), *(folder / channel).glob("*.pdf")])
                # raw tesseract reads TIFFs only: a fax server's PDF is read by the gateway alone
                jobs += [Job(p, f"real{channel}", folder / "masterdata", not args.no_raw and p.suffix == ".tif")
                         for p in paths]
        if not args.no_real:
            for folder in args.real or [REAL_CORPUS]:
                jobs += [Job(p, "real", folder / "masterdata", False) for p in real_documents(folder)]
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(_safe, jobs, chunksize=1))
    if args.dump:
        with args.dump.open("w") as fh:
            for r in results:
                fh.write(json.dumps({"channel": r.channel, "name": r.name, "family": r.family, "error": r.error,
                                     "confidence": r.gateway.confidence, "is_order": r.gateway.is_order,
                                     "wrong": [(c.field, c.confidence) for c in r.gateway.checks if not c.correct],
                                     "raw_wrong": [(c.field, c.confidence) for c in r.raw.checks if not c.correct]
                                     if r.raw else None}) + "\n")
    report(results, args.threshold, command)
    return 0


if __name__ == "__main__":
    from bench.bench_capture import main as package_main

    raise SystemExit(package_main())

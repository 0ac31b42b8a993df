"""OCR engines side by side on generated faxes: tesseract alone, RapidOCR alone, both by agreement,
and plain tesseract on the raw pages.

    nice -n 10 .venv/bin/python bench/bench_ocr_engines.py [--seed 7] [--fine 12] [--standard 12]
        [--workers 1] [--threshold 0.9] [--corpus DIR] [--modes both,tesseract,rapidocr,raw]

The faxes are made by ``testkit/capture_corpus.py`` (orders drawn with ``capture_layouts``, turned
into fine or standard fax TIFFs by ``capture_fax``), each run through
``extractors.capture.ocr.OcrExtractor(engines=...)`` and scored as the validate stage would
(``testkit/capture_truth.capture``, with five past PO numbers of the customer). Per channel and
mode: fields right, whole lines right (SKU, quantity, unit, price, amount), orders fully right,
touchless (order confidence >= threshold) and, of those, how many were wrong; modes "both-all"
(RapidOCR reads every line it finds, not only where tesseract's reading says it matters),
"both-prev" (as before ``extractors.capture.arbiter``: the agreement's reading only, RapidOCR's
whole reading never the base, no single number taken from RapidOCR's incomplete row,
tesseract's further readings of doubtful places made, crops recognised 12 to a batch) and "both-old" (detection at half size,
not 0.4, and the table rules removed a second time for RapidOCR's ink instead of reusing
tesseract's page: the cost before) give old and new side by side in one run; CPU seconds per
page (``getrusage`` of the worker and its children: every engine runs on one thread, so this is the cost
on one core whatever else the machine is doing; tesseract's own processes included) beside wall
seconds; the peak resident memory
of a worker; the CPU cost of the vertical upscale of standard-resolution pages (``_upscale_cpu``).
Results are also given per layout family: no setting is fitted per family, so each
family's figures are held-out figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_capture import raw_tesseract  # noqa: E402
from testkit.capture_corpus import past_po_numbers  # noqa: E402
from testkit.capture_truth import FieldCheck, capture, compare, fully_correct, hints_for  # noqa: E402
from extractors.capture.ocr import OcrExtractor  # noqa: E402
from gateway.reference.masterdata import load_master_data  # noqa: E402
from gateway.model import DocType  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MODES = ("both", "both-prev", "both-all", "both-old", "tesseract", "rapidocr", "raw")
LINE_KEYS = ("sku", "quantity", "uom", "unit_price", "amount")


@dataclass(frozen=True)
class Job:
    path: Path
    channel: str
    masterdata: Path
    mode: str


@dataclass
class Result:
    channel: str
    family: str
    mode: str
    name: str = ""
    pages: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    checks: list[FieldCheck] = field(default_factory=list)
    confidence: float = 0.0
    is_order: bool = False
    lines_right: int = 0
    lines: int = 0
    peak_mb: float = 0.0
    upscale_cpu: float = 0.0
    error: str | None = None
    low: list = field(default_factory=list)  # the least sure fields (why an order is not touchless)
    problems: list = field(default_factory=list)  # the reading's problem codes


def run_job(job: Job) -> Result:
    truth = json.loads(job.path.with_suffix(".json").read_text(encoding="utf-8"))
    out = Result(job.channel, truth.get("layout", "?"), job.mode, job.path.stem)
    try:
        md = load_master_data(job.masterdata)
        hints = hints_for(truth, job.channel, md, REPO / "mappings")
        data = job.path.read_bytes()
        history = past_po_numbers(truth["customer_id"])
        cpu, wall = _cpu(), time.perf_counter()
        if job.mode == "raw":
            run = raw_tesseract(data, hints, md, truth, history)
            out.checks, out.confidence, out.is_order = run.checks, run.confidence, run.is_order
            out.cpu, out.wall = _cpu() - cpu, run.seconds  # tesseract's own processes and the layout
            out.pages = _pages(data)
        else:
            import extractors.capture.ocr as ocr_module
            from extractors.capture import rapid_engine
            from extractors.capture import agreement, arbiter
            ocr_module.RAPID_EVERYWHERE = job.mode == "both-all"
            # as before: no RapidOCR whole reading as the base, tesseract's further readings made
            previous = job.mode == "both-prev"
            arbiter.ENABLED, ocr_module.REREAD_WITH_RAPID = not previous, previous
            agreement.ONE_NUMBER = not previous
            rapid_engine.REC_BATCH = 12 if previous else rapid_engine.REC_BATCH  # before the engine is made
            if job.mode == "both-old":  # as before: detection at half size, the rules removed again for the ink
                rapid_engine.DET_SCALE = 0.5
                ocr_module._ink = _old_ink
            if data.startswith(b"%PDF"):  # a fax server's PDF: the PDF reader hands its pages to the fax reader
                from extractors.capture.pdf_text import PdfTextExtractor
                ocr_module.default_engines = lambda named=job.mode.split("-")[0]: named
                extraction = PdfTextExtractor().extract(data, hints)
            else:
                extraction = OcrExtractor(job.mode.split("-")[0]).extract(data, hints)
            out.cpu, out.wall = _cpu() - cpu, time.perf_counter() - wall
            got = capture(extraction, md, hints.sender, history)
            out.checks, out.confidence = compare(truth, got), got.confidence
            out.is_order = got.doc_type == DocType.ORDER
            out.pages = extraction.pages or 1
            out.low, out.problems = _least_sure(got), sorted({p.code for o in extraction.orders for p in o.problems}
                                                             | {p.code for p in extraction.problems})
        out.upscale_cpu = _upscale_cpu(data) if not data.startswith(b"%PDF") else 0.0
        out.lines_right, out.lines = _whole_lines(out.checks)
    except Exception as exc:  # one bad document must not stop the benchmark
        out.error = f"{type(exc).__name__}: {exc}"
    out.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _least_sure(got) -> list:
    """The fields ``order_confidence`` takes the least of, least sure first: why an order is held."""
    from gateway.stages.item_matching import LINE_FIELDS as SCORED, OPTIONAL_HEADER, REQUIRED_HEADER

    order = got.order
    if order is None:
        return []
    found = [(f, round(order.confidence.get(f, 0.0), 3)) for f in REQUIRED_HEADER]
    found += [(f, round(order.confidence[f], 3)) for f in OPTIONAL_HEADER if f in order.confidence]
    for n, ln in enumerate(order.lines, 1):
        found += [(f"lines[{n}].{f}", round(ln.confidence.get(f, 0.0), 3)) for f in ("sku", "quantity")]
        found += [(f"lines[{n}].{f}", round(ln.confidence[f], 3)) for f in SCORED[2:] if f in ln.confidence]
    return sorted(found, key=lambda fc: fc[1])[:4]


def _upscale_cpu(data: bytes) -> float:
    """CPU seconds of the vertical upscale of the document's standard-resolution pages (to square
    pixels, then ``STANDARD_FAX_UPSCALE`` larger, as ``image_prep.prepare_for_ocr`` does), measured
    again apart; part of the mode's cpu s/page, 0 for fine pages."""
    import cv2

    from extractors.base import Limits
    from extractors.capture.image_prep import STANDARD_FAX_RATIO, STANDARD_FAX_UPSCALE, open_image_pages, square_pixels
    spent = 0.0
    for raw in open_image_pages(data, Limits()):
        if raw.y_dpi >= STANDARD_FAX_RATIO * raw.x_dpi:
            continue
        start = time.process_time()
        gray, _ = square_pixels(raw)
        h, w = gray.shape
        cv2.resize(gray, (round(w * STANDARD_FAX_UPSCALE), round(h * STANDARD_FAX_UPSCALE)), interpolation=cv2.INTER_CUBIC)
        spent += time.process_time() - start
    return spent


def _old_ink(prep, shape):
    from extractors.capture.image_prep import remove_rules
    return remove_rules(prep.straight.binary, prep.straight.dpi)


def _cpu() -> float:
    """CPU seconds of this worker and of the tesseract processes it ran."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _pages(data: bytes) -> int:
    import io

    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:
        return getattr(image, "n_frames", 1)


def _whole_lines(checks: list[FieldCheck]) -> tuple[int, int]:
    """Truth lines whose five line fields are all right (``compare`` lists them line by line)."""
    fields = [c for c in checks if c.field in LINE_KEYS]
    groups = [fields[i:i + len(LINE_KEYS)] for i in range(0, len(fields), len(LINE_KEYS))]
    return sum(all(c.correct for c in g) for g in groups), len(groups)


@dataclass
class Tally:
    docs: int = 0
    pages: int = 0
    cpu: float = 0.0
    wall: float = 0.0
    fields_ok: int = 0
    fields: int = 0
    lines_ok: int = 0
    lines: int = 0
    correct: int = 0
    accepted: int = 0
    accepted_wrong: int = 0
    peak_mb: float = 0.0
    upscale_cpu: float = 0.0

    def add(self, r: Result, threshold: float) -> None:
        ok = r.is_order and fully_correct(r.checks)
        self.docs += 1
        self.pages += r.pages
        self.cpu += r.cpu
        self.wall += r.wall
        self.upscale_cpu += r.upscale_cpu
        counted = [c for c in r.checks if c.field != "description"]
        self.fields_ok += sum(c.correct for c in counted)
        self.fields += len(counted)
        self.lines_ok += r.lines_right
        self.lines += r.lines
        self.correct += ok
        if r.is_order and r.confidence >= threshold:
            self.accepted += 1
            self.accepted_wrong += not ok
        self.peak_mb = max(self.peak_mb, r.peak_mb)


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "  n/a"


def report(results: list[Result], threshold: float, command: str) -> None:
    print(f"command: {command}\n")
    header = (f"{'channel':22s}{'mode':11s}{'docs':>5s}{'fields':>8s}{'lines':>8s}{'orders':>8s}"
              f"{'touchless':>10s}{'acc.wrong':>10s}{'cpu s/p':>9s}{'wall s/p':>9s}{'peak MB':>9s}{'upsc s/p':>9s}")
    for group in ("all", "family"):
        print(header if group == "all" else "\nper layout family (held out: nothing is fitted per family)\n" + header)
        tallies: dict[tuple, Tally] = defaultdict(Tally)
        for r in results:
            if r.error is None:
                key = (r.channel, r.mode) if group == "all" else (f"{r.channel}/{r.family}", r.mode)
                tallies[key].add(r, threshold)
        for (channel, mode), t in sorted(tallies.items(), key=lambda kv: (kv[0][0], MODES.index(kv[0][1]))):
            print(f"{channel:22s}{mode:11s}{t.docs:5d}{pct(t.fields_ok, t.fields):>8s}{pct(t.lines_ok, t.lines):>8s}"
                  f"{pct(t.correct, t.docs):>8s}{pct(t.accepted, t.docs):>10s}{t.accepted_wrong:>10d}"
                  f"{t.cpu / max(t.pages, 1):9.2f}{t.wall / max(t.pages, 1):9.2f}"
                  f"{t.peak_mb if mode != 'raw' else 0:9.0f}{t.upscale_cpu / max(t.pages, 1):9.3f}")
    for r in results:
        if r.error:
            print(f"FAILED {r.channel}/{r.mode}: {r.error}")
    print(f"\ntouchless: order confidence >= {threshold}; acc.wrong: touchless orders not fully right; "
          "raw: plain tesseract CLI on the stored page, its words through the same layout and scoring "
          "(cpu: the tesseract processes and the layout; wall: tesseract's alone); "
          "peak MB: largest resident size of a worker that ran the mode; upsc s/p: CPU s/page of the vertical "
          "upscale of standard-resolution pages (square pixels, then enlarged), measured again apart: part of cpu s/p")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fine", type=int, default=12)
    parser.add_argument("--standard", type=int, default=12)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--dump", type=Path, default=None, help="per-document results as JSON lines")
    args = parser.parse_args(argv)
    command = "python bench/bench_ocr_engines.py " + " ".join(argv if argv is not None else sys.argv[1:])
    modes = [m for m in args.modes.split(",") if m]
    from testkit.capture_corpus import generate_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp)
        if not (corpus / "masterdata" / "products.csv").exists():
            generate_corpus(corpus, args.seed, 0, args.fine, args.standard)
        jobs = []
        for channel, count in (("fax_fine", args.fine), ("fax_standard", args.standard)):
            # a fax TIFF, or the PDF a fax server made of one (``bench/make_real_faxes.py``)
            paths = sorted([*(corpus / channel).glob("*.tif"), *(corpus / channel).glob("*.pdf")])
            for path in paths[:count]:
                jobs += [Job(path, channel, corpus / "masterdata", mode) for mode in modes]
        # one pool per mode: a worker's peak memory then belongs to that mode
        results: list[Result] = []
        for mode in modes:
            # forkserver: the corpus was drawn in this process (OpenCV's threads started), and a
            # forked child then hangs in cv2.setNumThreads
            with ProcessPoolExecutor(max_workers=args.workers, mp_context=get_context("forkserver")) as pool:
                results += list(pool.map(run_job, [j for j in jobs if j.mode == mode], chunksize=1))
    if args.dump:
        with args.dump.open("w") as fh:
            for r in results:
                fh.write(json.dumps({"name": r.name, "channel": r.channel, "family": r.family, "mode": r.mode,
                                     "error": r.error, "confidence": r.confidence, "low": r.low, "problems": r.problems, "wrong": [(c.field, c.confidence)
                                                                           for c in r.checks if not c.correct]})
                         + "\n")
    report(results, args.threshold, command)
    return 0


if __name__ == "__main__":
    from bench.bench_ocr_engines import main as package_main

    raise SystemExit(package_main())

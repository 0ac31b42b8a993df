"""EDI throughput benchmark: the gateway's EDIFACT and X12 paths against pydifact's parser.

    .venv/bin/python bench/bench_edi.py [--mb 30] [--x12-mb 30] [--seed 7] [--pydifact-mb N]

Generates (deterministically, from the seed) into ``bench/out/edi`` an EDIFACT set of about ``--mb``
megabytes: files of several interchanges, thousands of ORDERS with 3..40 lines, separators varying
from file to file (UNA), release escapes in names and descriptions, UNOC and UNOW, CRLF after
terminators in some files; and an X12 850 set with varying delimiters. Then, in one run, it times

(a) pydifact's own parser (``Parser().parse`` over every segment of the same decoded files),
(b) the gateway's EDIFACT path end to end, bytes to ``ExtractedOrder`` (``extractors.edi.edifact``),
    and its tokenizer alone (bytes to segments and envelopes); when the readers are compiled
    (``make native``), the same path again with them run as Python (b''),
(c) the gateway's X12 path end to end (``extractors.edi.x12``), and, when it is compiled, again with it
    run as Python (c'),

and prints MB/s, messages/s (UNH segments for pydifact and the tokenizer, orders for the extractors)
and the speedup of (b) over (a). The paths run file by file, interleaved, and are timed in CPU seconds
of this process, so that other work on a shared machine skews them as little as possible.
``--pydifact-mb`` limits pydifact to the first files of the set (its MB/s does not depend on the
amount; it is slow).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydifact.parser import Parser  # noqa: E402

import extractors.edi.edifact as edifact_module  # noqa: E402
from extractors.base import ExtractHints  # noqa: E402
from extractors.edi.edifact import EXTRACTOR as EDIFACT  # noqa: E402
from extractors.edi.edifact_envelope import read_document  # noqa: E402
from extractors.edi.edifact_syntax import CHARSETS, DECIMALS, decode_edifact, gc_paused, parse_date  # noqa: E402
from extractors.edi.native import native_status, python_read_order, source_module  # noqa: E402
from extractors.edi.x12 import EXTRACTOR as X12  # noqa: E402

OUT = Path(__file__).resolve().parent / "out" / "edi"
# component, element, decimal, release, repetition, terminator
UNAS = (":+.? '", ":+,? '", "^*.? $", "|*.\\ ~", ":+.#*'", "\x1f\x1d.?*\x1c")
HINTS = ExtractHints()
X12_DELIMITERS = (("*", ">", "~"), ("|", "^", "\n"), ("*", ":", "'"), ("\x7f", ">", "\x15"), ("~", "|", "\n"))
WORDS = ("bolt", "nut", "washer", "O'Brien", "10+5", "ratio 1:4", "50% off?", "Müller", "Łódź", "naïve",
         "crème", "steel", "M8", "x", "*star*", "zinc-plated", "hex", "DIN 933")


@dataclass
class Timing:
    label: str
    seconds: float
    megabytes: float
    messages: int

    def row(self) -> str:
        return (f"{self.label:<42} {self.megabytes:8.1f} {self.seconds:9.2f} {self.megabytes / self.seconds:9.2f}"
                f" {self.messages / self.seconds:12.0f}")


# --- generation ----------------------------------------------------------------------------------


def _escape(value: str, una: str) -> str:
    release = una[3]
    if release == " ":
        return value
    for char in (release, una[0], una[1], una[5]):
        value = value.replace(char, release + char)
    return value


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _orders_message(rng: random.Random, ref: int, una: str, newline: str) -> list[str]:
    c, e, d, t = una[0], una[1], una[2], una[5]
    esc = (lambda v: _escape(v, una))
    lines = rng.randint(3, 40)
    segments = [f"UNH{e}{ref}{e}ORDERS{c}D{c}96A{c}UN{c}EAN008",
                f"BGM{e}220{e}PO{rng.randint(10**7, 10**8)}{e}9",
                f"DTM{e}137{c}2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{c}102",
                f"DTM{e}2{c}2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{c}102",
                f"FTX{e}AAI{e}{e}{e}{esc(_text(rng, 6))}",
                f"RFF{e}CT{c}{rng.randint(1000, 9999)}",
                f"NAD{e}BY{e}{rng.randint(10**12, 10**13)}{c}{c}9{e}{e}{esc(_text(rng, 3))}{e}"
                f"{esc(_text(rng, 2))}{e}Paris{e}{e}75001{e}FR",
                f"NAD{e}DP{e}{rng.randint(10**12, 10**13)}{c}{c}9",
                f"NAD{e}SU{e}{rng.randint(10**12, 10**13)}{c}{c}9",
                f"CUX{e}2{c}EUR{c}9"]
    for n in range(1, lines + 1):
        qty = f"{rng.randint(1, 500)}"
        price = f"{rng.randint(1, 9999)}{d}{rng.randint(0, 99):02d}"
        segments += [f"LIN{e}{n}{e}{e}{rng.randint(10**12, 10**13)}{c}EN",
                     f"PIA{e}1{e}{rng.randint(10000, 99999)}{c}BP{e}ART-{rng.randint(100, 999)}{c}SA",
                     f"IMD{e}F{e}{e}{c}{c}{c}{esc(_text(rng, rng.randint(2, 6)))}",
                     f"QTY{e}21{c}{qty}{c}PCE",
                     f"PRI{e}AAA{c}{price}",
                     f"DTM{e}2{c}2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{c}102"]
    segments += [f"UNS{e}S", f"CNT{e}2{c}{lines}", f"MOA{e}86{c}{rng.randint(100, 99999)}{d}00"]
    segments.append(f"UNT{e}{len(segments) + 1}{e}{ref}")
    return [s + t + newline for s in segments]


def _edifact_file(rng: random.Random, number: int) -> bytes:
    una = UNAS[number % len(UNAS)]
    charset = "UNOW" if number % 3 == 0 else "UNOC"
    newline = "\r\n" if number % 2 else ""
    c, e, t = una[0], una[1], una[5]
    parts = [f"UNA{una}{newline}"]
    for interchange in range(rng.randint(5, 15)):
        ref = f"{number:05d}{interchange:03d}"
        messages = rng.randint(5, 30)
        parts.append(f"UNB{e}{charset}{c}3{e}{1000 + number}{c}14{e}GATEWAY{c}14{e}260301{c}1200{e}{ref}{t}{newline}")
        for m in range(1, messages + 1):
            parts += _orders_message(rng, m, una, newline)
        parts.append(f"UNZ{e}{messages}{e}{ref}{t}{newline}")
    text = "".join(parts)
    return text.encode(CHARSETS[charset], errors="replace")


def _x12_transaction(rng: random.Random, ref: int, el: str, co: str) -> list[str]:
    lines = rng.randint(3, 40)
    words = [w for w in WORDS if w.isascii() and el not in w and co not in w and "~" not in w and "'" not in w]
    segments = [f"ST{el}850{el}{ref:04d}", f"BEG{el}00{el}SA{el}PO{rng.randint(10**7, 10**8)}{el}{el}20260301",
                f"CUR{el}BY{el}USD", f"REF{el}DP{el}{rng.randint(100, 999)}", f"DTM{el}002{el}20260315",
                f"N1{el}ST{el}{' '.join(rng.choice(words) for _ in range(3))}{el}UL{el}{rng.randint(10**12, 10**13)}",
                f"N3{el}{rng.randint(1, 999)} MAIN ST", f"N4{el}SPRINGFIELD{el}IL{el}62701{el}US"]
    for n in range(1, lines + 1):
        segments += [f"PO1{el}{n}{el}{rng.randint(1, 500)}{el}EA{el}{rng.randint(1, 999)}.{rng.randint(0, 99):02d}"
                     f"{el}{el}BP{el}{rng.randint(10000, 99999)}{el}VP{el}V-{rng.randint(100, 999)}{el}UP{el}"
                     f"{rng.randint(10**11, 10**12)}",
                     f"PID{el}F{el}08{el}{el}{el}{' '.join(rng.choice(words) for _ in range(4))}"]
    segments += [f"CTT{el}{lines}"]
    segments.append(f"SE{el}{len(segments) + 1}{el}{ref:04d}")
    return segments


def _x12_file(rng: random.Random, number: int) -> bytes:
    el, co, term = X12_DELIMITERS[number % len(X12_DELIMITERS)]
    segments: list[str] = []
    for interchange in range(rng.randint(3, 10)):
        control = number * 1000 + interchange
        segments.append(el.join(["ISA", "00", " " * 10, "00", " " * 10, "ZZ", f"{1000 + number:<15}", "ZZ",
                                 f"{'GATEWAY':<15}", "260301", "1200", "U", "00401", f"{control:09d}", "0", "P", co]))
        transactions = rng.randint(5, 30)
        segments.append(el.join(["GS", "PO", str(1000 + number), "GATEWAY", "20260301", "1200", str(control), "X",
                                 "004010"]))
        for ref in range(1, transactions + 1):
            segments += _x12_transaction(rng, ref, el, co)
        segments += [el.join(["GE", str(transactions), str(control)]), el.join(["IEA", "1", f"{control:09d}"])]
    return "".join(s + term + ("\n" if term != "\n" and number % 2 else "") for s in segments).encode("ascii")


def generate(seed: int, megabytes: float, x12_megabytes: float) -> tuple[list[Path], list[Path]]:
    """Write the sets (again) and return their files."""
    rng = random.Random(seed)
    sets: dict[str, list[Path]] = {"edifact": [], "x12": []}
    for kind, target, make in (("edifact", megabytes, _edifact_file), ("x12", x12_megabytes, _x12_file)):
        folder = OUT / kind
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        total, number = 0, 0
        while total < target * 1_000_000:
            data = make(rng, number)
            path = folder / f"{kind}_{number:04d}.{'edi' if kind == 'edifact' else 'x12'}"
            path.write_bytes(data)
            sets[kind].append(path)
            total += len(data)
            number += 1
    return sets["edifact"], sets["x12"]


# --- timing --------------------------------------------------------------------------------------


def _pydifact(text: str) -> int:
    return sum(1 for segment in Parser().parse(text) if segment.tag == "UNH")


def _gateway(extractor, data: bytes) -> int:  # type: ignore[no-untyped-def]
    return len(extractor.extract(data, HINTS).orders)


def _gateway_as_python(read_order, data: bytes) -> int:  # type: ignore[no-untyped-def]
    """Path (b) with the order reader and its model builders run as Python instead of compiled."""
    compiled = edifact_module.read_order
    edifact_module.read_order = read_order
    try:
        return _gateway(EDIFACT, data)
    finally:
        edifact_module.read_order = compiled


def _tokenizer(data: bytes) -> int:
    with gc_paused():
        return sum(len(envelope.messages) for envelope in read_document(data).envelopes)


def _timed(work, *args) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """CPU seconds of this process (steadier than wall time on a shared machine) and the count returned.
    The number and date caches are emptied first, so that no path reads a file another path has just
    warmed them with."""
    DECIMALS.clear()
    parse_date.cache_clear()
    started = time.process_time()
    count = work(*args)
    return time.process_time() - started, count


def time_edifact(files: list[bytes], pydifact_limit: float) -> list[Timing]:
    """The three EDIFACT paths file by file, interleaved, so a change in machine load hits them alike."""
    rows = [Timing("(a) pydifact Parser().parse", 0.0, 0.0, 0),
            Timing("(b) gateway EDIFACT -> ExtractedOrder", 0.0, 0.0, 0),
            Timing("(b') gateway EDIFACT tokenizer + envelopes", 0.0, 0.0, 0)]
    python_reader = python_read_order() if native_status()["extractors.edi.edifact_orders"] == "compiled" else None
    if python_reader is not None:
        rows.append(Timing("(b'') (b) with the readers run as Python", 0.0, 0.0, 0))
    for data in files:
        runs = [(rows[1], _gateway, (EDIFACT, data)), (rows[2], _tokenizer, (data,))]
        if python_reader is not None:
            runs.append((rows[3], _gateway_as_python, (python_reader, data)))
        if rows[0].megabytes * 1e6 < pydifact_limit:
            runs.insert(0, (rows[0], _pydifact, (decode_edifact(data).text,)))
        for row, work, args in runs:
            seconds, count = _timed(work, *args)
            row.seconds, row.megabytes, row.messages = row.seconds + seconds, row.megabytes + len(data) / 1e6, \
                row.messages + count
    return rows


def time_x12(files: list[bytes]) -> list[Timing]:
    rows = [Timing("(c) gateway X12 850 -> ExtractedOrder", 0.0, 0.0, 0)]
    paths = [(rows[0], X12)]
    if native_status()["extractors.edi.x12"] == "compiled":
        rows.append(Timing("(c') (c) with the reader run as Python", 0.0, 0.0, 0))
        paths.append((rows[1], source_module("extractors/edi/x12.py").EXTRACTOR))
    for data in files:
        for row, extractor in paths:
            seconds, count = _timed(_gateway, extractor, data)
            row.seconds, row.megabytes, row.messages = row.seconds + seconds, row.megabytes + len(data) / 1e6, \
                row.messages + count
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=30.0, help="size of the EDIFACT set (MB)")
    parser.add_argument("--x12-mb", type=float, default=None, help="size of the X12 set (MB, default --mb)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pydifact-mb", type=float, default=None, help="time pydifact on this much only")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    edifact_files, x12_files = generate(args.seed, args.mb, args.mb if args.x12_mb is None else args.x12_mb)
    edifact = [p.read_bytes() for p in edifact_files]
    x12 = [p.read_bytes() for p in x12_files]
    readers = ", ".join(f"{name} {state}" for name, state in native_status().items())
    print(f"EDI readers: {readers}  (compiled by `make native`; `scripts/build_native.py --clean` for Python)")
    print(f"EDIFACT set: {len(edifact)} files, {sum(map(len, edifact)) / 1e6:.1f} MB; "
          f"X12 set: {len(x12)} files, {sum(map(len, x12)) / 1e6:.1f} MB  (in {OUT})")
    rows = [*time_edifact(edifact, (args.pydifact_mb or args.mb) * 1e6), *time_x12(x12)]
    print(f"\n{'path (CPU seconds)':<42} {'MB':>8} {'seconds':>9} {'MB/s':>9} {'messages/s':>12}")
    for row in rows:
        print(row.row())
    pydifact, gateway = rows[0], rows[1]
    pydifact_rate, gateway_rate = pydifact.megabytes / pydifact.seconds, gateway.megabytes / gateway.seconds
    print(f"\npydifact {pydifact_rate:.2f} MB/s, gateway EDIFACT -> ExtractedOrder {gateway_rate:.2f} MB/s: "
          f"speedup of the gateway's EDIFACT path over pydifact's parser (MB/s): {gateway_rate / pydifact_rate:.1f}x")
    python_row = next((row for row in rows if row.label.startswith("(b'')")), None)
    if python_row is not None:
        python_rate = python_row.megabytes / python_row.seconds
        print(f"with the readers run as Python: {python_rate:.2f} MB/s, {python_rate / pydifact_rate:.1f}x pydifact")
    print(f"command: .venv/bin/python bench/bench_edi.py {' '.join(sys.argv[1:] if argv is None else argv)}".rstrip()
          + "  (CPU seconds, paths interleaved file by file; on a shared machine repeat and take the median)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

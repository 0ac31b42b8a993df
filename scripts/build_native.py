"""Compile the EDI readers (EDIFACT orders, X12, model builders) with mypyc, in place, next to their sources.

    .venv/bin/python scripts/build_native.py [--clean | --list]

The modules in ``extractors.edi.native.NATIVE_MODULES`` are plain, typed Python; mypyc turns each into
a C extension (``<module>.cpython-311-<platform>.so`` beside the ``.py``), which Python imports in
preference to the source. The compiled EDIFACT path is about a fifth faster end to end, X12 about an
eighth (``bench/bench_edi.py`` times both ways). Nothing depends on the build: without a C compiler,
Python headers or mypy the script says so and exits 0, and the same modules run as Python.
``tests/conftest.py`` refuses to run tests over an extension older than its source (``make native``
rebuilds it).

Each module is compiled on its own (``separate``) so that its runtime library lands beside it and
not at the top of the repository; C sources and objects go to ``build/native``.
"""

from __future__ import annotations

import argparse
import os
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from extractors.edi.native import NATIVE_MODULES  # noqa: E402  (the one list, also read by the tests)

BUILD_DIR = ROOT / "build" / "native"


def built_files(source: Path) -> list[Path]:
    """The extension files made from one source (the module and its runtime library)."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    return [source.with_name(source.stem + suffix), source.with_name(source.stem + "__mypyc" + suffix)]


def clean() -> None:
    for module in NATIVE_MODULES:
        for path in built_files(ROOT / module):
            path.unlink(missing_ok=True)


def build() -> int:
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as exc:
        print(f"native build skipped ({exc}); the EDI readers run as Python", file=sys.stderr)
        return 0
    os.chdir(ROOT)
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    try:
        extensions = mypycify(list(NATIVE_MODULES), opt_level="3", separate=True, target_dir=str(BUILD_DIR),
                              verbose=False)
        setup(name="gateway-native", ext_modules=extensions, script_args=[
            "--quiet", "build_ext", "--inplace", "--force", "--build-temp", str(BUILD_DIR / "temp")])
    except (SystemExit, Exception) as exc:  # a compiler or header missing: keep the Python modules
        clean()
        print(f"native build failed ({exc}); the EDI readers run as Python", file=sys.stderr)
        return 0
    for module in NATIVE_MODULES:
        for path in built_files(ROOT / module):
            path.touch()  # newer than the source, whatever times the copy kept
        print(f"compiled {module}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules and stop")
    parser.add_argument("--list", action="store_true", help="print the sources it compiles (the Makefile reads them)")
    args = parser.parse_args(argv)
    if args.list:
        print(" ".join(NATIVE_MODULES))
        return 0
    if args.clean:
        clean()
        return 0
    return build()


if __name__ == "__main__":
    raise SystemExit(main())

"""Which of the EDI readers' modules run compiled (mypyc, ``scripts/build_native.py``) and which as Python.

``NATIVE_MODULES`` is the one list of modules the build compiles. ``native_status`` reports, for
each, ``compiled`` (the extension is what Python imports), ``python`` (no extension: the build was
skipped or cleaned) or ``stale`` (an extension older than its source: Python would import the old
code, so tests refuse to run and the gateway says so at start). ``source_module`` and
``python_read_order`` load the sources as Python beside the compiled modules, for the tests that
compare the two and the benchmark that times both.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
NATIVE_MODULES = ("extractors/edi/edifact_orders.py", "extractors/edi/edi_models.py", "extractors/edi/x12.py")


def extension_of(source: Path) -> Path | None:
    """The compiled module Python would import in place of ``source``, if there is one."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_name(source.stem + suffix)
        if candidate.exists():
            return candidate
    return None


def native_status() -> dict[str, str]:
    """Module name -> ``compiled`` | ``python`` | ``stale``."""
    status: dict[str, str] = {}
    for relative in NATIVE_MODULES:
        source = ROOT / relative
        name = relative.removesuffix(".py").replace("/", ".")
        extension = extension_of(source)
        if extension is None:
            status[name] = "python"
        elif extension.stat().st_mtime < source.stat().st_mtime:
            status[name] = "stale"
        else:
            status[name] = "compiled"
    return status


def source_module(relative: str) -> ModuleType:
    """The module's ``.py`` (``extractors/edi/edi_models.py``) run as Python, under another name."""
    name = "_source_" + relative.removesuffix(".py").replace("/", "_")
    loader = importlib.machinery.SourceFileLoader(name, str(ROOT / relative))
    spec = importlib.util.spec_from_file_location(name, ROOT / relative, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    loader.exec_module(module)
    return module


def python_read_order() -> Callable[[Any], Any]:
    """``extractors.edi.edifact_orders.read_order`` with the reader and its model builders all run as Python."""
    from gateway.model import ExtractedLine, ExtractedOrder, Party

    reader, models = source_module("extractors/edi/edifact_orders.py"), source_module("extractors/edi/edi_models.py")
    reader._ORDER, reader._LINE, reader._PARTY = (models.trusted(ExtractedOrder), models.trusted(ExtractedLine),
                                                  models.trusted(Party))
    return reader.read_order  # type: ignore[no-any-return]

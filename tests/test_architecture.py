"""The package layering (docs/architecture.md) holds: import-linter's contracts in pyproject.toml pass,
and the top of ``gateway/`` and ``extractors/`` holds only what the architecture says lives there."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

GATEWAY_CORE = {"__init__", "app", "cli", "config", "config_decide", "context", "errors", "logs", "model",
                "registry", "names", "workers", "readiness", "metrics", "oneshot", "status", "order_keys",
                "order_history", "passwords", "login_limits"}
EXTRACTORS_SHARED = {"__init__", "base", "units", "pricing", "locale_values", "date_evidence"}


def test_import_linter_contracts_are_kept() -> None:
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=240)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_gateway_top_level_holds_only_the_process_core() -> None:
    stray = {p.stem for p in (REPO / "gateway").glob("*.py")} - GATEWAY_CORE
    assert not stray, f"place these in a sub-package (store, stages, reference, web, review, replay): {stray}"


def test_extractors_top_level_holds_only_shared_reader_support() -> None:
    stray = {p.stem for p in (REPO / "extractors").glob("*.py")} - EXTRACTORS_SHARED
    assert not stray, f"place these in a family (edi, xml, capture, sheet, mail, containers): {stray}"


def test_benches_import_nothing_from_tests() -> None:
    """What benches and tests share lives in ``testkit/``; ``tests/`` is only the suite."""
    pattern = re.compile(r"^\s*(from tests[.\s]|import tests\b)", re.M)
    offenders = [p.name for p in sorted((REPO / "bench").glob("*.py")) if pattern.search(p.read_text())]
    assert not offenders, f"bench modules importing tests/: {offenders} (move what they need to testkit/)"

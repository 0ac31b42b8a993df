"""The package layering (docs/architecture.md) holds: import-linter's contracts in pyproject.toml pass,
their allow-lists name every other module, the top of ``gateway/`` and ``extractors/`` holds only what
the architecture says lives there, and shared test code goes tests -> testkit <- bench."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

GATEWAY_CORE = {"__init__", "app", "cli", "config", "config_decide", "config_own", "context", "errors", "logs", "model",
                "registry", "reasons", "names", "workers", "readiness", "metrics", "oneshot", "status", "order_keys",
                "order_history", "passwords", "login_limits"}
EXTRACTORS_SHARED = {"__init__", "base", "units", "pricing", "locale_values", "date_evidence", "own_company",
                     "change_requests", "typed_remarks",  # typed_remarks: read by the mail reader and by page notes
                     "weekdays",  # a weekday written with a date: typed in an e-mail or printed on a page
                     "named_sites",  # a site named in words: typed lines, page notes, structured orders' notes
                     "part_words",  # a part's nouns: the mail reader and the item check
                     "remark_changes",  # a remark asking a change: typed lines, page and sheet notes, structured notes
                     "note_terms",  # a document note giving a price, a discount, a bill-to or a date: page, sheet and Word notes
                     "note_furniture",  # what printed text is no note (letterhead, letter, footer): page, sheet and Word notes
                     "note_shapes",  # lines that say nothing (addressee, contact, opening, shop thanks): with note_furniture
                     "releases",  # a release number named in words: typed e-mails, printed pages, sheets, Word forms
                     "split_notes",  # a delivery laid out in parts: typed remarks and structured orders' notes
                     "delivery_words",  # the words of delivering: note_terms, remark_changes, page notes
                     "payment_terms",  # payment terms in words: every format's notes and the customers' terms on file
                     "collection",  # the customer collecting the goods: page, sheet and structured notes, typed remarks
                     "delivery_conditions"}  # a consequence, a full pallet, a pack more: typed remarks and typed items


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


# contract name prefix -> what its forbidden list may leave out of gateway's top level
ALLOW_LISTS = {"The model imports only": {"gateway.errors", "gateway.model"},
               "Extractors import only": {"gateway.errors", "gateway.model"},
               "Writers import only": {"gateway.errors", "gateway.model"}}


@pytest.mark.parametrize("prefix", sorted(ALLOW_LISTS))
def test_allow_list_contracts_forbid_every_other_gateway_module(prefix: str) -> None:
    """An allow-list is written as a forbidden list; a module added to ``gateway/`` must join it."""
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    [contract] = [c for c in contracts if c["name"].startswith(prefix)]
    top = {f"gateway.{p.stem}" for p in (REPO / "gateway").glob("*.py") if p.stem != "__init__"}
    top |= {f"gateway.{p.parent.name}" for p in (REPO / "gateway").glob("*/__init__.py")}
    missing = top - ALLOW_LISTS[prefix] - set(contract["forbidden_modules"])
    assert not missing, f"add to the forbidden_modules of {contract['name']!r}: {sorted(missing)}"


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (top-level names of ``import`` and ``from`` statements, anywhere in it)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def path_insertions(path: Path) -> list[str]:
    """The string constants in ``sys.path`` manipulations (``insert``/``append``) of a file."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"insert", "append"} and ast.unparse(node.func.value) == "sys.path"):
            found += [n.value for arg in node.args for n in ast.walk(arg)
                      if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return found


def test_benches_import_nothing_from_tests() -> None:
    """What benches and tests share lives in ``testkit/``; ``tests/`` is only the suite. Checked on the
    syntax tree: no ``tests`` package, no module that lives in ``tests/`` by its bare name (as after a
    ``sys.path`` insert), no ``sys.path`` entry naming ``tests``."""
    test_modules = {p.stem for p in (REPO / "tests").glob("*.py")} - {"__init__", "conftest"}
    offenders = {}
    for path in sorted((REPO / "bench").glob("*.py")):
        bad = {m for m in imported_modules(path) if m.split(".")[0] == "tests" or m.split(".")[0] in test_modules}
        bad |= {f"sys.path += {s!r}" for s in path_insertions(path) if "tests" in Path(s).parts}
        if bad:
            offenders[path.name] = sorted(bad)
    assert not offenders, f"bench modules reaching into tests/: {offenders} (move what they need to testkit/)"


def test_tests_and_testkit_import_nothing_from_bench() -> None:
    """The shared corpus makers and configs live in ``testkit/``; benches use them, tests never use a bench."""
    offenders = {p.relative_to(REPO).as_posix(): sorted(m for m in imported_modules(p) if m.split(".")[0] == "bench")
                 for folder in ("tests", "testkit") for p in sorted((REPO / folder).rglob("*.py"))}
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"importing bench/ (move what they need to testkit/): {offenders}"

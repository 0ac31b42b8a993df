"""The console's French is complete: every issue code the gateway can put on an order has a French text.

The codes are collected from where they are made: the reason registry (``gateway.reasons``: rule codes,
reading findings, checks, infos) and every ``Issue(code="...")`` written in the gateway's modules. The
README gate table names the codes that hold an order; the registry, the French texts and the table agree.
"""

from __future__ import annotations

import re

from gateway import reasons
from testkit.harness import REPO

I18N = REPO / "gateway" / "web" / "static" / "i18n.js"
CODE = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+"


def issue_codes() -> set[str]:
    codes = set(reasons.BY_CODE)
    for path in (REPO / "gateway").rglob("*.py"):
        codes |= set(re.findall(r'Issue\(\s*code="([A-Z0-9-]+)"', path.read_text(encoding="utf-8")))
    return codes


def french_issue_texts() -> dict[str, str]:
    js = I18N.read_text(encoding="utf-8")
    block = js[js.index("const ISSUES_FR = {"):]
    block = block[:block.index("};")]
    return dict(re.findall(r'"([A-Z0-9-]+)":\s*"([^"]+)"', block))


def test_every_issue_code_has_a_french_text():
    missing = sorted(issue_codes() - set(french_issue_texts()))
    assert not missing, f"no French text for {', '.join(missing)}"


def test_every_english_console_text_has_a_french_one():
    js = I18N.read_text(encoding="utf-8")
    en = js[js.index("  en: {"):js.index("  fr: {")]
    fr = js[js.index("  fr: {"):js.index("const LANGS")]
    keys = lambda text: set(re.findall(r'"([a-z][\w.-]*)":', text))  # noqa: E731
    missing = sorted(keys(en) - keys(fr))
    assert not missing, f"no French for {', '.join(missing)}"


def gate_table_codes() -> set[str]:
    """The codes written in backticks in the README's gate table (from its header to the blank line)."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| field | goes out untouched when"))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return set(re.findall(rf"`({CODE})`", "\n".join(lines[start:end])))


def made_codes() -> set[str]:
    """Every code written as a string in the gateway's and the readers' modules (a reader's finding code
    included, which becomes an issue in ``gateway.stages.mapping``)."""
    codes: set[str] = set()
    for folder in ("gateway", "extractors"):
        for path in (REPO / folder).rglob("*.py"):
            codes |= set(re.findall(rf'"({CODE})"', path.read_text(encoding="utf-8")))
    return codes


def test_the_gate_table_names_only_codes_the_gateway_makes():
    unknown = sorted(gate_table_codes() - made_codes())
    assert not unknown, f"the README gate table names codes no module makes: {', '.join(unknown)}"


def test_the_gate_table_names_every_registered_code_that_holds():
    missing = sorted(r.code for r in reasons.REASONS if r.holds and r.code not in gate_table_codes())
    assert not missing, f"add to the README gate table: {', '.join(missing)}"

"""The console's French is complete: every issue code the gateway can put on an order has a French text.

The codes are collected from where they are made: the rule codes (``DEFAULT_ACTIONS``), the reading
findings mapping keeps on orders, and every ``Issue(code="...")`` written in the gateway's modules.
"""

from __future__ import annotations

import re

from gateway.stages import completeness, mapping
from gateway.config_decide import DEFAULT_ACTIONS
from testkit.harness import REPO

I18N = REPO / "gateway" / "web" / "static" / "i18n.js"


def issue_codes() -> set[str]:
    codes = set(DEFAULT_ACTIONS) | mapping.CHECK_CODES | mapping.HOLD_CODES | mapping.ORDER_PROBLEM_CODES \
        | completeness.INFO_CODES
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

"""Issue 23, class 3: the fax header line read short ("14:32 FAX") or with a broken digit read as "?" ("Page ?/1",
"14:3? FAX ?") is the header line, no question; a question or a number asked in the top strip with a word, or
anywhere below it, is still read."""

from __future__ import annotations

import pytest

from extractors.capture.fax_banner import banner_remnant, is_banner


@pytest.mark.parametrize("text, banner", [
    ("14:32 FAX", True), ("TX 14:32", True), ("From +33 1 45 67 89 10 Page ?/1", True),
    ("14:3? FAX", True), ("12.12.2026 14:32 FAX +49 89 1234 S.1/1", True),
    ("Fax 01 45 67 89 10", False), ("FAX ?", False), ("Questions? Call 14:30", False),
    ("Tel 01 45 67 89 11 Fax 01 45 67 89 10", False)])
def test_a_short_header_line_and_one_with_a_broken_digit(text: str, banner: bool) -> None:
    assert is_banner(text.split(), 10.0, 2000.0) is banner


@pytest.mark.parametrize("text, remnant", [
    ("?", False), ("14:3? FAX ?", True), ("? 1/1", True), ("Fr?m +33 1 45 ?? Pa?e 1/1", True),
    ("Fragen?", False), ("Liefertermin?", False), ("14:32 FAX", False)])  # a "?" alone, words asked: no
# header sign; no "?" at all
def test_a_header_line_read_as_broken_signs_asks_nothing(text: str, remnant: bool) -> None:
    assert banner_remnant(text.split(), 10.0, 2000.0) is remnant
    assert not banner_remnant(text.split(), 600.0, 2000.0)  # under the top strip: "60 ?" beside a line is asked

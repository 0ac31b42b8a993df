"""The reason registry (``gateway.reasons``) is the one declaration of the hold and finding codes: the
older lists are derived from it under their old names, and its table is consistent in itself."""

from __future__ import annotations

import pytest

from extractors.edi.edi_counts import COUNT_CODES, LINE_COUNT_CODES
from gateway import config_decide, reasons
from gateway.review import review
from gateway.stages import completeness, mapping


def test_the_old_names_are_the_registry_s_lists():
    assert config_decide.DEFAULT_ACTIONS is reasons.DEFAULT_ACTIONS
    assert completeness.ACCEPTED_ON_APPROVAL is reasons.ACCEPTED_ON_APPROVAL is review.ACCEPTED_ON_APPROVAL
    assert completeness.INFO_CODES is reasons.INFO_CODES
    assert mapping.CHECK_CODES is reasons.CHECK_CODES
    assert mapping.ORDER_PROBLEM_CODES is reasons.ORDER_PROBLEM_CODES
    assert mapping.HOLD_CODES == reasons.READER_HOLD_CODES


def test_the_reader_s_count_codes_are_declared_as_reader_holds():
    assert COUNT_CODES | LINE_COUNT_CODES <= reasons.READER_HOLD_CODES


def test_every_rule_and_anomaly_has_a_default_action():
    assert all(r.action for r in reasons.REASONS if r.kind in {"rule", "anomaly"})


def test_checks_infos_and_reader_holds_are_not_set_by_decide_actions():
    assert not any(r.action for r in reasons.REASONS if r.kind in {"check", "info", "reader hold"})


def test_approval_accepts_only_what_holds():
    """A warning or an info needs no approval; a doubt approval accepts is one that holds the order."""
    accepted = [r for r in reasons.REASONS if r.accepted_on_approval]
    assert all(r.kind in {"rule", "order problem", "dedup"} and r.action in {"hold", None} for r in accepted)


def test_a_code_declared_twice_is_refused():
    twice = (reasons.Reason("X-ONE", "rule", "hold"), reasons.Reason("X-ONE", "check", None))
    with pytest.raises(ValueError, match="X-ONE declared twice"):
        reasons._by_code(twice)


def test_codes_are_upper_case_words_joined_by_hyphens():
    assert all(r.code == r.code.upper() and "-" in r.code and " " not in r.code for r in reasons.REASONS)

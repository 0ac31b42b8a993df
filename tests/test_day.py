"""A day of traffic end to end: all channels at once against the real gateway process, faults included.

Each test generates a seeded day (``testkit.daytraffic``: a few dozen customers, PDFs and typed orders by
e-mail, faxes, EDIFACT and X12 by SFTP and HTTP, cXML and UBL by HTTP, duplicates, resends, changes and
hostile inputs), sends it with real clients while the gateway runs as a subprocess, and checks the ERP
side and the API (``testkit.dayrunner``): every good order delivered exactly once with its content,
every copy caught, every change delivered as a change after its original, every hostile input refused
or quarantined with a reason, the gateway healthy, the KPIs consistent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from testkit.dayrunner import Faults, run_day
from testkit.daytraffic import build_plan
from testkit.pg_database import server_answers, temporary_database

pytestmark = pytest.mark.skipif(shutil.which("sftp") is None, reason="OpenSSH sftp client not installed")


def assert_clean(report: dict) -> None:
    assert report["failures"] == [], json.dumps(report, indent=1, default=str)
    expected = report["expected"]
    assert report["delivered_orders"] == expected["order"] + expected["change"]
    assert report["erp_resends_same_key"] <= 6, "orders POSTed again after a crash (same key) are bounded"


def test_a_clean_day_on_sqlite(tmp_path: Path) -> None:
    report = run_day(build_plan(seed=11), tmp_path, spread_s=8.0)
    assert_clean(report)
    assert report["restarts"] == 0 and report["erp_posts_total"] == report["erp_posts_accepted"]


def test_a_day_with_two_sigkills_and_the_erp_down_through_both_on_sqlite(tmp_path: Path) -> None:
    # the ERP is down from the first send until both restarts are done and the last gateway was refused
    # three times (at most a minute: testkit.dayrunner.Faults)
    report = run_day(build_plan(seed=12), tmp_path, faults=Faults.standard(erp_back_after_refusals=3), spread_s=8.0)
    assert_clean(report)
    assert report["restarts"] == 2
    assert report["erp_posts_total"] > report["erp_posts_accepted"], "the ERP was never seen down"


@pytest.mark.skipif(bool(why := server_answers()), reason=why or "")
def test_a_day_with_faults_on_postgresql(tmp_path: Path) -> None:
    with temporary_database() as dsn:
        report = run_day(build_plan(seed=13), tmp_path, dsn=dsn, faults=Faults.standard(erp_back_after_refusals=3),
                         spread_s=8.0)
    assert_clean(report)
    assert report["restarts"] == 2

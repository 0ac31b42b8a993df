"""KPIs: a generated day of traffic through the real pipeline, then the figures checked against what was sent."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from gateway.store.journal import OPEN_STATUSES, Event
from gateway.web.kpis import age_bucket, compute_kpis, kpi_gauges, percentile, period_bounds
from gateway.model import Issue, OrderStatus
from gateway.review.review import approve_order, correct_order
from tests.decide_helpers import (  # noqa: F401 (journal, pg_dsn: fixtures)
    decide_ctx, journal, line, make_order, pg_dsn, store_order,
)
from testkit.harness import running_gateway, wait_until, write_config
from testkit.samples import ubl_order
from tests.own_senders import OWN_FAX, OWN_MAIL

UNKNOWN_GTIN = "9999999999994"
GTINS = ("4000862141404", "5412345678908", "4012345678901")


async def get(gw, path: str, headers, **params) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{gw.ports['http']}{path}", headers=headers,
                            params=params) as resp:
            return resp.status, await resp.json()


async def settled(gw, doc_ids: list[str]) -> None:
    async def done() -> bool:
        docs = [await gw.ctx.journal.get_document(d) for d in doc_ids]
        return all(d is not None and d.status not in OPEN_STATUSES for d in docs)
    await wait_until(done, timeout=60)


def day_of_traffic() -> list[dict]:
    """Good orders on two channels (two urgent, one explicitly not), and orders with an unknown item."""
    plan = []
    for n in range(9):
        note = {1: "URGENT - livraison demain", 4: "Bitte dringend!", 7: "pas urgent"}.get(n, "")
        lines = [(GTINS[n % 3], 10 + n), (GTINS[(n + 1) % 3], 1 + n)]
        plan.append({"po": f"PO-KPI-{n:02d}", "lines": lines, "note": note,
                     "channel": "http" if n < 6 else "smtp", "urgent": n in (1, 4), "unknown": False})
    for n in range(3):
        plan.append({"po": f"PO-KPI-U{n}", "lines": [(UNKNOWN_GTIN, 5 + n), (GTINS[0], 2)], "note": "",
                     "channel": "http", "urgent": False, "unknown": True})
    return plan


async def test_kpis_match_an_independent_count_of_the_traffic(gateway, api_headers):
    started = datetime.now(UTC) - timedelta(seconds=1)
    intake, plan = gateway.ctx.intake, day_of_traffic()
    sent = {}
    for item in plan:
        raw = ubl_order(item["po"], item["lines"], note=item["note"])
        item["raw"] = raw
        own = OWN_MAIL if item["channel"] == "smtp" else None  # the customer's own address: its UBL endpoint stands
        sent[item["po"]] = (await intake.accept(raw, item["channel"], own)).document_id
    await settled(gateway, list(sent.values()))

    resent_bytes = [await intake.accept(plan[0]["raw"], "smtp", OWN_MAIL), await intake.accept(plan[2]["raw"], "http")]
    resent_orders = [await intake.accept(ubl_order(p["po"], p["lines"], note="copy by fax"), "fax", OWN_FAX)
                     for p in (plan[3], plan[6])]
    await settled(gateway, [e.document_id for e in resent_bytes + resent_orders])

    held = {p["po"]: (await gateway.ctx.journal.orders_for_document(sent[p["po"]]))[0]
            for p in plan if p["unknown"]}
    first, second, _third = held.values()
    await correct_order(gateway.ctx, first.order_id, {"lines": [{"line_no": 1, "sku": "SKU-1003",
                                                                 "quantity": "6"}]}, "alice")
    await correct_order(gateway.ctx, second.order_id, {"lines": [{"line_no": 1, "sku": "SKU-1002"}]}, "bob")
    for order in (first, second):
        await approve_order(gateway.ctx, order.order_id, "alice")
    gateway.delivery.notify()
    expected_delivered = sum(1 for p in plan if not p["unknown"]) + 2

    async def delivered() -> list[dict]:
        _, body = await get(gateway, "/v1/orders", api_headers, status="delivered", limit="1000")
        return body["orders"] if len(body["orders"]) == expected_delivered else []
    delivered_orders = await wait_until(delivered, timeout=60)

    status, k = await get(gateway, "/v1/kpis", api_headers, period="today", tz="UTC", since=started.isoformat())
    assert status == 200

    # what came in
    orders_sent = [p["channel"] for p in plan] + ["fax", "fax"]
    assert k["received"]["orders"] == len(orders_sent)
    assert k["received"]["orders_by_channel"] == {ch: orders_sent.count(ch) for ch in set(orders_sent)}
    assert {ch: sum(days.values()) for ch, days in k["received"]["orders_by_channel_and_day"].items()} \
        == k["received"]["orders_by_channel"]
    docs_sent = orders_sent + ["smtp", "http"]
    assert k["received"]["documents_by_channel"] == {ch: docs_sent.count(ch) for ch in set(docs_sent)}
    assert k["received"]["urgent"] == sum(p["urgent"] for p in plan)

    # how it went out
    assert k["duplicates"] == {"documents": 2, "orders": 2, "total": 4}
    assert k["touchless"] == {"delivered": expected_delivered, "touchless": expected_delivered - 2,
                              "share": round((expected_delivered - 2) / expected_delivered, 4)}
    not_duplicates = len(plan)
    assert k["entry_errors"] == {"corrections": 3, "orders": not_duplicates,
                                 "per_100_orders": round(3 * 100 / not_duplicates, 2)}
    seconds = [(datetime.fromisoformat(o["sla"]["delivered_at"]) - datetime.fromisoformat(o["sla"]["received_at"]))
               .total_seconds() for o in delivered_orders]
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    assert k["receipt_to_erp_seconds"]["count"] == expected_delivered
    assert k["receipt_to_erp_seconds"]["p50"] == pytest.approx(cuts[49], abs=1e-3)
    assert k["receipt_to_erp_seconds"]["p95"] == pytest.approx(cuts[94], abs=1e-3)
    on_time = sum(1 for o in delivered_orders if o["sla"]["delivered_at"] <= o["sla"]["deadline"])
    assert (k["sla"]["within"], k["sla"]["missed"]) == (on_time, expected_delivered - on_time)

    # what waits: the third unknown-item order and the two duplicate orders
    assert k["waiting"]["review"]["<1h"] == 3
    assert sum(k["waiting"]["pipeline"].values()) == sum(k["waiting"]["delivery"].values()) == 0

    _, all_orders = await get(gateway, "/v1/orders", api_headers, limit="1000")
    flagged = [o for o in all_orders["orders"] if any(i["code"].startswith("ANOMALY-") for i in o["issues"])]
    assert k["anomalies"]["orders"] == len(flagged)


async def test_kpi_gauges_put_todays_figures_on_metrics(gateway):
    env = await gateway.ctx.intake.accept(ubl_order("PO-GAUGE-1", [(GTINS[0], 3)], note="ASAP"), "http")
    await settled(gateway, [env.document_id])
    await kpi_gauges(gateway.ctx)
    text = gateway.ctx.metrics.render()
    assert 'gateway_kpi_orders_received_today{channel="http"} 1' in text
    assert 'gateway_kpi_waiting{age="<1h",stage="review"} 0' in text
    assert "gateway_orders_at_risk 0" in text and "gateway_customers_overdue 0" in text


async def test_sla_route_lists_orders_at_risk(tmp_path, api_headers):
    path = write_config(tmp_path / "gw", {"decide": {"sla": {"at_risk_minutes": 100_000}}})
    async with running_gateway(path) as gw:
        env = await gw.ctx.intake.accept(ubl_order("PO-RISK-1", [(UNKNOWN_GTIN, 1)]), "http")
        await settled(gw, [env.document_id])
        status, body = await get(gw, "/v1/sla", api_headers)
    assert status == 200 and body["late"] == []
    assert [(o["status"], o["team"]) for o in body["at_risk"]] == [("review", "order-desk")]


async def test_bad_period_or_time_zone_is_a_400(gateway, api_headers):
    assert (await get(gateway, "/v1/kpis", api_headers, period="year"))[1]["error"]["code"] == "KPI-PERIOD"
    assert (await get(gateway, "/v1/kpis", api_headers, tz="Mars/Olympus"))[1]["error"]["code"] == "KPI-TIMEZONE"


def test_periods_start_at_local_midnight_of_today_monday_or_the_first():
    paris = ZoneInfo("Europe/Paris")
    now = datetime(2026, 3, 19, 23, 30, tzinfo=UTC)  # Friday 20 March 00:30 in Paris
    assert period_bounds("today", paris, now)[0] == datetime(2026, 3, 20, tzinfo=paris)
    assert period_bounds("week", paris, now)[0] == datetime(2026, 3, 16, tzinfo=paris)
    assert period_bounds("month", paris, now)[0] == datetime(2026, 3, 1, tzinfo=paris)


def test_percentile_interpolates_and_age_buckets_are_named():
    assert percentile([], 50) is None
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 95) == pytest.approx(4.8)
    assert [age_bucket(s) for s in (10, 3600, 5 * 3600, 2 * 86400)] == ["<1h", "1-4h", "4-24h", ">24h"]


async def test_kpi_figures_from_stored_orders_on_each_backend(tmp_path, journal):
    ctx = decide_ctx(tmp_path, journal=journal)
    now = datetime.now(UTC)
    hours = lambda h: now + timedelta(hours=h)  # noqa: E731
    specs = {  # name: (received, deadline, status, delivered at)
        "on-time": (hours(-3), hours(-1), OrderStatus.READY, hours(-2)),
        "late": (hours(-5), hours(-3), OrderStatus.READY, hours(-2)),
        "overdue": (hours(-5), hours(-1), OrderStatus.REVIEW, None),
        "open": (hours(-0.5), hours(0.25), OrderStatus.REVIEW, None),
        "copy": (hours(-30), None, OrderStatus.DUPLICATE, None),
    }
    orders = {}
    for name, (received, deadline, status, _) in specs.items():
        order = make_order("C1", [line("P-FILE", 1)], received=received, po_number=name,
                           issues=[Issue(code="ANOMALY-QTY", message="x")] if name == "on-time" else [])
        order.sla.deadline = deadline
        await store_order(journal, order, status)
        orders[name] = order
    await journal.claim_deliveries("test", 10, 60)
    for name in ("on-time", "late"):
        assert await journal.mark_delivered(orders[name].order_id, "test", specs[name][3])
    review = lambda name, outcome, data: Event(  # noqa: E731
        stage="review", outcome=outcome, order_id=orders[name].order_id,
        document_id=orders[name].source.document_id, data=data)
    await journal.add_events([review("overdue", "corrected", {"changes": [{"field": "a"}, {"field": "b"}]}),
                              review("late", "approved", {"user": "alice"})])

    k = await compute_kpis(ctx, hours(-48), hours(0.001), ZoneInfo("UTC"), now)

    assert k["received"]["orders"] == 5
    assert {key: k["sla"][key] for key in ("within", "missed", "share_within", "at_risk_now", "late_now")} \
        == {"within": 1, "missed": 2, "share_within": 0.3333, "at_risk_now": 1, "late_now": 1}
    assert k["touchless"] == {"delivered": 2, "touchless": 1, "share": 0.5}
    assert k["entry_errors"] == {"corrections": 2, "orders": 4, "per_100_orders": 50.0}
    assert k["receipt_to_erp_seconds"] == {
        "count": 2, "p50": 7200.0, "p90": 10080.0, "p95": 10440.0, "mean": 7200.0, "max": 10800.0,
        "by_duration": {"<5m": 0, "5-30m": 0, "30m-2h": 1, "2-8h": 1, ">8h": 0}}
    assert k["duplicates"] == {"documents": 0, "orders": 1, "total": 1}
    assert k["anomalies"] == {"orders": 1, "by_code": {"ANOMALY-QTY": 1}}
    assert k["waiting"]["review"] == {"<1h": 1, "1-4h": 0, "4-24h": 1, ">24h": 1}
    assert sum(k["waiting"]["delivery"].values()) == 0


async def test_every_metric_served_has_its_own_help_text(gateway):
    from gateway.metrics import HELP
    await kpi_gauges(gateway.ctx)
    text = gateway.ctx.metrics.render()
    names = {line.split()[2] for line in text.splitlines() if line.startswith("# HELP")}
    assert names and names <= set(HELP), names - set(HELP)

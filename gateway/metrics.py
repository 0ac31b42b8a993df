"""Process metrics in the Prometheus text format: counters and latency histograms by channel and stage.

Counters restart with the process (as Prometheus expects); figures that must survive restarts and be
shared across nodes (KPIs) are computed from the journal instead.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600)

HELP = {
    "gateway_documents_received_total": "Documents accepted durably, by channel.",
    "gateway_documents_refused_total": "Documents refused at a channel (limits, unknown types, store down).",
    "gateway_documents_finished_total": "Documents through the pipeline, by channel and outcome.",
    "gateway_orders_total": "Orders produced, by channel and status.",
    "gateway_deliveries_total": "ERP delivery attempts, by sink and outcome.",
    "gateway_stage_seconds": "Time spent in each pipeline stage, by channel.",
    "gateway_receipt_to_erp_seconds": "Time from receipt to ERP delivery, by channel.",
    "gateway_corrections_total": "Fields corrected by people in review (entry errors).",
    "gateway_documents_by_status": "Documents in the journal, by status.",
    "gateway_orders_by_status": "Orders in the journal, by status.",
    "gateway_deliveries_by_status": "ERP deliveries in the journal, by status.",
    "gateway_orders_at_risk": "Open orders close to their SLA deadline.",
    "gateway_orders_late": "Open orders past their SLA deadline.",
    "gateway_customers_overdue": "Regular customers whose usual order has not come.",
    "gateway_kpi_orders_received_today": "Orders received today (gateway time zone), by channel.",
    "gateway_kpi_sla_within_ratio": "Share of today's finished orders delivered within their SLA.",
    "gateway_kpi_touchless_ratio": "Share of today's orders delivered without a person touching them.",
    "gateway_kpi_entry_errors_per_100_orders": "Fields corrected in review per 100 orders today.",
    "gateway_kpi_receipt_to_erp_seconds": "Receipt to ERP today, by quantile.",
    "gateway_kpi_duplicates_caught_today": "Duplicate documents and orders caught today.",
    "gateway_kpi_anomalies_flagged_today": "Orders flagged as unusual today.",
    "gateway_kpi_waiting": "Work waiting now, by stage and age bucket.",
    "gateway_login_attempts_total": "Password logins, by channel and outcome (ok, failed, failed-unchecked, refused).",
    "gateway_login_password_checks_total": "Password hashes computed for logins, by channel.",
    "gateway_login_delay_seconds_total": "Seconds password logins were made to wait by the backoff, by channel.",
    "gateway_listener_ready": "1 when the listener accepts connections, by listener.",
}


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    inner = ",".join(f'{k}="{str(v).replace(chr(92), "").replace(chr(34), "")}"' for k, v in labels)
    return "{" + inner + "}"


@dataclass
class _Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: float = 0.0
    n: int = 0


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counters: dict[str, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
        self._hist: dict[str, dict[tuple, _Histogram]] = defaultdict(lambda: defaultdict(_Histogram))
        self._gauges: dict[str, dict[tuple, float]] = defaultdict(dict)

    def inc(self, name: str, value: float = 1.0, **labels: str) -> None:
        with self._lock:
            self._counters[name][tuple(sorted(labels.items()))] += value

    def observe(self, name: str, seconds: float, **labels: str) -> None:
        with self._lock:
            hist = self._hist[name][tuple(sorted(labels.items()))]
            hist.n += 1
            hist.total += seconds
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    hist.counts[i] += 1

    def set_gauge(self, name: str, value: float, **labels: str) -> None:
        with self._lock:
            self._gauges[name][tuple(sorted(labels.items()))] = value

    def counter_value(self, name: str, **labels: str) -> float:
        with self._lock:
            return self._counters[name].get(tuple(sorted(labels.items())), 0.0)

    def render(self) -> str:
        out: list[str] = []
        with self._lock:
            for name, series in sorted(self._counters.items()):
                out += [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} counter"]
                out += [f"{name}{_labels(k)} {v:g}" for k, v in sorted(series.items())]
            for name, series in sorted(self._gauges.items()):
                out += [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} gauge"]
                out += [f"{name}{_labels(k)} {v:g}" for k, v in sorted(series.items())]
            for name, series in sorted(self._hist.items()):
                out += [f"# HELP {name} {HELP.get(name, name)}", f"# TYPE {name} histogram"]
                for key, h in sorted(series.items()):
                    for bound, count in zip(BUCKETS, h.counts):
                        out.append(f"{name}_bucket{_labels(key + (('le', f'{bound:g}'),))} {count}")
                    out.append(f"{name}_bucket{_labels(key + (('le', '+Inf'),))} {h.n}")
                    out.append(f"{name}_sum{_labels(key)} {h.total:.6f}")
                    out.append(f"{name}_count{_labels(key)} {h.n}")
        return "\n".join(out) + "\n"

// The dashboard: KPI figures and small charts for today, this week or this month.
import { api } from "./api.js";
import { fill, h } from "./dom.js";
import { fmtDateTime, fmtMinutes, fmtNum, fmtPct, t } from "./i18n.js";
import { barChart, shareBar } from "./charts.js";

const PERIODS = ["today", "week", "month"];
const REFRESH_MS = 30000;

function card(id, label, value, detail, share) {
  return h("div", { class: "card", dataset: { kpi: id } },
    h("div", { class: "card-label" }, label),
    h("div", { class: "card-value", dataset: { value: id } }, value),
    share !== undefined ? shareBar(share) : null,
    h("div", { class: "card-detail" }, detail || ""));
}

function cards(k) {
  const sla = k.within_sla, tl = k.touchless, corr = k.corrections, r2e = k.receipt_to_erp;
  return h("div", { class: "cards" },
    card("orders_total", t("kpi.orders"), fmtNum(k.orders_total), t("kpi.orders-detail", { n: k.per_channel_per_day.series.length })),
    card("within_sla", t("kpi.within-sla"), fmtPct(sla.share), t("kpi.within-sla-detail", { a: sla.within, b: sla.within + sla.outside }), sla.share),
    card("touchless", t("kpi.touchless"), fmtPct(tl.share), t("kpi.touchless-detail", { a: tl.touchless, b: tl.delivered }), tl.share),
    card("corrections", t("kpi.corrections"), corr.per_100 === null ? "—" : fmtNum(corr.per_100), t("kpi.corrections-detail", { n: corr.fields })),
    card("waiting", t("kpi.waiting"), fmtNum(k.waiting_by_age.total), t("kpi.waiting-detail")),
    card("receipt_to_erp", t("kpi.receipt-to-erp"), fmtMinutes(r2e.median_min), t("kpi.receipt-to-erp-detail", { p90: fmtMinutes(r2e.p90_min), n: r2e.count })));
}

function charts(k) {
  const days = k.per_channel_per_day.days.map((d) => fmtDateTime(`${d}T12:00:00`, false, true));
  return h("div", { class: "charts" },
    barChart({ title: t("kpi.chart-channels"), categories: days,
      series: k.per_channel_per_day.series.map((sr) => ({ name: t(`channel.${sr.channel}`, {}, sr.channel), values: sr.counts })) }),
    barChart({ title: t("kpi.chart-waiting"), categories: k.waiting_by_age.buckets.map((b) => b.label),
      series: [{ name: t("kpi.waiting"), values: k.waiting_by_age.buckets.map((b) => b.count) }] }),
    barChart({ title: t("kpi.chart-r2e"), categories: k.receipt_to_erp.buckets.map((b) => b.label),
      series: [{ name: t("kpi.receipt-to-erp"), values: k.receipt_to_erp.buckets.map((b) => b.count) }] }));
}

export async function render(view, _param, ctx) {
  ctx.filters.period = ctx.filters.period || "today";
  const root = h("section", { class: "dashboard" });
  view.append(root);
  const load = async () => {
    const period = ctx.filters.period;
    const k = await api(`/v1/console/kpis?period=${period}`);
    if (!root.isConnected) return;
    fill(root, 
      h("div", { class: "dash-head" },
        h("h1", {}, t("nav.dashboard")),
        h("div", { class: "tabs", role: "tablist" }, PERIODS.map((p) => h("button", {
          type: "button", role: "tab", class: ["tab", p === period && "active"], "aria-selected": String(p === period),
          dataset: { period: p }, onclick: () => { ctx.filters.period = p; load(); },
        }, t(`period.${p}`)))),
        h("span", { class: "updated" }, t("kpi.since", { since: fmtDateTime(k.since), until: fmtDateTime(k.until, true) }))),
      cards(k), charts(k));
    root.dataset.period = period;
  };
  await load();
  const timer = setInterval(() => load().catch(() => {}), REFRESH_MS);
  return () => clearInterval(timer);
}

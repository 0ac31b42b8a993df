// A document's history: what arrived, every stage with time and reason, who corrected what; the raw file.
import { api } from "./api.js";
import { h, shownName } from "./dom.js";
import { fmtBytes, fmtDateTime, t } from "./i18n.js";

function meta(doc) {
  const rows = [
    ["channel", t(`channel.${doc.channel}`, {}, doc.channel)], ["sender", shownName(doc.sender)], ["received", fmtDateTime(doc.received_at)],
    ["filename", shownName(doc.filename)], ["format", doc.format], ["doc_type", doc.doc_type], ["customer", doc.customer_id],
    ["size", fmtBytes(doc.size)], ["sha256", doc.sha256 && `${doc.sha256.slice(0, 16)}…`], ["attempts", doc.attempts],
    ["error", doc.error_code ? `${doc.error_code}: ${doc.error || ""}` : null],
  ];
  return h("dl", { class: "meta" }, rows.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) =>
    [h("dt", {}, t(`doc.${k}`)), h("dd", { class: k === "sha256" ? "mono" : null, title: k === "sha256" ? doc.sha256 : null }, String(v))]));
}

function changesTable(changes) {
  if (!changes || !changes.length) return null;
  return h("table", { class: "grid small changes" },
    h("thead", {}, h("tr", {}, ["field", "from", "to"].map((k) => h("th", {}, t(`history.${k}`))))),
    h("tbody", {}, changes.map((c) => h("tr", {}, h("td", { class: "mono" }, c.field), h("td", {}, c.from ?? "—"), h("td", {}, c.to ?? "—", c.how ? h("span", { class: "dim picked-note" }, ` (${t("history.picked")})`) : null)))));
}

function event(e) {
  const user = e.data && e.data.user;
  return h("li", { class: ["event", `st-${e.stage}`, `out-${e.outcome}`], dataset: { stage: e.stage, outcome: e.outcome } },
    h("time", { datetime: e.at }, fmtDateTime(e.at)),  // an audit trail names the day
    h("div", { class: "event-body" },
      h("div", {}, h("span", { class: "badge stage" }, t(`stage.${e.stage}`, {}, e.stage)), " ",
        h("strong", {}, t(`outcome.${e.outcome}`, {}, e.outcome)),
        user ? h("span", { class: "who-did" }, ` · ${user}`) : null,
        e.order_id ? h("span", { class: "mono dim" }, ` · ${e.order_id}`) : null),
      e.reason ? h("div", { class: "reason" }, e.reason) : null,
      e.outcome === "corrected" ? changesTable(e.data.changes) : null));
}

function ordersTable(doc, ctx) {
  if (!doc.orders.length) return null;
  return [h("h2", {}, t("history.orders")), h("table", { class: "grid" },
    h("thead", {}, h("tr", {}, ["order", "po", "status", "kind", "lines"].map((k) => h("th", {}, t(`history.col.${k}`))))),
    h("tbody", {}, doc.orders.map((o) => h("tr", {},
      h("td", { class: "mono" }, h("a", { href: ctx.routeFor({ order_id: o.order_id, document_id: doc.document_id, status: o.status,
        kind: o.kind, original_order_id: o.original_order_id, bucket: ["review", "held", "duplicate"].includes(o.status) ? "review" : "done" }) }, o.order_id)),
      h("td", {}, o.po_number || "—"), h("td", {}, h("span", { class: ["badge", `b-${o.status}`] }, t(`status.${o.status}`))),
      h("td", {}, t(`kind.${o.kind}`)), h("td", {}, String(o.lines.length))))))];
}

/** Delivery is kept per order, not as an event: show it on the timeline all the same. */
function deliveryEvents(orders) {
  const out = [];
  for (const o of orders) {
    const d = o.delivery;
    if (!d) continue;
    if (d.status === "delivered") out.push({ stage: "deliver", outcome: "delivered", at: o.sla.delivered_at, order_id: o.order_id, data: {} });
    else if (d.status === "dead_letter" || d.last_error) {
      out.push({ stage: "deliver", outcome: d.status === "dead_letter" ? "dead_letter" : "retry", at: d.next_attempt_at || o.sla.validated_at,
        order_id: o.order_id, reason: d.last_error, data: {} });
    }
  }
  return out;
}

export async function render(view, docId, ctx) {
  const doc = await api(`/v1/documents/${encodeURIComponent(docId)}`);
  const orders = await Promise.all(doc.orders.map((o) => api(`/v1/orders/${encodeURIComponent(o.order_id)}`).catch(() => o)));
  const events = [...doc.history, ...deliveryEvents(orders)].sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
  view.append(h("section", { class: "history" },
    h("div", { class: "review-head" },
      h("a", { href: "#/queue", class: "back" }, `← ${t("nav.queue")}`),
      h("h1", {}, t("history.title"), h("span", { class: "sub mono" }, shownName(doc.filename) || doc.document_id)),
      doc.orders.length ? null : h("span", { class: ["badge", `b-${doc.status}`] }, t(`docstatus.${doc.status}`, {}, doc.status)),
      h("a", { href: `/v1/documents/${doc.document_id}/raw`, class: "button secondary", download: "", id: "raw-link" }, t("review.raw"))),
    h("div", { class: "history-body" },
      h("div", { class: "history-side" }, meta(doc), ordersTable(doc, ctx),
        doc.children.length ? [h("h2", {}, t("history.children")), h("ul", {}, doc.children.map((c) =>
          h("li", {}, h("a", { href: `#/document/${c.document_id}` }, shownName(c.filename) || c.document_id), ` · ${c.status}`)))] : null,
        doc.acks.length ? [h("h2", {}, t("history.acks")), h("ul", {}, doc.acks.map((a) =>
          h("li", {}, h("a", { href: a.url, download: "" }, a.kind), ` · ${a.via} · ${a.status}`)))] : null),
      h("div", { class: "history-main" }, h("h2", {}, t("history.timeline")), h("ol", { class: "timeline" }, events.map(event))))));
}

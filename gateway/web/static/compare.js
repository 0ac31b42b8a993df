// Duplicates and changes: the original beside the new order (pages side by side), differences marked.
// The buttons are the actions the server's transition table allows (GET /v1/orders/{id}/actions).
import { api, once } from "./api.js";
import { clear, h } from "./dom.js";
import { issueMessage, t } from "./i18n.js";

const FIELDS = ["customer", "po_number", "order_date", "requested_delivery_date", "currency", "total", "priority"];

function fieldValue(order, key) {
  if (!order) return "";
  if (key === "customer") return order.customer.name || order.customer.id || "";
  return order[key] === null || order[key] === undefined ? "" : String(order[key]);
}

function lineKey(line) {
  return line.sku || line.customer_item || line.gtin || `#${line.line_no}`;
}

function headerTable(original, order) {
  return h("table", { class: "grid compare-head" },
    h("thead", {}, h("tr", {}, h("th", {}, t("compare.field")), h("th", {}, t("compare.original")), h("th", {}, t("compare.this")))),
    h("tbody", {}, FIELDS.map((key) => {
      const a = fieldValue(original, key), b = fieldValue(order, key);
      return h("tr", { class: a !== b ? "diff" : null, dataset: { field: key } },
        h("th", {}, t(`field.${key}`)), h("td", {}, a || "—"), h("td", {}, b || "—"));
    })));
}

function lineRows(original, order) {
  const before = new Map((original?.lines || []).map((l) => [lineKey(l), l]));
  const rows = [];
  for (const line of order.lines) {
    const key = lineKey(line), old = before.get(key);
    before.delete(key);
    const qty = `${line.quantity} ${line.uom}`, oldQty = old ? `${old.quantity} ${old.uom}` : "";
    const change = line.action === "delete" ? "removed" : !old ? "added" : oldQty !== qty ? "changed" : "same";
    rows.push([key, line.description || old?.description || "", oldQty, line.action === "delete" ? "" : qty, change]);
  }
  for (const [key, old] of before) rows.push([key, old.description || "", `${old.quantity} ${old.uom}`, "", "removed"]);
  return rows;
}

function linesTable(original, order) {
  return h("table", { class: "grid compare-lines" },
    h("thead", {}, h("tr", {}, ["item", "description", "original", "this", "change"].map((k) => h("th", {}, t(`compare.${k}`))))),
    h("tbody", {}, lineRows(original, order).map(([key, desc, a, b, change]) => h("tr", { class: change !== "same" ? ["diff", change] : null, dataset: { change } },
      h("td", { class: "mono" }, key), h("td", {}, desc), h("td", {}, a || "—"), h("td", {}, b || "—"),
      h("td", {}, change === "same" ? "" : h("span", { class: ["badge", `chg-${change}`] }, t(`compare.${change}`)))))));
}

function changesList(order) {
  if (!order.changes.length) return null;
  return h("ul", { class: "changes-list" }, order.changes.map((c) =>
    h("li", {}, h("span", { class: "mono" }, c.item || c.field), " ", t(`compare.${c.change || "changed"}`, {}, c.change || ""),
      c.from || c.to ? ` (${c.from ?? "—"} → ${c.to ?? "—"})` : "")));
}

const PAGED = ["ocr", "pdf_text", "pdf"];

function pages(original, order) {
  const img = (o) => o && PAGED.includes(o.source.format)
    ? h("figure", {}, h("figcaption", {}, o.order_id),
      h("img", { class: "page-img", alt: "", src: `/v1/documents/${o.source.document_id}/pages/1.png?order=${encodeURIComponent(o.order_id)}` }))
    : null;
  const shown = [img(original), img(order)].filter(Boolean);
  return shown.length ? h("div", { class: "compare-pages" }, shown) : null;
}

const BUTTONS = {
  same_order: ["same-order", "compare.same-order"],
  release: ["release", "compare.release"],
  approve: ["accept", "compare.accept"],
};

function actionButtons(allowed, act) {
  const main = allowed.includes("same_order") ? "same_order" : allowed.find((a) => a in BUTTONS);
  const buttons = Object.entries(BUTTONS).filter(([a]) => allowed.includes(a)).map(([a, [id, label]]) =>
    h("button", { type: "button", class: a === main ? "primary" : "secondary", id, onclick: () => act(a) }, t(label)));
  if (allowed.includes("reject")) {
    buttons.push(h("button", { type: "button", class: "danger", id: "reject",
      onclick: () => act("reject", { reason: t("compare.reject-reason") }) }, t("review.reject")));
  }
  return buttons;
}

export async function render(view, orderId, ctx) {
  const order = await api(`/v1/orders/${encodeURIComponent(orderId)}`);
  const original = order.original_order_id
    ? await api(`/v1/orders/${encodeURIComponent(order.original_order_id)}`).catch(() => null) : null;
  const state = await api(`/v1/orders/${encodeURIComponent(orderId)}/actions`);
  const allowed = ctx.me.can_write ? state.allowed : [];
  const act = once(async (action, body) => {
    try {
      const path = action === "same_order" ? "same-order" : action;
      const done = await api(`/v1/orders/${encodeURIComponent(orderId)}/${path}`, { method: "POST", body });
      ctx.toast(t(`compare.done.${action}`), "ok");
      clear(view);
      await render(view, done.order_id, ctx);
    } catch (err) {
      ctx.toast(err.message, "error");
    }
  });
  const possible = state.state.startsWith("possible_duplicate");
  const title = order.status === "duplicate" ? t("compare.title-exact") : possible ? t("compare.title-duplicate")
    : order.kind === "new" ? t("compare.title-held") : t(`compare.title-${order.kind}`);
  view.append(h("section", { class: "compare", dataset: { state: state.state } },
    h("div", { class: "review-head" },
      h("a", { href: "#/queue", class: "back" }, `← ${t("nav.queue")}`),
      h("h1", {}, title, h("span", { class: "sub" }, `${order.po_number || ""} · ${order.customer.name || ""}`)),
      h("span", { class: ["badge", `b-${order.status}`], id: "order-status" }, t(`status.${order.status}`)),
      h("a", { href: `#/document/${order.source.document_id}`, class: "small-link" }, t("review.history"))),
    original ? null : h("p", { class: "alert" }, t("compare.no-original")),
    h("div", { class: "compare-ids" },
      h("span", {}, t("compare.original"), ": ", original ? h("a", { href: `#/document/${original.source.document_id}` }, original.order_id) : "—",
        original ? ` (${t(`status.${original.status}`)})` : ""),
      h("span", {}, t("compare.this"), ": ", order.order_id)),
    order.status === "duplicate" && !state.allowed.includes("release") && original?.status !== "rejected"
      ? h("p", { class: "note", id: "never-again" }, t("compare.exact-note")) : null,
    pages(original, order),
    headerTable(original, order),
    linesTable(original, order),
    possible ? null : changesList(order),
    order.issues.length ? h("ul", { class: "issues-list" }, order.issues.map((i) => h("li", { class: i.severity }, `${i.code} — ${issueMessage(i)}`))) : null,
    h("div", { class: "actions" }, ...actionButtons(allowed, act),
      allowed.includes("correct") ? h("a", { href: `#/review/${order.order_id}`, class: "button secondary" }, t("compare.edit")) : null)));
}

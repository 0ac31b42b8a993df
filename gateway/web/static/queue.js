// The queue: documents and orders by where they stand, filters, SLA time left; refreshed every few seconds.
import { api } from "./api.js";
import { fill, h, shownName, typing } from "./dom.js";
import { fmtDateTime, fmtLeft, issueMessage, t } from "./i18n.js";

const POLL_MS = 4000;
const TABS = ["todo", "received", "extracting", "review", "held", "ready", "delivered", "rejected", "failed", "dead_letter", "all"];
const TODO = ["review", "held"];
const AGES = ["", "1", "4", "24"];

function inTab(item, tab) {
  if (tab === "all") return true;
  if (tab === "todo") return TODO.includes(item.bucket);
  return item.bucket === tab;
}

function tabCount(counts, tab) {
  if (tab === "all") return Object.values(counts).reduce((a, b) => a + b, 0);
  if (tab === "todo") return TODO.reduce((a, b) => a + (counts[b] || 0), 0);
  return counts[tab] || 0;
}

function select(name, value, options, onChange) {
  return h("label", { class: "filter" }, h("span", {}, t(`queue.filter.${name}`)),
    h("select", { name, onchange: onChange },
      options.map(([v, label]) => h("option", { value: v, selected: v === (value || "") }, label))));
}

function filterBar(state, data, onChange) {
  const f = state.filters;
  const any = ["", t("queue.any")];
  return h("form", { class: "filters", onsubmit: (e) => e.preventDefault() },
    select("channel", f.channel, [any, ...data.facets.channels.map((c) => [c, t(`channel.${c}`, {}, c)])], onChange),
    select("customer", f.customer, [any, ...data.customers.map((c) => [c.id, c.name])], onChange),
    select("team", f.team, [any, ...data.facets.teams.map((x) => [x, x])], onChange),
    select("priority", f.priority, [any, ["urgent", t("priority.urgent")], ["normal", t("priority.normal")]], onChange),
    select("min_age_h", f.min_age_h, AGES.map((a) => [a, a ? t("queue.older", { h: a }) : t("queue.any")]), onChange),
    h("span", { class: "updated", id: "queue-updated" }));
}

function slaCell(item, skew) {
  const state = item.sla_state;
  if (state === "met" || state === "missed") return h("td", { class: ["sla", state] }, t(`sla.${state}`));
  if (!item.deadline || state === "none") return h("td", { class: "sla" }, "—");
  const left = (Date.parse(item.deadline) - (Date.now() + skew)) / 1000;
  return h("td", { class: ["sla", state], title: fmtDateTime(item.deadline) }, fmtLeft(left));
}

/** Who sent an unidentified document: the address or fax number; an API upload says so. */
function senderLabel(sender) {
  if (!sender) return "";
  return sender.startsWith("api:") ? t("sender.api") : shownName(sender);
}

function issueText(item) {
  if (!item.issues.length) return "";
  const first = item.issues[0];
  return item.issues.length > 1 ? `${first.code} +${item.issues.length - 1}` : first.code;
}

function row(item, index, state, skew, open) {
  const selected = index === state.selected;
  const tr = h("tr", {
    class: ["row", `sla-${item.sla_state}`, selected && "selected"], tabindex: "0",
    dataset: { id: item.id, bucket: item.bucket }, onclick: () => open(item),
    onkeydown: (e) => { if (e.key === "Enter") open(item); },
    onfocus: () => { state.selected = index; },
  },
  slaCell(item, skew),
  h("td", {}, h("span", { class: ["badge", `b-${item.bucket}`] }, t(`bucket.${item.bucket}`)),
    item.kind && item.kind !== "new" ? h("span", { class: "badge kind" }, t(`kind.${item.kind}`)) : null),
  h("td", {}, t(`channel.${item.channel}`, {}, item.channel)),
  h("td", {}, item.customer_name || item.customer_id || senderLabel(item.sender) || "—"),
  h("td", { class: "mono" }, item.po_number || "—"),
  h("td", {}, item.priority === "urgent" ? h("span", { class: "badge urgent" }, t("priority.urgent")) : ""),
  h("td", { class: "opt" }, item.team || ""),
  h("td", { class: "opt2" }, fmtDateTime(item.received_at)),
  h("td", { class: "issues", title: item.issues.map(issueMessage).join("\n") }, issueText(item)),
  h("td", { class: "pick" }, item.order_id && TODO.includes(item.bucket) ? h("input", {
    type: "checkbox", class: "pick", checked: state.chosen.has(item.order_id), "aria-label": t("queue.pick", { po: item.po_number || item.order_id }),
    onclick: (e) => e.stopPropagation(),
    onchange: (e) => { if (e.target.checked) state.chosen.add(item.order_id); else state.chosen.delete(item.order_id); state.onPick(); },
  }) : null));
  return tr;
}

/** The bar over the table while orders are picked: one action on all of them (POST /v1/orders/bulk). */
function bulkBar(state, ctx, reload) {
  if (!state.chosen.size || !ctx.me.can_write) return null;
  const run = async (action) => {
    const body = { action, order_ids: [...state.chosen], reason: t("compare.reject-reason") };
    try {
      const out = await api("/v1/orders/bulk", { method: "POST", body });
      const refused = out.results.filter((r) => r.status !== 200);
      ctx.toast(t("queue.bulk-done", { done: out.done, refused: refused.length }), refused.length ? "error" : "ok");
      state.chosen.clear();
      state.sig = null;
      await reload();
    } catch (err) {
      ctx.toast(err.message, "error");
    }
  };
  return h("div", { class: "bulk-bar", id: "bulk-bar" }, h("span", {}, t("queue.picked", { n: state.chosen.size })),
    h("button", { type: "button", class: "primary", id: "bulk-approve", onclick: () => run("approve") }, t("review.approve")),
    h("button", { type: "button", class: "danger", id: "bulk-reject", onclick: () => run("reject") }, t("review.reject")),
    h("button", { type: "button", class: "secondary", onclick: () => { state.chosen.clear(); state.onPick(); } }, t("queue.unpick")));
}

function table(items, state, skew, open) {
  const head = ["sla", "status", "channel", "customer", "po", "priority", "team", "received", "issues", "pick"];
  const opt = { team: "opt", received: "opt2" };
  return h("table", { class: "grid queue-table" },
    h("thead", {}, h("tr", {}, head.map((k) => h("th", { class: opt[k] }, t(`queue.col.${k}`))))),
    h("tbody", {}, items.length ? items.map((it, i) => row(it, i, state, skew, open))
      : h("tr", {}, h("td", { colspan: head.length, class: "empty" }, t("queue.empty")))));
}

export async function render(view, _param, ctx) {
  const state = { filters: ctx.filters, selected: 0, data: null, timer: null, chosen: new Set() };
  state.onPick = () => { const bar = root.querySelector(".bulk-slot"); if (bar) fill(bar, bulkBar(state, ctx, load)); };
  const root = h("section", { class: "queue" });
  view.append(root);
  const open = (item) => ctx.navigate(ctx.routeFor(item));

  const draw = () => {
    const data = state.data;
    const skew = Date.parse(data.now) - Date.now();
    const items = data.items.filter((i) => inTab(i, state.filters.tab));
    ctx.queueItems = items;
    state.selected = Math.min(state.selected, Math.max(items.length - 1, 0));
    fill(root, 
      h("div", { class: "tabs", role: "tablist" }, TABS.map((tab) => h("button", {
        type: "button", role: "tab", class: ["tab", tab === state.filters.tab && "active"],
        "aria-selected": String(tab === state.filters.tab), dataset: { tab }, title: tab === "held" ? t("bucket.held.title") : null,
        onclick: () => { state.filters.tab = tab; state.selected = 0; state.sig = null; draw(); },
      }, t(`bucket.${tab}`), h("span", { class: "count" }, String(tabCount(data.counts, tab)))))),
      data.calendar && !data.calendar.business_day
        ? h("p", { class: "note", id: "closed-today" }, t("queue.closed-today", { time: data.calendar.resumes_at ? fmtDateTime(data.calendar.resumes_at) : "—" }))
        : null,
      filterBar(state, data, (e) => { state.filters[e.target.name] = e.target.value; state.sig = null; load(); }),
      h("div", { class: "bulk-slot" }, bulkBar(state, ctx, load)),
      h("div", { class: "table-wrap" }, table(items, state, skew, open)));
    document.getElementById("queue-updated").textContent = t("queue.updated", { time: fmtDateTime(data.now, true) });
  };

  const refreshClock = () => {
    const skew = Date.parse(state.data.now) - Date.now();
    const items = ctx.queueItems;
    root.querySelectorAll("tbody tr.row").forEach((tr, i) => {
      if (items[i]) tr.firstChild.replaceWith(slaCell(items[i], skew));
    });
    document.getElementById("queue-updated").textContent = t("queue.updated", { time: fmtDateTime(state.data.now, true) });
  };

  const load = async () => {
    const q = new URLSearchParams();
    for (const k of ["channel", "customer", "team", "priority", "min_age_h"]) if (state.filters[k]) q.set(k, state.filters[k]);
    try {
      const data = await api(`/v1/queue?${q}`);
      if (!root.isConnected) return;
      const sig = JSON.stringify([data.items, data.counts, data.facets]);
      state.data = data;
      if (sig === state.sig) { refreshClock(); return; }
      state.sig = sig;
      const active = document.activeElement;
      const focusedSelect = root.contains(active) && active.tagName === "SELECT" ? active.name : null;
      const focusedRow = root.contains(active) && active.tagName === "TR";
      draw();
      if (focusedSelect) root.querySelector(`select[name=${focusedSelect}]`)?.focus();
      if (focusedRow) root.querySelectorAll("tbody tr.row")[state.selected]?.focus();
    } catch (err) {
      ctx.toast(`${t("error.load")}: ${err.message}`, "error");
    }
  };

  const keys = (event) => {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey || !state.data) return;
    const rows = root.querySelectorAll("tbody tr.row");
    if (event.key === "j" || event.key === "k") {
      state.selected = Math.max(0, Math.min(rows.length - 1, state.selected + (event.key === "j" ? 1 : -1)));
      rows.forEach((r, i) => r.classList.toggle("selected", i === state.selected));
      rows[state.selected]?.scrollIntoView({ block: "nearest" });
      rows[state.selected]?.focus();
    } else if ((event.key === "o" || (event.key === "Enter" && !root.contains(event.target))) && ctx.queueItems[state.selected]) {
      open(ctx.queueItems[state.selected]);
    }
  };

  document.addEventListener("keydown", keys);
  await load();
  state.timer = setInterval(load, POLL_MS);
  return () => { clearInterval(state.timer); document.removeEventListener("keydown", keys); };
}

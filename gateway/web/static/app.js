// The console application: who is logged in, the header, the hash router and global shortcuts.
import { api, setCsrf } from "./api.js";
import { clear, h, typing } from "./dom.js";
import { applyStatic, getFormat, getLang, setFormat, setLang, t } from "./i18n.js";
import * as queue from "./queue.js";
import * as review from "./review.js";
import * as compare from "./compare.js";
import * as dashboard from "./dashboard.js";
import * as history from "./history.js";
import * as learned from "./learned.js";

const ROUTES = [
  [/^#?\/?(queue)?$/, queue.render, "queue"],
  [/^#\/review\/([^/?]+)$/, review.render, "queue"],
  [/^#\/compare\/([^/?]+)$/, compare.render, "queue"],
  [/^#\/dashboard$/, dashboard.render, "dashboard"],
  [/^#\/document\/([^/?]+)$/, history.render, "queue"],
  [/^#\/learned$/, learned.render, "learned"],
];

/** State shared by the views for the life of the page. */
const ctx = {
  me: null,
  queueItems: [],   // the queue as last shown, for j/k on the review screens
  filters: { tab: "todo" },
  cleanup: null,
  navigate(hash) { window.location.hash = hash; },
  toast(message, kind = "info") {
    const box = document.getElementById("toasts");
    const el = h("div", { class: ["toast", kind] }, message);
    box.append(el);
    setTimeout(() => el.remove(), kind === "error" ? 8000 : 4000);
  },
  /** The order after (step 1) or before (step -1) ``id`` in the last queue, as a route. */
  neighbour(id, step) {
    const items = ctx.queueItems.filter((i) => i.order_id);
    const at = items.findIndex((i) => i.order_id === id);
    const next = items[at + step];
    return next ? routeFor(next) : null;
  },
};

export function routeFor(item) {
  if (!item.order_id) return `#/document/${item.document_id}`;
  const possible = (item.issues || []).some((i) => i.code === "POSSIBLE-DUPLICATE");
  if (item.original_order_id && (item.status === "duplicate" || item.kind !== "new" || possible)) return `#/compare/${item.order_id}`;
  if (["review", "held"].includes(item.bucket)) return `#/review/${item.order_id}`;
  return `#/document/${item.document_id}`;
}
ctx.routeFor = routeFor;

function renderHeader() {
  applyStatic(document);
  document.documentElement.lang = getLang();
  document.title = t("app.title");
  const who = document.getElementById("who");
  who.textContent = `${ctx.me.user} · ${t(`role.${ctx.me.role}`)}`;
  document.querySelector("#logout input[name=csrf_token]").value = ctx.me.csrf_token || "";
  for (const b of document.querySelectorAll(".lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === getLang()));
}

async function route() {
  if (ctx.cleanup) ctx.cleanup();
  ctx.cleanup = null;
  const hash = window.location.hash || "#/queue";
  const view = clear(document.getElementById("view"));
  for (const [pattern, render, nav] of ROUTES) {
    const m = hash.match(pattern);
    if (!m) continue;
    for (const a of document.querySelectorAll(".mainnav a")) a.classList.toggle("active", a.id === `nav-${nav}`);
    try {
      ctx.cleanup = (await render(view, decodeURIComponent(m[1] || ""), ctx)) || null;
    } catch (err) {
      view.append(h("p", { class: "alert error" }, `${t("error.load")}: ${err.message}`));
    }
    return;
  }
  view.append(h("p", { class: "alert" }, t("error.not-found")));
}

function shortcuts(event) {
  if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "g") ctx.navigate("#/queue");
  else if (event.key === "d") ctx.navigate("#/dashboard");
}

async function boot() {
  ctx.me = await api("/v1/console/me");
  setCsrf(ctx.me.csrf_token);
  renderHeader();
  const format = document.getElementById("num-format");
  for (const b of document.querySelectorAll(".lang")) {
    b.addEventListener("click", () => { setLang(b.dataset.lang); format.value = getFormat(); renderHeader(); route(); });
  }
  format.value = getFormat();
  format.title = t("format.label");
  format.addEventListener("change", () => { setFormat(format.value); route(); });
  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", shortcuts);
  await route();
  document.body.dataset.ready = "1";
}

boot();

// The review screen: page image beside the extracted order; correct header and lines, then approve.
import { api, once } from "./api.js";
import { fill, h, typing } from "./dom.js";
import { datePattern, fmtDate, fmtDateTime, fmtDecimal, fmtLeft, fmtPct, getFormat, issueMessage, parseDate, parseDecimal, t, withFormat } from "./i18n.js";
import { pageViewer } from "./viewer.js";
import { replyDialog } from "./reply.js";

const HEADER = [
  { key: "customer_id", kind: "customer", conf: "customer" },
  { key: "po_number", kind: "text" },
  { key: "order_date", kind: "date" },
  { key: "requested_delivery_date", kind: "date" },
  { key: "currency", kind: "text", size: 3 },
  { key: "priority", kind: "priority" },
  { key: "total", kind: "decimal", size: 10 },
];
// The delivery and the invoicing address, field by field (ship_to.street, bill_to.city...).
const ADDRESSES = ["ship_to", "bill_to"];
const ADDRESS_FIELDS = (which) => ["name", "street", "postcode", "city", "country"].map((f) => ({ key: `${which}.${f}`, kind: "text", size: f === "country" ? 3 : 20 }));
const LINE_FIELDS = [["customer_item", 12], ["sku", 14], ["quantity", 6], ["uom", 4], ["unit_price", 8], ["amount", 9]];
const DECIMALS = ["quantity", "unit_price", "amount", "total"];

/** A value as the clerk sees it: numbers and dates in the chosen format. */
function shown(kind, value) {
  return kind === "decimal" ? fmtDecimal(value) : kind === "date" ? fmtDate(value) : value;
}

/** A word from the page as the field wants it: numbers and dates as the document wrote them
 *  (12,50 on a French page) turned into the clerk's format; other text as it is. */
function fromDocument(text, kind) {
  text = text.replace(/^[\s"'«»“”(\[]+|[\s"'«»“”)\],;:]+$/gu, "").replace(/(\D)\.$/u, "$1");  // "Compta," -> "Compta"
  if (kind === "decimal") {
    const value = text.replace(/[^\d.,\s\u00a0\u202f'-]/g, "");
    for (const f of [getFormat(), "fr", "de", "en"]) {
      const canonical = withFormat(f, () => parseDecimal(value));
      if (canonical) return fmtDecimal(canonical);
    }
    return null;  // a word is not a number: nothing is filled
  }
  if (kind === "date") {
    const iso = parseDate(text);
    if (iso) return fmtDate(iso);
    return null;
  }
  return text;
}

/** What a typed value means for the API ("1 234,50" -> "1234.50"); throws naming the field when it means nothing. */
function meant(el) {
  const value = el.value.trim();
  const kind = el.dataset.kind;
  const out = kind === "decimal" ? parseDecimal(value) : kind === "date" ? parseDate(value) : value;
  if (out === null) {
    el.classList.add("invalid");
    const err = new Error(t(kind === "date" ? "review.bad-date" : "review.bad-number", { value, example: kind === "date" ? datePattern() : fmtDecimal("1234.50") }));
    err.field = el;
    throw err;
  }
  el.classList.remove("invalid");
  return out;
}
const SKU_EVIDENCE = ["sku", "customer_item", "supplier_item", "gtin", "description"];
const REVIEWABLE = ["review", "held", "duplicate"];

function headerValue(order, key) {
  const [which, part] = key.split(".");
  if (part) return String(order[which]?.[part] ?? "");
  return String(key === "customer_id" ? order.customer.id ?? "" : order[key] ?? "");
}

function confBadge(value, threshold) {
  if (value === undefined || value === null) return h("span", { class: "conf none" }, "");
  const level = value < threshold ? "low" : value < 0.98 ? "mid" : "high";
  return h("span", { class: ["conf", level], title: t("review.confidence") }, fmtPct(value));
}

function issueFields(order) {
  return new Set(order.issues.filter((i) => i.field).map((i) => i.field));
}

function headerInput(field, order, cat) {
  const value = shown(field.kind, headerValue(order, field.key));
  const common = { name: field.key, id: `f-${field.key}`, dataset: { original: value, kind: field.kind } };
  if (field.kind === "customer") {
    const known = cat.customers.some((c) => c.id === value);
    return h("select", common, known ? null : h("option", { value }, value || "—"),
      cat.customers.map((c) => h("option", { value: c.id, selected: c.id === value }, `${c.name} (${c.id})`)));
  }
  if (field.kind === "priority") {
    return h("select", common, ["normal", "urgent"].map((p) => h("option", { value: p, selected: p === value }, t(`priority.${p}`))));
  }
  return h("input", { ...common, type: "text", value, size: field.size || 20, autocomplete: "off",
    placeholder: field.kind === "date" ? datePattern() : null, inputmode: field.kind === "decimal" ? "decimal" : null });
}

function headerFields(order, cat, me, issues) {
  return [fieldGrid(HEADER, order, cat, me, issues),
    h("div", { class: "addresses" }, ADDRESSES.map((which) => h("div", { class: "address", dataset: { address: which } },
      h("h3", {}, t(`review.${which}`)), fieldGrid(ADDRESS_FIELDS(which), order, cat, me, issues))))];
}

function fieldGrid(fields, order, cat, me, issues) {
  return h("div", { class: "fields" }, fields.map((field) => {
    const conf = order.field_confidence[field.conf || field.key];
    const input = headerInput(field, order, cat);
    input.dataset.evidence = field.conf || field.key;
    const low = conf !== undefined && conf < me.review_threshold;
    return h("div", { class: ["field", low && "low", issues.has(field.key) && "has-issue"] },
      h("label", { for: input.id }, t(`field.${field.key}`)), input, confBadge(conf, me.review_threshold));
  }));
}

function productHint(sku, cat) {
  const p = cat.products.find((x) => x.sku === sku);
  return p ? p.description : sku ? t("review.unknown-sku") : "";
}

function lineRow(line, cat, me, issues) {
  const cells = LINE_FIELDS.map(([field, size]) => {
    const kind = DECIMALS.includes(field) ? "decimal" : "text";
    const value = shown(kind, String(line[field] ?? ""));
    const key = `lines[${line.line_no}].${field}`;
    const conf = line.field_confidence[field] ?? (field === "sku" ? line.field_confidence.customer_item : undefined);
    const input = h("input", { name: key, value, size, autocomplete: "off", "aria-label": `${t(`field.${field}`)} ${line.line_no}`,
      list: field === "sku" ? "sku-options" : null, inputmode: kind === "decimal" ? "decimal" : null,
      dataset: { line: line.line_no, field, original: value, kind } });
    const low = conf !== undefined && conf < me.review_threshold;
    const hint = field === "sku" ? h("div", { class: "hint" }, productHint(value, cat)) : null;
    if (hint) input.addEventListener("input", () => { hint.textContent = productHint(input.value.trim(), cat); });
    return h("td", { class: [`c-${field}`, low && "low", issues.has(key) && "has-issue"] }, input, hint,
      confBadge(conf, me.review_threshold));
  });
  const theirs = [line.customer_item, line.gtin].filter(Boolean).join(" · ");
  return h("tr", { dataset: { line: line.line_no } },
    h("td", { class: "c-no" }, String(line.line_no)),
    h("td", { class: "c-theirs" }, h("div", { class: "mono" }, theirs || "—"), h("div", { class: "hint" }, line.description || "")),
    cells,
    h("td", { class: "c-split" }, String(line.line_no).startsWith("new") ? null
      : [h("button", { type: "button", class: "linklike split", dataset: { line: line.line_no }, title: t("review.split") }, "⑂"),
        h("button", { type: "button", class: "linklike merge", dataset: { line: line.line_no }, title: t("review.merge") }, "⤒")]),
    h("td", { class: "c-del" }, h("input", { type: "checkbox", name: `lines[${line.line_no}].delete`,
      "aria-label": t("review.delete-line", { n: line.line_no }), dataset: { line: line.line_no, field: "delete" } })));
}

function linesTable(order, cat, me, issues) {
  const body = h("tbody", {}, order.lines.map((line) => lineRow(line, cat, me, issues)));
  let added = 0;
  // A row the page has but the reading missed: its inputs carry line "new<n>" (the server numbers it).
  const addRow = (from = {}) => {
    added += 1;
    const line = { line_no: `new${added}`, quantity: "", uom: from.uom || "C62", field_confidence: {}, ...from, line_no_shown: "+" };
    const tr = lineRow({ ...line, line_no: `new${added}` }, cat, me, issues);
    for (const input of tr.querySelectorAll("[data-original]")) input.dataset.original = "";
    tr.classList.add("added");
    body.append(tr);
    return tr;
  };
  // Split: a second row for the same item with part of the quantity (the rest stays on the first).
  // Merge: a row read twice for the same item is folded into the row above (quantities added, this row deleted).
  body.addEventListener("click", (e) => {
    const no = e.target.closest("button.merge")?.dataset.line;
    if (!no) return;
    const tr = body.querySelector(`tr[data-line='${no}']`);
    const above = tr?.previousElementSibling;
    if (!above) return;
    const qty = (row) => row.querySelector("[data-field=quantity]");
    const [a, b] = [parseDecimal(qty(above).value), parseDecimal(qty(tr).value)];
    const sum = Number(a) + Number(b);
    if (a === null || b === null || !Number.isFinite(sum)) return;
    qty(above).value = fmtDecimal(String(sum));
    tr.querySelector("[data-field=delete]").checked = true;
    tr.classList.add("merged");
  });
  body.addEventListener("click", (e) => {
    const no = e.target.closest("button.split")?.dataset.line;
    if (!no) return;
    const qty = body.querySelector(`input[name='lines[${no}].quantity']`);
    const total = Number(parseDecimal(qty.value));
    const half = Math.floor(total / 2);
    if (!(half > 0)) return;
    const now = (f) => body.querySelector(`input[name='lines[${no}].${f}']`)?.value ?? "";  // as typed, not as saved
    qty.value = fmtDecimal(String(total - half));
    const tr = addRow();
    for (const f of ["sku", "customer_item", "uom", "unit_price"]) {
      const input = tr.querySelector(`[data-field=${f}]`);
      if (input) input.value = now(f);
    }
    tr.querySelector("[data-field=quantity]").value = fmtDecimal(String(half));
  });
  return h("div", {}, h("table", { class: "grid lines" },
    h("thead", {}, h("tr", {}, ["no", "theirs", "customer_item", "sku", "quantity", "uom", "unit_price", "amount", "split", "delete"].map((k) =>
      h("th", { class: `c-${k}` }, t(`line.${k}`))))),
    body),
    h("button", { type: "button", class: "secondary", id: "add-row", onclick: () => addRow() }, t("review.add-row")));
}

/** What the reviewer changed, as the body of PATCH /v1/orders/{id}; null when nothing changed. */
function collect(form) {
  const body = {};
  const lines = new Map();
  for (const el of form.querySelectorAll("[data-original], input[type=checkbox][data-line]")) {
    const line = el.dataset.line;
    if (el.type === "checkbox") {
      if (el.checked && line) lines.set(line, { ...(lines.get(line) || {}), delete: true });
      continue;
    }
    if (el.value.trim() === el.dataset.original) continue;
    const value = meant(el);
    if (line) lines.set(line, { ...(lines.get(line) || {}), [el.dataset.field]: value });
    else body[el.name] = value;
  }
  if (lines.size) body.lines = [...lines].map(([no, patch]) => ({ line_no: Number(no), ...patch }));
  if (!Object.keys(body).length) return null;
  const picked = [...form.querySelectorAll("input[data-picked]")].filter((el) => el.value.trim() !== el.dataset.original).map((el) => el.name);
  if (picked.length) body.picked_from_page = picked;
  if (form.elements.save_xref?.checked && body.lines?.some((l) => l.sku)) body.save_xref = true;
  return body;
}

function issueList(order, onPick) {
  if (!order.issues.length) return null;
  return h("ul", { class: "issues-list" }, order.issues.map((i) => h("li", { class: i.severity },
    h("button", { type: "button", class: "linklike", onclick: () => onPick(i.field) }, i.code), " ", issueMessage(i))));
}

export async function render(view, orderId, ctx) {
  const me = ctx.me;
  let order = await api(`/v1/orders/${encodeURIComponent(orderId)}`);
  const [doc, cat] = await Promise.all([
    api(`/v1/documents/${order.source.document_id}`),
    api(`/v1/catalogue?customer=${encodeURIComponent(order.customer.id || "")}`).catch(() => api("/v1/catalogue")),
  ]);
  if (!ctx.queueItems.length) {  // opened directly: j/k still walk the to-do list
    api("/v1/queue").then((q) => { ctx.queueItems = q.items.filter((i) => ["review", "held"].includes(i.bucket)); }).catch(() => {});
  }
  // The field a word clicked on the page goes to: the last one the clerk was in.
  let lastField = null;
  const pick = (text, add) => {
    const el = lastField;
    if (!el || el.disabled || !el.isConnected || el.tagName !== "INPUT" || el.type === "checkbox") {
      ctx.toast(t("review.pick-first"));
      return;
    }
    const value = fromDocument(add && el.value.trim() ? `${el.value.trim()} ${text}` : text, el.dataset.kind);
    if (value === null) { ctx.toast(t(el.dataset.kind === "date" ? "review.pick-not-date" : "review.pick-not-number", { value: text }), "error"); return; }
    el.value = value;
    el.dataset.picked = "1";
    el.classList.add("picked");
    el.title = t("review.picked");
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.focus();
  };
  const viewer = pageViewer(order.source.document_id, order, doc.metadata.pages, pick);
  const pane = h("div", { class: "order-pane" });
  const title = h("div", { class: "review-head" });
  const section = h("section", { class: "review", dataset: { armed: "0" } }, title, h("div", { class: "review-body" }, viewer.element, pane));
  view.append(section);

  // Claim the order while working on it: another clerk sees who holds it and cannot act.
  let claimedBy = null;
  let unclaim = () => {};
  if (me.can_write && REVIEWABLE.includes(order.status)) {
    const claimPath = `/v1/orders/${encodeURIComponent(orderId)}/claim`;
    try {
      await api(claimPath, { method: "POST" });
      const renew = setInterval(() => api(claimPath, { method: "POST" }).catch(() => {}), 5 * 60 * 1000);
      unclaim = () => { clearInterval(renew); api(claimPath, { method: "DELETE" }).catch(() => {}); };
    } catch (err) {
      if (err.code === "ORDER-CLAIMED") claimedBy = err.message === err.serverMessage ? err.message : `${err.message} (${err.serverMessage})`;
    }
  }
  const writable = () => me.can_write && REVIEWABLE.includes(order.status) && !claimedBy;
  const form = h("form", { class: "order-form", novalidate: true });

  const focusField = (field) => {
    const el = field && form.querySelector(`[name="${CSS.escape(field === "customer" ? "customer_id" : field)}"]`);
    if (el) el.focus();
  };

  const drawTitle = () => {
    title.dataset.order = order.order_id;
    const left = order.sla.deadline ? (Date.parse(order.sla.deadline) - Date.now()) / 1000 : null;
    fill(title, 
      h("a", { href: "#/queue", class: "back" }, `← ${t("nav.queue")}`),
      h("h1", {}, order.po_number || t("review.no-po"), h("span", { class: "sub" }, order.customer.name || order.customer.id || t("review.no-customer"))),
      h("span", { class: ["badge", `b-${order.status}`], id: "order-status" }, t(`status.${order.status}`)),
      left !== null && REVIEWABLE.includes(order.status) ? h("span", { class: ["badge", left < 0 ? "late" : "sla"] }, fmtLeft(left)) : null,
      h("a", { href: `#/document/${order.source.document_id}`, class: "small-link" }, t("review.history")),
      order.original_order_id ? h("a", { href: `#/compare/${order.order_id}`, class: "small-link" }, t("review.compare")) : null,
      h("span", { class: "keys" }, t("review.keys")));
  };

  const drawForm = () => {
    const issues = issueFields(order);
    const banner = claimedBy ? h("span", { id: "claimed-by" }, claimedBy) : !me.can_write ? t("review.read-only") : !REVIEWABLE.includes(order.status) ? t("review.not-waiting", { status: t(`status.${order.status}`) }) : null;
    fill(form, 
      banner ? h("p", { class: "alert" }, banner) : null,
      issueList(order, focusField),
      h("fieldset", { disabled: !writable() }, h("legend", {}, t("review.header")), headerFields(order, cat, me, issues)),
      h("fieldset", { disabled: !writable() }, h("legend", {}, t("review.lines")), linesTable(order, cat, me, issues)),
      h("datalist", { id: "sku-options" },
        cat.products.map((p) => h("option", { value: p.sku }, `${p.description}`)),
        cat.xref.map((x) => h("option", { value: x.sku }, `${x.customer_item} → ${x.sku}`))),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "secondary", id: "save", disabled: !writable() }, t("review.save")),
        h("button", { type: "button", class: "primary", id: "approve", disabled: !writable(), onclick: approve }, t("review.approve")),
        h("button", { type: "button", class: "danger", id: "reject", disabled: !writable(), onclick: () => dialog.showModal() }, t("review.reject")),
        h("button", { type: "button", class: "secondary", id: "reply", disabled: !me.can_write, onclick: () => reply.open() }, t("reply.open")),
        h("label", { class: "check" }, h("input", { type: "checkbox", name: "save_xref", disabled: !writable(), onchange: previewLearning }), t("review.save-xref"))),
      learnList);
    fill(pane, form, comments);
  };

  // Comments: notes on the order for colleagues, kept in its history with user and time.
  const commentList = h("ul", { class: "comments", id: "comments" });
  const commentText = h("textarea", { name: "comment", rows: 2, "aria-label": t("review.comment") });
  const loadComments = async () => {
    const { comments: all } = await api(`/v1/orders/${encodeURIComponent(orderId)}/comments`).catch(() => ({ comments: [] }));
    fill(commentList, all.map((c) => h("li", {}, h("span", { class: "who-did" }, `${c.user} · ${fmtDateTime(c.at, true)}`), " ", c.text)));
  };
  const addComment = async () => {
    if (!commentText.value.trim()) return;
    try {
      await api(`/v1/orders/${encodeURIComponent(orderId)}/comments`, { method: "POST", body: { text: commentText.value } });
      commentText.value = "";
      await loadComments();
    } catch (err) {
      ctx.toast(err.message, "error");
    }
  };
  const comments = h("section", { class: "comments-box" }, h("h2", {}, t("review.comments")), commentList,
    me.can_write ? h("div", { class: "comment-add" }, commentText,
      h("button", { type: "button", class: "secondary", id: "add-comment", onclick: addComment }, t("review.comment"))) : null);
  loadComments();

  // What "Remember item codes" would teach, from the server's own rule, shown before saving.
  const learnList = h("ul", { id: "learn-preview", class: "learn-preview" });
  let previewTimer = null;
  async function previewLearning() {
    let body = null;
    try { body = collect(form); } catch { fill(learnList); return; }
    if (!form.elements.save_xref?.checked || !body?.lines) { fill(learnList); return; }
    const { learn } = await api(`/v1/orders/${encodeURIComponent(order.order_id)}/learn-preview`, { method: "POST", body: { ...body, save_xref: true }, busy: false })
      .catch(() => ({ learn: [] }));
    fill(learnList, learn.length
      ? learn.map((x) => h("li", { dataset: { item: x.customer_item } }, h("span", { class: "mono" }, x.customer_item), " → ", h("span", { class: "mono" }, x.sku),
        x.master_sku ? h("span", { class: "warn learn-conflict" }, " ", t("review.learn-master", { sku: x.master_sku })) : null))
      : [h("li", { class: "none" }, t("review.learn-none"))]);
  }
  form.addEventListener("input", () => { clearTimeout(previewTimer); previewTimer = setTimeout(previewLearning, 250); });

  const save = async (quiet = false) => {
    let body;
    try {
      body = collect(form);
    } catch (err) {
      if (!err.field) throw err;
      err.field.focus();
      ctx.toast(`${t("review.save-failed")}: ${err.message}`, "error");
      return false;
    }
    if (!body) { if (!quiet) ctx.toast(t("review.nothing")); return true; }
    const focused = document.activeElement?.name;
    try {
      order = await api(`/v1/orders/${encodeURIComponent(order.order_id)}`, { method: "PATCH", body });
      drawTitle(); drawForm();
      if (focused) form.querySelector(`[name="${CSS.escape(focused)}"]`)?.focus();
      ctx.toast(t("review.saved"), "ok");
      return true;
    } catch (err) {
      ctx.toast(`${t("review.save-failed")}: ${err.message}`, "error");
      return false;
    }
  };

  // Keyboard approval only for the order on screen, and only once the clerk has had it in front of them:
  // a Ctrl+Enter repeated after approving the previous order must not approve this one unseen. The
  // shortcut is armed by a click or typing on this page, or after a short moment (ARM_MS).
  const ARM_MS = Number(sessionStorage.getItem("console.approveArmMs")) || 1500;
  let armed = false;
  let armTimer = null;
  const arm = () => { armed = true; clearTimeout(armTimer); section.dataset.armed = "1"; };
  const shown = () => view.isConnected && order.order_id === orderId && title.dataset.order === orderId;

  const approve = once(async () => {
    if (!writable() || !shown() || !(await save(true))) return;
    if (!shown()) return;
    try {
      order = await api(`/v1/orders/${encodeURIComponent(order.order_id)}/approve`, { method: "POST" });
      ctx.toast(t("review.approved", { po: order.po_number || order.order_id }), "ok");  // names it: the next order is shown next
      ctx.navigate(ctx.neighbour(orderId, 1) || ctx.neighbour(orderId, -1) || "#/queue");
    } catch (err) {
      if (err.issues.length) { order = { ...order, issues: err.issues }; drawForm(); }
      ctx.toast(`${t("review.approve-failed")}: ${err.message}`, "error");
    }
  });

  const reason = h("textarea", { name: "reason", rows: 3, required: true });
  const dialog = h("dialog", { class: "reject-dialog" }, h("form", { method: "dialog", onsubmit: async (e) => {
    if (e.submitter?.value !== "reject") return;
    try {
      order = await api(`/v1/orders/${encodeURIComponent(order.order_id)}/reject`, { method: "POST", body: { reason: reason.value } });
      ctx.toast(t("review.rejected"), "ok");
      ctx.navigate("#/queue");
    } catch (err) { ctx.toast(err.message, "error"); }
  } }, h("label", {}, t("review.reject-reason"), reason),
  h("div", { class: "actions" }, h("button", { value: "cancel", class: "secondary" }, t("review.cancel")),
    h("button", { value: "reject", class: "danger" }, t("review.reject")))));
  view.append(dialog);
  const reply = replyDialog(orderId, ctx);
  view.append(reply.dialog);

  form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
  form.addEventListener("input", (e) => {
    const el = e.target;
    if (el.dataset.original !== undefined) el.classList.toggle("edited", el.value.trim() !== el.dataset.original);
  });
  form.addEventListener("focusin", (e) => {
    const el = e.target;
    if (el.tagName === "INPUT" && el.type === "text") lastField = el;
    const key = el.dataset?.evidence || el.name;
    if (!key) return;
    const line = el.dataset.line;
    const keys = line && el.dataset.field === "sku" ? SKU_EVIDENCE.map((f) => `lines[${line}].${f}`) : [key];
    viewer.show(keys.map((k) => order.evidence[k]).find(Boolean) || null);
  });

  const keys = (event) => {
    if (reply.dialog.open) return;  // keys belong to the reply being written
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      if (event.repeat || !armed) { ctx.toast(t("review.key-too-soon"), "hint"); return; }
      approve();
      return;
    }
    if (!["Control", "Meta", "Shift", "Alt", "Enter"].includes(event.key)) arm();
    if (event.key === "Escape" && !dialog.open) { ctx.navigate("#/queue"); return; }
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j" || event.key === "k") {
      const next = ctx.neighbour(orderId, event.key === "j" ? 1 : -1);
      if (next) ctx.navigate(next);
    }
  };
  document.addEventListener("keydown", keys);
  section.addEventListener("pointerdown", arm);
  form.addEventListener("input", arm);

  drawTitle();
  drawForm();
  armTimer = setTimeout(arm, ARM_MS);
  const first = form.querySelector(".has-issue input, .has-issue select, .low input, .low select, fieldset:not([disabled]) input");
  if (first) first.focus();
  return () => { clearTimeout(armTimer); document.removeEventListener("keydown", keys); unclaim(); };
}

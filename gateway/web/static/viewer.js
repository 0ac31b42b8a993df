// The page image of a document beside the order, with the box a field was read from highlighted.
import { fill, h } from "./dom.js";
import { t } from "./i18n.js";

const TEXT_MAX = 200000;  // characters shown of an EDI or XML document

/** EDI one segment a line, XML one element a line: readable, never interpreted as HTML. */
export function readable(text) {
  const body = text.trim();
  if (/^(UNA|UNB)/.test(body)) {
    const release = body.startsWith("UNA") ? body[6] : "?";
    const end = body.startsWith("UNA") ? body[8] : "'";
    const out = [];
    let segment = "";
    for (let i = 0; i < body.length; i += 1) {
      const c = body[i];
      if (c === release && i + 1 < body.length) { segment += c + body[i + 1]; i += 1; continue; }
      segment += c;
      if (c === end) { out.push(segment.replace(/^[\r\n]+/, "")); segment = ""; }
    }
    if (segment.trim()) out.push(segment);
    return out.join("\n");
  }
  if (body.startsWith("ISA") && body.length > 106) return body.split(body[105]).map((x) => x.replace(/^[\r\n]+/, "") + body[105]).join("\n");
  if (body.startsWith("<")) return body.replace(/>\s*</g, ">\n<");
  return body;
}

async function showText(documentId, scroller, element) {
  const resp = await fetch(`/v1/documents/${documentId}/raw`, { credentials: "same-origin" }).catch(() => null);
  const type = resp?.headers.get("Content-Type") || "";
  if (!resp?.ok || /^(image|application\/pdf)/.test(type)) return;
  const text = (await resp.text()).slice(0, TEXT_MAX);
  if (!/^\s*(UNA|UNB|ISA|<)/.test(text)) return;
  element.dataset.text = "1";
  fill(scroller, h("pre", { class: "doc-text" }, readable(text)));
}

/**
 * A viewer for ``documentId``'s pages (boxes of ``order`` drawn by the server). Returns
 * {element, show(box)}: ``show`` turns to the box's page and highlights it (null hides it).
 */
export function pageViewer(documentId, order, pages, onWord = null) {
  const state = { page: 1, pages: Math.max(1, pages || 1), box: null, failed: false };
  const img = h("img", { class: "page-img", alt: t("review.page-alt") });
  const mark = h("div", { class: "hl", hidden: true });
  const words = h("div", { class: "words" });
  const frame = h("div", { class: "page-frame" }, img, mark, words);

  // The page's words as boxes over the image: a click puts the word in the field being edited
  // (shift+click adds it to what is there). mousedown is stopped so the field keeps the focus.
  const loadWords = async (page) => {
    fill(words);
    delete frame.dataset.words;
    if (!onWord) return;
    const resp = await fetch(`/v1/documents/${documentId}/pages/${page}/words`, { credentials: "same-origin" }).catch(() => null);
    if (!resp?.ok || state.page !== page) return;
    const found = await resp.json();
    fill(words, found.words.map((w) => {
      const span = h("span", { class: "word", title: w.text, dataset: { text: w.text } });
      Object.assign(span.style, {  // CSSOM, not a style attribute: the console's CSP allows no inline styles
        left: `${(w.x / found.width) * 100}%`, top: `${(w.y / found.height) * 100}%`,
        width: `${(w.w / found.width) * 100}%`, height: `${(w.h / found.height) * 100}%` });
      return span;
    }));
    frame.dataset.words = String(found.words.length);
  };
  words.addEventListener("mousedown", (e) => { if (e.target.closest(".word")) e.preventDefault(); });
  words.addEventListener("click", (e) => {
    const word = e.target.closest(".word");
    if (word && onWord) onWord(word.dataset.text, e.shiftKey);
  });
  const label = h("span", { class: "page-no" });
  const prev = h("button", { type: "button", class: "small", "aria-label": t("review.prev-page") }, "‹");
  const next = h("button", { type: "button", class: "small", "aria-label": t("review.next-page") }, "›");
  const raw = h("a", { href: `/v1/documents/${documentId}/raw`, class: "small-link", download: "" }, t("review.raw"));
  const scroller = h("div", { class: "page-scroll" }, frame);
  const element = h("div", { class: "viewer" }, h("div", { class: "viewer-bar" }, prev, label, next, raw), scroller);

  const place = () => {
    const box = state.box;
    if (!box || state.failed || box.page !== state.page || !img.naturalWidth) { mark.hidden = true; return; }
    const w = img.naturalWidth, hgt = img.naturalHeight, pad = 4;
    mark.style.left = `${((box.x - pad) / w) * 100}%`;
    mark.style.top = `${((box.y - pad) / hgt) * 100}%`;
    mark.style.width = `${((box.w + 2 * pad) / w) * 100}%`;
    mark.style.height = `${((box.h + 2 * pad) / hgt) * 100}%`;
    mark.hidden = false;
    const top = mark.offsetTop - scroller.clientHeight / 3;
    scroller.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
  };

  const load = (page) => {
    state.page = page;
    state.failed = false;
    label.textContent = t("review.page", { n: page, of: state.pages });
    prev.disabled = page <= 1;
    next.disabled = page >= state.pages;
    img.src = `/v1/documents/${documentId}/pages/${page}.png?order=${encodeURIComponent(order.order_id)}`;
  };

  img.addEventListener("load", () => { frame.dataset.loaded = String(state.page); place(); loadWords(state.page); });
  img.addEventListener("error", () => {
    state.failed = true;
    mark.hidden = true;
    element.dataset.noImage = "1";
    fill(scroller, h("div", { class: "no-image" }, h("p", {}, t("review.no-image")),
      h("a", { href: `/v1/documents/${documentId}/raw`, class: "button", download: "" }, t("review.raw"))));
    showText(documentId, scroller, element);
  });
  prev.addEventListener("click", () => load(state.page - 1));
  next.addEventListener("click", () => load(state.page + 1));
  load(1);

  return {
    element,
    show(box) {
      state.box = box || null;
      if (box && box.page !== state.page && box.page <= state.pages && !state.failed) load(box.page);
      else place();
    },
  };
}

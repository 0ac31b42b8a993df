// Tiny DOM helpers: elements are built with createElement and textContent, never from HTML strings.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h("tr", {class: "row"}, h("td", {}, "text"), ...) */
export function h(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Whether a key event happened while typing in a field (shortcuts then stay out of the way). */
export function typing(event) {
  const t = event.target;
  return t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(t.tagName));
}

/** Replace the children of ``el`` (null/false children are skipped, unlike Element.append). */
export function fill(el, ...children) {
  return append(clear(el), children);
}

// A name a partner chose (file name, sender), with control and bidi characters made visible
// (\x01, \t, \u202e) as the server's gateway.names.shown_name does; the raw name stays in the journal.
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };
export function shownName(name) {
  if (name == null) return name;
  return String(name).replace(HIDDEN, (c) => NAMED[c] || (c.charCodeAt(0) <= 0xff
    ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}

// Calls to the gateway's /v1 JSON routes with the console session (cookie) and its CSRF token.

import { errorMessage } from "./i18n.js";

export class ApiError extends Error {
  constructor(status, body) {
    const e = body && body.error;
    super(e ? errorMessage(e.code, e.message || `HTTP ${status}`, e.issues || []) : `HTTP ${status}`);
    this.serverMessage = (e && e.message) || `HTTP ${status}`;
    this.status = status;
    this.code = body && body.error && body.error.code;
    this.issues = (body && body.error && body.error.issues) || [];
  }
}

const session = { csrf: null };

export function setCsrf(token) {
  session.csrf = token;
}

// A write in flight: a second click (or key press) on the same action joins it instead of sending it
// again, and the page's buttons stay disabled until the answer is in.
const writes = new Map();

export function api(path, { method = "GET", body, busy = method !== "GET" } = {}) {
  if (!busy) return call(path, method, body);
  const key = `${method} ${path}`;
  if (writes.has(key)) return writes.get(key);
  const buttons = [...document.querySelectorAll("button:not([disabled])")];
  buttons.forEach((b) => { b.disabled = true; b.dataset.busy = "1"; });
  document.body.setAttribute("aria-busy", "true");
  const done = call(path, method, body).finally(() => {
    writes.delete(key);
    buttons.forEach((b) => { if (b.dataset.busy) { b.disabled = false; delete b.dataset.busy; } });
    if (!writes.size) document.body.removeAttribute("aria-busy");
  });
  writes.set(key, done);
  return done;
}

// An action (save then approve, reject...) that runs once at a time: clicks while it runs are ignored.
export function once(fn) {
  let running = null;
  return (...args) => {
    if (running) return running;
    running = Promise.resolve(fn(...args)).finally(() => { running = null; });
    return running;
  };
}

async function call(path, method, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = session.csrf || "";
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const resp = await fetch(path, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (resp.status === 401) {
    window.location.assign("/console/login");
    throw new ApiError(401, null);
  }
  const data = resp.headers.get("Content-Type")?.includes("json") ? await resp.json() : null;
  if (!resp.ok) throw new ApiError(resp.status, data);
  return data;
}

// Calls to the gateway's /v1 JSON routes with the console session (cookie) and its CSRF token.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error && body.error.code;
    this.issues = (body && body.error && body.error.issues) || [];
  }
}

const session = { csrf: null };

export function setCsrf(token) {
  session.csrf = token;
}

export async function api(path, { method = "GET", body } = {}) {
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

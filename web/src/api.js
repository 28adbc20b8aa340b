// The JSON API. The session travels in the HttpOnly cookie, which this code
// never sees; errors come back as RFC 9457 problems naming the fields.

export class APIError extends Error {
  constructor(status, detail, errors = []) {
    super(detail);
    this.status = status;
    // fields maps a field path as the forms name it ("victims[0].age") to
    // the server's message about it.
    this.fields = {};
    this.other = [];
    // params maps a query parameter ("country") to the message about it;
    // those messages are in other too, for pages with no field to show them.
    this.params = {};
    for (const e of errors || []) {
      const key = fieldKey(e.location);
      if (key) this.fields[key] = e.message;
      else this.other.push(e.message);
      if (e.location && e.location.startsWith("query.")) this.params[e.location.slice("query.".length)] = e.message;
    }
  }
}

// NetworkError is a request that got no answer at all.
export class NetworkError extends Error {}

// fieldKey turns a problem's location ("body.victims[0].age") into the
// name the forms give the field; locations outside the body have none.
export function fieldKey(location) {
  if (!location || !location.startsWith("body.")) return "";
  return location.slice("body.".length);
}

// api sends body as JSON; a body given with a contentType (a passenger
// message, a file) is sent as it is.
export async function api(method, path, body, contentType) {
  const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined && contentType) {
    init.headers["Content-Type"] = contentType;
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch("/api/v1" + path, init);
  } catch (err) {
    throw new NetworkError(String(err));
  }
  if (!res.ok) {
    let detail = res.statusText;
    let errors = [];
    try {
      const p = await res.json();
      if (p && p.detail) detail = p.detail;
      if (p && Array.isArray(p.errors)) errors = p.errors;
    } catch {
      /* not a problem document */
    }
    const e = new APIError(res.status, detail, errors);
    // retryAfter is the seconds a 429 asks to wait.
    e.retryAfter = Number(res.headers.get("Retry-After")) || 0;
    throw e;
  }
  return res.status === 204 ? null : res.json();
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, body);
export const postRaw = (path, body, contentType) => api("POST", path, body, contentType);

// query builds a query string from the set values of params.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

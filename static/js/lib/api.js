// Fetch wrapper for the REST API: session cookie + CSRF token, JSON in and out,
// and errors that carry the server's message so pages can show it in place.

export class ApiError extends Error {
  constructor(status, data, message) {
    super(message);
    this.name = "ApiError";
    this.status = status; // 0 when the network failed
    this.data = data; // parsed JSON body, or null
  }

  get isNetwork() {
    return this.status === 0;
  }

  // The session ended (expired, or logged out in another tab).
  get loggedOut() {
    return this.status === 401;
  }

  // A 409 about a name, url or text another object has (not a version conflict).
  get isClash() {
    const data = this.data;
    return this.status === 409 && !!data && typeof data === "object" && !("detail" in data);
  }

  // Field -> [messages] for a 400 answer or a clash; empty otherwise.
  get fieldErrors() {
    if (this.status !== 400 && !this.isClash) return {};
    if (!this.data || typeof this.data !== "object") return {};
    const errors = {};
    for (const [field, value] of Object.entries(this.data)) {
      errors[field] = Array.isArray(value) ? value.map(String) : [String(value)];
    }
    return errors;
  }
}

export function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function describe(status, data) {
  if (status === 401) return "You were logged out.";
  if (data && typeof data === "object") {
    if (typeof data.detail === "string") return data.detail;
    const parts = [];
    for (const [field, value] of Object.entries(data)) {
      const text = Array.isArray(value) ? value.join(" ") : String(value);
      parts.push(field === "non_field_errors" ? text : `${field}: ${text}`);
    }
    if (parts.length) return parts.join(" ");
  }
  return `The server answered ${status}.`;
}

// A fresh Idempotency-Key: the server answers a write sent again with the same key with
// its first answer instead of doing it twice. randomUUID needs a secure context (https
// or localhost); plain http elsewhere falls back to random bytes.
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Writes carry an Idempotency-Key: pass `idempotencyKey` to retry one safely (the same
// key on every attempt of one save); without it each call gets a fresh key.
export async function api(
  path,
  { method = "GET", body, headers = {}, signal, idempotencyKey } = {},
) {
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...headers },
    signal,
  };
  if (method !== "GET" && method !== "HEAD") {
    init.headers["X-CSRFToken"] = csrfToken();
    init.headers["Idempotency-Key"] = idempotencyKey ?? newIdempotencyKey();
  }
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, null, "Could not reach the server. Check your connection; nothing was lost.");
  }
  if (response.status === 204) return null;
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) throw new ApiError(response.status, data, describe(response.status, data));
  return data;
}

// "You were logged out", with a link that logs in and comes back to this page (its
// statement link included); what the user typed is kept as a draft meanwhile.
export function loggedOutNotice(h) {
  const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  return h(
    "span",
    {},
    "You were logged out; nothing you typed is lost. ",
    h("a", { attrs: { href: `/accounts/login/?next=${encodeURIComponent(here)}` } }, "Log in again"),
    " to save it.",
  );
}

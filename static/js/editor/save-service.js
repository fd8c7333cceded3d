// The editor's writes: every create, update (with the version it was based on), delete
// (If-Match), approve, reject and restore goes through here, and what the server
// answers goes into the store, which tells the page.
//
// The form's save is held in an outbox while the network is down and retried with
// growing pauses, without storing twice: every attempt of one save sends the same
// Idempotency-Key, so the server answers a retry with the first answer. Events, each a
// CustomEvent with its detail:
//   sending {request}              an attempt starts
//   idle    {request}              it ended, whatever the answer
//   offline {request, seconds}     it will be retried in `seconds`
//   saved   {request, statement}   stored (the store has it already)
//   failed  {request, error, current}
//                                  refused; `current` is the stored version after a
//                                  version conflict (null when it was deleted)

import { api, ApiError, newIdempotencyKey } from "../lib/api.js";
import { Backoff } from "../lib/retry.js";

// Answers after which a request may have been stored although no answer came back.
export const TRANSIENT = new Set([0, 502, 503, 504]);

export function sameIds(a, b) {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort((x, y) => x - y);
  return [...a].sort((x, y) => x - y).every((id, i) => id === sorted[i]);
}

// Does the stored statement already hold everything this request sends?
function holds(current, request) {
  return Object.entries(request.body).every(([field, value]) => {
    if (field === "version") return true;
    if (field === "topics") return sameIds(value, current.topics);
    return current[field] === value;
  });
}

export class SaveService extends EventTarget {
  constructor({ apiRoot, articleId, userId, store }) {
    super();
    this.apiRoot = apiRoot;
    this.articleId = articleId;
    this.userId = userId;
    this.store = store;
    this.outbox = null; // the form's save in flight or waiting to be retried
    this.sending = false;
    this.retry = new Backoff({
      onCountdown: (seconds) => this.#emit("offline", { request: this.outbox, seconds }),
    });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  on(type, handler) {
    this.addEventListener(type, (event) => handler(event.detail));
  }

  // The form's save waiting for the network or in flight, or null.
  get pending() {
    return this.outbox;
  }

  // Send the form's save: {kind: "create" | "update", context, statementId, body}.
  // A newer save of the same form replaces one not through yet.
  save(request) {
    const earlier = this.outbox?.context === request.context ? this.outbox : null;
    // An earlier save it replaced had another key and may have been stored: look first.
    if (earlier && (earlier.uncertain || earlier.earlierUncertain)) request.earlierUncertain = true;
    request.key = newIdempotencyKey();
    if (request.kind === "create") {
      request.url = `${this.apiRoot}statements/`;
      request.method = "POST";
    } else {
      request.url = `${this.apiRoot}statements/${request.statementId}/`;
      request.method = "PATCH";
    }
    this.outbox = request;
    this.retry.reset();
    return this.#send(request);
  }

  // Resolves once no request is on its way (`failed` is dispatched while one still is).
  settled() {
    return new Promise((resolve) => {
      if (!this.sending) resolve();
      else this.addEventListener("idle", () => resolve(), { once: true });
    });
  }

  // Try the waiting save now; false when none is waiting.
  retryNow() {
    if (!this.retry.pending) return false;
    this.retry.runNow();
    return true;
  }

  async #send(request) {
    if (this.outbox !== request) return; // replaced by a newer save of the same form
    if (this.sending) {
      setTimeout(() => this.#send(request), 200);
      return;
    }
    this.sending = true;
    this.#emit("sending", { request });
    try {
      let result = null;
      // Retries of this request send its key: the server answers with the first answer.
      if (request.kind === "create" && request.earlierUncertain) {
        result = await this.findLanded(request.body);
      }
      if (!result) {
        result = await api(request.url, {
          method: request.method,
          body: request.body,
          idempotencyKey: request.key,
        });
      }
      this.outbox = null;
      this.retry.reset();
      this.#stored(request, result);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.outbox = null;
        this.#emit("failed", { request, error, current: null });
        throw error;
      }
      if (TRANSIENT.has(error.status)) {
        request.uncertain = true;
        request.attempts = (request.attempts || 0) + 1;
        this.retry.schedule(() => this.#send(request));
      } else {
        this.outbox = null;
        this.#refused(request, error);
      }
    } finally {
      this.sending = false;
      this.#emit("idle", { request });
    }
  }

  #stored(request, result) {
    const statement = this.store.put(result, { saved: true });
    this.#emit("saved", { request, statement });
  }

  #refused(request, error) {
    let current = null;
    if (error.status === 409 && !error.isClash && request.kind === "update") {
      const data = error.data?.current ?? null;
      if (data && holds(data, request)) {
        // An earlier attempt got through; its answer was lost on the way back.
        this.#stored(request, data);
        return;
      }
      if (data) current = this.store.put(data);
    }
    this.#emit("failed", { request, error, current });
  }

  // The statement an earlier attempt of a create with this body stored, if one did.
  async findLanded(body) {
    const params = new URLSearchParams({
      article: String(this.articleId),
      created_by: String(this.userId),
      ordering: "-created_at",
      page_size: "20",
    });
    const page = await api(`${this.apiRoot}statements/?${params}`);
    return (
      page.results.find(
        (s) =>
          s.start === body.start &&
          s.end === body.end &&
          s.speaker === body.speaker &&
          s.stance === body.stance &&
          !this.store.get(s.id),
      ) ?? null
    );
  }

  // Create a statement outside the form (an accepted suggestion). `key` is the same on
  // every attempt; `lookFirst` when an earlier attempt may have been stored.
  async create(body, { key, lookFirst = false }) {
    let result = lookFirst ? await this.findLanded(body) : null;
    if (!result) {
      result = await api(`${this.apiRoot}statements/`, { method: "POST", body, idempotencyKey: key });
    }
    return this.store.put(result, { saved: true });
  }

  // A 409 with the stored version: the store takes it, and the error carries it.
  #conflict(error) {
    if (error instanceof ApiError && error.status === 409 && error.data?.current) {
      error.current = this.store.put(error.data.current);
    }
    return error;
  }

  // Delete `statement` as the user saw it. Resolves {already} (true when someone else
  // deleted it first); a newer version on the server rejects with `error.current`.
  async delete(statement) {
    try {
      await api(`${this.apiRoot}statements/${statement.id}/`, {
        method: "DELETE",
        headers: { "If-Match": `"${statement.version}"` },
      });
      this.store.remove(statement.id);
      return { already: false };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 404 || (error.status === 409 && !error.data?.current)) {
        this.store.remove(statement.id);
        return { already: true };
      }
      throw this.#conflict(error);
    }
  }

  // Approve or reject (with `comment`) the version of `statement` the reviewer saw.
  async review(statement, decision, comment) {
    const body = { version: statement.version };
    if (comment !== undefined) body.comment = comment;
    try {
      const result = await api(`${this.apiRoot}statements/${statement.id}/${decision}/`, {
        method: "POST",
        body,
      });
      return this.store.put(result);
    } catch (error) {
      throw this.#conflict(error);
    }
  }

  // Take back a review: the review `statement` had at `backToVersion` comes back.
  async undoReview(statement, backToVersion) {
    try {
      const result = await api(`${this.apiRoot}statements/${statement.id}/undo-review/`, {
        method: "POST",
        body: { back_to_version: backToVersion, version: statement.version },
      });
      return this.store.put(result);
    } catch (error) {
      throw this.#conflict(error);
    }
  }

  // Bring back a statement deleted from this article, with its id.
  async undelete(id) {
    const result = await api(`${this.apiRoot}statements/undelete/`, { method: "POST", body: { id } });
    return this.store.put(result);
  }

  // Bring back an earlier version (an entry of the statement's history).
  async restore(statement, entry) {
    try {
      const result = await api(`${this.apiRoot}statements/${statement.id}/restore/`, {
        method: "POST",
        body: { history_id: entry.history_id, version: statement.version },
      });
      return this.store.put(result);
    } catch (error) {
      throw this.#conflict(error);
    }
  }
}

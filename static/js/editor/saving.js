// Saving the statement form: checks before sending, retries while the network is
// down (without storing twice: every attempt of one save sends the same
// Idempotency-Key, so the server answers a retry with the first answer), server
// messages by their fields, and version conflicts shown side by side. Methods of the Editor (see editor.js).

import { api, ApiError, newIdempotencyKey } from "../lib/api.js";
import { conflictDialog } from "./dialogs.js";

const TRANSIENT = new Set([0, 502, 503, 504]);

export function sameIds(a, b) {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort((x, y) => x - y);
  return [...a].sort((x, y) => x - y).every((id, i) => id === sorted[i]);
}

export const saving = {
  async save() {
    if (!this.store || this.saving || !this.config.canAnnotate) return;
    if (this.mode === "edit" && this.refusal(this.statement)) return;
    if (this.outbox && this.outbox.context !== this.context()) {
      this.form.say(
        "An earlier save is still waiting for the network; it is retried automatically.",
        "offline",
        { retry: true },
      );
      return;
    }
    performance.mark("editor:save");
    // Busy from the first moment, so a second Ctrl+Enter cannot send a second request.
    this.saving = true;
    this.form.setBusy(true);
    let request;
    try {
      request = await this.prepareSave();
    } finally {
      this.saving = false;
      this.form.setBusy(false);
    }
    if (!request) return;
    // A new save of the form replaces one that may have been stored under its own key.
    const earlier = this.outbox?.context === request.context ? this.outbox : null;
    if (earlier && (earlier.uncertain || earlier.earlierUncertain)) request.earlierUncertain = true;
    this.outbox = request;
    this.retry.reset();
    await this.send(request);
  },

  // The request the form asks for, or null (and messages) when something is missing.
  async prepareSave() {
    this.form.clearErrors();
    this.form.say("Saving…", "busy");
    await this.form.speaker.resolveTyped();
    const v = this.form.values();
    const errors = {};
    if (!this.span) errors.quote = ["Select the quote in the article first."];
    if (!v.speaker) {
      const typed = v.speakerText.trim();
      errors.speaker = [
        typed
          ? `“${typed}” is not picked yet: choose it from the list or create it there.`
          : "Choose who made the statement.",
      ];
    }
    if (!v.stance) errors.stance = ["Choose a stance."];
    if (Object.keys(errors).length) {
      this.form.showErrors(errors);
      this.form.say("Not saved yet: see the messages above.", "error");
      return null;
    }
    if (this.mode === "new") {
      const span = this.toCodePoints(this.span);
      return {
        kind: "create",
        key: newIdempotencyKey(),
        context: this.context(),
        url: `${this.apiRoot}statements/`,
        method: "POST",
        body: {
          article: this.config.articleId,
          speaker: v.speaker.id,
          start: span.start,
          end: span.end,
          quote: this.article.body.slice(this.span.start, this.span.end),
          stance: v.stance,
          topics: v.topics,
          note: v.note,
        },
      };
    }
    const changes = this.changesAgainst(this.base);
    if (!Object.keys(changes).length) {
      this.form.say("Nothing to save: no changes.", "info");
      return null;
    }
    return {
      kind: "update",
      key: newIdempotencyKey(),
      context: this.context(),
      statementId: this.statement.id,
      url: `${this.apiRoot}statements/${this.statement.id}/`,
      method: "PATCH",
      body: { ...changes, version: this.base.version },
    };
  },

  async send(request) {
    if (this.outbox !== request) return; // replaced by a newer save of the same form
    if (this.saving) {
      setTimeout(() => this.send(request), 200);
      return;
    }
    this.saving = true;
    this.form.setBusy(true);
    this.form.say(request.attempts ? "Trying again…" : "Saving…", "busy");
    try {
      let result = null;
      // Retries of this request send its key: the server answers with the first answer.
      // An earlier save it replaced had another key and may have been stored: look first.
      if (request.kind === "create" && request.earlierUncertain) {
        result = await this.findLanded(request);
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
      this.saved(request, result);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.outbox = null;
        this.form.say(`Not saved: ${error.message}`, "error");
        throw error;
      }
      if (TRANSIENT.has(error.status)) {
        request.uncertain = true;
        request.attempts = (request.attempts || 0) + 1;
        this.retry.schedule(() => this.send(request));
      } else {
        this.outbox = null;
        this.failed(request, error);
      }
    } finally {
      this.saving = false;
      this.form.setBusy(false);
    }
  },

  sayOffline(seconds) {
    const wait = seconds > 0 ? `retrying in ${seconds} s` : "retrying now";
    this.form.say(
      `Could not reach the server. Nothing is lost: your input stays here and is saved when the connection is back (${wait}).`,
      "offline",
      { retry: true },
    );
  },

  async findLanded(request) {
    const params = new URLSearchParams({
      article: String(this.config.articleId),
      created_by: String(this.config.user.id),
      ordering: "-created_at",
      page_size: "20",
    });
    const page = await api(`${this.apiRoot}statements/?${params}`);
    const b = request.body;
    return (
      page.results.find(
        (s) =>
          s.start === b.start &&
          s.end === b.end &&
          s.speaker === b.speaker &&
          s.stance === b.stance &&
          !this.store.get(s.id),
      ) ?? null
    );
  },

  saved(request, result) {
    const statement = this.apply(result);
    this.list.flash(statement.id);
    const label = this.stanceLabels[statement.stance] ?? statement.stance;
    if (request.kind === "create") {
      if (this.context() === request.context) {
        this.drafts.clear();
        this.enterNew();
        document.getSelection().removeAllRanges();
      }
      this.form.say(`Saved: ${statement.speaker_name}, ${label.toLowerCase()}.`, "ok");
    } else {
      if (this.isDirty()) this.persist();
      else this.drafts.clear();
      this.form.say("Saved.", "ok");
    }
    try {
      performance.measure("editor:save-done", "editor:save");
    } catch {
      // No save mark (a save restored from an earlier page): nothing to measure.
    }
  },

  failed(request, error) {
    const here = this.context() === request.context;
    if (error.status === 409 && !error.isClash && request.kind === "update") {
      this.conflict(request, error.data?.current ?? null);
      return;
    }
    if ((error.status === 400 || error.isClash) && here) {
      const general = this.form.showErrors(error.fieldErrors);
      this.form.say(
        general.length ? `Not saved: ${general.join(" ")}` : "Not saved: see the messages above.",
        "error",
      );
      return;
    }
    this.form.say(`Not saved: ${error.message}`, "error");
  },

  // Does the stored statement already hold everything this request sends?
  holds(current, request) {
    return Object.entries(request.body).every(([field, value]) => {
      if (field === "version") return true;
      if (field === "topics") return sameIds(value, current.topics);
      return current[field] === value;
    });
  },

  compareRows(source) {
    return [
      ["Quote", source.quote],
      ["Speaker", source.speakerName],
      ["Stance", this.stanceLabels[source.stance] ?? source.stance],
      ["Topics", source.topicNames.join(", ")],
      ["Note", source.note],
    ];
  },

  async conflict(request, current) {
    if (current && this.holds(current, request)) {
      // An earlier attempt got through; its answer was lost on the way back.
      this.saved(request, current);
      return;
    }
    const v = this.form.values();
    const mine = this.compareRows({
      quote: this.span ? this.article.body.slice(this.span.start, this.span.end) : "",
      speakerName: v.speaker?.name ?? v.speakerText,
      stance: v.stance,
      topicNames: v.topicNames,
      note: v.note,
    });
    const theirs = current
      ? this.compareRows({
          quote: current.quote,
          speakerName: current.speaker_name,
          stance: current.stance,
          topicNames: current.topic_names,
          note: current.note,
        })
      : null;
    if (current) this.apply(current);
    this.form.say(
      "Not saved: someone else changed this statement. Choose which version to keep.",
      "error",
    );
    const answer = await conflictDialog({
      message: current
        ? `Someone saved version ${current.version} of this statement after you opened it, ` +
          "so yours was not stored. Keep yours (it replaces theirs) or take theirs " +
          "(yours is dropped)."
        : "Someone deleted this statement after you opened it, so your changes were not " +
          "stored. Keep yours to add it again as a new statement.",
      mine,
      theirs,
      theirsLabel: current ? `Current version ${current.version}` : "Deleted",
    });
    if (!current) {
      if (answer === "mine") {
        const span = this.span;
        const removed = this.store.remove(request.statementId);
        if (removed) this.forget(removed);
        this.mode = "new";
        this.token += 1;
        this.statement = null;
        this.base = null;
        this.span = span;
        this.renderMode();
        this.renderSpan();
        await this.save();
      } else {
        this.form.say("Not saved: the statement was deleted. Save to add yours as a new statement.", "error");
      }
      return;
    }
    if (answer === "mine") {
      this.base = this.store.get(current.id);
      await this.save();
    } else if (answer === "theirs") {
      this.drafts.clear();
      await this.open(current.id, { force: true });
      this.form.say(`Loaded the current version (${current.version}); your changes were dropped.`, "info");
    } else {
      this.base = { ...this.store.get(current.id), version: request.body.version };
      this.form.say("Not saved yet: this statement changed since you opened it. Save again to compare.", "error");
    }
  },
};

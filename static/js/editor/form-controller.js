// What the statement form works on: a new statement or the open one, the span being
// annotated (UTF-16, as the page counts), a selection made while a statement is open,
// unsaved input kept as a draft, and the user's actions on it: save, delete, approve,
// reject, restore. It follows the store (a statement it shows changed or went away)
// and the save service (a save stored, refused or waiting for the network), and writes
// only through the service.
//
// The span is the text view's to show: every change of it is a `span` event
// ({draft, pending, handles}, UTF-16 spans or null) that the editor hands on.

import { ApiError, loggedOutNotice } from "../lib/api.js";
import { byId, debounce, h } from "../lib/dom.js";
import { nudge } from "../lib/text-moves.js";
import { confirmDialog, conflictDialog, reasonDialog } from "./dialogs.js";
import { FIELD_LABELS, FIELDS, mergeFields } from "./merge.js";
import { StatementForm } from "./form.js";
import { readOnlyReason } from "./permissions.js";
import { sameIds } from "./save-service.js";

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function fieldsOf(statement) {
  return {
    speaker: { id: statement.speaker, name: statement.speaker_name },
    stance: statement.stance,
    topics: statement.topics,
    topicNames: statement.topic_names,
    note: statement.note,
  };
}

export class FormController extends EventTarget {
  constructor({ form, store, service, drafts, config, body, offsets }) {
    super();
    this.form = form;
    this.store = store;
    this.service = service;
    this.drafts = drafts;
    this.config = config;
    this.body = body;
    this.offsets = offsets;
    this.stanceLabels = Object.fromEntries(config.stances.map((s) => [s.value, s.label]));
    this.mode = "new";
    this.span = null; // UTF-16 span being annotated
    this.statement = null; // the open statement (edit mode)
    this.base = null; // what the open statement held when the edit started
    this.pending = null; // a selection made while a statement is open, not used yet
    this.token = 0; // identifies one new-statement form session
    this.preparing = false; // a save is being checked before it goes out
    this.lastSelection = null;
    this.persistSoon = debounce(() => this.persist(), 250);
    // Leaving the page keeps what was typed in the last quarter second too.
    window.addEventListener("pagehide", () => {
      this.persistSoon.cancel();
      this.persist();
    });
    store.on("put", ({ statement }) => this.#followPut(statement));
    service.on("sending", ({ request }) => {
      this.form.setBusy(true);
      this.form.say(request.attempts ? "Trying again…" : "Saving…", "busy");
    });
    service.on("idle", () => this.form.setBusy(false));
    service.on("offline", ({ seconds }) => this.#sayOffline(seconds));
    service.on("saved", ({ request, statement }) => this.#saved(request, statement));
    service.on("failed", ({ request, error, current }) => this.#failed(request, error, current));
  }

  // Modes ------------------------------------------------------------------------------

  context() {
    return this.mode === "edit" ? `edit:${this.statement.id}` : `new:${this.token}`;
  }

  enterNew() {
    this.mode = "new";
    this.token += 1;
    this.statement = null;
    this.base = null;
    this.pending = null;
    this.span = null;
    this.form.fill({});
    if (this.store.selectedId !== null) this.store.select(null);
    this.renderMode();
    this.renderSpan();
  }

  // Open a statement in the form.
  async open(id, { focusList = false, force = false } = {}) {
    const statement = this.store.get(id);
    if (!statement) return;
    if (!force && this.statement?.id !== id && !(await this.confirmLeave())) return;
    this.mode = "edit";
    this.statement = statement;
    this.base = statement;
    this.pending = null;
    this.span = { start: statement.start16, end: statement.end16 };
    this.form.fill(fieldsOf(statement));
    if (!this.service.pending) this.form.say("");
    this.store.select(id, { focus: focusList });
    this.renderMode();
    this.renderSpan();
  }

  // The open statement changed on the server: show it, keeping what the user typed.
  #followPut(statement) {
    if (this.mode !== "edit" || this.statement?.id !== statement.id) return;
    const wasDirty = this.isDirty();
    this.statement = statement;
    this.base = statement;
    if (!wasDirty) {
      this.form.fill(fieldsOf(statement));
      this.span = { start: statement.start16, end: statement.end16 };
    }
    this.renderMode();
    this.renderSpan();
  }

  renderMode() {
    const canAnnotate = this.config.canAnnotate;
    const reviewBar = byId("review-bar");
    if (this.mode === "new") {
      this.form.setMode({
        mode: "new",
        title: "New statement",
        readonly: !canAnnotate,
        readonlyReason: canAnnotate ? null : "Your account may read statements but not add them.",
        canDelete: false,
        canSave: canAnnotate,
      });
      reviewBar.hidden = true;
      return;
    }
    const statement = this.statement;
    const reason = readOnlyReason(statement);
    this.form.setMode({
      mode: "edit",
      title: reason ? "Statement" : "Edit statement",
      state: StatementForm.stateLine(statement),
      stateClass: `status-${statement.status}`,
      readonly: Boolean(reason),
      readonlyReason: reason,
      // Reviewers read the decision in their review bar below.
      review: this.config.canReview
        ? null
        : StatementForm.reviewNotice(statement, { canChange: !reason }),
      canDelete: !reason,
      canSave: !reason,
    });
    // Everyone reads a statement's history; reviewers also decide on it here.
    reviewBar.hidden = false;
    byId("approve-button").hidden = !this.config.canReview;
    byId("reject-button").hidden = !this.config.canReview;
    if (this.config.canReview) {
      const state = byId("review-state");
      const parts = [];
      if (statement.reviewed_by) parts.push(`${capitalise(statement.status)} by ${statement.reviewed_by}`);
      if (statement.review_comment) parts.push(`“${statement.review_comment}”`);
      state.textContent = parts.join(": ");
      byId("approve-button").disabled = statement.status === "approved";
      byId("reject-button").disabled = statement.status === "rejected";
    }
  }

  spanChanged() {
    return (
      this.mode === "edit" &&
      this.span !== null &&
      (this.span.start !== this.statement.start16 || this.span.end !== this.statement.end16)
    );
  }

  renderSpan() {
    const span = this.span;
    if (span) {
      this.form.showQuote(this.body.slice(span.start, span.end));
    } else {
      const canAnnotate = this.config.canAnnotate;
      this.form.showQuote(null, {
        emptyText: canAnnotate
          ? "Select text in the article to quote it here."
          : "Click a highlight or a statement in the list to read it.",
      });
    }
    const editing = this.mode === "edit";
    const editable = editing && !readOnlyReason(this.statement);
    this.dispatchEvent(
      new CustomEvent("span", {
        detail: {
          draft: editing ? (this.spanChanged() ? span : null) : span,
          pending: this.pending,
          handles: editable ? span : null,
        },
      }),
    );
    this.form.showSpanActions({
      useSelection: editable && this.pending !== null,
      newFromSelection: editing && this.pending !== null && this.config.canAnnotate,
      resetSpan: editable && this.spanChanged(),
    });
  }

  toCodePoints(span) {
    return { start: this.offsets.toCodePoint(span.start), end: this.offsets.toCodePoint(span.end) };
  }

  // The span and the text ------------------------------------------------------------------

  // A selection in the text, snapped to words (UTF-16).
  selected(span, { fromPointer }) {
    if (!this.config.canAnnotate) return;
    const key = `${span.start}:${span.end}`;
    if (!fromPointer && key === this.lastSelection) return;
    this.lastSelection = key;
    if (this.mode === "new") {
      this.span = span;
      this.form.clearError("quote");
    } else this.pending = span;
    this.renderSpan();
    if (this.mode === "new") this.changed();
  }

  // A drag handle moved one end of the span.
  dragged(span) {
    this.span = span;
    this.renderSpan();
  }

  // Move one end of the form's span by a word (the keyboard's drag handle).
  nudge(edge, direction) {
    if (!this.span || !this.config.canAnnotate) return false;
    if (this.mode === "edit" && readOnlyReason(this.statement)) return false;
    const span = nudge(this.body, this.span, edge, direction);
    if (span.start === this.span.start && span.end === this.span.end) return false;
    this.dragged(span);
    this.changed();
    return true;
  }

  resetSpan() {
    this.span = { start: this.statement.start16, end: this.statement.end16 };
    this.renderSpan();
    this.changed();
  }

  useSelection() {
    if (!this.pending) return;
    this.span = this.pending;
    this.pending = null;
    this.renderSpan();
    this.changed();
  }

  async newFromSelection() {
    const span = this.pending;
    if (!span || !(await this.confirmLeave())) return;
    this.drafts.clear();
    this.enterNew();
    this.span = span;
    this.renderSpan();
    this.changed();
  }

  #dropSelection() {
    document.getSelection().removeAllRanges();
    this.lastSelection = null;
  }

  // Escape: drop a selection not used yet, else the quote of a new statement (what was
  // typed stays), else close the open statement.
  async escape() {
    this.#dropSelection();
    if (this.pending) {
      this.pending = null;
      this.renderSpan();
    } else if (this.mode === "new") {
      this.span = null;
      this.renderSpan();
      this.changed();
    } else await this.close();
  }

  // The Clear / Close button: start a new statement from an empty form.
  async close() {
    this.#dropSelection();
    if (!(await this.confirmLeave())) return;
    this.drafts.clear();
    this.enterNew();
    this.form.say("");
  }

  // Start a new statement from a suggestion: `span` (UTF-16), the form's fields, a
  // message, and the field to go to. False when the user kept what the form held.
  async startFrom({ span, fields, message, needStance, focus }) {
    if (!(await this.confirmLeave())) return false;
    this.drafts.clear();
    this.enterNew();
    document.getSelection().removeAllRanges();
    this.span = span;
    this.form.fill(fields);
    this.renderSpan();
    this.changed();
    if (needStance) this.form.needStance(needStance);
    this.form.say(message, "info");
    if (focus === "speaker") this.form.speaker.input.focus();
    else if (focus === "stance") this.form.stance.focus();
    return true;
  }

  // Unsaved input ------------------------------------------------------------------------

  isDirty() {
    if (this.mode !== "edit") return !this.form.isBlank();
    return Object.keys(this.changesAgainst(this.base)).length > 0 || this.#speakerUnresolved();
  }

  #speakerUnresolved() {
    const v = this.form.values();
    return !v.speaker && v.speakerText.trim() !== "";
  }

  // Ask before throwing away typed input; true when it is fine to go on.
  async confirmLeave() {
    if (!this.isDirty()) return true;
    const leave = await confirmDialog({
      title: this.mode === "edit" ? "Discard your changes?" : "Discard the unsaved statement?",
      message:
        this.mode === "edit"
          ? "Your changes to this statement are not saved yet."
          : "The statement you started is not saved yet.",
      quote: this.span ? this.body.slice(this.span.start, this.span.end) : "",
      confirm: "Discard",
    });
    if (leave) this.drafts.clear();
    return leave;
  }

  changed() {
    this.persistSoon();
  }

  // Fields of the form that differ from `reference` (a statement as the API sends it).
  changesAgainst(reference) {
    const v = this.form.values();
    const changes = {};
    if (v.speaker && v.speaker.id !== reference.speaker) changes.speaker = v.speaker.id;
    if (v.stance && v.stance !== reference.stance) changes.stance = v.stance;
    if (!sameIds(v.topics, reference.topics)) changes.topics = v.topics;
    if (v.note !== reference.note) changes.note = v.note;
    if (this.span) {
      const span = this.toCodePoints(this.span);
      if (span.start !== reference.start || span.end !== reference.end) {
        Object.assign(changes, span, { quote: this.body.slice(this.span.start, this.span.end) });
      }
    }
    return changes;
  }

  // Drafts -----------------------------------------------------------------------------------

  persist() {
    if (!this.config.canAnnotate) return;
    const v = this.form.values();
    const hasInput = this.mode === "edit" ? this.isDirty() : this.span !== null || !this.form.isBlank();
    if (!hasInput) {
      this.drafts.clear();
      return;
    }
    const span = this.span ? this.toCodePoints(this.span) : null;
    this.drafts.save({
      kind: this.mode,
      statementId: this.statement?.id ?? null,
      version: this.base?.version ?? null,
      start: span?.start ?? null,
      end: span?.end ?? null,
      quote: this.span ? this.body.slice(this.span.start, this.span.end) : null,
      speaker: v.speaker,
      speakerText: v.speakerText,
      stance: v.stance,
      topics: v.topics,
      topicNames: v.topicNames,
      note: v.note,
    });
  }

  // Bring back input a reload interrupted, else start a new statement.
  restoreDraft() {
    const draft = this.drafts.load();
    if (draft && !this.config.canAnnotate) this.drafts.clear();
    if (!draft || !this.config.canAnnotate) {
      this.enterNew();
      return;
    }
    let span = null;
    if (Number.isInteger(draft.start) && Number.isInteger(draft.end)) {
      const start = this.offsets.toUtf16(draft.start);
      const end = this.offsets.toUtf16(draft.end);
      if (end > start && this.body.slice(start, end) === draft.quote) span = { start, end };
    }
    const fields = {
      speaker: draft.speaker,
      speakerText: draft.speakerText,
      stance: draft.stance,
      topics: draft.topics || [],
      topicNames: draft.topicNames || [],
      note: draft.note,
    };
    const statement = draft.kind === "edit" ? this.store.get(draft.statementId) : null;
    if (statement && !readOnlyReason(statement)) {
      this.open(statement.id, { force: true });
      // The edit was based on the version read then: a newer one on the server
      // makes the save answer 409, and both versions are shown.
      this.base = { ...statement, version: draft.version ?? statement.version };
      this.form.fill(fields);
      if (span) this.span = span;
      this.renderSpan();
      this.form.say("Restored your unsaved changes to this statement.", "info");
      return;
    }
    this.enterNew();
    this.form.fill(fields);
    this.span = span;
    this.renderSpan();
    this.form.say(
      draft.kind === "edit"
        ? "The statement you were changing is gone or read-only now; your input is kept here as a new statement."
        : "Restored your unsaved statement.",
      "info",
    );
  }

  // Saving -----------------------------------------------------------------------------------

  async save() {
    if (this.preparing || this.service.sending || !this.config.canAnnotate) return;
    if (this.mode === "edit" && readOnlyReason(this.statement)) return;
    const waiting = this.service.pending;
    if (waiting && waiting.context !== this.context()) {
      this.form.say(
        "An earlier save is still waiting for the network; it is retried automatically.",
        "offline",
        { retry: true },
      );
      return;
    }
    performance.mark("editor:save");
    // Busy from the first moment, so a second Ctrl+Enter cannot send a second request.
    this.preparing = true;
    this.form.setBusy(true);
    let request;
    try {
      request = await this.#prepareSave();
    } finally {
      this.preparing = false;
      this.form.setBusy(false);
    }
    if (request && (await this.#notADuplicate(request))) await this.service.save(request);
  }

  // A new statement the user already made (same span, speaker and stance) is saved
  // only once they say so.
  async #notADuplicate(request) {
    if (request.kind !== "create") return true;
    const body = request.body;
    const same = this.store.list.find(
      (s) =>
        s.start === body.start &&
        s.end === body.end &&
        s.speaker === body.speaker &&
        s.stance === body.stance &&
        s.created_by === this.config.user.username,
    );
    if (!same) return true;
    const stance = (this.stanceLabels[same.stance] ?? same.stance).toLowerCase();
    const ok = await confirmDialog({
      title: "You already have this statement",
      message: `You saved this quote with ${same.speaker_name} and ${stance} before. Save it again?`,
      quote: same.quote,
      confirm: "Save a second one",
      cancel: "Don't save",
    });
    if (!ok) this.form.say("Not saved: you already have this statement.", "info");
    return ok;
  }

  // The request the form asks for, or null (and messages) when something is missing.
  async #prepareSave() {
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
        context: this.context(),
        body: {
          article: this.config.articleId,
          speaker: v.speaker.id,
          start: span.start,
          end: span.end,
          quote: this.body.slice(this.span.start, this.span.end),
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
      context: this.context(),
      statementId: this.statement.id,
      // What the user started from: a conflict is merged against it, field by field.
      base: this.base,
      body: { ...changes, version: this.base.version },
    };
  }

  #sayOffline(seconds) {
    const wait = seconds > 0 ? `retrying in ${seconds} s` : "retrying now";
    this.form.say(
      `Could not reach the server. Nothing is lost: your input stays here and is saved when the connection is back (${wait}).`,
      "offline",
      { retry: true },
    );
  }

  #saved(request, statement) {
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
  }

  #failed(request, error, current) {
    const here = this.context() === request.context;
    if (error.loggedOut) {
      this.persist(); // kept until the user is back
      this.form.say(loggedOutNotice(h), "error");
      return;
    }
    if (error.status === 400 && here) this.#nameGoneSpeaker(error);
    if (error.status === 409 && !error.isClash && request.kind === "update") {
      this.#conflict(request, current);
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
  }

  // A speaker merged or deleted since it was picked: say so by name.
  #nameGoneSpeaker(error) {
    const problems = error.data?.speaker;
    const name = this.form.values().speaker?.name;
    if (!Array.isArray(problems) || !name) return;
    if (problems.some((text) => String(text).startsWith("There is no speaker"))) {
      error.data.speaker = [`${name} was merged or deleted; pick another.`];
    }
  }

  #compareRows(source) {
    return [
      ["Quote", source.quote],
      ["Speaker", source.speakerName],
      ["Stance", this.stanceLabels[source.stance] ?? source.stance],
      ["Topics", source.topicNames.join(", ")],
      ["Note", source.note],
    ];
  }

  // Someone else saved (`current`, already in the store) or deleted (null) the
  // statement after it was opened: show both versions and let the user choose.
  async #conflict(request, current) {
    if (current && request.base) {
      const { version: _, ...changes } = request.body;
      const mine = { ...request.base, ...changes };
      const { take, conflicts } = mergeFields(request.base, mine, current);
      if (!conflicts.length) {
        // Disjoint changes: keep theirs, save mine on top, and say so.
        const theirs = Object.keys(take).filter((field) => take[field] === "theirs");
        const saved = await this.#saveMerged(current, take, "mine");
        const by = current.updated_by ? ` by ${current.updated_by}` : "";
        const kept = theirs.map((field) => FIELD_LABELS[field].toLowerCase()).join(", ");
        if (!saved) this.form.say(`Version ${current.version}${by} already holds your changes.`, "info");
        else if (kept) this.form.say(`Merged with version ${current.version}${by}: kept their ${kept}.`, "ok");
        return;
      }
      return this.#askAbout(request, current, take, conflicts);
    }
    // Nothing to merge against (the statement was deleted, or no base): ask about all.
    return this.#askAbout(request, current, {}, FIELDS);
  }

  // Both sides changed `conflicts` (or the statement was deleted): show those fields
  // side by side, and let the user choose. Fields only one side changed are merged.
  async #askAbout(request, current, take, conflicts) {
    const v = this.form.values();
    const mine = this.#compareRows({
      quote: this.span ? this.body.slice(this.span.start, this.span.end) : "",
      speakerName: v.speaker?.name ?? v.speakerText,
      stance: v.stance,
      topicNames: v.topicNames,
      note: v.note,
    });
    const theirs = current
      ? this.#compareRows({
          quote: current.quote,
          speakerName: current.speaker_name,
          stance: current.stance,
          topicNames: current.topic_names,
          note: current.note,
        })
      : null;
    // Only the fields both sides changed are asked about.
    const asked = new Set(conflicts.map((field) => FIELD_LABELS[field]));
    const only = (rows) => rows.filter(([label]) => asked.has(label));
    const who = current?.updated_by ?? "Someone";
    const named = conflicts.map((field) => FIELD_LABELS[field].toLowerCase()).join(", ");
    const merged = Object.keys(take).some((field) => !conflicts.includes(field));
    this.form.say(
      "Not saved: someone else changed this statement. Choose which version to keep.",
      "error",
    );
    const answer = await conflictDialog({
      message: current
        ? `${who} saved version ${current.version} of this statement after you opened it, ` +
          `and you both changed the ${named}. Keep yours or take theirs for ` +
          `${conflicts.length > 1 ? "these fields" : "it"}` +
          (merged ? "; what only one of you changed is kept either way." : ".")
        : "Someone deleted this statement after you opened it, so your changes were not " +
          "stored. Keep yours to add it again as a new statement.",
      mine: current ? only(mine) : mine,
      theirs: theirs && only(theirs),
      theirsLabel: current ? `Version ${current.version} by ${who}` : "Deleted",
    });
    if (!current) {
      if (answer === "mine") {
        const span = this.span;
        this.store.remove(request.statementId);
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
    if (answer === "mine" || answer === "theirs") {
      const saved = await this.#saveMerged(current, take, answer, conflicts);
      if (!saved) {
        this.form.say(
          answer === "theirs"
            ? `Loaded version ${current.version}; your changes to the ${named} were dropped.`
            : `Version ${current.version} already holds your changes.`,
          "info",
        );
      }
    } else {
      this.base = { ...this.store.get(current.id), version: request.body.version };
      this.form.say(
        "Not saved yet: this statement changed since you opened it. Save again to compare.",
        "error",
      );
    }
  }

  // Fill the form with each field from the side `take` names (conflicts from `choice`)
  // and save what is still the user's change against the current version.
  async #saveMerged(current, take, choice, conflicts = []) {
    const mine = this.form.values();
    const theirs = fieldsOf(current);
    const pick = (field) => (conflicts.includes(field) ? choice : take[field]) === "theirs";
    this.form.fill({
      speaker: pick("speaker") ? theirs.speaker : mine.speaker,
      speakerText: pick("speaker") ? "" : mine.speakerText,
      stance: pick("stance") ? theirs.stance : mine.stance,
      topics: pick("topics") ? theirs.topics : mine.topics,
      topicNames: pick("topics") ? theirs.topicNames : mine.topicNames,
      note: pick("note") ? theirs.note : mine.note,
    });
    if (pick("span")) this.span = { start: current.start16, end: current.end16 };
    this.statement = this.store.get(current.id) ?? current;
    this.base = this.statement;
    this.renderMode();
    this.renderSpan();
    if (!this.isDirty()) {
      this.drafts.clear();
      return false;
    }
    await this.service.settled();
    await this.save();
    return true;
  }

  // Deleting, reviewing, restoring -----------------------------------------------------------

  async remove() {
    if (this.mode !== "edit" || readOnlyReason(this.statement)) return;
    let statement = this.statement;
    const stance = this.stanceLabels[statement.stance] ?? statement.stance;
    const ok = await confirmDialog({
      title: "Delete this statement?",
      message: `${statement.speaker_name} · ${stance}. Reviewers can still see it in the history.`,
      quote: statement.quote,
      confirm: "Delete statement",
    });
    if (!ok) return;
    for (;;) {
      try {
        const { already } = await this.service.delete(statement);
        this.#deleted(statement, already ? "It was already deleted by someone else." : "Deleted.");
        if (!already) {
          this.#undoable("Deleted the statement", () => this.service.undelete(statement.id));
        }
        return;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (!error.current) {
          this.form.say(`Not deleted: ${error.message}`, "error");
          return;
        }
        statement = error.current;
        const again = await confirmDialog({
          title: "Changed since you opened it",
          message: `Someone saved version ${statement.version} of this statement after you opened it. Delete it anyway?`,
          quote: statement.quote,
          confirm: "Delete statement",
        });
        if (!again) {
          this.form.say("Not deleted; the form shows the current version.", "info");
          return;
        }
      }
    }
  }

  // Offer to take back what was just done (the editor shows the offer).
  #undoable(label, undo) {
    this.dispatchEvent(new CustomEvent("undoable", { detail: { label, undo } }));
  }

  #deleted(statement, message) {
    this.drafts.clear();
    if (this.statement?.id === statement.id) this.enterNew();
    this.form.say(message, "ok");
  }

  async review(decision) {
    if (this.mode !== "edit" || !this.config.canReview) return;
    const statement = this.statement;
    if (this.isDirty()) {
      this.form.say("Save or discard your changes before you approve or reject.", "error");
      return;
    }
    let comment;
    if (decision === "reject") {
      comment = await reasonDialog({ quote: statement.quote });
      if (comment === null) return;
    }
    try {
      const reviewed = await this.service.review(statement, decision, comment);
      this.form.say(decision === "approve" ? "Approved." : "Rejected.", "ok");
      this.#undoable(decision === "approve" ? "Approved the statement" : "Rejected the statement", () =>
        this.service.undoReview(this.store.get(reviewed.id) ?? reviewed, statement.version),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.current) {
        this.form.say(
          "Someone changed this statement after you opened it; the form shows the current version. Decide again.",
          "error",
        );
      } else this.form.say(error.message, "error");
    }
  }

  // Restore an entry of the open statement's history.
  async restore(entry) {
    const statement = this.statement;
    const ok = await confirmDialog({
      title: `Restore version ${entry.version}?`,
      message:
        "Its quote, speaker, stance, topics and note replace the current ones. The restore is recorded as a new change.",
      quote: entry.snapshot.quote,
      confirm: "Restore",
    });
    if (!ok) return;
    try {
      await this.service.restore(statement, entry);
      this.form.say(`Restored version ${entry.version}.`, "ok");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.form.say(`Not restored: ${error.message}`, "error");
    }
  }
}

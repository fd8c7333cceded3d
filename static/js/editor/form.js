// The statement form: the quote, speaker, stance, topics and note, the messages next
// to each field and the save status line. It holds values; the editor decides.

import { byId, ellipsize, h, setChildren } from "../lib/dom.js";
import { SpeakerPicker, TopicPicker } from "./pickers.js";

const FIELDS = ["quote", "speaker", "stance", "topics", "note"];
// API fields whose messages belong next to a form field.
const FIELD_OF = {
  quote: "quote",
  start: "quote",
  end: "quote",
  article: "quote",
  speaker: "speaker",
  stance: "stance",
  topics: "topics",
  note: "note",
};

export class StatementForm {
  constructor({ apiRoot, stances, onChange }) {
    this.stances = stances;
    this.onChange = onChange;
    this.panel = byId("form-panel");
    this.form = byId("statement-form");
    this.title = byId("form-title");
    this.state = byId("form-state");
    this.quote = byId("form-quote");
    this.quoteEmpty = byId("quote-empty");
    this.quoteMeta = byId("quote-meta");
    this.quoteLength = byId("form-quote-length");
    this.readonlyNote = byId("readonly-note");
    this.reviewNotice = byId("review-notice");
    this.stance = byId("stance-select");
    this.stanceNeeded = byId("stance-needed");
    this.note = byId("note-input");
    this.saveButton = byId("save-button");
    this.cancelButton = byId("cancel-button");
    this.deleteButton = byId("delete-button");
    this.useSelection = byId("use-selection");
    this.newFromSelection = byId("new-from-selection");
    this.resetSpan = byId("reset-span");
    this.status = byId("save-status");
    this.message = byId("save-message");
    this.retryButton = byId("retry-button");
    const fieldError = (message) => this.showErrors({ speaker: [message] });
    this.speaker = new SpeakerPicker({
      input: byId("speaker-input"),
      listbox: byId("speaker-options"),
      apiRoot,
      onChange: () => {
        this.clearError("speaker");
        this.onChange("speaker");
      },
      onError: fieldError,
    });
    this.topics = new TopicPicker({
      input: byId("topic-input"),
      listbox: byId("topic-options"),
      chips: byId("topic-chips"),
      apiRoot,
      onChange: () => {
        this.clearError("topics");
        this.onChange("topics");
      },
      onError: (message) => this.showErrors({ topics: [message] }),
    });
    this.stance.addEventListener("change", () => {
      this.clearError("stance");
      if (this.stance.value) this.needStance(null);
      this.onChange("stance");
    });
    this.note.addEventListener("input", () => {
      this.clearError("note");
      this.onChange("note");
    });
  }

  // Current input. `speakerText` is what is typed even when no speaker is picked yet.
  values() {
    return {
      speaker: this.speaker.value,
      speakerText: this.speaker.text,
      stance: this.stance.value,
      topics: this.topics.ids,
      topicNames: this.topics.value.map((topic) => topic.name),
      note: this.note.value,
    };
  }

  fill({ speaker = null, speakerText = "", stance = "", topics = [], topicNames = [], note = "" }) {
    this.speaker.set(speaker);
    if (!speaker && speakerText) this.speaker.input.value = speakerText;
    this.stance.value = stance || "";
    this.topics.set(topics, topicNames);
    this.note.value = note || "";
    this.needStance(null);
    this.clearErrors();
  }

  // Ask for a stance the analyst must pick (a suggestion came without one): `message`
  // under the control, which is marked required; null takes the request back.
  needStance(message) {
    this.stanceNeeded.textContent = message || "";
    this.stanceNeeded.hidden = !message;
    this.stance.required = Boolean(message);
    this.stance.classList.toggle("needed", Boolean(message));
  }

  isBlank() {
    const v = this.values();
    return !v.speaker && !v.speakerText.trim() && !v.stance && !v.topics.length && !v.note.trim();
  }

  setStance(value) {
    if (this.stance.disabled || this.stance.value === value) return;
    this.stance.value = value;
    this.clearError("stance");
    this.needStance(null);
    this.onChange("stance");
  }

  // Header, mode and which buttons show.
  setMode({ mode, title, state, stateClass, readonly, readonlyReason, review, canDelete, canSave }) {
    this.panel.dataset.mode = mode;
    this.title.textContent = title;
    this.state.textContent = state || "";
    this.state.className = `form-state ${stateClass || ""}`;
    this.readonlyNote.hidden = !readonlyReason;
    this.readonlyNote.textContent = readonlyReason || "";
    this.reviewNotice.hidden = !review;
    this.reviewNotice.className = `review-notice ${stateClass || ""}`;
    setChildren(this.reviewNotice, review || "");
    for (const control of [this.speaker.input, this.stance, this.note]) control.disabled = readonly;
    this.topics.setDisabled(readonly);
    this.saveButton.hidden = !canSave;
    this.deleteButton.hidden = !canDelete;
    this.cancelButton.textContent = mode === "edit" ? "Close" : "Clear";
  }

  // The quote of the span being annotated, with its length in words (offsets are the
  // machine's business, not the analyst's).
  showQuote(text, { emptyText } = {}) {
    const has = text !== null && text !== undefined;
    this.quote.hidden = !has;
    this.quoteMeta.hidden = !has && this.useSelection.hidden && this.newFromSelection.hidden;
    this.quoteEmpty.hidden = has;
    if (emptyText) this.quoteEmpty.textContent = emptyText;
    this.quote.textContent = has ? ellipsize(text, 600) : "";
    const words = has ? text.split(/\s+/u).filter(Boolean).length : 0;
    this.quoteLength.textContent = has ? `${words} word${words === 1 ? "" : "s"}` : "";
  }

  showSpanActions({ useSelection, newFromSelection, resetSpan }) {
    this.useSelection.hidden = !useSelection;
    this.newFromSelection.hidden = !newFromSelection;
    this.resetSpan.hidden = !resetSpan;
    this.quoteMeta.hidden = this.quote.hidden && !useSelection && !newFromSelection;
  }

  // Messages from the server (or our own checks) next to their fields; the rest in the
  // status line. `errors` maps API field names to lists of messages.
  showErrors(errors) {
    const general = [];
    for (const [field, messages] of Object.entries(errors)) {
      const target = FIELD_OF[field];
      const text = messages.join(" ");
      if (!target) {
        general.push(field === "non_field_errors" || field === "detail" ? text : `${field}: ${text}`);
        continue;
      }
      const el = byId(`error-${target}`);
      el.textContent = el.hidden ? text : `${el.textContent} ${text}`;
      el.hidden = false;
      const control = this.#control(target);
      control?.setAttribute("aria-invalid", "true");
    }
    // A save refused for want of a stance (and nothing before it in the form): the
    // stance control is where to go next.
    const fields = new Set(Object.keys(errors).map((field) => FIELD_OF[field]));
    if (fields.has("stance") && !fields.has("quote") && !fields.has("speaker")) this.stance.focus();
    return general;
  }

  #control(field) {
    return {
      speaker: this.speaker.input,
      stance: this.stance,
      topics: this.topics.input,
      note: this.note,
    }[field];
  }

  focusFirstError() {
    for (const field of FIELDS) {
      if (!byId(`error-${field}`).hidden) {
        (this.#control(field) ?? this.quote).focus?.();
        return;
      }
    }
  }

  clearError(field) {
    const el = byId(`error-${field}`);
    el.hidden = true;
    el.textContent = "";
    this.#control(field)?.removeAttribute("aria-invalid");
  }

  clearErrors() {
    for (const field of FIELDS) this.clearError(field);
  }

  // The status line under the buttons: kind is busy, ok, error, offline or info.
  say(text, kind = "info", { retry = false } = {}) {
    this.status.dataset.kind = kind;
    setChildren(this.message, text);
    this.retryButton.hidden = !retry;
    clearTimeout(this.fade);
    if (kind === "ok") this.fade = setTimeout(() => this.say(""), 6000);
  }

  setBusy(busy) {
    this.saveButton.disabled = busy;
    this.saveButton.setAttribute("aria-busy", busy ? "true" : "false");
    this.form.classList.toggle("busy", busy);
  }

  focusSpeaker() {
    this.speaker.input.focus();
    this.speaker.input.select();
  }

  describeStance(value) {
    return this.stances.find((s) => s.value === value)?.label ?? value;
  }

  // A compact line for the header chip: "Pending · added by ana", "Rejected by rev".
  static stateLine(statement) {
    const status = statement.status[0].toUpperCase() + statement.status.slice(1);
    if (statement.status !== "pending" && statement.reviewed_by) {
      return `${status} by ${statement.reviewed_by}`;
    }
    return statement.created_by ? `${status} · added by ${statement.created_by}` : status;
  }

  // What the reviewer decided and why, for the one who annotated it: who, when and the
  // comment; a rejected statement says that editing it sends it back for review.
  static reviewNotice(statement, { canChange }) {
    const decided = statement.status !== "pending" && statement.reviewed_by;
    if (!decided || (statement.status === "approved" && !statement.review_comment)) return null;
    const status = statement.status === "rejected" ? "Rejected" : "Approved";
    const when = statement.reviewed_at
      ? new Date(statement.reviewed_at).toLocaleString(undefined, {
          dateStyle: "medium",
          timeStyle: "short",
        })
      : null;
    return [
      h("p", { class: "review-who" }, `${status} by ${statement.reviewed_by}`, when ? ` · ${when}` : ""),
      statement.review_comment
        ? h("blockquote", { class: "review-comment" }, statement.review_comment)
        : null,
      statement.status === "rejected" && canChange
        ? h("p", { class: "muted" }, "Change it and save to send it back for review.")
        : null,
    ];
  }
}

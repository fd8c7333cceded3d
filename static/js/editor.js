// The article editor: read an article, mark its statements, attribute and tag them,
// review them. Widgets live in ./editor/; this module wires them to the API.
//
// Inside the page every offset is a UTF-16 index into the body (what the DOM counts);
// the API counts code points, so offsets are converted whenever they cross it.

import { api, ApiError } from "./lib/api.js";
import { byId, debounce, h, isTyping, setChildren } from "./lib/dom.js";
import { offsetMap } from "./lib/offsets.js";
import { Backoff } from "./lib/retry.js";
import { snapSelection } from "./lib/snap.js";
import {
  confirmDialog,
  conflictDialog,
  isDialogOpen,
  openHelp,
  reasonDialog,
} from "./editor/dialogs.js";
import { Drafts } from "./editor/drafts.js";
import { StatementForm } from "./editor/form.js";
import { HistoryPanel } from "./editor/history.js";
import { StatementList } from "./editor/list.js";
import { StatementStore } from "./editor/store.js";
import { TextView } from "./editor/text-view.js";

const TRANSIENT = new Set([0, 502, 503, 504]);

function sameIds(a, b) {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort((x, y) => x - y);
  return [...a].sort((x, y) => x - y).every((id, i) => id === sorted[i]);
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

class Editor {
  constructor(config) {
    this.config = config;
    this.apiRoot = config.apiRoot;
    this.root = byId("editor");
    this.stanceLabels = Object.fromEntries(config.stances.map((s) => [s.value, s.label]));
    this.mode = "new";
    this.span = null; // UTF-16 span being annotated
    this.statement = null; // the open statement (edit mode)
    this.base = null; // what the open statement held when the edit started
    this.pending = null; // a selection made while a statement is open, not used yet
    this.token = 0; // identifies one new-statement form session
    this.saving = false;
    this.outbox = null; // the save request in flight or waiting to be retried
    this.store = null;
    this.form = new StatementForm({
      apiRoot: this.apiRoot,
      stances: config.stances,
      onChange: () => this.changed(),
    });
    this.retry = new Backoff({ onCountdown: (seconds) => this.#sayOffline(seconds) });
    this.drafts = new Drafts(config.articleId, config.user.id);
    this.persistSoon = debounce(() => this.persist(), 250);
  }

  async start() {
    this.#wireForm();
    document.addEventListener("keydown", (event) => this.onKey(event));
    let article;
    try {
      [article] = await Promise.all([
        api(`${this.apiRoot}articles/${this.config.articleId}/`),
        this.form.topics.load().catch((error) => {
          this.form.showErrors({ topics: [`Topics could not be loaded: ${error.message}`] });
        }),
      ]);
    } catch (error) {
      this.root.dataset.state = "failed";
      this.onRetry = () => window.location.reload();
      this.form.say(`The statements could not be loaded. ${error.message}`, "error", { retry: true });
      return;
    }
    this.article = article;
    this.offsets = offsetMap(article.body);
    this.text = new TextView(
      byId("article-text"),
      byId("text-overlay"),
      article.body,
      this.config.stances.map((s) => s.value),
    );
    this.store = new StatementStore(this.offsets);
    this.store.load(article.statements);
    this.text.paint(this.store.list);
    performance.mark("editor:painted");
    this.counts = { ...article.statement_counts };
    this.#renderCounts();
    this.list = new StatementList(byId("statement-list"), {
      stanceLabels: this.stanceLabels,
      onPick: (id) => this.open(id),
      empty: byId("list-empty"),
      count: byId("list-count"),
    });
    this.list.onComplete = () => performance.mark("editor:list-complete");
    this.list.render(this.store.list);
    this.history = new HistoryPanel({
      panel: byId("history-panel"),
      list: byId("history-list"),
      toggle: byId("history-button"),
      apiRoot: this.apiRoot,
      onRestore: (entry) => this.restore(entry),
    });
    this.#wireText();
    if (!this.restoreDraft()) this.enterNew();
    this.root.dataset.state = "ready";
    performance.mark("editor:ready");
    // The first frame painted after set-up: from here on the page answers input at once.
    requestAnimationFrame(() => setTimeout(() => performance.mark("editor:interactive"), 0));
  }

  // Wiring ---------------------------------------------------------------------------

  #wireForm() {
    const form = this.form;
    form.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    form.cancelButton.addEventListener("click", () => this.escape());
    form.deleteButton.addEventListener("click", () => this.remove());
    form.retryButton.addEventListener("click", () => {
      if (this.retry.pending) this.retry.runNow();
      else this.onRetry?.();
    });
    form.useSelection.addEventListener("click", () => this.useSelection());
    form.newFromSelection.addEventListener("click", () => this.newFromSelection());
    form.resetSpan.addEventListener("click", () => {
      this.span = { start: this.statement.start16, end: this.statement.end16 };
      this.renderSpan();
      this.changed();
    });
    byId("approve-button").addEventListener("click", () => this.review("approve"));
    byId("reject-button").addEventListener("click", () => this.review("reject"));
    byId("help-button").addEventListener("click", () => openHelp());
    // Leaving the page keeps what was typed in the last quarter second too.
    window.addEventListener("pagehide", () => {
      this.persistSoon.cancel();
      this.persist();
    });
  }

  #wireText() {
    const element = byId("article-text");
    let down = null;
    element.addEventListener("pointerdown", (event) => {
      if (event.button === 0) down = { x: event.clientX, y: event.clientY };
    });
    document.addEventListener("pointerup", (event) => {
      if (!down) return;
      const start = down;
      down = null;
      const raw = this.text.selectionIndices();
      if (raw) this.selected(raw, { fromPointer: true });
      else if (Math.abs(event.clientX - start.x) < 5 && Math.abs(event.clientY - start.y) < 5) {
        this.clicked(event.clientX, event.clientY);
      }
    });
    // Keyboard selections (caret browsing, assistive technology) arrive here.
    document.addEventListener(
      "selectionchange",
      debounce(() => {
        if (down) return;
        const raw = this.text.selectionIndices();
        if (raw) this.selected(raw, { fromPointer: false });
      }, 150),
    );
    const tip = byId("hl-tip");
    let frame = 0;
    let lastKey = "";
    element.addEventListener("mousemove", (event) => {
      const { clientX: x, clientY: y } = event;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        lastKey = this.#hover(tip, x, y, lastKey);
      });
    });
    element.addEventListener("mouseleave", () => {
      cancelAnimationFrame(frame);
      tip.hidden = true;
      lastKey = "";
      element.classList.remove("over-statement");
    });
    window.addEventListener("resize", debounce(() => this.text.placeHandles(), 100));
  }

  // Show who said what under the pointer; overlapping statements are all listed.
  #hover(tip, x, y, lastKey) {
    const i = this.text.charIndexAt(x, y);
    const hits = i === null ? [] : this.store.covering(i);
    byId("article-text").classList.toggle("over-statement", hits.length > 0);
    if (!hits.length) {
      tip.hidden = true;
      return "";
    }
    const key = hits.map((s) => `${s.id}.${s.version}`).join(",");
    if (key !== lastKey) {
      setChildren(
        tip,
        hits.length > 1 ? h("div", { class: "tip-count" }, `${hits.length} statements`) : null,
        ...hits.slice(0, 5).map((s) =>
          h(
            "div",
            { class: `tip-row stance-${s.stance}` },
            h("span", { class: "badge" }, this.stanceLabels[s.stance] ?? s.stance),
            h("span", { class: "tip-speaker" }, s.speaker_name),
            h("span", { class: `tip-status status-${s.status}` }, s.status),
          ),
        ),
        hits.length > 5 ? h("div", { class: "muted" }, `and ${hits.length - 5} more`) : null,
      );
    }
    tip.style.setProperty("--x", `${Math.round(x)}px`);
    tip.style.setProperty("--y", `${Math.round(y)}px`);
    tip.hidden = false;
    return key;
  }

  // Modes ------------------------------------------------------------------------------

  context() {
    return this.mode === "edit" ? `edit:${this.statement.id}` : `new:${this.token}`;
  }

  // Why the user may not change a statement (mirrors the server's rule), or null.
  refusal(statement) {
    if (this.config.canReview) return null;
    if (!this.config.canAnnotate) return "Your account may read statements but not change them.";
    if (statement.created_by !== this.config.user.username) {
      return `Added by ${statement.created_by ?? "someone else"}: you can only change statements you created.`;
    }
    if (statement.status === "approved") {
      return "Approved statements are read-only for analysts; ask a reviewer to change this one.";
    }
    return null;
  }

  enterNew() {
    this.mode = "new";
    this.token += 1;
    this.statement = null;
    this.base = null;
    this.pending = null;
    this.span = null;
    this.form.fill({});
    this.list?.setCurrent(null);
    this.history?.show(null);
    this.text?.mark("active", null);
    this.text?.mark("pending", null);
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
    this.form.fill({
      speaker: { id: statement.speaker, name: statement.speaker_name },
      stance: statement.stance,
      topics: statement.topics,
      topicNames: statement.topic_names,
      note: statement.note,
    });
    if (!this.outbox) this.form.say("");
    this.list.setCurrent(id);
    if (focusList) this.list.focus(id);
    this.text.mark("pending", null);
    this.text.reveal(statement.start16, statement.end16);
    this.history.show(statement);
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
    const reason = this.refusal(statement);
    this.form.setMode({
      mode: "edit",
      title: reason ? "Statement" : "Edit statement",
      state: StatementForm.stateLine(statement),
      stateClass: `status-${statement.status}`,
      readonly: Boolean(reason),
      readonlyReason: reason,
      canDelete: !reason,
      canSave: !reason,
    });
    reviewBar.hidden = !this.config.canReview;
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
      this.form.showQuote(this.article.body.slice(span.start, span.end), this.toCodePoints(span));
    } else {
      const canAnnotate = this.config.canAnnotate;
      this.form.showQuote(null, null, {
        emptyText: canAnnotate
          ? "Select text in the article to quote it here."
          : "Click a highlight or a statement in the list to read it.",
      });
    }
    if (!this.text) return;
    const editing = this.mode === "edit";
    const editable = editing && !this.refusal(this.statement);
    this.text.mark("draft", editing ? (this.spanChanged() ? span : null) : span);
    this.text.mark(
      "active",
      editing ? { start: this.statement.start16, end: this.statement.end16 } : null,
    );
    this.text.showHandles(editable ? span : null, {
      onDrag: (next) => {
        this.span = next;
        this.renderSpan();
      },
      onDrop: () => this.changed(),
    });
    this.form.showSpanActions({
      useSelection: editable && this.pending !== null,
      newFromSelection: editing && this.pending !== null && this.config.canAnnotate,
      resetSpan: editable && this.spanChanged(),
    });
  }

  toCodePoints(span) {
    return { start: this.offsets.toCodePoint(span.start), end: this.offsets.toCodePoint(span.end) };
  }

  // Text selection and clicks ------------------------------------------------------------

  selected(raw, { fromPointer }) {
    if (!this.store || !this.config.canAnnotate) return;
    const snapped = snapSelection(this.article.body, raw.start, raw.end);
    if (!snapped) return;
    const key = `${snapped.start}:${snapped.end}`;
    if (fromPointer && (snapped.start !== raw.start || snapped.end !== raw.end)) {
      this.text.select(snapped.start, snapped.end); // show what the snap took
    }
    if (!fromPointer && key === this.lastSelection) return;
    this.lastSelection = key;
    if (this.mode === "new") {
      this.span = snapped;
      this.form.clearError("quote");
      this.renderSpan();
      this.changed();
    } else {
      this.pending = snapped;
      this.text.mark("pending", snapped);
      this.renderSpan();
    }
  }

  clicked(x, y) {
    const i = this.text.charIndexAt(x, y);
    if (i === null) return;
    const hits = this.store.covering(i);
    if (!hits.length) return;
    // Clicking again where statements overlap steps through them.
    const at = this.statement ? hits.findIndex((s) => s.id === this.statement.id) : -1;
    this.open(hits[(at + 1) % hits.length].id);
  }

  useSelection() {
    if (!this.pending) return;
    this.span = this.pending;
    this.pending = null;
    this.text.mark("pending", null);
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
      quote: this.span ? this.article.body.slice(this.span.start, this.span.end) : "",
      confirm: "Discard",
    });
    if (leave) this.drafts.clear();
    return leave;
  }

  changed() {
    this.persistSoon();
  }

  persist() {
    if (!this.store || !this.config.canAnnotate) return;
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
      quote: this.span ? this.article.body.slice(this.span.start, this.span.end) : null,
      speaker: v.speaker,
      speakerText: v.speakerText,
      stance: v.stance,
      topics: v.topics,
      topicNames: v.topicNames,
      note: v.note,
    });
  }

  // Bring back input a reload interrupted; true when there was some.
  restoreDraft() {
    const draft = this.drafts.load();
    if (!draft) return false;
    if (!this.config.canAnnotate) {
      this.drafts.clear();
      return false;
    }
    let span = null;
    if (Number.isInteger(draft.start) && Number.isInteger(draft.end)) {
      const start = this.offsets.toUtf16(draft.start);
      const end = this.offsets.toUtf16(draft.end);
      if (end > start && this.article.body.slice(start, end) === draft.quote) span = { start, end };
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
    if (statement && !this.refusal(statement)) {
      this.open(statement.id, { force: true });
      // The edit was based on the version read then: a newer one on the server
      // makes the save answer 409, and both versions are shown.
      this.base = { ...statement, version: draft.version ?? statement.version };
      this.form.fill(fields);
      if (span) this.span = span;
      this.renderSpan();
      this.form.say("Restored your unsaved changes to this statement.", "info");
      return true;
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
    return true;
  }

  // Saving ---------------------------------------------------------------------------------

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
        Object.assign(changes, span, {
          quote: this.article.body.slice(this.span.start, this.span.end),
        });
      }
    }
    return changes;
  }

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
      request = await this.#prepare();
    } finally {
      this.saving = false;
      this.form.setBusy(false);
    }
    if (!request) return;
    if (this.outbox?.context === request.context && this.outbox.uncertain) request.uncertain = true;
    this.outbox = request;
    this.retry.reset();
    await this.send(request);
  }

  // The request the form asks for, or null (and messages) when something is missing.
  async #prepare() {
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
      context: this.context(),
      statementId: this.statement.id,
      url: `${this.apiRoot}statements/${this.statement.id}/`,
      method: "PATCH",
      body: { ...changes, version: this.base.version },
    };
  }

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
      // A create whose answer was lost may have been stored: look before sending twice.
      if (request.kind === "create" && request.uncertain) result = await this.#findLanded(request);
      if (!result) result = await api(request.url, { method: request.method, body: request.body });
      this.outbox = null;
      this.retry.reset();
      this.#saved(request, result);
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
        this.#failed(request, error);
      }
    } finally {
      this.saving = false;
      this.form.setBusy(false);
    }
  }

  #sayOffline(seconds) {
    const wait = seconds > 0 ? `retrying in ${seconds} s` : "retrying now";
    this.form.say(
      `Could not reach the server. Nothing is lost: your input stays here and is saved when the connection is back (${wait}).`,
      "offline",
      { retry: true },
    );
  }

  async #findLanded(request) {
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
  }

  #saved(request, result) {
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
  }

  // Take a statement from the server into the store, the list, the text and the form.
  apply(data) {
    const { statement, index, previous } = this.store.put(data);
    this.list.put(statement, index);
    this.text.paint(this.store.list);
    this.#count(previous, statement);
    if (this.mode === "edit" && this.statement?.id === statement.id) {
      const wasDirty = this.isDirty();
      const spanWas = this.span;
      this.statement = statement;
      this.base = statement;
      if (!wasDirty) {
        this.form.fill({
          speaker: { id: statement.speaker, name: statement.speaker_name },
          stance: statement.stance,
          topics: statement.topics,
          topicNames: statement.topic_names,
          note: statement.note,
        });
        this.span = { start: statement.start16, end: statement.end16 };
      } else this.span = spanWas;
      this.list.setCurrent(statement.id);
      this.history.show(statement);
      this.renderMode();
      this.renderSpan();
    }
    return statement;
  }

  #failed(request, error) {
    const here = this.context() === request.context;
    if (error.status === 409 && request.kind === "update") {
      this.#conflict(request, error.data?.current ?? null);
      return;
    }
    if (error.status === 400 && here) {
      const general = this.form.showErrors(error.fieldErrors);
      this.form.say(
        general.length ? `Not saved: ${general.join(" ")}` : "Not saved: see the messages above.",
        "error",
      );
      return;
    }
    this.form.say(`Not saved: ${error.message}`, "error");
  }

  // Does the stored statement already hold everything this request sends?
  #holds(current, request) {
    return Object.entries(request.body).every(([field, value]) => {
      if (field === "version") return true;
      if (field === "topics") return sameIds(value, current.topics);
      return current[field] === value;
    });
  }

  #rows(source) {
    return [
      ["Quote", source.quote],
      ["Speaker", source.speakerName],
      ["Stance", this.stanceLabels[source.stance] ?? source.stance],
      ["Topics", source.topicNames.join(", ")],
      ["Note", source.note],
    ];
  }

  async #conflict(request, current) {
    if (current && this.#holds(current, request)) {
      // An earlier attempt got through; its answer was lost on the way back.
      this.#saved(request, current);
      return;
    }
    const v = this.form.values();
    const mine = this.#rows({
      quote: this.span ? this.article.body.slice(this.span.start, this.span.end) : "",
      speakerName: v.speaker?.name ?? v.speakerText,
      stance: v.stance,
      topicNames: v.topicNames,
      note: v.note,
    });
    const theirs = current
      ? this.#rows({
          quote: current.quote,
          speakerName: current.speaker_name,
          stance: current.stance,
          topicNames: current.topic_names,
          note: current.note,
        })
      : null;
    if (current) this.apply(current);
    this.form.say("Not saved: someone else changed this statement. Choose which version to keep.", "error");
    const answer = await conflictDialog({
      message: current
        ? `Someone saved version ${current.version} of this statement after you opened it, so yours was not stored. Keep yours (it replaces theirs) or take theirs (yours is dropped).`
        : "Someone deleted this statement after you opened it, so your changes were not stored. Keep yours to add it again as a new statement.",
      mine,
      theirs,
      theirsLabel: current ? `Current version ${current.version}` : "Deleted",
    });
    if (!current) {
      if (answer === "mine") {
        const span = this.span;
        const removed = this.store.remove(request.statementId);
        if (removed) this.#forget(removed);
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
  }

  // Deleting and reviewing -----------------------------------------------------------------

  #forget(statement) {
    this.list.remove(statement.id);
    this.text.paint(this.store.list);
    this.#count(statement, null);
  }

  async remove() {
    if (this.mode !== "edit" || this.refusal(this.statement)) return;
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
        await api(`${this.apiRoot}statements/${statement.id}/`, {
          method: "DELETE",
          headers: { "If-Match": `"${statement.version}"` },
        });
        this.#deleted(statement, "Deleted.");
        return;
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 404 || (error.status === 409 && !error.data?.current)) {
          this.#deleted(statement, "It was already deleted by someone else.");
          return;
        }
        if (error.status !== 409) {
          this.form.say(`Not deleted: ${error.message}`, "error");
          return;
        }
        statement = this.apply(error.data.current);
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

  #deleted(statement, message) {
    const removed = this.store.remove(statement.id);
    if (removed) this.#forget(removed);
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
    const body = { version: statement.version };
    if (decision === "reject") {
      const reason = await reasonDialog({ quote: statement.quote });
      if (reason === null) return;
      body.comment = reason;
    }
    try {
      const result = await api(`${this.apiRoot}statements/${statement.id}/${decision}/`, {
        method: "POST",
        body,
      });
      this.apply(result);
      this.form.say(decision === "approve" ? "Approved." : "Rejected.", "ok");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409 && error.data?.current) {
        this.apply(error.data.current);
        this.form.say(
          "Someone changed this statement after you opened it; the form shows the current version. Decide again.",
          "error",
        );
      } else this.form.say(error.message, "error");
    }
  }

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
      const result = await api(`${this.apiRoot}statements/${statement.id}/restore/`, {
        method: "POST",
        body: { history_id: entry.history_id, version: statement.version },
      });
      this.apply(result);
      this.form.say(`Restored version ${entry.version}.`, "ok");
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409 && error.data?.current) this.apply(error.data.current);
      this.form.say(`Not restored: ${error.message}`, "error");
    }
  }

  #count(previous, current) {
    if (previous) {
      this.counts.total -= 1;
      this.counts[previous.status] -= 1;
    }
    if (current) {
      this.counts.total += 1;
      this.counts[current.status] += 1;
    }
    this.#renderCounts();
  }

  #renderCounts() {
    for (const [name, value] of Object.entries(this.counts)) {
      const el = document.querySelector(`[data-count="${name}"]`);
      if (el) el.textContent = String(value);
    }
  }

  // Keyboard -------------------------------------------------------------------------------

  onKey(event) {
    if (event.defaultPrevented || isDialogOpen()) return;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      this.save();
      return;
    }
    if (event.key === "Escape") {
      if (isTyping(event.target)) {
        event.target.blur();
        return;
      }
      event.preventDefault();
      this.escape();
      return;
    }
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!this.store) return;
    const stanceIndex = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].indexOf(event.key);
    if (stanceIndex >= 0 && stanceIndex < this.config.stances.length) {
      this.form.setStance(this.config.stances[stanceIndex].value);
    } else if (event.key === "j") this.step(1);
    else if (event.key === "k") this.step(-1);
    else if (event.key === "Delete" || event.key === "Backspace") {
      if (this.mode !== "edit") return;
      this.remove();
    } else if (event.key === "?") openHelp();
    else if (event.key === "s") this.form.focusSpeaker();
    else return;
    event.preventDefault();
  }

  step(delta) {
    const list = this.store.list;
    if (!list.length) return;
    let index;
    if (this.statement) index = this.store.indexOf(this.statement.id) + delta;
    else index = delta > 0 ? 0 : list.length - 1;
    index = Math.max(0, Math.min(list.length - 1, index));
    this.open(list[index].id, { focusList: true });
  }

  async escape() {
    if (!this.store) return;
    if (this.pending) {
      this.pending = null;
      this.text.mark("pending", null);
      document.getSelection().removeAllRanges();
      this.renderSpan();
      return;
    }
    document.getSelection().removeAllRanges();
    this.lastSelection = null;
    if (this.mode === "edit" && !(await this.confirmLeave())) return;
    this.drafts.clear();
    this.enterNew();
    this.form.say("");
  }
}

const config = JSON.parse(byId("editor-config").textContent);
const editor = new Editor(config);
editor.start();

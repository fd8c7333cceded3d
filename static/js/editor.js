// The article editor: read an article, mark its statements, attribute and tag them,
// review them. Widgets live in ./editor/; this module holds the editor's state and
// wires them together. Saving, reviewing, the keyboard and drafts add their methods
// from ./editor/saving.js, reviewing.js, keyboard.js and drafts.js. The Suggestions
// panel (./editor/suggestions.js) is an object of its own that drives the editor.
//
// Inside the page every offset is a UTF-16 index into the body (what the DOM counts);
// the API counts code points, so offsets are converted whenever they cross it.

import { api } from "./lib/api.js";
import { byId, debounce } from "./lib/dom.js";
import { offsetMap } from "./lib/offsets.js";
import { Backoff } from "./lib/retry.js";
import { snapSelection } from "./lib/snap.js";
import { confirmDialog, openHelp } from "./editor/dialogs.js";
import { Drafts, drafting } from "./editor/drafts.js";
import { StatementForm } from "./editor/form.js";
import { HistoryPanel } from "./editor/history.js";
import { keyboard } from "./editor/keyboard.js";
import { StatementList } from "./editor/list.js";
import { reviewing } from "./editor/reviewing.js";
import { sameIds, saving } from "./editor/saving.js";
import { StatementStore } from "./editor/store.js";
import { SuggestionPanel } from "./editor/suggestions.js";
import { TextView } from "./editor/text-view.js";
import { StatementTip } from "./editor/tooltip.js";

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
    this.retry = new Backoff({ onCountdown: (seconds) => this.sayOffline(seconds) });
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
    this.renderCounts();
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
    if (this.config.canAnnotate && byId("suggest-panel")) {
      this.suggestions = new SuggestionPanel(this);
    }
    if (!this.restoreDraft()) this.enterNew();
    this.root.dataset.state = "ready";
    performance.mark("editor:ready");
    // The first frame painted after set-up: from here on the page answers input at once.
    requestAnimationFrame(() =>
      setTimeout(() => {
        performance.mark("editor:interactive");
        // Suggestions come after: they never hold up opening the article.
        this.suggestions?.loadSoon();
      }, 0),
    );
  }

  // Wiring ---------------------------------------------------------------------------

  #wireForm() {
    const form = this.form;
    form.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    form.cancelButton.addEventListener("click", () => this.close());
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
    const tip = new StatementTip(byId("hl-tip"), this.stanceLabels);
    let frame = 0;
    element.addEventListener("mousemove", (event) => {
      const { clientX: x, clientY: y } = event;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const i = this.text.charIndexAt(x, y);
        const hits = i === null ? [] : this.store.covering(i);
        if (i !== null && this.suggestions) hits.push(...this.suggestions.tipRows(i));
        element.classList.toggle("over-statement", hits.length > 0);
        tip.show(hits, x, y);
      });
    });
    element.addEventListener("mouseleave", () => {
      cancelAnimationFrame(frame);
      tip.show([]);
      element.classList.remove("over-statement");
    });
    window.addEventListener("resize", debounce(() => this.text.placeHandles(), 100));
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
    if (!hits.length) {
      this.suggestions?.clickedAt(i);
      return;
    }
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

  // Take a statement from the server into the store, the list, the text and the form.
  apply(data) {
    const { statement, index, previous } = this.store.put(data);
    this.list.put(statement, index);
    this.text.paint(this.store.list);
    this.count(previous, statement);
    if (!previous) this.suggestions?.statementAdded(statement);
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

  count(previous, current) {
    if (previous) {
      this.counts.total -= 1;
      this.counts[previous.status] -= 1;
    }
    if (current) {
      this.counts.total += 1;
      this.counts[current.status] += 1;
    }
    this.renderCounts();
  }

  renderCounts() {
    for (const [name, value] of Object.entries(this.counts)) {
      const el = document.querySelector(`[data-count="${name}"]`);
      if (el) el.textContent = String(value);
    }
  }

  // Escape: drop a selection not used yet, else the quote of a new statement (what was
  // typed stays), else close the open statement.
  async escape() {
    if (!this.store) return;
    document.getSelection().removeAllRanges();
    this.lastSelection = null;
    if (this.pending) {
      this.pending = null;
      this.text.mark("pending", null);
      this.renderSpan();
    } else if (this.mode === "new") {
      this.span = null;
      this.renderSpan();
      this.changed();
    } else await this.close();
  }

  // The Clear / Close button: start a new statement from an empty form.
  async close() {
    if (!this.store) return;
    document.getSelection().removeAllRanges();
    this.lastSelection = null;
    if (!(await this.confirmLeave())) return;
    this.drafts.clear();
    this.enterNew();
    this.form.say("");
  }
}

Object.assign(Editor.prototype, saving, reviewing, keyboard, drafting);

const config = JSON.parse(byId("editor-config").textContent);
const editor = new Editor(config);
editor.start();

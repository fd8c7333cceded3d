// The Suggestions panel: statements the server proposes for the article, listed in
// text order under the statement list and shown as dashed highlights. An analyst
// accepts one (it is created through the statements API like any other), edits it in
// the form first, or dismisses it (it is not suggested again). Loaded once the editor
// answers input, so it never slows opening the article.
//
// Accepting, dismissing and editing live in ./suggestion-actions.js.
//
// Offsets: the API counts code points; `start16`/`end16` are the UTF-16 indices the
// page uses, converted with the editor's offset map.

import { api } from "../lib/api.js";
import { byId } from "../lib/dom.js";
import { looksLikeOrganisation, suggestionActions } from "./suggestion-actions.js";
import { SuggestionList } from "./suggestion-list.js";

// Suggestions at least this sure are taken by "Accept all high-confidence".
export const HIGH_CONFIDENCE = 0.8;
// A statement covering this much of the shorter of the two spans takes the place of a
// suggestion (the server drops such suggestions the same way).
const SAME_SPAN_OVERLAP = 0.5;
const OPEN_KEY = "statement-annotator:suggestions-open";
// While the analysis of the text is pending: ask again this often, this many times.
const POLL_MS = 3000;
const POLL_TRIES = 40;

function overlaps(a, b) {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shared > 0 && shared >= SAME_SPAN_OVERLAP * shorter;
}

export class SuggestionPanel {
  constructor(editor) {
    this.editor = editor;
    this.apiRoot = editor.apiRoot;
    this.articleId = editor.config.articleId;
    this.panel = byId("suggest-panel");
    this.sidePane = this.panel.closest(".side-pane");
    this.toggleButton = byId("suggest-toggle");
    this.body = byId("suggest-body");
    this.count = byId("suggestion-count");
    this.acceptAllButton = byId("accept-all");
    this.acceptAllCount = byId("accept-all-count");
    this.status = byId("suggest-status");
    this.message = byId("suggest-message");
    this.retryButton = byId("suggest-retry");
    this.empty = byId("suggest-empty");
    this.items = []; // visible or in flight, in text order
    this.byKey = new Map();
    this.current = null;
    this.loaded = false;
    this.batch = false;
    this.speakerIds = new Map(); // folded name -> id of a speaker made (or found) here
    this.view = new SuggestionList(byId("suggestion-list"), {
      stanceLabels: editor.stanceLabels,
      onPick: (key) => this.select(this.byKey.get(key), { reveal: true }),
      onAction: (key, action) => this.act(this.byKey.get(key), action),
    });
    // The form above grows and shrinks with its content: keep the current entry in view.
    new ResizeObserver(() => this.view.reveal()).observe(this.view.list);
    this.toggleButton.addEventListener("click", () => this.setOpen(!this.isOpen));
    this.acceptAllButton.addEventListener("click", () => this.acceptAll());
    this.retryButton.addEventListener("click", () => this.load());
    // The statement list's header brings that list back.
    const listHead = this.sidePane.querySelector(".list-panel .panel-head");
    listHead?.addEventListener("click", (event) => {
      if (!event.target.closest("button, a")) this.setOpen(false);
    });
    let open = false;
    try {
      open = localStorage.getItem(OPEN_KEY) === "1";
    } catch {
      // Storage disabled: start closed.
    }
    this.setOpen(open, { remember: false });
  }

  // Open or closed --------------------------------------------------------------------

  get isOpen() {
    return this.toggleButton.getAttribute("aria-expanded") === "true";
  }

  // The keys j, k, Enter, x and e act on the suggestions while their list is open.
  get active() {
    return this.isOpen;
  }

  setOpen(open, { remember = true, focus = false } = {}) {
    this.toggleButton.setAttribute("aria-expanded", open ? "true" : "false");
    this.body.hidden = !open;
    this.sidePane.classList.toggle("suggestions-open", open);
    if (remember) {
      try {
        localStorage.setItem(OPEN_KEY, open ? "1" : "0");
      } catch {
        // Storage disabled: the panel just does not remember.
      }
    }
    if (open && !this.current) this.select(this.visible()[0] ?? null);
    if (open && focus && this.current) this.view.setCurrent(this.current.key, { focus: true });
    if (!open && this.view.list.contains(document.activeElement)) document.activeElement.blur();
    this.changed();
  }

  // Loading ---------------------------------------------------------------------------

  // Called once the editor answers input. The request waits on the server, not on
  // the page, and what comes back is a few hundred entries at most.
  loadSoon() {
    setTimeout(() => this.load(), 0);
  }

  // The server answers at once: with the stored analysis of the text ("ready"), or,
  // while that is still being computed ("pending"), with its quick rule-based
  // suggestions; then the panel asks again every few seconds, a bounded number of
  // times, and shows the full suggestions when they are ready.
  async load({ refresh = false } = {}) {
    clearTimeout(this.pollTimer);
    if (!refresh) {
      this.polls = 0;
      this.panel.dataset.state = "loading";
      this.retryButton.hidden = true;
      this.say("Looking for suggestions…", "busy");
    }
    let data;
    try {
      data = await api(`${this.apiRoot}articles/${this.articleId}/suggestions/`);
    } catch (error) {
      if (refresh) {
        this.poll(); // keep what is shown, and try again
        return;
      }
      this.panel.dataset.state = "failed";
      this.count.textContent = "";
      this.say(`Suggestions could not be loaded. ${error.message}`, "error");
      this.retryButton.hidden = false;
      return;
    }
    // Never swap the list under an accept or dismiss in flight: wait for the next turn.
    if (refresh && (this.batch || this.items.some((s) => s.busy))) {
      this.poll();
      return;
    }
    this.show(data.suggestions, { keepCurrent: refresh });
    this.panel.dataset.analysis = data.status;
    if (data.status === "pending") {
      if (!refresh) this.say("Quick suggestions shown; the full analysis of the text is running…", "busy");
      this.poll();
    } else if (refresh && data.status === "ready") {
      this.say("Suggestions updated from the full analysis of the text.", "ok");
    } else if (refresh || data.status === "failed") {
      this.say("The full analysis of the text failed; these are the quick suggestions.", "info");
    } else {
      this.say("");
    }
    if (!refresh) performance.mark("editor:suggestions-loaded");
  }

  poll() {
    if (this.polls >= POLL_TRIES) {
      this.say("The full analysis is taking long; these are the quick suggestions. Reload later for the full ones.", "info");
      return;
    }
    this.polls += 1;
    this.pollTimer = setTimeout(() => this.load({ refresh: true }), POLL_MS);
  }

  // Lists `suggestions` (the API's), keeping the current one when it is still there.
  show(suggestions, { keepCurrent = false } = {}) {
    const currentKey = keepCurrent && this.current ? this.current.key : null;
    const offsets = this.editor.offsets;
    this.items = suggestions.map((s) => {
      const organisation = s.speaker === null && looksLikeOrganisation(s.speaker_name);
      const known = s.speaker_kind === "person" || s.speaker_kind === "organisation";
      return {
        ...s,
        key: `${s.start}:${s.end}`,
        start16: offsets.toUtf16(s.start),
        end16: offsets.toUtf16(s.end),
        kind: known ? s.speaker_kind : organisation ? "organisation" : "person",
        high: s.confidence >= HIGH_CONFIDENCE,
        busy: false,
        uncertain: false,
      };
    });
    // Statements saved while the request was out take the place of their suggestions.
    const store = this.editor.store;
    this.items = this.items.filter((s) => !store.list.some((t) => overlaps(s, t)));
    this.byKey = new Map(this.items.map((s) => [s.key, s]));
    this.view.render(this.items);
    this.current = null;
    this.loaded = true;
    this.panel.dataset.state = "ready";
    this.changed();
    if (this.isOpen) this.select(this.byKey.get(currentKey) ?? this.visible()[0] ?? null);
  }

  // Status line of the panel: kind is busy, ok, error or info.
  say(text, kind = "info") {
    this.status.dataset.kind = kind;
    this.message.textContent = text;
    this.view.reveal(); // the message may have pushed the current entry out of view
    clearTimeout(this.fade);
    if (kind === "ok") this.fade = setTimeout(() => this.say(""), 6000);
  }

  visible() {
    return this.items.filter((s) => !s.busy);
  }

  // After any change: the count, the Accept-all button and the highlights.
  changed() {
    const visible = this.visible();
    this.count.textContent = this.loaded ? `(${visible.length})` : "(…)";
    const high = this.acceptable().length; // with a stance: the others need a pick
    this.acceptAllCount.textContent = `(${high})`;
    // Shown while there is something to accept, and for the whole of a run.
    this.acceptAllButton.hidden = high === 0 && !this.batch;
    this.acceptAllButton.disabled = this.batch || high === 0;
    this.empty.hidden = !this.loaded || visible.length > 0;
    const text = this.editor.text;
    text.layer("suggested", visible.map((s) => [s.start16, s.end16]));
    // The current one stands out in the text only while the list shows it.
    const current = this.isOpen && this.current && !this.current.busy ? this.current : null;
    text.mark("suggested-current", current ? { start: current.start16, end: current.end16 } : null);
  }

  // Selection -------------------------------------------------------------------------

  select(item, { reveal = false, focus = false } = {}) {
    this.current = item ?? null;
    this.view.setCurrent(item ? item.key : null, { focus });
    if (item && reveal) this.editor.text.reveal(item.start16, item.end16);
    this.changed();
  }

  step(delta) {
    const visible = this.visible();
    if (!visible.length) return;
    let index = this.current ? visible.indexOf(this.current) : -1;
    if (index < 0) index = delta > 0 ? 0 : visible.length - 1;
    else index = Math.max(0, Math.min(visible.length - 1, index + delta));
    this.select(visible[index], { reveal: true, focus: true });
  }

  // The suggestion after `item` (or before it, at the end of the list) still showing.
  neighbour(item) {
    const visible = this.items.filter((s) => !s.busy || s === item);
    const index = visible.indexOf(item);
    return visible[index + 1] ?? visible[index - 1] ?? null;
  }

  // Suggestions covering UTF-16 index `i`, shortest first.
  covering(i) {
    return this.visible()
      .filter((s) => s.start16 <= i && i < s.end16)
      .sort((a, b) => a.end16 - a.start16 - (b.end16 - b.start16));
  }

  // Rows for the tooltip over the text.
  tipRows(i) {
    return this.covering(i).map((s) => ({
      id: `suggestion-${s.key}`,
      version: 0,
      stance: s.stance ?? "none",
      speaker_name: s.speaker_name,
      status: "suggested",
    }));
  }

  // A click on the text where no statement is: pick the suggestion there, if any.
  clickedAt(i) {
    const hits = this.covering(i);
    if (!hits.length) return false;
    const at = hits.indexOf(this.current);
    if (!this.isOpen) this.setOpen(true);
    this.select(hits[(at + 1) % hits.length]);
    return true;
  }

  // Keys of the open panel (j, k, Enter, x, e) and the switch between the lists (l).
  // True when the key was handled.
  onKey(event) {
    if (event.key === "l") {
      this.setOpen(!this.isOpen, { focus: true });
      return true;
    }
    if (!this.active || !this.loaded) return false;
    if (event.key === "j" || event.key === "k") {
      this.step(event.key === "j" ? 1 : -1);
      return true;
    }
    const acts = { Enter: "accept", x: "dismiss", e: "edit" };
    const action = acts[event.key];
    if (!action) return false;
    // Enter on a button or link elsewhere keeps its own meaning.
    const target = event.target;
    if (
      action === "accept" &&
      !SuggestionList.isEntry(target) &&
      target !== document.body &&
      target !== document.documentElement
    ) {
      return false;
    }
    // A held key must not accept or dismiss one suggestion after another.
    if (!event.repeat && this.current) this.act(this.current, action);
    return true;
  }

  act(item, action) {
    if (!item || item.busy) return;
    if (action === "accept") this.accept(item);
    else if (action === "dismiss") this.dismiss(item);
    else if (action === "edit") this.edit(item);
  }

  // A statement was added (here or through the form): drop the suggestions it covers.
  statementAdded(statement) {
    if (!this.loaded) return;
    for (const item of this.items.filter((s) => !s.busy && overlaps(s, statement))) {
      if (this.current === item) this.select(this.neighbour(item));
      this.drop(item);
    }
  }
}

Object.assign(SuggestionPanel.prototype, suggestionActions);

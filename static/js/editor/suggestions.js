// The Suggestions panel: statements the server proposes for the article, listed in
// text order under the statement list and shown as dashed highlights. An analyst
// accepts one (it is created through the statements API like any other), edits it in
// the form first, or dismisses it (it is not suggested again). Loaded once the editor
// answers input, so it never slows opening the article.
//
// Offsets: the API counts code points; `start16`/`end16` are the UTF-16 indices the
// page uses, converted with the editor's offset map.

import { api, ApiError } from "../lib/api.js";
import { byId } from "../lib/dom.js";
import { SuggestionList } from "./suggestion-list.js";

// Suggestions at least this sure are taken by "Accept all high-confidence".
export const HIGH_CONFIDENCE = 0.8;
// Answers after which a request may have been stored although no answer came back.
const TRANSIENT = new Set([0, 502, 503, 504]);
// A statement covering this much of the shorter of the two spans takes the place of a
// suggestion (the server drops such suggestions the same way).
const SAME_SPAN_OVERLAP = 0.5;
const OPEN_KEY = "statement-annotator:suggestions-open";

// Names that read as an organisation rather than a person.
const ORGANISATION_WORDS = [
  "Ministry", "Department", "Council", "Agency", "House", "Office", "Police", "Court",
  "Commission", "Bank", "Party", "Government", "Company", "Authority", "Institute",
  "University", "Association", "Federation", "Union", "Committee", "Corporation",
  "Foundation", "Service", "Inc", "Ltd", "LLC", "plc",
];
const ORGANISATION = new RegExp(`\\b(?:${ORGANISATION_WORDS.join("|")})\\b`);

export function looksLikeOrganisation(name) {
  const trimmed = name.trim();
  return ORGANISATION.test(trimmed) || /^the\s/i.test(trimmed);
}

function fold(text) {
  return text.normalize("NFC").trim().toLocaleLowerCase();
}

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
    if (open && !this.current) this.select(this.#visible()[0] ?? null);
    if (open && focus && this.current) this.view.setCurrent(this.current.key, { focus: true });
    if (!open && this.view.list.contains(document.activeElement)) document.activeElement.blur();
    this.#changed();
  }

  // Loading ---------------------------------------------------------------------------

  // Called once the editor answers input. The request waits on the server, not on
  // the page, and what comes back is a few hundred entries at most.
  loadSoon() {
    setTimeout(() => this.load(), 0);
  }

  async load() {
    this.panel.dataset.state = "loading";
    this.retryButton.hidden = true;
    this.say("Looking for suggestions…", "busy");
    let data;
    try {
      data = await api(`${this.apiRoot}articles/${this.articleId}/suggestions/`);
    } catch (error) {
      this.panel.dataset.state = "failed";
      this.count.textContent = "";
      this.say(`Suggestions could not be loaded. ${error.message}`, "error");
      this.retryButton.hidden = false;
      return;
    }
    const offsets = this.editor.offsets;
    this.items = data.map((s) => {
      const organisation = s.speaker === null && looksLikeOrganisation(s.speaker_name);
      return {
        ...s,
        key: `${s.start}:${s.end}`,
        start16: offsets.toUtf16(s.start),
        end16: offsets.toUtf16(s.end),
        kind: organisation ? "organisation" : "person",
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
    this.say("");
    this.#changed();
    if (this.isOpen) this.select(this.#visible()[0] ?? null);
    performance.mark("editor:suggestions-loaded");
  }

  // Status line of the panel: kind is busy, ok, error or info.
  say(text, kind = "info") {
    this.status.dataset.kind = kind;
    this.message.textContent = text;
    this.view.reveal(); // the message may have pushed the current entry out of view
    clearTimeout(this.fade);
    if (kind === "ok") this.fade = setTimeout(() => this.say(""), 6000);
  }

  #visible() {
    return this.items.filter((s) => !s.busy);
  }

  // After any change: the count, the Accept-all button and the highlights.
  #changed() {
    const visible = this.#visible();
    this.count.textContent = this.loaded ? `(${visible.length})` : "(…)";
    const high = visible.filter((s) => s.high).length;
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
    this.#changed();
  }

  step(delta) {
    const visible = this.#visible();
    if (!visible.length) return;
    let index = this.current ? visible.indexOf(this.current) : -1;
    if (index < 0) index = delta > 0 ? 0 : visible.length - 1;
    else index = Math.max(0, Math.min(visible.length - 1, index + delta));
    this.select(visible[index], { reveal: true, focus: true });
  }

  // The suggestion after `item` (or before it, at the end of the list) still showing.
  #neighbour(item) {
    const visible = this.items.filter((s) => !s.busy || s === item);
    const index = visible.indexOf(item);
    return visible[index + 1] ?? visible[index - 1] ?? null;
  }

  // Suggestions covering UTF-16 index `i`, shortest first.
  covering(i) {
    return this.#visible()
      .filter((s) => s.start16 <= i && i < s.end16)
      .sort((a, b) => a.end16 - a.start16 - (b.end16 - b.start16));
  }

  // Rows for the tooltip over the text.
  tipRows(i) {
    return this.covering(i).map((s) => ({
      id: `suggestion-${s.key}`,
      version: 0,
      stance: s.stance,
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

  // Accepting, dismissing, editing ------------------------------------------------------

  // Take `item` out of the list while its request is out; the next one becomes current.
  #takeOut(item) {
    item.busy = true;
    item.successor = undefined;
    this.view.hide(item.key);
    if (this.current === item) {
      const next = this.#neighbour(item);
      item.successor = next;
      const hadFocus = this.view.list.contains(document.activeElement);
      this.select(next, { reveal: Boolean(next), focus: hadFocus });
    } else this.#changed();
  }

  // Put `item` back where it was, with the server's message. It is current again
  // unless the analyst moved on meanwhile.
  #putBack(item, message) {
    item.busy = false;
    if (!this.byKey.has(item.key)) return;
    this.view.show(item.key, message);
    if (!this.current || (item.successor !== undefined && this.current === item.successor)) {
      const hadFocus = this.view.list.contains(document.activeElement);
      this.select(item, { focus: hadFocus });
    }
    this.#changed();
  }

  #drop(item) {
    this.items = this.items.filter((s) => s !== item);
    this.byKey.delete(item.key);
    this.view.remove(item.key);
    if (this.current === item) this.current = null;
    this.#changed();
  }

  // The id of the suggestion's speaker, registering a new one first.
  async #speakerFor(item) {
    if (item.speaker !== null) return item.speaker;
    const name = item.speaker_name.trim();
    const known = this.speakerIds.get(fold(name));
    if (known) return known;
    let id;
    try {
      const speaker = await api(`${this.apiRoot}speakers/`, {
        method: "POST",
        body: { name, kind: item.kind },
      });
      id = speaker.id;
    } catch (error) {
      // The name is taken (perhaps by an earlier attempt whose answer was lost): use it.
      if (!(error instanceof ApiError) || !error.fieldErrors.name) throw error;
      const params = new URLSearchParams({ search: name, page_size: "20" });
      const page = await api(`${this.apiRoot}speakers/?${params}`);
      const match = page.results.find((speaker) => fold(speaker.name) === fold(name));
      if (!match) throw error;
      id = match.id;
    }
    this.speakerIds.set(fold(name), id);
    return id;
  }

  // Create the statement; resolves {ok, transient, reason}.
  async accept(item) {
    if (item.busy) return { ok: false, reason: "" };
    this.#takeOut(item);
    try {
      const speaker = await this.#speakerFor(item);
      const body = {
        article: this.articleId,
        speaker,
        start: item.start,
        end: item.end,
        quote: this.editor.article.body.slice(item.start16, item.end16),
        stance: item.stance,
      };
      // An earlier attempt whose answer was lost may have been stored: look first.
      let result = item.uncertain ? await this.editor.findLanded({ body }) : null;
      if (!result) result = await api(`${this.apiRoot}statements/`, { method: "POST", body });
      item.uncertain = false;
      this.#drop(item);
      const statement = this.editor.apply(result);
      this.editor.list.flash(statement.id);
      const label = this.editor.stanceLabels[statement.stance] ?? statement.stance;
      if (!this.batch) {
        this.say(`Accepted: ${statement.speaker_name}, ${label.toLowerCase()}.`, "ok");
      }
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.#putBack(item, `Not accepted: ${error.message}`);
        throw error;
      }
      const transient = TRANSIENT.has(error.status);
      if (transient) item.uncertain = true;
      // The reason shows in place, with the suggestion it is about.
      this.#putBack(item, `Not accepted: ${error.message}`);
      if (!this.batch) this.say("");
      return { ok: false, transient, reason: error.message };
    }
  }

  async dismiss(item) {
    if (item.busy) return;
    this.#takeOut(item);
    try {
      await api(`${this.apiRoot}articles/${this.articleId}/suggestions/dismiss/`, {
        method: "POST",
        body: { start: item.start, end: item.end },
      });
      this.#drop(item);
      if (!this.batch) this.say("Dismissed: it will not be suggested again.", "ok");
    } catch (error) {
      this.#putBack(item, `Not dismissed: ${error.message}`);
      if (!this.batch) this.say("");
      if (!(error instanceof ApiError)) throw error;
    }
  }

  // Load the suggestion into the statement form as a new, unsaved statement.
  async edit(item) {
    const editor = this.editor;
    if (!(await editor.confirmLeave())) return;
    editor.drafts.clear();
    editor.enterNew();
    document.getSelection().removeAllRanges();
    editor.span = { start: item.start16, end: item.end16 };
    editor.form.fill({
      speaker: item.speaker === null ? null : { id: item.speaker, name: item.speaker_name },
      speakerText: item.speaker === null ? item.speaker_name : "",
      stance: item.stance,
    });
    editor.renderSpan();
    editor.changed();
    if (item.speaker === null) {
      editor.form.say(
        `“${item.speaker_name}” is not registered yet: pick “Create person” or ` +
          "“Create organisation” under Speaker, then save.",
        "info",
      );
      editor.form.speaker.input.focus();
    } else {
      editor.form.say("Loaded from the suggestion: change what needs changing, then save.", "info");
    }
  }

  // A statement was added (here or through the form): drop the suggestions it covers.
  statementAdded(statement) {
    if (!this.loaded) return;
    for (const item of this.items.filter((s) => !s.busy && overlaps(s, statement))) {
      if (this.current === item) this.select(this.#neighbour(item));
      this.#drop(item);
    }
  }

  // Accept every high-confidence suggestion, one by one through the statements API.
  // Stops at the first network failure; pressing again goes on without creating any
  // statement twice.
  async acceptAll() {
    if (this.batch) return;
    const targets = this.#visible().filter((s) => s.high);
    if (!targets.length) return;
    this.batch = true;
    this.#changed();
    if (!this.isOpen) this.setOpen(true);
    let accepted = 0;
    let failed = 0;
    let stopped = null;
    try {
      for (const [n, item] of targets.entries()) {
        if (!this.byKey.has(item.key) || item.busy) continue; // taken in the meantime
        this.say(`Accepting ${n + 1} of ${targets.length}…`, "busy");
        const outcome = await this.accept(item);
        if (outcome.ok) accepted += 1;
        else {
          failed += 1;
          if (outcome.transient) {
            stopped = outcome.reason;
            break;
          }
        }
      }
    } finally {
      this.batch = false;
      this.#changed();
    }
    const total = targets.length;
    if (stopped) {
      this.say(
        `Stopped after accepting ${accepted} of ${total}. ${stopped} ` +
          "Press “Accept all high-confidence” again to go on: nothing is added twice.",
        "error",
      );
    } else if (failed) {
      this.say(
        `Accepted ${accepted} of ${total}. ${failed} could not be accepted: ` +
          "the reason is shown with each.",
        "error",
      );
    } else {
      const noun = accepted === 1 ? "suggestion" : "suggestions";
      this.say(`Accepted ${accepted} high-confidence ${noun}.`, "ok");
    }
  }
}

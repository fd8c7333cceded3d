// The Suggestions panel: statements the server proposes for the article, listed in
// text order under the statement list and shown as dashed highlights. An analyst
// accepts one (it is created through the statements API like any other), edits it in
// the form first, or dismisses it (it is not suggested again). Loaded once the editor
// answers input, so it never slows opening the article.
//
// A suggestion without a stance is never saved as it stands: accepting it opens it in
// the form, where the analyst picks one. Statements are created through the save
// service, and a statement added any way (here or through the form) takes the place of
// the suggestions it covers: the panel follows the store's `put` events.
//
// The panel paints nothing outside itself: it dispatches `highlights` ({spans, current},
// UTF-16) whenever what the text should show changes, and `reveal` ({start, end}) to
// bring a suggestion into view. Loading one into the form is `onEdit`'s job.
//
// Offsets: the API counts code points; `start16`/`end16` are the UTF-16 indices the
// page uses, converted with the editor's offset map.

import { api, ApiError, newIdempotencyKey } from "../lib/api.js";
import { byId } from "../lib/dom.js";
import { newSpeakersDialog } from "./dialogs.js";
import { TRANSIENT } from "./save-service.js";
import { SuggestionList } from "./suggestion-list.js";
import {
  SpeakerRegistry,
  complete,
  hasSpeaker,
  hasStance,
  kindOf,
  looksLikeOrganisation,
} from "./suggestion-speakers.js";

// Suggestions at least this sure are taken by "Accept all high-confidence".
export const HIGH_CONFIDENCE = 0.8;
// A statement covering this much of the shorter of the two spans takes the place of a
// suggestion (the server drops such suggestions the same way).
const SAME_SPAN_OVERLAP = 0.5;
const OPEN_KEY = "statement-annotator:suggestions-open";
// While the analysis of the text is pending: ask again this often, this many times.
const POLL_MS = 3000;
const POLL_TRIES = 40;

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function overlaps(a, b) {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shared > 0 && shared >= SAME_SPAN_OVERLAP * shorter;
}

export class SuggestionPanel extends EventTarget {
  constructor({
    store,
    service,
    apiRoot,
    articleId,
    body,
    offsets,
    stanceLabels,
    onEdit,
    canAcceptAll = true,
  }) {
    super();
    this.canAcceptAll = canAcceptAll;
    this.store = store;
    this.service = service;
    this.apiRoot = apiRoot;
    this.articleId = articleId;
    this.articleBody = body;
    this.offsets = offsets;
    this.stanceLabels = stanceLabels;
    this.onEdit = onEdit;
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
    this.speakers = new SpeakerRegistry(apiRoot);
    this.view = new SuggestionList(byId("suggestion-list"), {
      stanceLabels,
      onPick: (key) => this.select(this.byKey.get(key), { reveal: true }),
      onAction: (key, action) => this.act(this.byKey.get(key), action),
    });
    // The form above grows and shrinks with its content: keep the current entry in view.
    new ResizeObserver(() => this.view.reveal()).observe(this.view.list);
    this.toggleButton.addEventListener("click", () => this.setOpen(!this.isOpen));
    this.acceptAllButton.addEventListener("click", () => this.acceptAll());
    this.retryButton.addEventListener("click", () => this.load());
    // Where the statement list is folded (a short pane), its header brings it back.
    const listHead = this.sidePane.querySelector(".list-panel .panel-head");
    listHead?.addEventListener("click", (event) => {
      const folded = getComputedStyle(listHead).cursor === "pointer";
      if (folded && !event.target.closest("button, a")) this.setOpen(false);
    });
    let open = false;
    try {
      open = localStorage.getItem(OPEN_KEY) === "1";
    } catch {
      // Storage disabled: start closed.
    }
    this.setOpen(open, { remember: false });
    store.on("put", ({ statement, previous }) => {
      if (!previous) this.statementAdded(statement);
    });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
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
    const offsets = this.offsets;
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
    const statements = this.store.list;
    this.items = this.items.filter((s) => !statements.some((t) => overlaps(s, t)));
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
    this.acceptAllButton.hidden = !this.canAcceptAll || (high === 0 && !this.batch);
    this.acceptAllButton.disabled = this.batch || high === 0;
    this.empty.hidden = !this.loaded || visible.length > 0;
    // The current one stands out in the text only while the list shows it.
    const current = this.isOpen && this.current && !this.current.busy ? this.current : null;
    this.#emit("highlights", {
      spans: visible.map((s) => [s.start16, s.end16]),
      current: current ? { start: current.start16, end: current.end16 } : null,
    });
  }

  // Selection -------------------------------------------------------------------------

  select(item, { reveal = false, focus = false } = {}) {
    this.current = item ?? null;
    this.view.setCurrent(item ? item.key : null, { focus });
    if (item && reveal) this.#emit("reveal", { start: item.start16, end: item.end16 });
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

  // Actions -------------------------------------------------------------------------

  // Take `item` out of the list while its request is out; the next one becomes current.
  takeOut(item) {
    item.busy = true;
    item.successor = undefined;
    this.view.hide(item.key);
    if (this.current === item) {
      const next = this.neighbour(item);
      item.successor = next;
      const hadFocus = this.view.list.contains(document.activeElement);
      this.select(next, { reveal: Boolean(next), focus: hadFocus });
    } else this.changed();
  }

  // Put `item` back where it was, with the server's message. It is current again
  // unless the analyst moved on meanwhile.
  putBack(item, message) {
    item.busy = false;
    if (!this.byKey.has(item.key)) return;
    this.view.show(item.key, message);
    if (!this.current || (item.successor !== undefined && this.current === item.successor)) {
      const hadFocus = this.view.list.contains(document.activeElement);
      this.select(item, { focus: hadFocus });
    }
    this.changed();
  }

  drop(item) {
    this.items = this.items.filter((s) => s !== item);
    this.byKey.delete(item.key);
    this.view.remove(item.key);
    if (this.current === item) this.current = null;
    this.changed();
  }

  // What "Accept all" takes: high-confidence suggestions with a stance and a speaker.
  acceptable() {
    return this.visible().filter((s) => s.high && complete(s));
  }

  // Enter or "Accept" on one suggestion. Without a stance it opens in the form, where
  // the analyst picks one; with a speaker not registered yet, the analyst confirms
  // that speaker (name and kind) first.
  async accept(item) {
    if (item.busy || this.asking || this.batch) return;
    if (!complete(item)) {
      const missing = [hasSpeaker(item) ? "" : "a speaker", hasStance(item) ? "" : "a stance"];
      const what = missing.filter(Boolean).join(" and ");
      if (await this.edit(item)) this.say(`Pick ${what} in the form, then save.`);
      return;
    }
    this.asking = true;
    let confirmed = true;
    try {
      const fresh = await this.speakers.newOnes([item]);
      if (fresh.length) {
        const [{ name, kind }] = fresh;
        confirmed = await newSpeakersDialog({
          title: "Register a new speaker?",
          message: `“${name}” is not registered yet. Accepting this suggestion registers them as a ${kind}:`,
          speakers: fresh,
          confirm: `Register ${kind} and accept`,
        });
      }
    } finally {
      this.asking = false;
    }
    if (!this.byKey.has(item.key) || item.busy) return; // taken in the meantime
    if (!confirmed) {
      // It stays current, and the dialog gives focus back to where it was.
      this.say("Not accepted: no speaker registered.", "info");
      return;
    }
    const outcome = await this.create(item);
    if (outcome.ok) this.#undoable("Accepted the suggestion", [outcome.statement]);
  }

  // Offer to take back accepted suggestions: their statements are deleted (each at the
  // version it has now) and the suggestions come back.
  #undoable(label, statements) {
    const undo = async () => {
      for (const statement of statements) {
        await this.service.delete(this.store.get(statement.id) ?? statement);
      }
      await this.load({ refresh: true });
    };
    this.#emit("undoable", { label, undo });
  }

  // Create the statement (the speaker confirmed); resolves {ok, transient, reason}.
  async create(item) {
    if (item.busy) return { ok: false, reason: "" };
    this.takeOut(item);
    try {
      const speaker = await this.speakers.idFor(item);
      const body = {
        article: this.articleId,
        speaker,
        start: item.start,
        end: item.end,
        quote: this.articleBody.slice(item.start16, item.end16),
        stance: item.stance,
      };
      // One key for every attempt of this accept, so a retry is never stored twice; an
      // earlier attempt whose answer was lost may have been stored: look first.
      item.idempotencyKey ??= newIdempotencyKey();
      const statement = await this.service.create(body, {
        key: item.idempotencyKey,
        lookFirst: item.uncertain,
      });
      item.uncertain = false;
      item.idempotencyKey = null;
      this.drop(item);
      const label = this.stanceLabels[statement.stance] ?? statement.stance;
      if (!this.batch) {
        this.say(`Accepted: ${statement.speaker_name}, ${label.toLowerCase()}.`, "ok");
      }
      return { ok: true, statement };
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.putBack(item, `Not accepted: ${error.message}`);
        throw error;
      }
      const transient = TRANSIENT.has(error.status);
      if (transient) item.uncertain = true;
      else item.idempotencyKey = null;
      // The reason shows in place, with the suggestion it is about.
      this.putBack(item, `Not accepted: ${error.message}`);
      if (!this.batch) this.say("");
      return { ok: false, transient, reason: error.message };
    }
  }

  async dismiss(item) {
    if (item.busy) return;
    this.takeOut(item);
    try {
      await api(`${this.apiRoot}articles/${this.articleId}/suggestions/dismiss/`, {
        method: "POST",
        body: { start: item.start, end: item.end },
      });
      this.drop(item);
      this.#emit("dismissed", { start: item.start, end: item.end });
      this.#emit("undoable", {
        label: "Dismissed the suggestion",
        undo: async () => {
          await api(`${this.apiRoot}articles/${this.articleId}/suggestions/restore/`, {
            method: "POST",
            body: { start: item.start, end: item.end },
          });
          await this.load({ refresh: true });
        },
      });
      if (!this.batch) this.say("Dismissed: it will not be suggested again.", "ok");
    } catch (error) {
      this.putBack(item, `Not dismissed: ${error.message}`);
      if (!this.batch) this.say("");
      if (!(error instanceof ApiError)) throw error;
    }
  }

  // Load the suggestion into the statement form as a new, unsaved statement; false when
  // the analyst chose to keep what the form held.
  async edit(item) {
    const parts = [];
    if (!hasStance(item)) parts.push("The suggestion has no stance: pick one.");
    if (!hasSpeaker(item)) {
      parts.push("The text names no one who could be registered: choose the speaker.");
    } else if (item.speaker === null) {
      const kind = kindOf(item);
      const other = kind === "person" ? "organisation" : "person";
      parts.push(
        `“${item.speaker_name}” is not registered yet (the text reads as a ${kind}): pick ` +
          `“Create ${kind}” (or “Create ${other}”) under Speaker to register them.`,
      );
    }
    if (!parts.length) parts.push("Loaded from the suggestion: change what needs changing.");
    let focus = null;
    if (!hasSpeaker(item)) focus = "speaker";
    else if (!hasStance(item)) focus = "stance";
    else if (item.speaker === null) focus = "speaker";
    return this.onEdit({
      span: { start: item.start16, end: item.end16 },
      fields: {
        speaker: item.speaker === null ? null : { id: item.speaker, name: item.speaker_name },
        speakerText: item.speaker === null ? item.speaker_name : "",
        stance: hasStance(item) ? item.stance : "",
      },
      needStance: hasStance(item)
        ? null
        : "No stance suggested: the wording gave no cue. Pick one before saving.",
      message: `${parts.join(" ")} Then save.`,
      focus,
    });
  }

  // Accept every high-confidence suggestion that has a stance, one by one through the
  // statements API, after one confirmation of the new speakers it would register
  // (cancelling creates nothing). Those without a stance stay listed, to pick one for
  // each. Stops at the first network failure; pressing again goes on without creating
  // any statement twice.
  async acceptAll() {
    if (this.batch || this.asking || !this.canAcceptAll) return;
    const targets = this.acceptable();
    if (!targets.length) return;
    const unpicked = this.visible().filter((s) => s.high && !complete(s)).length;
    this.batch = true;
    this.changed();
    if (!this.isOpen) this.setOpen(true);
    let accepted = 0;
    const created = [];
    let failed = 0;
    let stopped = null;
    let cancelled = false;
    try {
      this.say("Checking the speakers…", "busy");
      const fresh = await this.speakers.newOnes(targets);
      if (fresh.length) {
        this.say("Confirm the new speakers to go on.", "info");
        const ok = await newSpeakersDialog({
          title: `Register ${plural(fresh.length, "new speaker")}?`,
          message:
            `Accepting ${plural(targets.length, "high-confidence suggestion")} registers ` +
            `${fresh.length === 1 ? "this speaker" : "these speakers"}, not registered yet` +
            (unpicked ? ` (${unpicked} more without a stance will stay listed):` : ":"),
          speakers: fresh,
          confirm: fresh.length === 1 ? "Register it and accept" : "Register all and accept",
        });
        cancelled = !ok;
      }
      for (const [n, item] of cancelled ? [] : targets.entries()) {
        if (!this.byKey.has(item.key) || item.busy) continue; // taken in the meantime
        this.say(`Accepting ${n + 1} of ${targets.length}…`, "busy");
        const outcome = await this.create(item);
        if (outcome.ok) {
          accepted += 1;
          created.push(outcome.statement);
        } else {
          failed += 1;
          if (outcome.transient) {
            stopped = outcome.reason;
            break;
          }
        }
      }
    } finally {
      this.batch = false;
      this.changed();
      if (created.length) this.#undoable(`Accepted ${plural(created.length, "suggestion")}`, created);
    }
    if (cancelled) {
      this.say("Nothing accepted: no speaker was registered.", "info");
      return;
    }
    const total = targets.length;
    const left = unpicked
      ? ` ${plural(unpicked, "high-confidence suggestion")} without a stance ` +
        `${unpicked === 1 ? "is still listed: accept it" : "are still listed: accept each"} ` +
        "to pick a stance."
      : "";
    if (stopped) {
      this.say(
        `Stopped after accepting ${accepted} of ${total}. ${stopped} ` +
          "Press “Accept all high-confidence” again to go on: nothing is added twice.",
        "error",
      );
    } else if (failed) {
      this.say(
        `Accepted ${accepted} of ${total}. ${failed} could not be accepted: ` +
          `the reason is shown with each.${left}`,
        "error",
      );
    } else {
      this.say(`Accepted ${plural(accepted, "high-confidence suggestion")}.${left}`, unpicked ? "info" : "ok");
    }
  }
}

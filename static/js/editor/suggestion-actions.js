// What an analyst does with a suggestion: accept it (the statement, and a new speaker
// when needed, are created through the API like any other), dismiss it, or load it into
// the statement form; and accept every high-confidence one in one go. Methods of the
// SuggestionPanel (see suggestions.js).

import { api, ApiError } from "../lib/api.js";

// Answers after which a request may have been stored although no answer came back.
const TRANSIENT = new Set([0, 502, 503, 504]);

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

export const suggestionActions = {
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
  },

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
  },

  drop(item) {
    this.items = this.items.filter((s) => s !== item);
    this.byKey.delete(item.key);
    this.view.remove(item.key);
    if (this.current === item) this.current = null;
    this.changed();
  },

  // The id of the suggestion's speaker, registering a new one first.
  async speakerFor(item) {
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
  },

  // Create the statement; resolves {ok, transient, reason}.
  async accept(item) {
    if (item.busy) return { ok: false, reason: "" };
    this.takeOut(item);
    try {
      const speaker = await this.speakerFor(item);
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
      this.drop(item);
      const statement = this.editor.apply(result);
      this.editor.list.flash(statement.id);
      const label = this.editor.stanceLabels[statement.stance] ?? statement.stance;
      if (!this.batch) {
        this.say(`Accepted: ${statement.speaker_name}, ${label.toLowerCase()}.`, "ok");
      }
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ApiError)) {
        this.putBack(item, `Not accepted: ${error.message}`);
        throw error;
      }
      const transient = TRANSIENT.has(error.status);
      if (transient) item.uncertain = true;
      // The reason shows in place, with the suggestion it is about.
      this.putBack(item, `Not accepted: ${error.message}`);
      if (!this.batch) this.say("");
      return { ok: false, transient, reason: error.message };
    }
  },

  async dismiss(item) {
    if (item.busy) return;
    this.takeOut(item);
    try {
      await api(`${this.apiRoot}articles/${this.articleId}/suggestions/dismiss/`, {
        method: "POST",
        body: { start: item.start, end: item.end },
      });
      this.drop(item);
      if (!this.batch) this.say("Dismissed: it will not be suggested again.", "ok");
    } catch (error) {
      this.putBack(item, `Not dismissed: ${error.message}`);
      if (!this.batch) this.say("");
      if (!(error instanceof ApiError)) throw error;
    }
  },

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
  },

  // Accept every high-confidence suggestion, one by one through the statements API.
  // Stops at the first network failure; pressing again goes on without creating any
  // statement twice.
  async acceptAll() {
    if (this.batch) return;
    const targets = this.visible().filter((s) => s.high);
    if (!targets.length) return;
    this.batch = true;
    this.changed();
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
      this.changed();
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
  },
};

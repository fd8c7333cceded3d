// What an analyst does with a suggestion: accept it (the statement, and a new speaker
// once the analyst confirms it, are created through the API like any other), dismiss it,
// or load it into the statement form; and accept every high-confidence one in one go.
// A suggestion without a stance is never saved as it stands: accepting it opens it in
// the form, where the analyst picks one. Methods of the SuggestionPanel (see
// suggestions.js).

import { api, ApiError, newIdempotencyKey } from "../lib/api.js";
import { newSpeakersDialog } from "./dialogs.js";

// Answers after which a request may have been stored although no answer came back.
const TRANSIENT = new Set([0, 502, 503, 504]);

const KINDS = new Set(["person", "organisation"]);

// Names that read as an organisation rather than a person: only for a server that does
// not say which (`speaker_kind` null or absent).
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

// The kind a new speaker from this suggestion is registered as.
export function kindOf(suggestion) {
  if (KINDS.has(suggestion.speaker_kind)) return suggestion.speaker_kind;
  return looksLikeOrganisation(suggestion.speaker_name) ? "organisation" : "person";
}

export function hasStance(suggestion) {
  return typeof suggestion.stance === "string" && suggestion.stance !== "";
}

// A group the text does not name as a body ("Senior US officials") comes with no
// speaker: the analyst chooses one in the form.
export function hasSpeaker(suggestion) {
  return suggestion.speaker !== null || (suggestion.speaker_name ?? "").trim() !== "";
}

// Whether a suggestion can become a statement as it is, without the form.
function complete(suggestion) {
  return hasStance(suggestion) && hasSpeaker(suggestion);
}

function fold(text) {
  return text.normalize("NFC").trim().toLocaleLowerCase();
}

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
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

  // What "Accept all" takes: high-confidence suggestions with a stance and a speaker.
  acceptable() {
    return this.visible().filter((s) => s.high && complete(s));
  },

  // The id of the suggestion's speaker when it is registered (perhaps since the page
  // loaded, by someone else), or null: only then is there a new speaker to confirm.
  async knownSpeaker(item) {
    if (item.speaker !== null) return item.speaker;
    const name = item.speaker_name.trim();
    const known = this.speakerIds.get(fold(name));
    if (known) return known;
    try {
      const params = new URLSearchParams({ search: name, page_size: "20" });
      const page = await api(`${this.apiRoot}speakers/?${params}`);
      const match = page.results.find((speaker) => fold(speaker.name) === fold(name));
      if (!match) return null;
      this.speakerIds.set(fold(name), match.id);
      return match.id;
    } catch {
      return null; // Not known to be registered: ask; registering finds it if it is.
    }
  },

  // The new speakers accepting `items` would register, once each: [{name, kind}].
  async newSpeakers(items) {
    const found = new Map();
    for (const item of items) {
      if (item.speaker !== null) continue;
      const key = fold(item.speaker_name);
      if (found.has(key) || (await this.knownSpeaker(item)) !== null) continue;
      found.set(key, { name: item.speaker_name.trim(), kind: kindOf(item) });
    }
    return [...found.values()];
  },

  // The id of the suggestion's speaker, registering a new one first: call it only once
  // the analyst has confirmed the new speaker.
  async speakerFor(item) {
    if (item.speaker !== null) return item.speaker;
    const name = item.speaker_name.trim();
    const known = this.speakerIds.get(fold(name));
    if (known) return known;
    let id;
    try {
      const speaker = await api(`${this.apiRoot}speakers/`, {
        method: "POST",
        body: { name, kind: kindOf(item) },
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
      const fresh = await this.newSpeakers([item]);
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
    await this.create(item);
  },

  // Create the statement (the speaker confirmed); resolves {ok, transient, reason}.
  async create(item) {
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
      // One key for every attempt of this accept, so a retry is never stored twice.
      item.idempotencyKey ??= newIdempotencyKey();
      if (!result) {
        result = await api(`${this.apiRoot}statements/`, {
          method: "POST",
          body,
          idempotencyKey: item.idempotencyKey,
        });
      }
      item.uncertain = false;
      item.idempotencyKey = null;
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
      else item.idempotencyKey = null;
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

  // Load the suggestion into the statement form as a new, unsaved statement; false when
  // the analyst chose to keep what the form held.
  async edit(item) {
    const editor = this.editor;
    if (!(await editor.confirmLeave())) return false;
    editor.drafts.clear();
    editor.enterNew();
    document.getSelection().removeAllRanges();
    editor.span = { start: item.start16, end: item.end16 };
    const form = editor.form;
    form.fill({
      speaker: item.speaker === null ? null : { id: item.speaker, name: item.speaker_name },
      speakerText: item.speaker === null ? item.speaker_name : "",
      stance: hasStance(item) ? item.stance : "",
    });
    editor.renderSpan();
    editor.changed();
    const parts = [];
    if (!hasStance(item)) {
      form.needStance("No stance suggested: the wording gave no cue. Pick one before saving.");
      parts.push("The suggestion has no stance: pick one.");
    }
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
    form.say(`${parts.join(" ")} Then save.`, "info");
    if (!hasSpeaker(item)) form.speaker.input.focus();
    else if (!hasStance(item)) form.stance.focus();
    else if (item.speaker === null) form.speaker.input.focus();
    return true;
  },

  // Accept every high-confidence suggestion that has a stance, one by one through the
  // statements API, after one confirmation of the new speakers it would register
  // (cancelling creates nothing). Those without a stance stay listed, to pick one for
  // each. Stops at the first network failure; pressing again goes on without creating
  // any statement twice.
  async acceptAll() {
    if (this.batch || this.asking) return;
    const targets = this.acceptable();
    if (!targets.length) return;
    const unpicked = this.visible().filter((s) => s.high && !complete(s)).length;
    this.batch = true;
    this.changed();
    if (!this.isOpen) this.setOpen(true);
    let accepted = 0;
    let failed = 0;
    let stopped = null;
    let cancelled = false;
    try {
      this.say("Checking the speakers…", "busy");
      const fresh = await this.newSpeakers(targets);
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
  },
};

// The speakers of suggestions: what kind a name reads as, whether a suggestion names
// one, and `SpeakerRegistry`, which finds a suggested speaker among the registered ones
// or registers it once the analyst has confirmed it.

import { api, ApiError } from "../lib/api.js";

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
export function complete(suggestion) {
  return hasStance(suggestion) && hasSpeaker(suggestion);
}

function fold(text) {
  return text.normalize("NFC").trim().toLocaleLowerCase();
}

export class SpeakerRegistry {
  constructor(apiRoot) {
    this.apiRoot = apiRoot;
    this.ids = new Map(); // folded name -> id of a speaker made (or found) here
  }

  async #find(name) {
    const params = new URLSearchParams({ search: name, page_size: "20" });
    const page = await api(`${this.apiRoot}speakers/?${params}`);
    return page.results.find((speaker) => fold(speaker.name) === fold(name)) ?? null;
  }

  // The id of the suggestion's speaker when it is registered (perhaps since the page
  // loaded, by someone else), or null: only then is there a new speaker to confirm.
  async known(item) {
    if (item.speaker !== null) return item.speaker;
    const name = item.speaker_name.trim();
    const known = this.ids.get(fold(name));
    if (known) return known;
    try {
      const match = await this.#find(name);
      if (!match) return null;
      this.ids.set(fold(name), match.id);
      return match.id;
    } catch {
      return null; // Not known to be registered: ask; registering finds it if it is.
    }
  }

  // The new speakers accepting `items` would register, once each: [{name, kind}].
  async newOnes(items) {
    const found = new Map();
    for (const item of items) {
      if (item.speaker !== null) continue;
      const key = fold(item.speaker_name);
      if (found.has(key) || (await this.known(item)) !== null) continue;
      found.set(key, { name: item.speaker_name.trim(), kind: kindOf(item) });
    }
    return [...found.values()];
  }

  // The id of the suggestion's speaker, registering a new one first: call it only once
  // the analyst has confirmed the new speaker.
  async idFor(item) {
    if (item.speaker !== null) return item.speaker;
    const name = item.speaker_name.trim();
    const known = this.ids.get(fold(name));
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
      const match = await this.#find(name);
      if (!match) throw error;
      id = match.id;
    }
    this.ids.set(fold(name), id);
    return id;
  }
}

// The two pickers of the statement form: one speaker (searched on the server by name
// or alias, created inline) and any number of topics (all loaded once, created inline).

import { api, ApiError } from "../lib/api.js";
import { debounce, h, setChildren } from "../lib/dom.js";
import { Combobox } from "./combobox.js";
import { confirmDialog } from "./dialogs.js";

function fold(text) {
  return text.normalize("NFC").toLocaleLowerCase();
}

export class SpeakerPicker extends Combobox {
  constructor({ input, listbox, apiRoot, onChange, onError }) {
    super(input, listbox);
    this.apiRoot = apiRoot;
    this.onChange = onChange;
    this.onError = onError;
    this.value = null; // {id, name}
    this.cache = new Map();
    this.controller = null;
    this.search = debounce((query, resolve) => this.#search(query).then(resolve), 120);
  }

  set(value) {
    this.value = value ? { id: value.id, name: value.name } : null;
    this.input.value = value ? value.name : "";
    this.close();
  }

  // The typed text, for drafts: a name not picked yet.
  get text() {
    return this.input.value;
  }

  onType(query) {
    if (this.value && query !== this.value.name) {
      this.value = null;
      this.onChange(null);
    }
  }

  onEnter() {
    return true; // Enter picks from the list; it never submits the form from here.
  }

  wantsListOnFocus() {
    return !this.value;
  }

  optionsFor(query) {
    if (!query) return Promise.resolve([]);
    if (this.cache.has(query)) return Promise.resolve(this.#options(query, this.cache.get(query)));
    return new Promise((resolve) => this.search(query, resolve)).then((results) =>
      results === null ? null : this.#options(query, results),
    );
  }

  async #search(query) {
    this.controller?.abort();
    this.controller = new AbortController();
    try {
      const params = new URLSearchParams({ search: query, page_size: "20" });
      const page = await api(`${this.apiRoot}speakers/?${params}`, {
        signal: this.controller.signal,
      });
      let results = page.results;
      // Nothing contains the text: show the speakers whose names are close to it first.
      if (!results.length && query.trim().length >= 3) {
        results = (await this.#similar(query, this.controller.signal)).map((speaker) => ({
          ...speaker,
          similar: true,
        }));
      }
      this.cache.set(query, results);
      return results;
    } catch (error) {
      if (error.name === "AbortError") return null;
      this.onError(error.message);
      return null;
    }
  }

  // Speakers whose name or an alias is close to `name` (the server decides how close).
  async #similar(name, signal) {
    const params = new URLSearchParams({ like: name, page_size: "5" });
    const page = await api(`${this.apiRoot}speakers/?${params}`, { signal });
    return page.results;
  }

  #options(query, results) {
    const options = results.map((speaker) => ({
      label: speaker.name,
      detail: speaker.similar ? `similar name · ${describe(speaker, query)}` : describe(speaker, query),
      speaker,
    }));
    // No "create" when the text already names a speaker: an alias is a name in use too.
    const named = (speaker) =>
      [speaker.name, ...(speaker.aliases || [])].some((name) => fold(name) === fold(query));
    if (!results.some(named)) {
      if (!results.length) {
        options.push({ label: `No match for “${query}”.`, disabled: true, className: "note" });
      }
      options.push(
        { label: `Create person “${query}”`, create: "person", name: query, className: "create" },
        {
          label: `Create organisation “${query}”`,
          create: "organisation",
          name: query,
          className: "create",
        },
      );
    }
    return options;
  }

  // A creation still on its way is waited for by a save (resolveTyped), so Save right
  // after "Create …" saves the new speaker.
  pick(option) {
    this.picking = this.#pick(option).finally(() => {
      this.picking = null;
    });
    return this.picking;
  }

  async #pick(option) {
    if (option.speaker) {
      this.set(option.speaker);
      this.onChange(this.value);
      return;
    }
    try {
      if (!(await this.#notANearDuplicate(option))) return;
      const speaker = await api(`${this.apiRoot}speakers/`, {
        method: "POST",
        body: { name: option.name, kind: option.create },
      });
      this.cache.clear();
      this.set(speaker);
      this.onChange(this.value, { created: speaker });
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors : {};
      this.onError(fields.name ? fields.name.join(" ") : error.message);
    }
  }

  // A new name close to a registered one is created only once the analyst says so.
  async #notANearDuplicate(option) {
    // The same name registered meanwhile is left to the server, which names it.
    const same = (speaker) => [speaker.name, ...(speaker.aliases || [])].some((n) => fold(n) === fold(option.name));
    const similar = (await this.#similar(option.name)).filter((speaker) => !same(speaker));
    if (!similar.length) return true;
    const names = similar.map((speaker) => speaker.name).join(", ");
    const ok = await confirmDialog({
      title: "A similar speaker exists",
      message: `“${option.name}” is close to ${names}. Create a new ${option.create} anyway?`,
      confirm: `Create “${option.name}”`,
      cancel: "Don't create",
    });
    if (!ok) this.onError(`Not created: pick ${names} from the list if it is the same speaker.`);
    return ok;
  }

  // A name typed but not picked: pick it if it is exactly a known speaker's name.
  async resolveTyped() {
    if (this.picking) await this.picking;
    const query = this.input.value.trim();
    if (this.value || !query) return this.value;
    const results = this.cache.get(query) ?? (await this.#search(query)) ?? [];
    const match = results.find((speaker) => fold(speaker.name) === fold(query));
    if (match) {
      this.set(match);
      this.onChange(this.value);
    }
    return this.value;
  }
}

function describe(speaker, query) {
  const parts = [];
  const folded = fold(query);
  const alias = (speaker.aliases || []).find((a) => fold(a).includes(folded));
  if (alias && !fold(speaker.name).includes(folded)) parts.push(`“${alias}”`);
  if (speaker.role) parts.push(speaker.role);
  if (speaker.organisation) parts.push(speaker.organisation);
  if (!parts.length) parts.push(speaker.kind === "organisation" ? "organisation" : "person");
  return parts.join(" · ");
}

export class TopicPicker extends Combobox {
  constructor({ input, listbox, chips, apiRoot, onChange, onError }) {
    super(input, listbox);
    this.chips = chips;
    this.apiRoot = apiRoot;
    this.onChange = onChange;
    this.onError = onError;
    this.all = [];
    this.byId = new Map();
    this.value = []; // [{id, name}]
    this.disabled = false;
    input.addEventListener("keydown", (event) => {
      if (event.key === "Backspace" && !input.value && this.value.length && !this.disabled) {
        event.preventDefault();
        this.#remove(this.value[this.value.length - 1].id);
      }
    });
  }

  async load() {
    let url = `${this.apiRoot}topics/?page_size=500`;
    const all = [];
    while (url) {
      const page = await api(url);
      all.push(...page.results);
      url = page.next;
    }
    this.all = all;
    this.byId = new Map(all.map((topic) => [topic.id, topic]));
  }

  onEnter() {
    return true;
  }

  set(ids, names = []) {
    this.value = ids.map((id, i) => ({ id, name: this.byId.get(id)?.name ?? names[i] ?? `#${id}` }));
    this.#renderChips();
  }

  get ids() {
    return this.value.map((topic) => topic.id);
  }

  setDisabled(disabled) {
    this.disabled = disabled;
    this.input.disabled = disabled;
    this.#renderChips();
  }

  optionsFor(query) {
    const folded = fold(query);
    const chosen = new Set(this.ids);
    const matches = this.all.filter(
      (topic) => !chosen.has(topic.id) && (!folded || fold(topic.name).includes(folded)),
    );
    const options = matches.slice(0, 30).map((topic) => ({ label: topic.name, topic }));
    if (query && !this.all.some((topic) => fold(topic.name) === folded)) {
      options.push({ label: `Create topic “${query}”`, create: query, className: "create" });
    }
    return options;
  }

  async pick(option) {
    let topic = option.topic;
    if (!topic) {
      try {
        topic = await api(`${this.apiRoot}topics/`, { method: "POST", body: { name: option.create } });
        this.all.push(topic);
        this.all.sort((a, b) => a.name.localeCompare(b.name));
        this.byId.set(topic.id, topic);
      } catch (error) {
        const fields = error instanceof ApiError ? error.fieldErrors : {};
        this.onError(fields.name ? fields.name.join(" ") : error.message);
        return;
      }
    }
    if (!this.ids.includes(topic.id)) this.value.push({ id: topic.id, name: topic.name });
    this.input.value = "";
    this.#renderChips();
    this.onChange(this.ids);
  }

  #remove(id) {
    this.value = this.value.filter((topic) => topic.id !== id);
    this.#renderChips();
    this.onChange(this.ids);
    this.input.focus();
  }

  #renderChips() {
    setChildren(
      this.chips,
      ...this.value.map((topic) =>
        h(
          "li",
          { class: "chip" },
          h("span", {}, topic.name),
          this.disabled
            ? null
            : h(
                "button",
                {
                  type: "button",
                  class: "chip-remove",
                  attrs: { "aria-label": `Remove ${topic.name}` },
                  on: { click: () => this.#remove(topic.id) },
                },
                "×",
              ),
        ),
      ),
    );
  }
}

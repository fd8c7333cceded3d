// Narrow the statement list by speaker, stance, status and annotator. The speakers and
// annotators offered are those of the article's statements, kept in step with the
// store. A change dispatches `change`; `matches(statement)` says what stays shown.

import { h } from "../lib/dom.js";

const FIELDS = {
  speaker: (s) => String(s.speaker),
  stance: (s) => s.stance,
  status: (s) => s.status,
  annotator: (s) => s.created_by ?? "",
};

export class ListFilter extends EventTarget {
  constructor({ root, toggle, store }) {
    super();
    this.root = root;
    this.toggle = toggle;
    this.store = store;
    // Out of the way until asked for; the button says how many filters are set.
    toggle.addEventListener("click", () => {
      const open = root.hidden;
      root.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) root.querySelector("select")?.focus();
    });
    this.addEventListener("change", () => {
      const set = Object.values(this.selects).filter((select) => select.value !== "").length;
      toggle.textContent = set ? `Filter (${set})` : "Filter";
    });
    this.selects = Object.fromEntries(
      Object.keys(FIELDS).map((name) => [name, root.querySelector(`[name=${name}]`)]),
    );
    root.addEventListener("change", () => this.dispatchEvent(new Event("change")));
    root.querySelector("[type=reset]")?.addEventListener("click", (event) => {
      event.preventDefault();
      this.clear();
    });
    const refresh = () => this.#offer();
    for (const type of ["load", "put", "remove"]) store.on(type, refresh);
  }

  get active() {
    return Object.values(this.selects).some((select) => select.value !== "");
  }

  matches(statement) {
    return Object.entries(this.selects).every(
      ([name, select]) => select.value === "" || FIELDS[name](statement) === select.value,
    );
  }

  clear() {
    for (const select of Object.values(this.selects)) select.value = "";
    this.dispatchEvent(new Event("change"));
  }

  // The speakers and annotators of the statements now in the store, by name.
  #offer() {
    const speakers = new Map();
    const annotators = new Set();
    for (const statement of this.store.list) {
      speakers.set(String(statement.speaker), statement.speaker_name);
      if (statement.created_by) annotators.add(statement.created_by);
    }
    const byName = (a, b) => a[1].localeCompare(b[1]);
    this.#fill(this.selects.speaker, [...speakers].sort(byName));
    this.#fill(
      this.selects.annotator,
      [...annotators].sort().map((name) => [name, name]),
    );
  }

  #fill(select, entries) {
    const chosen = select.value;
    const chosenLabel = select.selectedOptions[0]?.textContent ?? chosen;
    const first = select.options[0];
    select.replaceChildren(first, ...entries.map(([value, label]) => h("option", { value }, label)));
    // A choice that no statement has any more still shows, so the list does not jump.
    if (chosen && !entries.some(([value]) => value === chosen)) {
      select.append(h("option", { value: chosen }, chosenLabel));
    }
    select.value = chosen;
  }
}

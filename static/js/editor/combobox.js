// An ARIA 1.2 combobox: a text input with a list of options that the arrow keys move
// through, Enter picks and Escape closes. Subclasses say which options a query has
// (`optionsFor`, maybe async) and what picking one does (`pick`).

import { h, setChildren } from "../lib/dom.js";

let counter = 0;

export class Combobox {
  constructor(input, listbox) {
    this.input = input;
    this.listbox = listbox;
    this.options = [];
    this.active = -1;
    this.query = "";
    this.id = `combo-${++counter}`;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.autocomplete = "off";
    listbox.setAttribute("role", "listbox");
    input.addEventListener("input", () => this.#refresh());
    input.addEventListener("focus", () => {
      clearTimeout(this.blurTimer);
      if (this.input.value.trim() && this.wantsListOnFocus()) this.#refresh();
    });
    // Closed a moment after the field loses focus, unless it has it back by then: a
    // list opened after leaving and coming back (Save, then the next name typed at
    // once) must not be closed by the earlier blur.
    input.addEventListener("blur", () => {
      clearTimeout(this.blurTimer);
      this.blurTimer = setTimeout(() => {
        if (document.activeElement !== this.input) this.close();
      }, 120);
    });
    input.addEventListener("keydown", (event) => this.#onKey(event));
    // mousedown, not click: picking must not blur the input first.
    listbox.addEventListener("mousedown", (event) => {
      const option = event.target.closest("[role=option]");
      if (!option) return;
      event.preventDefault();
      this.#pickAt(Number(option.dataset.index));
    });
  }

  get isOpen() {
    return !this.listbox.hidden;
  }

  wantsListOnFocus() {
    return true;
  }

  async #refresh() {
    const query = this.input.value.trim();
    this.query = query;
    this.onType(query);
    const options = await this.optionsFor(query);
    if (options === null || query !== this.input.value.trim()) return; // stale answer
    this.#show(options);
  }

  refresh() {
    return this.#refresh();
  }

  // Called as the text changes, before options are known.
  onType() {}

  #show(options) {
    this.options = options;
    if (!options.length || document.activeElement !== this.input) {
      this.close();
      return;
    }
    this.active = options.findIndex((option) => !option.disabled);
    const items = options.map((option, index) =>
      h(
        "li",
        {
          id: `${this.id}-${index}`,
          class: `option ${option.className || ""}`,
          data: { index },
          attrs: {
            role: option.disabled ? "presentation" : "option",
            "aria-selected": index === this.active ? "true" : "false",
          },
        },
        h("span", { class: "option-label" }, option.label),
        option.detail ? h("span", { class: "option-detail" }, option.detail) : null,
      ),
    );
    setChildren(this.listbox, ...items);
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.#markActive();
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  #markActive() {
    const items = this.listbox.children;
    for (let i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
      items[i].classList.toggle("active", i === this.active);
    }
    if (this.active >= 0) {
      this.input.setAttribute("aria-activedescendant", `${this.id}-${this.active}`);
      items[this.active]?.scrollIntoView({ block: "nearest" });
    } else this.input.removeAttribute("aria-activedescendant");
  }

  #move(step) {
    const n = this.options.length;
    if (!n) return;
    let i = this.active;
    for (let tries = 0; tries < n; tries++) {
      i = (i + step + n) % n;
      if (!this.options[i].disabled) break;
    }
    this.active = i;
    this.#markActive();
  }

  #pickAt(index) {
    const option = this.options[index];
    if (!option || option.disabled) return;
    this.close();
    this.pick(option);
  }

  #onKey(event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!this.isOpen) this.#refresh();
      else this.#move(1);
    } else if (event.key === "ArrowUp") {
      if (!this.isOpen) return;
      event.preventDefault();
      this.#move(-1);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      if (this.isOpen && this.active >= 0) {
        event.preventDefault();
        this.#pickAt(this.active);
      } else if (this.onEnter(event)) event.preventDefault();
    } else if (event.key === "Escape" && this.isOpen) {
      // Closing the list is all Escape does here; the editor must not also clear.
      event.preventDefault();
      event.stopPropagation();
      this.close();
    }
  }

  // Enter with no list open; return true when handled.
  onEnter() {
    return false;
  }
}

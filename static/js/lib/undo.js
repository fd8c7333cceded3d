// The last destructive or bulk action, offered for taking back for a while: a bar with
// an Undo button, and Ctrl+Z (Cmd+Z) outside text fields. Each undo goes through the
// API like any change, so it is version-checked and shows in the history.

import { isTyping } from "./dom.js";

export const OFFERED_FOR_MS = 15000;

export class UndoBar {
  constructor({ bar, message, button }) {
    this.bar = bar;
    this.message = message;
    this.button = button;
    this.entry = null;
    this.timer = null;
    button.addEventListener("click", () => this.undoLast());
    document.addEventListener("keydown", (event) => {
      const z = event.key === "z" || event.key === "Z";
      if (!z || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      if (isTyping(event.target) || !this.entry) return; // a field's own undo stays
      event.preventDefault();
      this.undoLast();
    });
  }

  // Offer `undo` (an async function) under `label`, e.g. "Deleted the statement".
  offer(label, undo) {
    this.entry = { label, undo };
    this.#show(label, { canUndo: true });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.#expire(), OFFERED_FOR_MS);
  }

  async undoLast() {
    const entry = this.entry;
    if (!entry) return false;
    this.entry = null;
    clearTimeout(this.timer);
    this.#show("Undoing…", { canUndo: false });
    try {
      await entry.undo();
      this.#show(`Undone: ${entry.label.toLowerCase()}.`, { canUndo: false });
    } catch (error) {
      this.#show(`Could not undo: ${error.message}`, { canUndo: false, kind: "error" });
    }
    this.timer = setTimeout(() => this.#expire(), 5000);
    return true;
  }

  #show(text, { canUndo, kind = "info" }) {
    this.message.textContent = text;
    this.button.hidden = !canUndo;
    this.bar.dataset.kind = kind;
    this.bar.hidden = false;
  }

  #expire() {
    this.entry = null;
    this.bar.hidden = true;
  }
}

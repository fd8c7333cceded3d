// Keyboard-only selection in the article text ("caret mode"): a caret that ← and →
// move by word and ↑ and ↓ by sentence; with Shift they extend a selection from where
// the caret was. The selection goes to the form as a drag-select would (snapped to
// words); Enter takes it there and leaves, Escape leaves.

import { h } from "../lib/dom.js";
import {
  nextEnd,
  nextSentenceStart,
  nextWordStart,
  previousEnd,
  previousSentenceStart,
  previousWordStart,
} from "../lib/text-moves.js";

const KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Enter", "Escape"]);
export const CARET_HELP =
  "Caret mode: ← → move by word, ↑ ↓ by sentence, Shift selects, Enter annotates the selection, Esc leaves.";

export class CaretMode {
  // text: the TextView; onSelect(span|null): a selection (UTF-16, not yet snapped) or
  // none; onDone(selected): Enter was pressed; say(message): the status line.
  constructor({ text, onSelect, onDone, say }) {
    this.text = text;
    this.body = text.body;
    this.onSelect = onSelect;
    this.onDone = onDone;
    this.say = say;
    this.active = false;
    this.anchor = this.focus = 0;
    this.mark = h("span", { class: "caret", hidden: true });
    text.overlay.append(this.mark);
    document.addEventListener("keydown", (event) => this.#key(event), true);
  }

  // Start at `at` (a body index), or at the first word in view.
  enter(at = null) {
    this.active = true;
    this.anchor = this.focus = at ?? this.text.firstVisibleIndex();
    this.text.container.classList.add("caret-mode");
    this.#draw();
    this.say(CARET_HELP);
  }

  leave() {
    this.active = false;
    this.mark.hidden = true;
    this.text.container.classList.remove("caret-mode");
    this.say("");
  }

  #key(event) {
    if (!this.active || !KEYS.has(event.key) || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (event.key === "Escape") {
      this.leave();
      return;
    }
    if (event.key === "Enter") {
      const selected = this.anchor !== this.focus;
      this.leave();
      this.onDone(selected);
      return;
    }
    if (event.shiftKey) this.focus = this.#extended(event.key);
    else this.anchor = this.focus = this.#moved(event.key);
    this.#draw();
  }

  #moved(key) {
    const { body, focus } = this;
    return {
      ArrowRight: () => nextWordStart(body, focus),
      ArrowLeft: () => previousWordStart(body, focus),
      ArrowDown: () => nextSentenceStart(body, focus),
      ArrowUp: () => previousSentenceStart(body, focus),
    }[key]();
  }

  // Shift+arrow: the focus end moves; on the anchor's right it stops at word ends
  // (and takes in a sentence's final period), on its left at word starts.
  #extended(key) {
    const { body, anchor, focus } = this;
    if (key === "ArrowRight") return focus >= anchor ? nextEnd(body, focus) : nextWordStart(body, focus);
    if (key === "ArrowLeft") {
      if (focus <= anchor) return previousWordStart(body, focus);
      const end = previousEnd(body, focus, anchor);
      return end === focus ? anchor : end;
    }
    if (key === "ArrowDown") return nextSentenceStart(body, focus);
    return previousSentenceStart(body, focus);
  }

  #draw() {
    const { anchor, focus } = this;
    const at = this.text.caretBox(focus);
    this.mark.hidden = !at;
    if (at) {
      this.mark.style.setProperty("--x", `${at.x}px`);
      this.mark.style.setProperty("--y", `${at.y}px`);
      this.mark.style.setProperty("--h", `${at.h}px`);
    }
    if (anchor === focus) {
      document.getSelection()?.removeAllRanges();
      this.onSelect(null);
    } else {
      const span = { start: Math.min(anchor, focus), end: Math.max(anchor, focus) };
      this.text.select(span.start, span.end);
      this.onSelect(span);
    }
    this.text.reveal(focus, Math.min(focus + 1, this.body.length));
  }
}

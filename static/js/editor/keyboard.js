// Keyboard shortcuts of the editor. Letter and number keys never fire while the
// user types in a field; Ctrl+Enter (save) and Escape do. The keys act through the
// `actions` the editor hands in; j and k step through the store's statements.

import { isTyping } from "../lib/dom.js";
import { isDialogOpen, openHelp } from "./dialogs.js";

// actions: save(), escape(), setStance(value), focusSpeaker(), open(id, {focusList}),
// editing() (a statement is open), remove(), suggestionKey(event) (true when the
// Suggestions panel took the key), caret() (keyboard selection in the text),
// nudge(edge, direction) (true when the form's span moved).

// [ and ] move the span's start a word earlier or later; , and . its end.
const NUDGES = {
  "[": ["start", -1],
  "]": ["start", 1],
  ",": ["end", -1],
  ".": ["end", 1],
};
export function bindKeys({ store, stances, actions }) {
  const step = (delta) => {
    const list = store.list;
    if (!list.length) return;
    let index;
    const open = store.selected;
    if (open) index = store.indexOf(open.id) + delta;
    else index = delta > 0 ? 0 : list.length - 1;
    index = Math.max(0, Math.min(list.length - 1, index));
    actions.open(list[index].id, { focusList: true });
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || isDialogOpen()) return;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      actions.save();
      return;
    }
    if (event.key === "Escape") {
      if (isTyping(event.target)) {
        event.target.blur();
        return;
      }
      event.preventDefault();
      actions.escape();
      return;
    }
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    // The Suggestions panel, while open, takes j, k, Enter, x and e; l switches lists.
    if (actions.suggestionKey(event)) {
      event.preventDefault();
      return;
    }
    const stanceIndex = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].indexOf(event.key);
    if (stanceIndex >= 0 && stanceIndex < stances.length) {
      actions.setStance(stances[stanceIndex].value);
    } else if (event.key === "j") step(1);
    else if (event.key === "k") step(-1);
    else if (event.key === "Delete" || event.key === "Backspace") {
      if (!actions.editing()) return;
      actions.remove();
    } else if (event.key === "?") openHelp();
    else if (event.key === "s") actions.focusSpeaker();
    else if (event.key === "c") actions.caret();
    else if (event.key in NUDGES) {
      if (!actions.nudge(...NUDGES[event.key])) return;
    } else return;
    event.preventDefault();
  });
}

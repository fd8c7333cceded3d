// Keyboard shortcuts of the editor. Letter and number keys never fire while the
// user types in a field; Ctrl+Enter (save) and Escape do. A method of the Editor.

import { isTyping } from "../lib/dom.js";
import { isDialogOpen, openHelp } from "./dialogs.js";

export const keyboard = {
  onKey(event) {
    if (event.defaultPrevented || isDialogOpen()) return;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      this.save();
      return;
    }
    if (event.key === "Escape") {
      if (isTyping(event.target)) {
        event.target.blur();
        return;
      }
      event.preventDefault();
      this.escape();
      return;
    }
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!this.store) return;
    // The Suggestions panel, while open, takes j, k, Enter, x and e; l switches lists.
    if (this.suggestions?.onKey(event)) {
      event.preventDefault();
      return;
    }
    const stanceIndex = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].indexOf(event.key);
    if (stanceIndex >= 0 && stanceIndex < this.config.stances.length) {
      this.form.setStance(this.config.stances[stanceIndex].value);
    } else if (event.key === "j") this.step(1);
    else if (event.key === "k") this.step(-1);
    else if (event.key === "Delete" || event.key === "Backspace") {
      if (this.mode !== "edit") return;
      this.remove();
    } else if (event.key === "?") openHelp();
    else if (event.key === "s") this.form.focusSpeaker();
    else return;
    event.preventDefault();
  },

  step(delta) {
    const list = this.store.list;
    if (!list.length) return;
    let index;
    if (this.statement) index = this.store.indexOf(this.statement.id) + delta;
    else index = delta > 0 ? 0 : list.length - 1;
    index = Math.max(0, Math.min(list.length - 1, index));
    this.open(list[index].id, { focusList: true });
  },
};

// A statement an update moved to words that are not quite its old ones ("recheck"):
// while it is open, the form says so, shows the old words, and offers to confirm the
// new span. Moving its ends and saving settles it too (the server clears the mark).

import { api } from "../lib/api.js";
import { ellipsize } from "../lib/dom.js";

export class RecheckNotice {
  constructor({ box, old, button, store, apiRoot, say }) {
    this.box = box;
    this.old = old;
    this.button = button;
    this.store = store;
    this.apiRoot = apiRoot;
    this.say = say;
    const show = () => this.show(store.selected);
    store.on("select", show);
    store.on("put", show);
    button.addEventListener("click", () => this.confirm());
  }

  show(statement) {
    const due = Boolean(statement && statement.anchor === "recheck");
    this.box.hidden = !due;
    if (!due) return;
    this.old.textContent = `“${ellipsize(statement.recheck_quote || "", 300)}”`;
    this.button.hidden = !statement.can_change;
  }

  async confirm() {
    const statement = this.store.selected;
    if (!statement) return;
    try {
      const updated = await api(`${this.apiRoot}statements/${statement.id}/confirm-anchor/`, {
        method: "POST",
        body: { version: statement.version },
      });
      this.store.put(updated);
      this.say("Checked: the span stays as it is.", "ok");
    } catch (error) {
      this.say(`Not checked: ${error.message}`, "error");
    }
  }
}

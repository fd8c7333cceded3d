// The suggestions dismissed in this article, listed when asked for, each with a way to
// have it suggested again. `onRestored` is told once a span is restored.

import { api } from "../lib/api.js";
import { ellipsize, h, setChildren } from "../lib/dom.js";

export class DismissedList {
  constructor({ box, list, empty, apiRoot, articleId, onRestored }) {
    this.box = box;
    this.list = list;
    this.empty = empty;
    this.url = `${apiRoot}articles/${articleId}/suggestions`;
    this.onRestored = onRestored;
    box.addEventListener("toggle", () => {
      if (box.open) this.load();
    });
  }

  // Read the list again if it is showing (a suggestion was just dismissed).
  refresh() {
    if (this.box.open) this.load();
  }

  async load() {
    setChildren(this.list, h("li", { class: "muted" }, "Loading…"));
    this.empty.hidden = true;
    try {
      const dismissed = await api(`${this.url}/dismissed/`);
      setChildren(this.list, ...dismissed.map((item) => this.#item(item)));
      this.empty.hidden = dismissed.length > 0;
    } catch (error) {
      setChildren(this.list, h("li", { class: "field-error" }, error.message));
    }
  }

  #item(item) {
    const restore = h("button", { type: "button", class: "button small" }, "Suggest again");
    const entry = h(
      "li",
      {},
      h("span", { class: "dismissed-quote" }, `“${ellipsize(item.quote, 140)}”`),
      restore,
    );
    restore.addEventListener("click", async () => {
      restore.disabled = true;
      try {
        await api(`${this.url}/restore/`, {
          method: "POST",
          body: { start: item.start, end: item.end },
        });
        entry.remove();
        this.empty.hidden = this.list.children.length > 0;
        this.onRestored(item);
      } catch (error) {
        restore.disabled = false;
        entry.append(h("span", { class: "field-error" }, ` Not restored: ${error.message}`));
      }
    });
    return entry;
  }
}

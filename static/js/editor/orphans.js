// Statements an update of the article orphaned: their quote is not in the new text, so
// they are listed here with their old words instead of in the text. Each is re-attached
// to a span selected in the new text (a PATCH of its offsets, version-checked), or
// rejected by a reviewer, or deleted by whoever may change it.

import { api } from "../lib/api.js";
import { ellipsize, h, setChildren } from "../lib/dom.js";
import { reasonDialog } from "./dialogs.js";

export class OrphanList {
  // statements: the orphans as the API sent them; span(): the span selected in the text
  // (code points) or null; onAttached(statement): one is anchored again.
  constructor({ panel, list, count, statements, apiRoot, canReview, span, onAttached, say }) {
    this.panel = panel;
    this.list = list;
    this.count = count;
    this.apiRoot = apiRoot;
    this.canReview = canReview;
    this.span = span;
    this.onAttached = onAttached;
    this.say = say;
    this.orphans = new Map(statements.map((s) => [s.id, s]));
    this.render();
  }

  render() {
    const orphans = [...this.orphans.values()];
    this.panel.hidden = orphans.length === 0;
    this.count.textContent = `(${orphans.length})`;
    setChildren(this.list, ...orphans.map((s) => this.#entry(s)));
  }

  #entry(statement) {
    const button = (label, action, className = "") =>
      h("button", { type: "button", class: `button small ${className}`, on: { click: action } }, label);
    const actions = [];
    if (statement.can_change) {
      actions.push(button("Re-attach to the selection", () => this.reattach(statement)));
    }
    if (this.canReview && statement.status !== "rejected") {
      actions.push(button("Reject", () => this.reject(statement), "danger"));
    }
    return h(
      "li",
      { class: "orphan", data: { id: statement.id } },
      h("p", { class: "orphan-quote" }, `“${ellipsize(statement.quote, 240)}”`),
      h(
        "p",
        { class: "orphan-meta muted" },
        `${statement.speaker_name} · ${statement.stance} · ${statement.status}`,
      ),
      actions.length ? h("div", { class: "orphan-actions" }, ...actions) : null,
    );
  }

  async reattach(statement) {
    const span = this.span();
    if (!span) {
      this.say("Select the words in the text where this statement now stands, then re-attach it.", "info");
      return;
    }
    try {
      const updated = await api(`${this.apiRoot}statements/${statement.id}/`, {
        method: "PATCH",
        body: { start: span.start, end: span.end, version: statement.version },
      });
      this.orphans.delete(statement.id);
      this.render();
      this.onAttached(updated);
      this.say("Re-attached to the selection.", "ok");
    } catch (error) {
      this.say(`Not re-attached: ${error.message}`, "error");
    }
  }

  async reject(statement) {
    const reason = await reasonDialog({ quote: statement.quote });
    if (!reason) return;
    try {
      const updated = await api(`${this.apiRoot}statements/${statement.id}/reject/`, {
        method: "POST",
        body: { comment: reason, version: statement.version },
      });
      this.orphans.set(updated.id, updated);
      this.render();
      this.say("Rejected.", "ok");
    } catch (error) {
      this.say(`Not rejected: ${error.message}`, "error");
    }
  }
}

// The statements of the article in text order: one button each, kept in step with
// the store's events one entry at a time (a save touches one entry, not the whole
// list). A click on an entry is handed to `onPick`. `show(predicate)` hides the
// entries it refuses, as the list's filters ask.

import { ellipsize, h, revealWithin } from "../lib/dom.js";

const STATUS_LABELS = { pending: "Pending", approved: "Approved", rejected: "Rejected" };
// A long list is built a screenful first, then in slices between frames, so the page
// answers input while the rest of the list is still being added.
const FIRST_SLICE = 60;
const SLICE = 250;

export class StatementList {
  constructor(list, { store, stanceLabels, onPick, empty, count, hiddenNote }) {
    this.list = list;
    this.hiddenNote = hiddenNote;
    this.stanceLabels = stanceLabels;
    this.onPick = onPick;
    this.empty = empty;
    this.count = count;
    this.items = new Map();
    this.statements = new Map();
    this.shown = () => true;
    this.current = null;
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button.entry");
      if (button) this.onPick(Number(button.closest("li").dataset.id));
    });
    store.on("load", ({ statements }) => this.render(statements));
    store.on("put", ({ statement, index, saved }) => {
      this.put(statement, index);
      if (statement.id === this.current) this.setCurrent(statement.id);
      if (saved) this.flash(statement.id);
    });
    store.on("remove", ({ statement }) => this.remove(statement.id));
    store.on("select", ({ statement, focus }) => {
      this.setCurrent(statement ? statement.id : null);
      if (statement && focus) this.focus(statement.id);
    });
  }

  #item(statement) {
    const topics = statement.topic_names?.length ? statement.topic_names.join(", ") : null;
    this.statements.set(statement.id, statement);
    return h(
      "li",
      { data: { id: statement.id }, hidden: !this.shown(statement) },
      h(
        "button",
        {
          type: "button",
          class: `entry stance-${statement.stance} status-${statement.status}`,
          attrs: { "aria-current": statement.id === this.current ? "true" : null },
        },
        h("span", { class: "entry-quote" }, ellipsize(statement.quote, 160)),
        h(
          "span",
          { class: "entry-meta" },
          h("span", { class: "badge" }, this.stanceLabels[statement.stance] ?? statement.stance),
          h("span", { class: "entry-speaker" }, statement.speaker_name),
          h(
            "span",
            { class: `entry-status status-${statement.status}` },
            STATUS_LABELS[statement.status] ?? statement.status,
          ),
          statement.anchor === "recheck"
            ? h(
                "span",
                { class: "entry-recheck", attrs: { title: "An update of the article moved it" } },
                "Re-check",
              )
            : null,
          topics ? h("span", { class: "entry-topics" }, topics) : null,
          statement.comment_count
            ? h(
                "span",
                { class: "entry-comments", attrs: { title: "Comments in its discussion" } },
                `💬 ${statement.comment_count}`,
              )
            : null,
        ),
      ),
    );
  }

  render(statements) {
    this.items.clear();
    this.statements.clear();
    this.list.replaceChildren();
    this.queue = statements;
    this.done = 0;
    this.#renderSlice(FIRST_SLICE);
    const next = () => {
      if (!this.queue) return;
      this.#renderSlice(SLICE);
      if (this.queue) requestAnimationFrame(() => setTimeout(next, 0));
      else this.onComplete?.();
    };
    if (this.queue) requestAnimationFrame(() => setTimeout(next, 0));
    else this.onComplete?.();
  }

  #renderSlice(size) {
    const queue = this.queue;
    const end = Math.min(this.done + size, queue.length);
    const fragment = document.createDocumentFragment();
    for (let i = this.done; i < end; i++) {
      const item = this.#item(queue[i]);
      this.items.set(queue[i].id, item);
      fragment.append(item);
    }
    this.list.append(fragment);
    this.done = end;
    if (end >= queue.length) this.queue = null;
    this.#updateCount();
  }

  // Finish the list now: edits need every entry in place.
  #complete() {
    if (this.queue) this.#renderSlice(Infinity);
  }

  // Insert or replace one statement at its place in text order.
  put(statement, index) {
    this.#complete();
    const old = this.items.get(statement.id);
    const item = this.#item(statement);
    old?.remove();
    const before = this.list.children[index] ?? null;
    this.list.insertBefore(item, before);
    this.items.set(statement.id, item);
    this.#updateCount();
    return item;
  }

  remove(id) {
    this.#complete();
    this.items.get(id)?.remove();
    this.items.delete(id);
    this.statements.delete(id);
    if (this.current === id) this.current = null;
    this.#updateCount();
  }

  setCurrent(id) {
    if (id !== null && !this.items.has(id)) this.#complete();
    if (this.current !== null) {
      this.items.get(this.current)?.firstChild.removeAttribute("aria-current");
    }
    this.current = id;
    const item = id === null ? null : this.items.get(id);
    if (item) {
      item.firstChild.setAttribute("aria-current", "true");
      revealWithin(item);
    }
  }

  focus(id) {
    if (!this.items.has(id)) this.#complete();
    this.items.get(id)?.firstChild.focus({ preventScroll: false });
  }

  flash(id) {
    const item = this.items.get(id);
    if (!item) return;
    item.classList.remove("flash");
    void item.offsetWidth; // restart the animation
    item.classList.add("flash");
  }

  // Show only the statements `predicate` accepts (all of them: () => true).
  show(predicate) {
    this.#complete();
    this.shown = predicate;
    for (const [id, item] of this.items) item.hidden = !predicate(this.statements.get(id));
    this.#updateCount();
  }

  #updateCount() {
    const n = this.queue ? this.queue.length : this.items.size;
    let shown = n;
    if (!this.queue) {
      shown = 0;
      for (const item of this.items.values()) if (!item.hidden) shown += 1;
    }
    this.count.textContent = shown === n ? `(${n})` : `(${shown} of ${n})`;
    this.empty.hidden = n > 0;
    this.hiddenNote?.toggleAttribute("hidden", shown > 0 || n === 0);
  }
}

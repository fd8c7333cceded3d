// The discussion of the open statement: its comments, oldest first, and a box to add
// one. It follows the store's `select`; a new comment updates the statement's count.

import { api } from "../lib/api.js";
import { h, setChildren } from "../lib/dom.js";

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export class CommentsPanel {
  constructor({ store, panel, list, count, form, input, error, apiRoot, canComment }) {
    Object.assign(this, { store, panel, list, count, form, input, error, apiRoot });
    this.statement = null;
    form.hidden = !canComment;
    store.on("select", ({ statement }) => this.show(statement));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.add();
    });
  }

  async show(statement) {
    if (statement?.id === this.statement?.id) return;
    this.statement = statement;
    this.panel.hidden = !statement;
    this.input.value = "";
    this.error.hidden = true;
    if (!statement) return;
    setChildren(this.list, h("li", { class: "muted" }, "Loading…"));
    try {
      const comments = await api(`${this.apiRoot}statements/${statement.id}/comments/`);
      if (statement.id !== this.statement?.id) return;
      this.#render(comments);
    } catch (error) {
      setChildren(this.list, h("li", { class: "field-error" }, error.message));
    }
  }

  #render(comments) {
    this.count.textContent = comments.length ? `(${comments.length})` : "";
    setChildren(
      this.list,
      ...(comments.length
        ? comments.map((comment) => this.#item(comment))
        : [h("li", { class: "muted comment-empty" }, "No comments yet.")]),
    );
  }

  #item(comment) {
    return h(
      "li",
      { class: "comment" },
      h(
        "div",
        { class: "comment-head" },
        h("strong", {}, comment.author ?? "unknown"),
        " · ",
        h("time", { attrs: { datetime: comment.created_at } }, TIME.format(new Date(comment.created_at))),
      ),
      h("p", { class: "comment-body" }, comment.body),
    );
  }

  async add() {
    const statement = this.statement;
    const body = this.input.value.trim();
    if (!statement) return;
    if (!body) {
      this.#fail("Write something to say.");
      return;
    }
    this.error.hidden = true;
    try {
      const comment = await api(`${this.apiRoot}statements/${statement.id}/comments/`, {
        method: "POST",
        body: { body },
      });
      this.input.value = "";
      this.list.querySelector(".comment-empty")?.remove();
      this.list.append(this.#item(comment));
      const current = this.store.get(statement.id);
      const total = (current?.comment_count ?? 0) + 1;
      this.count.textContent = `(${total})`;
      if (current) this.store.put({ ...current, comment_count: total });
    } catch (error) {
      this.#fail(error.fieldErrors?.body?.join(" ") || error.message);
    }
  }

  #fail(message) {
    this.error.textContent = message;
    this.error.hidden = false;
    this.input.focus();
  }
}

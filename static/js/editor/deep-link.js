// Links name a statement as /articles/<article>/#statement-<statement>. Following one
// opens that statement in the form, and the text scrolls to it and marks it. A link to
// a statement this article does not show says why instead of opening nothing. While a
// statement is open its link is in the address bar, ready to be copied.

import { ApiError, api } from "../lib/api.js";
import { h } from "../lib/dom.js";

const PATTERN = /^#statement-(\d+)$/;

export function linkedId(hash) {
  const match = PATTERN.exec(hash);
  return match ? Number(match[1]) : null;
}

export class DeepLinks {
  // open(id): open a statement of the store; say(text or node, kind): tell the user.
  constructor({ store, apiRoot, articleId, open, say }) {
    this.store = store;
    this.apiRoot = apiRoot;
    this.articleId = articleId;
    this.open = open;
    this.say = say;
  }

  // Follow the link the page was opened with, then every change of it.
  start() {
    window.addEventListener("hashchange", () => this.follow());
    this.store.on("select", ({ statement }) => this.#showInAddress(statement));
    return this.follow();
  }

  async follow() {
    const id = linkedId(window.location.hash);
    // Already open, as after a reload that brought back unsaved changes to it.
    if (id === null || id === this.store.selectedId) return;
    if (this.store.get(id)) {
      await this.open(id);
      return;
    }
    this.say(await this.#whereIs(id), "error");
  }

  // Why the article does not show statement `id`, with a way on when there is one.
  async #whereIs(id) {
    try {
      const statement = await api(`${this.apiRoot}statements/${id}/`);
      if (statement.article !== this.articleId) {
        const url = `/articles/${statement.article}/#statement-${id}`;
        return h(
          "span",
          {},
          `Statement ${id} is in another article, “${statement.article_title}”. `,
          h("a", { attrs: { href: url } }, "Open it there"),
        );
      }
      // Read from the server but not in the page: the page is older than the statement.
      return h(
        "span",
        {},
        `Statement ${id} was added after this page was opened. `,
        h(
          "button",
          { class: "link-button", type: "button", on: { click: () => window.location.reload() } },
          "Reload to see it",
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return (
          `Statement ${id} is not in this article: it was deleted, or it is another ` +
          "annotator's and hidden from you while the article is double-annotated."
        );
      }
      return `Statement ${id} could not be looked up: ${error.message}`;
    }
  }

  #showInAddress(statement) {
    const hash = statement ? `#statement-${statement.id}` : "";
    const current = linkedId(window.location.hash);
    if ((statement?.id ?? null) === current) return;
    // A statement closed after a link to a missing one leaves that link alone.
    if (!statement && current !== null && !this.store.get(current)) return;
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, "", `${pathname}${search}${hash}`);
  }
}

// The suggested statements in text order: one entry each, with its quote, speaker,
// stance and confidence, and for the current entry the buttons that accept, edit or
// dismiss it. Entries are built from text (never HTML); the panel decides.

import { h, revealWithin } from "../lib/dom.js";
import { hasSpeaker, hasStance, kindOf } from "./suggestion-speakers.js";

const QUOTE_LIMIT = 200;

// The start of a long quote, cut after a whole word: suggestions are read from the start.
export function shorten(text, limit = QUOTE_LIMIT) {
  const chars = Array.from(text); // never cut an emoji in half
  if (chars.length <= limit) return text;
  const head = chars.slice(0, limit).join("");
  const cut = head.search(/\s\S*$/);
  return `${(cut > limit * 0.6 ? head.slice(0, cut) : head).replace(/[\s,;:.]+$/, "")}…`;
}

export class SuggestionList {
  constructor(list, { stanceLabels, onPick, onAction }) {
    this.list = list;
    this.stanceLabels = stanceLabels;
    this.items = new Map(); // key -> <li>
    this.current = null;
    list.addEventListener("click", (event) => {
      const li = event.target.closest("li[data-key]");
      if (!li) return;
      const action = event.target.closest("button[data-action]");
      if (action) onAction(li.dataset.key, action.dataset.action);
      else if (event.target.closest("button.sg-pick")) onPick(li.dataset.key);
    });
  }

  #entry(s) {
    const percent = Math.round(s.confidence * 100);
    const speakerKind = kindOf(s);
    const stance = hasStance(s) ? s.stance : "none";
    const bar = h("span", { class: "sg-bar", attrs: { "aria-hidden": "true" } });
    // A custom property set through the CSSOM, not a style attribute: allowed by the CSP.
    bar.style.setProperty("--confidence", String(s.confidence));
    return h(
      "li",
      { data: { key: s.key } },
      h(
        "div",
        { class: `sg-entry stance-${stance}${s.high ? " high" : ""}` },
        h(
          "button",
          { type: "button", class: "sg-pick" },
          h("span", { class: "sg-quote" }, shorten(s.quote)),
          h(
            "span",
            { class: "sg-meta" },
            hasStance(s)
              ? h("span", { class: "badge" }, this.stanceLabels[s.stance] ?? s.stance)
              : h(
                  "span",
                  {
                    class: "badge no-stance",
                    attrs: { title: "The wording gave no cue: accepting asks you to pick one" },
                  },
                  "no stance",
                ),
            hasSpeaker(s)
              ? h("span", { class: "sg-speaker" }, s.speaker_name)
              : h(
                  "span",
                  {
                    class: "badge no-stance",
                    attrs: { title: "The text names no one to register: accepting asks you to choose" },
                  },
                  "speaker to choose",
                ),
            s.speaker === null && hasSpeaker(s)
              ? h(
                  "span",
                  {
                    class: "sg-new",
                    attrs: { title: `Not registered yet: accepting adds this ${speakerKind}` },
                  },
                  `new ${speakerKind}`,
                )
              : null,
            h(
              "span",
              { class: "sg-confidence", attrs: { title: `Confidence ${percent}%` } },
              bar,
              h("span", { class: "visually-hidden" }, "Confidence "),
              `${percent}%`,
            ),
          ),
        ),
        h(
          "div",
          { class: "sg-actions" },
          h(
            "button",
            {
              type: "button",
              class: "button small primary",
              data: { action: "accept" },
              attrs: {
                "aria-keyshortcuts": "Enter",
                title: hasStance(s)
                  ? "Add it as a statement (Enter)"
                  : "Pick a stance in the form, then save (Enter)",
              },
            },
            "Accept",
          ),
          h(
            "button",
            {
              type: "button",
              class: "button small",
              data: { action: "edit" },
              attrs: { "aria-keyshortcuts": "e", title: "Edit it in the form before saving (e)" },
            },
            "Edit",
          ),
          h(
            "button",
            {
              type: "button",
              class: "button small subtle",
              data: { action: "dismiss" },
              attrs: { "aria-keyshortcuts": "x", title: "Dismiss: not a statement (x)" },
            },
            "Dismiss",
          ),
        ),
        h("p", { class: "sg-error", hidden: true, attrs: { role: "alert" } }),
      ),
    );
  }

  render(suggestions) {
    this.items.clear();
    const fragment = document.createDocumentFragment();
    for (const s of suggestions) {
      const item = this.#entry(s);
      this.items.set(s.key, item);
      fragment.append(item);
    }
    this.list.replaceChildren(fragment);
    this.current = null;
  }

  // Hide an entry while its request is out (it is back with `show` if that fails).
  hide(key) {
    const item = this.items.get(key);
    if (item) item.hidden = true;
  }

  show(key, error = "") {
    const item = this.items.get(key);
    if (!item) return;
    item.hidden = false;
    const message = item.querySelector(".sg-error");
    message.textContent = error;
    message.hidden = !error;
    item.firstChild.classList.toggle("failed", Boolean(error));
  }

  remove(key) {
    this.items.get(key)?.remove();
    this.items.delete(key);
    if (this.current === key) this.current = null;
  }

  setCurrent(key, { focus = false } = {}) {
    const old = this.current === null ? null : this.items.get(this.current);
    if (old) {
      old.firstChild.classList.remove("current");
      old.querySelector(".sg-pick").removeAttribute("aria-current");
    }
    this.current = key;
    const item = key === null ? null : this.items.get(key);
    if (!item) return;
    item.firstChild.classList.add("current");
    const pick = item.querySelector(".sg-pick");
    pick.setAttribute("aria-current", "true");
    if (focus) pick.focus({ preventScroll: true });
    this.reveal();
  }

  // Scroll the current entry into view (after the space above it changed, too).
  reveal() {
    const item = this.current === null ? null : this.items.get(this.current);
    if (item && !item.hidden) revealWithin(item);
  }

  // Is `element` the entry button of a suggestion (where Enter accepts)?
  static isEntry(element) {
    return element instanceof Element && element.matches("button.sg-pick");
  }
}

// The tooltip over highlighted text: who said it and with what stance, for every
// statement under the pointer (overlapping statements are all listed).

import { h, setChildren } from "../lib/dom.js";

const SHOWN = 5;

export class StatementTip {
  constructor(element, stanceLabels) {
    this.element = element;
    this.stanceLabels = stanceLabels;
    this.key = "";
  }

  // Show `statements` near viewport point (x, y); none hides the tip.
  show(statements, x = 0, y = 0) {
    if (!statements.length) {
      this.element.hidden = true;
      this.key = "";
      return;
    }
    const key = statements.map((s) => `${s.id}.${s.version}`).join(",");
    if (key !== this.key) {
      this.key = key;
      setChildren(
        this.element,
        statements.length > 1
          ? h("div", { class: "tip-count" }, `${statements.length} statements`)
          : null,
        ...statements.slice(0, SHOWN).map((s) =>
          h(
            "div",
            { class: `tip-row stance-${s.stance}` },
            h(
              "span",
              { class: "badge" },
              // "none": a suggestion whose wording gave no cue to its stance.
              this.stanceLabels[s.stance] ?? (s.stance === "none" ? "no stance" : s.stance),
            ),
            h("span", { class: "tip-speaker" }, s.speaker_name),
            h("span", { class: `tip-status status-${s.status}` }, s.status),
          ),
        ),
        statements.length > SHOWN
          ? h("div", { class: "muted" }, `and ${statements.length - SHOWN} more`)
          : null,
      );
    }
    // CSSOM custom properties, not a style attribute: allowed by the CSP.
    this.element.style.setProperty("--x", `${Math.round(x)}px`);
    this.element.style.setProperty("--y", `${Math.round(y)}px`);
    this.element.hidden = false;
  }
}

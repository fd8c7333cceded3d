// A statement's history: who changed what and when, newest first, read by anyone who
// sees the statement; reviewers get a Restore button on every earlier version. It
// follows the statement open in the form (the store's `select`) and its new versions
// (`put`).

import { api } from "../lib/api.js";
import { ellipsize, h, setChildren } from "../lib/dom.js";

const OFFSETS = new Set(["start", "end"]);
const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function shown(field, value) {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (field === "quote") return `“${ellipsize(String(value), 80)}”`;
  return String(value);
}

export class HistoryPanel {
  constructor({ store, panel, list, toggle, apiRoot, canRestore, onRestore }) {
    this.canRestore = canRestore;
    this.panel = panel;
    this.list = list;
    this.toggle = toggle;
    this.apiRoot = apiRoot;
    this.onRestore = onRestore;
    this.statement = null;
    toggle.addEventListener("click", () => (this.panel.hidden ? this.open() : this.close()));
    store.on("select", ({ statement }) => this.show(statement));
    store.on("put", ({ statement }) => {
      if (statement.id === this.statement?.id) this.show(statement);
    });
  }

  // Follow the open statement; reload if the panel is showing.
  show(statement) {
    const changed = statement?.id !== this.statement?.id || statement?.version !== this.statement?.version;
    this.statement = statement;
    if (!statement) this.close();
    else if (changed && !this.panel.hidden) this.open();
  }

  close() {
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
  }

  async open() {
    if (!this.statement) return;
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    const statement = this.statement;
    setChildren(this.list, h("li", { class: "muted" }, "Loading…"));
    try {
      const entries = await api(`${this.apiRoot}statements/${statement.id}/history/`);
      if (statement !== this.statement) return;
      this.#render(entries);
      this.panel.scrollIntoView({ block: "nearest" });
    } catch (error) {
      setChildren(this.list, h("li", { class: "field-error" }, error.message));
    }
  }

  #render(entries) {
    const latest = entries[0]?.history_id;
    const empty = (value) => value === null || value === "" || (Array.isArray(value) && !value.length);
    setChildren(
      this.list,
      ...entries.map((entry) =>
        h(
          "li",
          { class: `history-entry history-${entry.history_type}` },
          h(
            "div",
            { class: "history-head" },
            h("strong", {}, `Version ${entry.version}`),
            ` ${entry.history_type} by ${entry.history_user ?? "unknown"} · `,
            h("time", { attrs: { datetime: entry.history_date } }, TIME.format(new Date(entry.history_date))),
          ),
          entry.reason ? h("p", { class: "history-reason" }, entry.reason) : null,
          entry.changes.length
            ? h(
                "ul",
                { class: "history-changes" },
                // A new statement lists what it was given, not every empty field.
                // Offsets are left out: the quote's change says where the span moved.
                ...entry.changes
                  .filter((change) => !OFFSETS.has(change.field))
                  .filter((change) => entry.history_type !== "created" || !empty(change.to))
                  .map((change) =>
                  h(
                    "li",
                    {},
                    h("span", { class: "history-field" }, change.field),
                    entry.history_type === "created"
                      ? ` ${shown(change.field, change.to)}`
                      : ` ${shown(change.field, change.from)} → ${shown(change.field, change.to)}`,
                  ),
                ),
              )
            : null,
          this.canRestore && entry.history_id !== latest && entry.history_type !== "deleted"
            ? h(
                "button",
                {
                  type: "button",
                  class: "button small",
                  on: { click: () => this.onRestore(entry) },
                },
                `Restore version ${entry.version}`,
              )
            : h("span", { class: "history-current muted" }, entry.history_id === latest ? "Current" : ""),
        ),
      ),
    );
  }
}

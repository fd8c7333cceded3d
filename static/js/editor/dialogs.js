// Modal dialogs of the editor, filled with text (never HTML): confirm, reason,
// conflict (your version beside the current one), new speakers and the keyboard help.

import { byId, ellipsize, h, setChildren } from "../lib/dom.js";

// Show a <dialog> and resolve with the data-answer of the button that closed it
// (null for Escape or the backdrop).
function ask(dialog, { focus } = {}) {
  return new Promise((resolve) => {
    const onClick = (event) => {
      const button = event.target.closest("button[data-answer]");
      if (!button) return;
      if (dialog.beforeAnswer && dialog.beforeAnswer(button.dataset.answer) === false) return;
      dialog.close(button.dataset.answer);
    };
    // A key still held from what opened the dialog (Enter on a suggestion) must not
    // answer it: only a fresh press does.
    const onKeyDown = (event) => {
      if (event.repeat && (event.key === "Enter" || event.key === " ")) event.preventDefault();
    };
    const onClose = () => {
      dialog.removeEventListener("click", onClick);
      dialog.removeEventListener("keydown", onKeyDown, true);
      dialog.beforeAnswer = null;
      resolve(dialog.returnValue || null);
    };
    dialog.returnValue = "";
    dialog.addEventListener("click", onClick);
    dialog.addEventListener("keydown", onKeyDown, true);
    dialog.addEventListener("close", onClose, { once: true });
    dialog.showModal();
    (focus || dialog.querySelector("[autofocus]") || dialog.querySelector("button"))?.focus();
  });
}

export function isDialogOpen() {
  return document.querySelector("dialog[open]") !== null;
}

export async function confirmDialog({ title, message, quote, confirm, cancel = "Keep it" }) {
  const dialog = byId("confirm-dialog");
  byId("confirm-no").textContent = cancel;
  byId("confirm-title").textContent = title;
  byId("confirm-message").textContent = message;
  const quoteEl = byId("confirm-quote");
  quoteEl.hidden = !quote;
  quoteEl.textContent = quote ? ellipsize(quote, 300) : "";
  byId("confirm-yes").textContent = confirm;
  return (await ask(dialog, { focus: byId("confirm-no") })) === "yes";
}

// Ask for a required reason; resolves with the text, or null when cancelled.
export async function reasonDialog({ quote }) {
  const dialog = byId("reason-dialog");
  const input = byId("reason-input");
  const error = byId("reason-error");
  byId("reason-quote").textContent = ellipsize(quote, 300);
  input.value = "";
  error.hidden = true;
  dialog.beforeAnswer = (answer) => {
    if (answer === "yes" && !input.value.trim()) {
      error.textContent = "Say why the statement is rejected.";
      error.hidden = false;
      input.focus();
      return false;
    }
    return true;
  };
  const answer = await ask(dialog, { focus: input });
  return answer === "yes" ? input.value.trim() : null;
}

// Your version beside the current one; resolves "mine", "theirs" or "later".
export async function conflictDialog({ message, mine, theirs, theirsLabel, canKeepMine = true }) {
  const dialog = byId("conflict-dialog");
  byId("conflict-message").textContent = message;
  byId("conflict-theirs-head").textContent = theirsLabel;
  byId("conflict-theirs").hidden = !theirs;
  byId("conflict-mine").hidden = !canKeepMine;
  const rows = mine.map(([label, yours], i) => {
    const current = theirs ? theirs[i][1] : "—";
    const differs = current !== yours;
    return h(
      "tr",
      { class: differs ? "differs" : "" },
      h("th", { attrs: { scope: "row" } }, label),
      h("td", { class: "mine" }, yours || "—"),
      h("td", { class: "theirs" }, current || "—"),
    );
  });
  setChildren(byId("conflict-rows"), ...rows);
  return (await ask(dialog, { focus: byId(canKeepMine ? "conflict-mine" : "conflict-theirs") })) || "later";
}

// Ask before registering speakers: `speakers` is [{name, kind}], listed with their kinds.
// Resolves true only for the confirm button.
export async function newSpeakersDialog({ title, message, speakers, confirm }) {
  const dialog = byId("speakers-dialog");
  byId("speakers-title").textContent = title;
  byId("speakers-message").textContent = message;
  setChildren(
    byId("speakers-list"),
    ...speakers.map(({ name, kind }) =>
      h(
        "li",
        {},
        h("span", { class: "new-speaker-name" }, name),
        h("span", { class: "visually-hidden" }, ", "),
        h("span", { class: `new-speaker-kind kind-${kind}` }, kind),
      ),
    ),
  );
  const yes = byId("speakers-yes");
  yes.textContent = confirm;
  return (await ask(dialog, { focus: yes })) === "yes";
}

export function openHelp() {
  const dialog = byId("help-dialog");
  if (dialog.open) return;
  ask(dialog);
}

// Review queue: decide with the keyboard (a approve, r reject, e open, j/k move); a
// decision can be taken back for a while (Undo, or Ctrl+Z).
import { api } from "./lib/api.js";
import { UndoBar } from "./lib/undo.js";

const list = document.getElementById("review-queue");
const help = document.getElementById("review-help");
const helpToggle = document.querySelector("[data-help-toggle]");
let current = null;
const undoBar = document.getElementById("undo-bar")
  ? new UndoBar({
      bar: document.getElementById("undo-bar"),
      message: document.getElementById("undo-message"),
      button: document.getElementById("undo-button"),
    })
  : null;

function items() {
  return list ? [...list.querySelectorAll(".queue-item:not(.decided)")] : [];
}

function select(item) {
  if (current) current.classList.remove("current");
  current = item || null;
  if (!current) return;
  current.classList.add("current");
  current.focus({ preventScroll: true });
  current.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

function move(step) {
  const all = items();
  if (!all.length) return;
  const index = all.indexOf(current);
  const next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), all.length - 1);
  select(all[next]);
}

function status(item, text, kind) {
  const box = item.querySelector(".queue-status");
  box.textContent = text;
  box.className = `queue-status ${kind}`;
}

async function decide(item, decision, comment = "") {
  const version = Number(item.dataset.version);
  const action = decision === "approved" ? "approve" : "reject";
  status(item, decision === "approved" ? "Approving…" : "Rejecting…", "");
  try {
    const statement = await api(`/api/statements/${item.dataset.id}/${action}/`, {
      method: "POST",
      body: { comment, version },
    });
    item.dataset.version = statement.version;
    item.classList.add("decided");
    item.querySelectorAll("button, input").forEach((el) => (el.disabled = true));
    status(item, decision === "approved" ? "Approved ✓" : `Rejected: ${comment}`, "ok");
    const counter = document.getElementById("queue-count");
    if (counter) counter.textContent = `${items().length} pending statement(s) left on this page`;
    const rest = items();
    select(rest.find((el) => el.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_PRECEDING) || rest[0]);
    undoBar?.offer(decision === "approved" ? "Approved the statement" : "Rejected the statement", () =>
      reopen(item, statement.version, version),
    );
  } catch (error) {
    status(item, error.message, "error");
  }
}

// Take back the decision: the review of `before` (pending) comes back, and the item is
// open for a decision again.
async function reopen(item, version, before) {
  const statement = await api(`/api/statements/${item.dataset.id}/undo-review/`, {
    method: "POST",
    body: { back_to_version: before, version },
  });
  item.dataset.version = statement.version;
  item.classList.remove("decided");
  item.querySelectorAll("button, input").forEach((el) => (el.disabled = false));
  item.querySelector("input[name=version]").value = statement.version;
  status(item, "Back in the queue.", "");
  const counter = document.getElementById("queue-count");
  if (counter) counter.textContent = `${items().length} pending statement(s) left on this page`;
  select(item);
}

function askReason(item) {
  const input = item.querySelector(".reason");
  input.focus();
  status(item, "Say why, then press Enter (Esc to cancel).", "");
}

if (list) {
  list.addEventListener("submit", (event) => {
    // With scripts on, decide over the API and stay on the page.
    event.preventDefault();
    const item = event.target.closest(".queue-item");
    const decision = event.submitter ? event.submitter.value : "approved";
    const comment = item.querySelector(".reason").value.trim();
    if (decision === "rejected" && !comment) return askReason(item);
    decide(item, decision, comment);
  });
  list.addEventListener("focusin", (event) => {
    const item = event.target.closest(".queue-item");
    if (item && item !== current) {
      if (current) current.classList.remove("current");
      current = item;
      current.classList.add("current");
    }
  });
  list.addEventListener("keydown", (event) => {
    if (!event.target.classList.contains("reason")) return;
    const item = event.target.closest(".queue-item");
    if (event.key === "Enter") {
      event.preventDefault();
      const comment = event.target.value.trim();
      if (comment) decide(item, "rejected", comment);
      else status(item, "A reason is needed to reject.", "error");
    } else if (event.key === "Escape") {
      event.target.value = "";
      status(item, "", "");
      select(item);
    }
  });
  select(items()[0]);
}

function toggleHelp(show = help.hidden) {
  help.hidden = !show;
  helpToggle.setAttribute("aria-expanded", String(show));
}

helpToggle?.addEventListener("click", () => toggleHelp());

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target.closest("input, textarea, select");
  if (typing) return;
  switch (event.key) {
    case "j":
      move(1);
      break;
    case "k":
      move(-1);
      break;
    case "a":
      if (current) decide(current, "approved");
      break;
    case "r":
      if (current) askReason(current);
      break;
    case "e":
      if (current) window.location.href = current.dataset.editorUrl;
      break;
    case "?":
      toggleHelp();
      break;
    case "Escape":
      toggleHelp(false);
      break;
    default:
      return;
  }
  event.preventDefault();
});

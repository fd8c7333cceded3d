// The article editor: read an article, mark its statements, attribute and tag them,
// review them. This module reads the article and wires the parts together:
//
//   StatementStore (./editor/store.js)       the statements; dispatches load, put,
//                                            remove and select events
//   SaveService (./editor/save-service.js)   every write to the API; puts what the
//                                            server answers into the store
//   TextView, StatementList, ListFilter, StatementCounts, HistoryPanel,
//   SuggestionPanel, DeepLinks and FormController
//                                            follow the store's events; none of them
//                                            knows another, and what one asks of
//                                            another (open this statement, show this
//                                            span) goes through the callbacks here
//
// Inside the page every offset is a UTF-16 index into the body (what the DOM counts);
// the API counts code points, so offsets are converted whenever they cross it.

import { api } from "./lib/api.js";
import { UndoBar } from "./lib/undo.js";
import { byId, debounce } from "./lib/dom.js";
import { offsetMap } from "./lib/offsets.js";
import { snapSelection } from "./lib/snap.js";
import { StatementCounts } from "./editor/counts.js";
import { CommentsPanel } from "./editor/comments.js";
import { DeepLinks } from "./editor/deep-link.js";
import { DismissedList } from "./editor/dismissed.js";
import { openHelp } from "./editor/dialogs.js";
import { Drafts } from "./editor/drafts.js";
import { StatementForm } from "./editor/form.js";
import { FormController } from "./editor/form-controller.js";
import { HistoryPanel } from "./editor/history.js";
import { CaretMode } from "./editor/caret.js";
import { ClaimLink } from "./editor/claim-link.js";
import { ClaimProposal } from "./editor/claim-proposal.js";
import { bindKeys } from "./editor/keyboard.js";
import { OrphanList } from "./editor/orphans.js";
import { RecheckNotice } from "./editor/recheck.js";
import { ListFilter } from "./editor/list-filter.js";
import { StatementList } from "./editor/list.js";
import { SaveService } from "./editor/save-service.js";
import { StatementStore } from "./editor/store.js";
import { SuggestionPanel } from "./editor/suggestions.js";
import { TextView } from "./editor/text-view.js";
import { StatementTip } from "./editor/tooltip.js";

async function start(config) {
  const root = byId("editor");
  const apiRoot = config.apiRoot;
  const stanceLabels = Object.fromEntries(config.stances.map((s) => [s.value, s.label]));
  let session = null; // the form controller, once the article is read
  let onRetry = null;
  const form = new StatementForm({
    apiRoot,
    stances: config.stances,
    onChange: () => session?.changed(),
  });
  form.form.addEventListener("submit", (event) => {
    event.preventDefault();
    session?.save();
  });

  let article;
  try {
    [article] = await Promise.all([
      api(`${apiRoot}articles/${config.articleId}/`),
      form.topics.load().catch((error) => {
        form.showErrors({ topics: [`Topics could not be loaded: ${error.message}`] });
      }),
    ]);
  } catch (error) {
    root.dataset.state = "failed";
    onRetry = () => window.location.reload();
    form.retryButton.addEventListener("click", () => onRetry());
    form.say(`The statements could not be loaded. ${error.message}`, "error", { retry: true });
    return;
  }

  const body = article.body;
  const offsets = offsetMap(body);
  const store = new StatementStore(offsets);
  const service = new SaveService({
    apiRoot,
    articleId: config.articleId,
    userId: config.user.id,
    store,
  });
  const text = new TextView(
    byId("article-text"),
    byId("text-overlay"),
    body,
    config.stances.map((s) => s.value),
    store,
  );
  // Listeners run in the order they were added: the text is painted, the list not yet.
  store.on("load", () => performance.mark("editor:painted"));
  new StatementCounts(store, article.statement_counts);
  session = new FormController({
    form,
    store,
    service,
    drafts: new Drafts(config.articleId, config.user.id),
    config,
    body,
    offsets,
  });
  const list = new StatementList(byId("statement-list"), {
    store,
    stanceLabels,
    onPick: (id) => session.open(id),
    empty: byId("list-empty"),
    count: byId("list-count"),
    hiddenNote: byId("list-hidden"),
  });
  const listFilter = new ListFilter({
    root: byId("list-filters"),
    toggle: byId("list-filter-toggle"),
    store,
  });
  listFilter.addEventListener("change", () => list.show((s) => listFilter.matches(s)));
  list.onComplete = () => performance.mark("editor:list-complete");
  new HistoryPanel({
    store,
    panel: byId("history-panel"),
    list: byId("history-list"),
    toggle: byId("history-button"),
    apiRoot,
    canRestore: config.canReview,
    onRestore: (entry) => session.restore(entry),
  });
  new CommentsPanel({
    store,
    panel: byId("comments-panel"),
    list: byId("comment-list"),
    count: byId("comments-count"),
    form: byId("comment-form"),
    input: byId("comment-input"),
    error: byId("comment-error"),
    apiRoot,
    canComment: config.canAnnotate || config.canReview,
  });
  let suggestions = null;
  if (config.canAnnotate && byId("suggest-panel")) {
    suggestions = new SuggestionPanel({
      store,
      service,
      apiRoot,
      articleId: config.articleId,
      body,
      offsets,
      stanceLabels,
      onEdit: (draft) => session.startFrom(draft),
      canAcceptAll: config.canAcceptAll,
    });
    suggestions.addEventListener("highlights", ({ detail }) => {
      text.layer("suggested", detail.spans);
      text.mark("suggested-current", detail.current);
    });
    suggestions.addEventListener("reveal", ({ detail }) => text.reveal(detail.start, detail.end));
    const dismissed = new DismissedList({
      box: byId("dismissed-box"),
      list: byId("dismissed-list"),
      empty: byId("dismissed-empty"),
      apiRoot,
      articleId: config.articleId,
      onRestored: () => {
        suggestions.say("Restored: it is suggested again.", "ok");
        suggestions.load({ refresh: true });
      },
    });
    suggestions.addEventListener("dismissed", () => dismissed.refresh());
  }

  // What was just deleted, reviewed, accepted or dismissed can be taken back.
  const undoBar = new UndoBar({
    bar: byId("undo-bar"),
    message: byId("undo-message"),
    button: byId("undo-button"),
  });
  const offerUndo = ({ detail }) => undoBar.offer(detail.label, detail.undo);
  session.addEventListener("undoable", offerUndo);
  suggestions?.addEventListener("undoable", offerUndo);

  // The form's span shows in the text; its drag handles move it.
  session.addEventListener("span", ({ detail }) => text.showSpan(detail));
  text.onHandleDrag = (span) => session.dragged(span);
  text.onHandleDrop = () => session.changed();

  wireForm(form, session, service, () => onRetry);
  const selected = wireText({
    text,
    store,
    session,
    suggestions,
    body,
    stanceLabels,
    canAnnotate: config.canAnnotate,
  });
  const caret = new CaretMode({
    text,
    say: (message) => form.say(message),
    onSelect: (span) => span && selected(span, { fromPointer: true }),
    // A new statement goes on to its speaker; an open one offers its span actions.
    onDone: (chosen) => {
      if (!chosen) return;
      if (session.mode === "new") form.focusSpeaker();
      else (form.useSelection.hidden ? form.newFromSelection : form.useSelection).focus();
    },
  });
  bindKeys({
    store,
    stances: config.stances,
    actions: {
      save: () => session.save(),
      escape: () => session.escape(),
      setStance: (value) => form.setStance(value),
      focusSpeaker: () => form.focusSpeaker(),
      open: (id, options) => session.open(id, options),
      editing: () => session.mode === "edit",
      remove: () => session.remove(),
      suggestionKey: (event) => suggestions?.onKey(event) ?? false,
      caret: () => config.canAnnotate && caret.enter(store.selected?.start16 ?? null),
      nudge: (edge, direction) => session.nudge(edge, direction),
    },
  });

  // An orphan's offsets point into an earlier text: it is listed apart, not in the text.
  const orphaned = (s) => s.anchor === "orphaned";
  new OrphanList({
    panel: byId("orphans-panel"),
    list: byId("orphan-list"),
    count: byId("orphans-count"),
    statements: article.statements.filter(orphaned),
    apiRoot,
    canReview: config.canReview,
    span: () => {
      const span = session.mode === "new" ? session.span : session.pending;
      return span ? session.toCodePoints(span) : null;
    },
    onAttached: (statement) => {
      store.put(statement);
      session.open(statement.id);
    },
    say: (message, kind) => form.say(message, kind),
  });
  new RecheckNotice({
    box: byId("recheck-notice"),
    old: byId("recheck-old"),
    button: byId("recheck-confirm"),
    store,
    apiRoot,
    say: (message, kind) => form.say(message, kind),
  });
  new ClaimLink({ box: byId("claim-link"), link: byId("claim-link-a"), store });
  if (config.canAnnotate) {
    new ClaimProposal({ session, form, body, apiRoot, say: (message) => form.say(message, "info") });
  }
  store.load(article.statements.filter((s) => !orphaned(s)));
  session.restoreDraft();
  const links = new DeepLinks({
    store,
    apiRoot,
    articleId: config.articleId,
    open: (id) => session.open(id),
    say: (message, kind) => form.say(message, kind),
  });
  links.start();
  root.dataset.state = "ready";
  performance.mark("editor:ready");
  // The first frame painted after set-up: from here on the page answers input at once.
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark("editor:interactive");
      // Suggestions come after: they never hold up opening the article.
      suggestions?.loadSoon();
    }, 0),
  );
}

function wireForm(form, session, service, retryAction) {
  form.cancelButton.addEventListener("click", () => session.close());
  form.deleteButton.addEventListener("click", () => session.remove());
  form.retryButton.addEventListener("click", () => {
    if (!service.retryNow()) retryAction()?.();
  });
  form.useSelection.addEventListener("click", () => session.useSelection());
  form.newFromSelection.addEventListener("click", () => session.newFromSelection());
  form.resetSpan.addEventListener("click", () => session.resetSpan());
  byId("approve-button").addEventListener("click", () => session.review("approve"));
  byId("reject-button").addEventListener("click", () => session.review("reject"));
  byId("help-button").addEventListener("click", () => openHelp());
}

// Selections, clicks and hovering over the article text.
function wireText({ text, store, session, suggestions, body, stanceLabels, canAnnotate }) {
  const element = byId("article-text");
  const selected = (raw, { fromPointer }) => {
    if (!canAnnotate) return;
    const snapped = snapSelection(body, raw.start, raw.end);
    if (!snapped) return;
    if (fromPointer && (snapped.start !== raw.start || snapped.end !== raw.end)) {
      text.select(snapped.start, snapped.end); // show what the snap took
    }
    session.selected(snapped, { fromPointer });
  };
  const clicked = (x, y) => {
    const i = text.charIndexAt(x, y);
    if (i === null) return;
    const hits = store.covering(i);
    if (!hits.length) {
      suggestions?.clickedAt(i);
      return;
    }
    // Clicking again where statements overlap steps through them.
    const open = store.selected;
    const at = open ? hits.findIndex((s) => s.id === open.id) : -1;
    session.open(hits[(at + 1) % hits.length].id);
  };
  let down = null;
  element.addEventListener("pointerdown", (event) => {
    if (event.button === 0) down = { x: event.clientX, y: event.clientY };
  });
  document.addEventListener("pointerup", (event) => {
    if (!down) return;
    const start = down;
    down = null;
    const raw = text.selectionIndices();
    if (raw) selected(raw, { fromPointer: true });
    else if (Math.abs(event.clientX - start.x) < 5 && Math.abs(event.clientY - start.y) < 5) {
      clicked(event.clientX, event.clientY);
    }
  });
  // Keyboard selections (caret browsing, assistive technology) arrive here.
  document.addEventListener(
    "selectionchange",
    debounce(() => {
      if (down) return;
      const raw = text.selectionIndices();
      if (raw) selected(raw, { fromPointer: false });
    }, 150),
  );
  const tip = new StatementTip(byId("hl-tip"), stanceLabels);
  let frame = 0;
  element.addEventListener("mousemove", (event) => {
    const { clientX: x, clientY: y } = event;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const i = text.charIndexAt(x, y);
      const hits = i === null ? [] : store.covering(i);
      if (i !== null && suggestions) hits.push(...suggestions.tipRows(i));
      element.classList.toggle("over-statement", hits.length > 0);
      tip.show(hits, x, y);
    });
  });
  element.addEventListener("mouseleave", () => {
    cancelAnimationFrame(frame);
    tip.show([]);
    element.classList.remove("over-statement");
  });
  window.addEventListener("resize", debounce(() => text.placeHandles(), 100));
  return selected;
}

start(JSON.parse(byId("editor-config").textContent));

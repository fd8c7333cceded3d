// The article text: paragraphs as plain text nodes, positions <-> body indices,
// statement highlights through the CSS Custom Highlight API, and the drag handles.
//
// Indices here are UTF-16 code units of the body (what the DOM counts); the editor
// converts them to code points at the API boundary. The text DOM never changes after
// the first render: highlights are painted over it, so 2,000 statements cost no
// re-render and a change repaints only the highlight layers.

import { h } from "../lib/dom.js";
import { wordEnd, wordStart } from "../lib/snap.js";

const PARAGRAPH_BREAK = "\n\n";
const HIGHLIGHT_NAMES = [
  "st-suggested",
  "st-warning",
  "st-reassurance",
  "st-policy",
  "st-overlap",
  "st-overlap-more",
  "st-suggested-current",
  "st-active",
  "st-draft",
  "st-pending",
];

export class TextView {
  constructor(container, overlay, body, stances, store) {
    this.container = container;
    this.overlay = overlay;
    this.body = body;
    this.stances = stances;
    this.paragraphs = [];
    this.indexOfElement = new Map();
    this.highlights = {};
    this.layerRanges = new Map();
    this.supportsHighlights = typeof CSS !== "undefined" && "highlights" in CSS;
    this.#renderText();
    this.#setUpHighlights();
    this.handles = this.#makeHandles();
    this.#follow(store);
  }

  // Statements as the store has them; the one open in the form stands out.
  #follow(store) {
    const paint = () => this.paint(store.list);
    const active = (s) => this.mark("active", s ? { start: s.start16, end: s.end16 } : null);
    store.on("load", paint);
    store.on("put", ({ statement }) => {
      paint();
      if (statement.id === store.selectedId) active(statement);
    });
    store.on("remove", paint);
    store.on("select", ({ statement }) => {
      active(statement);
      // After the form has shown it: on a phone its drawer then covers part of the text.
      if (statement) requestAnimationFrame(() => this.reveal(statement.start16, statement.end16));
    });
  }

  // The span being annotated: `draft` (a new one, or the open one's moved ends),
  // `pending` (a selection not used yet) and `handles` (where the drag handles go).
  showSpan({ draft, pending, handles }) {
    this.mark("draft", draft);
    this.mark("pending", pending);
    this.showHandles(handles);
  }

  // Keep the server-rendered paragraphs when they hold exactly the body; else rebuild.
  #renderText() {
    const parts = this.body.split(PARAGRAPH_BREAK);
    const existing = Array.from(this.container.children);
    const reusable =
      existing.length === parts.length &&
      existing.every(
        (el, i) =>
          el.tagName === "P" &&
          el.childNodes.length <= 1 &&
          (el.firstChild?.nodeType ?? Node.TEXT_NODE) === Node.TEXT_NODE &&
          el.textContent === parts[i],
      );
    if (!reusable) {
      this.container.replaceChildren(...parts.map((part) => h("p", {}, part)));
    }
    let position = 0;
    Array.from(this.container.children).forEach((el, i) => {
      if (!el.firstChild) el.append(document.createTextNode(""));
      const record = { el, node: el.firstChild, start: position, end: position + parts[i].length };
      this.paragraphs.push(record);
      this.indexOfElement.set(el, i);
      position = record.end + PARAGRAPH_BREAK.length;
    });
  }

  #setUpHighlights() {
    if (!this.supportsHighlights) return;
    HIGHLIGHT_NAMES.forEach((name, priority) => {
      const highlight = new Highlight();
      highlight.priority = priority;
      this.highlights[name] = highlight;
      CSS.highlights.set(name, highlight);
    });
  }

  // The paragraph holding index `i`; between paragraphs, the one before (or after).
  #paragraphAt(i, after = false) {
    const list = this.paragraphs;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (list[mid].start <= i) lo = mid;
      else hi = mid - 1;
    }
    const record = list[lo];
    if (i > record.end && after && lo + 1 < list.length) return list[lo + 1];
    return record;
  }

  // A DOM point for body index `i`. In a paragraph break, a range start moves to the
  // next paragraph and a range end stays at the end of the previous one.
  point(i, isStart) {
    const record = this.#paragraphAt(i, isStart);
    const offset = Math.min(Math.max(i - record.start, 0), record.end - record.start);
    return { node: record.node, offset };
  }

  staticRange(start, end) {
    const a = this.point(start, true);
    const b = this.point(end, false);
    return new StaticRange({
      startContainer: a.node,
      startOffset: a.offset,
      endContainer: b.node,
      endOffset: b.offset,
    });
  }

  range(start, end) {
    const range = document.createRange();
    const a = this.point(start, true);
    const b = this.point(end, false);
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  }

  // Body index of a DOM point, or null when the point is outside the article text.
  indexOf(node, offset) {
    if (node === this.container) {
      if (offset >= this.paragraphs.length) return this.body.length;
      return this.paragraphs[offset].start;
    }
    let el = node;
    while (el && el.parentNode !== this.container) el = el.parentNode;
    if (!el) return null;
    const record = this.paragraphs[this.indexOfElement.get(el)];
    if (!record) return null;
    if (node.nodeType === Node.TEXT_NODE) return record.start + Math.min(offset, node.length);
    if (node === el) return offset === 0 ? record.start : record.end;
    return record.start;
  }

  // The current document selection as body indices, clipped to the article text.
  selectionIndices() {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(this.container)) return null;
    let start = this.indexOf(range.startContainer, range.startOffset);
    let end = this.indexOf(range.endContainer, range.endOffset);
    if (start === null) start = 0;
    if (end === null) end = this.body.length;
    return start < end ? { start, end } : null;
  }

  select(start, end) {
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(this.range(start, end));
  }

  // The caret index nearest a viewport point (between characters), or null.
  caretIndexAt(x, y) {
    let node = null;
    let offset = 0;
    if (document.caretPositionFromPoint) {
      const position = document.caretPositionFromPoint(x, y);
      if (position) ({ offsetNode: node, offset } = position);
    } else if (document.caretRangeFromPoint) {
      const range = document.caretRangeFromPoint(x, y);
      if (range) ({ startContainer: node, startOffset: offset } = range);
    }
    if (!node || !this.container.contains(node)) return null;
    return this.indexOf(node, offset);
  }

  // The index of the character under a viewport point, or null between lines or margins.
  charIndexAt(x, y) {
    const caret = this.caretIndexAt(x, y);
    if (caret === null) return null;
    const range = document.createRange();
    for (const i of [caret, caret - 1]) {
      if (i < 0 || i >= this.body.length || this.body[i] === "\n") continue;
      const record = this.#paragraphAt(i);
      if (i < record.start || i >= record.end) continue;
      const local = i - record.start;
      range.setStart(record.node, local);
      range.setEnd(record.node, Math.min(local + 1, record.node.length));
      for (const rect of range.getClientRects()) {
        if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) {
          return i;
        }
      }
    }
    return null;
  }

  // Paint every statement: one layer per stance (so overlapping stances blend) and
  // layers marking where two or more statements overlap.
  paint(statements) {
    if (!this.supportsHighlights) return;
    const events = [];
    for (const s of statements) {
      if (s.end16 <= s.start16) continue;
      events.push([s.start16, 1, s.stance], [s.end16, -1, s.stance]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const counts = Object.fromEntries(this.stances.map((stance) => [stance, 0]));
    const runs = Object.fromEntries(this.stances.map((stance) => [stance, []]));
    runs.overlap = [];
    runs.overlapMore = [];
    const opened = {};
    let total = 0;
    const track = (key, active, position) => {
      if (active && opened[key] === undefined) opened[key] = position;
      else if (!active && opened[key] !== undefined) {
        if (position > opened[key]) runs[key].push([opened[key], position]);
        delete opened[key];
      }
    };
    let i = 0;
    while (i < events.length) {
      const position = events[i][0];
      while (i < events.length && events[i][0] === position) {
        const [, delta, stance] = events[i];
        if (stance in counts) counts[stance] += delta;
        total += delta;
        i++;
      }
      for (const stance of this.stances) track(stance, counts[stance] > 0, position);
      track("overlap", total >= 2, position);
      track("overlapMore", total >= 3, position);
    }
    for (const stance of this.stances) this.#fill(`st-${stance}`, runs[stance]);
    this.#fill("st-overlap", runs.overlap);
    this.#fill("st-overlap-more", runs.overlapMore);
  }

  // Make a layer hold exactly `spans`, touching only the ranges that changed, so a
  // saved statement repaints its neighbourhood, not 2,000 ranges.
  #fill(name, spans) {
    const highlight = this.highlights[name];
    if (!highlight) return;
    const ranges = this.layerRanges.get(name) ?? new Map();
    const next = new Map();
    for (const [start, end] of spans) {
      const key = `${start}:${end}`;
      next.set(key, ranges.get(key) ?? this.staticRange(start, end));
    }
    for (const [key, range] of ranges) if (!next.has(key)) highlight.delete(range);
    for (const [key, range] of next) if (!ranges.has(key)) highlight.add(range);
    this.layerRanges.set(name, next);
  }

  // The statement being edited, the draft span of a new one, a selection not yet used.
  mark(name, span) {
    this.#fill(`st-${name}`, span ? [[span.start, span.end]] : []);
  }

  // A layer of many spans ([start, end] pairs), such as the suggested statements.
  layer(name, spans) {
    this.#fill(`st-${name}`, spans);
  }

  // Rectangles (relative to the overlay) of a span's first and last line boxes.
  #ends(start, end) {
    const rects = Array.from(this.range(start, end).getClientRects()).filter((r) => r.width > 0);
    if (!rects.length) return null;
    const origin = this.overlay.getBoundingClientRect();
    const first = rects[0];
    const last = rects[rects.length - 1];
    return {
      start: { x: first.left - origin.left, y: first.top - origin.top, h: first.height },
      end: { x: last.right - origin.left, y: last.top - origin.top, h: last.height },
    };
  }

  // Where a caret before index `i` is drawn (relative to the overlay), or null.
  caretBox(i) {
    const origin = this.overlay.getBoundingClientRect();
    const after = i < this.body.length && this.body[i] !== "\n";
    const range = after ? this.range(i, i + 1) : this.range(Math.max(0, i - 1), i);
    const rect = Array.from(range.getClientRects()).find((r) => r.height > 0);
    if (!rect) return null;
    const x = (after ? rect.left : rect.right) - origin.left;
    return { x, y: rect.top - origin.top, h: rect.height };
  }

  // The start of the first word in view (0 when the text is scrolled to its top).
  firstVisibleIndex() {
    const box = this.container.getBoundingClientRect();
    const pane = this.container.closest(".article-pane")?.getBoundingClientRect();
    const top = Math.max(box.top, pane ? pane.top : 0, 0) + 8;
    const i = this.caretIndexAt(box.left + 4, top);
    return i === null ? 0 : wordStart(this.body, i);
  }

  #makeHandles() {
    const make = (which) =>
      h("span", {
        class: `handle handle-${which}`,
        hidden: true,
        attrs: { title: which === "start" ? "Drag to move the start" : "Drag to move the end" },
        data: { which },
      });
    const handles = { start: make("start"), end: make("end"), span: null };
    this.overlay.append(handles.start, handles.end);
    for (const handle of [handles.start, handles.end]) {
      handle.addEventListener("pointerdown", (event) => this.#dragStart(event, handle));
    }
    return handles;
  }

  // Show drag handles at the ends of `span` (null hides them).
  // Dragging one calls `onHandleDrag(span)` as the span changes, `onHandleDrop(span)` at the end.
  showHandles(span) {
    this.handles.span = span;
    this.placeHandles();
  }

  placeHandles() {
    const { span, start, end } = this.handles;
    const ends = span ? this.#ends(span.start, span.end) : null;
    start.hidden = end.hidden = !ends;
    if (!ends) return;
    for (const [handle, at] of [
      [start, ends.start],
      [end, ends.end],
    ]) {
      handle.style.setProperty("--x", `${at.x}px`);
      handle.style.setProperty("--y", `${at.y}px`);
      handle.style.setProperty("--h", `${at.h}px`);
    }
  }

  #dragStart(event, handle) {
    if (event.button !== 0 || !this.handles.span) return;
    event.preventDefault();
    event.stopPropagation();
    handle.setPointerCapture(event.pointerId);
    handle.classList.add("dragging");
    this.container.classList.add("dragging-handle");
    const which = handle.dataset.which;
    const move = (e) => {
      const caret = this.caretIndexAt(e.clientX, e.clientY);
      if (caret === null) return;
      const span = { ...this.handles.span };
      if (which === "start") span.start = Math.min(wordStart(this.body, caret), span.end - 1);
      else span.end = Math.max(wordEnd(this.body, caret), span.start + 1);
      if (span.start === this.handles.span.start && span.end === this.handles.span.end) return;
      this.handles.span = span;
      this.placeHandles();
      this.onHandleDrag?.(span);
    };
    const up = () => {
      handle.removeEventListener("pointermove", move);
      handle.removeEventListener("pointerup", up);
      handle.removeEventListener("pointercancel", up);
      handle.classList.remove("dragging");
      this.container.classList.remove("dragging-handle");
      this.onHandleDrop?.(this.handles.span);
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up);
    handle.addEventListener("pointercancel", up);
  }

  // How much of the window shows the text: on a phone the form's drawer covers its foot.
  #viewHeight() {
    const drawer = document.getElementById("form-panel");
    if (drawer && getComputedStyle(drawer).position === "fixed") {
      return Math.max(120, drawer.getBoundingClientRect().top);
    }
    return window.innerHeight;
  }

  // Scroll the article so that a span is in view.
  reveal(start, end) {
    const rects = this.range(start, end).getClientRects();
    if (!rects.length) return;
    const pane = this.container.closest(".article-pane");
    // On narrow screens the pane does not scroll by itself; the page does.
    const scroller = pane && pane.scrollHeight > pane.clientHeight ? pane : null;
    const box = scroller ? scroller.getBoundingClientRect() : { top: 0, height: this.#viewHeight() };
    const first = rects[0];
    if (first.top < box.top + 40 || first.bottom > box.top + box.height - 40) {
      (scroller || window).scrollBy({ top: first.top - box.top - box.height / 3, behavior: "instant" });
    }
  }
}

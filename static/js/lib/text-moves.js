// Where the keyboard moves a caret or a span's end in the article text.
//
// Pure functions over a string and UTF-16 indices, built on the word and sentence
// rules of snap.js so that a keyboard selection snaps exactly as a drag-select does.

import { inWord, isSentenceStart } from "./snap.js";

// Marks that end a sentence or close a quotation or bracket after a word.
const CLOSING = new Set([".", "!", "?", "\u2026", '"', "'", "\u201d", "\u2019", "\u00bb", "\u203a", ")", "]", ",", ";", ":"]);

const isSpace = (text, i) => /\s/u.test(text[i] ?? "");
const isLow = (text, i) => {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff;
};
// One character (code point) on from `i`, or back from it.
const forward = (text, i) => (isLow(text, i + 1) ? i + 2 : i + 1);
const back = (text, i) => (i >= 2 && isLow(text, i - 1) ? i - 2 : i - 1);
// Is the character (code point) that ends at `i` part of a word?
const wordBefore = (text, i) => i > 0 && inWord(text, back(text, i));

// The start of the next word after `i` (the text's end when there is none).
export function nextWordStart(text, i) {
  while (i < text.length && inWord(text, i)) i = forward(text, i);
  while (i < text.length && !inWord(text, i)) i = forward(text, i);
  return i;
}

// The start of the word before `i` (or of the word `i` is inside); 0 at the first word.
export function previousWordStart(text, i) {
  while (i > 0 && !wordBefore(text, i)) i = back(text, i);
  while (wordBefore(text, i)) i = back(text, i);
  return i;
}

// Where a span's end goes one step later: over the punctuation right after it (a
// sentence-final period, a closing quotation mark), else to the end of the next word.
export function nextEnd(text, end) {
  if (end < text.length && CLOSING.has(text[end]) && !inWord(text, end)) {
    while (end < text.length && CLOSING.has(text[end]) && !inWord(text, end)) end++;
    return end;
  }
  let i = end;
  while (i < text.length && !inWord(text, i)) i = forward(text, i);
  while (i < text.length && inWord(text, i)) i = forward(text, i);
  return i;
}

// Where a span's end goes one step earlier: off the punctuation it ends with, else to
// the end of the word before its last one. Never at or before `start`.
export function previousEnd(text, end, start = 0) {
  let i = end;
  const punctuationBefore = (j) => j > start && !wordBefore(text, j) && !isSpace(text, j - 1);
  if (punctuationBefore(i)) {
    while (punctuationBefore(i)) i = back(text, i);
  } else {
    while (i > start && wordBefore(text, i)) i = back(text, i);
    while (i > start && !wordBefore(text, i)) i = back(text, i);
  }
  return i > start ? i : end;
}

// The start of the sentence after `i`, or the text's end.
export function nextSentenceStart(text, i) {
  for (let j = i + 1; j < text.length; j++) {
    if (!isSpace(text, j) && isSentenceStart(text, j)) return j;
  }
  return text.length;
}

// The start of the sentence `i` is in, or of the one before when `i` is at a start.
export function previousSentenceStart(text, i) {
  for (let j = i - 1; j > 0; j--) {
    if (!isSpace(text, j) && isSentenceStart(text, j)) return j;
  }
  return 0;
}

// A span [start, end) moved by one step: `edge` is "start" or "end", `direction` -1 or 1.
// The span keeps at least one character; at the text's edges it stays where it is.
export function nudge(text, span, edge, direction) {
  let { start, end } = span;
  if (edge === "start") {
    start = direction < 0 ? previousWordStart(text, start) : nextWordStart(text, start);
    if (start >= end) start = span.start;
  } else {
    end = direction < 0 ? previousEnd(text, end, start) : nextEnd(text, end);
  }
  return { start, end };
}

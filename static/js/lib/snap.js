// Snap a text selection to what an analyst means to quote.
//
// Pure functions over a string and UTF-16 indices [start, end). A selection grows to
// whole words, then loses the whitespace and stray punctuation around it. Two marks
// are kept: a closing quotation mark whose opening mark is inside the selection, and
// the sentence-final period (or ! ? …) of a selection that starts at a sentence start.

// Letters, combining marks, digits and symbols (currency, emoji and their skin tones),
// the joiner and connector punctuation (_) are part of words.
const WORD = /[\p{L}\p{M}\p{N}\p{S}\p{Pc}\u200d]/u;
// Inside a word (between two word characters) these join it: don't, well‑known, U.S., 2.5.
const JOINERS = new Set(["'", "\u2019", "-", "\u2010", "\u2011", ".", ",", ":", "/", "&", "\u00b7"]);
const OPENING_QUOTES = new Set(['"', "'", "\u201c", "\u2018", "\u00ab", "\u2039", "\u201e", "\u201a"]);
const CLOSING_FOR = {
  '"': '"',
  "'": "'",
  "\u201c": "\u201d",
  "\u2018": "\u2019",
  "\u00ab": "\u00bb",
  "\u2039": "\u203a",
  "\u201e": "\u201c",
  "\u201a": "\u2018",
};
const CLOSING_QUOTES = new Set(['"', "'", "\u201d", "\u2019", "\u00bb", "\u203a", "\u201c", "\u2018"]);
const SENTENCE_END = new Set([".", "!", "?", "\u2026"]);
// Punctuation that may sit between the last word and a closing quote: `build,”`.
const BEFORE_CLOSE = new Set([".", ",", "!", "?", ";", ":", "\u2026", ")", "]"]);
const CLOSERS_AFTER_SENTENCE = new Set([...CLOSING_QUOTES, ")", "]"]);

function charAt(text, i) {
  const code = text.codePointAt(i);
  return code === undefined ? "" : String.fromCodePoint(code);
}

function next(text, i) {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return i + 2;
  }
  return i + 1;
}

function prev(text, i) {
  if (i >= 2) {
    const low = text.charCodeAt(i - 1);
    const high = text.charCodeAt(i - 2);
    if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) return i - 2;
  }
  return i - 1;
}

// Move an index off the second half of a surrogate pair.
function align(text, i) {
  if (i > 0 && i < text.length) {
    const code = text.charCodeAt(i);
    const before = text.charCodeAt(i - 1);
    if (code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff) return i - 1;
  }
  return i;
}

function isWordChar(text, i) {
  return i >= 0 && i < text.length && WORD.test(charAt(text, i));
}

// Is the character at `i` part of a word (a word character, or a joiner between two)?
export function inWord(text, i) {
  if (i < 0 || i >= text.length) return false;
  if (isWordChar(text, i)) return true;
  return JOINERS.has(text[i]) && i > 0 && isWordChar(text, prev(text, i)) && isWordChar(text, next(text, i));
}

// The start of the word containing index `i` (or `i` itself between words).
export function wordStart(text, i) {
  i = align(text, i);
  if (!inWord(text, i)) return i;
  while (i > 0 && inWord(text, prev(text, i))) i = prev(text, i);
  return i;
}

// The end of the word that ends at or contains the character before `i`.
export function wordEnd(text, i) {
  i = align(text, i);
  if (i === 0 || !inWord(text, prev(text, i))) return i;
  while (i < text.length && inWord(text, i)) i = next(text, i);
  return i;
}

// Does a sentence start at `i`? True at the text or a paragraph start, and after . ! ? …
// (optionally followed by closing quotes or brackets) and whitespace.
export function isSentenceStart(text, i) {
  let j = i;
  while (j > 0 && /[ \t\u00a0]/.test(text[j - 1])) j--;
  if (j === 0 || text[j - 1] === "\n") return true;
  if (j === i) return false; // no space between this and the previous sentence
  while (j > 0 && CLOSERS_AFTER_SENTENCE.has(text[j - 1])) j--;
  return j > 0 && SENTENCE_END.has(text[j - 1]);
}

// Snap [start, end) to whole words and trim it; null when no word is selected.
export function snapSelection(text, start, end) {
  if (start > end) [start, end] = [end, start];
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(0, Math.min(end, text.length));
  if (start === end) return null;
  const outerStart = wordStart(text, start);
  const outerEnd = wordEnd(text, end);

  // The words: from the first word character to just after the last one.
  let first = outerStart;
  while (first < outerEnd && !inWord(text, first)) first = next(text, first);
  if (first >= outerEnd) return null;
  let last = outerEnd;
  while (last > first && !inWord(text, prev(text, last))) last = prev(text, last);

  let snappedStart = first;
  let snappedEnd = last;

  // An opening quotation mark right before the first word belongs to the quote if its
  // closing mark is kept too.
  let opening = null;
  if (first > outerStart && OPENING_QUOTES.has(text[first - 1])) opening = first - 1;

  // Quotes opened inside the selection (or by that opening mark) and not yet closed.
  const open = [];
  const scanFrom = opening ?? first;
  for (let i = scanFrom; i < last; i = next(text, i)) {
    const ch = text[i];
    const top = open[open.length - 1];
    if (top !== undefined && ch === CLOSING_FOR[top] && !inWord(text, i)) open.pop();
    else if (OPENING_QUOTES.has(ch) && !inWord(text, i) && isOpeningAt(text, i)) open.push(ch);
  }
  if (open.length) {
    // Keep the closing mark if the selection reaches it past only punctuation: `build,”`.
    const closing = CLOSING_FOR[open[open.length - 1]];
    let j = last;
    while (j < outerEnd && BEFORE_CLOSE.has(text[j])) j++;
    if (j < outerEnd && text[j] === closing) {
      snappedEnd = j + 1;
      if (opening !== null && open.length === 1 && open[0] === text[opening]) {
        snappedStart = opening;
      }
    }
  }

  // A selection covering a whole sentence keeps the sentence's final mark.
  if (snappedEnd === last && last < outerEnd && SENTENCE_END.has(text[last])) {
    if (isSentenceStart(text, snappedStart)) {
      snappedEnd = last + 1;
      while (snappedEnd < outerEnd && text[snappedEnd] === "\u2026") snappedEnd++;
    }
  }
  return { start: snappedStart, end: snappedEnd };
}

// A quote mark opens a quotation when it is not preceded by a word character.
function isOpeningAt(text, i) {
  return i === 0 || !isWordChar(text, prev(text, i));
}

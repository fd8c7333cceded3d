// Offsets between the two ways of counting a string's characters.
//
// The server stores statement offsets as Unicode code points of the article body
// (Python string indices); the DOM and JavaScript strings count UTF-16 code units.
// A character outside the Basic Multilingual Plane (an emoji such as 👍 or its skin
// tone 🏽) is one code point but two code units. Combining marks and non-breaking
// hyphens are one unit in both counts, so only surrogate pairs need converting.
//
// All functions are pure. An index that falls between the two halves of a surrogate
// pair is taken as the start of that character.

const SURROGATE = /[\uD800-\uDFFF]/;

function isHigh(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

// UTF-16 indices of the first half of every surrogate pair in `text`, in order.
function pairStarts(text) {
  const starts = [];
  if (!SURROGATE.test(text)) return starts;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      starts.push(i);
      i++;
    }
  }
  return starts;
}

// Number of items in the sorted array `values` that are less than `limit`.
function countBelow(values, limit) {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
}

// Code-point length of `text` (Python's len()).
export function codePointLength(text) {
  return text.length - pairStarts(text).length;
}

// UTF-16 index -> code-point index.
export function utf16ToCodePoint(text, index) {
  return offsetMap(text).toCodePoint(index);
}

// Code-point index -> UTF-16 index.
export function codePointToUtf16(text, index) {
  return offsetMap(text).toUtf16(index);
}

// A converter for one text, for converting many offsets: O(log n) per offset.
export function offsetMap(text) {
  const pairs = pairStarts(text);
  // The code-point index of each pair: each earlier pair counted one unit too many.
  const pairCodePoints = pairs.map((start, n) => start - n);
  const length16 = text.length;
  const lengthCp = length16 - pairs.length;
  return {
    length16,
    lengthCp,
    identity: pairs.length === 0,
    toCodePoint(index) {
      const i = clamp(Math.trunc(index), 0, length16);
      return i - countBelow(pairs, i);
    },
    toUtf16(index) {
      const cp = clamp(Math.trunc(index), 0, lengthCp);
      return cp + countBelow(pairCodePoints, cp);
    },
  };
}

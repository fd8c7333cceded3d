"""Where a statement's quote went when its article's text changed.

A statement is found again as a W3C TextQuoteSelector finds its target: by its quote
(`exact`), the CONTEXT characters before and after it in the text it was made on
(`prefix`, `suffix`), and where it was (a share of the text's length). Three outcomes:

- exact: the quote stands in the new text with the same prefix and suffix at one place;
- fuzzy: the best place by a score of quote, prefix, suffix and position, weighted in
  that order as Hypothesis does, reaches the threshold; the quote may have changed a
  little and the statement needs a person to check it;
- orphaned: no place reaches it; the statement keeps its quote and old offsets.

Offsets are indices of Python strings, so code points, as everywhere in the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

CONTEXT = 32
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, POSITION_WEIGHT = 0.5, 0.2, 0.2, 0.1
# The least score of a fuzzy place, and the least likeness of its quote to the old one.
THRESHOLD = 0.8
QUOTE_FLOOR = 0.8
# A quote this long that stands once in the new text is that quote, whatever its context.
DISTINCTIVE_LENGTH = 20
# How far from where the quote is expected a fuzzy search looks first, beyond its length.
NEARBY = 2_000
# How far words added inside a quote's marks may reach.
MARKS_REACH = 80
# How many times a search for look-alikes splits the text around what it found.
SEARCH_DEPTH = 2

_WORD = re.compile(r"\w", re.UNICODE)


class Outcome(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Anchor:
    """A span of the text it was made on, as a selector: quote, context and position."""

    key: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    position: float  # start as a share of that text's length

    @classmethod
    def of(cls, key: int, body: str, start: int, end: int) -> Anchor:
        return cls(
            key=key,
            start=start,
            end=end,
            quote=body[start:end],
            prefix=body[max(0, start - CONTEXT) : start],
            suffix=body[end : end + CONTEXT],
            position=start / max(1, len(body)),
        )


@dataclass(frozen=True)
class Placement:
    key: int
    outcome: Outcome
    start: int
    end: int
    score: float

    @property
    def quote_changed(self) -> bool:
        return self.outcome is Outcome.FUZZY


def place(anchors: Iterable[Anchor], body: str) -> list[Placement]:
    """Each anchor's place in `body` (the new text), in the order given."""
    finder = _Finder(body)
    return [finder.place(anchor) for anchor in anchors]


class _Finder:
    def __init__(self, body: str):
        self.body = body
        self.occurrences: dict[str, list[int]] = {}

    def starts_of(self, quote: str) -> list[int]:
        found = self.occurrences.get(quote)
        if found is None:
            found = []
            at = self.body.find(quote)
            while at != -1:
                found.append(at)
                at = self.body.find(quote, at + 1)
            self.occurrences[quote] = found
        return found

    def place(self, anchor: Anchor) -> Placement:
        starts = self.starts_of(anchor.quote)
        length = len(anchor.quote)
        in_context = [s for s in starts if self._context_equal(anchor, s, s + length)]
        if len(in_context) == 1:
            start = in_context[0]
            return Placement(anchor.key, Outcome.EXACT, start, start + length, 1.0)
        candidates = [(s, s + length) for s in (in_context or starts)]
        if not candidates:
            candidates = self._approximate(anchor)
        candidates += [self._to_marks(anchor, start, end) for start, end in candidates]
        scored = [(self._score(anchor, start, end), start, end) for start, end in candidates]
        if not scored:
            return self._orphan(anchor)
        score, start, end = max(scored, key=lambda c: (c[0], -abs(c[1] - anchor.start)))
        distinctive = len(starts) == 1 and length >= DISTINCTIVE_LENGTH
        if score < THRESHOLD and not distinctive:
            return self._orphan(anchor, score)
        return Placement(anchor.key, Outcome.FUZZY, start, end, score)

    def _orphan(self, anchor: Anchor, score: float = 0.0) -> Placement:
        return Placement(anchor.key, Outcome.ORPHANED, anchor.start, anchor.end, score)

    def _context_equal(self, anchor: Anchor, start: int, end: int) -> bool:
        body = self.body
        return (
            body[max(0, start - len(anchor.prefix)) : start] == anchor.prefix
            and body[end : end + len(anchor.suffix)] == anchor.suffix
        )

    def _approximate(self, anchor: Anchor) -> list[tuple[int, int]]:
        """Windows alike to a quote that is not in the text as it was: the best one near
        where it is expected, and the best few anywhere (each search leaves out the
        windows found before, so a look-alike elsewhere cannot hide the right one)."""
        body, quote = self.body, anchor.quote
        expected = int(anchor.position * len(body))
        reach = len(quote) + NEARBY
        found: set[tuple[int, int]] = set()
        regions = [
            (max(0, expected - reach), min(len(body), expected + reach), 0),
            (0, len(body), 0),
        ]
        while regions:
            low, high, depth = regions.pop()
            if high - low < len(quote) // 2:
                continue
            match = fuzz.partial_ratio_alignment(
                quote, body[low:high], score_cutoff=QUOTE_FLOOR * 100
            )
            if match is None:
                continue
            start, end = low + match.dest_start, low + match.dest_end
            found.add(self._to_words(start, end))
            if depth < SEARCH_DEPTH:
                regions += [(low, start, depth + 1), (end, high, depth + 1)]
        return [(start, end) for start, end in found if end > start]

    def _to_marks(self, anchor: Anchor, start: int, end: int) -> tuple[int, int]:
        """A window stretched to the quotation marks (or punctuation) that stood right
        around the old quote, when words were added inside them."""
        body = self.body
        opening = _marks(anchor.prefix[::-1])[::-1]
        closing = _marks(anchor.suffix)
        if closing and body[end : end + len(closing)] != closing:
            found = body.find(closing, end, end + MARKS_REACH)
            if found != -1 and "\n" not in body[end:found]:
                end = found
        if opening and body[max(0, start - len(opening)) : start] != opening:
            found = body.rfind(opening, max(0, start - MARKS_REACH), start)
            if found != -1 and "\n" not in body[found:start]:
                start = found + len(opening)
        return start, end

    def _to_words(self, start: int, end: int) -> tuple[int, int]:
        """Widen a window that cuts a word to the whole word, and trim its spaces."""
        body = self.body
        while 0 < start < len(body) and _WORD.match(body[start - 1]) and _WORD.match(body[start]):
            start -= 1
        while 0 < end < len(body) and _WORD.match(body[end - 1]) and _WORD.match(body[end]):
            end += 1
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        return start, end

    def _score(self, anchor: Anchor, start: int, end: int) -> float:
        body = self.body
        quote = body[start:end]
        quote_likeness = 1.0 if quote == anchor.quote else fuzz.ratio(quote, anchor.quote) / 100
        if quote_likeness < QUOTE_FLOOR:
            return 0.0
        prefix = body[max(0, start - CONTEXT) : start]
        suffix = body[end : end + CONTEXT]
        position = 1.0 - min(1.0, abs(start / max(1, len(body)) - anchor.position))
        return (
            QUOTE_WEIGHT * quote_likeness
            + PREFIX_WEIGHT * _likeness(prefix, anchor.prefix, tail=True)
            + SUFFIX_WEIGHT * _likeness(suffix, anchor.suffix, tail=False)
            + POSITION_WEIGHT * position
        )


def _marks(text: str) -> str:
    """The quotation marks and punctuation `text` starts with (no letters, no spaces)."""
    size = 0
    while size < len(text) and not text[size].isalnum() and not text[size].isspace():
        size += 1
    return text[:size]


def _likeness(found: str, expected: str, *, tail: bool) -> float:
    """How alike two contexts are, half by their likeness and half by how far they agree
    from the quote outwards: the characters right next to a quote count most."""
    if not expected and not found:
        return 1.0
    if not expected or not found:
        return 0.0
    size = min(len(found), len(expected))
    if tail:
        found, expected = found[::-1][:size], expected[::-1][:size]
    else:
        found, expected = found[:size], expected[:size]
    agree = next((i for i in range(size) if found[i] != expected[i]), size)
    return 0.5 * fuzz.ratio(found, expected) / 100 + 0.5 * agree / size

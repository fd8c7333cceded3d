"""Paragraphs, sentences and quotation marks of an article body, with code-point offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import patterns

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_QUOTE_CHAR = re.compile('["“”„«»‘’]')
# A full stop, question or exclamation mark (and any closing quotes or brackets)
# followed by space and something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"“‘'«(\[]{0,2}[A-Z0-9])")
_VERBS = "|".join(sorted(patterns.REPORTING_VERBS, key=len, reverse=True))
# `"Why now?" Trump asked reporters.`: the attribution after a question in quotation
# marks goes with it, though it starts with a capital.
_ATTRIBUTION_NEXT = re.compile(rf"\s+(?:(?:{_VERBS})\b|(?:[A-Z][\w.'’-]*\s+){{1,4}}(?:{_VERBS})\b)")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_WORD = re.compile(r"\S+")
_ABBREVIATIONS = frozenset(patterns.ABBREVIATIONS)

_OPENERS = {open_: close for open_, close in patterns.QUOTE_PAIRS}
_CLOSERS = {close for _, close in patterns.QUOTE_PAIRS} | {"“"}


@dataclass
class Quote:
    """A quotation: `open` is the opening mark, `close` the closing mark (or the paragraph end).

    A mark is one character, or two for the `''` some newspapers write.
    """

    open: int
    close: int
    width: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + self.width, self.close

    @property
    def after(self) -> int:
        """The offset just after the closing mark."""
        return self.close + self.width


@dataclass
class Sentence:
    start: int
    end: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Paragraph:
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def paragraphs(text: str) -> Iterator[Paragraph]:
    """Paragraphs (split at blank lines) with their sentences and quotations."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            yield _paragraph(text, start, match.start())
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        yield _paragraph(text, start, end)


def _paragraph(text: str, start: int, end: int) -> Paragraph:
    while start < end and text[start].isspace():
        start += 1
    paragraph = Paragraph(start, end)
    paragraph.quotes = [q for q in find_quotes(text, start, end) if not is_title(text, q)]
    paragraph.sentences = split_sentences(text, start, end, paragraph.quotes)
    return paragraph


_TITLE_SMALL = frozenset(patterns.TITLE_SMALL_WORDS)
_TITLE_INTRODUCERS = frozenset(patterns.TITLE_INTRODUCERS)
_TITLE_WORD = re.compile(r"[\w'’-]+")
_WORD_JUST_BEFORE = re.compile(r"([\w'’-]+)[\s,:]*$")


def is_title(text: str, quote: Quote) -> bool:
    """A quoted title (NBC's "Meet the Press", the book "Fire and Fury"), not a quotation:
    a few words in title case, or anything right after "the book", "titled" and the like."""
    inner = text[quote.inner[0] : quote.inner[1]].strip(" ,.!?")
    words = _TITLE_WORD.findall(inner)
    if not words or quote.close >= len(text) or text[quote.close] not in "\"”'’»":
        return False  # left open: a quotation running on, never a title
    before = _WORD_JUST_BEFORE.search(text, max(0, quote.open - 30), quote.open)
    if before and before.group(1).casefold() in _TITLE_INTRODUCERS and len(words) <= 12:
        return True
    if len(words) > patterns.MAX_TITLE_WORDS:
        return False
    if not all(w[:1].isupper() or w.casefold() in _TITLE_SMALL for w in words):
        return False
    if not words[0][:1].isupper() or (len(words) == 1 and inner.isupper()):
        return False
    # A short sentence in capitals ("We Will Win") is rare; a title after a name or
    # a preposition ("on ABC's ''This Week''") is common.
    return before is None or before.group(1).casefold() not in _SAYING


_SAYING = frozenset(v.casefold() for v in patterns.REPORTING_VERBS) | {"said:", "chanted"}


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Pair quotation marks in one paragraph: straight and curly, double and single.

    A quotation left open at the end of the paragraph counts only when it opens the
    paragraph or one of its sentences (the convention for quotes running over several
    paragraphs); any other unpaired mark is ignored, as it is more often an inch sign or
    a typo.
    """
    if "''" in text[start:end]:
        doubled = _doubled_apostrophe_quotes(text, start, end)
        if doubled:
            return doubled
    quotes: list[Quote] = []
    open_at = -1
    closers: str = ""
    for match in _QUOTE_CHAR.finditer(text, start, end):
        i = match.start()
        char = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if open_at >= 0:
            if char in closers and not (char == "’" and after.isalpha()):
                if char != '"' or not after.isalnum():
                    quotes.append(Quote(open_at, i))
                    open_at = -1
            elif char == "“" and closers != '"' and (before.isspace() or before in "(["):
                # A new opening mark before the old one closed: the old one was a typo.
                open_at = i
            continue
        if char == '"':
            if not after.isspace() and (before.isspace() or before in "([—–-:" or i == start):
                open_at, closers = i, '"'
        elif char in _OPENERS:
            if char == "‘" and not (before.isspace() or before in "(“[—–-" or i == start):
                continue
            if char in "‘“" and after.isspace():
                continue
            open_at, closers = i, _OPENERS[char] + ("”" if char == "„" else "")
    if open_at >= 0 and _opens_sentence(text, start, open_at):
        quotes.append(Quote(open_at, end))
    return quotes


_SENTENCE_BEFORE = re.compile(r"[.!?:][\"'”’»)]*\s*$")


def _opens_sentence(text: str, start: int, at: int) -> bool:
    """Whether a quotation mark opens the paragraph or a sentence of it: a quotation left
    open there runs on to the next paragraph, the convention for long quotations."""
    return at == start or bool(_SENTENCE_BEFORE.search(text, max(start, at - 4), at))


_DOUBLED = re.compile("''")


def _doubled_apostrophe_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quotations between `''` marks, as some newspapers write them (`''We will,'' he said`).

    Used for a paragraph that has them, instead of the other marks; a single quotation
    inside (`'Sir, ...'`) is left alone.
    """
    quotes: list[Quote] = []
    open_at = -1
    for match in _DOUBLED.finditer(text, start, end):
        i = match.start()
        before = text[i - 1] if i > start else " "
        after = text[i + 2] if i + 2 < end else " "
        if open_at < 0:
            if not after.isspace() and (before.isspace() or before in "([—–-:" or i == start):
                open_at = i
        elif not before.isspace():
            quotes.append(Quote(open_at, i, 2))
            open_at = -1
    if open_at >= 0 and _opens_sentence(text, start, open_at):
        quotes.append(Quote(open_at, end, 2))
    return quotes


def split_sentences(text: str, start: int, end: int, quotes: list[Quote]) -> list[Sentence]:
    """Sentences of one paragraph; a quotation is never split, and stray fragments join up."""
    sentences: list[Sentence] = []
    begin = start
    quote_index = 0
    for match in _SENTENCE_END.finditer(text, start, end):
        cut = match.end()
        while quote_index < len(quotes) and quotes[quote_index].close < cut - 1:
            quote_index += 1
        if (
            quote_index < len(quotes)
            and quotes[quote_index].open < cut - 1 < quotes[quote_index].close
        ):
            continue
        if text[match.start()] == "." and _is_abbreviation(text, begin, match.start()):
            continue
        ending = match.group()
        closed = ending[-1] in _CLOSERS or ending[-1] in "\"'"
        if closed and ending[0] in "?!" and _ATTRIBUTION_NEXT.match(text, cut):
            continue
        sentences.append(Sentence(begin, cut))
        begin = cut
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end:
        sentences.append(Sentence(begin, end))
    sentences = _join_fragments(text, sentences)
    _assign_quotes(sentences, quotes)
    return sentences


def _is_abbreviation(text: str, begin: int, dot: int) -> bool:
    match = _WORD_BEFORE.search(text, max(begin, dot - 24), dot)
    if match is None:
        return False
    word = match.group(1).lstrip("'’").casefold()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Jake W. Sullivan", "U.S."
    return word in _ABBREVIATIONS


def _join_fragments(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Join a fragment of one or two words to the sentence before ("Face the. Nation.")."""
    joined: list[Sentence] = []
    for sentence in sentences:
        words = len(_WORD.findall(text, sentence.start, sentence.end))
        if joined and words <= 2:
            joined[-1].end = sentence.end
        else:
            joined.append(sentence)
    return joined


def _assign_quotes(sentences: list[Sentence], quotes: list[Quote]) -> None:
    index = 0
    for quote in quotes:
        while index < len(sentences) - 1 and sentences[index].end <= quote.open:
            index += 1
        sentences[index].quotes.append(quote)


def words(text: str, start: int = 0, end: int | None = None) -> list[re.Match]:
    return list(_WORD.finditer(text, start, len(text) if end is None else end))


def word_count(text: str, start: int = 0, end: int | None = None) -> int:
    return len(_WORD.findall(text, start, len(text) if end is None else end))


_TRAILING = " \t\n,;:.—–-"


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces, trailing commas or a final full stop."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        if text[end - 1] == "." and end - 3 >= start and text[end - 3] == ".":
            break  # keep the full stop of "U.S." or "a.m."
        end -= 1
    return start, end

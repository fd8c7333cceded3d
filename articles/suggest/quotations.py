"""Quotations in quotation marks and the attribution next to them."""

from __future__ import annotations

import re

from . import patterns
from .attribution import (
    PARTICIPLE_CLAUSE,
    VERB,
    according_phrase,
    attribution_after_quote,
    attribution_at,
    subject_before,
    tail_kind,
)
from .candidates import COLON, QUOTE, QUOTE_LINKED, Candidate
from .reported import forward_report, participles
from .text import Quote, Sentence, trim, word_count


def quote_candidates(text: str, sentence: Sentence) -> list[Candidate]:
    """The quotations of a sentence that are statements, with their attribution if any."""
    quotes = sentence.quotes
    forward = forward_report(text, sentence.start, sentence.end, quotes)
    found: list[Candidate] = []
    if forward is not None and forward.family != COLON:
        first = next((q for q in quotes if q.open >= forward.start), None)
        if first is not None and word_count(text, forward.start, first.open) >= 1:
            if first.open < forward.end:
                # A partial quotation inside reported speech: the whole report is the statement.
                return [forward, *participles(text, sentence, [forward])]
            found.append(forward)  # the quotation comes after the report, on its own
            quotes = [q for q in quotes if q.open >= forward.end]
    for index, quote in enumerate(quotes):
        inner_start, inner_end = trim(text, *quote.inner)
        if inner_end <= inner_start:
            continue
        limit_after = quotes[index + 1].open if index + 1 < len(quotes) else sentence.end
        limit_before = quotes[index - 1].after if index else sentence.start
        attribution = _attribution_after(text, quote.after, limit_after)
        if attribution is None:
            attribution = _attribution_before(text, limit_before, quote.open)
        if attribution is not None:
            phrase, phrase_at, verb = attribution
            found.append(Candidate(inner_start, inner_end, QUOTE, phrase, phrase_at, verb))
        elif found and found[0] is forward:
            found.append(Candidate(inner_start, inner_end, QUOTE_LINKED, parent=forward))
        elif _quote_is_statement(text, quote, sentence):
            found.append(Candidate(inner_start, inner_end, QUOTE_LINKED))
    return found


def _quote_is_statement(text: str, quote: Quote, sentence: Sentence) -> bool:
    """A quotation without attribution next to it counts when it is long or a whole sentence."""
    if word_count(text, *quote.inner) >= patterns.MIN_QUOTE_WORDS:
        return True
    before = text[sentence.start : quote.open].strip()
    after = text[quote.after : sentence.end].strip(" .!?'")
    return not before and not after


def _attribution_after(text: str, at: int, end: int) -> tuple[str, int, str] | None:
    """`"...," Speaker verb ...` / `"...," verb Speaker ...` right after a closing mark."""
    while at < end and text[at] in " ,\n":
        at += 1
    if at >= end:
        return None
    stop = end
    for match in PARTICIPLE_CLAUSE.finditer(text, at, end):
        stop = match.start()
        break
    found = attribution_at(text, at, stop)
    if found is None:
        return attribution_after_quote(text, at, stop)
    phrase, phrase_at, verb, _ = found
    return phrase, phrase_at, verb


def _attribution_before(text: str, start: int, quote_at: int) -> tuple[str, int, str] | None:
    """`Speaker verb [adverbials][that|:|,] "...` right before an opening mark."""
    segment = text[start:quote_at].rstrip()
    segment = re.sub(r"(?:\s+that|[:,])$", "", segment).rstrip()
    if not segment:
        return None
    according = re.search(r"[Aa]ccording\s+to\s+(?P<np>[^,]{2,80})$", segment)
    if according:
        phrase = according_phrase(according.group("np"))
        if phrase:
            return phrase, start + according.start("np"), "according to"
    verbs = list(VERB.finditer(segment))
    participle = None
    for match in PARTICIPLE_CLAUSE.finditer(segment):
        participle = match
    if participle is not None and participle.end() >= len(segment.rstrip()) - 1:
        return None  # `..., adding: "..."` belongs to the sentence's speaker
    if not verbs:
        return None
    verb = verbs[-1]
    if tail_kind(text, start + verb.end(), start + len(segment), verb.group()) is None:
        return None
    phrase, phrase_at = subject_before(text, start, start + verb.start())
    if phrase is None:
        return None
    return phrase, phrase_at, verb.group()

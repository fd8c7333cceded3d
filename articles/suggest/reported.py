"""Reported speech without quotation marks: `X said (that) ...`, `..., X said.`,
`according to X`, `..., adding that ...`, `... and said that ...`."""

from __future__ import annotations

import re

from . import patterns
from .attribution import (
    ACCORDING_START,
    BARE_PARTICIPLES,
    CLAUSE_VERB,
    NOT_BEFORE_BARE_PARTICIPLE,
    PARTICIPLE_CLAUSE,
    PARTICIPLE_WITHOUT_COMMA,
    VERB,
    according_phrase,
    attribution_at,
    content_after_verb,
    inside,
    leading_subject,
    statement_end,
    subject_before,
)
from .candidates import (
    ACCORDING,
    INVERTED,
    PARENTHETICAL,
    PARTICIPLE,
    REPORTED,
    REPORTED_BARE,
    Candidate,
)
from .phrases import DETERMINERS, base_word, speaker_phrase
from .text import Quote, Sentence, word_count


def speech_candidates(text: str, sentence: Sentence) -> list[Candidate]:
    """Reported speech without quotation marks."""
    start, end = sentence.start, sentence.end
    found: list[Candidate] = []
    forward = forward_report(text, start, end, sentence.quotes)
    if forward is not None:
        found.append(forward)
    else:
        inverted = _inverted(text, start, end)
        if inverted is not None:
            found.append(inverted)
        else:
            according = _according_start(text, start, end)
            if according is not None:
                found.append(according)
    found.extend(_clause_reports(text, start, end, sentence.quotes, found))
    found.extend(participles(text, sentence, found))
    return found


def _same_subject_report(text: str, match: re.Match, owner: Candidate) -> bool:
    """`The company said it had made its best offer and warned that ...`: a second report."""
    return (
        owner.family in (REPORTED, REPORTED_BARE)
        and not match.group("np")
        and text[match.start() : match.start() + 5].strip().startswith("and")
        and content_after_verb(text, match.end(), owner.end, match.group("verb")) is not None
        and "that" in text[match.end() : match.end() + 60].split()[:6]
    )


def _clause_reports(
    text: str, start: int, end: int, quotes: list[Quote], found: list[Candidate]
) -> list[Candidate]:
    """`The firm cut its forecast and said it would close two bakeries.`, `..., though they
    stressed there was no evidence ...`: reports inside a coordinated or contrasting clause."""
    extra: list[Candidate] = []
    for match in CLAUSE_VERB.finditer(text, start, end):
        if inside(quotes, match.start()):
            continue
        # Reports come in text order, so only the latest one can hold this match.
        nearby = (*found, extra[-1]) if extra else found
        owner = next((c for c in nearby if c.start <= match.start() < c.end), None)
        if owner is not None and not _same_subject_report(text, match, owner):
            continue  # the speaker's own words ("... and he told me ...")
        if owner is not None:
            after = content_after_verb(text, match.end(), end, match.group("verb"))
            if after is None:
                continue
            owner.end = match.start()
            extra.append(
                Candidate(
                    after[0], statement_end(text, after[0], end), after[1],
                    parent=owner, verb=match.group("verb"),
                )
            )  # fmt: skip
            continue
        after = content_after_verb(text, match.end(), end, match.group("verb"))
        if after is None:
            continue
        if match.group("np"):
            phrase, phrase_at = match.group("np"), match.start("np")
        elif not found and not extra:
            phrase, phrase_at = leading_subject(text, start, match.start())
            if phrase is None:
                continue
        else:
            continue
        content_start, family = after
        content_end = statement_end(text, content_start, end)
        extra.append(
            Candidate(
                content_start, content_end, family, phrase, phrase_at, verb=match.group("verb")
            )
        )
    return extra


def forward_report(text: str, start: int, end: int, quotes: list[Quote]) -> Candidate | None:
    """`Speaker verb [adverbials] [that] content` at the start of a sentence."""
    tried = 0
    for match in VERB.finditer(text, start, end):
        if inside(quotes, match.start()):
            continue
        tried += 1
        if tried > 2:
            break
        phrase, phrase_at = subject_before(text, start, match.start())
        if phrase is None:
            continue
        found = content_after_verb(text, match.end(), end, match.group())
        if found is None:
            continue
        content_start, family = found
        content_end = statement_end(text, content_start, end)
        return Candidate(content_start, content_end, family, phrase, phrase_at, verb=match.group())
    return None


def _inverted(text: str, start: int, end: int) -> Candidate | None:
    """`Content, Speaker verb [adverbials].` and `Content, verb Speaker.`"""
    commas = [m.start() for m in re.finditer(",", text[start:end])][-6:]
    for comma in reversed(commas):
        at = start + comma + 1
        found = attribution_at(text, at, end)
        if found is None:
            continue
        phrase, phrase_at, verb, parenthetical = found
        content_end = start + comma
        if parenthetical:
            return Candidate(start, end, PARENTHETICAL, phrase, phrase_at, verb=verb)
        content_end, phrase, phrase_at = _appositive_before(
            text, start, content_end, phrase, phrase_at
        )
        return Candidate(start, content_end, INVERTED, phrase, phrase_at, verb=verb)
    return None


def _appositive_before(
    text: str, start: int, content_end: int, phrase: str, phrase_at: int
) -> tuple[int, str, int]:
    """Fold `..., the city's chief engineer, Tomasz Nowak, said.` into one speaker phrase."""
    comma = text.rfind(",", start, content_end)
    if comma < 0:
        return content_end, phrase, phrase_at
    segment = text[comma + 1 : content_end].strip()
    words = segment.split()
    if not words or base_word(words[0]) not in DETERMINERS:
        return content_end, phrase, phrase_at
    joined = speaker_phrase(f"{segment}, {phrase}")
    if joined is None or word_count(text, start, comma) < patterns.MIN_STATEMENT_WORDS:
        return content_end, phrase, phrase_at
    return comma, joined, comma + 1 + (len(text[comma + 1 : content_end]) - len(segment))


def _according_start(text: str, start: int, end: int) -> Candidate | None:
    match = ACCORDING_START.match(text, start, end)
    if match is None:
        return None
    phrase = according_phrase(match.group("np"))
    if phrase is None:
        return None
    return Candidate(match.end(), end, ACCORDING, phrase, match.start("np"), "according to")


def _participle_clauses(text: str, sentence: Sentence) -> list[re.Match]:
    """`..., adding that ...` and, with no comma, `... Tuesday saying repairs ...`."""
    found = list(PARTICIPLE_CLAUSE.finditer(text, sentence.start, sentence.end))
    for match in PARTICIPLE_WITHOUT_COMMA.finditer(text, sentence.start, sentence.end):
        before = text[sentence.start : match.start()].split()
        if len(before) < 3 or before[-1].casefold() in NOT_BEFORE_BARE_PARTICIPLE:
            continue
        if not VERB.search(text, sentence.start, match.start()) and not _FINITE.search(
            text, sentence.start, match.start()
        ):
            continue  # no clause of its own before it
        found.append(match)
    return sorted(found, key=lambda m: m.start())


# A finite verb before a bare participle: "confirmed", "issued", "met".
_FINITE = re.compile(r"\b[a-z]{3,}ed\b")


def participles(text: str, sentence: Sentence, found: list[Candidate]) -> list[Candidate]:
    """`..., adding that ...`: a further statement by the sentence's speaker."""
    extra: list[Candidate] = []
    for match in _participle_clauses(text, sentence):
        if inside(sentence.quotes, match.start()):
            continue
        if not match.group("that") and match.group("p") not in BARE_PARTICIPLES:
            continue
        if match.end() < sentence.end and text[match.end()] in '"“‘':
            continue  # a quotation, handled as such
        owner = next((c for c in found if c.start <= match.start() <= c.end + 1), None)
        if owner is None and found:
            owner = found[0]
        for candidate in (*found, *extra):
            if candidate.start < match.start() < candidate.end:
                candidate.end = match.start()  # "A, adding that B": A ends at the comma
        if owner is not None:
            extra.append(
                Candidate(
                    match.end(),
                    sentence.end,
                    PARTICIPLE,
                    parent=owner,
                    verb=match.group("p"),
                )
            )
            continue
        phrase, phrase_at = leading_subject(text, sentence.start, match.start())
        if phrase is not None:
            extra.append(
                Candidate(
                    match.end(),
                    sentence.end,
                    PARTICIPLE,
                    phrase,
                    phrase_at,
                    verb=match.group("p"),
                )
            )
            found = [*found, extra[-1]]
    return extra

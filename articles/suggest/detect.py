"""Find candidate statements and the phrases that attribute them, sentence by sentence.

One pass per paragraph: quotations first (`quotations.py`), then reported speech
without quotation marks (`reported.py`), then the links between sentences: a
quotation's speaker from its neighbours, runs of quoted sentences before an
attribution, sentences that continue a statement. Speakers are left as phrases;
`speakers.py` resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns
from .attribution import VERB, leading_subject, name_runs
from .candidates import (
    COLON,
    CONTINUATION,
    INVERTED,
    PARENTHETICAL,
    PARTICIPLE,
    QUOTE,
    QUOTE_LINKED,
    Candidate,
)
from .quotations import quote_candidates
from .reported import speech_candidates
from .text import Paragraph, Sentence, paragraphs, trim, word_count

__all__ = ["AnalysedParagraph", "Candidate", "analyse", "leading_subject", "name_runs"]

# After these, the next sentences of the paragraph are the same speaker talking on.
_CONTENT_FIRST = frozenset({INVERTED, COLON, PARENTHETICAL, CONTINUATION})
_FIRST_PERSON = frozenset(patterns.FIRST_AND_SECOND_PERSON)
_FIRST_PERSON_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


@dataclass
class AnalysedParagraph:
    paragraph: Paragraph
    candidates: list[list[Candidate]]  # per sentence, in text order
    claimed: list[bool]  # the sentence is content of a statement begun elsewhere


def analyse(text: str) -> list[AnalysedParagraph]:
    """Candidate statements of a whole text, paragraph by paragraph."""
    result: list[AnalysedParagraph] = []
    previous: Candidate | None = None
    for paragraph in paragraphs(text):
        per_sentence = [_sentence_candidates(text, s) for s in paragraph.sentences]
        analysed = AnalysedParagraph(paragraph, per_sentence, [False] * len(per_sentence))
        _link_quotes(analysed, previous)
        _extend_backwards(text, analysed)
        _continue_forwards(text, analysed, previous)
        result.append(analysed)
        ending = analysed.candidates[-1] if analysed.candidates else []
        previous = ending[-1] if ending else None
    return result


def _sentence_candidates(text: str, sentence: Sentence) -> list[Candidate]:
    candidates: list[Candidate] = []
    if sentence.quotes:
        candidates = quote_candidates(text, sentence)
    if not candidates:
        candidates = speech_candidates(text, sentence)
    kept = []
    for candidate in candidates:
        candidate.start, candidate.end = trim(text, candidate.start, candidate.end)
        if word_count(text, candidate.start, candidate.end) >= _min_words(candidate):
            kept.append(candidate)
    return kept


def _min_words(candidate: Candidate) -> int:
    return 2 if candidate.family == QUOTE else patterns.MIN_STATEMENT_WORDS


def _link_quotes(analysed: AnalysedParagraph, previous: Candidate | None) -> None:
    """Give a quotation without attribution the speaker of its neighbour: the statement
    before it, else the next attributed one, else the previous paragraph's last."""
    flat = [c for per in analysed.candidates for c in per]
    following: list[Candidate | None] = [None] * len(flat)
    upcoming = None
    for index in range(len(flat) - 1, -1, -1):
        following[index] = upcoming
        if flat[index].phrase:
            upcoming = flat[index]
    before = None
    for index, candidate in enumerate(flat):
        unattributed = not (candidate.parent or candidate.phrase)
        if unattributed and candidate.family in (QUOTE_LINKED, PARTICIPLE):
            candidate.parent = before or following[index] or previous
        if candidate.phrase or candidate.parent:
            before = candidate


def _extend_backwards(text: str, analysed: AnalysedParagraph) -> None:
    """`We worked for weeks. We want peace, he said.`: one statement over both sentences."""
    sentences = analysed.paragraph.sentences
    for index, per in enumerate(analysed.candidates):
        first = per[0] if per else None
        if first is None or first.family != INVERTED or first.start != sentences[index].start:
            continue
        j = index - 1
        while j >= 0 and not analysed.candidates[j] and not analysed.claimed[j]:
            sentence = sentences[j]
            if sentence.quotes or not _speaks(text, sentence.start, sentence.end):
                break
            first.start = sentence.start
            analysed.claimed[j] = True
            j -= 1


def _continue_forwards(text: str, analysed: AnalysedParagraph, previous: Candidate | None) -> None:
    """Sentences after an attributed statement that go on with the same speaker."""
    sentences = analysed.paragraph.sentences
    last = previous  # the statement the previous sentence ended with, if any
    for index, sentence in enumerate(sentences):
        per = analysed.candidates[index]
        if analysed.claimed[index]:
            continue
        if per:
            last = per[-1]
            continue
        speaks = _speaks(text, sentence.start, sentence.end)
        parent = last
        if parent is None or sentence.quotes or parent.family in (QUOTE, QUOTE_LINKED):
            parent = None
        elif index == 0 or not (parent.family in _CONTENT_FIRST or speaks):
            parent = parent if speaks else None
        elif not speaks and VERB.search(text, sentence.start, sentence.end):
            parent = None  # narration about what someone said
        if parent is None:
            last = None
            continue
        start, end = trim(text, sentence.start, sentence.end)
        runs_on = parent.family in (CONTINUATION, COLON)
        if index > 0 and runs_on and parent.end >= sentences[index - 1].start:
            parent.end = end  # one statement for the whole run of sentences
            analysed.claimed[index] = True
            continue
        candidate = Candidate(start, end, CONTINUATION, parent=parent)
        per.append(candidate)
        last = candidate


def _speaks(text: str, start: int, end: int) -> bool:
    """Whether a sentence is someone talking: it says I, we, our or you."""
    return any(w in _FIRST_PERSON for w in _FIRST_PERSON_WORD.findall(text, start, end))

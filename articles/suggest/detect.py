"""Find candidate statements and the phrases that attribute them, sentence by sentence.

One pass per paragraph: quotations first (`quotations.py`), then reported speech
without quotation marks (`reported.py`), then the links between sentences: a
quotation's speaker from its neighbours, runs of quoted sentences before an
attribution, sentences that continue a statement. Speakers are left as phrases;
`speakers.py` resolves them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import parsed, patterns
from .attribution import VERB, leading_subject, name_runs, subject_before
from .candidates import (
    COLON,
    CONTINUATION,
    INVERTED,
    PARENTHETICAL,
    PARTICIPLE,
    QUOTE,
    QUOTE_LINKED,
    REPORTED,
    REPORTED_BARE,
    Candidate,
)
from .quotations import quote_candidates
from .reported import speech_candidates
from .text import Paragraph, Sentence, paragraphs, trim, word_count

__all__ = ["AnalysedParagraph", "Analysis", "Candidate", "analyse", "leading_subject", "name_runs"]

# After these, the next sentences of the paragraph are the same speaker talking on.
_CONTENT_FIRST = frozenset({INVERTED, COLON, PARENTHETICAL, CONTINUATION})
_FIRST_PERSON = frozenset(patterns.FIRST_AND_SECOND_PERSON)
_PRONOUNS = frozenset(patterns.PERSON_PRONOUNS + patterns.GROUP_PRONOUNS)
_FIRST_PERSON_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


@dataclass
class AnalysedParagraph:
    paragraph: Paragraph
    candidates: list[list[Candidate]]  # per sentence, in text order
    claimed: list[bool]  # the sentence is content of a statement begun elsewhere


@dataclass
class Analysis:
    paragraphs: list[AnalysedParagraph]
    entities: list[parsed.Entity]  # what the parser named, when it ran


def analyse(text: str, *, parser=None) -> Analysis:
    """Candidate statements of a whole text, paragraph by paragraph.

    With `parser` (a spaCy pipeline), what the parse finds is merged with what the
    rules find, sentence by sentence.
    """
    result: list[AnalysedParagraph] = []
    found = list(paragraphs(text))
    # An article that uses quotation marks marks what is said with them: sentences
    # after an attribution without them are the writer's. Only where the marks were
    # lost (a feed that strips them) do such sentences go on with the speaker.
    quoting = sum(len(p.quotes) for p in found) >= patterns.QUOTING_ARTICLE_QUOTES
    previous: Candidate | None = None
    running: Candidate | None = None  # a quotation that runs on into the next paragraph
    introduction: Candidate | None = None  # "X said:" ending the paragraph before
    source = _headline_verbs_lowered(text, found)
    parse = parsed.parse(source, found, parser) if parser is not None else None
    by_sentence = _by_sentence(parse.candidates, found) if parse is not None else {}
    for paragraph in found:
        per_sentence = [
            _merged(text, _sentence_candidates(source, s), by_sentence.get(s.start, []))
            for s in paragraph.sentences
        ]
        analysed = AnalysedParagraph(paragraph, per_sentence, [False] * len(per_sentence))
        _introduced(analysed, introduction)
        _link_quotes(analysed, previous)
        _continue_quotation(text, analysed, running)
        _join_split_quotes(text, analysed)
        _extend_backwards(text, analysed)
        if not quoting:
            _continue_forwards(text, analysed, previous)
        result.append(analysed)
        ending = analysed.candidates[-1] if analysed.candidates else []
        previous = ending[-1] if ending else None
        running = _running_quotation(text, paragraph, previous)
        introduction = _introduction(text, paragraph)
    return Analysis(result, parse.entities if parse is not None else [])


_INTRO_VERBS = sorted(patterns.REPORTING_VERBS + patterns.INTRODUCING_VERBS, key=len, reverse=True)
_INTRO_VERB = re.compile(rf"\b(?:{'|'.join(_INTRO_VERBS)})\b")


_HEADLINE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_HEADLINE_VERBS = frozenset(patterns.REPORTING_VERBS)


def is_headline(text: str, paragraph: Paragraph) -> bool:
    """A line in title case with no full stop at its end: "Minister Warns Of Cuts"."""
    line = text[paragraph.start : paragraph.end].strip()
    if "\n" in line or line[-1:] in ".!?\"”’'" or len(paragraph.sentences) != 1:
        return False
    words = _HEADLINE_WORD.findall(line)
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 3 and capitalised >= 0.6 * len(words)


def _headline_verbs_lowered(text: str, found: list[Paragraph]) -> str:
    """The text with its headlines' reporting verbs in lower case ("Warns" -> "warns"),
    so that the rules and the parser read them as sentences; offsets stay the same."""
    headlines = [p for p in found if is_headline(text, p)]
    if not headlines:
        return text
    pieces, at = [], 0
    for paragraph in headlines:
        line = text[paragraph.start : paragraph.end]
        pieces += [text[at : paragraph.start], _HEADLINE_WORD.sub(_lowered_verb, line)]
        at = paragraph.end
    return "".join([*pieces, text[at:]])


def _lowered_verb(match: re.Match) -> str:
    word = match.group()
    return word.lower() if word.lower() in _HEADLINE_VERBS else word


def _introduction(text: str, paragraph: Paragraph) -> Candidate | None:
    """`Cruz continued:` ending a paragraph: who speaks in the quotation that follows."""
    if not text[paragraph.start : paragraph.end].rstrip().endswith(":"):
        return None
    sentence = paragraph.sentences[-1]
    verbs = list(_INTRO_VERB.finditer(text, sentence.start, sentence.end))
    if not verbs:
        return None
    verb = verbs[-1]
    phrase, phrase_at = subject_before(text, sentence.start, verb.start())
    if phrase is None:
        return None
    return Candidate(sentence.end, sentence.end, COLON, phrase, phrase_at, verb=verb.group())


def _introduced(analysed: AnalysedParagraph, introduction: Candidate | None) -> None:
    """The quotation opening a paragraph after `X said:` is X's."""
    if introduction is None or not analysed.candidates or not analysed.candidates[0]:
        return
    first = analysed.candidates[0][0]
    quotes = analysed.paragraph.quotes
    if first.family != QUOTE_LINKED or first.parent is not None or not quotes:
        return
    if quotes[0].open != analysed.paragraph.start:
        return
    first.family = QUOTE
    first.phrase, first.phrase_at, first.verb = (
        introduction.phrase,
        introduction.phrase_at,
        introduction.verb,
    )


def _running_quotation(text: str, paragraph: Paragraph, last: Candidate | None) -> Candidate | None:
    """The statement whose quotation is left open at the paragraph's end, if any."""
    if last is None or not paragraph.quotes or last.family not in (QUOTE, QUOTE_LINKED):
        return None
    quote = paragraph.quotes[-1]
    if quote.close < paragraph.end or not last.start <= quote.inner[0] <= last.end:
        return None
    return last


def _continue_quotation(text: str, analysed: AnalysedParagraph, running: Candidate | None) -> None:
    """A paragraph that opens with a quotation goes on with the quotation the paragraph
    before left open: one statement over both."""
    if running is None or not analysed.candidates or not analysed.paragraph.quotes:
        return
    first_quote = analysed.paragraph.quotes[0]
    if first_quote.open != analysed.paragraph.start:
        return
    per = analysed.candidates[0]
    first = per[0] if per else None
    if first is None or not first_quote.open <= first.start <= first_quote.inner[0] + 1:
        return
    same_speaker = first.family == QUOTE_LINKED or (
        first.family == QUOTE and first.phrase.casefold() in _PRONOUNS
    )
    if not same_speaker:
        return
    running.end = first.end
    per.remove(first)
    analysed.claimed[0] = not per


def _by_sentence(candidates: list[Candidate], found: list[Paragraph]) -> dict[int, list[Candidate]]:
    """The parser's candidates, by the start of the sentence their statement starts in."""
    by_sentence: dict[int, list[Candidate]] = {}
    starts = [s.start for p in found for s in p.sentences]
    for candidate in candidates:
        i = bisect.bisect_right(starts, candidate.start) - 1
        if i >= 0:
            by_sentence.setdefault(starts[i], []).append(candidate)
    return by_sentence


_REPORTS = frozenset({REPORTED, REPORTED_BARE, PARTICIPLE})


_BOUNDARY = re.compile(r"\s*(?:[,;:.)—–]|\s(?:but|and|while|though|although|as|because)\b|$)")


def _clause_boundary(text: str, at: int) -> bool:
    """Whether a statement may end at `at`: before a comma, a dash or a conjunction."""
    return _BOUNDARY.match(text, at) is not None


def _merged(text: str, rules: list[Candidate], parsed: list[Candidate]) -> list[Candidate]:
    """The rules' candidates, told by the parser who speaks when they could not say and
    where a report ends; and the parser's candidates that the rules missed."""
    kept = list(rules)
    for candidate in parsed:
        same = next((other for other in rules if _same_statement(candidate, other)), None)
        if same is None:
            if not any(_same_statement(candidate, other) for other in kept):
                kept.append(candidate)
            continue
        if not same.phrase and same.parent is None and candidate.phrase:
            same.phrase, same.phrase_at, same.verb = (
                candidate.phrase,
                candidate.phrase_at,
                candidate.verb,
            )
            if same.family == QUOTE_LINKED:
                same.family = QUOTE
        elif (
            same.family in _REPORTS
            and abs(same.start - candidate.start) <= 8
            and (candidate.end >= same.end or _clause_boundary(text, candidate.end))
        ):
            # The parse knows where the reported clause ends ("..., which votes on ...",
            # "... the border, but that he would not ...").
            same.end = candidate.end
        elif (
            same.family in (QUOTE, QUOTE_LINKED)
            and candidate.start < same.start - 1
            and same.end <= candidate.end + 1
            and (candidate.end - candidate.start) > 1.5 * (same.end - same.start)
        ):
            # A partial quotation inside reported speech: the report is the statement.
            same.start, same.end, same.family = candidate.start, candidate.end, candidate.family
            same.parent = None
            same.phrase, same.phrase_at, same.verb = (
                candidate.phrase or same.phrase,
                candidate.phrase_at if candidate.phrase else same.phrase_at,
                candidate.verb,
            )
    kept.sort(key=lambda c: (c.start, c.end))
    return kept


def _same_statement(a: Candidate, b: Candidate) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared >= 0.5 * min(a.end - a.start, b.end - b.start)


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


def _join_split_quotes(text: str, analysed: AnalysedParagraph) -> None:
    """`"A," she said, "B."` and `"A," she said. "B."`: one statement from A to B.

    A quotation whose speaker is the attribution of the quotation just before it, with
    nothing but that attribution between them, goes on with the same statement.
    """
    sentences = analysed.paragraph.sentences
    owner: Candidate | None = None
    between: Candidate | None = None
    owner_sentence = -1
    for index, per in enumerate(analysed.candidates):
        for candidate in list(per):
            if (
                owner is not None
                and candidate.family not in (QUOTE, QUOTE_LINKED)
                and candidate.start >= owner.end
            ):
                # A report inside the attribution ("said X, who called for ..."):
                # the quotation may still go on after it.
                between = candidate
                continue
            joins = (
                owner is not None
                and candidate.family in (QUOTE, QUOTE_LINKED)
                and (
                    candidate.parent is owner
                    or (between is not None and candidate.parent is between)
                    or (
                        candidate.phrase == owner.phrase
                        and owner.end <= candidate.phrase_at < candidate.start
                    )
                )
                and _only_attribution_between(text, owner, candidate)
                and _opens_its_sentence(text, sentences[index], owner, candidate)
            )
            if joins and owner is not None:
                owner.end = candidate.end
                per.remove(candidate)
                if not per and index != owner_sentence:
                    analysed.claimed[index] = True
                continue
            owner = candidate if candidate.family == QUOTE else None
            owner_sentence = index
            between = None
        if owner is not None and index + 1 < len(sentences) and owner.end < sentences[index].start:
            owner = None


def _opens_its_sentence(text: str, sentence: Sentence, first: Candidate, second: Candidate) -> bool:
    """In a sentence after the first part, the second part opens that sentence:
    `"A," he said. "B."`, not `"A," he said. Others, he added, are "B."`."""
    if sentence.start <= first.end:
        return True  # the same sentence
    return not text[sentence.start : second.start].strip(" \"“‘'«")


def _only_attribution_between(text: str, first: Candidate, second: Candidate) -> bool:
    gap_start, gap_end = first.end, second.start
    if gap_end <= gap_start or not first.phrase:
        return False
    if not gap_start <= first.phrase_at < gap_end:
        return False  # the attribution is not between the two parts
    return word_count(text, gap_start, gap_end) <= patterns.MAX_SPLIT_ATTRIBUTION_WORDS


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
        elif _from_a_record(parent) and not speaks:
            parent = None  # after "according to X" or "the emails show", narration again
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


_RECORD_VERBS = frozenset(patterns.RECORD_VERBS)


def _from_a_record(candidate: Candidate) -> bool:
    """Attributed by "according to" or to a record that "shows": no one talking on."""
    while candidate.parent is not None and not candidate.verb:
        candidate = candidate.parent
    return candidate.verb.casefold() in _RECORD_VERBS


def _speaks(text: str, start: int, end: int) -> bool:
    """Whether a sentence is someone talking: it says I, we, our or you."""
    return any(w in _FIRST_PERSON for w in _FIRST_PERSON_WORD.findall(text, start, end))

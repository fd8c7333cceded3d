"""Find candidate statements and the phrases that attribute them, sentence by sentence.

One pass per paragraph: quotations first, then reported speech without quotation
marks (`X said (that) ...`, `..., X said.`, `according to X`), then the sentences
that continue a statement. Speakers are left as phrases; `speakers.py` resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import patterns
from .phrases import (
    DETERMINERS,
    DOCUMENT_NOUNS,
    MODIFIERS,
    PARTICLES,
    base_word,
    clean_token,
    is_capitalised,
    is_head,
    is_name_word,
    remove_parentheticals,
    speaker_phrase,
)
from .text import Paragraph, Quote, Sentence, paragraphs, trim, word_count

# Families of candidates, from the pattern that found them.
QUOTE = "quote"  # a quotation with its attribution next to it
QUOTE_LINKED = "quote-linked"  # a quotation whose speaker comes from a neighbour
INVERTED = "inverted"  # "..., Blinken warned on Sunday."
COLON = "colon"  # "Blinken said: We ..."
REPORTED = "reported"  # "Blinken said (on Sunday) that ..."
REPORTED_BARE = "reported-bare"  # "Sullivan said the US wants ..."
ACCORDING = "according"  # "According to X, ..." / "..., according to X."
PARENTHETICAL = "parenthetical"  # "The gates, he said, are safe."
PARTICIPLE = "participle"  # "..., predicting that ..."
CONTINUATION = "continuation"  # sentences that go on with the previous speaker

# After these, the next sentences of the paragraph are the same speaker talking on.
_CONTENT_FIRST = frozenset({INVERTED, COLON, PARENTHETICAL, CONTINUATION})


@dataclass(eq=False)
class Candidate:
    start: int
    end: int
    family: str
    phrase: str = ""  # the speaker as written, "" when it comes from `parent`
    phrase_at: int = -1
    verb: str = ""
    parent: Candidate | None = None


@dataclass
class AnalysedParagraph:
    paragraph: Paragraph
    candidates: list[list[Candidate]]  # per sentence, in text order
    claimed: list[bool]  # the sentence is content of a statement begun elsewhere


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_VERBS = _alternation(patterns.REPORTING_VERBS)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_MODIFIERS = rf"(?:(?:{_alternation(patterns.VERB_MODIFIERS)})\s+){{0,3}}"
_NP_VERB = re.compile(rf"\s*(?P<np>[^\"“”!?;]{{1,120}}?)\s*,?\s+{_MODIFIERS}(?P<verb>{_VERBS})\b")
_VERB_NP = re.compile(
    rf"\s*(?P<verb>{_VERBS})\s+(?P<np>[^,;:!?\"“”]{{1,120}}?)"
    rf"(?=\s*(?:[,;:!?\"”]|\.\s*$|\.[\"”’]|$)|\s+(?:{_alternation(patterns.ADVERBIAL_STARTERS)})\b)"
)
_ACCORDING_END = re.compile(r"\s*according\s+to\s+(?P<np>[^;!?]{2,120}?)\s*[.!?]?[\"”’]?\s*$")
_ACCORDING_START = re.compile(r"\s*According\s+to\s+(?P<np>[^,;!?]{2,120}?),\s+")
_ACCORDING_TAIL = re.compile(r",\s+according\s+to\s+[^,;]{2,120}$")
_PARTICIPLE = re.compile(
    rf",\s+(?:and\s+)?(?P<p>{_alternation(patterns.PARTICIPLES)})\s+(?P<that>that\s+)?"
)
_CONJUNCTION = re.compile(r"(?:But|And|Yet|So|Or|Still|Now|Then|Instead|Also|Both)\s+")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_LEADING_TIME = re.compile(
    r"(?:On|Last|This|Earlier|Later|Late|Early|In|By|Over|Since|Until)\s+"
    r"(?:[\w’'-]+\s+){0,3}?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|"
    rf"morning|afternoon|evening|night|weekend|day|{_MONTHS}|\d{{4}}|\d{{1,2}}|spring|"
    r"summer|autumn|fall|winter)\b,?\s+"
)
_TRAILING_TIME = re.compile(
    r"\s+(?:on|last|this|earlier|later|late|early)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|"
    r"morning|afternoon|evening|night|weekend|day)$"
)
# "The institute, in a report published on Monday, warned": the aside is not the speaker.
_SUBJECT_ASIDE = re.compile(
    r",\s*(?:in|on|at|during|after|before|speaking|writing|asked|through|via)\b[^,]{0,80}"
    r"(?:,?\s*$|(?=,))"
)
# "... and said it would ...", "..., though they stressed that ...": a report inside a clause.
_CLAUSE_VERB = re.compile(
    r"[\s,](?:and|but|though|although|while|whereas)\s+(?:(?P<np>he|she|they|it)\s+)?"
    rf"{_MODIFIERS}(?P<verb>{_VERBS})\b"
)
# A clause the writer adds after a report (", sending shares down ..."), not part of it.
_WRITER_CLAUSE = re.compile(
    r",\s+(?!including\b|regarding\b|concerning\b|following\b|notwithstanding\b|during\b)"
    r"[a-z]+ing\b"
)
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|van|von|al|bin)\s+)?[A-Z][\w'’.-]*)*")
_TRAILING_MODIFIERS = re.compile(rf"(?:\s+(?:{_alternation(patterns.VERB_MODIFIERS)}))+\s*$")
_WORD = re.compile(r"\S+")
_INTRO_WORDS = frozenset(patterns.INTRO_WORDS)
_ADVERBIAL_STARTERS = frozenset(patterns.ADVERBIAL_STARTERS)
_TIME_WORDS = frozenset(patterns.TIME_WORDS)
_AUDIENCE_VERBS = frozenset(patterns.VERBS_WITH_AUDIENCE)
_AUDIENCE_WORDS = frozenset(patterns.AUDIENCE_WORDS)
_BARE_VERBS = frozenset(patterns.VERBS_WITHOUT_THAT)
_BARE_PARTICIPLES = frozenset(patterns.PARTICIPLES_WITHOUT_THAT)
_FIRST_PERSON = frozenset(patterns.FIRST_AND_SECOND_PERSON)
_FIRST_PERSON_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# Words that may sit between a verb and its "that" ("said on Sunday in a statement that").
_ATTRIBUTION_WORDS = (
    _ADVERBIAL_STARTERS
    | _TIME_WORDS
    | DETERMINERS
    | frozenset(
        {"statement", "interview", "briefing", "conference", "news", "press", "speech"}
        | {"meeting", "call", "hearing", "session", "radio", "television", "tv", "podcast"}
        | {"post", "letter", "week", "month", "year", "morning", "afternoon", "evening"}
        | {"night", "weekend", "day", "visit", "address", "report", "a", "an", "the", "of"}
        | {"and", "parliament", "congress", "court", "reporters", "journalists", "itself"}
        | {"written", "televised", "separate", "joint", "recent", "brief", "phone", "video"}
    )
)
_VERB_WORDS = frozenset(patterns.REPORTING_VERBS)
_RELATIVE = re.compile(r"\s+(?:who|which|whose|whom)\b.*$", re.DOTALL)
_RELATIVE_OR_CLAUSE = frozenset(
    {"who", "which", "whose", "citing", "according", "speaking", "referring"}
    | {"as", "when", "while", "after", "before", "in", "on", "at", "during", "though"}
    | {"even", "although", "whereas", "despite", "amid", "ahead"}
    | set(patterns.PARTICIPLES)
)


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


# Sentences ----------------------------------------------------------------------


def _sentence_candidates(text: str, sentence: Sentence) -> list[Candidate]:
    candidates: list[Candidate] = []
    if sentence.quotes:
        candidates = _quote_candidates(text, sentence)
    if not candidates:
        candidates = _speech_candidates(text, sentence)
    kept = []
    for candidate in candidates:
        candidate.start, candidate.end = trim(text, candidate.start, candidate.end)
        if word_count(text, candidate.start, candidate.end) >= _min_words(candidate):
            kept.append(candidate)
    return kept


def _min_words(candidate: Candidate) -> int:
    return 2 if candidate.family == QUOTE else patterns.MIN_STATEMENT_WORDS


def _speech_candidates(text: str, sentence: Sentence) -> list[Candidate]:
    """Reported speech without quotation marks."""
    start, end = sentence.start, sentence.end
    found: list[Candidate] = []
    forward = _forward(text, start, end, sentence.quotes)
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
    found.extend(_participles(text, sentence, found))
    return found


def _same_subject_report(text: str, match: re.Match, owner: Candidate) -> bool:
    """`The company said it had made its best offer and warned that ...`: a second report."""
    return (
        owner.family in (REPORTED, REPORTED_BARE)
        and not match.group("np")
        and text[match.start() : match.start() + 5].strip().startswith("and")
        and _content_after_verb(text, match.end(), owner.end, match.group("verb")) is not None
        and "that" in text[match.end() : match.end() + 60].split()[:6]
    )


def _clause_reports(
    text: str, start: int, end: int, quotes: list[Quote], found: list[Candidate]
) -> list[Candidate]:
    """`The firm cut its forecast and said it would close two bakeries.`, `..., though they
    stressed there was no evidence ...`: reports inside a coordinated or contrasting clause."""
    extra: list[Candidate] = []
    for match in _CLAUSE_VERB.finditer(text, start, end):
        if _inside(quotes, match.start()):
            continue
        owner = next((c for c in (*found, *extra) if c.start <= match.start() < c.end), None)
        if owner is not None and not _same_subject_report(text, match, owner):
            continue  # the speaker's own words ("... and he told me ...")
        if owner is not None:
            after = _content_after_verb(text, match.end(), end, match.group("verb"))
            if after is None:
                continue
            owner.end = match.start()
            extra.append(
                Candidate(
                    after[0], _content_end(text, after[0], end), after[1],
                    parent=owner, verb=match.group("verb"),
                )
            )  # fmt: skip
            continue
        after = _content_after_verb(text, match.end(), end, match.group("verb"))
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
        content_end = _content_end(text, content_start, end)
        extra.append(
            Candidate(
                content_start, content_end, family, phrase, phrase_at, verb=match.group("verb")
            )
        )
    return extra


def _forward(text: str, start: int, end: int, quotes: list[Quote]) -> Candidate | None:
    """`Speaker verb [adverbials] [that] content` at the start of a sentence."""
    tried = 0
    for match in _VERB.finditer(text, start, end):
        if _inside(quotes, match.start()):
            continue
        tried += 1
        if tried > 2:
            break
        phrase, phrase_at = _subject_before(text, start, match.start())
        if phrase is None:
            continue
        found = _content_after_verb(text, match.end(), end, match.group())
        if found is None:
            continue
        content_start, family = found
        content_end = _content_end(text, content_start, end)
        return Candidate(content_start, content_end, family, phrase, phrase_at, verb=match.group())
    return None


def _subject_before(text: str, start: int, verb_at: int) -> tuple[str | None, int]:
    """The speaker phrase between a sentence's start and its verb, if that is all there is."""
    prefix = text[start:verb_at]
    prefix = _TRAILING_MODIFIERS.sub("", prefix).rstrip(" ,")
    prefix = _TRAILING_TIME.sub("", prefix)
    prefix = _SUBJECT_ASIDE.sub("", prefix)
    offset = _skip_intro(prefix)
    phrase = speaker_phrase(prefix[offset:])
    if phrase is None:
        return None, -1
    return phrase, start + offset


def _skip_intro(prefix: str) -> int:
    """Where the subject starts after "But", "On Sunday," or "In an interview, "."""
    offset = 0
    for _ in range(3):
        moved = offset
        match = _CONJUNCTION.match(prefix, offset) or _LEADING_TIME.match(prefix, offset)
        if match:
            moved = match.end()
        else:
            comma = prefix.find(",", offset)
            if comma > offset:
                first = base_word(prefix[offset:comma].split()[0]) if prefix[offset:comma] else ""
                if first in _INTRO_WORDS and word_count(prefix, offset, comma) <= 12:
                    moved = comma + 1
                    while moved < len(prefix) and prefix[moved].isspace():
                        moved += 1
        if moved == offset:
            break
        offset = moved
    return offset


def _content_after_verb(text: str, at: int, end: int, verb: str) -> tuple[int, str] | None:
    """Where the statement begins after a verb in `Speaker verb ...`, and its family."""
    rest = text[at:end]
    stripped = rest.lstrip()
    if stripped.startswith(":"):
        begin = at + len(rest) - len(stripped) + 1
        return _skip_space(text, begin, end), COLON
    tokens = list(_WORD.finditer(text, at, min(end, at + 200)))[:14]
    for k, token in enumerate(tokens[:8]):
        if token.group().endswith(":"):
            # "told the Westmere Post: Nobody wins ..."
            if _attribution_words(tokens[: k + 1], verb):
                return _skip_space(text, token.end(), end), COLON
            break
    for k, token in enumerate(tokens[:10]):
        if clean_token(token.group()).casefold() == "that":
            if _attribution_words(tokens[:k], verb):
                return _skip_space(text, token.end(), end), REPORTED
            break
    if verb not in _BARE_VERBS:
        return None
    k = _skip_attribution(tokens, verb)
    if k is None or k >= len(tokens):
        return None
    first = base_word(tokens[k].group())
    if first in _ADVERBIAL_STARTERS and first not in ("this",):
        return None
    return tokens[k].start(), REPORTED_BARE


def _attribution_words(tokens: list[re.Match], verb: str) -> bool:
    """Whether the words between a verb and "that" are adverbials or an audience."""
    if not tokens:
        return True
    first = tokens[0].group()
    word = base_word(first)
    audience = verb in _AUDIENCE_VERBS
    if not (
        word in _ADVERBIAL_STARTERS
        or word in _TIME_WORDS
        or (audience and (word in _AUDIENCE_WORDS or is_capitalised(first) or word in DETERMINERS))
    ):
        return False
    for token in tokens:
        word = base_word(token.group())
        if not (
            word in _ATTRIBUTION_WORDS
            or is_capitalised(token.group())
            or word.isdigit()
            or (audience and word in _AUDIENCE_WORDS)
        ):
            return False
    return True


def _skip_attribution(tokens: list[re.Match], verb: str) -> int | None:
    """Index of the first content word after `told reporters on Sunday ...`."""
    k = 0
    if verb in _AUDIENCE_VERBS:
        if not tokens:
            return None
        word = base_word(tokens[0].group())
        if word in _AUDIENCE_WORDS and word != "the":
            k = 1
        elif is_name_word(tokens[0].group()) or (
            word == "the" and len(tokens) > 1 and is_name_word(tokens[1].group())
        ):
            k = 1 if word != "the" else 2
            while k < len(tokens) and is_name_word(tokens[k - 1].group().rstrip(",")):
                if tokens[k - 1].group().endswith(","):
                    break
                if not is_name_word(tokens[k].group()):
                    break
                k += 1
        else:
            return None
    while k < len(tokens):
        token = tokens[k].group()
        word = base_word(token)
        if word in _TIME_WORDS and (is_capitalised(token) or word in ("yesterday", "today")):
            k += 1
            continue
        if word in _ADVERBIAL_STARTERS and word not in ("this", "as", "when", "while"):
            j = k + 1
            while j < len(tokens) and j - k <= 6:
                inner = tokens[j].group()
                inner_word = base_word(inner)
                if not (
                    inner_word in _ATTRIBUTION_WORDS
                    or is_capitalised(inner)
                    or inner_word.isdigit()
                ):
                    break
                j += 1
                if inner.endswith(","):
                    break
            if j == k + 1:
                return None
            k = j
            continue
        break
    return k


def _content_end(text: str, start: int, end: int) -> int:
    """A report's end: the sentence end, before an `according to` tail or a writer's clause."""
    segment = text[start:end]
    match = _ACCORDING_TAIL.search(segment.rstrip(' .!?"”’'))
    if match:
        end = start + match.start()
    for clause in _WRITER_CLAUSE.finditer(text, start, end):
        if not _PARTICIPLE.match(text, clause.start()):
            return clause.start()
    return end


def _inverted(text: str, start: int, end: int) -> Candidate | None:
    """`Content, Speaker verb [adverbials].` and `Content, verb Speaker.`"""
    commas = [m.start() for m in re.finditer(",", text[start:end])][-6:]
    for comma in reversed(commas):
        at = start + comma + 1
        found = _attribution_at(text, at, end)
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


def _attribution_at(text: str, at: int, end: int) -> tuple[str, int, str, bool] | None:
    """An attribution filling `text[at:end]`: (phrase, where, verb, is it parenthetical)."""
    according = _ACCORDING_END.match(text, at, end)
    if according:
        phrase = _according_phrase(according.group("np"))
        if phrase:
            return phrase, at + according.start("np"), "according to", False
        return None
    for pattern in (_NP_VERB, _VERB_NP):
        match = pattern.match(text, at, end)
        if match is None:
            continue
        phrase = speaker_phrase(match.group("np"))
        if phrase is None:
            continue
        verb = match.group("verb")
        tail = _tail_kind(text, match.end(), end, verb)
        if tail is None:
            continue
        return phrase, match.start("np"), verb, tail == "parenthetical"
    return None


def _tail_kind(text: str, at: int, end: int, verb: str) -> str | None:
    """What follows an attribution: nothing much ("end"), a clause of the content
    ("parenthetical"), or something that shows this is no attribution (None)."""
    rest = text[at:end].strip().rstrip('.!?"”’)').strip()
    head, comma, clause = rest.partition(",")
    tokens = head.split()
    if len(tokens) > patterns.MAX_ATTRIBUTION_TAIL_WORDS:
        return None
    if tokens and not _adverbial_tail(tokens, verb):
        return None
    if not comma or not clause.strip():
        return "end"
    return "end" if _attribution_clause(clause) else "parenthetical"


def _adverbial_tail(tokens: list[str], verb: str) -> bool:
    """`on Sunday`, `reporters after the session`, `the party conference in Brighton`."""
    k = 0
    if verb in _AUDIENCE_VERBS:
        while (
            k < len(tokens)
            and k < 5
            and (is_capitalised(tokens[k]) or base_word(tokens[k]) in _AUDIENCE_WORDS)
        ):
            k += 1
    if k >= len(tokens):
        return True
    first = base_word(tokens[k])
    return first != "that" and (first in _ADVERBIAL_STARTERS or first in _TIME_WORDS)


def _attribution_clause(clause: str) -> bool:
    """Whether what follows `..., Speaker said,` is about the speaker, not more content."""
    words = clause.split()
    first = base_word(words[0])
    if first == "and":
        return len(words) > 1 and base_word(words[1]) in _VERB_WORDS
    if first in _RELATIVE_OR_CLAUSE:
        return True
    appositive = _RELATIVE.sub("", clause).split(",")[0]
    return speaker_phrase(appositive) is not None


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


def _according_phrase(raw: str) -> str | None:
    phrase = raw.strip()
    words = phrase.split()
    if not words or len(words) > 12:
        return None
    if any(is_name_word(w) for w in words) or any(base_word(w) in DOCUMENT_NOUNS for w in words):
        return phrase
    return speaker_phrase(phrase)


def _according_start(text: str, start: int, end: int) -> Candidate | None:
    match = _ACCORDING_START.match(text, start, end)
    if match is None:
        return None
    phrase = _according_phrase(match.group("np"))
    if phrase is None:
        return None
    return Candidate(match.end(), end, ACCORDING, phrase, match.start("np"), "according to")


def _participles(text: str, sentence: Sentence, found: list[Candidate]) -> list[Candidate]:
    """`..., adding that ...`: a further statement by the sentence's speaker."""
    extra: list[Candidate] = []
    for match in _PARTICIPLE.finditer(text, sentence.start, sentence.end):
        if _inside(sentence.quotes, match.start()):
            continue
        if not match.group("that") and match.group("p") not in _BARE_PARTICIPLES:
            continue
        if match.end() < sentence.end and text[match.end()] in '"“‘':
            continue  # a quotation, handled as such
        owner = next((c for c in found if c.start <= match.start() <= c.end + 1), None)
        if owner is None and found:
            owner = found[0]
        for candidate in found:
            if candidate.start < match.start() < candidate.end:
                candidate.end = match.start()
        if owner is not None:
            extra.append(
                Candidate(
                    match.end(), sentence.end, PARTICIPLE, parent=owner, verb=match.group("p")
                )
            )
            continue
        phrase, phrase_at = leading_subject(text, sentence.start, match.start())
        if phrase is not None:
            extra.append(
                Candidate(
                    match.end(), sentence.end, PARTICIPLE, phrase, phrase_at, verb=match.group("p")
                )
            )
            found = [*found, extra[-1]]
    return extra


def leading_subject(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The noun phrase a sentence starts with, if it can name a speaker."""
    segment = text[start:end]
    offset = _skip_intro(segment)
    tokens = segment[offset:].split()
    taken: list[str] = []
    for token in tokens[: patterns.MAX_SPEAKER_WORDS]:
        if not (is_capitalised(token) or token.endswith(("'s", "’s", "s’"))):
            word = base_word(token)
            if not (word in DETERMINERS or word in MODIFIERS or word in PARTICLES or is_head(word)):
                break
        taken.append(token.rstrip(","))
        if token.endswith(","):
            break
    while taken and speaker_phrase(" ".join(taken), post_modifiers=False) is None:
        taken.pop()
    if not taken:
        return None, -1
    return " ".join(taken), start + offset


def name_runs(text: str, start: int, end: int) -> list[str]:
    """Runs of capitalised words in the first words of a sentence ("Antony Blinken")."""
    limit = min(end, start + 160)
    return [m.group().rstrip(".") for m in _NAME_RUN.finditer(text, start, limit)]


# Quotations ---------------------------------------------------------------------


def _quote_candidates(text: str, sentence: Sentence) -> list[Candidate]:
    quotes = sentence.quotes
    forward = _forward(text, sentence.start, sentence.end, quotes)
    found: list[Candidate] = []
    if forward is not None and forward.family != COLON:
        first = next((q for q in quotes if q.open >= forward.start), None)
        if first is not None and word_count(text, forward.start, first.open) >= 1:
            if first.open < forward.end:
                # A partial quotation inside reported speech: the whole report is the statement.
                return [forward, *_participles(text, sentence, [forward])]
            found.append(forward)  # the quotation comes after the report, on its own
            quotes = [q for q in quotes if q.open >= forward.end]
    for index, quote in enumerate(quotes):
        inner_start, inner_end = trim(text, *quote.inner)
        if inner_end <= inner_start:
            continue
        limit_after = quotes[index + 1].open if index + 1 < len(quotes) else sentence.end
        limit_before = quotes[index - 1].close + 1 if index else sentence.start
        attribution = _attribution_after(text, quote.close + 1, limit_after)
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
    after = text[quote.close + 1 : sentence.end].strip(" .!?")
    return not before and not after


def _attribution_after(text: str, at: int, end: int) -> tuple[str, int, str] | None:
    """`"...," Speaker verb ...` / `"...," verb Speaker ...` right after a closing mark."""
    while at < end and text[at] in " ,\n":
        at += 1
    if at >= end:
        return None
    stop = end
    for match in _PARTICIPLE.finditer(text, at, end):
        stop = match.start()
        break
    found = _attribution_at(text, at, stop)
    if found is None:
        return None
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
        phrase = _according_phrase(according.group("np"))
        if phrase:
            return phrase, start + according.start("np"), "according to"
    verbs = list(_VERB.finditer(segment))
    participle = None
    for match in _PARTICIPLE.finditer(segment):
        participle = match
    if participle is not None and participle.end() >= len(segment.rstrip()) - 1:
        return None  # `..., adding: "..."` belongs to the sentence's speaker
    if not verbs:
        return None
    verb = verbs[-1]
    if _tail_kind(text, start + verb.end(), start + len(segment), verb.group()) is None:
        return None
    phrase, phrase_at = _subject_before(text, start, start + verb.start())
    if phrase is None:
        return None
    return phrase, phrase_at, verb.group()


# Links between sentences ----------------------------------------------------------


def _link_quotes(analysed: AnalysedParagraph, previous: Candidate | None) -> None:
    """Give a quotation without attribution the speaker of its neighbour."""
    flat = [c for per in analysed.candidates for c in per]
    for index, candidate in enumerate(flat):
        if (
            candidate.family not in (QUOTE_LINKED, PARTICIPLE)
            or candidate.parent
            or candidate.phrase
        ):
            continue
        before = next((c for c in reversed(flat[:index]) if c.phrase or c.parent), None)
        after = next((c for c in flat[index + 1 :] if c.phrase), None)
        candidate.parent = before or after or previous


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
        elif not speaks and _VERB.search(text, sentence.start, sentence.end):
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


def _inside(quotes: list[Quote], at: int) -> bool:
    return any(q.open < at < q.close for q in quotes)


def _skip_space(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at


def strip_phrase(phrase: str) -> str:
    return remove_parentheticals(phrase).strip(" ,")

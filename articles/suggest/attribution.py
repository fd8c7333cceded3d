"""The words around a reporting verb: who the speaker is and where the statement starts.

`Speaker [also] verb [audience] [adverbials] [that] statement`, `statement, Speaker verb
[adverbials]`, `according to Speaker`: the regular expressions are compiled from
`patterns.py`, once, at import.
"""

from __future__ import annotations

import re

from . import patterns
from .candidates import COLON, REPORTED, REPORTED_BARE
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
    speaker_phrase,
)
from .text import Quote, word_count


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_VERBS = _alternation(patterns.REPORTING_VERBS)
VERB = re.compile(rf"\b(?:{_VERBS})\b")
_MODIFIERS = rf"(?:(?:{_alternation(patterns.VERB_MODIFIERS)})\s+){{0,3}}"
_NP_VERB = re.compile(rf"\s*(?P<np>[^\"“”!?;]{{1,120}}?)\s*,?\s+{_MODIFIERS}(?P<verb>{_VERBS})\b")
_VERB_NP = re.compile(
    rf"\s*(?P<verb>{_alternation(patterns.INVERTING_VERBS)})\s+(?P<np>[^,;:!?\"“”]{{1,120}}?)"
    rf"(?=\s*(?:[,;:!?\"”]|\.\s*$|\.[\"”’]|$)|\s+(?:{_alternation(patterns.ADVERBIAL_STARTERS)})\b)"
)
_ACCORDING_END = re.compile(r"\s*according\s+to\s+(?P<np>[^;!?]{2,120}?)\s*[.!?]?[\"”’]?\s*$")
ACCORDING_START = re.compile(r"\s*According\s+to\s+(?P<np>[^,;!?]{2,120}?),\s+")
_ACCORDING_TAIL = re.compile(r",\s+according\s+to\s+[^,;]{2,120}$")
PARTICIPLE_CLAUSE = re.compile(
    rf",\s+(?:and\s+)?(?P<p>{_alternation(patterns.PARTICIPLES)})\s+(?P<that>that\s+)?"
)
# `Officials confirmed the closure Tuesday saying repairs would take weeks`: the same
# without a comma, after a word that leaves the participle no other job ("kept saying",
# "without saying" are not reports).
PARTICIPLE_WITHOUT_COMMA = re.compile(
    rf"(?<=[^\s,])\s+(?P<p>{_alternation(patterns.PARTICIPLES)})\s+(?P<that>that\s+)?"
)
NOT_BEFORE_BARE_PARTICIPLE = frozenset(patterns.NOT_BEFORE_BARE_PARTICIPLE)
# "CAIRO — ", "WASHINGTON (AP) — ", "RENO, Nev. - ": where the story was filed.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.]*)?(?:\s*\([\w. ]+\))?\s*[—–-]+\s+"
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
CLAUSE_VERB = re.compile(
    r"[\s,](?:and|but|though|although|while|whereas)\s+(?:(?P<np>he|she|they|it)\s+)?"
    rf"{_MODIFIERS}(?P<verb>{_VERBS})\b"
)
# A clause the writer adds after a report (", sending shares down ..."), not part of it.
_WRITER_CLAUSE = re.compile(
    r",\s+(?!including\b|regarding\b|concerning\b|following\b|notwithstanding\b|during\b)"
    r"[a-z]+ing\b"
)
_TAIL_WINDOW = 160
_CLAUSE_WINDOW = 600
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|van|von|al|bin)\s+)?[A-Z][\w'’.-]*)*")
_TRAILING_MODIFIERS = re.compile(rf"(?:\s+(?:{_alternation(patterns.VERB_MODIFIERS)}))+\s*$")
_WORD = re.compile(r"\S+")
_INTRO_WORDS = frozenset(patterns.INTRO_WORDS)
_ADVERBIAL_STARTERS = frozenset(patterns.ADVERBIAL_STARTERS)
_TIME_WORDS = frozenset(patterns.TIME_WORDS)
_AUDIENCE_VERBS = frozenset(patterns.VERBS_WITH_AUDIENCE)
_AUDIENCE_WORDS = frozenset(patterns.AUDIENCE_WORDS)
_BARE_VERBS = frozenset(patterns.VERBS_WITHOUT_THAT)
BARE_PARTICIPLES = frozenset(patterns.PARTICIPLES_WITHOUT_THAT)
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


def subject_before(text: str, start: int, verb_at: int) -> tuple[str | None, int]:
    """The speaker phrase between a sentence's start and its verb, if that is all there is."""
    prefix = text[start:verb_at]
    prefix = _TRAILING_MODIFIERS.sub("", prefix).rstrip(" ,")
    prefix = _TRAILING_TIME.sub("", prefix)
    prefix = _SUBJECT_ASIDE.sub("", prefix)
    offset = _skip_intro(prefix)
    phrase = speaker_phrase(prefix[offset:])
    if phrase is None:
        # "Councillor Maria Lopez, no relation,": a name, then an aside about them.
        head, comma, aside = prefix[offset:].rpartition(",")
        words = head.split()
        short_aside = comma and len(aside.split()) <= 6
        if short_aside and len(words) >= 2 and all(is_name_word(w) for w in words[-2:]):
            phrase = speaker_phrase(head)
    if phrase is None:
        return None, -1
    return phrase, start + offset


def _skip_intro(prefix: str) -> int:
    """Where the subject starts after "But", "On Sunday," or "In an interview, "."""
    offset = 0
    for _ in range(3):
        moved = offset
        match = (
            _CONJUNCTION.match(prefix, offset)
            or _LEADING_TIME.match(prefix, offset)
            or _DATELINE.match(prefix, offset)
        )
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


def content_after_verb(text: str, at: int, end: int, verb: str) -> tuple[int, str] | None:
    """Where the statement begins after a verb in `Speaker verb ...`, and its family."""
    rest = text[at:end]
    stripped = rest.lstrip()
    if stripped.startswith(":"):
        begin = at + len(rest) - len(stripped) + 1
        return skip_space(text, begin, end), COLON
    tokens = list(_WORD.finditer(text, at, min(end, at + 200)))[:14]
    for k, token in enumerate(tokens[:8]):
        if token.group().endswith(":"):
            # "told the Westmere Post: Nobody wins ..."
            if _attribution_words(tokens[: k + 1], verb):
                return skip_space(text, token.end(), end), COLON
            break
    for k, token in enumerate(tokens[:10]):
        if clean_token(token.group()).casefold() == "that":
            if _attribution_words(tokens[:k], verb):
                return skip_space(text, token.end(), end), REPORTED
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


def statement_end(text: str, start: int, end: int) -> int:
    """A report's end: the sentence end, before an `according to` tail or a writer's clause."""
    stop = end
    while stop > start and text[stop - 1] in ' .!?"”’':
        stop -= 1
    # Both tails sit near the ends of the report; looking only there keeps a very long
    # sentence with many reports linear.
    match = _ACCORDING_TAIL.search(text, max(start, stop - _TAIL_WINDOW), stop)
    if match:
        end = match.start()
    for clause in _WRITER_CLAUSE.finditer(text, start, min(end, start + _CLAUSE_WINDOW)):
        if not PARTICIPLE_CLAUSE.match(text, clause.start()):
            return clause.start()
    return end


def attribution_at(text: str, at: int, end: int) -> tuple[str, int, str, bool] | None:
    """An attribution filling `text[at:end]`: (phrase, where, verb, is it parenthetical)."""
    according = _ACCORDING_END.match(text, at, end)
    if according:
        phrase = according_phrase(according.group("np"))
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
        tail = tail_kind(text, match.end(), end, verb)
        if tail is None:
            continue
        return phrase, match.start("np"), verb, tail == "parenthetical"
    return None


def attribution_after_quote(text: str, at: int, end: int) -> tuple[str, int, str] | None:
    """`"Why now?" Trump asked reporters during a news conference late last month.`: a
    speaker and a verb right after a closing quotation mark are its attribution,
    whatever follows them."""
    for pattern in (_NP_VERB, _VERB_NP):
        match = pattern.match(text, at, end)
        if match is None or len(match.group("np").split()) > patterns.MAX_SPEAKER_WORDS:
            continue
        phrase = speaker_phrase(match.group("np"))
        if phrase is not None:
            return phrase, match.start("np"), match.group("verb")
    return None


def tail_kind(text: str, at: int, end: int, verb: str) -> str | None:
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


def according_phrase(raw: str) -> str | None:
    phrase = raw.strip()
    words = phrase.split()
    if not words or len(words) > 12:
        return None
    if any(is_name_word(w) for w in words) or any(base_word(w) in DOCUMENT_NOUNS for w in words):
        return phrase
    return speaker_phrase(phrase)


def leading_subject(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The noun phrase a sentence starts with, if it can name a speaker."""
    segment = text[start : min(end, start + 300)]  # a subject is among the first words
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


def inside(quotes: list[Quote], at: int) -> bool:
    return any(q.open < at < q.close for q in quotes)


def skip_space(text: str, at: int, end: int) -> int:
    while at < end and text[at].isspace():
        at += 1
    return at

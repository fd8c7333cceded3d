"""Cleaning a proposed speaker's name: what the words around a name in news text add.

"And Blinken" is Blinken, "WASHINGTON (AFP) - Biden" is Biden, "Rep. Bobby Scott
(D-Va.)" is Bobby Scott, "Nicky Driscoll, 24," is Nicky Driscoll; "31", "2015" and
"Think" are no names at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import patterns
from .phrases import ORGANISATION_NOUNS, base_word

_LEADING = frozenset(w.casefold() for w in patterns.NAME_OPENERS)
_IMPERATIVES = frozenset(w.casefold() for w in patterns.IMPERATIVE_OPENERS)
# "(R-Ohio)", "(D)", "(I-Vt.)": a politician's party and state.
_PARTY = re.compile(r"\s*\([RDI](?:-[^()]*)?\)?\s*$")
# "WASHINGTON (AFP) —", "RENO, Nev. —", "LONDON:": a dateline before the story.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+)*)(?:,\s*[A-Z][\w.]*\.?)?"
    r"(?:\s*\([A-Za-z. ]+\))?\s*[—–:-]+\s*"
)
# ", 24," ", 31" after a name: an age.
_AGE = re.compile(r",?\s+\d{1,3}\s*,?$")
_EDGES = " ,;:.()[]{}\"'“”‘’«»—–-"


def clean_name(name: str, *, keep_determiner: bool = False) -> str:
    """The name without openers, datelines, ages and party tags; "" when nothing is left.

    With `keep_determiner`, a leading "the" stays ("the mayor" as the text says it).
    """
    name = " ".join(name.split())
    name = _DATELINE.sub("", name)
    name = _PARTY.sub("", name)
    name = _AGE.sub("", name)
    name = name.strip(_EDGES)
    words = name.split()
    while words and words[0].strip(_EDGES).casefold() in _LEADING:
        if keep_determiner and words[0].casefold() == "the":
            break
        words = words[1:]
    if words and words[0].strip(_EDGES).casefold() in _IMPERATIVES and len(words) <= 2:
        return ""
    name = " ".join(words).strip(_EDGES)
    if not name or not any(c.isalpha() for c in name):
        return ""  # "31", "2015"
    return name


_CONJUNCTION = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)")
_GROUP_ADJECTIVES = frozenset(w.casefold() for w in patterns.GROUP_ADJECTIVES)
_PROPER_GROUPS = frozenset(patterns.PROPER_GROUP_NOUNS)
_GROUP_PREPOSITIONS = frozenset({"at", "of", "from"})
MAX_NAME_WORDS = 4


def conjuncts(phrase: str) -> list[str]:
    """The names of several speakers saying one thing ("Both Blinken and Sullivan",
    "Blinken, Sullivan and Austin"); [] when the phrase is one speaker.

    Every part must be a short name of its own, so that "the Department of Health and
    Human Services" or "the mayor and her deputy" stay one phrase.
    """
    if " and " not in phrase and "&" not in phrase:
        return []
    cleaned = clean_name(phrase)
    parts = [p for p in _CONJUNCTION.split(cleaned) if p]
    if len(parts) < 2 or base_word(cleaned.split()[-1]) in ORGANISATION_NOUNS:
        return []  # "the Bakers and Food Workers Union": one body
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= MAX_NAME_WORDS or not all(_is_name(w) for w in words):
            return []
    return parts


def group_speaker(name: str, is_body: Callable[[str], bool]) -> tuple[str, str]:
    """A group as a speaker: an organisation when it is one ("Republicans", "Hamas
    officials" -> Hamas), else unnamed ("Senior US officials", "several economists").

    `is_body(name)` says whether a name is an organisation's.
    """
    words = clean_name(name).split()
    while words and words[0].casefold() in _GROUP_ADJECTIVES:
        words = words[1:]
    if not words:
        return "", ""
    if len(words) == 1 and words[0].casefold() not in _PROPER_GROUPS:
        body = words[0]  # "Mediators" opening a sentence is no name
        return (body, "organisation") if is_body(body) else ("", "")
    if all(_is_name(w) for w in words):
        return " ".join(words), "organisation"  # "Republicans", "Senate Democrats"
    at = next((i for i, w in enumerate(words) if w in _GROUP_PREPOSITIONS), None)
    if at is not None:
        # "Researchers at the University of Calder": the body they speak for.
        body = clean_name(" ".join(words[at + 1 :]))
        if body and _is_name(body.split()[-1]) and _is_name(body.split()[0]):
            return body, "organisation"
    proper = []
    for word in words:
        if not _is_name(word):
            break
        proper.append(word)
    if proper and len(proper) < len(words) and is_body(" ".join(proper)):
        return " ".join(proper), "organisation"
    return "", ""


def _is_name(word: str) -> bool:
    """A capitalised word, or one naming a side ("pro-Israel", "anti-Trump")."""
    head, _, rest = word.partition("-")
    if rest and head.islower() and rest[:1].isupper():
        return True
    return word[:1].isupper() and any(c.isalpha() for c in word)

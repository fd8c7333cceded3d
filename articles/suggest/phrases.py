"""Recognising the phrase that names a speaker ("a White House spokesperson", "Blinken")."""

from __future__ import annotations

import re

from . import patterns

PRONOUNS = frozenset(
    patterns.PERSON_PRONOUNS + patterns.GROUP_PRONOUNS + patterns.ORGANISATION_PRONOUNS
)
PERSON_NOUNS = frozenset(patterns.PERSON_NOUNS)
ORGANISATION_NOUNS = frozenset(patterns.ORGANISATION_NOUNS)
GROUP_NOUNS = frozenset(patterns.GROUP_NOUNS + patterns.PROPER_GROUP_NOUNS)
DOCUMENT_NOUNS = frozenset(patterns.DOCUMENT_NOUNS)
HEAD_NOUNS = PERSON_NOUNS | ORGANISATION_NOUNS | GROUP_NOUNS | DOCUMENT_NOUNS
DETERMINERS = frozenset(patterns.DETERMINERS)
MODIFIERS = frozenset(patterns.SPEAKER_MODIFIERS)
TIME_WORDS = frozenset(patterns.TIME_WORDS)
REPORTING_VERBS = frozenset(patterns.REPORTING_VERBS)
PARTICLES = frozenset(
    {"of", "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "al", "el"}
    | {"bin", "ibn", "la", "le", "y", "and", "&", "for", "the", "to", "at"}
)
# Capitalised words that start sentences but never name a speaker.
NOT_NAMES = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "what",
        "which",
        "who",
    }
    | {"when", "where", "why", "how", "if", "although", "though", "while", "because", "but"}
    | {"and", "or", "so", "yet", "despite", "after", "before", "since", "as", "in", "on"}
    | {"at", "for", "with", "without", "from", "by", "to", "of", "we", "i", "you", "our"}
    | {"my", "your", "his", "her", "their", "they", "he", "she", "not", "no", "yes", "now"}
    | {"then", "still", "also", "even", "only", "just", "last", "next", "such", "some"}
    | {"many", "most", "all", "any", "each", "every", "both", "either", "neither", "more"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "monday", "tuesday", "wednesday"}
    | {"thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow"}
)
# Lower-case words that are never part of a speaker phrase.
FUNCTION_WORDS = frozenset(
    {"is", "was", "were", "are", "be", "been", "being", "has", "have", "had", "will"}
    | {"would", "could", "should", "may", "might", "must", "can", "not", "no", "that"}
    | {"this", "which", "who", "what", "when", "where", "why", "how", "if", "than", "then"}
    | {"there", "here", "so", "very", "also", "but", "or", "nor", "yet", "because"}
    | {"about", "after", "before", "into", "onto", "over", "under", "again", "just", "only"}
    | {"even", "still", "it", "they", "them", "he", "she", "we", "you", "i", "by", "as"}
    | {"do", "does", "did", "said", "says", "more", "most", "less", "much", "such", "if"}
)
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?—–"
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_RELATIVE = re.compile(r",?\s+(?:who|which|whose|whom)\b.*$", re.DOTALL)
_PARENTHETICAL = re.compile(
    r",\s*(?:" + "|".join(re.escape(p) for p in patterns.PARENTHETICALS) + r")\s*(?:,|$)",
    re.IGNORECASE,
)


def clean_token(token: str) -> str:
    return token.strip(_EDGE_PUNCTUATION)


def base_word(token: str) -> str:
    """The case-folded word without surrounding punctuation or a possessive ending."""
    return _POSSESSIVE.sub("", clean_token(token)).casefold()


def is_capitalised(token: str) -> bool:
    token = clean_token(token)
    return bool(token) and (token[0].isupper() or token[0].isdigit())


def is_name_word(token: str) -> bool:
    """A capitalised word that can be part of a name ("Blinken", "White", "NATO")."""
    return is_capitalised(token) and base_word(token) not in NOT_NAMES


def remove_parentheticals(phrase: str) -> str:
    return _PARENTHETICAL.sub("", phrase)


def speaker_phrase(phrase: str, *, post_modifiers: bool = True) -> str | None:
    """The phrase tidied if it can name a speaker, else None.

    A speaker phrase is a pronoun, a name, or a short noun phrase whose head is a
    word for a person, group, organisation or document: "he", "Mr. Hanegbi",
    "the city's chief engineer, Tomasz Nowak", "a senior White House official".
    """
    phrase = remove_parentheticals(phrase.strip())
    phrase = _RELATIVE.sub("", phrase).strip(" ,;:")
    if not phrase:
        return None
    if phrase.casefold() in PRONOUNS:
        return phrase
    parts = [part.strip() for part in phrase.split(",")]
    if len(parts) > 3 or not all(parts):
        return None
    if not all(_noun_phrase_ok(part.split(), post_modifiers) for part in parts):
        return None
    return phrase


_PREPOSITIONS = frozenset({"of", "for", "at", "in", "from", "with", "to", "on"})


def is_head(word: str) -> bool:
    return word in HEAD_NOUNS or singular(word) in HEAD_NOUNS


def singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def head_position(tokens: list[str]) -> int:
    """Index of a phrase's head: "spokesperson" in "a spokesperson for the ministry"."""
    for i, token in enumerate(tokens[1:], 1):
        if base_word(token) in _PREPOSITIONS:
            before = tokens[i - 1]
            if is_head(base_word(before)) and (i == 1 or not is_capitalised(before)):
                return i - 1
            break
    return len(tokens) - 1


def _noun_phrase_ok(tokens: list[str], post_modifiers: bool = True) -> bool:
    if not tokens or len(tokens) > patterns.MAX_SPEAKER_WORDS:
        return False
    words = [base_word(token) for token in tokens]
    if not all(words):
        return False
    if words[0] in PARTICLES - {"the"} and not (len(tokens) > 1 and is_name_word(tokens[1])):
        return False  # "of the ..." is no speaker, "de Vries" is
    if all(word in TIME_WORDS for word in words):
        return False
    head = head_position(tokens)
    if head < len(tokens) - 1 and not post_modifiers:
        return False
    named = len(tokens) >= 2 and all(is_name_word(t) for t in tokens[-2:])
    unknown = 0  # lower-case words we know nothing about ("highways manager")
    for position, (token, word) in enumerate(zip(tokens, words, strict=True)):
        if word in REPORTING_VERBS or word in PRONOUNS:
            return False
        if position > head or is_name_word(token):
            continue
        if word in DETERMINERS or word in PARTICLES or word in MODIFIERS or is_head(word):
            continue
        if _noun_like(word) and position < head:
            unknown += 1
            continue
        return False
    # Unknown words pass in "the county's highways manager" or "UN mediator Hiroshi Tanaka",
    # not in "Brightwater Foods cut its forecast", where they are more likely a verb.
    determined = words[0] in DETERMINERS or tokens[0].endswith(("'s", "’s"))
    if unknown > 2 or (unknown and not (named or (determined and is_head(words[head])))):
        return False
    if is_head(words[head]):
        return True
    return is_name_word(tokens[head]) and (head > 0 or words[head] not in MODIFIERS)


def _noun_like(word: str) -> bool:
    """A lower-case word that could modify a noun: not a verb form or a function word."""
    return (
        word.replace("-", "").isalpha()
        and word not in FUNCTION_WORDS
        and not word.endswith(("ed", "ing", "ly"))
    )


def core(phrase: str) -> str:
    """A phrase without what follows a lower-case head ("an economist at the Institute")."""
    tokens = phrase.split()
    if not tokens:
        return phrase
    head = head_position(tokens)
    word = base_word(tokens[head])
    if head < len(tokens) - 1 and (not is_capitalised(tokens[head]) or word in GROUP_NOUNS):
        return " ".join(tokens[: head + 1])
    return phrase


def head_kind(phrase: str) -> str:
    """Guess what a speaker phrase names: person, organisation or group."""
    tokens = phrase.replace(",", " ").split()
    if not tokens:
        return "person"
    words = [base_word(token) for token in tokens]
    head = words[head_position(tokens)]
    if head in ("he", "she"):
        return "person"
    if head == "they":
        return "group"
    if head == "it" or head in ORGANISATION_NOUNS:
        return "organisation"
    if " and " in f" {' '.join(words)} " or head in GROUP_NOUNS:
        return "group"
    if singular(head) != head and singular(head) in PERSON_NOUNS | ORGANISATION_NOUNS:
        return "group"
    return "person"

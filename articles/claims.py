"""The same claim in many articles: statements whose quotes are the same words, give or
take an edit, grouped across articles.

Quotes are compared as their words (case and punctuation left out). Candidates are found
through an index of word shingles (runs of SHINGLE words), so only quotes that share one
are ever compared; shingles shared by very many quotes ("the united states") say nothing
and are not looked up. A candidate pair is the same claim when rapidfuzz finds the words
alike enough: the whole quotes, or the shorter inside the longer when one is the other
trimmed. Groups are the connected pairs (union-find).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

SHINGLE = 3
# Quotes of fewer words are too generic to be a claim ("No." "We will.").
MIN_WORDS = 5
# A shingle in more quotes than this is too common to find candidates by.
COMMON = 200
# How alike two quotes must be, word for word (rapidfuzz's ratio of the word lists).
ALIKE = 88
# A trimmed quote: at least this share of the longer's words, nearly all of them in it.
TRIMMED_SHARE = 0.6
TRIMMED_CONTAINED = 1.0

_WORD = re.compile(r"\w+", re.UNICODE)


def words(quote: str) -> list[str]:
    return _WORD.findall(quote.casefold())


def shingles(tokens: list[str]) -> set[int]:
    return {hash(tuple(tokens[i : i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)}


def same_claim(a: list[str], b: list[str]) -> bool:
    """Are two quotes (as lists of words) the same claim? Alike word for word, or the
    shorter one the longer trimmed (nearly all its words in the longer, in order)."""
    if fuzz.ratio(a, b) >= ALIKE:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) / len(long) < TRIMMED_SHARE:
        return False
    return LCSseq.similarity(short, long) / len(short) >= TRIMMED_CONTAINED


def group(quotes: Iterable[tuple[int, str]]) -> list[list[int]]:
    """The groups of two or more keys whose quotes are the same claim, each sorted."""
    keys: list[int] = []
    tokens: list[list[str]] = []
    for key, quote in quotes:
        found = words(quote)
        if len(found) >= MIN_WORDS:
            keys.append(key)
            tokens.append(found)
    found_shingles = [shingles(t) for t in tokens]
    index: dict[int, list[int]] = defaultdict(list)
    for i, own in enumerate(found_shingles):
        for shingle in own:
            index[shingle].append(i)
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, own in enumerate(found_shingles):
        shared: Counter[int] = Counter()
        for shingle in own:
            posting = index[shingle]
            if len(posting) <= COMMON:
                shared.update(j for j in posting if j > i)
        for j, count in shared.items():
            # At least a third of the shorter quote's shingles in common.
            if count * 3 < min(len(own), len(found_shingles[j])):
                continue
            if root(i) != root(j) and same_claim(tokens[i], tokens[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[root(i)].append(key)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])

"""A claim-grouping test set: quotes reported by several outlets with small edits, and
different quotes that share many words. Generated (seeded), so it needs no corpus;
shared by the tests (floors) and the benchmarks (figures and time)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

from articles.claims import group

SUBJECTS = [
    "a major ground offensive in Rafah", "the new flood barrier", "the ceasefire proposal",
    "the energy price cap", "the hospital building programme", "the rail strike",
    "the trade agreement with Canada", "the interest rate rise", "the housing plan",
    "the new border controls", "the water company", "the school funding formula",
]  # fmt: skip
PREDICATES = [
    "would result in widespread civilian casualties",
    "could fail within the next decade if nothing is done",
    "will not be ready before the end of March",
    "must be reviewed by an independent panel this year",
    "would cost far more than the government has admitted",
    "has the support of every party in the chamber",
    "cannot be allowed to collapse under any circumstances",
    "was never properly funded by the previous administration",
]  # fmt: skip
SWAPS = {"would": "will", "could": "might", "must": "should", "far": "much", "every": "each"}


def _trim(rng: random.Random, quote: str) -> str:
    """An outlet's shorter cut: its first word, or its last one or two, left out."""
    words = quote.split()
    return " ".join(words[1:] if rng.random() < 0.4 else words[: -rng.randint(1, 2)])


def _swap_word(rng: random.Random, quote: str) -> str:
    for old, new in SWAPS.items():
        if f" {old} " in f" {quote} ":
            return f" {quote} ".replace(f" {old} ", f" {new} ", 1).strip()
    return quote.replace(" the ", " this ", 1)


def _punctuate(rng: random.Random, quote: str) -> str:
    marks = rng.choice([("“", "”"), ('"', '"'), ("''", "''"), ("", ".")])
    return f"{marks[0]}{quote[0].upper()}{quote[1:]}{marks[1]}"


def _reword(rng: random.Random, quote: str) -> str:
    return _swap_word(rng, _trim(rng, quote))


EDITS: list[Callable[[random.Random, str], str]] = [_trim, _swap_word, _punctuate, _reword]


def claims_set(claims: int = 60, seed: int = 5) -> tuple[list[tuple[int, str]], list[int]]:
    """(key, quote) pairs and each key's true claim: every claim 2–5 reports, each an edit
    of the first; claims share their subject or their predicate with others."""
    rng = random.Random(seed)
    pairs = list(itertools.product(SUBJECTS, PREDICATES))
    rng.shuffle(pairs)
    quotes: list[tuple[int, str]] = []
    truth: list[int] = []
    for claim, (subject, predicate) in enumerate(pairs[:claims]):
        base = f"{subject} {predicate}"
        for report in range(rng.randint(2, 5)):
            quote = base if report == 0 else rng.choice(EDITS)(rng, base)
            quotes.append((len(quotes), quote))
            truth.append(claim)
    return quotes, truth


def scores(quotes: list[tuple[int, str]], truth: list[int]) -> dict:
    """Pairwise precision and recall of the grouping against the true claims."""
    found = {key: n for n, members in enumerate(group(quotes)) for key in members}
    same_found = same_true = both = 0
    for (a, _), (b, _) in itertools.combinations(quotes, 2):
        predicted = a in found and found.get(a) == found.get(b)
        actual = truth[a] == truth[b]
        same_found += predicted
        same_true += actual
        both += predicted and actual
    return {
        "quotes": len(quotes),
        "claims": len(set(truth)),
        "precision": both / same_found if same_found else None,
        "recall": both / same_true if same_true else None,
    }

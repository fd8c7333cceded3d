"""Propose a stance: cue-word scores from the lexicon, refined by a naive Bayes classifier
trained on the statements analysts have approved."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import lexicon
from .lexicon import STANCES

MIN_TRAINING_EXAMPLES = 30
MIN_TRAINING_STANCES = 2
# The classifier's share of the vote grows with its training set, up to this.
MAX_MODEL_WEIGHT = 0.6
# Without a lexicon cue, the classifier alone proposes a stance when it is this sure.
MIN_MODEL_PROBABILITY = 0.6

_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_NEGATIONS = frozenset(lexicon.NEGATIONS)
_CLAUSE_BREAKS = frozenset({"but", "and", "yet", "although", "though", "while", "however"})


@dataclass(frozen=True)
class _CompiledLexicon:
    words: dict[str, dict[str, float]]  # word -> {stance: weight}
    prefixes: re.Pattern | None
    prefix_weights: dict[str, dict[str, float]]
    phrases: re.Pattern | None
    phrase_weights: dict[str, dict[str, float]]


def _compile() -> _CompiledLexicon:
    words: dict[str, dict[str, float]] = {}
    prefix_weights: dict[str, dict[str, float]] = {}
    phrase_weights: dict[str, dict[str, float]] = {}
    for stance, cues in lexicon.CUES.items():
        for cue, weight in cues.items():
            cue = cue.casefold()
            if " " in cue:
                target = phrase_weights
            elif cue.endswith("*"):
                target, cue = prefix_weights, cue[:-1]
            else:
                target = words
            target.setdefault(cue, {})[stance] = float(weight)
    prefixes = "|".join(sorted(map(re.escape, prefix_weights), key=len, reverse=True))
    phrases = "|".join(sorted(map(re.escape, phrase_weights), key=len, reverse=True))
    return _CompiledLexicon(
        words=words,
        prefixes=re.compile(rf"(?:{prefixes})") if prefixes else None,
        prefix_weights=prefix_weights,
        phrases=re.compile(rf"\b(?:{phrases})\b") if phrases else None,
        phrase_weights=phrase_weights,
    )


# Compiled once per process from the constant lexicon; it holds no data from the database.
_LEXICON = _compile()
_OPPOSITE = {lexicon.WARNING: lexicon.REASSURANCE, lexicon.REASSURANCE: lexicon.WARNING}


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold().replace("’", "'"))


def lexicon_scores(text: str, *, verb: str = "") -> dict[str, float]:
    """The lexicon's score for each stance (see `lexicon` for how cues count)."""
    scores = dict(lexicon.PRIORS)
    lowered = " ".join(tokens(text))
    words = lowered.split()
    consumed: set[int] = set()
    if _LEXICON.phrases is not None:
        # Map character offsets in `lowered` to word positions, to mark phrase words used.
        starts = []
        position = 0
        for word in words:
            starts.append(position)
            position += len(word) + 1
        for match in _LEXICON.phrases.finditer(lowered):
            first = _word_at(starts, match.start())
            last = _word_at(starts, match.end() - 1)
            negated = _negated(words, first)
            for stance, weight in _LEXICON.phrase_weights[match.group()].items():
                _add(scores, stance, weight, negated and " no" not in f" {match.group()}")
            consumed.update(range(first, last + 1))
    for i, word in enumerate(words):
        if i in consumed:
            continue
        weights = _LEXICON.words.get(word)
        if weights is None and _LEXICON.prefixes is not None:
            match = _LEXICON.prefixes.match(word)
            if match:
                weights = _LEXICON.prefix_weights[match.group()]
        if weights:
            negated = _negated(words, i)
            for stance, weight in weights.items():
                _add(scores, stance, weight, negated)
    if verb:
        cue = lexicon.VERB_CUES.get(verb.casefold())
        if cue is not None:
            scores[cue[0]] += cue[1]
    return scores


def _word_at(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _negated(words: list[str], i: int) -> bool:
    window = words[max(0, i - lexicon.NEGATION_WINDOW) : i]
    for word in reversed(window):
        if word in _CLAUSE_BREAKS:
            return False  # "no danger, but ... worse": the negation stays in its clause
        if word in _NEGATIONS or word.endswith("n't"):
            return True
    return False


def _add(scores: dict[str, float], stance: str, weight: float, negated: bool) -> None:
    if negated and stance in _OPPOSITE:
        scores[_OPPOSITE[stance]] += weight * 0.8
    else:
        scores[stance] += weight


def _softmax(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values())
    exps = {stance: math.exp(score - top) for stance, score in scores.items()}
    total = sum(exps.values())
    return {stance: value / total for stance, value in exps.items()}


def lexicon_probabilities(text: str, *, verb: str = "") -> dict[str, float]:
    return _softmax(lexicon_scores(text, verb=verb))


def features(text: str) -> list[str]:
    """Words, with "not_" before the few words after a negation ("not_safe")."""
    result = []
    negate = 0
    for word in tokens(text):
        if word in _NEGATIONS or word.endswith("n't"):
            negate = lexicon.NEGATION_WINDOW
            result.append(word)
            continue
        result.append(f"not_{word}" if negate else word)
        negate = max(0, negate - 1)
    return result


@dataclass(frozen=True)
class NaiveBayes:
    """Multinomial naive Bayes over words, with add-one smoothing."""

    log_priors: dict[str, float]
    log_likelihoods: dict[str, dict[str, float]]
    log_unseen: dict[str, float]
    size: int

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> NaiveBayes | None:
        """Train on (text, stance) pairs; None when there are too few to be useful."""
        counts: dict[str, Counter] = {stance: Counter() for stance in STANCES}
        documents: Counter = Counter()
        for text, stance in examples:
            if stance not in counts:
                continue
            documents[stance] += 1
            counts[stance].update(features(text))
        size = sum(documents.values())
        if size < MIN_TRAINING_EXAMPLES or len(+documents) < MIN_TRAINING_STANCES:
            return None
        vocabulary = set().union(*counts.values())
        log_priors, log_likelihoods, log_unseen = {}, {}, {}
        for stance in STANCES:
            total = sum(counts[stance].values()) + len(vocabulary) + 1
            log_priors[stance] = math.log((documents[stance] + 1) / (size + len(STANCES)))
            log_likelihoods[stance] = {
                word: math.log((count + 1) / total) for word, count in counts[stance].items()
            }
            log_unseen[stance] = math.log(1 / total)
        return cls(log_priors, log_likelihoods, log_unseen, size)

    def probabilities(self, text: str) -> dict[str, float]:
        words = features(text)
        # Naive Bayes counts every word as independent evidence and so is overconfident
        # on long statements; scaling by the square root of the length tempers that.
        scale = math.sqrt(max(1, len(words)))
        scores = dict(self.log_priors)
        for stance in STANCES:
            likelihoods, unseen = self.log_likelihoods[stance], self.log_unseen[stance]
            scores[stance] += sum(likelihoods.get(word, unseen) for word in words) / scale
        return _softmax(scores)

    @property
    def weight(self) -> float:
        """How much the classifier counts against the lexicon, by how much it has seen."""
        return min(MAX_MODEL_WEIGHT, self.size / (self.size + 60))


def classify(
    text: str, *, verb: str = "", model: NaiveBayes | None = None
) -> tuple[str | None, float]:
    """The most likely stance of a statement and its probability.

    None when nothing points to one: no cue of the lexicon weighs `MIN_CUE_WEIGHT`
    and the trained classifier, if any, is not at least `MIN_MODEL_PROBABILITY` sure.
    About half of what is said in the news is none of the three stances.
    """
    scores = lexicon_scores(text, verb=verb)
    probabilities = _softmax(scores)
    evidence = max(scores[s] - lexicon.PRIORS[s] for s in STANCES)
    learned_top = 0.0
    if model is not None:
        learned = model.probabilities(text)
        learned_top = max(learned.values())
        weight = model.weight
        probabilities = {
            stance: (1 - weight) * probabilities[stance] + weight * learned[stance]
            for stance in STANCES
        }
    stance = _likeliest(probabilities)
    if evidence < lexicon.MIN_CUE_WEIGHT and learned_top < MIN_MODEL_PROBABILITY:
        return None, 1 - probabilities[stance]
    return stance, probabilities[stance]


def likeliest(text: str, *, verb: str = "") -> str:
    """The lexicon's likeliest stance even without a cue, for a statement that must be
    stored with one (an import without stances marks it as proposed)."""
    return _likeliest(lexicon_probabilities(text, verb=verb))


def _likeliest(probabilities: dict[str, float]) -> str:
    return max(STANCES, key=lambda s: (probabilities[s], -STANCES.index(s)))

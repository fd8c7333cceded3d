"""Measuring the suggestions against articles annotated by hand (a "gold" set).

An evaluation set is a directory of articles in the import format (an optional
`date YYYY-MM-DD` first line, then paragraphs) and a `gold.json` with the speaker
registry to load first and, per article file, the statements an analyst marked:
their exact text, speaker and stance (see tests/suggest_eval/README.md).

A suggestion matches a gold statement when they share at least half of the longer
of the two spans; matching is one to one, best overlaps first.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..importers import parse_txt
from .engine import Suggestion

MATCH_OVERLAP = 0.5
_DETERMINERS = ("the ", "a ", "an ")


@dataclass(frozen=True)
class GoldStatement:
    start: int
    end: int
    quote: str
    speaker: str
    stance: str


@dataclass
class GoldArticle:
    name: str
    body: str
    published_on: datetime.date | None
    source: str
    statements: list[GoldStatement]


@dataclass
class EvaluationSet:
    speakers: list[dict]
    articles: list[GoldArticle]


class BadEvaluationSet(ValueError):
    """The evaluation set cannot be read; the message says where and why."""


def load_set(directory: Path) -> EvaluationSet:
    gold_path = directory / "gold.json"
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadEvaluationSet(f"{gold_path} does not exist") from None
    except json.JSONDecodeError as error:
        raise BadEvaluationSet(f"{gold_path}: bad JSON at line {error.lineno}") from None
    articles = [_load_article(directory, entry) for entry in data.get("articles", [])]
    return EvaluationSet(speakers=data.get("speakers", []), articles=articles)


def _load_article(directory: Path, entry: dict) -> GoldArticle:
    path = directory / entry["file"]
    record = parse_txt(path.read_text(encoding="utf-8"), str(path))
    statements = []
    for item in entry.get("statements", []):
        occurrence = item.get("occurrence", 1)
        start = -1
        for _ in range(occurrence):
            start = record.body.find(item["quote"], start + 1)
        if start < 0:
            raise BadEvaluationSet(f"{path.name}: quote not found: {item['quote']!r}")
        statements.append(
            GoldStatement(
                start=start,
                end=start + len(item["quote"]),
                quote=item["quote"],
                speaker=item["speaker"],
                stance=item["stance"],
            )
        )
    return GoldArticle(
        name=path.stem,
        body=record.body,
        published_on=record.published_on,
        source=entry.get("source", ""),
        statements=sorted(statements, key=lambda s: (s.start, s.end)),
    )


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    speaker_correct: int = 0
    stance_correct: int = 0
    stance_proposed: int = 0  # matched suggestions that came with a stance

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched
        self.speaker_correct += other.speaker_correct
        self.stance_correct += other.stance_correct
        self.stance_proposed += other.stance_proposed

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def speaker(self) -> float:
        return self.speaker_correct / self.matched if self.matched else 0.0

    @property
    def stance(self) -> float:
        """Right stances among the matched suggestions that proposed one."""
        return self.stance_correct / self.stance_proposed if self.stance_proposed else 0.0

    @property
    def stance_coverage(self) -> float:
        """The share of matched suggestions that proposed a stance at all."""
        return self.stance_proposed / self.matched if self.matched else 0.0

    def as_dict(self) -> dict:
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "speaker": round(self.speaker, 3),
            "stance": round(self.stance, 3),
            "stance_coverage": round(self.stance_coverage, 3),
        }


@dataclass
class ArticleResult:
    name: str
    score: Score
    missed: list[GoldStatement] = field(default_factory=list)
    spurious: list[Suggestion] = field(default_factory=list)
    wrong_speaker: list[tuple[GoldStatement, Suggestion]] = field(default_factory=list)
    wrong_stance: list[tuple[GoldStatement, Suggestion]] = field(default_factory=list)


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters as a share of the longer span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / max(a[1] - a[0], b[1] - b[0])


def match(gold: list[GoldStatement], found: list[Suggestion]) -> list[tuple[int, int]]:
    """Pairs (gold index, suggestion index), one to one, best overlaps first."""
    pairs = []
    for g, statement in enumerate(gold):
        for f, suggestion in enumerate(found):
            ratio = overlap_ratio(
                (statement.start, statement.end), (suggestion.start, suggestion.end)
            )
            if ratio >= MATCH_OVERLAP:
                pairs.append((ratio, g, f))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    matched = []
    for _, g, f in pairs:
        if g not in used_gold and f not in used_found:
            used_gold.add(g)
            used_found.add(f)
            matched.append((g, f))
    return sorted(matched)


def same_speaker(gold_name: str, suggestion: Suggestion) -> bool:
    return _name_key(gold_name) == _name_key(suggestion.speaker_name)


def _name_key(name: str) -> str:
    key = " ".join(name.replace("’", "'").casefold().split())
    for determiner in _DETERMINERS:
        if key.startswith(determiner):
            return key[len(determiner) :]
    return key


def score_article(gold: GoldArticle, found: list[Suggestion]) -> ArticleResult:
    pairs = match(gold.statements, found)
    result = ArticleResult(name=gold.name, score=Score(gold=len(gold.statements), found=len(found)))
    result.score.matched = len(pairs)
    for g, f in pairs:
        statement, suggestion = gold.statements[g], found[f]
        if same_speaker(statement.speaker, suggestion):
            result.score.speaker_correct += 1
        else:
            result.wrong_speaker.append((statement, suggestion))
        if suggestion.stance is None:
            continue  # left to the analyst: neither right nor wrong
        result.score.stance_proposed += 1
        if statement.stance == suggestion.stance:
            result.score.stance_correct += 1
        else:
            result.wrong_stance.append((statement, suggestion))
    matched_gold = {g for g, _ in pairs}
    matched_found = {f for _, f in pairs}
    result.missed = [s for i, s in enumerate(gold.statements) if i not in matched_gold]
    result.spurious = [s for i, s in enumerate(found) if i not in matched_found]
    return result

"""How well annotators agree on the same articles.

Two statements *match exactly* when their offsets are equal, and *overlap* when
they share at least half of the longer one's characters. Matching is one-to-one,
best overlap first. With annotator A as reference and B as the other side,
precision = matched / |B|, recall = matched / |A|, F1 = 2·matched / (|A| + |B|).
Speaker agreement is the share of overlap-matched pairs with the same speaker;
stance agreement is Cohen's kappa over the same pairs (undefined when both sides
used one stance only, shown as null). Matched pairs that differ in speaker or
stance are listed as disagreements, for a reviewer to adjudicate.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.contrib.auth import get_user_model

from . import selectors
from .models import Anchoring, Article, Statement

OVERLAP_THRESHOLD = 0.5


@dataclass(frozen=True)
class Span:
    id: int
    article_id: int
    start: int
    end: int
    speaker_id: int
    speaker_name: str
    stance: str
    quote: str
    status: str
    version: int
    annotator_id: int

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "article": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "speaker": self.speaker_id,
            "speaker_name": self.speaker_name,
            "stance": self.stance,
            "status": self.status,
            "version": self.version,
        }


def overlap_ratio(a: Span, b: Span) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return 0.0
    return shared / max(a.end - a.start, b.end - b.start)


def match(left: list[Span], right: list[Span], *, exact: bool) -> list[tuple[Span, Span]]:
    """Pair spans one-to-one: equal offsets, or best overlap of at least the threshold."""
    candidates = []
    if exact:
        by_offsets: dict[tuple[int, int], list[Span]] = defaultdict(list)
        for b in right:
            by_offsets[(b.start, b.end)].append(b)
        candidates = [(1.0, a, b) for a in left for b in by_offsets.get((a.start, a.end), [])]
    elif right:
        # Only spans starting within the longest right span's length can overlap.
        ordered = sorted(right, key=lambda s: s.start)
        starts = [s.start for s in ordered]
        longest = max(s.end - s.start for s in ordered)
        for a in left:
            low = bisect_left(starts, a.start - longest)
            high = bisect_left(starts, a.end)
            for b in ordered[low:high]:
                ratio = overlap_ratio(a, b)
                if ratio >= OVERLAP_THRESHOLD:
                    candidates.append((ratio, a, b))
    candidates.sort(key=lambda c: (-c[0], c[1].start, c[2].start, c[1].id, c[2].id))
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for _, a, b in candidates:
        if a.id in used_left or b.id in used_right:
            continue
        used_left.add(a.id)
        used_right.add(b.id)
        pairs.append((a, b))
    return pairs


def cohen_kappa(labels: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa for paired labels; None when chance agreement is total (one label only)."""
    n = len(labels)
    if not n:
        return None
    observed = sum(1 for a, b in labels if a == b) / n
    left = Counter(a for a, _ in labels)
    right = Counter(b for _, b in labels)
    expected = sum(left[k] * right[k] for k in set(left) | set(right)) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


@dataclass
class PairTally:
    """Counts for one pair of annotators, over one or more articles."""

    size_a: int = 0
    size_b: int = 0
    exact: int = 0
    overlap: int = 0
    same_speaker: int = 0
    stances: list[tuple[str, str]] = field(default_factory=list)
    unmatched_a: list[Span] = field(default_factory=list)
    unmatched_b: list[Span] = field(default_factory=list)
    disagreements: list[tuple[Span, Span]] = field(default_factory=list)
    articles: set[int] = field(default_factory=set)

    def add(self, article_id: int, spans_a: list[Span], spans_b: list[Span]) -> None:
        self.articles.add(article_id)
        self.size_a += len(spans_a)
        self.size_b += len(spans_b)
        self.exact += len(match(spans_a, spans_b, exact=True))
        pairs = match(spans_a, spans_b, exact=False)
        self.overlap += len(pairs)
        self.same_speaker += sum(1 for a, b in pairs if a.speaker_id == b.speaker_id)
        self.stances += [(a.stance, b.stance) for a, b in pairs]
        self.disagreements += [
            (a, b) for a, b in pairs if (a.speaker_id, a.stance) != (b.speaker_id, b.stance)
        ]
        matched_a = {a.id for a, _ in pairs}
        matched_b = {b.id for _, b in pairs}
        self.unmatched_a += [s for s in spans_a if s.id not in matched_a]
        self.unmatched_b += [s for s in spans_b if s.id not in matched_b]

    def scores(self, matched: int) -> dict:
        precision = matched / self.size_b if self.size_b else None
        recall = matched / self.size_a if self.size_a else None
        total = self.size_a + self.size_b
        return {
            "matched": matched,
            "precision": precision,
            "recall": recall,
            "f1": 2 * matched / total if total else None,
        }

    def as_dict(self) -> dict:
        return {
            "statements_a": self.size_a,
            "statements_b": self.size_b,
            "exact": self.scores(self.exact),
            "overlap": self.scores(self.overlap),
            "speaker_agreement": self.same_speaker / self.overlap if self.overlap else None,
            "stance_kappa": cohen_kappa(self.stances),
            "stance_agreement": (
                sum(1 for a, b in self.stances if a == b) / len(self.stances)
                if self.stances
                else None
            ),
            "unmatched_a": [s.as_dict() for s in self.unmatched_a],
            "unmatched_b": [s.as_dict() for s in self.unmatched_b],
            "disagreements": [
                {
                    "a": a.as_dict(),
                    "b": b.as_dict(),
                    "differ_in": [
                        name
                        for name, differs in (
                            ("speaker", a.speaker_id != b.speaker_id),
                            ("stance", a.stance != b.stance),
                        )
                        if differs
                    ],
                }
                for a, b in self.disagreements
            ],
            "articles": sorted(self.articles),
        }


def _spans(article_ids: Iterable[int]) -> dict[int, dict[int, list[Span]]]:
    """article id -> annotator id -> spans, in text order."""
    statements = (
        Statement.objects.filter(article_id__in=list(article_ids), created_by__isnull=False)
        .exclude(anchor=Anchoring.ORPHANED)  # offsets into an earlier text
        .order_by("article_id", "start", "end", "id")
    )
    names = [
        "id", "article_id", "start", "end", "speaker_id", "speaker_name", "stance", "quote",
        "status", "version",
    ]  # fmt: skip
    spans: dict[int, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for record in selectors.records(statements, [*names, "created_by_id"]):
        span = Span(**{name: record[name] for name in names}, annotator_id=record["created_by_id"])
        spans[span.article_id][span.annotator_id].append(span)
    return spans


def agreement(articles: Iterable[Article]) -> dict:
    """Agreement for every pair of annotators, pooled over `articles`."""
    articles = list(articles)
    spans = _spans(a.pk for a in articles)
    assigned = {a.pk: {u.pk for u in a.annotators.all()} for a in articles}
    tallies: dict[tuple[int, int], PairTally] = defaultdict(PairTally)
    for article in articles:
        by_annotator = spans.get(article.pk, {})
        annotators = sorted(set(by_annotator) | assigned[article.pk])
        for a, b in combinations(annotators, 2):
            tallies[(a, b)].add(article.pk, by_annotator.get(a, []), by_annotator.get(b, []))
    users = dict(
        get_user_model()
        .objects.filter(pk__in={u for pair in tallies for u in pair})
        .values_list("pk", "username")
    )
    pairs = [
        {
            "annotator_a": {"id": a, "username": users.get(a)},
            "annotator_b": {"id": b, "username": users.get(b)},
            **tally.as_dict(),
        }
        for (a, b), tally in sorted(tallies.items())
    ]
    return {
        "articles": [{"id": a.pk, "title": a.title} for a in articles],
        "pairs": pairs,
    }

"""Keeping claims up to date: every statement's claim, regrouped in the task worker.

Writes of statements ask for a regrouping (`claims_request`), at most once every
REQUEST_EVERY seconds a process, so the write path costs a clock reading. The task
regroups every statement that counts (not rejected, not orphaned) and asks again when
statements changed while it ran. Claims keep their ids across regroupings where their
statements mostly stay together, so links to them hold.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, F, Max

from . import claims
from .background import Requests
from .models import Anchoring, Claim, Statement, Status

if TYPE_CHECKING:
    from django.db.models import QuerySet

REQUEST_EVERY = 10.0


def counted() -> QuerySet[Statement]:
    return Statement.objects.exclude(status=Status.REJECTED).exclude(anchor=Anchoring.ORPHANED)


def _enqueue() -> None:
    from .tasks import regroup_claims

    regroup_claims.enqueue()


# Queue a regrouping once the current transaction commits, unless this process did
# within REQUEST_EVERY seconds. True when one was queued.
claims_request = Requests(REQUEST_EVERY, _enqueue)


def regroup() -> dict:
    """Group every counted statement into claims; returns what changed."""
    changed_before = Statement.objects.aggregate(at=Max("updated_at"))["at"]
    rows = list(counted().values_list("id", "quote", "claim_id", "article_id"))
    article_of = {pk: article for pk, _, _, article in rows}
    # A claim is reported in two articles at least (two annotators of one article's
    # words are one report).
    groups = [
        members
        for members in claims.group((pk, quote) for pk, quote, _, _ in rows)
        if len({article_of[m] for m in members}) > 1
    ]
    previous = {pk: claim for pk, _, claim, _ in rows}
    with transaction.atomic():
        kept = _store(groups, previous)
    changed_after = Statement.objects.aggregate(at=Max("updated_at"))["at"]
    if changed_after != changed_before:
        transaction.on_commit(_enqueue, robust=True)
    return {"statements": len(rows), "claims": len(groups), "kept_ids": kept}


def _store(groups: list[list[int]], previous: dict[int, int | None]) -> int:
    existing = set(Claim.objects.values_list("pk", flat=True))
    used: set[int] = set()
    member_of: dict[int, int] = {}
    new_groups: list[list[int]] = []
    for members in groups:
        votes = Counter(previous[m] for m in members if previous.get(m) in existing)
        claim_id = next((c for c, _ in votes.most_common() if c not in used), None)
        if claim_id is None:
            new_groups.append(members)
            continue
        used.add(claim_id)
        member_of.update(dict.fromkeys(members, claim_id))
    kept = len(used)
    # New claims in one INSERT; their details are written below (_describe).
    for members, claim in zip(
        new_groups, Claim.objects.bulk_create([Claim(quote="") for _ in new_groups]), strict=True
    ):
        used.add(claim.pk)
        member_of.update(dict.fromkeys(members, claim.pk))
    # Statements that moved claim (or left one), one UPDATE a claim.
    by_claim: dict[int | None, list[int]] = {}
    for pk, old in previous.items():
        new = member_of.get(pk)
        if new != old:
            by_claim.setdefault(new, []).append(pk)
    for claim_id, ids in by_claim.items():
        for at in range(0, len(ids), 900):
            Statement.objects.filter(pk__in=ids[at : at + 900]).update(claim_id=claim_id)
    # Counted no more (rejected, orphaned) statements leave their claims too.
    Statement.objects.filter(claim__isnull=False).exclude(pk__in=counted().values("pk")).update(
        claim=None
    )
    Claim.objects.exclude(pk__in=used).delete()
    _describe(used)
    return kept


def _describe(claim_ids: set[int]) -> None:
    """Each claim's first report, speaker and counts, from its statements."""
    if not claim_ids:
        return
    facts: dict[int, dict] = {}
    members = (
        Statement.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "article__published_on", "created_at", "id")
        .values_list("claim_id", "id", "quote", "speaker_id", "article_id",
                     "article__published_on", "article__source", "stance")
    )  # fmt: skip
    for claim_id, pk, quote, speaker_id, article_id, published_on, source, stance in members:
        fact = facts.setdefault(
            claim_id,
            {"first": (pk, quote, published_on, source), "speakers": Counter(), "articles": set(),
             "count": 0, "stances": Counter()},
        )  # fmt: skip
        fact["speakers"][speaker_id] += 1
        fact["stances"][stance] += 1
        fact["articles"].add(article_id)
        fact["count"] += 1
    updated = []
    for claim in Claim.objects.filter(pk__in=facts):
        fact = facts[claim.pk]
        pk, quote, published_on, source = fact["first"]
        claim.first_statement_id, claim.quote = pk, quote
        claim.first_seen, claim.first_outlet = published_on, source or ""
        claim.speaker_id = fact["speakers"].most_common(1)[0][0]
        claim.stance = fact["stances"].most_common(1)[0][0]
        claim.statement_count, claim.article_count = fact["count"], len(fact["articles"])
        updated.append(claim)
    Claim.objects.bulk_update(
        updated,
        ["first_statement", "quote", "first_seen", "first_outlet", "speaker", "stance",
         "statement_count", "article_count"],
        batch_size=500,
    )  # fmt: skip


class ClaimIndex:
    """The known claims, found again by the words of a new quote (claims.same_claim)."""

    def __init__(self, rows: list):
        # Named rows: id, quote, speaker_id, speaker_name, speaker_kind, stance, article_count.
        self.rows = rows
        self.tokens = [claims.words(row.quote) for row in rows]
        self.postings: dict[int, list[int]] = {}
        for i, tokens in enumerate(self.tokens):
            for shingle in claims.shingles(tokens):
                self.postings.setdefault(shingle, []).append(i)

    def match(self, quote: str):
        """The claim whose words a quote is, sharing the most shingles; None if none."""
        tokens = claims.words(quote)
        if len(tokens) < claims.MIN_WORDS:
            return None
        shared: Counter[int] = Counter()
        for shingle in claims.shingles(tokens):
            posting = self.postings.get(shingle, ())
            if len(posting) <= claims.COMMON:
                shared.update(posting)
        for i, _ in shared.most_common(5):
            if claims.same_claim(tokens, self.tokens[i]):
                return self.rows[i]
        return None


_index: dict = {"key": None, "index": None}
CLAIM_INDEX_FIELDS = (
    "id", "quote", "speaker_id", "speaker_name", "speaker_kind", "stance", "article_count",
)  # fmt: skip


def claim_index() -> ClaimIndex:
    """The claims' index, built again only when claims changed (one query to know)."""
    key = tuple(Claim.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())
    if _index["key"] != key:
        rows = list(
            Claim.objects.filter(speaker__isnull=False)
            .annotate(speaker_name=F("speaker__name"), speaker_kind=F("speaker__kind"))
            .values_list(*CLAIM_INDEX_FIELDS, named=True)
        )
        _index.update(key=key, index=ClaimIndex(rows))
    return _index["index"]

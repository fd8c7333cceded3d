"""A new text for an article: a revision, and every statement re-anchored on it.

Every path that replaces an article's text (an import under a known url, an upload in
the editor, PUT or PATCH of the body) calls `article_revise`. Statements found again
exactly move with one history entry; those found by likeness move and need a re-check;
those not found are orphaned: they keep their quote and old offsets, nothing is deleted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import history_writer
from .anchoring import Anchor, Outcome, Placement, place
from .changes import statements_changed
from .models import Anchoring, Article, ArticleRevision, Statement, check_body_size
from .permissions import require_statement_change, require_text_change
from .roles import is_analyst
from .suggest.service import analyses_request
from .text import content_hash, normalise_body

if TYPE_CHECKING:
    from .roles import AnyUser

# What re-anchoring did to each statement, as the revision's summary counts it.
UNCHANGED, MOVED, RECHECK, ORPHANED, FOUND_AGAIN = (
    "unchanged", "moved", "recheck", "orphaned", "found_again",
)  # fmt: skip
_WRITTEN = ["start", "end", "quote", "revision", "anchor", "recheck_quote", "version"]
_WRITTEN += ["updated_by", "updated_at"]


@dataclass(frozen=True)
class _Move:
    statement: Statement
    placement: Placement
    was_orphan: bool
    old: tuple[int, int]  # the offsets before the move, in the text it was looked for from

    @property
    def shift(self) -> int | None:
        """How far the statement moved with its words kept; None for any other change."""
        if self.placement.outcome is not Outcome.EXACT:
            return None
        if self.statement.anchor != Anchoring.ANCHORED:
            return None
        return self.placement.start - self.old[0]


@transaction.atomic
def article_revise(
    *, article: Article, body: str, by: AnyUser | None, origin: str = ""
) -> ArticleRevision | None:
    """Make `body` the article's text as a new revision and re-anchor its statements.

    The same text again changes nothing (None). A text another article already has is
    refused, as on import.
    """
    body = normalise_body(body or "")
    if not body:
        raise ValidationError({"body": "The article body is empty."})
    check_body_size(body)
    new_hash = content_hash(body)
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if new_hash == locked.content_hash:
        return None
    if by is not None:  # None: a command run on the server, by whoever runs it
        require_text_change(by, locked)
    twin = (
        Article.objects.filter(content_hash=new_hash)
        .exclude(pk=locked.pk)
        .values_list("pk", flat=True)
        .first()
    )
    if twin is not None:
        raise ValidationError(
            {"body": f"An article with exactly this text already exists (article {twin})."},
            code="unique",
        )
    current = locked.revision or _first_revision(locked)
    revision = ArticleRevision.objects.create(
        article=locked,
        number=current.number + 1,
        body=body,
        content_hash=new_hash,
        origin=(origin or "")[:300],
        created_by_id=getattr(by, "pk", None),
    )
    counts = _reanchor(locked, current, revision, by=by)
    revision.summary = dict(counts)
    revision.save(update_fields=["summary"])
    try:
        with transaction.atomic():
            Article.objects.filter(pk=locked.pk).update(
                body=body, content_hash=new_hash, revision=revision, updated_at=timezone.now()
            )
    except IntegrityError:
        # Another article took this very text meanwhile (the hash is unique).
        raise ValidationError(
            {"body": "Another article got exactly this text meanwhile."}, code="unique"
        ) from None
    for name, value in (("body", body), ("content_hash", new_hash), ("revision", revision)):
        setattr(article, name, value)
    analyses_request([new_hash])
    statements_changed()
    return revision


def _first_revision(article: Article) -> ArticleRevision:
    """Revision 1: the text as first stored, written when it first changes."""
    first = ArticleRevision.objects.create(
        article=article,
        number=1,
        body=article.body,
        content_hash=article.content_hash,
        origin="first text",
        created_by_id=article.created_by_id,
        created_at=article.created_at,
    )
    article.statements.filter(revision__isnull=True).update(revision=first)
    return first


def _reanchor(
    article: Article, current: ArticleRevision, revision: ArticleRevision, *, by: AnyUser | None
) -> Counter:
    statements = list(
        Statement.objects.filter(article=article)
        .select_for_update(of=("self",))
        .order_by("start", "end", "id")
    )
    topic_ids: dict[int, list[int]] = defaultdict(list)
    for statement_id, topic_id in Statement.topics.through.objects.filter(
        statement__article=article
    ).values_list("statement_id", "topic_id"):
        topic_ids[statement_id].append(topic_id)
    # Each statement is looked for from the text its offsets point into: the current
    # one, or for an orphan the earlier revision it was orphaned from.
    by_text: dict[int, list[Statement]] = defaultdict(list)
    for statement in statements:
        orphan = statement.anchor == Anchoring.ORPHANED and statement.revision_id is not None
        by_text[statement.revision_id if orphan else current.pk].append(statement)  # type: ignore[index]
    texts = dict(
        ArticleRevision.objects.filter(pk__in=set(by_text) - {current.pk}).values_list("pk", "body")
    )
    texts[current.pk] = article.body
    moves: list[_Move] = []
    for text_id, group in by_text.items():
        text = texts[text_id]
        anchors = [Anchor.of(s.pk, text, s.start, s.end) for s in group]
        for statement, placement in zip(group, place(anchors, revision.body), strict=True):
            was_orphan = statement.anchor == Anchoring.ORPHANED
            moves.append(_Move(statement, placement, was_orphan, (statement.start, statement.end)))
    return _write(moves, revision, topic_ids, by=by)


def _write(
    moves: list[_Move], revision: ArticleRevision, topic_ids: dict, *, by: AnyUser | None
) -> Counter:
    counts: Counter = Counter()
    now = timezone.now()
    user_id = getattr(by, "pk", None)
    changed: list[_Move] = []
    silent: list[int] = []
    rows = []
    for move in moves:
        statement, placement, old = move.statement, move.placement, move.old
        if placement.outcome is Outcome.ORPHANED:
            if move.was_orphan:
                counts[ORPHANED] += 1
                continue
            statement.anchor = Anchoring.ORPHANED
            reason = (
                f"Orphaned by revision {revision.number}: its quote is not in the new text "
                f"(it was at {old[0]}–{old[1]})"
            )
            counts[ORPHANED] += 1
        else:
            new = (placement.start, placement.end)
            exact = placement.outcome is Outcome.EXACT
            if exact and new == old and not move.was_orphan:
                silent.append(statement.pk)
                counts[UNCHANGED] += 1
                continue
            if not exact:
                statement.recheck_quote = statement.recheck_quote or statement.quote
            statement.start, statement.end = new
            statement.quote = revision.body[new[0] : new[1]]
            statement.revision = revision
            keeps_recheck = statement.anchor == Anchoring.RECHECK
            statement.anchor = (
                Anchoring.ANCHORED if exact and not keeps_recheck else Anchoring.RECHECK
            )
            if exact and not keeps_recheck:
                statement.recheck_quote = ""
            verb = "Found again" if move.was_orphan else "Moved"
            check = "" if exact else "; check its span"
            reason = (
                f"{verb} by revision {revision.number} from {old[0]}–{old[1]} "
                f"to {new[0]}–{new[1]}{check}"
            )
            counts[FOUND_AGAIN if move.was_orphan else (MOVED if exact else RECHECK)] += 1
        statement.version += 1
        statement.updated_by_id = user_id
        statement.updated_at = now
        changed.append(move)
        rows.append(
            history_writer.row_of(
                statement,
                kind=history_writer.CHANGED,
                by=by,
                reason=reason,
                topic_ids=topic_ids.get(statement.pk, ()),
            )
        )
    for ids in _chunks(silent):
        # Same place, same words: only the text they point into is new.
        Statement.objects.filter(pk__in=ids).update(revision=revision)
    _store(changed, revision, user_id=user_id, now=now)
    history_writer.write(rows)
    return counts


def _store(changed: list[_Move], revision: ArticleRevision, *, user_id, now) -> None:
    """Write the moved statements: those moved by the same shift with their words kept
    (most of them, when text is added or removed above) in one UPDATE a shift, the
    others (new words, orphaned) one by one."""
    by_shift: dict[int, list[int]] = defaultdict(list)
    each: list[Statement] = []
    for move in changed:
        if move.shift is None:
            each.append(move.statement)
        else:
            by_shift[move.shift].append(move.statement.pk)
    common = {"revision": revision, "version": F("version") + 1, "updated_by_id": user_id}
    common["updated_at"] = now
    for shift, ids in by_shift.items():
        for chunk in _chunks(ids):
            Statement.objects.filter(pk__in=chunk).update(
                start=F("start") + shift,
                end=F("end") + shift,
                anchor=Anchoring.ANCHORED,
                recheck_quote="",
                **common,
            )
    for statement in each:
        Statement.objects.filter(pk=statement.pk).update(
            **{name: getattr(statement, name) for name in _WRITTEN}
        )


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    # SQLite takes at most 999 parameters in one statement.
    return [ids[i : i + size] for i in range(0, len(ids), size)]


@transaction.atomic
def statement_confirm_anchor(
    *, statement: Statement, by: AnyUser, expected_version: int | None
) -> Statement:
    """Say that a statement moved by an update is in the right place."""
    if not is_analyst(by):
        raise PermissionDenied("Your account may read statements but not change them.")
    require_statement_change(by, statement)
    if statement.anchor != Anchoring.RECHECK:
        raise ValidationError({"anchor": "This statement does not need a re-check."})
    target = Statement.objects.filter(pk=statement.pk, anchor=Anchoring.RECHECK)
    if expected_version is not None:
        target = target.filter(version=expected_version)
    from .services import VersionConflict

    now = timezone.now()
    if not target.update(
        anchor=Anchoring.ANCHORED,
        recheck_quote="",
        version=F("version") + 1,
        updated_by=by,
        updated_at=now,
    ):
        raise VersionConflict(Statement.objects.with_related().filter(pk=statement.pk).first())
    statement.refresh_from_db()
    history_writer.record(
        statement, kind=history_writer.CHANGED, by=by, reason="Span checked after the update"
    )
    return statement


def summary_text(summary: dict) -> str:
    """What re-anchoring did, in words: "12 statements moved, 2 need re-check, 1 orphaned"."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = []
    if summary.get(MOVED):
        parts.append(count(summary[MOVED], "statement moved", "statements moved"))
    if summary.get(RECHECK):
        parts.append(count(summary[RECHECK], "needs re-check", "need re-check"))
    if summary.get(ORPHANED):
        parts.append(count(summary[ORPHANED], "orphaned", "orphaned"))
    if summary.get(FOUND_AGAIN):
        parts.append(count(summary[FOUND_AGAIN], "orphan found again", "orphans found again"))
    if not parts:
        return "every statement stayed where it was" if summary.get(UNCHANGED) else "no statements"
    return ", ".join(parts)


def revision_message(revision: ArticleRevision) -> str:
    return f"Revision {revision.number} stored: {summary_text(revision.summary)}."

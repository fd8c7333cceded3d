"""Workflows that change stored data. Every path (API, pages, admin, commands) calls these."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, ProtectedError, Q, Value, When
from django.utils import timezone

from . import history_writer, revisions
from .changes import statements_changed
from .models import (
    REVIEW_COMMENT_MAX_LENGTH,
    Anchoring,
    Article,
    Speaker,
    SpeakerRole,
    Statement,
    StatementComment,
    Status,
    Topic,
    check_span,
    clean_aliases,
)
from .permissions import (
    require_analyst,
    require_assignment,
    require_reviewer,
    require_statement_change,
    statement_change_condition,
)
from .roles import is_analyst, is_reviewer
from .suggest.service import analyses_request

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Field, Model

    from .roles import AnyUser

    _M = TypeVar("_M", bound=Model)

# Foreign keys are resolved (and so known to exist) before a service is called;
# skipping them in full_clean saves a query each on the hot create path.
_RESOLVED_FKS = ["article", "speaker", "created_by", "reviewed_by", "updated_by"]


class VersionConflict(Exception):
    """An update carried an older version than the stored one."""

    def __init__(self, current: Statement | None):
        self.current = current
        super().__init__("The statement was changed by someone else since you loaded it.")


# Articles ------------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    body: str,
    title: str = "",
    source: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    double_annotation: bool = False,
    annotators: Iterable = (),
    by: User | None = None,
) -> Article:
    article = Article(
        title=title or "",
        body=body,
        source=source or "",
        url=url or "",
        published_on=published_on,
        double_annotation=double_annotation,
        created_by=by,
    )
    article.normalise()
    article.full_clean()
    article.save()
    if annotators:
        article.annotators.set(annotators)
    _request_analysis(article)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    by: AnyUser | None = None,
    annotators: Iterable | None = None,
    origin: str = "",
    **changes: Any,
) -> Article:
    """Change an article's details; a new text becomes a revision (see revisions)."""
    body = changes.pop("body", None)
    for field, value in changes.items():
        setattr(article, field, value if value is not None or field == "published_on" else "")
    article.normalise()
    article.full_clean()
    article.save()
    if annotators is not None:
        article.annotators.set(annotators)
    if body is not None:
        revisions.article_revise(article=article, body=body, by=by, origin=origin or "API")
    return article


# Statements deleted a transaction at a time when their article goes: each batch holds
# the write lock (SQLite) or its row locks (PostgreSQL) for a few milliseconds, so other
# writers never wait long, whatever the size of the article.
DELETE_BATCH = 500


def article_delete(*, article: Article, by: AnyUser) -> None:
    """Delete the article and its statements, a bounded batch per transaction.

    Each statement gets its "deleted" history row, written in bulk with its batch. A
    delete cut short leaves the article with fewer statements, never a half batch.
    """
    require_reviewer(by)
    while _delete_statement_batch(article=article, by=by):
        pass
    with transaction.atomic():
        # Statements added meanwhile go with the article, recorded like the others.
        while _delete_statement_batch(article=article, by=by):
            pass
        article.delete()


@transaction.atomic
def _delete_statement_batch(*, article: Article, by: AnyUser) -> int:
    ids = list(
        Statement.objects.select_for_update()
        .filter(article=article)
        .order_by("id")
        .values_list("id", flat=True)[:DELETE_BATCH]
    )
    if not ids:
        return 0
    history_writer.record_deletions(ids, by=by, reason="Article deleted")
    through = Statement.topics.through
    through.objects.filter(statement_id__in=ids).delete()
    # The history is written above: a plain DELETE, without loading each statement to
    # send it signals (which would write the history again, a row at a time).
    deleted = Statement.objects.filter(pk__in=ids)
    deleted._raw_delete(deleted.db)
    return len(ids)


def _request_analysis(article: Article) -> None:
    """Queue the suggestion analysis of the article's text (sent on commit)."""
    analyses_request([article.content_hash])


# Speakers and topics ---------------------------------------------------------


def _save_valid(instance: _M) -> _M:
    instance.full_clean()
    instance.save()
    return instance


def _changed(instance: _M, changes: dict) -> _M:
    for field, value in changes.items():
        setattr(instance, field, value)
    return _save_valid(instance)


def speaker_create(*, by: AnyUser | None = None, **fields: Any) -> Speaker:
    require_analyst(by)
    return _save_valid(Speaker(**fields))


def speaker_update(*, speaker: Speaker, by: AnyUser | None = None, **changes: Any) -> Speaker:
    return _changed(speaker, changes)


def speaker_alias_add(*, speaker: Speaker, alias: str, by: AnyUser) -> Speaker:
    """Add another form of the name; analysts may, as they meet it in the text."""
    require_analyst(by)
    alias = (alias or "").strip()
    if not alias:
        raise ValidationError({"alias": "Write the other form of the name."})
    speaker.aliases = clean_aliases([*speaker.aliases, alias], name=speaker.name)
    return _save_valid(speaker)


def speaker_role_add(
    *,
    speaker: Speaker,
    by: AnyUser,
    role: str,
    organisation: str = "",
    started_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
) -> SpeakerRole:
    """Record a role the speaker held for a period; analysts may."""
    require_analyst(by)
    return _save_valid(
        SpeakerRole(
            speaker=speaker,
            role=(role or "").strip(),
            organisation=(organisation or "").strip(),
            started_on=started_on,
            ended_on=ended_on,
        )
    )


def speaker_delete(*, speaker: Speaker, by: AnyUser) -> None:
    """Delete a speaker no statement is attributed to (reviewers); else merge it."""
    require_reviewer(by)
    used = Statement.objects.filter(speaker=speaker).count()
    if used:
        counted = "1 statement is" if used == 1 else f"{used} statements are"
        raise ValidationError({"speaker": f"{counted} attributed to {speaker}: merge it instead."})
    speaker.delete()


def topic_create(*, by: AnyUser | None = None, **fields: Any) -> Topic:
    require_analyst(by)
    return _save_valid(Topic(**fields))


def topic_update(*, topic: Topic, by: AnyUser | None = None, **changes: Any) -> Topic:
    return _changed(topic, changes)


@transaction.atomic
def topic_delete(*, topic: Topic, by: AnyUser | None = None) -> None:
    """Delete a topic no statement uses; one in use raises ProtectedError (a 409).

    Deleting it would strip it from those statements with no new version or history.
    """
    # Locked, so a statement cannot take the topic up between the check and the delete.
    Topic.objects.select_for_update().filter(pk=topic.pk).first()
    using = list(topic.statements.order_by("pk"))
    if using:
        # In pk order (the stubs ask for a set; Django keeps whatever it is given).
        raise ProtectedError(f"The topic {topic} is used by {len(using)} statements.", using)  # type: ignore[arg-type]
    topic.delete()


# Statements -------------------------------------------------------------------


def _validate_statement(statement: Statement) -> None:
    statement.full_clean(exclude=_RESOLVED_FKS, validate_constraints=False)


def statement_create(
    *,
    article: Article,
    start: int,
    end: int,
    speaker: Speaker,
    stance: str,
    topics: Iterable[Topic] = (),
    note: str = "",
    quote: str | None = None,
    by: User | None = None,
) -> Statement:
    require_analyst(by)
    require_assignment(by, article)
    statement = Statement(
        article=article,
        speaker=speaker,
        start=start,
        end=end,
        stance=stance,
        note=note or "",
        created_by=by,
        updated_by=by,
        revision_id=article.revision_id,
    )
    statement.quote = check_span(article.body, start, end, quote)
    _validate_statement(statement)
    topics = list(dict.fromkeys(topics))
    # Checks first, then only the writes in the transaction: on SQLite it holds the
    # database's one write lock, which every other writer waits for.
    with transaction.atomic():
        statement.save()
        if topics:
            # A new statement has no topics yet: insert the links without reading them.
            Through = Statement.topics.through
            Through.objects.bulk_create(
                [Through(statement_id=statement.pk, topic_id=topic.pk) for topic in topics]
            )
        _prefetch_topics(statement, topics)
        history_writer.record(
            statement, kind=history_writer.CREATED, by=by, topic_ids=[t.pk for t in topics]
        )
        statements_changed()
    return statement


_EDITABLE = {"speaker", "stance", "note", "start", "end", "topics"}


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    by: AnyUser,
    expected_version: int | None = None,
    quote: str | None = None,
    **changes: Any,
) -> Statement:
    """Change a statement's content; a stale `expected_version` raises VersionConflict."""
    require_statement_change(by, statement)
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValidationError({field: "This field cannot be changed." for field in unknown})
    topics = changes.pop("topics", None)
    for field, value in changes.items():
        setattr(statement, field, value)
    if {"start", "end"} & changes.keys() or quote is not None:
        statement.quote = check_span(statement.article.body, statement.start, statement.end, quote)
    written = {k: getattr(statement, k) for k in changes if k != "speaker"}
    if "speaker" in changes:
        written["speaker"] = statement.speaker
    if "start" in changes or "end" in changes:
        # A span chosen on the current text: anchored there, checked by whoever chose it.
        statement.anchor, statement.recheck_quote = Anchoring.ANCHORED, ""
        statement.revision_id = statement.article.revision_id
        written.update(
            quote=statement.quote,
            anchor=statement.anchor,
            recheck_quote="",
            revision_id=statement.revision_id,
        )
    # An analyst who edits a rejected statement resubmits it for review. Decided on the
    # stored row in the UPDATE, so a rejection made since this request read it counts.
    if not is_reviewer(by):
        written.update(_resubmitted_if_rejected())
    _validate_statement(statement)
    _write(statement, written, expected_version=expected_version, topics=topics, by=by)
    return statement


@transaction.atomic
def statement_review(
    *,
    statement: Statement,
    decision: str,
    by: AnyUser,
    comment: str = "",
    expected_version: int | None = None,
) -> Statement:
    """Approve or reject a statement, recording who decided, when and why."""
    require_reviewer(by)
    comment = (comment or "").strip()
    if decision not in (Status.APPROVED, Status.REJECTED):
        raise ValidationError({"decision": "Decide either approved or rejected."})
    if decision == Status.REJECTED and not comment:
        raise ValidationError({"comment": "Say why the statement is rejected."})
    if "\x00" in comment:
        raise ValidationError({"comment": "Text may not contain NUL (\\x00) characters."})
    if len(comment) > REVIEW_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": f"A review comment has at most {REVIEW_COMMENT_MAX_LENGTH:,} "
                f"characters (this one has {len(comment):,})."
            }
        )
    written = {
        "status": decision,
        "reviewed_by": by,
        "reviewed_at": timezone.now(),
        "review_comment": comment,
    }
    _write(statement, written, expected_version=expected_version, topics=None, by=by)
    return statement


@transaction.atomic
def statement_adjudicate(
    *,
    keep: Statement,
    reject: Statement,
    by: AnyUser,
    keep_version: int | None = None,
    reject_version: int | None = None,
) -> tuple[Statement, Statement]:
    """Settle two annotators' readings of one span: approve `keep`, reject `reject`.

    Both change or neither does (a stale version on either side is a conflict), and
    the rejected one's review says which statement was kept, so its annotator sees why.
    """
    require_reviewer(by)
    if keep.pk == reject.pk:
        raise ValidationError({"reject": "Choose another statement than the one kept."})
    if keep.article_id != reject.article_id:
        raise ValidationError({"reject": "Both statements must be on the same article."})
    kept_by = keep.created_by.username if keep.created_by else "an import"
    statement_review(statement=keep, decision=Status.APPROVED, by=by, expected_version=keep_version)
    statement_review(
        statement=reject,
        decision=Status.REJECTED,
        by=by,
        comment=f"Adjudicated: {kept_by}'s statement {keep.pk} on this span was kept "
        f"({keep.speaker.name}, {keep.get_stance_display().lower()}).",
        expected_version=reject_version,
    )
    return keep, reject


@transaction.atomic
def comment_add(*, statement: Statement, by: AnyUser, body: str) -> StatementComment:
    """Add a remark to a statement's discussion: analysts and reviewers who see it may."""
    if not (is_analyst(by) or is_reviewer(by)):
        raise PermissionDenied("Your account may read the discussion but not add to it.")
    if not Statement.objects.visible_to(by).filter(pk=statement.pk).exists():
        raise PermissionDenied("You cannot see this statement.")
    comment = StatementComment(statement=statement, author_id=by.pk, body=(body or "").strip())
    if not comment.body:
        raise ValidationError({"body": "Write something to say."})
    comment.full_clean(exclude=["statement", "author"])
    comment.save()
    Statement.objects.filter(pk=statement.pk).update(comment_count=F("comment_count") + 1)
    statement.comment_count += 1
    return comment


@transaction.atomic
def statement_review_undo(
    *, statement: Statement, back_to_version: int, by: AnyUser, expected_version: int | None = None
) -> Statement:
    """Take back a review: the status and review of `back_to_version` come back.

    The undo is itself a new version (a stale `expected_version` is a conflict), and its
    history entry says which version's review it brought back.
    """
    require_reviewer(by)
    record = (
        statement.history.filter(version=back_to_version)
        .exclude(history_type=history_writer.DELETED)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        raise ValidationError(
            {"back_to_version": f"Statement {statement.pk} has no version {back_to_version}."}
        )
    written = {
        "status": record.status,
        "reviewed_by_id": record.reviewed_by_id,
        "reviewed_at": record.reviewed_at,
        "review_comment": record.review_comment,
    }
    _write(
        statement,
        written,
        expected_version=expected_version,
        topics=None,
        by=by,
        reason=f"Review undone: back to the review of version {back_to_version}",
    )
    return statement


@transaction.atomic
def statement_undelete(*, statement_id: int, by: AnyUser) -> Statement:
    """Bring back a deleted statement, with its id, content and review, as a new version.

    Whoever could delete it may: its analyst while it is not approved, or a reviewer.
    Its article and speaker must still exist, and its span must still fit the text.
    """
    if Statement.objects.filter(pk=statement_id).exists():
        raise ValidationError({"id": f"Statement {statement_id} is not deleted."})
    record = (
        Statement.history.filter(id=statement_id, history_type=history_writer.DELETED)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        raise ValidationError({"id": f"No deleted statement has the id {statement_id}."})
    article = Article.objects.filter(pk=record.article_id).first()
    speaker = Speaker.objects.filter(pk=record.speaker_id).first()
    if article is None or speaker is None:
        gone = "article" if article is None else "speaker"
        raise ValidationError({"id": f"The statement's {gone} no longer exists."})
    require_assignment(by, article)
    statement = Statement(
        pk=statement_id,
        article=article,
        speaker=speaker,
        start=record.start,
        end=record.end,
        stance=record.stance,
        note=record.note,
        status=record.status,
        created_by_id=record.created_by_id,
        reviewed_by_id=record.reviewed_by_id,
        reviewed_at=record.reviewed_at,
        review_comment=record.review_comment,
        version=record.version + 1,
        updated_by_id=by.pk,
    )
    require_statement_change(by, statement)
    statement.quote = check_span(article.body, record.start, record.end)
    _validate_statement(statement)
    topics = list(Topic.objects.filter(pk__in=record.topic_ids or []).order_by("name"))
    try:
        with transaction.atomic():
            statement.save(force_insert=True)
    except IntegrityError:
        # Brought back by another request since the check above.
        raise ValidationError({"id": f"Statement {statement_id} is not deleted."}) from None
    statement.topics.set(topics)
    _prefetch_topics(statement, topics)
    history_writer.record(
        statement,
        kind=history_writer.CREATED,
        by=by,
        reason="Deletion undone",
        topic_ids=[t.pk for t in topics],
    )
    return Statement.objects.with_related().get(pk=statement.pk)


@transaction.atomic
def statement_delete(
    *, statement: Statement, by: AnyUser, expected_version: int | None = None
) -> None:
    require_statement_change(by, statement)
    current = Statement.objects.select_for_update().filter(pk=statement.pk).first()
    if current is None or (expected_version is not None and current.version != expected_version):
        raise VersionConflict(_current(statement.pk))
    # Check again on the locked row (SQLite: the write lock BEGIN IMMEDIATE took): it
    # may have been approved since the request read it.
    require_statement_change(by, current)
    history_writer.record(current, kind=history_writer.DELETED, by=by)
    statement.delete()
    statements_changed()


@transaction.atomic
def statement_restore(
    *, statement: Statement, history_id: int, by: AnyUser, expected_version: int | None = None
) -> Statement:
    """Bring back the content of an earlier version; the restore is itself a new change."""
    require_reviewer(by)
    record = statement.history.filter(history_id=history_id).first()
    if record is None:
        raise ValidationError(
            {"history_id": f"Statement {statement.pk} has no history entry {history_id}."}
        )
    speaker = Speaker.objects.filter(pk=record.speaker_id).first()
    if speaker is None:
        raise ValidationError({"history_id": "The speaker of that version no longer exists."})
    topics = list(Topic.objects.filter(pk__in=record.topic_ids or []))
    statement.speaker = speaker
    statement.stance = record.stance
    statement.note = record.note
    statement.start, statement.end = record.start, record.end
    statement.quote = check_span(statement.article.body, record.start, record.end)
    _validate_statement(statement)
    written = {
        "speaker": speaker,
        "stance": record.stance,
        "note": record.note,
        "start": record.start,
        "end": record.end,
        "quote": statement.quote,
    }
    _write(
        statement,
        written,
        expected_version=expected_version,
        topics=topics,
        by=by,
        reason=f"Restored version {record.version}",
    )
    return statement


def _resubmitted_if_rejected() -> dict:
    """UPDATE values that send a rejected row back to pending and leave others as they are."""
    rejected = Q(status=Status.REJECTED)
    return {
        field: Case(
            When(rejected, then=Value(value)),
            default=F(field),
            output_field=cast("Field", Statement._meta.get_field(field)),
        )
        for field, value in (
            ("status", Status.PENDING),
            ("reviewed_by", None),
            ("reviewed_at", None),
            ("review_comment", ""),
        )
    }


def _prefetch_topics(statement: Statement, topics: list[Topic]) -> None:
    """Let statement.topics.all() answer from memory after we have just set it."""
    statement._prefetched_objects_cache = {"topics": statement.topics.none()}
    statement._prefetched_objects_cache["topics"]._result_cache = sorted(
        topics, key=lambda t: t.name
    )


def _current(pk: int) -> Statement | None:
    return Statement.objects.with_related().filter(pk=pk).first()


def _write(
    statement: Statement,
    written: dict,
    *,
    expected_version: int | None,
    topics: list[Topic] | None,
    by: AnyUser,
    reason: str = "",
) -> None:
    """Store `written` and bump the version in one UPDATE, then record history.

    The version check is part of that UPDATE (WHERE id = ... AND version = ...),
    so of two concurrent writers holding the same version exactly one wins; so is
    the rule of who may change the row, so a refusal is decided on the row written.
    """
    now = timezone.now()
    # The role rule is part of the UPDATE too: an analyst's edit never lands on a
    # statement approved after the request read it.
    target = Statement.objects.filter(statement_change_condition(by), pk=statement.pk)
    if expected_version is not None:
        target = target.filter(version=expected_version)
    written = {**written, "updated_by": by}
    if not target.update(**written, version=F("version") + 1, updated_at=now):
        current = _current(statement.pk)
        if current is not None and expected_version in (None, current.version):
            # Not a stale version: the row is no longer this user's to change.
            require_statement_change(by, current)
        raise VersionConflict(current)
    if topics is not None:
        statement.topics.set(topics)
    # The stored row, with what its answer and history row read (see selectors.record_of).
    fresh = Statement.objects.with_related().get(pk=statement.pk)
    for field in Statement._meta.concrete_fields:
        setattr(statement, field.attname, getattr(fresh, field.attname))
    for relation in ("speaker", "article", "created_by", "reviewed_by", "updated_by", "revision"):
        setattr(statement, relation, getattr(fresh, relation))
    statement._prefetched_objects_cache = fresh._prefetched_objects_cache
    history_writer.record(statement, kind=history_writer.CHANGED, by=by, reason=reason)
    statements_changed()


@transaction.atomic
def speaker_merge(*, target: Speaker, others: Iterable[Speaker], by: AnyUser) -> int:
    """Fold `others` into `target`: their statements move over, their names become aliases.

    Each moved statement gets a new version and a history row. Returns how many moved.
    """
    require_reviewer(by)
    others = [s for s in others if s.pk != target.pk]
    if not others:
        raise ValidationError({"speakers": "Choose at least one other speaker to merge."})
    moving = list(Statement.objects.filter(speaker__in=others).prefetch_related("topics"))
    now = timezone.now()
    Statement.objects.filter(pk__in=[s.pk for s in moving]).update(
        speaker=target, version=F("version") + 1, updated_at=now, updated_by=by
    )
    for statement in moving:
        statement.speaker = target
        statement.version += 1
        statement.updated_at, statement.updated_by = now, by
        history_writer.record(
            statement,
            kind=history_writer.CHANGED,
            by=by,
            reason=f"Speaker merged into {target}",
        )
    target.aliases = [*target.aliases, *(name for s in others for name in (s.name, *s.aliases))]
    target.full_clean()
    target.save()
    Speaker.objects.filter(pk__in=[s.pk for s in others]).delete()
    return len(moving)


def statements_bulk_create(*, statements: list[Statement], by: User | None) -> list[Statement]:
    """Store many new statements (no topics) at once, each with its one history row.

    For imports: every statement is checked as `statement_create` checks it, then
    the rows and their history go in with a few INSERTs instead of three per statement.
    """
    require_analyst(by)
    for statement in statements:
        require_assignment(by, statement.article)
        statement.quote = check_span(statement.article.body, statement.start, statement.end)
        statement.created_by = statement.updated_by = by
        statement.revision_id = statement.article.revision_id
        _validate_statement(statement)
    if not statements:
        return []
    with transaction.atomic():
        Statement.objects.bulk_create(statements, batch_size=1000)
        history_writer.write(
            [
                history_writer.row_of(s, kind=history_writer.CREATED, by=by, topic_ids=())
                for s in statements
            ]
        )
        statements_changed()
    return statements

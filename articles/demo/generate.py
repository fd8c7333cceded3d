"""Store synthetic articles, speakers, topics and statements in bulk.

Rows go in with bulk inserts, a batch of articles at a time, each batch in its own
transaction. Statements get the history rows the services would have written: one
"created" row, and for reviewed statements a "changed" row for the review.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from .. import history_writer
from ..models import Article, Speaker, Statement, Status, Topic
from ..roles import ANALYSTS, REVIEWERS, ensure_role_groups
from ..text import content_hash
from .loader import DEMO_USERS, _ensure_user
from .synthetic import TOPICS, ArticleSpec, make_article, make_speakers, pick_spans

ARTICLE_BATCH = 200
REJECT_COMMENTS = ["Wrong speaker.", "Not a statement.", "Offsets cut the claim short."]


@dataclass
class GenerateReport:
    articles: int = 0
    statements: int = 0
    speakers: int = 0
    topics: int = 0
    history_rows: int = 0


def _users() -> tuple[list, list]:
    """Active analysts and reviewers to attribute statements to; demo users when none."""
    ensure_role_groups()
    User = get_user_model()
    analysts = list(User.objects.filter(is_active=True, groups__name=ANALYSTS).order_by("pk"))
    reviewers = list(User.objects.filter(is_active=True, groups__name=REVIEWERS).order_by("pk"))
    if not analysts or not reviewers:
        made = {demo.username: _ensure_user(demo) for demo in DEMO_USERS}
        analysts = analysts or [made["analyst"], made["analyst2"]]
        reviewers = reviewers or [made["reviewer"]]
    return analysts, reviewers


def _topics(count: int) -> list[Topic]:
    names = TOPICS[:count] + [f"Topic {n}" for n in range(len(TOPICS), count)]
    existing = {t.name.casefold(): t for t in Topic.objects.all()}
    missing = [
        Topic(name=name, slug=slugify(name)) for name in names if name.casefold() not in existing
    ]
    Topic.objects.bulk_create(missing)
    existing = {t.name.casefold(): t for t in Topic.objects.all()}
    return [existing[name.casefold()] for name in names]


def _speakers(rng: random.Random, count: int) -> tuple[list[Speaker], list]:
    taken = set(Speaker.objects.values_list("name", flat=True))
    specs = make_speakers(rng, count, taken=taken)
    speakers = [
        Speaker(
            name=s.name,
            kind=s.kind,
            role=s.role,
            organisation=s.organisation,
            aliases=s.aliases,
            search_names="\n".join([s.name, *s.aliases]).casefold(),
        )
        for s in specs
    ]
    return Speaker.objects.bulk_create(speakers), specs


def generate(
    *,
    articles: int,
    statements_per_article: int,
    words: int | None = None,
    speakers: int = 200,
    topics: int = 12,
    seed: int = 1,
    history: bool = True,
    progress: Callable[[int], None] | None = None,
) -> GenerateReport:
    """Make `articles` articles with `statements_per_article` statements each.

    `words` fixes every article's length; by default lengths vary from 150 to
    1,500 words, longer when needed to hold the statements.
    """
    rng = random.Random(seed)
    report = GenerateReport()
    analysts, reviewers = _users()
    topic_rows = _topics(topics)
    speaker_rows, specs = _speakers(rng, speakers)
    report.speakers, report.topics = len(speaker_rows), len(topic_rows)
    # Enough words for the statements: a reported claim takes about 16 words.
    floor = statements_per_article * 16
    serial_base = Article.objects.count() + 1
    done = 0
    while done < articles:
        size = min(ARTICLE_BATCH, articles - done)
        specs_batch = [
            make_article(
                rng,
                specs,
                words=words or max(rng.randint(150, 1500), floor),
                serial=serial_base + done + i,
            )
            for i in range(size)
        ]
        _store_batch(
            rng,
            specs_batch,
            statements_per_article,
            speaker_rows,
            topic_rows,
            analysts,
            reviewers,
            history,
            report,
        )
        done += size
        if progress is not None:
            progress(done)
    _analyze()
    return report


def _analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load.

    Without them (autovacuum off, or before it runs) the planner keeps the estimates of
    the small tables it last saw and scans whole tables, and an article's detail gets
    many times slower on a large database.
    """
    if connection.vendor != "postgresql":
        return
    tables = [
        Article._meta.db_table,
        Speaker._meta.db_table,
        Topic._meta.db_table,
        Statement._meta.db_table,
        Statement.topics.through._meta.db_table,
        Statement.history.model._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


@transaction.atomic
def _store_batch(
    rng: random.Random,
    specs: list[ArticleSpec],
    per_article: int,
    speakers: list[Speaker],
    topics: list[Topic],
    analysts: list,
    reviewers: list,
    history: bool,
    report: GenerateReport,
) -> None:
    today = datetime.date.today()
    now = timezone.now()
    rows = [
        Article(
            title=spec.title[:300],
            body=spec.body,
            source=spec.source,
            published_on=today - datetime.timedelta(days=rng.randrange(3650)),
            content_hash=content_hash(spec.body),
            created_by=rng.choice(analysts),
        )
        for spec in specs
    ]
    rows = Article.objects.bulk_create(rows)
    report.articles += len(rows)
    statements: list[Statement] = []
    topic_choice: list[list[Topic]] = []
    for article, spec in zip(rows, specs, strict=True):
        for span in pick_spans(rng, spec, per_article):
            status = rng.choices(
                (Status.PENDING, Status.APPROVED, Status.REJECTED), weights=(6, 3, 1)
            )[0]
            statement = Statement(
                article=article,
                speaker=speakers[span.speaker if span.speaker is not None else 0],
                start=span.start,
                end=span.end,
                quote=spec.body[span.start : span.end],
                stance=span.stance if rng.random() < 0.9 else rng.choice(("warning", "policy")),
                note="Check the date." if rng.random() < 0.05 else "",
                status=status,
                created_by=rng.choice(analysts),
            )
            statement.updated_by = statement.created_by
            if status != Status.PENDING:
                statement.reviewed_by = statement.updated_by = rng.choice(reviewers)
                statement.reviewed_at = now
                statement.version = 2
                if status == Status.REJECTED:
                    statement.review_comment = rng.choice(REJECT_COMMENTS)
            statements.append(statement)
            topic_choice.append(rng.sample(topics, k=rng.choice((0, 1, 1, 2, 3))) if topics else [])
    # created_at and updated_at are the time of insertion, as for any save.
    statements = Statement.objects.bulk_create(statements, batch_size=2000)
    Through = Statement.topics.through
    Through.objects.bulk_create(
        [
            Through(statement_id=s.pk, topic_id=t.pk)
            for s, chosen in zip(statements, topic_choice, strict=True)
            for t in chosen
        ],
        batch_size=5000,
    )
    report.statements += len(statements)
    if history:
        report.history_rows += _store_history(statements, topic_choice)


def _store_history(statements: list[Statement], topic_choice: list[list[Topic]]) -> int:
    """The history a statement made through the app would have: created, then reviewed."""
    tracked = history_writer.tracked()
    rows = []
    for statement, chosen in zip(statements, topic_choice, strict=True):
        values = {name: getattr(statement, name) for name in tracked}
        topic_ids = [t.pk for t in chosen]
        reviewed = statement.status != Status.PENDING
        created = values
        if reviewed:
            created = {
                **values,
                "status": Status.PENDING,
                "reviewed_by_id": None,
                "reviewed_at": None,
                "review_comment": "",
                "updated_by_id": statement.created_by_id,
                "version": 1,
                "updated_at": statement.created_at,
            }
        rows.append(
            history_writer.row(
                created,
                kind=history_writer.CREATED,
                user_id=statement.created_by_id,
                topic_ids=topic_ids,
                date=statement.created_at,
            )
        )
        if reviewed:
            rows.append(
                history_writer.row(
                    values,
                    kind=history_writer.CHANGED,
                    user_id=statement.reviewed_by_id,
                    topic_ids=topic_ids,
                    # The same date as the created row: history orders ties by id.
                    date=statement.created_at,
                )
            )
    return history_writer.write(rows)

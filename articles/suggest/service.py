"""Suggestions for a stored article: the engine fed from the database.

The text-only analysis (`engine.analyse`, with the parser model when installed) runs in
a task worker and is stored per text (`TextAnalysis`); a request reads it, or answers
with the rule engine at once while the analysis is pending. The registry, the stance
model and the exclusions are applied on read, so they are always current.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..models import (
    AnalysisStatus,
    Anchoring,
    Article,
    DismissedSuggestion,
    Speaker,
    SpeakerRole,
    Statement,
    TextAnalysis,
    check_span,
)
from ..permissions import require_analyst, require_assignment
from ..roles import is_reviewer
from . import parser
from .engine import Detection, Suggestion, analyse, suggest
from .registry import DatedRole, KnownSpeaker
from .stance import NaiveBayes
from .version import ENGINE_VERSION

logger = logging.getLogger(__name__)

# The classifier learns from the newest approved statements, up to this many, so that
# a request's cost does not grow with the size of the database.
TRAINING_LIMIT = 2000


def known_speakers() -> list[KnownSpeaker]:
    """Every registered speaker with the roles they held, in two queries.

    Plain rows rather than model instances (or `prefetch_related("roles")`): the same
    two queries, but about ten times faster with a registry of thousands of speakers.
    """
    roles: dict[int, list[DatedRole]] = defaultdict(list)
    for speaker_id, role, organisation, started_on, ended_on in SpeakerRole.objects.values_list(
        "speaker_id", "role", "organisation", "started_on", "ended_on"
    ):
        roles[speaker_id].append(DatedRole(role, organisation, started_on, ended_on))
    return [
        KnownSpeaker(
            id=pk,
            name=name,
            kind=kind,
            aliases=tuple(a for a in aliases or () if isinstance(a, str)),
            role=role,
            organisation=organisation,
            roles=tuple(roles.get(pk, ())),
        )
        for pk, name, kind, role, organisation, aliases in Speaker.objects.values_list(
            "id", "name", "kind", "role", "organisation", "aliases"
        )
    ]


def stance_model(*, extra: Iterable[tuple[str, str]] = ()) -> NaiveBayes | None:
    """A classifier trained on approved statements, or None while there are too few.

    Trained per call and never kept between requests: the app runs in several
    processes, and approvals change what it should learn.
    """
    approved = (
        # Newest first along the (status, created_at) index, so this stays a short scan.
        Statement.objects.approved()
        .order_by("-created_at")
        .values_list("quote", "stance")[:TRAINING_LIMIT]
    )
    return NaiveBayes.train([*approved, *extra])


def excluded_spans(article: Article, *, user=None) -> list[tuple[int, int]]:
    """Spans not to suggest again: the article's statements and its dismissed suggestions.

    Under double annotation an analyst's suggestions ignore the other analysts'
    statements and dismissals, so that the annotations stay independent.
    """
    # An orphan's offsets point into an earlier text: nothing of the current one.
    statements = Statement.objects.filter(article=article).exclude(anchor=Anchoring.ORPHANED)
    if user is not None:
        statements = statements.visible_to(user)
    dismissed = dismissals_seen_by(article, user)
    return [*statements.values_list("start", "end"), *dismissed.values_list("start", "end")]


def dismissals_seen_by(article: Article, user=None):
    """The dismissals that hide suggestions from `user`: under double annotation, their own."""
    dismissed = DismissedSuggestion.objects.filter(article=article)
    if user is not None and article.double_annotation and not is_reviewer(user):
        dismissed = dismissed.filter(dismissed_by=user)
    return dismissed.order_by("start", "end", "id")


def suggestions_for_article(
    article: Article,
    *,
    user=None,
    train: bool = True,
    extra_training: Iterable[tuple[str, str]] = (),
    exclude_annotated: bool = True,
    detections: Iterable[Detection] | None = None,
) -> list[Suggestion]:
    """Candidate statements of an article that are neither annotated nor dismissed.

    From `detections` (a stored analysis) when given, else from the rule engine now.
    """
    found = suggest(
        article.body,
        published_on=article.published_on,
        speakers=known_speakers(),
        stance_model=stance_model(extra=extra_training) if train else None,
        exclude_spans=excluded_spans(article, user=user) if exclude_annotated else (),
        detections=detections,
    )
    return with_claims(found)


def with_claims(suggestions: list[Suggestion]) -> list[Suggestion]:
    """A suggestion whose words are a known claim's takes that claim's speaker when the
    text names none it could resolve, and its stance when the text gives none."""
    from ..claim_groups import claim_index

    index = claim_index()
    if not index.rows:
        return suggestions
    changed = []
    for suggestion in suggestions:
        claim = index.match(suggestion.quote)
        if claim is not None:
            if suggestion.speaker_id is None and not suggestion.speaker_name:
                suggestion = replace(
                    suggestion,
                    speaker_id=claim.speaker_id,
                    speaker_name=claim.speaker_name,
                    speaker_kind=claim.speaker_kind,
                )
            if suggestion.stance is None and claim.stance:
                suggestion = replace(suggestion, stance=claim.stance)
        changed.append(suggestion)
    return changed


@dataclass(frozen=True)
class ArticleSuggestions:
    # ready: from the stored analysis; pending: the rule engine's, while it runs;
    # failed: the rule engine's, the analysis having given up.
    status: str
    suggestions: list[Suggestion]


def article_suggestions(article: Article, *, user=None) -> ArticleSuggestions:
    """An article's suggestions at once: from its stored analysis when ready, else from
    the rule engine, queueing the analysis if it is missing or its worker has gone."""
    analysis = analysis_for(article.content_hash)
    if analysis is None or analysis.is_stale(timeout=analysis_timeout()):
        analyses_request([article.content_hash])
    if analysis is not None and analysis.is_ready:
        detections = [Detection.from_dict(item) for item in analysis.detections]
        return ArticleSuggestions(
            AnalysisStatus.READY,
            suggestions_for_article(article, user=user, detections=detections),
        )
    failed = analysis is not None and analysis.status == AnalysisStatus.FAILED
    status = AnalysisStatus.FAILED if failed else AnalysisStatus.PENDING
    if len(article.body) > settings.SUGGESTIONS_INLINE_MAX_CHARS:
        # Too long to analyse within a request: the worker's analysis will tell.
        return ArticleSuggestions(status, [])
    return ArticleSuggestions(status, suggestions_for_article(article, user=user))


# Stored analyses ---------------------------------------------------------------------


def analysis_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SUGGESTIONS_ANALYSIS_TIMEOUT)


def analysis_for(content_hash: str) -> TextAnalysis | None:
    return TextAnalysis.objects.filter(
        content_hash=content_hash, engine_version=ENGINE_VERSION
    ).first()


def analyses_request(hashes: Iterable[str]) -> int:
    """Queue the analysis of each text that has none, or whose worker has gone.

    Texts already analysed (or being analysed) by this engine version are left alone.
    The tasks are sent once the current transaction commits, so a worker never looks
    for an article that is not there yet (nor for one whose creation rolled back).
    Returns how many were queued.
    """
    hashes = sorted(set(hashes))
    if not hashes:
        return 0
    rows = TextAnalysis.objects.filter(content_hash__in=hashes, engine_version=ENGINE_VERSION)
    TextAnalysis.objects.bulk_create(
        [TextAnalysis(content_hash=h, engine_version=ENGINE_VERSION) for h in hashes],
        ignore_conflicts=True,
    )
    now = timezone.now()
    timeout = analysis_timeout()
    waiting = rows.filter(status=AnalysisStatus.PENDING, enqueued_at__isnull=True) | rows.stale(
        timeout=timeout, now=now
    )
    queue: list[str] = []
    for pk, content_hash, attempts in waiting.values_list("pk", "content_hash", "attempts"):
        if attempts >= settings.SUGGESTIONS_ANALYSIS_ATTEMPTS:
            _give_up(TextAnalysis.objects.filter(pk=pk), attempts)
        else:
            queue.append(content_hash)
    if queue:
        # Pending again with a fresh time: it is queued once per timeout, not per request.
        rows.filter(content_hash__in=queue).update(status=AnalysisStatus.PENDING, enqueued_at=now)
        transaction.on_commit(lambda: _enqueue(queue), robust=True)
    return len(queue)


def analyses_requeue_stale() -> int:
    """Queue again every analysis whose worker has gone (a periodic check)."""
    stale = TextAnalysis.objects.filter(engine_version=ENGINE_VERSION).stale(
        timeout=analysis_timeout()
    )
    return analyses_request(stale.values_list("content_hash", flat=True))


def analyses_request_missing() -> int:
    """Queue an analysis for every stored article without one (after an engine upgrade)."""
    done = TextAnalysis.objects.filter(engine_version=ENGINE_VERSION).values("content_hash")
    missing = Article.objects.exclude(content_hash__in=done).values_list("content_hash", flat=True)
    return analyses_request(missing.iterator())


# Texts per queued task: few enough that several workers share a large import.
TEXTS_PER_TASK = 20


def _enqueue(hashes: list[str]) -> None:
    # Imported here: the task module imports this one.
    from .tasks import analyse_texts

    for first in range(0, len(hashes), TEXTS_PER_TASK):
        analyse_texts.enqueue(hashes[first : first + TEXTS_PER_TASK], ENGINE_VERSION)


def _give_up(rows, attempts: int) -> None:
    rows.update(
        status=AnalysisStatus.FAILED,
        error=f"Started {attempts} times; the worker stopped each time before it finished.",
        finished_at=timezone.now(),
    )


def analysis_run(*, content_hash: str, engine_version: str = ENGINE_VERSION) -> str:
    """Analyse one stored text and keep its detections; what the task worker runs.

    Safe to run twice: only a pending analysis, or a running one whose worker has gone,
    is taken (and the take is one UPDATE, so two workers cannot both have it); a ready
    one is left as it is. Returns the analysis's status afterwards.
    """
    rows = TextAnalysis.objects.filter(content_hash=content_hash, engine_version=engine_version)
    now = timezone.now()
    limit = settings.SUGGESTIONS_ANALYSIS_ATTEMPTS
    taken = (
        rows.filter(
            Q(status=AnalysisStatus.PENDING)
            | Q(status=AnalysisStatus.RUNNING, started_at__lt=now - analysis_timeout())
        )
        .filter(attempts__lt=limit)
        .update(
            status=AnalysisStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            finished_at=None,
        )
    )
    if not taken:
        current = rows.values_list("status", "attempts").first()
        if current is None:
            return "missing"
        status, attempts = current
        if status == AnalysisStatus.PENDING and attempts >= limit:
            _give_up(rows.filter(status=AnalysisStatus.PENDING), attempts)
            return AnalysisStatus.FAILED
        return status
    body = Article.objects.filter(content_hash=content_hash).values_list("body", flat=True).first()
    if body is None:
        # No article holds this text any more (deleted, or given a new text).
        rows.delete()
        return "missing"
    try:
        detections, used_parser, note = _analyse(body)
    except Exception as error:
        rows.update(
            status=AnalysisStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    rows.update(
        status=AnalysisStatus.READY,
        detections=[item.as_dict() for item in detections],
        used_parser=used_parser,
        error=note,
        finished_at=timezone.now(),
    )
    return AnalysisStatus.READY


def _analyse(body: str) -> tuple[list[Detection], bool, str]:
    """Detections of `body` with the parser when it loads, else by the rules alone, and
    why the rules ran alone."""
    nlp = None
    note = "The parser model is not installed; rules alone."
    if parser.available():
        try:
            # Loaded once per worker process and kept (parser.load_parser caches it).
            nlp = parser.load_parser()
        except Exception as error:  # ParserMismatch, or a broken install
            logger.exception("The parser model could not be loaded")
            note = f"The parser model could not be loaded ({error}); rules alone."
    if nlp is not None:
        try:
            return analyse(body, parser=nlp), True, ""
        except Exception as error:
            logger.exception("The parser pass failed")
            note = f"The parser pass failed ({type(error).__name__}: {error}); rules alone."
    return analyse(body), False, note


@transaction.atomic
def suggestion_dismiss(
    *, article: Article, start: int, end: int, by
) -> tuple[DismissedSuggestion, bool]:
    """Keep a suggested span from being suggested again; dismissing twice is harmless.

    Under double annotation the dismissal is the analyst's own, as their statements are.
    """
    require_analyst(by)
    require_assignment(by, article)
    check_span(article.body, start, end)
    if article.double_annotation:
        return DismissedSuggestion.objects.get_or_create(
            article=article, start=start, end=end, private=True, dismissed_by=by
        )
    return DismissedSuggestion.objects.get_or_create(
        article=article, start=start, end=end, private=False, defaults={"dismissed_by": by}
    )


def suggestion_restore(*, article: Article, start: int, end: int, by) -> bool:
    """Suggest a dismissed span again; False when `by` sees no such dismissal.

    Under double annotation an analyst restores only their own dismissals.
    """
    require_analyst(by)
    require_assignment(by, article)
    deleted, _ = dismissals_seen_by(article, by).filter(start=start, end=end).delete()
    return deleted > 0

"""Suggestions for a stored article: the engine fed from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from ..models import (
    Article,
    DismissedSuggestion,
    Speaker,
    SpeakerRole,
    Statement,
    check_span,
)
from ..permissions import is_reviewer, require_analyst
from .engine import DatedRole, KnownSpeaker, Suggestion, suggest
from .stance import NaiveBayes

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
    statements = Statement.objects.filter(article=article)
    dismissed = DismissedSuggestion.objects.filter(article=article)
    if user is not None:
        statements = statements.visible_to(user)
        if article.double_annotation and not is_reviewer(user):
            dismissed = dismissed.filter(dismissed_by=user)
    return [*statements.values_list("start", "end"), *dismissed.values_list("start", "end")]


def suggestions_for_article(
    article: Article,
    *,
    user=None,
    train: bool = True,
    extra_training: Iterable[tuple[str, str]] = (),
    exclude_annotated: bool = True,
) -> list[Suggestion]:
    """Candidate statements of an article that are neither annotated nor dismissed."""
    return suggest(
        article.body,
        published_on=article.published_on,
        speakers=known_speakers(),
        stance_model=stance_model(extra=extra_training) if train else None,
        exclude_spans=excluded_spans(article, user=user) if exclude_annotated else (),
    )


@transaction.atomic
def suggestion_dismiss(
    *, article: Article, start: int, end: int, by
) -> tuple[DismissedSuggestion, bool]:
    """Keep a suggested span from being suggested again; dismissing twice is harmless."""
    require_analyst(by)
    check_span(article.body, start, end)
    return DismissedSuggestion.objects.get_or_create(
        article=article, start=start, end=end, defaults={"dismissed_by": by}
    )

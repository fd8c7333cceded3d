"""The Statements page: every statement the user may see, filtered as the export is."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors
from ..api.filters import STATEMENT_ORDERINGS, StatementFilter
from ..models import Article, Speaker, Stance, Statement, Status, Topic
from .lists import export_links, filled_in, labelled

PAGE_SIZE = 50
# Entries in each of the filter lists: a bound on the page, whatever the corpus.
CHOICES_MAX = 500
DEFAULT_ORDERING = "-updated_at"

# What a row shows, read as the statement record (selectors).
ROW_FIELDS = (
    "id",
    "quote",
    "stance",
    "topics",
    "status",
    "note",
    "speaker_id",
    "speaker_name",
    "article_id",
    "article_title",
    "article_source",
    "article_published_on",
    "created_by",
    "reviewed_by",
    "review_comment",
    "updated_at",
)

# The columns a user can sort by, with the orderings a click on the header steps through.
SORTABLE = {
    "speaker": ("speaker",),
    "stance": ("stance",),
    "status": ("status",),
    "article": ("-published_on", "published_on"),
    "updated": ("-updated_at", "updated_at"),
}


def _choices(queryset, label, chosen: str | None) -> list[tuple[str, str]]:
    """The first CHOICES_MAX entries of `queryset`, and the chosen one wherever it is."""
    entries = [(str(item.pk), label(item)) for item in queryset[:CHOICES_MAX]]
    if chosen and chosen.isdigit() and chosen not in {pk for pk, _ in entries}:
        extra = queryset.filter(pk=int(chosen)).first()
        if extra is not None:
            entries.append((str(extra.pk), label(extra)))
    return entries


def _filter_choices(visible, params) -> dict[str, list[tuple[str, str]]]:
    """What each list offers: what the statements the user sees refer to."""
    users = get_user_model().objects.filter(pk__in=visible.values("created_by_id"))
    return {
        "article": _choices(
            Article.objects.filter(pk__in=visible.values("article_id"))
            .only("id", "title")
            .order_by("-published_on", "-id"),
            lambda article: article.title,
            params.get("article"),
        ),
        "speaker": _choices(
            Speaker.objects.filter(pk__in=visible.values("speaker_id"))
            .only("id", "name")
            .order_by("name", "id"),
            lambda speaker: speaker.name,
            params.get("speaker"),
        ),
        "topic": _choices(
            Topic.objects.only("id", "name").order_by("name", "id"),
            lambda topic: topic.name,
            params.get("topic"),
        ),
        "created_by": [
            (user.get_username(), user.get_username())
            for user in users.order_by("username")[:CHOICES_MAX]
        ],
    }


def _sort_links(params, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the query a click asks for, and its aria-sort now."""
    links = {}
    for column, steps in SORTABLE.items():
        query = params.copy()
        if current in steps:
            query["ordering"] = steps[(steps.index(current) + 1) % len(steps)]
            state = "descending" if current.startswith("-") else "ascending"
        else:
            query["ordering"], state = steps[0], "none"
        links[column] = {"query": query.urlencode(), "state": state}
    return links


@login_required
def statement_list(request: HttpRequest) -> HttpResponse:
    params = filled_in(request.GET)
    ordering = params.get("ordering") or DEFAULT_ORDERING
    visible = Statement.objects.visible_to(request.user)
    found = StatementFilter(
        params, queryset=visible.order_by(*STATEMENT_ORDERINGS[DEFAULT_ORDERING])
    )
    valid = found.is_valid()
    ids = found.qs.values_list("pk", flat=True) if valid else Statement.objects.none()
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    rows = selectors.in_order(
        selectors.records(Statement.objects.filter(pk__in=page_ids), ROW_FIELDS), page_ids
    )
    query = params.urlencode()
    context = {
        "found": found,
        "errors": [] if valid else labelled(found.errors),
        "page": page,
        "rows": rows,
        "params": params,
        "query": query,
        "choices": _filter_choices(visible, params),
        "stances": Stance.choices,
        "statuses": Status.choices,
        "orderings": STATEMENT_ORDERINGS,
        "ordering": ordering,
        "sort": _sort_links(params, ordering),
        "exports": export_links(query),
        "nav": "statements",
    }
    return render(request, "articles/statement_list.html", context, status=200 if valid else 400)

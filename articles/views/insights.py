"""The insight pages: what the statements say, in charts with their numbers beside them."""

from __future__ import annotations

import csv
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render

from .. import insight_counts, insights, selectors
from ..api.filters import InsightFilter, with_default_status
from ..models import Article, Claim, Speaker, Stance, Statement, Status, Topic
from .lists import filled_in, labelled

DEFAULT_STATUS = Status.APPROVED
# Reports a claim page lists: a bound, whatever the spread.
CLAIM_ROWS_MAX = 500
# Claims a speaker or topic page lists, the most widely reported first.
CLAIMS_LISTED = 20


def insight_params(query: QueryDict) -> QueryDict:
    """The filters asked for; approved statements unless another status is asked for
    (the form's "Any status" sends an empty one)."""
    return with_default_status(filled_in(query), query)


def filtered(request: HttpRequest) -> tuple[InsightFilter, QueryDict]:
    params = insight_params(request.GET)
    found = InsightFilter(params, queryset=Statement.objects.visible_to(request.user))
    return found, params


def charts_of(
    request: HttpRequest, found: InsightFilter, params: QueryDict
) -> list[insights.Chart]:
    if not found.is_valid():
        return []
    counts = insight_counts.counts_for(request.user, params, found.qs)
    return insights.overview(counts, unit=params.get("unit") or "month")


@login_required
def insights_overview(request: HttpRequest) -> HttpResponse:
    found, params = filtered(request)
    charts = charts_of(request, found, params)
    query = params.urlencode()
    context = {
        "found": found,
        "errors": [] if found.is_valid() else labelled(found.errors),
        "charts": charts,
        "chart_data": [chart.as_dict() for chart in charts],
        "params": params,
        "query": query,
        "choices": _choices(),
        "stances": Stance.choices,
        "statuses": [*Status.choices, ("any", "Any status")],
        "nav": "insights",
    }
    return render(request, "insights/overview.html", context, status=200 if charts else 400)


def _choices() -> dict:
    # Bounded lists: a filter names an id, a slug or a source.
    return {
        "speaker": [
            (str(pk), name)
            for pk, name in Speaker.objects.order_by("name").values_list("pk", "name")[:500]
        ],
        "topic": list(Topic.objects.order_by("name").values_list("slug", "name")[:500]),
        "outlet": [
            (source, source)
            for source in Article.objects.exclude(source="")
            .order_by("source")
            .values_list("source", flat=True)
            .distinct()[:500]
        ],
    }


@login_required
def insights_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """The numbers of one chart of the overview, as CSV, for the same filters."""
    found, params = filtered(request)
    charts = {c.name: c for c in charts_of(request, found, params)}
    if not found.is_valid():
        return HttpResponse(
            " ".join(f"{k}: {' '.join(v)}" for k, v in found.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    if chart not in charts:
        raise Http404("No such chart.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{chart}.csv"'
    writer = csv.writer(response)
    writer.writerows(charts[chart].csv_rows())
    return response


@login_required
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic: who warns, who reassures and who proposes policy about it, and when."""
    topic = get_object_or_404(Topic, slug=slug)
    params = QueryDict(mutable=True)
    params.update({"topic_slug": slug, "status": DEFAULT_STATUS})
    statements = Statement.objects.visible_to(request.user).filter(
        topics=topic, status=DEFAULT_STATUS
    )
    counts = insights.LiveCounts(statements)
    timeline = insights.over_time(counts)
    speakers = insights.speakers(counts)
    charts = [timeline, speakers, insights.outlets(counts)]
    by_stance = [
        (
            label,
            sorted(
                (
                    (row.label, row.key, row.counts[value])
                    for row in speakers.rows
                    if row.counts[value]
                ),
                key=lambda item: -item[2],
            ),
        )
        for value, label in Stance.choices
    ]
    context = {
        "claims": Claim.objects.filter(statements__in=statements).distinct()[:CLAIMS_LISTED],
        "topic": topic,
        "charts": charts,
        "chart_data": [chart.as_dict() for chart in charts],
        "by_stance": by_stance,
        "query": params.urlencode(),
        "nav": "insights",
    }
    return render(request, "insights/topic.html", context)


CLAIM_ROW_FIELDS = (
    "id", "quote", "stance", "status", "speaker_id", "speaker_name", "article_id",
    "article_title", "article_source", "article_published_on",
)  # fmt: skip


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One claim: its reports across articles, who said it, where it was first, its
    variants and its spread over time."""
    claim = get_object_or_404(Claim.objects.select_related("speaker"), pk=pk)
    statements = Statement.objects.visible_to(request.user).filter(claim=claim)
    ids = list(
        statements.order_by("article__published_on", "created_at", "id").values_list(
            "pk", flat=True
        )[:CLAIM_ROWS_MAX]
    )
    rows = selectors.in_order(
        selectors.records(Statement.objects.filter(pk__in=ids), CLAIM_ROW_FIELDS), ids
    )
    variants = Counter(row["quote"] for row in rows).most_common()
    speakers = Counter((row["speaker_id"], row["speaker_name"]) for row in rows).most_common()
    timeline = insights.over_time(insights.LiveCounts(statements))
    context = {
        "claim": claim,
        "rows": rows,
        "variants": variants,
        "speakers": speakers,
        "charts": [timeline],
        "chart_data": [timeline.as_dict()],
        "hide_csv": True,  # the overview's CSV counts no claim
        "nav": "insights",
    }
    return render(request, "insights/claim.html", context)

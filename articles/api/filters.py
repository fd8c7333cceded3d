"""Filters for lists and exports; unknown query parameters are refused, not ignored."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from ..models import Article, Speaker, SpeakerKind, Stance, Statement, Status, Topic

# Parameters every list understands besides its filters.
COMMON_PARAMS = {"page", "page_size", "format"}

# Ids are 64-bit on both databases; past that SQLite cannot even compare them.
MAX_ID = 2**63 - 1
_UTC = datetime.UTC


class IdField(forms.IntegerField):
    """A whole number from 1 to the largest 64-bit id: no fractions, exponents or sums."""

    default_error_messages = {
        "invalid": "Enter an id: a whole number.",
        "min_value": "Ids start at 1.",
        "max_value": f"Ids are at most {MAX_ID}.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class BoundedIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time that is still within years 1 to 9999 once turned into UTC."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            try:
                # In UTC: PostgreSQL refuses offsets past 15:59 ("+23:46"), which ISO allows.
                value = value.astimezone(_UTC)
            except OverflowError:
                raise forms.ValidationError(
                    "This time is outside the calendar the database stores (years 1 to "
                    "9999 in UTC).",
                    code="out_of_range",
                ) from None
        return value


class TrueFalseField(forms.Field):
    """`true` or `false`, nothing else (Django's own also takes null, 1, on and more)."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Use true or false.")


class TrueFalseFilter(django_filters.BooleanFilter):
    field_class = TrueFalseField


class BoundedIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for any query parameter the list does not know."""

    def filter_queryset(self, request, queryset, view):
        if not request.query_params:
            # Nothing to filter by (every detail request): skip building the filter set.
            return queryset
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(COMMON_PARAMS) | set(getattr(view, "extra_query_params", ()))
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            raise ValidationError(
                {name: f"Unknown filter. Known: {', '.join(sorted(known))}." for name in unknown}
            )
        if filterset_class is not None:
            # An empty id, date, time or choice is no value at all: say so rather than
            # list everything as if the parameter had been left out.
            empty = sorted(
                name
                for name, value in request.query_params.items()
                if value == "" and isinstance(filterset_class.base_filters.get(name), _TYPED)
            )
            if empty:
                raise ValidationError(
                    {name: "Give a value, or leave the parameter out." for name in empty}
                )
        return super().filter_queryset(request, queryset, view)


_TYPED = (
    django_filters.NumberFilter,
    django_filters.DateFilter,
    django_filters.IsoDateTimeFilter,
    django_filters.ChoiceFilter,
    TrueFalseFilter,
)

STATEMENT_ORDERINGS = {
    "position": ("article_id", "start", "end", "id"),
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "published_on": ("article__published_on", "article_id", "start", "id"),
    "-published_on": ("-article__published_on", "-article_id", "start", "id"),
    "speaker": ("speaker__name", "speaker_id", "id"),
    "stance": ("stance", "id"),
    "status": ("status", "id"),
}


class StatementFilter(django_filters.FilterSet):
    article = IdFilter(field_name="article_id")
    speaker = IdFilter(field_name="speaker_id")
    topic = IdFilter(field_name="topics", distinct=False)
    created_by = django_filters.CharFilter(
        method="filter_created_by", help_text="User id or username."
    )
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    updated_since = BoundedIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_from = django_filters.DateFilter(
        field_name="updated_at", lookup_expr="date__gte", help_text="Changed on or after this day."
    )
    updated_to = django_filters.DateFilter(
        field_name="updated_at", lookup_expr="date__lte", help_text="Changed on or before this day."
    )
    published_from = django_filters.DateFilter(
        field_name="article__published_on__gte",
        method="filter_article",
        help_text="In articles published on or after this day.",
    )
    published_to = django_filters.DateFilter(
        field_name="article__published_on__lte",
        method="filter_article",
        help_text="In articles published on or before this day.",
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text="Text in the quote, the speaker's name or the note."
    )
    commented = TrueFalseFilter(
        method="filter_commented", help_text="true: with a discussion; false: without."
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in STATEMENT_ORDERINGS],
        method="order",
        empty_label=None,
        help_text="position (article, then place in the text; the default), time, "
        "article date, speaker, stance or status; a leading - reverses.",
    )

    class Meta:
        model = Statement
        fields = []

    def filter_article(self, queryset, name, value):
        """By the ids of the articles that match, not by joining each statement to its
        article: counts then read the statements from an index alone."""
        lookup = name.removeprefix("article__")  # the filter's field_name
        return queryset.filter(article__in=Article.objects.filter(**{lookup: value}))

    def filter_created_by(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            if int(value) > MAX_ID:
                raise ValidationError({name: f"Ids are at most {MAX_ID}."})
            return queryset.filter(created_by_id=int(value))
        return queryset.filter(created_by__username=value)

    def filter_commented(self, queryset, name, value):
        return queryset.filter(comment_count__gt=0) if value else queryset.filter(comment_count=0)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(quote__icontains=value) | Q(speaker__name__icontains=value) | Q(note__icontains=value)
        )

    def order(self, queryset, name, value):
        return queryset.order_by(*STATEMENT_ORDERINGS[value])


class InsightFilter(StatementFilter):
    """The statements an insight counts: the Statements page's filters, an outlet, and the
    timeline's unit. Its callers default `status` to approved."""

    outlet = django_filters.CharFilter(
        field_name="article__source",
        method="filter_article",
        help_text="The article's source, exactly as stored.",
    )
    topic_slug = django_filters.CharFilter(field_name="topics__slug", distinct=False)
    unit = django_filters.ChoiceFilter(
        choices=[("month", "Month"), ("week", "Week")],
        method="keep",
        help_text="The timeline's step: month (the default) or week.",
    )
    status = django_filters.ChoiceFilter(
        choices=[*Status.choices, ("any", "Any status")],
        method="filter_status",
        help_text="approved (the default), pending, rejected, or any.",
    )

    def keep(self, queryset, name, value):
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset if value == "any" else queryset.filter(status=value)


del InsightFilter.base_filters["ordering"]  # counts have no order to choose


def with_default_status(params: QueryDict, asked: QueryDict) -> QueryDict:
    """`params` counting approved statements unless `asked` names a status; an empty
    one (a form's "any") counts every status."""
    params = params.copy()
    if "status" not in asked:
        params["status"] = Status.APPROVED
    elif not asked.get("status", "").strip():
        params["status"] = "any"
    return params


ARTICLE_ORDERINGS = {
    "-published_on": ("-published_on", "-id"),
    "published_on": ("published_on", "id"),
    "title": ("title", "id"),
    "-pending": ("-statements_pending", "-published_on", "-id"),
    "-approved": ("-statements_approved", "-published_on", "-id"),
    "-rejected": ("-statements_rejected", "-published_on", "-id"),
    "-total": ("-statements_total", "-published_on", "-id"),
}

# Where an article stands for the user asking; counts are of the statements they see.
ARTICLE_PROGRESS = {
    "pending": "Has pending statements",
    "not_started": "No statements yet",
    "assigned": "Assigned to me",
}


class ArticleFilter(django_filters.FilterSet):
    """Filters for lists of articles annotated with their statement counts (for_list)."""

    search = django_filters.CharFilter(
        method="filter_search", help_text="Text in the title, the source or the article."
    )
    source = django_filters.CharFilter(lookup_expr="iexact")
    published_from = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    progress = django_filters.ChoiceFilter(
        choices=list(ARTICLE_PROGRESS.items()),
        method="filter_progress",
        help_text="pending: has pending statements; not_started: none yet; "
        "assigned: you are one of its annotators.",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ARTICLE_ORDERINGS],
        method="order",
        empty_label=None,
        help_text="-published_on (newest first; the default), published_on, title, "
        "or most statements: -pending, -approved, -rejected, -total.",
    )

    class Meta:
        model = Article
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(source__icontains=value) | Q(body__icontains=value)
        )

    def filter_progress(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(statements_pending__gt=0)
        if value == "not_started":
            return queryset.filter(statements_total=0)
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        # A subquery, not a join: a join would multiply the statement counts.
        assigned = Article.annotators.through.objects.filter(user=user).values("article_id")
        return queryset.filter(pk__in=assigned)

    def order(self, queryset, name, value):
        return queryset.order_by(*ARTICLE_ORDERINGS[value])


class SpeakerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", help_text="Name or alias.")
    like = django_filters.CharFilter(
        method="filter_like",
        help_text="Names close to this one (a typo or two away, or the same surname): "
        "what to check before creating a speaker.",
    )
    kind = django_filters.ChoiceFilter(choices=SpeakerKind.choices)

    class Meta:
        model = Speaker
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_like(self, queryset, name, value):
        return queryset.filter(pk__in=[speaker.pk for speaker in queryset.close_to(value)])


class TopicFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Topic
        fields = []

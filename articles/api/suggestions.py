"""Suggested statements of an article, and dismissing the ones that are not statements."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from ..models import AnalysisStatus, Article, SpeakerKind, Stance
from ..permissions import require_analyst
from ..suggest import service

_DIGITS = re.compile(r"\s*\d+\s*")
# The engine's kind for several people speaking together ("protesters", "the two
# ministers"); registered, such a speaker is a collective, not one person.
_GROUP = "group"


class SuggestionSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="First code point of the quote in the body.")
    end = serializers.IntegerField(help_text="Code point just after the quote.")
    quote = serializers.CharField(help_text="The body between start and end.")
    speaker = serializers.IntegerField(
        source="speaker_id",
        allow_null=True,
        help_text="A registered speaker, or null for one to create under `speaker_name`.",
    )
    speaker_name = serializers.CharField(
        help_text="The speaker's name; as the text names them when not registered."
    )
    speaker_kind = serializers.SerializerMethodField(
        help_text="`person` or `organisation`: the registered speaker's kind, or what the "
        "text reads the speaker as (a group counts as an organisation); null when it "
        "cannot tell."
    )
    stance = serializers.ChoiceField(
        choices=Stance.choices,
        allow_null=True,
        help_text="The stance the wording suggests, or null when no cue fits: the analyst "
        "picks one before it becomes a statement.",
    )
    confidence = serializers.FloatField(min_value=0, max_value=1)

    @extend_schema_field(serializers.ChoiceField(choices=SpeakerKind.choices, allow_null=True))
    def get_speaker_kind(self, suggestion) -> str | None:
        kind = getattr(suggestion, "speaker_kind", None) or None
        if kind == _GROUP:
            return SpeakerKind.ORGANISATION.value
        return kind if kind in SpeakerKind.values else None


class SuggestionsStatus(models.TextChoices):
    """How far the analysis of an article's text is, as the suggestions endpoint says it."""

    READY = AnalysisStatus.READY, "Ready"
    PENDING = AnalysisStatus.PENDING, "Pending"
    FAILED = AnalysisStatus.FAILED, "Failed"


class ArticleSuggestionsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=SuggestionsStatus.choices,
        help_text="`ready`: from the stored analysis of the text. `pending`: the analysis "
        "is queued or running; these are the rule engine's suggestions, ask again in a few "
        "seconds. `failed`: the analysis gave up; these are the rule engine's suggestions.",
    )
    suggestions = SuggestionSerializer(many=True)


class OffsetField(serializers.IntegerField):
    """A code-point offset: a whole number, never a float, boolean or other text."""

    def to_internal_value(self, data):
        if isinstance(data, bool | float):
            self.fail("invalid")
        if isinstance(data, str) and not _DIGITS.fullmatch(data):
            self.fail("invalid")
        return super().to_internal_value(data)


# Dismissals listed at most: far more than an article's suggestions.
MAX_DISMISSED_LISTED = 2000


class SuggestionDismissSerializer(serializers.Serializer):
    start = OffsetField(min_value=0)
    end = OffsetField(min_value=1)


class DismissedSuggestionSerializer(serializers.Serializer):
    article = serializers.IntegerField(source="article_id")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote = serializers.SerializerMethodField()
    dismissed_by = serializers.IntegerField(source="dismissed_by_id", allow_null=True)
    created_at = serializers.DateTimeField()

    def get_quote(self, dismissed) -> str:
        return dismissed.article.body[dismissed.start : dismissed.end]


@extend_schema(
    summary="Suggested statements of an article",
    description="Candidate statements found in the article's text that are not yet "
    "statements and were not dismissed, in text order (not paginated), answered at once. "
    "The text is analysed in the background when it is stored: until that analysis is "
    "ready, `status` is `pending` and the suggestions are those of the rule engine; ask "
    "again in a few seconds for the full ones. Offsets count Unicode code points of the "
    "stored body; `quote` is always `body[start:end]`.",
    responses={
        200: ArticleSuggestionsSerializer,
        404: OpenApiResponse(description="No such article."),
    },
    tags=["suggestions"],
)
@api_view(["GET"])
def suggestion_list(request, pk: int) -> Response:
    article = get_object_or_404(Article, pk=pk)
    answer = service.article_suggestions(article, user=request.user)
    return Response(ArticleSuggestionsSerializer(answer).data)


@extend_schema(
    summary="Dismiss a suggested statement",
    description="Record that a suggested span is not a statement, so that it is not "
    "suggested again for this article. Dismissing a span twice is harmless (200). Under "
    "double annotation a dismissal is the analyst's own: it hides the span from them only, "
    "and only the analysts assigned to the article may dismiss.",
    request=SuggestionDismissSerializer,
    responses={
        201: DismissedSuggestionSerializer,
        200: DismissedSuggestionSerializer,
        400: OpenApiResponse(description="Bad offsets; the message names the field."),
        403: OpenApiResponse(
            description="Only analysts and reviewers may dismiss; under double annotation, "
            "only the analysts assigned to the article."
        ),
        404: OpenApiResponse(description="No such article."),
    },
    tags=["suggestions"],
)
@api_view(["POST"])
def suggestion_dismiss(request, pk: int) -> Response:
    article = get_object_or_404(Article, pk=pk)
    require_analyst(request.user)
    serializer = SuggestionDismissSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        dismissed, created = service.suggestion_dismiss(
            article=article,
            start=serializer.validated_data["start"],
            end=serializer.validated_data["end"],
            by=request.user,
        )
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    return Response(
        DismissedSuggestionSerializer(dismissed).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


@extend_schema(
    summary="Dismissed suggestions of an article",
    description="The spans dismissed for this article, in text order, with their quotes; "
    "under double annotation an analyst sees their own dismissals.",
    responses={
        200: DismissedSuggestionSerializer(many=True),
        404: OpenApiResponse(description="No such article."),
    },
    tags=["suggestions"],
)
@api_view(["GET"])
def suggestion_dismissed(request, pk: int) -> Response:
    article = get_object_or_404(Article, pk=pk)
    dismissed = service.dismissals_seen_by(article, request.user).select_related("article")
    return Response(DismissedSuggestionSerializer(dismissed[:MAX_DISMISSED_LISTED], many=True).data)


@extend_schema(
    summary="Suggest a dismissed span again",
    description="Take back a dismissal, so that the span is suggested again.",
    request=SuggestionDismissSerializer,
    responses={
        204: None,
        400: OpenApiResponse(description="Bad offsets; the message names the field."),
        403: OpenApiResponse(description="Only analysts and reviewers may restore."),
        404: OpenApiResponse(description="No such article, or no such dismissal."),
    },
    tags=["suggestions"],
)
@api_view(["POST"])
def suggestion_restore(request, pk: int) -> Response:
    article = get_object_or_404(Article, pk=pk)
    require_analyst(request.user)
    serializer = SuggestionDismissSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    restored = service.suggestion_restore(
        article=article,
        start=serializer.validated_data["start"],
        end=serializer.validated_data["end"],
        by=request.user,
    )
    if not restored:
        raise NotFound("That span is not dismissed in this article.")
    return Response(status=status.HTTP_204_NO_CONTENT)

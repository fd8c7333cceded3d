"""How articles, speakers, topics and statements look over the API."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator, validate_unicode_slug
from django.db import models
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from .. import selectors, services
from ..models import (
    COMMENT_MAX_LENGTH,
    REVIEW_COMMENT_MAX_LENGTH,
    SPEAKER_ALIAS_MAX_LENGTH,
    SPEAKER_ALIASES_MAX,
    Article,
    Speaker,
    SpeakerRole,
    Statement,
    Topic,
    clean_aliases,
)
from ..roles import is_reviewer
from .fields import (
    TEXT_NOT_BLANK,
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
    StrictURLField,
)


class StrictFieldsMixin:
    """Refuse fields the resource does not have, so a misspelt field is not silently lost.

    Text fields take JSON strings only (DRF would turn a number into text).
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.URLField: StrictURLField,
        models.BooleanField: StrictBooleanField,
    }
    serializer_choice_field = StrictChoiceField

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: "Unknown field: this resource has no such field." for name in unknown}
                )
        return super().to_internal_value(data)


# Topics ---------------------------------------------------------------------------


def _unicode_slug(value: str) -> None:
    # A function, not the RegexValidator itself: the schema would turn its pattern into
    # JSON Schema, where `\w` means ASCII letters only.
    if value:
        validate_unicode_slug(value)


class TopicSlugField(StrictCharField):
    """Letters of any script, digits, - and _; made from the name when left out."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_unicode_slug)


class TopicSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    slug = TopicSlugField(required=False, allow_blank=True, max_length=100)

    class Meta:
        model = Topic
        fields = ["id", "name", "slug", "description"]
        validators = []

    def create(self, validated_data):
        return services.topic_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.topic_update(topic=instance, **validated_data)


# Speakers -------------------------------------------------------------------------


class SpeakerRoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpeakerRole
        fields = ["role", "organisation", "started_on", "ended_on"]


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "maxLength": SPEAKER_ALIAS_MAX_LENGTH},
        "maxItems": SPEAKER_ALIASES_MAX,
    }
)
class AliasesField(serializers.JSONField):
    """A list of strings, checked by `clean_aliases` (validate_aliases) with its messages."""


class SpeakerSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    aliases = AliasesField(
        required=False, help_text="Other forms of the name used in text (a list of strings)."
    )
    roles = SpeakerRoleSerializer(many=True, read_only=True)

    class Meta:
        model = Speaker
        fields = ["id", "name", "kind", "role", "organisation", "aliases", "roles"]
        validators = []

    def validate_aliases(self, value):
        try:
            return clean_aliases(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def create(self, validated_data):
        return services.speaker_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.speaker_update(speaker=instance, **validated_data)


# Statements -----------------------------------------------------------------------

# How the schema types each kind of record field (the API's answers come from records).
_SCHEMA_FIELDS = {
    selectors.INTEGER: serializers.IntegerField,
    selectors.TEXT: serializers.CharField,
    selectors.CHOICE: serializers.CharField,
    selectors.TIME: serializers.DateTimeField,
    selectors.DATE: serializers.DateField,
    selectors.TOPIC_IDS: lambda **kwargs: serializers.ListField(
        child=serializers.IntegerField(), **kwargs
    ),
    selectors.TOPIC_NAMES: lambda **kwargs: serializers.ListField(
        child=serializers.CharField(), **kwargs
    ),
}


def _lookup_field(source: str) -> models.Field:
    """The model field a lookup on Statement ends at ("speaker__kind" → Speaker.kind)."""
    model, *path, last = [Statement, *source.split("__")]
    for name in path:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


def _schema_field(field: selectors.Field) -> serializers.Field:
    if field.kind == selectors.CHOICE:
        choices = _lookup_field(field.source).choices
        return serializers.ChoiceField(choices=choices, read_only=True, allow_null=field.null)
    if field.kind in (selectors.TOPIC_IDS, selectors.TOPIC_NAMES):
        return _SCHEMA_FIELDS[field.kind](read_only=True)
    return _SCHEMA_FIELDS[field.kind](read_only=True, allow_null=field.null)


# What a statement's write accepts; the record's other API fields are read-only.
WRITTEN = {"article", "speaker", "topics", "start", "end", "quote", "stance", "note", "version"}


# The answer is the statement's record (selectors); this describes it for the schema.
class StatementSerializer(serializers.Serializer):
    """A statement: a span of an article's body, its speaker, stance, topics and review."""

    can_change = serializers.BooleanField(
        read_only=True, help_text="Whether you may edit or delete this statement."
    )
    read_only_reason = serializers.CharField(
        read_only=True, allow_null=True, help_text="Why you may not, when you may not."
    )

    def to_representation(self, instance: Statement) -> dict:
        return selectors.api_record_of(instance, self.context["request"].user)


# Only the written fields, so the answer's read-only ones are not built for each write;
# it answers with the record, like StatementSerializer.
@extend_schema_serializer(component_name="Statement")
class StatementWriteSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """A statement: a span of an article's body, its speaker, stance, topics and review."""

    article = StrictPrimaryKeyRelatedField(queryset=Article.objects.defer(None))
    speaker = StrictPrimaryKeyRelatedField(queryset=Speaker.objects.all())
    topics = StrictPrimaryKeyRelatedField(queryset=Topic.objects.all(), many=True, required=False)
    start = StrictIntegerField(help_text="First code point of the quote in the article body.")
    end = StrictIntegerField(help_text="Code point just after the quote.")
    quote = StrictCharField(
        required=False,
        trim_whitespace=False,
        help_text="Optional on write: if sent, it must equal the body between start and end.",
    )
    version = StrictIntegerField(
        required=False,
        min_value=1,
        help_text="On update: the version you last read. An older one gets 409 and changes "
        "nothing. Leave it out to overwrite regardless.",
    )

    class Meta:
        model = Statement
        fields = [key for key in selectors.API_KEYS if key in WRITTEN]

    def to_representation(self, instance: Statement) -> dict:
        return selectors.api_record_of(instance, self.context["request"].user)

    def create(self, validated_data):
        validated_data.pop("version", None)
        return services.statement_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        article = validated_data.pop("article", None)
        if article is not None and article.pk != instance.article_id:
            raise serializers.ValidationError(
                {"article": "A statement cannot move to another article; create a new one."}
            )
        expected = validated_data.pop("version", None)
        if expected is None:
            expected = self.context.get("if_match_version")
        return services.statement_update(
            statement=instance,
            by=self.context["request"].user,
            expected_version=expected,
            **validated_data,
        )


def _answer_fields() -> dict[str, serializers.Field]:
    """The answer's fields in the record's order; the written ones as the write takes them."""
    written = StatementWriteSerializer().fields
    declared = {field.api_key: field for field in selectors.fields_for(selectors.API)}
    own = StatementSerializer._declared_fields
    return {
        key: written[key] if key in WRITTEN else own.get(key) or _schema_field(declared[key])
        for key in selectors.API_KEYS
    }


StatementSerializer._declared_fields = _answer_fields()


class _TextField(serializers.CharField):
    """Text only: a number or true/false is refused rather than turned into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("Must be text.")
        return super().to_internal_value(data)


def _expected_version_field() -> StrictIntegerField:
    return StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The version you last read (or send If-Match). An older one gets 409 and "
        "changes nothing. Leave it out (or null) to act regardless.",
    )


class ReviewRequestSerializer(serializers.Serializer):
    """What approving or rejecting a statement accepts."""

    comment = _TextField(required=False, allow_blank=True, trim_whitespace=False, default="")
    version = _expected_version_field()


class RejectRequestSerializer(ReviewRequestSerializer):
    """What rejecting a statement accepts: a comment saying why is required."""

    comment = _TextField(
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        trim_whitespace=False,
        validators=[RegexValidator(TEXT_NOT_BLANK, message="Say why the statement is rejected.")],
        help_text="Why the statement is rejected (required).",
    )


class RestoreRequestSerializer(serializers.Serializer):
    """What restoring an earlier version of a statement accepts."""

    history_id = StrictIntegerField(
        min_value=1,
        error_messages={"required": "Send the history_id to restore."},
        help_text="The history entry whose content to bring back.",
    )
    version = _expected_version_field()


class CommentSerializer(serializers.Serializer):
    """A remark in a statement's discussion."""

    id = serializers.IntegerField(read_only=True)
    author = serializers.CharField(
        source="author.username", read_only=True, allow_null=True, default=None
    )
    body = _TextField(
        max_length=COMMENT_MAX_LENGTH,
        trim_whitespace=False,
        validators=[RegexValidator(TEXT_NOT_BLANK, message="Write something to say.")],
    )
    created_at = serializers.DateTimeField(read_only=True)


class UndoReviewRequestSerializer(serializers.Serializer):
    """What taking back a review accepts."""

    back_to_version = StrictIntegerField(
        min_value=1,
        error_messages={"required": "Send back_to_version: the version before the review."},
        help_text="The version whose review (status, reviewer, comment) comes back.",
    )
    version = _expected_version_field()


class VersionRequestSerializer(serializers.Serializer):
    """What an action that takes nothing but the version check accepts."""

    version = _expected_version_field()


class AdjudicateRequestSerializer(serializers.Serializer):
    """What keeping one of two readings of a span accepts."""

    reject = StrictIntegerField(
        min_value=1,
        error_messages={"required": "Send reject: the id of the statement not kept."},
        help_text="The other annotator's statement on the same span, to reject.",
    )
    version = _expected_version_field()
    reject_version = StrictIntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The version of the rejected statement you saw (optional).",
    )


class UndeleteRequestSerializer(serializers.Serializer):
    """What bringing back a deleted statement accepts."""

    id = StrictIntegerField(
        min_value=1,
        error_messages={"required": "Send the id of the deleted statement."},
        help_text="The id the statement had.",
    )


# Articles -------------------------------------------------------------------------


class StatementCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="statements_total")
    pending = serializers.IntegerField(source="statements_pending")
    approved = serializers.IntegerField(source="statements_approved")
    rejected = serializers.IntegerField(source="statements_rejected")


class ArticleSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """Articles in lists: no body, with statement counts by status."""

    title = StrictCharField(max_length=300, required=False, allow_blank=True)
    statement_counts = StatementCountsSerializer(source="*", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "source",
            "url",
            "published_on",
            "double_annotation",
            "statement_counts",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["double_annotation", "created_at", "updated_at"]


class ArticleDetailSerializer(ArticleSerializer):
    """One article with its body and all its statements in text order."""

    body = StrictCharField(trim_whitespace=False)
    statements = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "statements"]
        extra_kwargs = {"url": {"validators": []}}

    @extend_schema_field(StatementSerializer(many=True, read_only=True))
    def get_statements(self, article: Article) -> list[dict]:
        """Every statement the user may see, in text order, as StatementSerializer shows it."""
        user = self.context["request"].user
        statements = Statement.objects.filter(article=article).order_by("start", "end", "id")
        if article.double_annotation:
            return selectors.api_records(statements.visible_to(user), user)
        return selectors.api_records(statements, user, all_of_article=article.pk)

    def create(self, validated_data):
        return services.article_create(by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.article_update(
            article=instance, by=self.context["request"].user, **validated_data
        )


class ArticleWriteSerializer(ArticleDetailSerializer):
    """What creating or changing an article accepts and answers."""

    statement_counts = None
    statements = None
    double_annotation = StrictBooleanField(required=False)
    annotators = StrictPrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="User ids of the analysts assigned under double annotation (reviewers only).",
    )

    class Meta(ArticleDetailSerializer.Meta):
        fields = [
            "id",
            "title",
            "body",
            "source",
            "url",
            "published_on",
            "double_annotation",
            "annotators",
            "created_at",
            "updated_at",
        ]

    def validate(self, attrs):
        if {"double_annotation", "annotators"} & attrs.keys() and not is_reviewer(
            self.context["request"].user
        ):
            raise PermissionDenied("Only reviewers set up double annotation.")
        return attrs

"""REST endpoints: articles, speakers, topics, statements and their review."""

from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, generics, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from .. import insight_counts, insights, revisions, selectors, services
from ..accounts import FailedLoginThrottle, token_issue, too_many_failures
from ..agreement import agreement
from ..models import Article, Speaker, Statement, Status, Topic
from ..permissions import require_reviewer
from .filters import (
    ArticleFilter,
    InsightFilter,
    SpeakerFilter,
    StatementFilter,
    TopicFilter,
    with_default_status,
)
from .permissions import RolePermissions
from .serializers import (
    AdjudicateRequestSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleWriteSerializer,
    CommentSerializer,
    RejectRequestSerializer,
    RestoreRequestSerializer,
    ReviewRequestSerializer,
    SpeakerSerializer,
    StatementSerializer,
    StatementWriteSerializer,
    TopicSerializer,
    UndeleteRequestSerializer,
    UndoReviewRequestSerializer,
    VersionRequestSerializer,
)

# Comments one answer lists at most: a discussion is never near this long.
MAX_COMMENTS_LISTED = 1000

ERROR = inline_serializer("Error", {"detail": serializers.CharField()})
FIELD_ERRORS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Bad input: an object mapping each field to what is wrong with it.",
)
CONFLICT = OpenApiResponse(
    response=inline_serializer(
        "Conflict", {"detail": serializers.CharField(), "current": StatementSerializer()}
    ),
    description="The statement changed since the version you sent; nothing was stored.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": r'^\s*(\*|(W/)?"?[0-9]{1,9}"?)\s*$'},
    OpenApiParameter.HEADER,
    description="The version you last read (instead of a `version` field).",
)
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def if_match_version(request) -> int | None:
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _ETAG.match(header)
    if not match:
        raise serializers.ValidationError(
            {"If-Match": 'Send the statement\'s version number, e.g. If-Match: "3".'}
        )
    return int(match[1])


class TokenView(ObtainAuthToken):
    """Exchange a username and password for an API token."""

    throttle_classes = [FailedLoginThrottle]
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    @extend_schema(
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: FIELD_ERRORS,
            429: ERROR,
        },
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    def throttled(self, request, wait):
        raise exceptions.Throttled(wait, detail=too_many_failures(wait))

    def get_serializer_context(self):
        # Hand authentication the plain HttpRequest, where the lockout middleware looks.
        return {**super().get_serializer_context(), "request": self.request._request}


COMMON_ERRORS = {400: FIELD_ERRORS, 401: ERROR, 403: ERROR, 404: ERROR}
CLASH = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Another object already has this name, slug, url or text: an object mapping "
    "each such field to the one it clashes with. Nothing was stored.",
)
# Articles, speakers and topics are unique by name (or url and text).
NAMED_WRITE_ERRORS = {**COMMON_ERRORS, 409: CLASH}
AGREEMENT = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="For each pair of annotators: span precision/recall/F1 (exact and with at "
    "least 50 % overlap), speaker agreement and stance kappa on matched spans, and the "
    "unmatched statements of each side and the matched pairs that differ in speaker or "
    "stance (`disagreements`).",
)


@extend_schema_view(
    list=extend_schema(responses={200: ArticleSerializer(many=True), 400: FIELD_ERRORS}),
    retrieve=extend_schema(responses={200: ArticleDetailSerializer, 404: ERROR}),
    create=extend_schema(responses={201: ArticleWriteSerializer, **NAMED_WRITE_ERRORS}),
    update=extend_schema(responses={200: ArticleWriteSerializer, **NAMED_WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: ArticleWriteSerializer, **NAMED_WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, 401: ERROR, 403: ERROR, 404: ERROR}),
)
class ArticleViewSet(viewsets.ModelViewSet):
    """Articles. Lists leave out the body; one article comes with its body and statements."""

    permission_classes = [RolePermissions]
    filterset_class = ArticleFilter
    queryset = Article.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        articles = Article.objects.order_by("-published_on", "-id")
        user = self.request.user
        if self.action == "list":
            return Article.objects.for_list(user)
        if self.action == "retrieve":
            # The serializer reads the statements as records (see selectors).
            return articles.with_statement_counts(user)
        return articles

    def perform_destroy(self, instance):
        services.article_delete(article=instance, by=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleSerializer
        if self.action == "retrieve":
            return ArticleDetailSerializer
        return ArticleWriteSerializer

    @extend_schema(responses={200: AGREEMENT, 403: ERROR, 404: ERROR}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def agreement(self, request, pk=None):
        """Agreement between each pair of annotators on this article (reviewers only)."""
        require_reviewer(request.user)
        return Response(agreement([self.get_object()]))


@extend_schema_view(
    list=extend_schema(responses={200: SpeakerSerializer(many=True), 400: FIELD_ERRORS}),
    create=extend_schema(responses={201: SpeakerSerializer, **NAMED_WRITE_ERRORS}),
    update=extend_schema(responses={200: SpeakerSerializer, **NAMED_WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: SpeakerSerializer, **NAMED_WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, 409: ERROR, 403: ERROR, 404: ERROR}),
)
class SpeakerViewSet(viewsets.ModelViewSet):
    """People and organisations quoted; `search` looks in names and aliases."""

    permission_classes = [RolePermissions]
    serializer_class = SpeakerSerializer
    filterset_class = SpeakerFilter
    queryset = Speaker.objects.prefetch_related("roles").order_by("name")
    lookup_value_regex = r"\d+"


@extend_schema_view(
    list=extend_schema(responses={200: TopicSerializer(many=True), 400: FIELD_ERRORS}),
    create=extend_schema(responses={201: TopicSerializer, **NAMED_WRITE_ERRORS}),
    update=extend_schema(responses={200: TopicSerializer, **NAMED_WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: TopicSerializer, **NAMED_WRITE_ERRORS}),
    destroy=extend_schema(responses={204: None, 409: ERROR, 403: ERROR, 404: ERROR}),
)
class TopicViewSet(viewsets.ModelViewSet):
    permission_classes = [RolePermissions]
    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    queryset = Topic.objects.order_by("name")
    lookup_value_regex = r"\d+"

    def perform_destroy(self, instance):
        services.topic_delete(topic=instance, by=self.request.user)


HISTORY = inline_serializer(
    "HistoryEntry",
    {
        "history_id": serializers.IntegerField(),
        "version": serializers.IntegerField(),
        "history_type": serializers.ChoiceField(choices=["created", "changed", "deleted"]),
        "history_date": serializers.DateTimeField(),
        "history_user": serializers.CharField(allow_null=True),
        "reason": serializers.CharField(),
        "changes": serializers.ListField(child=serializers.DictField()),
        "snapshot": serializers.DictField(),
    },
    many=True,
)


@extend_schema_view(
    list=extend_schema(responses={200: StatementSerializer(many=True), 400: FIELD_ERRORS}),
    retrieve=extend_schema(responses={200: StatementSerializer, 404: ERROR}),
    create=extend_schema(responses={201: StatementSerializer, **COMMON_ERRORS}),
    update=extend_schema(
        parameters=[IF_MATCH], responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS}
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH], responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS}
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH],
        responses={204: None, 400: FIELD_ERRORS, 409: CONFLICT, 403: ERROR, 404: ERROR},
    ),
)
class StatementViewSet(viewsets.ModelViewSet):
    """Statements: a span of an article's body, its speaker, stance and topics.

    Offsets count Unicode code points of the stored body. Updates may carry the
    `version` last read (or `If-Match`); an older one gets 409 and changes nothing.
    Updates without a version overwrite, for simple clients.
    """

    permission_classes = [RolePermissions]
    serializer_class = StatementWriteSerializer
    filterset_class = StatementFilter
    queryset = Statement.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Statement.objects.none()
        if self.action == "create":
            # Read only by the permission check, for its model: spare building the joins.
            return Statement.objects.all()
        visible = Statement.objects.visible_to(self.request.user).order_by(
            "article_id", "start", "end", "id"
        )
        if self.action == "list":
            return visible  # answered from records (selectors), not from instances
        if self.action == "retrieve":
            # What the answer reads (selectors.record_of), loaded with the statement.
            return visible.with_related().defer("article__body")
        return visible.select_related("speaker", "article", "created_by", "reviewed_by").defer(
            "article__body"
        )

    def list(self, request, *args, **kwargs):
        """A page of records: the page's ids in one query, then their records in two."""
        ids = self.filter_queryset(self.get_queryset()).values_list("pk", flat=True)
        page = self.paginate_queryset(ids)
        ids = list(ids) if page is None else list(page)
        found = selectors.in_order(
            selectors.api_records(Statement.objects.filter(pk__in=ids), request.user), ids
        )
        return Response(found) if page is None else self.get_paginated_response(found)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("update", "partial_update"):
            context["if_match_version"] = if_match_version(self.request)
        return context

    def perform_destroy(self, instance):
        services.statement_delete(
            statement=instance,
            by=self.request.user,
            expected_version=if_match_version(self.request),
        )

    def _respond(self, statement: Statement) -> Response:
        found = selectors.api_records(
            Statement.objects.visible_to(self.request.user).filter(pk=statement.pk),
            self.request.user,
        )
        if not found:
            # Deleted by someone else between our change and this read.
            raise services.VersionConflict(None)
        return Response(found[0])

    def _workflow_input(self, request, serializer_class) -> dict:
        """The request's fields, checked strictly; `version` falls back to If-Match."""
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["Send a JSON object."]})
        checked = serializer_class(data=request.data)
        checked.is_valid(raise_exception=True)
        data = dict(checked.validated_data)
        if data.get("version") is None:
            data["version"] = if_match_version(request)
        return data

    def _review(self, request, decision: str, request_serializer) -> Response:
        statement = self.get_object()
        data = self._workflow_input(request, request_serializer)
        services.statement_review(
            statement=statement,
            decision=decision,
            by=request.user,
            comment=data["comment"],
            expected_version=data["version"],
        )
        return self._respond(statement)

    @extend_schema(
        request=ReviewRequestSerializer,
        responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve (reviewers only); records reviewer, time and an optional comment."""
        return self._review(request, Status.APPROVED, ReviewRequestSerializer)

    @extend_schema(
        request=RejectRequestSerializer,
        responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject (reviewers only); a comment saying why is required."""
        return self._review(request, Status.REJECTED, RejectRequestSerializer)

    @extend_schema(responses={200: HISTORY, 404: ERROR}, filters=False)
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        """Every change to the statement, newest first: who, when and what changed."""
        from ..history import statement_history

        statement = self.get_object()
        return Response(statement_history(statement))

    @extend_schema(
        request=RestoreRequestSerializer,
        responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Bring back an earlier version's content (reviewers only); itself a new change."""
        statement = self.get_object()
        data = self._workflow_input(request, RestoreRequestSerializer)
        services.statement_restore(
            statement=statement,
            history_id=data["history_id"],
            by=request.user,
            expected_version=data["version"],
        )
        return self._respond(statement)

    @extend_schema(
        methods=["GET"],
        responses={200: CommentSerializer(many=True), 404: ERROR},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        request=CommentSerializer,
        responses={201: CommentSerializer, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def comments(self, request, pk=None):
        """The statement's discussion, oldest first; analysts and reviewers add to it."""
        statement = self.get_object()
        if request.method == "GET":
            found = statement.comments.select_related("author")[:MAX_COMMENTS_LISTED]
            return Response(CommentSerializer(found, many=True).data)
        checked = CommentSerializer(data=request.data)
        checked.is_valid(raise_exception=True)
        comment = services.comment_add(
            statement=statement, by=request.user, body=checked.validated_data["body"]
        )
        return Response(CommentSerializer(comment).data, status=201)

    @extend_schema(
        request=UndoReviewRequestSerializer,
        responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="undo-review")
    def undo_review(self, request, pk=None):
        """Take back an approval or rejection (reviewers only): the review of
        `back_to_version` comes back, as a new version."""
        statement = self.get_object()
        data = self._workflow_input(request, UndoReviewRequestSerializer)
        services.statement_review_undo(
            statement=statement,
            back_to_version=data["back_to_version"],
            by=request.user,
            expected_version=data["version"],
        )
        return self._respond(statement)

    @extend_schema(
        request=VersionRequestSerializer,
        responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="confirm-anchor")
    def confirm_anchor(self, request, pk=None):
        """Say that a statement an update moved (`anchor` "recheck") is in the right place;
        whoever may change it may. To move it instead, PATCH its `start` and `end`."""
        statement = self.get_object()
        data = self._workflow_input(request, VersionRequestSerializer)
        revisions.statement_confirm_anchor(
            statement=statement, by=request.user, expected_version=data["version"]
        )
        return self._respond(statement)

    @extend_schema(
        request=AdjudicateRequestSerializer,
        responses={200: StatementSerializer, 409: CONFLICT, **COMMON_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def adjudicate(self, request, pk=None):
        """Keep this statement and reject `reject`, another reading of the same span
        (reviewers only): both change or neither does."""
        keep = self.get_object()
        data = self._workflow_input(request, AdjudicateRequestSerializer)
        reject = Statement.objects.with_related().filter(pk=data["reject"]).first()
        if reject is None:
            raise serializers.ValidationError({"reject": "No statement has that id."})
        services.statement_adjudicate(
            keep=keep,
            reject=reject,
            by=request.user,
            keep_version=data["version"],
            reject_version=data["reject_version"],
        )
        return self._respond(keep)

    @extend_schema(
        request=UndeleteRequestSerializer,
        responses={201: StatementSerializer, **COMMON_ERRORS},
    )
    @action(detail=False, methods=["post"])
    def undelete(self, request):
        """Bring back a deleted statement with its id, as a new version (whoever could
        delete it may)."""
        data = self._workflow_input(request, UndeleteRequestSerializer)
        statement = services.statement_undelete(statement_id=data["id"], by=request.user)
        return Response(selectors.api_record_of(statement, request.user), status=201)


class AgreementView(APIView):
    """Agreement pooled over several articles (`article` repeated); by default every
    article marked for double annotation. Reviewers only."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "article",
                {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1},
                },
                explode=True,
                description="Article ids.",
            )
        ],
        responses={200: AGREEMENT, 400: FIELD_ERRORS, 403: ERROR},
    )
    def get(self, request):
        require_reviewer(request.user)
        unknown = set(request.query_params) - {"article"}
        if unknown:
            raise serializers.ValidationError({name: "Unknown parameter." for name in unknown})
        raw = request.query_params.getlist("article")
        if not all(value.isdigit() and len(value) < 19 for value in raw):
            raise serializers.ValidationError({"article": "Give article ids as whole numbers."})
        return Response(agreement(Article.objects.for_agreement([int(v) for v in raw])))


INSIGHTS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="`charts`: statements by stance over time (`over_time`, by month or week of "
    "their articles' dates), by speaker, topic and outlet (the most quoted first), each as "
    "rows of a label, a key (a speaker id, topic slug or outlet) and counts by stance.",
)


class InsightsView(generics.GenericAPIView):
    """What the statements say, counted by stance: approved statements unless `status`
    says otherwise, narrowed by the Statements filters and an outlet."""

    filterset_class = InsightFilter
    pagination_class = None
    queryset = Statement.objects.none()

    @extend_schema(responses={200: INSIGHTS, 400: FIELD_ERRORS, 401: ERROR}, filters=True)
    def get(self, request):
        self.filter_queryset(self.get_queryset())  # refuses unknown and empty parameters
        params = with_default_status(request.query_params, request.query_params)
        found = InsightFilter(params, queryset=Statement.objects.visible_to(request.user))
        if not found.is_valid():
            raise serializers.ValidationError(found.errors)
        counts = insight_counts.counts_for(request.user, params, found.qs)
        charts = insights.overview(counts, unit=params.get("unit") or "month")
        return Response({"charts": [chart.as_dict() for chart in charts]})


CLAIM_MATCH = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="The known claim whose words `quote` is: `claim` (its id, or null when none), "
    "`speaker`, `speaker_name`, `stance` and `article_count`.",
)
# The longest quote looked up (a statement's quote is rarely longer).
CLAIM_QUOTE_MAX = 5_000


class ClaimMatchView(APIView):
    """The claim a quote belongs to, so that a new statement of it can start from that
    claim's speaker and stance."""

    @extend_schema(
        parameters=[
            OpenApiParameter("quote", str, required=True, description="The words to look up.")
        ],
        responses={200: CLAIM_MATCH, 400: FIELD_ERRORS, 401: ERROR},
    )
    def get(self, request):
        unknown = set(request.query_params) - {"quote"}
        if unknown:
            raise serializers.ValidationError({name: "Unknown parameter." for name in unknown})
        quote = request.query_params.get("quote", "")
        if not quote.strip():
            raise serializers.ValidationError({"quote": "Give the words to look up."})
        if len(quote) > CLAIM_QUOTE_MAX or "\x00" in quote:
            raise serializers.ValidationError(
                {"quote": f"Give at most {CLAIM_QUOTE_MAX:,} characters of text."}
            )
        from ..claim_groups import claim_index

        found = claim_index().match(quote)
        if found is None:
            return Response({"claim": None})
        return Response(
            {
                "claim": found.id,
                "speaker": found.speaker_id,
                "speaker_name": found.speaker_name,
                "stance": found.stance or None,
                "article_count": found.article_count,
            }
        )

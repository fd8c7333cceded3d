"""Streamed statement exports over the API."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from annotate.routers import export_database, streamed_from

from ..exporters import CONTENT_TYPES, FORMATS, ExportOptions, export_chunks
from ..models import Statement
from .filters import StatementFilter, StrictFilterBackend


class IgnoreAcceptHeader(BaseContentNegotiation):
    """The format is in the URL; answer JSON errors whatever the client accepts."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# The filters a file's name tells, in this order, and how.
_NAMED_FILTERS = (
    ("article", "article-{}"),
    ("speaker", "speaker-{}"),
    ("topic", "topic-{}"),
    ("status", "{}"),
    ("stance", "{}"),
)


def export_filename(params, fmt: str) -> str:
    """What the file holds and when it was made: statements-article-4-approved-2026-12-02.csv."""
    parts = ["statements"]
    for name, shown in _NAMED_FILTERS:
        value = str(params.get(name, "")).strip()
        if value:
            parts.append(shown.format(value))
    parts.append(timezone.localdate().isoformat())
    return f"{'-'.join(parts)}.{fmt}"


def export_response(chunks, fmt: str, filename: str | None = None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename or f"statements.{fmt}"}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class StatementExportView(APIView):
    """All statements matching the filters, streamed as a file."""

    filter_backends = [StrictFilterBackend]
    filterset_class = StatementFilter
    content_negotiation_class = IgnoreAcceptHeader

    @extend_schema(
        operation_id="export_statements",
        parameters=[
            OpenApiParameter(
                "export_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS)
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="One flat row per statement, UTF-8 with BOM; the last row is "
                "`_count,N,,…` (N statements): a file without it was cut.",
            ),
            (200, "application/json"): OpenApiResponse(
                {"type": "array", "items": {"type": "object"}},
                description="A JSON array of records.",
            ),
            (200, "application/jsonl"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description='One JSON record a line, then `{"_count": N}`: a file '
                "without that last line was cut.",
            ),
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="A W3C Web Annotation AnnotationCollection."
            ),
            (400, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="Unknown or bad filters."
            ),
            (401, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
            (403, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
            (404, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="Unknown format."
            ),
        },
    )
    def get(self, request, export_format: str):
        if export_format not in FORMATS:
            raise NotFound(f"Unknown export format; use one of: {', '.join(FORMATS)}.")
        queryset = Statement.objects.visible_to(request.user)
        for backend in self.filter_backends:
            queryset = backend().filter_queryset(request, queryset, self)
        options = ExportOptions(base_url=request.build_absolute_uri("/").rstrip("/"))
        # Chosen before the answer starts: a replica that does not answer is found while
        # the primary can still take the export.
        alias = export_database()
        chunks = streamed_from(alias, lambda: export_chunks(queryset, export_format, options))
        # The filters were checked above: each named one is an id or a choice.
        return export_response(
            chunks, export_format, export_filename(request.query_params, export_format)
        )

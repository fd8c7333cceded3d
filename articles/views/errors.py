"""Error pages: JSON under /api/ (clients parse it), the site's layout everywhere else."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from ..unavailable import is_database_unavailable, unavailable_response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A request Django refused before any view (too large, too many fields)."""
    too_large = isinstance(exception, RequestDataTooBig)
    if _is_api(request):
        if too_large:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            detail = (
                f"The request body is too large: at most {limit // 2**20} MB "
                f"({limit:,} bytes). Send less in one request."
            )
        else:
            detail = f"Bad request: {exception}" if exception else "Bad request."
        return JsonResponse({"detail": detail}, status=413 if too_large else 400)
    response = defaults.bad_request(request, exception)
    if too_large:
        response.status_code = 413
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"detail": f"There is no API endpoint at {request.path}; see /api/docs/."},
            status=404,
        )
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # A database that went away in a middleware (loading or saving the session).
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    if _is_api(request):
        return JsonResponse(
            {
                "detail": "The server could not answer this request. "
                "Try again; if it keeps failing, tell an admin."
            },
            status=500,
        )
    return defaults.server_error(request)

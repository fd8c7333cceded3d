"""Error pages: JSON under /api/ (clients parse it), the site's layout everywhere else."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from ..unavailable import is_database_unavailable, unavailable_response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


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

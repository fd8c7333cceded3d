"""Health checks: is this process serving, and does each database answer.

A load balancer asks `/health/`, which never touches a database: when the primary
restarts every instance would fail a database check at once and be taken out, and
clients would get the balancer's error instead of the app's 503 with Retry-After.
Monitoring asks `/health/databases/`.
"""

from __future__ import annotations

from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.unavailable import retry_after


@never_cache
@require_safe
def alive(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def databases(request: HttpRequest) -> JsonResponse:
    """Each configured database: "ok", or why it does not answer (then 503)."""
    found = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            found[alias] = "ok"
        except DatabaseError as error:
            found[alias] = f"not answering: {error.__class__.__name__}"
    healthy = all(state == "ok" for state in found.values())
    response = JsonResponse({"databases": found}, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = str(retry_after())
    return response

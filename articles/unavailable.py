"""A database that does not answer is a 503 with Retry-After, never a 500.

Connection refused, a server restarting or closing the connection, and SQLite's
"database is locked" all mean "try again shortly": the request changed nothing
(its transaction rolled back), so a client may safely send it again.
"""

from __future__ import annotations

import re
import sqlite3

from django.conf import settings
from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

MESSAGE = (
    "The database is not answering right now; nothing was changed. Try again in a few seconds."
)
# SQLite's errors that mean "busy or unreachable", not a broken query.
_SQLITE_TRANSIENT = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
}
_SQLITE_TRANSIENT_TEXT = ("database is locked", "database table is locked", "unable to open")
# psycopg's own check that a command (BEGIN, COMMIT) got one answer: PgBouncer losing its
# server mid-command answers twice. The connection broke, not the query.
_PSYCOPG_BROKEN_EXCHANGE = re.compile(r"received \d+ results from command ")


def retry_after() -> int:
    return getattr(settings, "DATABASE_RETRY_AFTER", 5)


def is_database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` says the database could not be reached or was busy."""
    if isinstance(exc, InterfaceError):
        return True
    if isinstance(exc, InternalError):
        return bool(_PSYCOPG_BROKEN_EXCHANGE.match(str(exc.__cause__ or "")))
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None:
            # Extended codes (SQLITE_IOERR_READ ...) keep the primary code in the low byte.
            return code & 0xFF in _SQLITE_TRANSIENT
        return any(text in str(cause) for text in _SQLITE_TRANSIENT_TEXT)
    # PostgreSQL's operational errors are all about the server, not the query:
    # connection failures, shutdowns, restarts, too many connections, cancelled queries.
    return True


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """JSON for the API and for clients that ask for JSON, a short page otherwise."""
    wants_json = request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")
    if wants_json:
        response: HttpResponse = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        # No request context: rendering the layout would ask the database for the user.
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = str(retry_after())
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a page's view finds the database down (the API has its handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return unavailable_response(request)
        return None

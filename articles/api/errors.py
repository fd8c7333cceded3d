"""One place that turns domain errors into JSON a person can act on."""

from __future__ import annotations

from axes.exceptions import AxesBackendPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from ..accounts import LOCKED_OUT
from ..services import VersionConflict
from ..unavailable import MESSAGE as UNAVAILABLE
from ..unavailable import is_database_unavailable, retry_after


def exception_handler(exc, context):
    if is_database_unavailable(exc):
        return Response(
            {"detail": UNAVAILABLE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(retry_after())},
        )
    if isinstance(exc, VersionConflict):
        return _conflict(exc, context)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": _in_use_message(exc)},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, AxesBackendPermissionDenied):
        return Response({"detail": LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.ValidationError) and _only_clashes(exc.get_codes()):
        # Well-formed, but something with that name, slug, url or text exists already.
        response.status_code = status.HTTP_409_CONFLICT
    return response


def _only_clashes(codes) -> bool:
    """Whether every error of a validation error is a uniqueness clash."""
    if isinstance(codes, dict):
        return bool(codes) and all(_only_clashes(value) for value in codes.values())
    if isinstance(codes, list):
        return bool(codes) and all(_only_clashes(value) for value in codes)
    return codes == "unique"


def _conflict(exc: VersionConflict, context) -> Response:
    from .serializers import StatementSerializer

    body = {
        "detail": "This statement was changed by someone else since you loaded it; "
        "nothing was saved. Compare with the current version and try again.",
        "current": None,
    }
    if exc.current is not None:
        body["current"] = StatementSerializer(exc.current, context=context).data
    else:
        body["detail"] = "This statement no longer exists; it was deleted by someone else."
    return Response(body, status=status.HTTP_409_CONFLICT)


def _in_use_message(exc: ProtectedError | RestrictedError) -> str:
    objects = list(
        exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    )
    noun = objects[0]._meta.verbose_name_plural if objects else "objects"
    return (
        f"It is still used by {len(objects)} {noun}; change or delete those first "
        "(or merge speakers in the admin)."
    )

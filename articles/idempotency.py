"""Idempotency-Key: a retried write gets the first answer instead of being done twice.

A client that sends `Idempotency-Key: <fresh random value>` with a POST, PUT, PATCH or
DELETE under /api/ (creates and the workflow actions: approve, reject, restore,
dismiss ...) may send the same request again with the same key when it did not see the
answer. The first successful (2xx) answer is stored per user for a day, in the same
transaction as the write: a stored answer means the write happened, once. The same key
with a different request is refused with 422.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEEP_FOR = datetime.timedelta(days=1)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class IdempotentRequest(models.Model):
    """The first answer to a write sent with an Idempotency-Key."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=MAX_KEY_LENGTH)
    method = models.CharField(max_length=10)
    path = models.TextField()
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"

    def replay(self) -> HttpResponse:
        response = HttpResponse(bytes(self.body), status=self.status)
        if self.content_type:
            response["Content-Type"] = self.content_type
        response["Idempotent-Replayed"] = "true"
        return response


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _api_user(request: HttpRequest):
    """The user the API will see (session with CSRF, token ...), or None."""
    drf_request = Request(
        request,
        parsers=[parser() for parser in api_settings.DEFAULT_PARSER_CLASSES],
        authenticators=[auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES],
    )
    # DRF writes the user it finds onto the request: put back what was there, so the
    # view authenticates afresh (a token user left there would pass for a session).
    had_user = "user" in request.__dict__
    original = request.__dict__.get("user")
    try:
        user = drf_request.user
    except APIException:
        user = None  # the view answers 401 or 403 with its own reason
    finally:
        if had_user:
            request.user = original
        else:
            request.__dict__.pop("user", None)
    return user if user is not None and user.is_authenticated else None


# Expired answers forgotten with each new one: a bounded amount of work per request
# that keeps pace with any rate of keyed writes.
PURGE_BATCH = 20


def _forget_expired() -> None:
    expired = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEEP_FOR)
    ids = list(expired.order_by("created_at").values_list("pk", flat=True)[:PURGE_BATCH])
    if ids:
        IdempotentRequest.objects.filter(pk__in=ids).delete()


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()


class IdempotencyMiddleware:
    """Store the first answer to an API write sent with an Idempotency-Key; replay it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if (
            key is None
            or request.method not in UNSAFE_METHODS
            or not request.path.startswith("/api/")
        ):
            return self.get_response(request)
        key = key.strip()
        if not _valid_key(key):
            return _error(
                f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters, "
                "e.g. a random UUID.",
                400,
            )
        try:
            # Read the body first: authentication may parse it (CSRF looks in forms).
            fingerprint = _fingerprint(request)
        except RequestDataTooBig:
            return self.get_response(request)  # the view says so itself
        user = _api_user(request)
        if user is None:
            return self.get_response(request)
        return self._answer(request, user, key, fingerprint)

    def _answer(self, request: HttpRequest, user, key: str, fingerprint: str) -> HttpResponse:
        # The write and the stored answer commit together, or neither does.
        with transaction.atomic():
            stored = IdempotentRequest.objects.filter(user=user, key=key).first()
            if stored is not None and stored.created_at < timezone.now() - KEEP_FOR:
                stored.delete()
                stored = None
            if stored is not None:
                return self._replay(stored, request, fingerprint)
            response = self.get_response(request)
            if response.streaming:
                return response
            if not 200 <= response.status_code < 300:
                refused = response
            else:
                refused = None
                try:
                    with transaction.atomic():
                        _forget_expired()
                        IdempotentRequest.objects.create(
                            user=user,
                            key=key,
                            method=request.method,
                            path=request.get_full_path(),
                            fingerprint=fingerprint,
                            status=response.status_code,
                            content_type=response.get("Content-Type", ""),
                            body=response.content,
                        )
                    return response
                except IntegrityError:
                    # The same request, sent twice at once, was stored first by the
                    # other one: undo this one's write and give the first answer.
                    transaction.set_rollback(True)
        if refused is not None:
            # Sent twice at once, the second may be refused only because the first
            # was done meanwhile (a 409: the first changed the version both carry);
            # once the first is stored, its answer is the answer to both.
            stored = IdempotentRequest.objects.filter(user=user, key=key).first()
            return refused if stored is None else self._replay(stored, request, fingerprint)
        stored = IdempotentRequest.objects.get(user=user, key=key)
        return self._replay(stored, request, fingerprint)

    @staticmethod
    def _replay(stored: IdempotentRequest, request: HttpRequest, fingerprint: str):
        if stored.fingerprint != fingerprint:
            return _error(
                f"This {HEADER} was already used for another request "
                f"({stored.method} {stored.path}, or a different body). "
                "Send a new key with every new request; reuse a key only to retry.",
                422,
            )
        return stored.replay()

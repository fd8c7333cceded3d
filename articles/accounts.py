"""Logins: the client's real address, throttling of failures, what a locked-out login sees."""

from __future__ import annotations

import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from ipware.ip import get_client_ip
from rest_framework.authtoken.models import Token
from rest_framework.throttling import BaseThrottle

LOCKED_OUT = (
    "Too many failed logins for this account from your address; try again in 15 minutes, "
    "or ask an admin to unlock it."
)
TOO_MANY_FAILURES = (
    "Too many failed logins from your address; try again in {minutes} minutes. "
    "Clients that send the right password are not slowed."
)


def lockout_response(request: HttpRequest, original_response, credentials) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_OUT}, status=429)
    return render(request, "registration/locked_out.html", {"message": LOCKED_OUT}, status=429)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the peer, or whom a trusted proxy says it forwards for.

    X-Forwarded-For is read only when the peer is the configured proxy (TRUSTED_PROXIES,
    outermost first), so a client cannot name its own address; the proxy appends the
    address it saw, so forged entries on the left are skipped.
    """
    remote = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = list(settings.TRUSTED_PROXIES)
    if not (proxies and forwarded and remote):
        return remote
    # The peer ends the chain, so ipware checks it against the trusted proxies as well.
    hops = HttpRequest()
    hops.META = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {remote}"}
    address, _ = get_client_ip(
        hops,
        proxy_order="left-most",
        proxy_trusted_ips=proxies,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote


def _cool_off(request: HttpRequest) -> datetime.timedelta:
    return get_cool_off(request) or datetime.timedelta(minutes=15)


def address_wait(request: HttpRequest) -> float | None:
    """Seconds an address must wait after too many recent failed logins, whatever the
    usernames (the form and the token endpoint alike); None while it may try.

    Counts the failures the lockout already stores (one writer), so only wrong
    passwords count and every process sees the same numbers.
    """
    cool_off = _cool_off(request)
    failures = AccessAttempt.objects.filter(
        ip_address=client_ip(request), attempt_time__gte=timezone.now() - cool_off
    ).aggregate(n=Sum("failures_since_start"))["n"]
    if (failures or 0) < settings.LOGIN_FAILURES_PER_ADDRESS:
        return None
    return cool_off.total_seconds()


class FailedLoginThrottle(BaseThrottle):
    """The token endpoint's form of `address_wait`."""

    def allow_request(self, request, view) -> bool:
        self.seconds = address_wait(request)
        return self.seconds is None

    def wait(self) -> float | None:
        return self.seconds


def too_many_failures(wait: float | None) -> str:
    return TOO_MANY_FAILURES.format(minutes=max(1, round((wait or 900) / 60)))


@transaction.atomic
def token_issue(*, user) -> Token:
    """The user's API token: the current one, or a new one once it has expired."""
    Token.objects.filter(user=user, created__lte=token_expiry_cutoff()).delete()
    token, _ = Token.objects.get_or_create(user=user)
    return token


def token_expiry_cutoff() -> datetime.datetime:
    """Tokens issued at or before this are expired."""
    return timezone.now() - settings.API_TOKEN_LIFETIME


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + settings.API_TOKEN_LIFETIME

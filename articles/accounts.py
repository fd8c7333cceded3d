"""What a locked-out login sees: JSON for API clients, a page for people."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_OUT = (
    "Too many failed logins for this account; try again in 15 minutes, "
    "or ask an admin to unlock it."
)


def lockout_response(request: HttpRequest, original_response, credentials) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_OUT}, status=429)
    return render(request, "registration/locked_out.html", {"message": LOCKED_OUT}, status=429)

"""Signing in, and the user's own account: API tokens to see and revoke, and a password
change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from ..accounts import address_wait, token_expires_at, token_expiry_cutoff, too_many_failures


class LoginView(auth_views.LoginView):
    """Django's login form, refused to an address with too many recent failed logins
    across usernames (the lockout per username and address is django-axes')."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = address_wait(request)
        if wait is not None:
            response = render(
                request,
                "registration/locked_out.html",
                {"message": too_many_failures(wait)},
                status=429,
            )
            response["Retry-After"] = str(int(wait))
            return response
        return super().post(request, *args, **kwargs)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Saving the new password revokes the API tokens (see signals).
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, "Your password was changed. Your API tokens were revoked.")
        return redirect("account")
    cutoff = token_expiry_cutoff()
    tokens = [
        {
            "prefix": token.key[:4],
            "created": token.created,
            "expires": token_expires_at(token),
            "expired": token.created <= cutoff,
        }
        for token in Token.objects.filter(user=request.user)
    ]
    return render(
        request,
        "accounts/account.html",
        {"form": form, "tokens": tokens, "nav": "account"},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
def account_token_revoke(request: HttpRequest) -> HttpResponse:
    deleted, _ = Token.objects.filter(user=request.user).delete()
    if deleted:
        messages.success(request, "Your API token was revoked; clients using it are refused.")
    else:
        messages.info(request, "You had no API token to revoke.")
    return redirect("account")

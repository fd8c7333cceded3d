"""API tokens that expire."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

EXPIRED = (
    "This token has expired; get a new one from POST /api/auth/token/ "
    "with your username and password."
)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, refused once API_TOKEN_LIFETIME has passed since it was issued."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created <= timezone.now() - settings.API_TOKEN_LIFETIME:
            raise AuthenticationFailed(EXPIRED)
        return user, token

"""The OpenAPI schema: every operation documents the errors any request can meet."""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework.permissions import AllowAny

# Statuses every operation may answer, with what they mean there.
_ALWAYS = {
    "400": "Bad input (a field, or an unknown or bad query parameter); the message says which.",
    "404": "No such object (or no such page of a list).",
    "406": "The Accept header asks for a format the API does not write.",
}
_SIGNED_IN = {
    "401": "Not signed in: send `Authorization: Token …` (see /api/auth/token/).",
    "403": "Signed in, but your role may not do this.",
}
_WITH_BODY = {
    "413": "The request body is larger than the API accepts (20 MB).",
    "415": "The body is not JSON: send `Content-Type: application/json`.",
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        extra = dict(_ALWAYS)
        if not self._is_public():
            extra.update(_SIGNED_IN)
        if self.method in ("POST", "PUT", "PATCH"):
            extra.update(_WITH_BODY)
        for code, description in extra.items():
            if code not in responses:
                responses[code] = self._error_response(code, description)
        return dict(sorted(responses.items()))

    def _is_public(self) -> bool:
        permissions = getattr(self.view, "permission_classes", ())
        return self.get_auth() == [] or any(p is AllowAny for p in permissions)

    def _error_response(self, code: str, description: str) -> dict:
        from .views import ERROR

        response = self._get_response_for_code(ERROR, code, direction="response")
        response["description"] = description
        return response


# Request bodies of the serializers that refuse fields they do not name (StrictFieldsMixin).
_STRICT_REQUESTS = {"ArticleWrite", "Speaker", "Statement", "Topic"}


def forbid_unknown_fields(result, generator, request, public):
    """Say in the schema that these request bodies take no other fields."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        base = name.removeprefix("Patched").removesuffix("Request")
        if name.endswith("Request") and base in _STRICT_REQUESTS:
            component.setdefault("additionalProperties", False)
    return result

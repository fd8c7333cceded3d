"""The OpenAPI schema: every operation documents the errors any request can meet."""

from __future__ import annotations

from drf_spectacular import openapi
from rest_framework.permissions import AllowAny

from .fields import TEXT_NOT_BLANK, TEXT_WITHOUT_NUL, URL_OR_BLANK

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

# Refused by gunicorn (or the proxy in front) before the app sees it, so not JSON.
_ADDRESS_TOO_LONG = {
    "description": "The address is longer than the server reads (about 4 KB): send fewer "
    "or shorter query parameters.",
    "content": {"text/html": {"schema": {"type": "string"}}},
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
        responses["414"] = _ADDRESS_TOO_LONG
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


def describe_text_patterns(result, generator, request, public):
    """State in the schema what text fields and parameters take (see TEXT_NOT_BLANK)."""

    def visit(node):
        if isinstance(node, dict):
            if _is_url_or_blank(node):
                (address,) = [branch for branch in node.pop("oneOf") if "format" in branch]
                node.update(type="string", pattern=URL_OR_BLANK, maxLength=address["maxLength"])
            if node.get("type") == "string" and not {"pattern", "format", "enum"} & set(node):
                blank_refused = node.get("minLength", 0) >= 1
                node["pattern"] = TEXT_NOT_BLANK if blank_refused else TEXT_WITHOUT_NUL
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    # Request bodies and parameters only: answers are described, not checked, by them.
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            visit(component)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if isinstance(operation, dict):
                visit(operation.get("parameters", []))
    return result


def _is_url_or_blank(node: dict) -> bool:
    # drf-spectacular's shape for a URLField that may be blank.
    branches = node.get("oneOf")
    return (
        isinstance(branches, list)
        and len(branches) == 2
        and {branch.get("format") for branch in branches} == {"uri", None}
    )

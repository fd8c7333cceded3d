"""Every error of the API is JSON: 413 past the size limit, 401 with WWW-Authenticate."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def token_client(analyst):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/articles/", "/api/auth/token/"])
def test_a_body_over_the_limit_is_a_json_413(token_client, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "Big", "body": "x" * 2000})
    response = token_client.post(path, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "too large" in response.json()["detail"]


@pytest.mark.django_db
def test_a_form_body_over_the_limit_is_a_json_413(token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = token_client.post("/api/topics/", {"name": "x" * 2000, "description": "y"})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/articles/"),
        ("get", "/api/statements/"),
        ("post", "/api/statements/"),
        ("get", "/api/export/statements.csv"),
    ],
)
def test_anonymous_requests_get_401_with_www_authenticate(method, path):
    response = getattr(APIClient(), method)(path)
    assert response.status_code == 401, response.status_code
    assert response["WWW-Authenticate"].startswith("Token")
    assert "detail" in response.json()


@pytest.mark.django_db
def test_a_bad_token_gets_401(analyst):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/articles/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.django_db
def test_a_signed_in_browser_still_uses_its_session(client, analyst):
    client.force_login(analyst)
    assert client.get("/api/articles/").status_code == 200


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def test_every_operation_documents_the_errors_it_can_answer(schema):
    for method, path, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"400", "404", "406"} <= codes, (method, path, codes)
        if path != "/api/auth/token/":
            assert {"401", "403"} <= codes, (method, path, codes)
        if method in {"POST", "PUT", "PATCH"}:
            assert {"413", "415"} <= codes, (method, path, codes)
            assert list(operation["requestBody"]["content"]) == ["application/json"]


def test_the_schema_bounds_ids_and_aliases(schema):
    params = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/statements/"]["get"]["parameters"]
    }
    assert params["article"] == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    assert params["page_size"]["minimum"] == 1
    aliases = schema["components"]["schemas"]["SpeakerRequest"]["properties"]["aliases"]
    assert aliases["maxItems"] == 100 and aliases["items"]["maxLength"] == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/statements/", {"updated_since": ""}),
        ("/api/statements/", {"article": ""}),
        ("/api/articles/", {"published_to": ""}),
        ("/api/articles/", {"page_size": "[object]"}),
        ("/api/articles/", {"page_size": "0"}),
        ("/api/statements/", {"page": ""}),
    ],
)
def test_empty_or_malformed_typed_parameters_are_400(api, analyst, path, params):
    response = api(analyst).get(path, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


@pytest.mark.django_db
def test_an_empty_search_still_lists_everything(api, analyst):
    assert api(analyst).get("/api/articles/", {"search": ""}).status_code == 200

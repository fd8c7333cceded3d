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

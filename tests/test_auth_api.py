"""Token authentication and what anonymous clients may reach."""

import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize("as_json", [True, False])
def test_a_username_and_password_get_a_token_that_authenticates(client, analyst, as_json):
    data = {"username": "ana", "password": PASSWORD}
    response = (
        client.post("/api/auth/token/", data, content_type="application/json")
        if as_json
        else client.post("/api/auth/token/", data)
    )
    assert response.status_code == 200
    token = response.json()["token"]
    response = client.get("/api/statements/", headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200


def test_a_wrong_password_gets_no_token(client, analyst):
    response = client.post(
        "/api/auth/token/",
        {"username": "ana", "password": "wrong"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Unable to log in" in str(response.json())


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/",
        "/api/speakers/",
        "/api/topics/",
        "/api/statements/",
        "/api/export/statements.csv",
    ],
)
def test_anonymous_requests_are_refused(client, path):
    assert client.get(path).status_code == 401


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_schema_and_docs_are_public(client, path):
    assert client.get(path).status_code == 200


def test_the_docs_are_served_by_the_app_itself(client):
    html = client.get("/api/docs/").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html

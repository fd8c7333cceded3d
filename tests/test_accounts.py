"""Login, logout and throttling of repeated failed logins."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def test_repeated_failed_form_logins_are_locked_out_with_a_message(client, analyst, limit):
    for _ in range(limit):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_the_token_endpoint_is_throttled_too(client, analyst, limit):
    for _ in range(limit):
        client.post("/api/auth/token/", {"username": "ana", "password": "wrong"})
    response = client.post("/api/auth/token/", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.json()["detail"]


def test_a_success_before_the_limit_resets_the_count(client, analyst, limit):
    for _ in range(limit - 1):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "ana", "password": PASSWORD}).status_code == 302
    )
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "ana", "password": PASSWORD}).status_code == 302
    )


def test_other_accounts_are_not_locked_by_someone_elses_failures(
    client, analyst, other_analyst, limit
):
    for _ in range(limit + 1):
        client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    assert (
        client.post(reverse("login"), {"username": "bo", "password": PASSWORD}).status_code == 302
    )


def test_passwords_are_checked_by_the_validators(db):
    with pytest.raises(ValidationError):
        validate_password("12345678")
    with pytest.raises(ValidationError):
        validate_password("short")
    validate_password("a-much-longer-passphrase-for-newsrooms")


def test_admins_manage_users_and_groups(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert "Reviewers" in client.get(reverse("admin:auth_group_changelist")).content.decode()


def test_reviewers_who_are_staff_cannot_manage_users(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    """The app behind one trusted reverse proxy, which appends the client to the header."""
    settings.TRUSTED_PROXIES = [PROXY]

    def headers(client_address: str, spoofed: str = "") -> dict:
        chain = f"{spoofed}, {client_address}" if spoofed else client_address
        return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}

    return headers


def login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_a_lockout_behind_the_proxy_holds_one_address_only(client, analyst, limit, behind_proxy):
    for _ in range(limit):
        login(client, "ana", "wrong", **behind_proxy("198.51.100.7"))
    assert login(client, "ana", PASSWORD, **behind_proxy("198.51.100.7")).status_code == 429
    # The real user, at the office, is let in with the right password.
    assert login(client, "ana", PASSWORD, **behind_proxy("203.0.113.20")).status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lockout(
    client, analyst, limit, behind_proxy
):
    for n in range(limit):
        login(client, "ana", "wrong", **behind_proxy("198.51.100.7", spoofed=f"192.0.2.{n}"))
    response = login(client, "ana", PASSWORD, **behind_proxy("198.51.100.7", spoofed="192.0.2.99"))
    assert response.status_code == 429


def test_the_header_is_ignored_from_an_address_that_is_not_the_proxy(
    client, analyst, limit, behind_proxy
):
    direct = {"REMOTE_ADDR": "198.51.100.7"}
    for n in range(limit):
        login(client, "ana", "wrong", **direct, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = login(client, "ana", PASSWORD, **direct, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(client, analyst, limit, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(limit):
        login(client, "ana", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert login(client, "ana", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def token(client, username, password, **meta):
    return client.post(
        "/api/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        **meta,
    )


def test_token_guesses_from_one_address_across_usernames_are_throttled(
    client, analyst, settings, behind_proxy
):
    names = [f"user{n}" for n in range(settings.LOGIN_FAILURES_PER_ADDRESS)]
    for name in names:
        assert token(client, name, "guess", **behind_proxy("198.51.100.7")).status_code == 400
    response = token(client, "someone-else", "guess", **behind_proxy("198.51.100.7"))
    assert response.status_code == 429
    assert "Too many failed" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    # Another address is not slowed by that one.
    assert token(client, "ana", PASSWORD, **behind_proxy("203.0.113.20")).status_code == 200


def test_a_client_with_the_right_password_is_never_throttled(
    client, analyst, settings, behind_proxy
):
    for _ in range(settings.LOGIN_FAILURES_PER_ADDRESS + 5):
        assert token(client, "ana", PASSWORD, **behind_proxy("198.51.100.7")).status_code == 200


def test_form_guesses_from_one_address_across_usernames_are_refused(
    client, analyst, settings, behind_proxy
):
    for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
        response = login(client, f"user{n}", "guess", **behind_proxy("198.51.100.7"))
        assert response.status_code == 200  # the form again, with its error
    response = login(client, "ana", PASSWORD, **behind_proxy("198.51.100.7"))
    assert response.status_code == 429
    assert "Too many failed logins from your address" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    # Someone at another address signs in as usual.
    response = login(client, "ana", PASSWORD, **behind_proxy("203.0.113.20"))
    assert response.status_code == 302

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

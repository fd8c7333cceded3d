"""API tokens expire, are revoked by a password change, and are listed on the account page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.conftest import PASSWORD


def get_token(client, password=PASSWORD):
    response = client.post(
        "/api/auth/token/",
        {"username": "ana", "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def statements(client, key):
    return client.get("/api/statements/", headers={"Authorization": f"Token {key}"})


def age(key, **delta):
    Token.objects.filter(key=key).update(created=timezone.now() - datetime.timedelta(**delta))


def test_an_expired_token_is_refused_with_401_and_says_so(client, analyst, settings):
    key = get_token(client)
    age(key, seconds=settings.API_TOKEN_LIFETIME.total_seconds() + 1)
    response = statements(client, key)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert "/api/auth/token/" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_token_within_its_lifetime_works(client, analyst, settings):
    key = get_token(client)
    age(key, seconds=settings.API_TOKEN_LIFETIME.total_seconds() - 60)
    assert statements(client, key).status_code == 200


def test_asking_again_after_expiry_gives_a_new_token(client, analyst, settings):
    old = get_token(client)
    age(old, days=settings.API_TOKEN_LIFETIME.days + 1)
    new = get_token(client)
    assert new != old
    assert statements(client, new).status_code == 200
    assert statements(client, old).status_code == 401


def test_a_password_change_revokes_the_users_tokens(client, analyst, other_analyst):
    key = get_token(client)
    other = Token.objects.create(user=other_analyst)
    analyst.set_password("a-brand-new-passphrase-for-ana")
    analyst.save()
    assert statements(client, key).status_code == 401
    assert Token.objects.filter(pk=other.pk).exists()


def test_saving_a_user_without_a_new_password_keeps_the_token(client, analyst):
    key = get_token(client)
    analyst.first_name = "Ana"
    analyst.save()
    assert statements(client, key).status_code == 200


@pytest.fixture
def logged_in(client, analyst):
    client.force_login(analyst)
    return client


class TestAccountPage:
    def test_it_is_linked_from_the_user_menu(self, logged_in):
        html = logged_in.get(reverse("article-list")).content.decode()
        assert f'href="{reverse("account")}"' in html

    def test_it_lists_the_users_token_with_its_dates_but_not_its_key(
        self, logged_in, analyst, other_analyst, settings
    ):
        token = Token.objects.create(user=analyst)
        theirs = Token.objects.create(user=other_analyst)
        html = logged_in.get(reverse("account")).content.decode()
        assert token.key not in html and theirs.key not in html
        assert token.key[:4] in html
        expires = timezone.localtime(token.created + settings.API_TOKEN_LIFETIME)
        assert expires.strftime("%Y-%m-%d") in html
        assert "Revoke" in html

    def test_it_says_when_there_is_no_token(self, logged_in):
        assert "no API token" in logged_in.get(reverse("account")).content.decode()

    def test_revoking_deletes_only_the_users_token(self, logged_in, analyst, other_analyst):
        Token.objects.create(user=analyst)
        theirs = Token.objects.create(user=other_analyst)
        response = logged_in.post(reverse("account-token-revoke"), follow=True)
        assert "revoked" in response.content.decode()
        assert not Token.objects.filter(user=analyst).exists()
        assert Token.objects.filter(pk=theirs.pk).exists()

    def test_revoking_needs_a_post(self, logged_in, analyst):
        Token.objects.create(user=analyst)
        assert logged_in.get(reverse("account-token-revoke")).status_code == 405
        assert Token.objects.filter(user=analyst).exists()

    def test_changing_the_password_keeps_the_session_and_revokes_tokens(self, logged_in, analyst):
        Token.objects.create(user=analyst)
        new = "a-brand-new-passphrase-for-ana"
        response = logged_in.post(
            reverse("account"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
            follow=True,
        )
        assert "Your password was changed" in response.content.decode()
        analyst.refresh_from_db()
        assert analyst.check_password(new)
        assert not Token.objects.filter(user=analyst).exists()
        assert logged_in.get(reverse("account")).status_code == 200

    def test_a_wrong_old_password_changes_nothing(self, logged_in, analyst):
        Token.objects.create(user=analyst)
        new = "a-brand-new-passphrase-for-ana"
        response = logged_in.post(
            reverse("account"),
            {"old_password": "wrong", "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 400
        assert "old password was entered incorrectly" in response.content.decode()
        analyst.refresh_from_db()
        assert analyst.check_password(PASSWORD)
        assert Token.objects.filter(user=analyst).exists()

    def test_a_weak_new_password_is_refused(self, logged_in, analyst):
        response = logged_in.post(
            reverse("account"),
            {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
        )
        assert response.status_code == 400
        analyst.refresh_from_db()
        assert analyst.check_password(PASSWORD)

    def test_anonymous_users_are_sent_to_log_in(self, client, db):
        response = client.get(reverse("account"))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
        assert client.post(reverse("account-token-revoke")).status_code == 302

"""Idempotency-Key on API writes: a retry gets the first answer, never a second write."""

from __future__ import annotations

import datetime
import json
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.idempotency import IdempotentRequest
from articles.models import DismissedSuggestion, Statement

URL = "/api/statements/"


@pytest.fixture
def payload(article, speaker):
    quote = "the sea wall could fail"
    start = article.body.index(quote)
    return {
        "article": article.pk,
        "speaker": speaker.pk,
        "start": start,
        "end": start + len(quote),
        "stance": "warning",
    }


def key_header(key: str) -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": key}


def test_a_create_retried_with_its_key_is_stored_once(api, analyst, payload):
    client = api(analyst)
    key = str(uuid.uuid4())
    first = client.post(URL, payload, format="json", **key_header(key))
    again = client.post(URL, payload, format="json", **key_header(key))
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Statement.objects.count() == 1


def test_creates_without_a_key_or_with_new_keys_are_each_stored(api, analyst, payload):
    client = api(analyst)
    client.post(URL, payload, format="json")
    client.post(URL, payload, format="json", **key_header("a"))
    client.post(URL, payload, format="json", **key_header("b"))
    assert Statement.objects.count() == 3


def test_the_same_key_with_another_body_is_refused_with_422(api, analyst, payload):
    client = api(analyst)
    client.post(URL, payload, format="json", **key_header("k1"))
    response = client.post(URL, {**payload, "stance": "policy"}, format="json", **key_header("k1"))
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert Statement.objects.count() == 1


def test_keys_are_kept_per_user(api, analyst, other_analyst, payload):
    api(analyst).post(URL, payload, format="json", **key_header("shared"))
    response = api(other_analyst).post(URL, payload, format="json", **key_header("shared"))
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Statement.objects.count() == 2


def test_a_refused_request_is_not_kept_so_a_corrected_retry_goes_through(api, analyst, payload):
    client = api(analyst)
    bad = client.post(URL, {**payload, "stance": "shouting"}, format="json", **key_header("k"))
    assert bad.status_code == 400
    good = client.post(URL, payload, format="json", **key_header("k"))
    assert good.status_code == 201


def test_a_key_older_than_a_day_is_forgotten(api, analyst, payload):
    client = api(analyst)
    client.post(URL, payload, format="json", **key_header("old"))
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    response = client.post(URL, payload, format="json", **key_header("old"))
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Statement.objects.count() == 2


def test_an_approve_retried_with_its_key_answers_as_the_first_time(
    api, reviewer, article, make_statement
):
    statement = make_statement(article)
    client = api(reviewer)
    url = f"{URL}{statement.pk}/approve/"
    first = client.post(url, {"version": 1}, format="json", **key_header("approve-1"))
    # Without the key, the stale version would be a conflict.
    again = client.post(url, {"version": 1}, format="json", **key_header("approve-1"))
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert Statement.objects.get().version == 2
    assert client.post(url, {"version": 1}, format="json").status_code == 409


def test_a_dismiss_retried_with_its_key_is_stored_once(api, analyst, article):
    client = api(analyst)
    url = f"/api/articles/{article.pk}/suggestions/dismiss/"
    body = {"start": 0, "end": 10}
    first = client.post(url, body, format="json", **key_header("dismiss-1"))
    again = client.post(url, body, format="json", **key_header("dismiss-1"))
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert DismissedSuggestion.objects.count() == 1


def test_a_key_that_is_not_printable_ascii_is_refused(api, analyst, payload):
    response = api(analyst).post(URL, payload, format="json", **key_header("x" * 300))
    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_the_browser_session_is_keyed_too(analyst, payload):
    client = Client()
    client.force_login(analyst)
    for _ in range(2):
        response = client.post(URL, payload, content_type="application/json", **key_header("s"))
        assert response.status_code == 201
    assert Statement.objects.count() == 1


def send_twice_at_once(user, method: str, url: str, body: dict, key: str) -> list[tuple]:
    """(status, JSON) of the same keyed request sent from two threads at once."""
    answers = []
    barrier = threading.Barrier(2)

    def send():
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            response = client.generic(
                method, url, json.dumps(body), content_type="application/json", **key_header(key)
            )
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_the_same_request_sent_twice_at_once_is_stored_once(analyst, payload):
    answers = send_twice_at_once(analyst, "POST", URL, payload, "race")
    assert Statement.objects.count() == 1
    assert [status for status, _ in answers] == [201, 201]
    assert answers[0][1]["id"] == answers[1][1]["id"]


@pytest.mark.django_db(transaction=True)
def test_the_same_update_sent_twice_at_once_is_done_once_and_both_get_its_answer(
    analyst, article, make_statement
):
    # A retry through another server while the first request still runs there: the
    # retry waits on the row the first one changes, and then gets the first answer.
    statement = make_statement(article, by=analyst)
    body = {"note": "changed once", "version": 1}
    answers = send_twice_at_once(analyst, "PATCH", f"{URL}{statement.pk}/", body, "update-race")
    assert [status for status, _ in answers] == [200, 200], answers
    assert answers[0][1] == answers[1][1]
    statement.refresh_from_db()
    assert statement.version == 2


def csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")
    return client, client.cookies["csrftoken"].value


def test_a_browser_write_with_its_csrf_token_is_keyed(analyst, payload):
    client, token = csrf_client(analyst)
    for _ in range(2):
        response = client.post(
            URL,
            payload,
            content_type="application/json",
            HTTP_X_CSRFTOKEN=token,
            **key_header("csrf"),
        )
        assert response.status_code == 201
    assert Statement.objects.count() == 1


def test_a_browser_write_without_its_csrf_token_keeps_the_csrf_message(analyst, payload):
    client, _ = csrf_client(analyst)
    response = client.post(URL, payload, content_type="application/json", **key_header("c"))
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_token_client_is_keyed(analyst, payload):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    for _ in range(2):
        response = client.post(URL, payload, format="json", **key_header("token"))
        assert response.status_code == 201, response.content
    assert Statement.objects.count() == 1


def test_expired_answers_of_anyone_are_forgotten_as_new_ones_are_kept(
    api, analyst, other_analyst, payload
):
    api(other_analyst).post(URL, payload, format="json", **key_header("theirs"))
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    api(analyst).post(URL, payload, format="json", **key_header("mine"))
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["mine"]

"""Health checks for load balancers and monitoring."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.test_database_unavailable import database_down


def test_the_process_check_answers_without_the_database(db, django_assert_num_queries):
    with database_down(), django_assert_num_queries(0):
        response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_probes_over_plain_http_are_not_redirected(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/health/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301


# Every configured database is checked; the suite's replica is the primary's mirror.
with_the_replica = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@with_the_replica
def test_the_database_check_answers_ok_when_every_database_does():
    response = Client().get("/health/databases/")
    assert response.status_code == 200, response.content
    assert response.json() == {"databases": {"default": "ok", "replica": "ok"}}


@with_the_replica
def test_the_database_check_is_a_503_with_retry_after_when_one_does_not_answer():
    with database_down():
        response = Client().get("/health/databases/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    found = response.json()["databases"]
    assert found["default"].startswith("not answering") and found["replica"] == "ok"

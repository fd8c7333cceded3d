"""Approve, reject and restore read their input strictly, by one rule."""

import pytest

from articles.models import Statement


def url(statement, action):
    return f"/api/statements/{statement.pk}/{action}/"


def restore_body(statement, **extra):
    return {"history_id": statement.history.earliest("history_date").history_id, **extra}


@pytest.fixture
def edited(analyst, article, make_statement, api):
    """A statement at version 2, its first version's content different."""
    statement = make_statement(article, note="original")
    api(analyst).patch(f"/api/statements/{statement.pk}/", {"note": "edited"}, format="json")
    return statement


@pytest.mark.parametrize("version", ["1", "2", 1.0, True, [2]])
@pytest.mark.parametrize("action", ["approve", "reject", "restore"])
def test_a_version_that_is_not_a_whole_number_is_a_400(api, reviewer, edited, action, version):
    body = {"comment": "Not a statement.", "version": version}
    if action == "restore":
        body = restore_body(edited, version=version)
    response = api(reviewer).post(url(edited, action), body, format="json")
    assert response.status_code == 400, response.data
    assert "whole number" in str(response.data["version"])
    stored = Statement.objects.get(pk=edited.pk)
    assert (stored.version, stored.note, stored.status) == (2, "edited", "pending")


def test_restore_with_a_stale_version_is_a_409(api, reviewer, edited):
    response = api(reviewer).post(
        url(edited, "restore"), restore_body(edited, version=1), format="json"
    )
    assert response.status_code == 409, response.data
    assert Statement.objects.get(pk=edited.pk).note == "edited"


def test_restore_with_the_current_version_or_none_succeeds(api, reviewer, edited):
    client = api(reviewer)
    response = client.post(url(edited, "restore"), restore_body(edited, version=2), format="json")
    assert response.status_code == 200, response.data
    assert (response.data["note"], response.data["version"]) == ("original", 3)
    response = client.post(
        url(edited, "restore"), restore_body(edited, version=None), format="json"
    )
    assert response.status_code == 200, response.data


def test_restore_reads_if_match_when_no_version_is_sent(api, reviewer, edited):
    response = api(reviewer).post(
        url(edited, "restore"), restore_body(edited), format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 409, response.data


@pytest.mark.parametrize("history_id", [None, "1", 1.5, False])
def test_restore_without_a_whole_history_id_is_a_400(api, reviewer, edited, history_id):
    body = {} if history_id is None else {"history_id": history_id}
    response = api(reviewer).post(url(edited, "restore"), body, format="json")
    assert response.status_code == 400, response.data
    assert "history_id" in response.data


@pytest.mark.parametrize("action", ["approve", "reject", "restore"])
def test_a_body_that_is_not_an_object_is_a_400(api, reviewer, edited, action):
    response = api(reviewer).post(url(edited, action), [1], format="json")
    assert response.status_code == 400, response.data


def test_a_comment_that_is_not_text_is_a_400(api, reviewer, edited):
    response = api(reviewer).post(url(edited, "reject"), {"comment": 5}, format="json")
    assert response.status_code == 400
    assert "text" in str(response.data["comment"])

"""Taking back a review or a deletion: through the API, version-checked, in the history."""

from __future__ import annotations

import pytest

from articles import services
from articles.models import Statement, Status


def _undo_review(client, statement, **body):
    return client.post(f"/api/statements/{statement.pk}/undo-review/", body, format="json")


def _undelete(client, pk):
    return client.post("/api/statements/undelete/", {"id": pk}, format="json")


def _history(client, pk):
    return client.get(f"/api/statements/{pk}/history/").json()


class TestUndoReview:
    def test_an_approval_taken_back_is_pending_again_and_says_so(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        client = api(reviewer)
        response = _undo_review(client, statement, back_to_version=1, version=2)
        assert response.status_code == 200, response.data
        assert response.data["status"] == "pending"
        assert response.data["reviewed_by"] is None
        assert response.data["version"] == 3
        newest = _history(client, statement.pk)[0]
        assert newest["reason"] == "Review undone: back to the review of version 1"

    def test_a_second_review_taken_back_brings_back_the_first(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        services.statement_review(
            statement=statement, decision=Status.REJECTED, by=reviewer, comment="No."
        )
        response = _undo_review(api(reviewer), statement, back_to_version=2, version=3)
        assert response.status_code == 200, response.data
        assert (response.data["status"], response.data["review_comment"]) == ("approved", "")

    def test_a_stale_version_is_a_conflict_and_changes_nothing(
        self, api, reviewer, analyst, article, make_statement
    ):
        statement = make_statement(article)
        services.statement_review(
            statement=statement, decision=Status.REJECTED, by=reviewer, comment="No."
        )
        services.statement_update(statement=statement, by=analyst, note="Fixed.")  # version 3
        response = _undo_review(api(reviewer), statement, back_to_version=1, version=2)
        assert response.status_code == 409
        statement.refresh_from_db()
        assert (statement.status, statement.version) == ("pending", 3)

    @pytest.mark.parametrize(
        ("body", "field"),
        [({}, "back_to_version"), ({"back_to_version": "1"}, "back_to_version"),
         ({"back_to_version": 9}, "back_to_version")],
    )  # fmt: skip
    def test_bad_input_is_a_400_naming_the_field(
        self, api, reviewer, article, make_statement, body, field
    ):
        statement = make_statement(article)
        response = _undo_review(api(reviewer), statement, **body)
        assert response.status_code == 400
        assert field in response.data

    def test_analysts_may_not(self, api, analyst, reviewer, article, make_statement):
        statement = make_statement(article)
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
        assert _undo_review(api(analyst), statement, back_to_version=1).status_code == 403


class TestUndelete:
    def test_a_deleted_statement_comes_back_with_its_id_topics_and_history(
        self, api, analyst, article, make_statement, topic
    ):
        statement = make_statement(article, topics=[topic], note="Checked.")
        pk = statement.pk
        client = api(analyst)
        assert client.delete(f"/api/statements/{pk}/").status_code == 204
        response = _undelete(client, pk)
        assert response.status_code == 201, response.data
        assert (response.data["id"], response.data["note"]) == (pk, "Checked.")
        assert response.data["topics"] == [topic.pk]
        assert response.data["version"] == 2
        kinds = [(e["history_type"], e["reason"]) for e in _history(client, pk)]
        assert kinds[0] == ("created", "Deletion undone")
        assert [kind for kind, _ in kinds] == ["created", "deleted", "created"]

    def test_only_whoever_could_delete_it_brings_it_back(
        self, api, analyst, other_analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        pk = statement.pk
        services.statement_delete(statement=statement, by=analyst)
        assert _undelete(api(other_analyst), pk).status_code == 403
        assert not Statement.objects.filter(pk=pk).exists()
        assert _undelete(api(reviewer), pk).status_code == 201

    def test_a_live_or_unknown_statement_is_a_400(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        client = api(analyst)
        live = _undelete(client, statement.pk)
        assert live.status_code == 400
        assert live.data["id"] == [f"Statement {statement.pk} is not deleted."]
        unknown = _undelete(client, 999_999)
        assert unknown.status_code == 400
        assert unknown.data["id"] == ["No deleted statement has the id 999999."]
        assert _undelete(client, "x").status_code == 400

    def test_a_statement_whose_speaker_is_gone_stays_deleted(
        self, api, analyst, article, make_statement, other_speaker
    ):
        statement = make_statement(article, speaker=other_speaker)
        pk = statement.pk
        services.statement_delete(statement=statement, by=analyst)
        other_speaker.delete()
        response = _undelete(api(analyst), pk)
        assert response.status_code == 400
        assert response.data["id"] == ["The statement's speaker no longer exists."]

"""Roles and the statement lifecycle, on the API, the pages and the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Statement, Status
from articles.roles import ANALYST_PERMISSIONS, REVIEWER_PERMISSIONS


def url(statement, action=""):
    return f"/api/statements/{statement.pk}/" + (f"{action}/" if action else "")


def test_the_migration_creates_both_groups_with_their_permissions(db):
    analysts = set(
        Group.objects.get(name="Analysts").permissions.values_list("codename", flat=True)
    )
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert analysts == set(ANALYST_PERMISSIONS)
    assert reviewers == set(REVIEWER_PERMISSIONS)
    assert "review_statement" in reviewers and "review_statement" not in analysts


class TestApproveReject:
    def test_a_reviewer_approves_recording_who_and_when(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        response = api(reviewer).post(url(statement, "approve"), {"version": 1}, format="json")
        assert response.status_code == 200, response.data
        assert response.data["status"] == "approved"
        assert response.data["reviewed_by"] == "rev"
        assert response.data["reviewed_at"]
        assert response.data["version"] == 2

    def test_rejecting_needs_a_reason(self, api, reviewer, article, make_statement):
        statement = make_statement(article)
        response = api(reviewer).post(url(statement, "reject"), {}, format="json")
        assert response.status_code == 400
        assert "comment" in response.data
        response = api(reviewer).post(
            url(statement, "reject"), {"comment": "Paraphrase, not a quote."}, format="json"
        )
        assert response.status_code == 200
        assert response.data["review_comment"] == "Paraphrase, not a quote."
        assert response.data["status"] == "rejected"

    @pytest.mark.parametrize("action", ["approve", "reject"])
    def test_an_analyst_cannot_review(self, api, analyst, article, make_statement, action):
        statement = make_statement(article)
        response = api(analyst).post(url(statement, action), {"comment": "x"}, format="json")
        assert response.status_code == 403
        assert "Only reviewers" in response.data["detail"]
        statement.refresh_from_db()
        assert statement.status == Status.PENDING

    def test_a_stale_version_is_a_409_and_changes_nothing(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        response = api(reviewer).post(url(statement, "approve"), {"version": 7}, format="json")
        assert response.status_code == 409
        assert response.data["current"]["version"] == 1
        statement.refresh_from_db()
        assert statement.status == Status.PENDING

    def test_bad_review_bodies_are_400s(self, api, reviewer, article, make_statement):
        statement = make_statement(article)
        client = api(reviewer)
        assert (
            client.post(url(statement, "reject"), {"comment": 5}, format="json").status_code == 400
        )
        assert (
            client.post(url(statement, "approve"), {"version": "2"}, format="json").status_code
            == 400
        )
        assert client.post(url(statement, "approve"), [1], format="json").status_code == 400


class TestAnalystRules:
    def test_an_analyst_edits_their_own_pending_statement(
        self, api, analyst, article, make_statement
    ):
        statement = make_statement(article)
        response = api(analyst).patch(url(statement), {"stance": "policy"}, format="json")
        assert response.status_code == 200

    def test_an_approved_statement_is_read_only_for_its_analyst(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        api(reviewer).post(url(statement, "approve"), {}, format="json")
        client = api(analyst)
        response = client.patch(url(statement), {"stance": "policy"}, format="json")
        assert response.status_code == 403
        assert "approved" in response.data["detail"]
        assert client.delete(url(statement)).status_code == 403
        assert Statement.objects.filter(pk=statement.pk, stance="warning").exists()

    def test_editing_a_rejected_statement_sends_it_back_to_pending(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        api(reviewer).post(url(statement, "reject"), {"comment": "Wrong speaker"}, format="json")
        response = api(analyst).patch(url(statement), {"stance": "policy"}, format="json")
        assert response.status_code == 200
        assert response.data["status"] == "pending"
        assert response.data["reviewed_by"] is None

    def test_a_reviewer_editing_an_approved_statement_keeps_it_approved(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        client = api(reviewer)
        client.post(url(statement, "approve"), {}, format="json")
        response = client.patch(url(statement), {"note": "Checked the tape."}, format="json")
        assert response.status_code == 200
        assert response.data["status"] == "approved"
        history = client.get(url(statement, "history")).data
        assert history[0]["changes"] == [{"field": "note", "from": "", "to": "Checked the tape."}]


class TestVersions:
    def test_a_stale_update_is_a_409_with_the_current_statement(
        self, api, analyst, article, make_statement
    ):
        statement = make_statement(article)
        client = api(analyst)
        client.patch(url(statement), {"note": "first", "version": 1}, format="json")
        response = client.patch(url(statement), {"note": "second", "version": 1}, format="json")
        assert response.status_code == 409
        assert response.data["current"]["note"] == "first"
        assert response.data["current"]["version"] == 2
        statement.refresh_from_db()
        assert statement.note == "first"

    def test_if_match_carries_the_version_too(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        client = api(analyst)
        response = client.patch(
            url(statement), {"note": "x"}, format="json", headers={"If-Match": '"5"'}
        )
        assert response.status_code == 409
        response = client.patch(
            url(statement), {"note": "x"}, format="json", headers={"If-Match": '"1"'}
        )
        assert response.status_code == 200
        assert client.delete(url(statement), headers={"If-Match": "1"}).status_code == 409
        assert client.delete(url(statement), headers={"If-Match": "2"}).status_code == 204

    def test_a_malformed_if_match_is_a_400(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        response = api(analyst).patch(
            url(statement), {"note": "x"}, format="json", headers={"If-Match": "abc"}
        )
        assert response.status_code == 400

    def test_updates_without_a_version_are_accepted(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        client = api(analyst)
        client.patch(url(statement), {"note": "a"}, format="json")
        response = client.patch(url(statement), {"note": "b"}, format="json")
        assert response.status_code == 200
        assert response.data["version"] == 3


class TestHistory:
    def test_every_change_is_kept_newest_first(
        self, api, analyst, reviewer, article, make_statement, other_speaker
    ):
        statement = make_statement(article)
        api(analyst).patch(url(statement), {"speaker": other_speaker.pk}, format="json")
        api(reviewer).post(url(statement, "approve"), {}, format="json")
        history = api(reviewer).get(url(statement, "history")).data
        assert [h["history_type"] for h in history] == ["changed", "changed", "created"]
        assert [h["version"] for h in history] == [3, 2, 1]
        assert [h["history_user"] for h in history] == ["rev", "ana", "ana"]
        assert {"field": "speaker", "from": "Ada Mayor", "to": "Ben Engineer"} in history[1][
            "changes"
        ]
        assert {"field": "status", "from": "pending", "to": "approved"} in history[0]["changes"]

    def test_a_reviewer_restores_an_earlier_version_as_a_new_change(
        self, api, analyst, reviewer, article, make_statement, other_speaker, topic
    ):
        make_statement(article, "We will build a new barrier by 2030")  # history ids move on
        statement = make_statement(article, topics=[topic], note="original")
        api(analyst).patch(
            url(statement),
            {"speaker": other_speaker.pk, "topics": [], "note": "bad", "end": statement.end + 1},
            format="json",
        )
        client = api(reviewer)
        first = client.get(url(statement, "history")).data[-1]
        response = client.post(
            url(statement, "restore"), {"history_id": first["history_id"]}, format="json"
        )
        assert response.status_code == 200, response.data
        assert response.data["speaker_name"] == "Ada Mayor"
        assert response.data["topic_names"] == ["Flooding"]
        assert response.data["note"] == "original"
        assert response.data["quote"] == "the sea wall could fail"
        assert response.data["version"] == 3
        history = client.get(url(statement, "history")).data
        # It names the version as the history shows it, not the entry's id.
        assert first["history_id"] != first["version"]
        assert len(history) == 3 and history[0]["reason"] == f"Restored version {first['version']}"

    def test_analysts_cannot_restore(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        history_id = statement.history.first().history_id
        response = api(analyst).post(
            url(statement, "restore"), {"history_id": history_id}, format="json"
        )
        assert response.status_code == 403

    def test_restoring_an_unknown_version_is_a_400(self, api, reviewer, article, make_statement):
        statement = make_statement(article)
        response = api(reviewer).post(
            url(statement, "restore"), {"history_id": 999999}, format="json"
        )
        assert response.status_code == 400

    def test_deleting_keeps_a_history_record_admins_can_see(
        self, api, analyst, client, admin_user, article, make_statement
    ):
        statement = make_statement(article, note="keep me")
        api(analyst).delete(url(statement))
        record = Statement.history.get(id=statement.pk, history_type="-")
        assert record.note == "keep me" and record.history_user == analyst
        client.force_login(admin_user)
        listing = client.get(
            reverse("admin:articles_historicalstatement_changelist"), {"history_type__exact": "-"}
        ).content.decode()
        assert "the sea wall could fail" in listing


class TestPagesAndAdmin:
    def test_the_review_queue_refuses_analysts(self, client, analyst):
        client.force_login(analyst)
        assert client.get(reverse("review-queue")).status_code == 403

    def test_the_queue_decision_form_refuses_analysts(
        self, client, analyst, article, make_statement
    ):
        statement = make_statement(article)
        client.force_login(analyst)
        response = client.post(
            reverse("review-decide", args=[statement.pk]), {"decision": "approved"}
        )
        assert response.status_code == 403
        statement.refresh_from_db()
        assert statement.status == Status.PENDING

    def test_admin_actions_refuse_staff_who_are_not_reviewers(
        self, client, article, make_statement
    ):
        from tests.conftest import make_user

        clerk = make_user("clerk", group="Analysts", is_staff=True)
        statement = make_statement(article)
        client.force_login(clerk)
        client.post(
            reverse("admin:articles_statement_changelist"),
            {"action": "approve", "_selected_action": [statement.pk]},
        )
        statement.refresh_from_db()
        assert statement.status == Status.PENDING

    def test_an_analyst_in_the_admin_cannot_change_another_analysts_statement(
        self, client, article, make_statement, other_analyst
    ):
        other_analyst.is_staff = True
        other_analyst.save()
        statement = make_statement(article)
        client.force_login(other_analyst)
        response = client.post(
            reverse("admin:articles_statement_change", args=[statement.pk]),
            {"speaker": statement.speaker_id, "start": 0, "end": 7, "stance": "policy"},
        )
        assert response.status_code == 403
        statement.refresh_from_db()
        assert statement.stance == "warning"

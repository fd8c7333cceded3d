"""A review racing an analyst's edit or delete: the rule holds on the row that is written.

Each race is played out deterministically: the other user's change is made between
the request's read of the statement and its write.
"""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from articles import services
from articles.models import Statement, Status


def url(statement, action=""):
    return f"/api/statements/{statement.pk}/" + (f"{action}/" if action else "")


def approve(statement_id, reviewer):
    services.statement_review(
        statement=Statement.objects.get(pk=statement_id),
        decision=Status.APPROVED,
        by=reviewer,
    )


def before(name, first):
    """Patch the service `name` so that `first(statement)` runs just before it."""
    real = getattr(services, name)

    def run(*, statement, **kwargs):
        first(statement)
        return real(statement=statement, **kwargs)

    return mock.patch.object(services, name, run)


def after(name, then):
    """Patch the service `name` so that `then(statement)` runs just after it."""
    real = getattr(services, name)

    def run(*, statement, **kwargs):
        result = real(statement=statement, **kwargs)
        then(statement)
        return result

    return mock.patch.object(services, name, run)


class TestAnAnalystAgainstAnApproval:
    def test_an_edit_read_before_the_approval_is_refused(
        self, analyst, reviewer, article, make_statement
    ):
        stale = make_statement(article)
        approve(stale.pk, reviewer)
        with pytest.raises(PermissionDenied, match="approved"):
            services.statement_update(statement=stale, by=analyst, stance="policy")
        stored = Statement.objects.get(pk=stale.pk)
        assert (stored.status, stored.stance, stored.version) == (Status.APPROVED, "warning", 2)
        assert stored.history.count() == 2

    def test_a_delete_read_before_the_approval_is_refused(
        self, analyst, reviewer, article, make_statement
    ):
        stale = make_statement(article)
        approve(stale.pk, reviewer)
        with pytest.raises(PermissionDenied, match="approved"):
            services.statement_delete(statement=stale, by=analyst)
        assert Statement.objects.get(pk=stale.pk).status == Status.APPROVED

    def test_a_reviewer_may_still_edit_what_was_approved_meanwhile(
        self, reviewer, article, make_statement
    ):
        stale = make_statement(article)
        approve(stale.pk, reviewer)
        services.statement_update(statement=stale, by=reviewer, stance="policy")
        assert Statement.objects.get(pk=stale.pk).stance == "policy"

    def test_over_the_api_an_edit_approved_midway_is_a_403(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        with before("statement_update", lambda s: approve(s.pk, reviewer)):
            response = api(analyst).patch(url(statement), {"stance": "policy"}, format="json")
        assert response.status_code == 403, response.data
        assert "approved" in response.data["detail"]
        stored = Statement.objects.get(pk=statement.pk)
        assert (stored.status, stored.stance) == (Status.APPROVED, "warning")

    def test_over_the_api_a_delete_approved_midway_is_a_403(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        with before("statement_delete", lambda s: approve(s.pk, reviewer)):
            response = api(analyst).delete(url(statement))
        assert response.status_code == 403, response.data
        assert "approved" in response.data["detail"]
        assert Statement.objects.filter(pk=statement.pk, status=Status.APPROVED).exists()


class TestAnApprovalAgainstADelete:
    def delete(self, user):
        return lambda s: services.statement_delete(
            statement=Statement.objects.get(pk=s.pk), by=user
        )

    def test_a_statement_deleted_before_the_approval_is_a_409(
        self, api, analyst, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        with before("statement_review", self.delete(analyst)):
            response = api(reviewer).post(url(statement, "approve"), {}, format="json")
        assert response.status_code == 409, response.data
        assert "deleted" in response.data["detail"]
        assert response.data["current"] is None

    def test_a_statement_deleted_just_after_the_approval_is_a_409(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        with after("statement_review", self.delete(reviewer)):
            response = api(reviewer).post(url(statement, "approve"), {}, format="json")
        assert response.status_code == 409, response.data
        assert "deleted" in response.data["detail"]
        assert not Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_threads_racing_an_analysts_delete_and_an_approval_never_delete_it_approved(
    analyst, reviewer, make_article, make_statement, round_
):
    from tests.test_concurrency import race

    statement = make_statement(make_article())

    def delete(current, index):
        try:
            services.statement_delete(statement=current, by=analyst)
        except PermissionDenied:
            raise services.VersionConflict(None) from None

    def review(current, index):
        services.statement_review(statement=current, decision=Status.APPROVED, by=reviewer)

    outcomes = race(statement.pk, [delete, review])
    assert sorted(outcomes) == ["conflict", "won"], outcomes
    stored = Statement.objects.filter(pk=statement.pk).first()
    if outcomes == ["won", "conflict"]:  # the delete came first: the approval found nothing
        assert stored is None
    else:  # the approval came first: the delete was refused
        assert stored.status == Status.APPROVED


def test_an_edit_read_before_a_rejection_sends_the_statement_back_for_review(
    analyst, reviewer, article, make_statement
):
    stale = make_statement(article)
    services.statement_review(
        statement=Statement.objects.get(pk=stale.pk),
        decision=Status.REJECTED,
        by=reviewer,
        comment="Not a quote.",
    )
    services.statement_update(statement=stale, by=analyst, stance="policy")
    stored = Statement.objects.get(pk=stale.pk)
    assert (stored.status, stored.reviewed_by, stored.review_comment) == (
        Status.PENDING,
        None,
        "",
    )
    assert stored.stance == "policy" and stored.version == 3
    assert stale.status == Status.PENDING

"""Two writers holding the same version: exactly one wins, on SQLite and PostgreSQL."""

import threading

import pytest
from django.db import connection

from articles import services
from articles.models import Statement, Status


def race(statement_id: int, writers: list) -> list[str]:
    """Run the writers at once on the statement; each one's outcome, in their order."""
    barrier = threading.Barrier(len(writers))
    outcomes: list[str] = ["unfinished"] * len(writers)

    def run(index: int, write) -> None:
        try:
            statement = Statement.objects.select_related("article").get(pk=statement_id)
            barrier.wait(timeout=10)
            write(statement, index)
            outcomes[index] = "won"
        except services.VersionConflict:
            outcomes[index] = "conflict"
        except Exception as error:
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_updates_of_one_version_let_exactly_one_win(
    analyst, make_article, make_statement
):
    statement = make_statement(make_article())

    def update(current, index):
        services.statement_update(
            statement=current, by=analyst, expected_version=1, note=f"writer {index}"
        )

    outcomes = race(statement.pk, [update, update])
    assert sorted(outcomes) == ["conflict", "won"], outcomes
    statement.refresh_from_db()
    assert statement.version == 2
    assert statement.note == f"writer {outcomes.index('won')}"
    assert statement.history.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_approval_racing_an_edit_cannot_both_win(
    analyst, reviewer, make_article, make_statement
):
    statement = make_statement(make_article())

    def edit(current, index):
        services.statement_update(
            statement=current, by=analyst, expected_version=1, stance="policy"
        )

    def approve(current, index):
        services.statement_review(
            statement=current, decision=Status.APPROVED, by=reviewer, expected_version=1
        )

    outcomes = race(statement.pk, [edit, approve])
    assert sorted(outcomes) == ["conflict", "won"], outcomes
    statement.refresh_from_db()
    assert statement.version == 2
    # Whoever won, the reviewer never approved a text they did not see.
    if outcomes == ["won", "conflict"]:
        assert (statement.status, statement.stance) == (Status.PENDING, "policy")
    else:
        assert (statement.status, statement.stance) == (Status.APPROVED, "warning")

"""Statement history has one writer, the services (articles/history_writer.py)."""

from articles import services
from articles.models import Statement, Status


def _rows(pk: int) -> list[tuple[str, str]]:
    records = Statement.history.filter(id=pk).order_by("history_date", "history_id")
    return [(r.history_type, r.history_change_reason or "") for r in records]


def test_each_service_writes_one_row_per_change(analyst, reviewer, article, make_statement, topic):
    statement = make_statement(article, topics=[topic])
    services.statement_update(statement=statement, by=analyst, note="Checked.")
    services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
    first = Statement.history.filter(id=statement.pk).earliest("history_date", "history_id")
    services.statement_restore(statement=statement, history_id=first.history_id, by=reviewer)
    pk = statement.pk
    services.statement_delete(statement=statement, by=reviewer)
    assert _rows(pk) == [
        ("+", ""),
        ("~", ""),
        ("~", ""),
        ("~", f"Restored version {first.version}"),
        ("-", ""),
    ]
    deleted = Statement.history.get(id=pk, history_type="-")
    assert deleted.topic_ids == [topic.pk]
    assert deleted.history_user == reviewer


def test_saving_or_deleting_outside_the_services_writes_no_history(article, make_statement):
    statement = make_statement(article)
    statement.note = "Changed in a shell."
    statement.save()
    Statement.objects.get(pk=statement.pk).delete()
    assert _rows(statement.pk) == [("+", "")]


def test_imported_statements_get_their_created_row(analyst, article, speaker):
    made = services.statements_bulk_create(
        statements=[
            Statement(article=article, speaker=speaker, start=0, end=3, stance="warning"),
            Statement(article=article, speaker=speaker, start=4, end=9, stance="policy"),
        ],
        by=analyst,
    )
    for statement in made:
        row = Statement.history.get(id=statement.pk)
        assert (row.history_type, row.history_user, row.topic_ids) == ("+", analyst, [])
        assert row.updated_by == analyst

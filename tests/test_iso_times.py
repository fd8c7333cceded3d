"""Times written as ISO 8601 text by the database equal Python's own formatting."""

import datetime

import pytest

from articles.iso_times import ZULU, IsoTime, formatted_by_database
from articles.models import Statement

TIMES = [
    datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 4, 5, 6, 7, 5, tzinfo=datetime.UTC),
    datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2024, 6, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
]


@pytest.mark.parametrize("moment", TIMES, ids=str)
def test_the_database_writes_what_isoformat_writes_in_utc(article, make_statement, moment):
    statement = make_statement(article)
    Statement.objects.filter(pk=statement.pk).update(created_at=moment)
    queryset = Statement.objects.filter(pk=statement.pk)
    assert formatted_by_database(queryset)
    row = queryset.values_list(
        IsoTime("created_at"), IsoTime("created_at", suffix=ZULU), IsoTime("reviewed_at")
    ).get()
    expected = moment.astimezone(datetime.UTC).isoformat()
    assert row == (expected, expected.replace("+00:00", "Z"), None)


def test_only_utc_suffixes_are_accepted():
    with pytest.raises(ValueError, match="suffix"):
        IsoTime("created_at", suffix="+02:00")

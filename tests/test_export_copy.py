"""On PostgreSQL the CSV export streams from COPY: byte for byte what Python's csv writes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from articles import copy_csv, exporters
from articles.models import Speaker, Statement, Topic

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")

NASTY = [
    'say "yes", then no',
    "line\nbreak",
    "carriage\rreturn",
    "tab\tinside",
    "back\\slash \\n not a newline \\\\ twice",
    "=SUM(A1)",
    "+1",
    "-1",
    "@handle",
    "\tstarts with a tab",
    "\rstarts with a return",
    "controls \x01\x08\x0b\x0c\x1f end",
    "emoji 👍🏽 and e\u0301 combining",
    "",
    "trailing space ",
    "'already quoted",
    "\ufeff=1+1",
    "\u200b=1+1",
    "\uff1d1+1",
    "|calc",
    "\u2060@x",
]


def python_csv(queryset) -> bytes:
    return b"".join(exporters.csv_chunks(exporters.iter_chunks(queryset, chunk_size=7)))


def copy_export(queryset) -> bytes:
    assert copy_csv.supported(queryset)
    return b"".join(exporters.export_chunks(queryset, "csv"))


@pytest.fixture
def nasty(make_article, make_statement, analyst, reviewer):
    article = make_article(body="Word. " * 200, title="-5 reasons", url="", source="=Feed")
    speaker = Speaker.objects.create(name="=Odd, Speaker", role='The "role"', organisation="")
    topics = [
        Topic.objects.create(name=name, slug=f"t{n}")
        for n, name in enumerate(["=calc", "Zeta", "alpha", "Ünïcode", "with, comma"])
    ]
    user = get_user_model().objects.create_user(username="@mallory")
    statements = []
    for n, text in enumerate(NASTY):
        statement = make_statement(
            article, start=n * 6, end=n * 6 + 4, speaker=speaker, topics=topics[: n % 6]
        )
        quote = text or "x"
        Statement.objects.filter(pk=statement.pk).update(
            quote=quote,
            start=1000 + n,
            end=1000 + n + len(quote),
            note=text,
            created_by=user if n % 3 == 0 else (None if n % 3 == 1 else analyst),
            reviewed_by=reviewer if n % 2 else None,
            reviewed_at=datetime.datetime(2024, 5, 12, 10, 0, n % 2 * 5, tzinfo=datetime.UTC)
            if n % 2
            else None,
            created_at=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
            updated_at=datetime.datetime(2024, 1, 2, 3, 4, 5, 123 * n, tzinfo=datetime.UTC),
        )
        statements.append(statement)
    return article, statements


class TestCopyCsv:
    def test_copy_gives_the_same_bytes_as_the_python_writer(self, nasty):
        queryset = Statement.objects.all()
        expected = python_csv(queryset)
        assert expected.count(b"\r\n") > len(NASTY)
        for fragment in (
            '"line\nbreak"',
            "'=SUM(A1)",
            "back\\slash",
            '"say ""yes"", then no"',
            "'\ufeff=1+1",
            "'\u200b=1+1",
            "'\uff1d1+1",
            "'|calc",
        ):
            assert fragment.encode() in expected
        assert copy_export(queryset) == expected

    def test_filters_and_visibility_are_kept(self, nasty, analyst):
        queryset = Statement.objects.visible_to(analyst).filter(note__startswith="=")
        data = copy_export(queryset)
        assert data == python_csv(queryset)
        assert data.count(b"\r\n") == 3  # the header, one row and the trailer

    def test_an_empty_export_is_the_header_and_the_trailer(self, db):
        assert copy_export(Statement.objects.all()) == python_csv(Statement.objects.all())

    def test_the_api_streams_the_copy(self, api, analyst, nasty):
        response = api(analyst).get("/api/export/statements.csv")
        data = b"".join(response.streaming_content)
        assert data == python_csv(Statement.objects.visible_to(analyst))

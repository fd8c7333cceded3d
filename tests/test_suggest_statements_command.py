"""manage.py suggest_statements ARTICLE_ID [--json]."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

BODY = (
    "Going headlong into the flood plain could have disastrous consequences, "
    "Ada Mayor warned on Sunday.\n\n"
    "The barrier is safe and will hold through the winter, said Carla Ruiz."
)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("suggest_statements", *args, stdout=out)
    return out.getvalue()


def test_it_prints_one_suggestion_a_line(make_article, speaker):
    article = make_article(body=BODY)

    lines = run(str(article.pk)).splitlines()

    assert len(lines) == 3
    assert "warning" in lines[0] and f"Ada Mayor (#{speaker.pk})" in lines[0]
    assert lines[0].endswith(
        "| Going headlong into the flood plain could have disastrous consequences"
    )
    assert "Carla Ruiz (new)" in lines[1] and "reassurance" in lines[1]
    assert lines[2] == f"2 suggestions for article {article.pk}."


def test_it_prints_json(make_article, speaker):
    article = make_article(body=BODY)

    data = json.loads(run(str(article.pk), "--json"))

    assert [s["speaker"] for s in data] == [speaker.pk, None]
    assert all(article.body[s["start"] : s["end"]] == s["quote"] for s in data)


def test_it_refuses_an_unknown_article(db):
    with pytest.raises(CommandError, match="no article 999"):
        run("999")

"""The Statements page: what the user may see, filtered and sorted as the export is."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from articles import services
from articles.models import Status

URL = reverse("statement-list")


@pytest.fixture
def as_analyst(client, analyst):
    client.force_login(analyst)
    return client


def _row_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="row-(\d+)"', response.content.decode())]


def _export_links(response) -> dict[str, str]:
    html = response.content.decode()
    found = re.findall(r'href="(/api/export/statements\.(\w+)[^"]*)" download', html)
    return {fmt: url.replace("&amp;", "&") for url, fmt in found}


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_row_links_to_its_statement_in_the_article(as_analyst, article, make_statement):
    statement = make_statement(article, note="Check the date.")
    response = as_analyst.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/articles/{article.pk}/#statement-{statement.pk}"' in html
    assert statement.quote in html and "Check the date." in html
    assert _row_ids(response) == [statement.pk]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["first", "second"]),
        ({"search": "barrier"}, ["second"]),
        ({"search": "ben engineer"}, ["second"]),
        ({"search": "check the date"}, ["first"]),
        ({"stance": "policy"}, ["second"]),
        ({"status": "approved"}, ["first"]),
        ({"created_by": "ana"}, ["first", "second"]),
        ({"published_from": "2024-05-13"}, []),
        ({"updated_to": "2000-01-01"}, []),
    ],
)
def test_it_filters_as_the_export_does(
    as_analyst, api, analyst, reviewer, article, make_statement, other_speaker, params, expected
):
    article.published_on = datetime.date(2024, 5, 12)
    article.save()
    first = make_statement(article, note="Check the date.")
    services.statement_review(statement=first, decision=Status.APPROVED, by=reviewer)
    second = make_statement(
        article, "We will build a new barrier by 2030", stance="policy", speaker=other_speaker
    )
    named = {"first": first.pk, "second": second.pk}
    response = as_analyst.get(URL, {**params, "ordering": "updated_at"})
    assert response.status_code == 200
    assert sorted(_row_ids(response)) == sorted(named[name] for name in expected)
    # The export links carry the same filters, and export the same statements.
    for fmt, link in _export_links(response).items():
        query = parse_qs(urlsplit(link).query)
        assert {key: value[0] for key, value in query.items()} == {
            **params,
            "ordering": "updated_at",
        }
        if fmt == "jsonl":
            exported = api(analyst).get(link)
            assert exported.status_code == 200
            lines = b"".join(exported.streaming_content).decode().splitlines()
            assert json.loads(lines[-1]) == {"_count": len(expected)}


def test_the_export_links_offer_every_format(as_analyst, article, make_statement):
    make_statement(article)
    response = as_analyst.get(URL, {"status": "approved"})
    assert '<option value="approved" selected>' in response.content.decode()
    links = _export_links(response)
    assert set(links) == {"csv", "json", "jsonl", "jsonld"}
    assert links["csv"] == "/api/export/statements.csv?status=approved"


def test_fields_left_empty_are_left_out_of_the_export(as_analyst, article, make_statement):
    make_statement(article)
    empty = {name: "" for name in ("search", "article", "speaker", "topic", "published_from")}
    response = as_analyst.get(URL, {**empty, "status": "pending"})
    assert response.status_code == 200
    assert _row_ids(response) != []
    assert _export_links(response)["csv"] == "/api/export/statements.csv?status=pending"


def test_bad_filters_are_a_400_that_says_what_is_wrong(as_analyst, article, make_statement):
    make_statement(article)
    response = as_analyst.get(URL, {"stance": "opinion", "published_from": "soon"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Stance: Select a valid choice." in html
    assert "Published from: Enter a valid date." in html
    assert _row_ids(response) == []


def test_another_analysts_statements_stay_hidden_under_double_annotation(
    client, analyst, other_analyst, make_article, make_statement
):
    double = make_article(double_annotation=True, annotators=[analyst, other_analyst])
    mine = make_statement(double)
    theirs = make_statement(double, by=other_analyst)
    client.force_login(analyst)
    assert _row_ids(client.get(URL)) == [mine.pk]
    client.force_login(other_analyst)
    assert _row_ids(client.get(URL)) == [theirs.pk]


def test_it_sorts_by_speaker_and_reverses_by_date(
    as_analyst, make_article, make_statement, other_speaker, speaker
):
    older = make_article(published_on="2024-01-01")
    newer = make_article(published_on="2024-06-01")
    by_ada = make_statement(older)  # Ada Mayor
    by_ben = make_statement(newer, speaker=other_speaker)  # Ben Engineer
    assert _row_ids(as_analyst.get(URL, {"ordering": "speaker"})) == [by_ada.pk, by_ben.pk]
    assert _row_ids(as_analyst.get(URL, {"ordering": "-published_on"})) == [by_ben.pk, by_ada.pk]
    response = as_analyst.get(URL, {"ordering": "published_on"})
    assert _row_ids(response) == [by_ada.pk, by_ben.pk]
    html = response.content.decode()
    assert 'aria-sort="ascending"><a href="?ordering=-published_on">Article' in html


def test_it_pages_with_a_constant_number_of_queries(
    as_analyst, make_article, make_statement, topic, django_assert_max_num_queries
):
    for _ in range(3):
        make_statement(make_article(), topics=[topic])
    with django_assert_max_num_queries(20) as few:
        as_analyst.get(URL)
    for _ in range(60):
        make_statement(make_article(), topics=[topic])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_analyst.get(URL)
    assert len(_row_ids(response)) == 50
    assert "63 statements" in response.content.decode()
    assert len(_row_ids(as_analyst.get(URL, {"page": 2}))) == 13


def test_the_editor_exports_the_statements_of_its_article(as_analyst, article):
    links = _export_links(as_analyst.get(reverse("article-editor", args=[article.pk])))
    assert links["jsonld"] == f"/api/export/statements.jsonld?article={article.pk}"
    assert set(links) == {"csv", "json", "jsonl", "jsonld"}


def test_the_queue_exports_the_pending_statements_it_shows(
    client, reviewer, analyst, article, make_statement, speaker
):
    make_statement(article)
    client.force_login(reviewer)
    links = _export_links(client.get(reverse("review-queue")))
    assert links["csv"] == "/api/export/statements.csv?status=pending"
    response = client.get(reverse("review-queue"), {"speaker": speaker.pk, "annotator": analyst.pk})
    query = parse_qs(urlsplit(_export_links(response)["json"]).query)
    assert query == {
        "status": ["pending"],
        "speaker": [str(speaker.pk)],
        "created_by": [str(analyst.pk)],
    }

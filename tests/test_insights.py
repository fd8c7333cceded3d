"""The insight views: counts by stance over time, speaker, topic and outlet, against
answers worked out by hand, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import insights, services
from articles.models import Speaker, Statement, Topic

BODY = "Alpha said one. Beta said two. Gamma said three. Delta said four."


@pytest.fixture
def corpus(make_article, analyst, reviewer):
    """Three articles in two months and two outlets; statements of three speakers."""
    blinken = Speaker.objects.create(name="Antony Blinken")
    sullivan = Speaker.objects.create(name="Jake Sullivan")
    biden = Speaker.objects.create(name="Joe Biden")
    rafah = Topic.objects.create(name="Rafah", slug="rafah")
    aid = Topic.objects.create(name="Aid", slug="aid")
    may = make_article(body=BODY, source="Wire", published_on=datetime.date(2024, 5, 12))
    may2 = make_article(
        body=BODY + " More.", source="Daily", published_on=datetime.date(2024, 5, 20)
    )
    july = make_article(
        body=BODY + " Later.", source="Wire", published_on=datetime.date(2024, 7, 2)
    )
    undated = make_article(body=BODY + " Undated.", source="Daily")

    def add(article, part, speaker, stance, topics=(), approve=True):
        start = article.body.index(part)
        statement = services.statement_create(
            article=article, start=start, end=start + len(part), speaker=speaker,
            stance=stance, topics=topics, by=analyst,
        )  # fmt: skip
        if approve:
            services.statement_review(statement=statement, decision="approved", by=reviewer)

    add(may, "Alpha said one", blinken, "warning", [rafah])
    add(may, "Beta said two", sullivan, "warning", [rafah, aid])
    add(may2, "Gamma said three", blinken, "reassurance", [aid])
    add(july, "Alpha said one", blinken, "policy")
    add(undated, "Delta said four", biden, "warning")
    add(july, "Beta said two", sullivan, "reassurance", approve=False)  # pending
    return {"blinken": blinken, "sullivan": sullivan, "biden": biden}


def counts(chart, label):
    (row,) = [row for row in chart.rows if row.label == label]
    return row.counts


def approved():
    return insights.LiveCounts(Statement.objects.approved())


def test_statements_over_time_by_month_fill_the_empty_month(corpus):
    chart = insights.over_time(approved(), "month")
    assert [row.label for row in chart.rows] == ["2024-05", "2024-06", "2024-07"]
    assert counts(chart, "2024-05") == {"warning": 2, "reassurance": 1, "policy": 0}
    assert counts(chart, "2024-06") == {"warning": 0, "reassurance": 0, "policy": 0}
    assert counts(chart, "2024-07") == {"warning": 0, "reassurance": 0, "policy": 1}


def test_statements_over_time_by_week(corpus):
    chart = insights.over_time(approved(), "week")
    assert chart.rows[0].label == "week of 2024-05-06"
    assert counts(chart, "week of 2024-05-20") == {"warning": 0, "reassurance": 1, "policy": 0}
    assert len(chart.rows) == 9  # 6 May to 1 July, every week


def test_speakers_topics_and_outlets_by_stance(corpus):
    speakers = insights.speakers(approved())
    assert [row.label for row in speakers.rows] == ["Antony Blinken", "Jake Sullivan", "Joe Biden"]
    assert counts(speakers, "Antony Blinken") == {"warning": 1, "reassurance": 1, "policy": 1}
    topics = insights.topics(approved())
    assert counts(topics, "Rafah") == {"warning": 2, "reassurance": 0, "policy": 0}
    assert counts(topics, "Aid") == {"warning": 1, "reassurance": 1, "policy": 0}
    outlets = insights.outlets(approved())
    assert counts(outlets, "Wire") == {"warning": 2, "reassurance": 0, "policy": 1}
    assert counts(outlets, "Daily") == {"warning": 1, "reassurance": 1, "policy": 0}


def test_the_overview_runs_six_queries_whatever_the_data(corpus, make_article, analyst):
    with CaptureQueriesContext(connection) as few:
        insights.overview(insights.LiveCounts(Statement.objects.all()))
    speaker = Speaker.objects.create(name="Many")
    for n in range(30):
        article = make_article(body=f"Claim number {n} was made.", source=f"Outlet {n}",
                               published_on=datetime.date(2023, 1 + n % 12, 1))  # fmt: skip
        services.statement_create(
            article=article, start=0, end=5, speaker=speaker, stance="policy", by=analyst
        )
    with CaptureQueriesContext(connection) as many:
        charts = insights.overview(insights.LiveCounts(Statement.objects.all()))
    assert len(few.captured_queries) == len(many.captured_queries) == 6
    assert len(charts[3].rows) == insights.TOP and charts[3].of == 32


class TestPage:
    def test_the_overview_counts_approved_statements_by_default(self, client, analyst, corpus):
        client.force_login(analyst)
        response = client.get("/insights/")
        assert response.status_code == 200
        data = {c["name"]: c for c in response.context["chart_data"]}
        assert sum(r["total"] for r in data["speakers"]["rows"]) == 5
        html = response.content.decode()
        assert 'id="chart-over_time"' in html and 'id="insights-data"' in html
        assert f'href="/speakers/{corpus["blinken"].pk}/"' in html

    def test_filters_narrow_every_chart_and_stay_in_the_address(self, client, analyst, corpus):
        client.force_login(analyst)
        response = client.get("/insights/", {"outlet": "Wire", "status": "", "unit": "week"})
        data = {c["name"]: c for c in response.context["chart_data"]}
        assert [r["label"] for r in data["outlets"]["rows"]] == ["Wire"]
        assert sum(r["total"] for r in data["speakers"]["rows"]) == 4  # the pending one too
        assert data["over_time"]["rows"][0]["label"].startswith("week of")
        assert "outlet=Wire" in response.context["query"]

    def test_the_csv_holds_the_charts_numbers(self, client, analyst, corpus):
        client.force_login(analyst)
        response = client.get("/insights/speakers.csv", {"published_from": "2024-05-01"})
        assert response.status_code == 200
        lines = response.content.decode().splitlines()
        assert lines[0] == "speakers,warning,reassurance,policy,total"
        assert lines[1] == "Antony Blinken,1,1,1,3"
        assert "Joe Biden" not in response.content.decode()  # undated, so not after May

    def test_bad_filters_are_a_400_that_says_why(self, client, analyst, corpus):
        client.force_login(analyst)
        assert client.get("/insights/", {"unit": "year"}).status_code == 400
        assert client.get("/insights/speakers.csv", {"speaker": "x"}).status_code == 400
        assert client.get("/insights/nothing.csv").status_code == 404

    def test_anonymous_users_see_nothing(self, client, corpus):
        assert client.get("/insights/").status_code == 302
        assert client.get("/insights/speakers.csv").status_code == 302

    def test_a_label_that_looks_like_a_formula_is_neutralised(self, client, analyst, corpus):
        Speaker.objects.filter(pk=corpus["biden"].pk).update(name="=HYPERLINK(1)")
        client.force_login(analyst)
        text = client.get("/insights/speakers.csv").content.decode()
        assert "'=HYPERLINK(1)" in text


def test_a_topic_page_says_who_warns_reassures_and_proposes(client, analyst, corpus):
    client.force_login(analyst)
    response = client.get("/topics/aid/")
    assert response.status_code == 200
    by_stance = dict(response.context["by_stance"])
    assert [name for name, _, _ in by_stance["Warning"]] == ["Jake Sullivan"]
    assert [name for name, _, _ in by_stance["Reassurance"]] == ["Antony Blinken"]
    assert by_stance["Policy"] == []
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_a_speaker_page_has_their_timeline_with_roles_topics_and_outlets(client, analyst, corpus):
    from articles.models import SpeakerRole

    blinken = corpus["blinken"]
    SpeakerRole.objects.create(
        speaker=blinken, role="Secretary of State", started_on=datetime.date(2024, 6, 1)
    )
    client.force_login(analyst)
    response = client.get(f"/speakers/{blinken.pk}/")
    assert response.status_code == 200
    data = {c["name"]: c for c in response.context["chart_data"]}
    assert [r["total"] for r in data["over_time"]["rows"]] == [2, 0, 1]
    assert data["over_time"]["roles"] == [{"label": "Secretary of State", "from": 1, "to": 2}]
    assert [r["label"] for r in data["outlets"]["rows"]] == ["Wire", "Daily"]
    html = response.content.decode()
    assert "from 12 May 2024 to 2 Jul 2024" in html


class TestApi:
    def test_the_api_answers_the_same_charts(self, api, analyst, corpus):
        response = api(analyst).get("/api/insights/", {"outlet": "Wire"})
        assert response.status_code == 200, response.data
        charts = {c["name"]: c for c in response.data["charts"]}
        assert [r["label"] for r in charts["outlets"]["rows"]] == ["Wire"]
        assert charts["outlets"]["rows"][0]["counts"] == {
            "warning": 2, "reassurance": 0, "policy": 1,
        }  # fmt: skip

    def test_any_status_counts_the_pending_one(self, api, analyst, corpus):
        charts = api(analyst).get("/api/insights/", {"status": "any"}).data["charts"]
        assert sum(r["total"] for r in charts[1]["rows"]) == 6

    def test_unknown_and_bad_parameters_are_400s(self, api, analyst, corpus):
        assert api(analyst).get("/api/insights/", {"colour": "red"}).status_code == 400
        assert api(analyst).get("/api/insights/", {"unit": "day"}).status_code == 400
        assert api(analyst).get("/api/insights/", {"status": ""}).status_code == 400

    def test_anonymous_users_get_401(self, api, corpus):
        from rest_framework.test import APIClient

        assert APIClient().get("/api/insights/").status_code == 401

    def test_the_schema_documents_it(self, api, analyst):
        schema = api(analyst).get("/api/schema/", HTTP_ACCEPT="application/json").json()
        parameters = {p["name"] for p in schema["paths"]["/api/insights/"]["get"]["parameters"]}
        assert {"outlet", "unit", "status", "speaker", "published_from"} <= parameters

"""The overview's kept counts: the same answers as counting live, for every role and
filter they hold, used only while up to date, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from articles import insight_counts, insights, services
from articles.insight_counts import KeptCounts, counts_for, recount, version
from articles.models import InsightCount, Speaker, Statement, Topic

BODY = "Alpha said one. Beta said two. Gamma said three. Delta said four."


@pytest.fixture
def data(make_article, analyst, other_analyst, reviewer):
    """Shared articles in two outlets and months, and one in double-annotation mode
    that each of two analysts annotated alone."""
    blinken = Speaker.objects.create(name="Antony Blinken")
    sullivan = Speaker.objects.create(name="Jake Sullivan")
    rafah = Topic.objects.create(name="Rafah", slug="rafah")
    aid = Topic.objects.create(name="Aid", slug="aid")
    may = make_article(body=BODY, source="Wire", published_on=datetime.date(2024, 5, 12))
    july = make_article(body=BODY + " Later.", source="Daily",
                        published_on=datetime.date(2024, 7, 2))  # fmt: skip
    blind = make_article(body=BODY + " Blind.", source="Wire", double_annotation=True,
                         annotators=[analyst, other_analyst],
                         published_on=datetime.date(2024, 6, 3))  # fmt: skip

    def add(article, part, speaker, stance, topics=(), by=analyst, approve=True):
        start = article.body.index(part)
        statement = services.statement_create(
            article=article, start=start, end=start + len(part), speaker=speaker,
            stance=stance, topics=topics, by=by,
        )  # fmt: skip
        if approve:
            services.statement_review(statement=statement, decision="approved", by=reviewer)
        return statement

    add(may, "Alpha said one", blinken, "warning", [rafah])
    add(may, "Beta said two", sullivan, "warning", [rafah, aid])
    add(july, "Gamma said three", blinken, "reassurance", [aid])
    add(july, "Delta said four", sullivan, "policy", approve=False)
    add(blind, "Alpha said one", blinken, "warning", [rafah])
    add(blind, "Alpha said one", sullivan, "policy", [aid], by=other_analyst, approve=False)
    # One whose author's account was deleted: no analyst sees it any more.
    gone = add(blind, "Beta said two", sullivan, "warning", [aid], by=other_analyst)
    Statement.objects.filter(pk=gone.pk).update(created_by=None)
    return {"blinken": blinken, "may": may, "rafah": rafah}


def charts(counts):
    return [chart.as_dict() for chart in insights.overview(counts, unit="month")]


def live(user, status=None, stance=None):
    statements = Statement.objects.visible_to(user)
    if status:
        statements = statements.filter(status=status)
    if stance:
        statements = statements.filter(stance=stance)
    return insights.LiveCounts(statements)


@pytest.mark.parametrize("who", ["analyst", "other_analyst", "reviewer", "anonymous"])
@pytest.mark.parametrize(("status", "stance"), [("approved", None), (None, None),
                                                ("pending", None), (None, "warning")])  # fmt: skip
def test_kept_counts_answer_as_counting_live_does(request, data, who, status, stance):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert recount()["counted"]
    assert charts(KeptCounts(user, status, stance)) == charts(live(user, status, stance))


def test_each_analyst_sees_only_their_own_statements_on_a_blind_article(
    data, analyst, other_analyst, reviewer
):
    recount()
    totals = {
        user.username: sum(r.total for r in insights.speakers(KeptCounts(user, None, None)).rows)
        for user in (analyst, other_analyst, reviewer)
    }
    # The four shared ones, and on the blind article one's own (reviewers: both).
    assert totals == {analyst.username: 5, other_analyst.username: 5, reviewer.username: 7}


def params(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update({"status": "approved", **values})
    return query


def test_the_kept_counts_answer_only_while_up_to_date(
    data, analyst, speaker, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(insight_counts.recount_request, "last", -insight_counts.REQUEST_EVERY)
    everything = Statement.objects.all()
    with django_capture_on_commit_callbacks() as queued:
        assert isinstance(counts_for(analyst, params(), everything), insights.LiveCounts)
    assert len(queued) == 1  # never counted: counted live, and a recount asked for
    recount()
    assert isinstance(counts_for(analyst, params(), everything), KeptCounts)
    services.statement_create(
        article=data["may"], start=0, end=5, speaker=speaker, stance="policy", by=analyst
    )
    assert isinstance(counts_for(analyst, params(), everything), insights.LiveCounts)
    recount()
    assert isinstance(counts_for(analyst, params(stance="warning"), everything), KeptCounts)


@pytest.mark.parametrize("name", ["outlet", "speaker", "topic_slug", "published_from", "search"])
def test_filters_the_kept_counts_do_not_hold_count_live(data, analyst, name):
    recount()
    found = counts_for(analyst, params(**{name: "1"}), Statement.objects.all())
    assert isinstance(found, insights.LiveCounts)


def _changes(data, analyst, reviewer, other_speaker):
    statement = Statement.objects.filter(article=data["may"]).first()
    return {
        "create": lambda: services.statement_create(
            article=data["may"], start=0, end=5, speaker=other_speaker, stance="policy", by=analyst
        ),
        "topics": lambda: services.statement_update(statement=statement, by=reviewer, topics=[]),
        "review": lambda: services.statement_review(
            statement=statement, decision="rejected", by=reviewer, comment="No"
        ),
        "delete": lambda: services.statement_delete(statement=statement, by=reviewer),
        "merge": lambda: services.speaker_merge(
            target=other_speaker, others=[data["blinken"]], by=reviewer
        ),
        "mode": lambda: services.article_update(
            article=data["may"], by=reviewer, double_annotation=True
        ),
        "date": lambda: services.article_update(
            article=data["may"], by=reviewer, published_on=datetime.date(2020, 1, 1)
        ),
    }


@pytest.mark.parametrize(
    "change", ["create", "topics", "review", "delete", "merge", "mode", "date"]
)
def test_every_change_the_counts_depend_on_changes_the_version(
    data, analyst, reviewer, other_speaker, change
):
    changes = _changes(data, analyst, reviewer, other_speaker)
    before = version()
    changes[change]()
    assert version() != before


def test_a_recount_that_saw_the_data_change_stores_nothing(data, analyst, monkeypatch):
    recount()
    versions = iter(["1|before", "2|after"])
    monkeypatch.setattr(insight_counts, "version", lambda: next(versions))
    assert recount()["counted"] is False
    monkeypatch.undo()
    assert isinstance(counts_for(analyst, params(), Statement.objects.all()), KeptCounts)
    assert InsightCount.objects.exists()  # the earlier counts, still matching the data


def test_kept_counts_cost_the_same_queries_whatever_the_data(data, analyst, make_article):
    def queries() -> int:
        recount()
        with CaptureQueriesContext(connection) as captured:
            counts = counts_for(analyst, params(), Statement.objects.all())
            insights.overview(counts)
        assert isinstance(counts, KeptCounts)
        return len(captured.captured_queries)

    few = queries()
    speaker = Speaker.objects.create(name="Many")
    for n in range(20):
        article = make_article(body=f"Claim number {n} was made.", source=f"Outlet {n}",
                               published_on=datetime.date(2023, 1 + n % 12, 1))  # fmt: skip
        services.statement_create(
            article=article, start=0, end=5, speaker=speaker, stance="policy", by=analyst
        )
        Statement.objects.filter(article=article).update(status="approved")
    assert queries() == few == 10  # what was counted, the version (3), the charts (6)


def test_the_api_answers_the_same_from_kept_counts(data, api, analyst):
    client = api(analyst)
    counted_live = client.get("/api/insights/", {"status": "any"}).json()
    recount()
    assert client.get("/api/insights/", {"status": "any"}).json() == counted_live

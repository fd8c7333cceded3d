"""Double annotation: each assigned analyst works alone, and nothing of the others leaks."""

from __future__ import annotations

import pytest

from articles import services
from articles.models import DismissedSuggestion
from tests.test_suggestions_api import BODY, REASSURANCE, WARNING


def span(article, quote: str) -> dict[str, int]:
    start = article.body.index(quote)
    return {"start": start, "end": start + len(quote)}


@pytest.fixture
def double(make_article, analyst, other_analyst, speaker, other_speaker):
    return make_article(
        body=BODY, title="Double", double_annotation=True, annotators=[analyst, other_analyst]
    )


@pytest.fixture
def third_analyst(db):
    from articles.roles import ANALYSTS
    from tests.conftest import make_user

    return make_user("cy", group=ANALYSTS)


class TestStatementCounts:
    @pytest.fixture
    def annotated(self, double, make_statement, analyst, other_analyst, reviewer):
        mine = make_statement(double, WARNING, by=analyst)
        make_statement(double, WARNING, by=other_analyst)
        theirs = make_statement(double, REASSURANCE, by=other_analyst)
        for statement in (mine, theirs):
            services.statement_review(statement=statement, decision="approved", by=reviewer)
        return double

    def counts(self, client, article, detail: bool) -> dict:
        if detail:
            return client.get(f"/api/articles/{article.pk}/").data["statement_counts"]
        (row,) = client.get("/api/articles/").data["results"]
        return row["statement_counts"]

    @pytest.mark.parametrize("detail", [False, True])
    def test_an_analyst_counts_only_their_own(self, api, analyst, annotated, detail):
        counts = self.counts(api(analyst), annotated, detail)
        assert counts == {"total": 1, "pending": 0, "approved": 1, "rejected": 0}

    @pytest.mark.parametrize("detail", [False, True])
    def test_a_reviewer_counts_everyones(self, api, reviewer, annotated, detail):
        counts = self.counts(api(reviewer), annotated, detail)
        assert counts == {"total": 3, "pending": 1, "approved": 2, "rejected": 0}

    def test_the_article_list_page_counts_only_their_own(self, client, analyst, annotated):
        client.force_login(analyst)
        page = client.get("/")
        (article,) = page.context["page"].object_list
        assert (article.statements_total, article.statements_pending) == (1, 0)

    def test_articles_without_double_annotation_count_every_statement(
        self, api, analyst, other_analyst, make_article, make_statement
    ):
        article = make_article()
        make_statement(article, by=other_analyst)
        make_statement(article, by=analyst)
        counts = self.counts(api(analyst), article, detail=True)
        assert counts["total"] == 2


class TestDismissals:
    def url(self, article, action="dismiss/"):
        return f"/api/articles/{article.pk}/suggestions/{action}"

    def quotes(self, client, article) -> list[str]:
        answer = client.get(self.url(article, "")).json()
        return [s["quote"] for s in answer["suggestions"]]

    def test_each_analyst_dismisses_for_themselves(self, api, analyst, other_analyst, double):
        theirs = api(other_analyst).post(self.url(double), span(double, WARNING), format="json")
        assert theirs.status_code == 201, theirs.data
        mine = api(analyst).post(self.url(double), span(double, WARNING), format="json")
        assert mine.status_code == 201, mine.data
        assert mine.data["dismissed_by"] == analyst.pk
        assert self.quotes(api(analyst), double) == [REASSURANCE]
        again = api(analyst).post(self.url(double), span(double, WARNING), format="json")
        assert again.status_code == 200
        assert DismissedSuggestion.objects.filter(article=double).count() == 2

    def test_one_analysts_dismissal_leaves_the_others_suggestions(
        self, api, analyst, other_analyst, double
    ):
        api(other_analyst).post(self.url(double), span(double, WARNING), format="json")
        assert self.quotes(api(analyst), double) == [WARNING, REASSURANCE]
        assert self.quotes(api(other_analyst), double) == [REASSURANCE]

    def test_an_analyst_not_assigned_cannot_dismiss(self, api, third_analyst, double):
        response = api(third_analyst).post(self.url(double), span(double, WARNING), format="json")
        assert response.status_code == 403, response.data
        assert "independently by ana, bo" in response.data["detail"]
        assert not DismissedSuggestion.objects.exists()

    def test_without_double_annotation_a_dismissal_is_shared(
        self, api, analyst, other_analyst, make_article, speaker, other_speaker
    ):
        article = make_article(body=BODY)
        first = api(other_analyst).post(self.url(article), span(article, WARNING), format="json")
        second = api(analyst).post(self.url(article), span(article, WARNING), format="json")
        assert (first.status_code, second.status_code) == (201, 200)
        assert second.data["dismissed_by"] == other_analyst.pk
        assert self.quotes(api(analyst), article) == [REASSURANCE]

"""Agreement between annotators, on a hand-made pair of annotations with known answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import services
from articles.agreement import cohen_kappa
from articles.models import Speaker, Statement

BODY = (
    "Alpha said the river will flood tonight. "  # 0..41
    "Beta insisted the barrier is safe. "
    "Gamma warned that taxes will rise. "
    "Delta promised new funding for schools. "
    "Epsilon said nothing new."
)


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture
def double_article(make_article, analyst, other_analyst):
    article = make_article(
        body=BODY, title="Double", double_annotation=True, annotators=[analyst, other_analyst]
    )
    return article


@pytest.fixture
def annotated(double_article, analyst, other_analyst):
    alpha = Speaker.objects.create(name="Alpha")
    beta = Speaker.objects.create(name="Beta")
    gamma = Speaker.objects.create(name="Gamma")
    delta = Speaker.objects.create(name="Delta")
    body = double_article.body

    def add(user, part, speaker, stance, trim=0):
        start, end = span(body, part)
        services.statement_create(
            article=double_article,
            start=start,
            end=end - trim,
            speaker=speaker,
            stance=stance,
            by=user,
        )

    # A (ana): four statements.
    add(analyst, "the river will flood tonight", alpha, "warning")
    add(analyst, "the barrier is safe", beta, "reassurance")
    add(analyst, "taxes will rise", gamma, "warning")
    add(analyst, "new funding for schools", delta, "policy")
    # B (bo): same first span exactly; second overlapping (shorter by 4 of 19 chars);
    # third with another speaker and stance; no fourth; one extra.
    add(other_analyst, "the river will flood tonight", alpha, "warning")
    add(other_analyst, "the barrier is safe", beta, "reassurance", trim=4)
    add(other_analyst, "taxes will rise", beta, "policy")
    add(other_analyst, "nothing new", alpha, "reassurance")
    return double_article


def test_kappa_matches_a_worked_example():
    # 10 pairs: 7 agree; left labels 5 w / 5 r, right 6 w / 4 r -> pe = .5, kappa = .4
    labels = [("w", "w")] * 4 + [("r", "r")] * 3 + [("w", "r")] + [("r", "w")] * 2
    assert cohen_kappa(labels) == pytest.approx(0.4)
    assert cohen_kappa([("w", "w"), ("w", "w")]) is None
    assert cohen_kappa([]) is None


def test_the_pair_figures_are_the_known_answers(api, reviewer, annotated):
    data = api(reviewer).get(f"/api/articles/{annotated.pk}/agreement/").data
    (pair,) = data["pairs"]
    assert (pair["annotator_a"]["username"], pair["annotator_b"]["username"]) == ("ana", "bo")
    assert (pair["statements_a"], pair["statements_b"]) == (4, 4)
    # Exact: the first and third spans (the third differs in speaker, not offsets).
    assert pair["exact"]["matched"] == 2
    assert pair["exact"]["f1"] == pytest.approx(0.5)
    # Overlap: first three match (15/19 >= 0.5).
    assert pair["overlap"]["matched"] == 3
    assert pair["overlap"]["precision"] == pytest.approx(0.75)
    assert pair["overlap"]["recall"] == pytest.approx(0.75)
    assert pair["overlap"]["f1"] == pytest.approx(0.75)
    assert pair["speaker_agreement"] == pytest.approx(2 / 3)
    # Stances on matches: (w,w) (r,r) (w,p): po = 2/3, pe = (2/3*1/3) + (1/3*1/3) = 1/3 -> 0.5
    assert pair["stance_kappa"] == pytest.approx(0.5)
    assert [s["quote"] for s in pair["unmatched_a"]] == ["new funding for schools"]
    assert [s["quote"] for s in pair["unmatched_b"]] == ["nothing new"]


def test_agreement_pools_over_a_chosen_set_of_articles(
    api, reviewer, annotated, make_article, analyst, other_analyst
):
    other = make_article(
        body="Zeta said yes. " * 3, double_annotation=True, annotators=[analyst, other_analyst]
    )
    speaker = Speaker.objects.create(name="Zeta")
    for user in (analyst, other_analyst):
        services.statement_create(
            article=other, start=10, end=13, speaker=speaker, stance="policy", by=user
        )
    response = api(reviewer).get("/api/agreement/", {"article": [annotated.pk, other.pk]})
    (pair,) = response.data["pairs"]
    assert pair["overlap"]["matched"] == 4
    assert (pair["statements_a"], pair["statements_b"]) == (5, 5)
    assert sorted(pair["articles"]) == sorted([annotated.pk, other.pk])
    assert api(reviewer).get("/api/agreement/").data["pairs"][0]["statements_a"] == 5


def test_analysts_cannot_see_agreement(api, analyst, annotated):
    assert api(analyst).get(f"/api/articles/{annotated.pk}/agreement/").status_code == 403
    assert api(analyst).get("/api/agreement/").status_code == 403


def test_bad_agreement_parameters_are_400s(api, reviewer, db):
    assert api(reviewer).get("/api/agreement/", {"article": "x"}).status_code == 400
    assert api(reviewer).get("/api/agreement/", {"colour": "1"}).status_code == 400


def test_the_agreement_page_shows_the_figures_and_what_to_adjudicate(client, reviewer, annotated):
    client.force_login(reviewer)
    html = client.get(reverse("agreement")).content.decode()
    assert "75.0 %" in html
    assert "0.50" in html
    assert "new funding for schools" in html and "nothing new" in html


class TestDoubleAnnotation:
    def test_analysts_see_only_their_own_statements_there(
        self, api, analyst, other_analyst, reviewer, annotated
    ):
        mine = api(analyst).get(f"/api/articles/{annotated.pk}/").data["statements"]
        assert {s["created_by"] for s in mine} == {"ana"} and len(mine) == 4
        listed = api(other_analyst).get("/api/statements/", {"article": annotated.pk}).data
        assert listed["count"] == 4
        assert len(api(reviewer).get(f"/api/articles/{annotated.pk}/").data["statements"]) == 8

    def test_an_analyst_cannot_open_anothers_statement_there(self, api, analyst, annotated):
        theirs = annotated.statements.exclude(created_by=analyst).first()
        assert api(analyst).get(f"/api/statements/{theirs.pk}/").status_code == 404

    def test_only_assigned_analysts_annotate_there(self, api, annotated, speaker):
        from tests.conftest import make_user

        outsider = make_user("cy", group="Analysts")
        response = api(outsider).post(
            "/api/statements/",
            {
                "article": annotated.pk,
                "speaker": speaker.pk,
                "start": 0,
                "end": 5,
                "stance": "warning",
            },
            format="json",
        )
        assert response.status_code == 403
        assert "independently by ana, bo" in response.data["detail"]

    def test_reviewers_set_up_double_annotation_analysts_cannot(
        self, api, analyst, reviewer, article, other_analyst
    ):
        url = f"/api/articles/{article.pk}/"
        payload = {"double_annotation": True, "annotators": [analyst.pk, other_analyst.pk]}
        assert api(analyst).patch(url, payload, format="json").status_code == 403
        response = api(reviewer).patch(url, payload, format="json")
        assert response.status_code == 200, response.data
        article.refresh_from_db()
        assert article.double_annotation and article.annotators.count() == 2


class TestAdjudication:
    """A matched pair that differs in speaker or stance is settled with one action."""

    def disagreement(self, api, reviewer, annotated) -> dict:
        report = api(reviewer).get(f"/api/articles/{annotated.pk}/agreement/").data
        (pair,) = report["pairs"]
        (item,) = pair["disagreements"]
        return item

    def test_the_report_lists_matched_pairs_that_disagree(self, api, reviewer, annotated):
        item = self.disagreement(api, reviewer, annotated)
        assert item["a"]["quote"] == item["b"]["quote"] == "taxes will rise"
        assert (item["a"]["speaker_name"], item["b"]["speaker_name"]) == ("Gamma", "Beta")
        assert item["differ_in"] == ["speaker", "stance"]

    def test_keeping_one_approves_it_and_rejects_the_other_with_the_reason(
        self, api, reviewer, analyst, annotated
    ):
        item = self.disagreement(api, reviewer, annotated)
        keep, other = item["a"], item["b"]
        response = api(reviewer).post(
            f"/api/statements/{keep['id']}/adjudicate/",
            {"reject": other["id"], "version": keep["version"], "reject_version": other["version"]},
            format="json",
        )
        assert response.status_code == 200, response.data
        assert response.data["status"] == "approved"
        rejected = Statement.objects.get(pk=other["id"])
        assert rejected.status == "rejected" and rejected.reviewed_by == reviewer
        assert f"ana's statement {keep['id']}" in rejected.review_comment
        assert "Gamma, warning" in rejected.review_comment
        assert rejected.history.count() == 2  # created, then adjudicated
        # The pair is settled: the page no longer offers to keep either.
        assert "Settled: kept ana" in self.page(reviewer, annotated)

    def test_a_stale_version_on_either_side_changes_neither(self, api, reviewer, annotated):
        item = self.disagreement(api, reviewer, annotated)
        keep, other = item["a"], item["b"]
        Statement.objects.filter(pk=other["id"]).update(version=other["version"] + 1)
        response = api(reviewer).post(
            f"/api/statements/{keep['id']}/adjudicate/",
            {"reject": other["id"], "version": keep["version"], "reject_version": other["version"]},
            format="json",
        )
        assert response.status_code == 409
        assert set(
            Statement.objects.filter(pk__in=[keep["id"], other["id"]]).values_list(
                "status", flat=True
            )
        ) == {"pending"}

    def test_analysts_cannot_adjudicate(self, api, analyst, reviewer, annotated):
        item = self.disagreement(api, reviewer, annotated)
        response = api(analyst).post(
            f"/api/statements/{item['a']['id']}/adjudicate/",
            {"reject": item["b"]["id"]},
            format="json",
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        "body, message",
        [
            ({}, "Send reject"),
            ({"reject": "7"}, "whole number"),
            ({"reject": 10**9}, "No statement has that id"),
        ],
    )
    def test_bad_input_is_a_400_that_says_what_to_send(
        self, api, reviewer, annotated, body, message
    ):
        item = self.disagreement(api, reviewer, annotated)
        response = api(reviewer).post(
            f"/api/statements/{item['a']['id']}/adjudicate/", body, format="json"
        )
        assert response.status_code == 400
        assert message in str(response.data)

    def test_the_two_must_be_different_statements_on_one_article(
        self, api, reviewer, annotated, make_article, analyst
    ):
        item = self.disagreement(api, reviewer, annotated)
        url = f"/api/statements/{item['a']['id']}/adjudicate/"
        same = api(reviewer).post(url, {"reject": item["a"]["id"]}, format="json")
        assert same.status_code == 400 and "another" in str(same.data)
        elsewhere = make_article(body="Zeta said yes.", title="Other", annotators=[analyst])
        foreign = services.statement_create(
            article=elsewhere, start=0, end=4, speaker=Speaker.objects.get(name="Alpha"),
            stance="policy", by=analyst,
        )  # fmt: skip
        response = api(reviewer).post(url, {"reject": foreign.pk}, format="json")
        assert response.status_code == 400 and "same article" in str(response.data)

    def page(self, reviewer, annotated) -> str:
        from django.test import Client

        client = Client()
        client.force_login(reviewer)
        return client.get(reverse("agreement")).content.decode()

    def test_the_page_keeps_one_with_a_form_and_comes_back(self, client, api, reviewer, annotated):
        item = self.disagreement(api, reviewer, annotated)
        html = self.page(reviewer, annotated)
        assert "Same span, different reading (1 open of 1)" in html
        assert "Keep bo’s, reject the other" in html
        client.force_login(reviewer)
        back = reverse("agreement") + f"?articles={annotated.pk}"
        response = client.post(
            reverse("adjudicate"),
            {
                "keep": item["b"]["id"],
                "keep_version": item["b"]["version"],
                "reject": item["a"]["id"],
                "reject_version": item["a"]["version"],
                "next": back,
            },
            follow=True,
        )
        assert response.redirect_chain[-1][0] == back
        assert "Kept bo’s statement" in response.content.decode()
        assert Statement.objects.get(pk=item["a"]["id"]).status == "rejected"
        assert Statement.objects.get(pk=item["b"]["id"]).status == "approved"

    def test_the_page_form_refuses_a_stale_pair_without_changing_it(
        self, client, api, reviewer, annotated
    ):
        item = self.disagreement(api, reviewer, annotated)
        client.force_login(reviewer)
        response = client.post(
            reverse("adjudicate"),
            {"keep": item["b"]["id"], "keep_version": 99, "reject": item["a"]["id"]},
            follow=True,
        )
        assert "changed meanwhile" in response.content.decode()
        assert Statement.objects.get(pk=item["a"]["id"]).status == "pending"

    def test_keeping_one_runs_a_bounded_number_of_queries(self, api, reviewer, annotated):
        item = self.disagreement(api, reviewer, annotated)
        client = api(reviewer)
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                f"/api/statements/{item['a']['id']}/adjudicate/",
                {"reject": item["b"]["id"]},
                format="json",
            )
            queries = len(captured.captured_queries)
        assert response.status_code == 200
        # Both reviews with their history rows, the answer's record and the user's facts.
        assert queries <= 19

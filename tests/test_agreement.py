"""Agreement between annotators, on a hand-made pair of annotations with known answers."""

import pytest
from django.urls import reverse

from articles import services
from articles.agreement import cohen_kappa
from articles.models import Speaker

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

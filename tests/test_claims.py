"""The same claim across articles: grouping known answers, the generated set's floors,
the background regrouping and what it shows."""

import pytest

from articles import claim_groups, services
from articles.claims import group, same_claim, words
from articles.models import Claim, Speaker, Statement
from harness.claims_set import claims_set, scores


def test_edits_of_one_quote_are_one_claim_and_look_alikes_are_not():
    quotes = [
        (1, "A major ground offensive would result in widespread civilian casualties"),
        (2, "“a major ground offensive would result in widespread civilian casualties.”"),
        (3, "major ground offensive would result in widespread civilian casualties"),
        (4, "A major ground offensive will result in widespread civilian casualties"),
        (5, "A major ground offensive would result in a humanitarian disaster for Gaza"),
        (6, "The new flood barrier would result in widespread civilian casualties"),
        (7, "No."),
    ]
    assert group(quotes) == [[1, 2, 3, 4]]


def test_a_trimmed_quote_must_keep_every_word_it_has():
    long = words("the rail strike will not be over before the end of March")
    assert same_claim(words("rail strike will not be over before the end of March"), long)
    assert not same_claim(words("the ferry strike will not be over before the end"), long)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_generated_set_meets_the_targets(seed):
    found = scores(*claims_set(claims=90, seed=seed))
    assert found["precision"] >= 0.95
    assert found["recall"] >= 0.9


@pytest.fixture
def reported(make_article, analyst, reviewer):
    """The same line in three outlets' articles, and another line once."""
    blinken = Speaker.objects.create(name="Antony Blinken")
    line = "a major ground offensive would result in widespread civilian casualties"
    made = []
    for n, (source, day) in enumerate([("Wire", 14), ("Daily", 12), ("Post", 13)]):
        import datetime

        article = make_article(
            body=f"Officials said {line} in the south. Story {n}.",
            source=source,
            published_on=datetime.date(2024, 5, day),
        )
        start = article.body.index(line)
        made.append(
            services.statement_create(
                article=article,
                start=start,
                end=start + len(line) - (n == 2) * 0,
                speaker=blinken,
                stance="warning",
                by=analyst,
            )
        )
    return made


def test_regrouping_makes_one_claim_with_its_first_report(reported):
    result = claim_groups.regroup()
    assert result["claims"] == 1
    claim = Claim.objects.get()
    assert claim.article_count == claim.statement_count == 3
    assert (claim.first_outlet, str(claim.first_seen)) == ("Daily", "2024-05-12")
    assert claim.speaker.name == "Antony Blinken"
    assert set(Statement.objects.values_list("claim_id", flat=True)) == {claim.pk}


def test_a_claim_keeps_its_id_and_loses_a_rejected_statement(reported, reviewer):
    claim_groups.regroup()
    claim = Claim.objects.get()
    services.statement_review(
        statement=reported[0], decision="rejected", by=reviewer, comment="Not his words"
    )
    claim_groups.regroup()
    again = Claim.objects.get()
    assert again.pk == claim.pk and again.article_count == 2
    reported[0].refresh_from_db()
    assert reported[0].claim is None


def test_a_claim_of_one_statement_is_no_claim(reported, reviewer):
    for statement in reported[1:]:
        services.statement_review(statement=statement, decision="rejected", by=reviewer,
                                  comment="No")  # fmt: skip
    claim_groups.regroup()
    assert not Claim.objects.exists()


def test_requests_are_throttled_a_process(db, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(claim_groups.claims_request, "last", -claim_groups.REQUEST_EVERY)
    with django_capture_on_commit_callbacks() as callbacks:
        assert claim_groups.claims_request(now=1_000.0)
        assert not claim_groups.claims_request(now=1_005.0)
        assert claim_groups.claims_request(now=1_011.0)
    assert len(callbacks) == 2


def test_the_api_says_in_how_many_articles_a_statement_is(api, analyst, reported):
    claim_groups.regroup()
    data = api(analyst).get(f"/api/statements/{reported[0].pk}/").data
    assert data["claim"] == Claim.objects.get().pk and data["claim_articles"] == 3


def test_the_claim_page_shows_its_reports_first_first(client, analyst, reported):
    claim_groups.regroup()
    claim = Claim.objects.get()
    client.force_login(analyst)
    response = client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 200
    assert [row["article_source"] for row in response.context["rows"]] == ["Daily", "Post", "Wire"]
    html = response.content.decode()
    assert "3 times in 3 articles" in html and "12 May 2024 in Daily" in html
    assert client.get("/claims/999999/").status_code == 404


def test_the_speaker_page_lists_their_claims(client, analyst, reviewer, reported):
    for statement in reported:
        services.statement_review(statement=statement, decision="approved", by=reviewer)
    claim_groups.regroup()
    client.force_login(analyst)
    html = client.get(f"/speakers/{reported[0].speaker_id}/").content.decode()
    assert f'href="/claims/{Claim.objects.get().pk}/"' in html and "3 articles, first" in html


def test_the_same_words_twice_in_one_article_are_no_claim(make_article, analyst, other_analyst):
    speaker = Speaker.objects.create(name="Antony Blinken")
    line = "a major ground offensive would result in widespread civilian casualties"
    article = make_article(body=f"Officials said {line}.", double_annotation=True,
                           annotators=[analyst, other_analyst])  # fmt: skip
    start = article.body.index(line)
    for user in (analyst, other_analyst):
        services.statement_create(article=article, start=start, end=start + len(line),
                                  speaker=speaker, stance="warning", by=user)  # fmt: skip
    claim_groups.regroup()
    assert not Claim.objects.exists()


def test_a_suggestion_of_a_known_claim_takes_its_speaker_and_stance(reported):
    from articles.suggest.engine import Suggestion
    from articles.suggest.service import with_claims

    claim_groups.regroup()
    blank = Suggestion(
        start=0, end=10, quote="A major ground offensive would result in widespread civilian "
        "casualties", speaker_id=None, speaker_name="", stance=None, confidence=0.6,
    )  # fmt: skip
    named = Suggestion(
        start=0, end=10, quote=blank.quote, speaker_id=None, speaker_name="Jake Sullivan",
        stance="policy", confidence=0.6,
    )  # fmt: skip
    other = Suggestion(
        start=0, end=10, quote="The harbour road will close for a month from Monday",
        speaker_id=None, speaker_name="", stance=None, confidence=0.6,
    )  # fmt: skip
    proposed, kept, untouched = with_claims([blank, named, other])
    blinken = reported[0].speaker
    assert (proposed.speaker_id, proposed.speaker_name, proposed.stance) == (
        blinken.pk, "Antony Blinken", "warning",
    )  # fmt: skip
    assert (kept.speaker_name, kept.stance) == ("Jake Sullivan", "policy")  # the text's own
    assert untouched == other


class TestMatch:
    def test_a_quote_of_a_known_claim_gets_its_speaker_and_stance(self, api, analyst, reported):
        claim_groups.regroup()
        response = api(analyst).get(
            "/api/claims/match/",
            {"quote": "“A major ground offensive would result in widespread civilian casualties”"},
        )
        assert response.status_code == 200
        assert response.data == {
            "claim": Claim.objects.get().pk,
            "speaker": reported[0].speaker_id,
            "speaker_name": "Antony Blinken",
            "stance": "warning",
            "article_count": 3,
        }

    def test_other_words_match_nothing(self, api, analyst, reported):
        claim_groups.regroup()
        response = api(analyst).get("/api/claims/match/", {"quote": "The road stays open all week"})
        assert response.data == {"claim": None}

    def test_bad_input_is_a_400(self, api, analyst):
        assert api(analyst).get("/api/claims/match/").status_code == 400
        assert api(analyst).get("/api/claims/match/", {"quote": "x" * 5001}).status_code == 400
        assert api(analyst).get("/api/claims/match/", {"quote": "a", "b": "c"}).status_code == 400

    def test_anonymous_users_get_401(self, reported):
        from rest_framework.test import APIClient

        assert APIClient().get("/api/claims/match/", {"quote": "a b c d e"}).status_code == 401

"""GET /api/articles/{id}/suggestions/ and POST .../suggestions/dismiss/."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.api.suggestions import SuggestionSerializer
from articles.models import (
    DismissedSuggestion,
    Speaker,
    SpeakerKind,
    SpeakerRole,
    Stance,
    Status,
)
from articles.suggest.engine import Suggestion

BODY = (
    "Going headlong into the flood plain could have disastrous consequences, "
    "Ada Mayor warned on Sunday.\n\n"
    "Ben Engineer said the barrier was safe and would hold through the winter.\n\n"
    "The harbour reopened on Monday after a week of repairs."
)
WARNING = "Going headlong into the flood plain could have disastrous consequences"
REASSURANCE = "the barrier was safe and would hold through the winter"


def suggestions_url(article_id: int) -> str:
    return f"/api/articles/{article_id}/suggestions/"


def dismiss_url(article_id: int) -> str:
    return f"/api/articles/{article_id}/suggestions/dismiss/"


@pytest.fixture
def flood_article(make_article, speaker, other_speaker):
    return make_article(body=BODY, published_on=datetime.date(2025, 2, 3))


def span(article, quote: str) -> dict[str, int]:
    start = article.body.index(quote)
    return {"start": start, "end": start + len(quote)}


def test_it_lists_suggestions_in_text_order(api, analyst, flood_article, speaker, other_speaker):
    response = api(analyst).get(suggestions_url(flood_article.pk))

    assert response.status_code == 200
    assert set(response.json()) == {"status", "suggestions"}
    data = response.json()["suggestions"]
    assert [s["quote"] for s in data] == [WARNING, REASSURANCE]
    first, second = data
    assert set(first) == {
        "start", "end", "quote", "speaker", "speaker_name", "speaker_kind", "stance",
        "confidence",
    }  # fmt: skip
    for suggestion in data:
        assert flood_article.body[suggestion["start"] : suggestion["end"]] == suggestion["quote"]
        assert 0 <= suggestion["confidence"] <= 1
    assert (first["speaker"], first["speaker_name"], first["speaker_kind"], first["stance"]) == (
        speaker.pk,
        "Ada Mayor",
        "person",
        "warning",
    )
    assert (second["speaker"], second["stance"]) == (other_speaker.pk, "reassurance")
    assert [s["speaker_kind"] for s in data] == ["person", "person"]


def test_it_proposes_an_unknown_speaker_by_name(api, analyst, make_article):
    article = make_article(body="We will close the harbour for a month, said Carla Ruiz.")

    data = api(analyst).get(suggestions_url(article.pk)).json()["suggestions"]

    assert [(s["speaker"], s["speaker_name"], s["speaker_kind"]) for s in data] == [
        (None, "Carla Ruiz", "person")
    ]


def test_it_says_when_an_unknown_speaker_is_an_organisation(api, analyst, make_article):
    article = make_article(body="Ferries may stop all week, according to the Port Authority.")

    data = api(analyst).get(suggestions_url(article.pk)).json()["suggestions"]

    assert [(s["speaker"], s["speaker_kind"]) for s in data] == [(None, "organisation")]


def test_a_registered_speaker_keeps_the_kind_it_was_registered_with(api, analyst, make_article):
    Speaker.objects.create(name="Carla Ruiz", kind=SpeakerKind.ORGANISATION)
    article = make_article(body="We will close the harbour for a month, said Carla Ruiz.")

    [suggestion] = api(analyst).get(suggestions_url(article.pk)).json()["suggestions"]

    assert suggestion["speaker_kind"] == "organisation"


def suggestion(**overrides) -> Suggestion:
    fields = {
        "start": 0, "end": 4, "quote": "Text", "speaker_id": None, "speaker_name": "Carla Ruiz",
        "stance": "warning", "confidence": 0.9, "speaker_kind": "person",
    }  # fmt: skip
    fields.update(overrides)
    return Suggestion(**fields)


def test_a_suggestion_without_a_stance_says_null():
    data = SuggestionSerializer(suggestion(stance=None)).data

    assert data["stance"] is None


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("person", "person"), ("organisation", "organisation"), ("group", "organisation"),
     ("", None), ("robot", None)],
)  # fmt: skip
def test_the_speaker_kind_is_a_speaker_kind_or_null(kind, shown):
    assert SuggestionSerializer(suggestion(speaker_kind=kind)).data["speaker_kind"] == shown


def test_a_suggestion_from_an_engine_without_kinds_has_a_null_kind():
    class Older:
        start, end, quote, speaker_id, speaker_name = 0, 4, "Text", None, "Carla Ruiz"
        stance, confidence = "policy", 0.8

    assert SuggestionSerializer(Older()).data["speaker_kind"] is None


@pytest.mark.parametrize("stance", [None, "", "missing"])
def test_a_suggestion_without_a_stance_cannot_become_a_statement_without_one(
    api, analyst, flood_article, speaker, stance
):
    payload = {"article": flood_article.pk, "speaker": speaker.pk, **span(flood_article, WARNING)}
    if stance != "missing":
        payload["stance"] = stance

    response = api(analyst).post("/api/statements/", payload, format="json")

    assert response.status_code == 400
    assert "stance" in response.json()
    assert not flood_article.statements.exists()


def test_it_refuses_anonymous_users(api, flood_article):
    assert api(None).get(suggestions_url(flood_article.pk)).status_code == 401
    response = api(None).post(dismiss_url(flood_article.pk), {"start": 0, "end": 5}, format="json")
    assert response.status_code == 401
    assert not DismissedSuggestion.objects.exists()


def test_a_reader_sees_suggestions_but_cannot_dismiss_them(api, reader, flood_article):
    assert api(reader).get(suggestions_url(flood_article.pk)).status_code == 200

    response = api(reader).post(
        dismiss_url(flood_article.pk), span(flood_article, WARNING), format="json"
    )

    assert response.status_code == 403
    assert "detail" in response.json()
    assert not DismissedSuggestion.objects.exists()


def test_it_answers_404_for_an_unknown_article(api, analyst):
    assert api(analyst).get(suggestions_url(999_999)).status_code == 404
    response = api(analyst).post(dismiss_url(999_999), {"start": 0, "end": 4}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"start": "zero", "end": 5}, "start"),
        ({"start": 1.5, "end": 5}, "start"),
        ({"start": True, "end": 5}, "start"),
        ({"start": 0, "end": "5.0"}, "end"),
        ({"start": -1, "end": 5}, "start"),
        ({"start": 7, "end": 7}, "end"),
        ({"start": 9, "end": 3}, "end"),
        ({"start": 0, "end": 100_000}, "end"),
        ({"start": 0}, "end"),
        ({}, "start"),
    ],
)
def test_it_refuses_bad_offsets_naming_the_field(api, analyst, flood_article, payload, field):
    response = api(analyst).post(dismiss_url(flood_article.pk), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not DismissedSuggestion.objects.exists()


def test_a_dismissed_suggestion_is_not_suggested_again(api, analyst, flood_article):
    client = api(analyst)
    offsets = span(flood_article, WARNING)

    response = client.post(dismiss_url(flood_article.pk), offsets, format="json")

    assert response.status_code == 201
    assert response.json()["quote"] == WARNING
    quotes = [
        s["quote"] for s in client.get(suggestions_url(flood_article.pk)).json()["suggestions"]
    ]
    assert quotes == [REASSURANCE]


def test_dismissing_twice_is_harmless(api, analyst, other_analyst, flood_article):
    offsets = span(flood_article, WARNING)

    first = api(analyst).post(dismiss_url(flood_article.pk), offsets, format="json")
    again = api(other_analyst).post(dismiss_url(flood_article.pk), offsets, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert DismissedSuggestion.objects.get().dismissed_by == analyst


def test_a_dismissal_covering_most_of_a_suggestion_hides_it(api, analyst, flood_article):
    offsets = span(flood_article, WARNING)
    offsets["start"] += 10  # the analyst's selection was a little shorter

    api(analyst).post(dismiss_url(flood_article.pk), offsets, format="json")

    quotes = [
        s["quote"]
        for s in api(analyst).get(suggestions_url(flood_article.pk)).json()["suggestions"]
    ]
    assert quotes == [REASSURANCE]


def test_dismissals_stay_with_their_article(api, analyst, make_article, flood_article):
    twin = make_article(body=BODY + "\n\nA second edition.")
    api(analyst).post(dismiss_url(flood_article.pk), span(flood_article, WARNING), format="json")

    quotes = [s["quote"] for s in api(analyst).get(suggestions_url(twin.pk)).json()["suggestions"]]

    assert WARNING in quotes


def test_an_existing_statement_is_not_suggested_again(api, analyst, flood_article, make_statement):
    make_statement(flood_article, "the barrier was safe and would hold")

    quotes = [
        s["quote"]
        for s in api(analyst).get(suggestions_url(flood_article.pk)).json()["suggestions"]
    ]

    assert quotes == [WARNING]


def test_another_analysts_statement_does_not_hide_suggestions_under_double_annotation(
    api, analyst, other_analyst, flood_article, make_statement
):
    flood_article.double_annotation = True
    flood_article.save()
    make_statement(flood_article, REASSURANCE, by=other_analyst)

    mine = [
        s["quote"]
        for s in api(analyst).get(suggestions_url(flood_article.pk)).json()["suggestions"]
    ]
    theirs = [
        s["quote"]
        for s in api(other_analyst).get(suggestions_url(flood_article.pk)).json()["suggestions"]
    ]

    assert mine == [WARNING, REASSURANCE]
    assert theirs == [WARNING]


def test_the_query_count_does_not_grow_with_speakers_or_statements(
    api, analyst, reviewer, flood_article, make_article, speaker, django_assert_max_num_queries
):
    client = api(analyst)
    url = suggestions_url(flood_article.pk)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    for number in range(40):
        person = Speaker.objects.create(name=f"Person {number}", aliases=[f"P{number}"])
        SpeakerRole.objects.create(speaker=person, role=f"Role {number}")
    other = make_article(body="\n\n".join(f"Statement number {n} is here." for n in range(40)))
    for number in range(40):
        statement = services.statement_create(
            article=other,
            start=other.body.index(f"Statement number {number} "),
            end=other.body.index(f"Statement number {number} ") + 18,
            speaker=speaker,
            stance=[Stance.WARNING, Stance.POLICY][number % 2],
            by=analyst,
        )
        services.statement_review(statement=statement, decision=Status.APPROVED, by=reviewer)
    services.statement_create(
        article=flood_article, **span(flood_article, "Monday"), speaker=speaker,
        stance=Stance.POLICY, by=analyst,
    )  # fmt: skip

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_the_schema_documents_the_suggestion_endpoints(api, analyst):
    response = api(analyst).get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert "get" in paths["/api/articles/{id}/suggestions/"]
    assert "post" in paths["/api/articles/{id}/suggestions/dismiss/"]
    answer = paths["/api/articles/{id}/suggestions/"]["get"]["responses"]["200"]
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    body = components[ref.rsplit("/", 1)[1]]
    assert set(body["properties"]) == {"status", "suggestions"}
    assert components["SuggestionsStatusEnum"]["enum"] == ["ready", "pending", "failed"]
    suggestion = components["Suggestion"]["properties"]
    assert suggestion["stance"]["nullable"] is True
    assert "speaker_kind" in suggestion
    assert suggestion["speaker_kind"]["nullable"] is True
    assert components["SpeakerKindEnum"]["enum"] == ["person", "organisation"]


def _quotes(client, article) -> list[str]:
    return [s["quote"] for s in client.get(suggestions_url(article.pk)).json()["suggestions"]]


def test_dismissed_suggestions_are_listed_and_restored(
    api, analyst, flood_article, django_assert_max_num_queries
):
    client = api(analyst)
    base = f"/api/articles/{flood_article.pk}/suggestions"
    client.post(dismiss_url(flood_article.pk), span(flood_article, WARNING), format="json")
    client.post(dismiss_url(flood_article.pk), span(flood_article, REASSURANCE), format="json")
    with django_assert_max_num_queries(4):
        listed = client.get(f"{base}/dismissed/")
    assert listed.status_code == 200
    assert [item["quote"] for item in listed.json()] == [WARNING, REASSURANCE]

    restored = client.post(f"{base}/restore/", span(flood_article, WARNING), format="json")
    assert restored.status_code == 204
    assert _quotes(client, flood_article) == [WARNING]
    assert [item["quote"] for item in client.get(f"{base}/dismissed/").json()] == [REASSURANCE]
    again = client.post(f"{base}/restore/", span(flood_article, WARNING), format="json")
    assert again.status_code == 404
    assert again.json()["detail"] == "That span is not dismissed in this article."


def test_restoring_needs_an_analyst_and_good_offsets(api, analyst, reader, flood_article):
    base = f"/api/articles/{flood_article.pk}/suggestions"
    api(analyst).post(dismiss_url(flood_article.pk), span(flood_article, WARNING), format="json")
    refused = api(reader).post(f"{base}/restore/", span(flood_article, WARNING), format="json")
    assert refused.status_code == 403
    bad = api(analyst).post(f"{base}/restore/", {"start": "x", "end": 4}, format="json")
    assert bad.status_code == 400
    assert "start" in bad.json()
    assert DismissedSuggestion.objects.count() == 1


def test_under_double_annotation_an_analyst_lists_and_restores_only_their_own(
    api, analyst, other_analyst, flood_article
):
    flood_article.double_annotation = True
    flood_article.save()
    flood_article.annotators.set([analyst, other_analyst])
    base = f"/api/articles/{flood_article.pk}/suggestions"
    offsets = span(flood_article, WARNING)
    api(analyst).post(dismiss_url(flood_article.pk), offsets, format="json")
    assert api(other_analyst).get(f"{base}/dismissed/").json() == []
    assert api(other_analyst).post(f"{base}/restore/", offsets, format="json").status_code == 404
    assert len(api(analyst).get(f"{base}/dismissed/").json()) == 1
    assert DismissedSuggestion.objects.count() == 1

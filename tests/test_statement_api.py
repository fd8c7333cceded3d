"""/api/statements/: create, read, update, delete, filter; every bad input is a clear 400."""

import datetime

import pytest

from articles.models import Statement

URL = "/api/statements/"


def detail(pk):
    return f"{URL}{pk}/"


@pytest.fixture
def payload(article, speaker, topic):
    quote = "the sea wall could fail"
    start = article.body.index(quote)
    return {
        "article": article.pk,
        "speaker": speaker.pk,
        "start": start,
        "end": start + len(quote),
        "stance": "warning",
        "topics": [topic.pk],
        "note": "Lead claim.",
    }


class TestCreate:
    def test_an_analyst_creates_a_statement_and_the_server_fills_the_quote(
        self, api, analyst, payload, article
    ):
        response = api(analyst).post(URL, payload, format="json")
        assert response.status_code == 201, response.data
        data = response.data
        assert data["quote"] == "the sea wall could fail"
        assert data["speaker_name"] == "Ada Mayor"
        assert data["article_title"] == article.title
        assert data["topics"] == [payload["topics"][0]]
        assert data["topic_names"] == ["Flooding"]
        assert data["status"] == "pending"
        assert data["created_by"] == "ana"
        assert data["version"] == 1
        stored = Statement.objects.get()
        assert article.body[stored.start : stored.end] == stored.quote

    def test_a_matching_quote_is_accepted(self, api, analyst, payload):
        payload["quote"] = "the sea wall could fail"
        assert api(analyst).post(URL, payload, format="json").status_code == 201

    def test_two_statements_may_share_a_span(self, api, analyst, payload, other_speaker):
        client = api(analyst)
        assert client.post(URL, payload, format="json").status_code == 201
        payload["speaker"] = other_speaker.pk
        assert client.post(URL, payload, format="json").status_code == 201

    def test_offsets_count_code_points_not_utf16_units(self, api, analyst, make_article, speaker):
        article = make_article(body="Fans 👍🏽 cheered. The coach said we will win.")
        quote = "we will win"
        start = article.body.index(quote)
        response = api(analyst).post(
            URL,
            {
                "article": article.pk,
                "speaker": speaker.pk,
                "start": start,
                "end": start + len(quote),
                "stance": "reassurance",
            },
            format="json",
        )
        assert response.status_code == 201
        assert response.data["quote"] == quote

    def test_readers_cannot_create(self, api, reader, payload):
        assert api(reader).post(URL, payload, format="json").status_code == 403

    def test_anonymous_requests_are_refused(self, api, payload):
        assert api(None).post(URL, payload, format="json").status_code == 401
        assert api(None).get(URL).status_code == 401


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"start": 30, "end": 20}, "end", "greater than start"),
            ({"start": 20, "end": 20}, "end", "greater than start"),
            ({"start": -1}, "start", "greater than or equal to 0"),
            ({"end": 100_000}, "end", "past the end"),
            ({"start": "3"}, "start", "JSON integer"),
            ({"end": 12.0}, "end", "JSON integer"),
            ({"start": 2**63}, "start", "less than or equal to"),
            ({"end": 2**64 + 5}, "end", "less than or equal to"),
            ({"start": True}, "start", "JSON integer"),
            ({"quote": "something else"}, "quote", "the body holds"),
            ({"stance": "opinion"}, "stance", "not a valid choice"),
            ({"speaker": 9999}, "speaker", "no speaker with id 9999"),
            ({"topics": [9999]}, "topics", "no topic with id 9999"),
            ({"article": 9999}, "article", "no article with id 9999"),
            ({"speaker": "1"}, "speaker", "integer id"),
            ({"note": "bad\x00note"}, "note", "Null characters are not allowed"),
            ({"stance": None}, "stance", "may not be null"),
            ({"colour": "red"}, "colour", "Unknown field"),
        ],
    )
    def test_it_names_the_field_and_stores_nothing(
        self, api, analyst, payload, changes, field, words
    ):
        payload.update(changes)
        response = api(analyst).post(URL, payload, format="json")
        assert response.status_code == 400, response.data
        assert field in response.data, response.data
        assert words.lower() in str(response.data[field]).lower()
        assert not Statement.objects.exists()

    def test_missing_fields_are_named(self, api, analyst):
        response = api(analyst).post(URL, {}, format="json")
        assert response.status_code == 400
        assert {"article", "speaker", "start", "end", "stance"} <= set(response.data)

    @pytest.mark.parametrize("body", ['"x"', "[]", "42", "null", "{bad json", ""])
    def test_a_body_that_is_not_a_json_object_is_refused(self, api, analyst, body):
        response = api(analyst).generic("POST", URL, body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()
        assert not Statement.objects.exists()

    def test_a_mismatched_quote_says_what_the_body_holds(self, api, analyst, payload):
        payload["quote"] = "the sea wall could faiL"
        response = api(analyst).post(URL, payload, format="json")
        assert "'the sea wall could fail'" in response.data["quote"][0]


class TestRead:
    def test_the_list_is_paginated(self, api, analyst, article, make_statement):
        make_statement(article)
        data = api(analyst).get(URL).data
        assert set(data) == {"count", "next", "previous", "results"}
        assert data["count"] == 1

    def test_page_size_is_capped_at_500(self, api, analyst, article, make_statement):
        make_statement(article)
        assert api(analyst).get(URL, {"page_size": 10_000}).status_code == 200

    def test_the_list_runs_a_constant_number_of_queries(
        self, api, analyst, make_article, make_statement, django_assert_max_num_queries
    ):
        for _ in range(3):
            make_statement(make_article())
        client = api(analyst)
        with django_assert_max_num_queries(8) as few:
            client.get(URL, {"page_size": 500})
        for _ in range(60):
            make_statement(make_article())
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(URL, {"page_size": 500})
        assert response.data["count"] == 63

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"stance": "warning"}, 1),
            ({"stance": "policy"}, 1),
            ({"status": "pending"}, 2),
            ({"status": "approved"}, 0),
            ({"search": "BARRIER"}, 1),
            ({"search": "  barrier "}, 1),
            ({"search": "ben eng"}, 1),
            ({"search": "by 2030 at the latest"}, 0),
            ({"search": "CHECK THE DATE"}, 1),
            ({"created_by": "ana"}, 2),
            ({"published_from": "2024-05-12"}, 2),
            ({"published_from": "2024-05-13"}, 0),
            ({"published_to": "2024-05-11"}, 0),
            ({"updated_from": "2000-01-01"}, 2),
            ({"updated_to": "2000-01-01"}, 0),
            ({"updated_since": "2000-01-01T00:00:00Z"}, 2),
            ({"updated_since": "2999-01-01T00:00:00Z"}, 0),
        ],
    )
    def test_it_filters(
        self, api, analyst, article, make_statement, other_speaker, params, expected
    ):
        article.published_on = datetime.date(2024, 5, 12)
        article.save()
        make_statement(article, note="Check the date of the briefing.")
        make_statement(
            article, "We will build a new barrier by 2030", stance="policy", speaker=other_speaker
        )
        response = api(analyst).get(URL, params)
        assert response.status_code == 200, response.data
        assert response.data["count"] == expected

    def test_it_filters_by_article_speaker_and_topic(
        self, api, analyst, make_article, make_statement, other_speaker, topic
    ):
        first = make_statement(make_article(), topics=[topic])
        second = make_statement(make_article(), speaker=other_speaker)
        client = api(analyst)
        assert [
            s["id"] for s in client.get(URL, {"article": first.article_id}).data["results"]
        ] == [first.pk]
        assert [
            s["id"] for s in client.get(URL, {"speaker": other_speaker.pk}).data["results"]
        ] == [second.pk]
        assert [s["id"] for s in client.get(URL, {"topic": topic.pk}).data["results"]] == [first.pk]

    def test_it_orders_by_position_or_time(self, api, analyst, article, make_statement):
        late = make_statement(article, "We will build a new barrier by 2030")
        early = make_statement(article)
        client = api(analyst)
        ids = [s["id"] for s in client.get(URL).data["results"]]
        assert ids == [early.pk, late.pk]
        ids = [s["id"] for s in client.get(URL, {"ordering": "-created_at"}).data["results"]]
        assert ids == [early.pk, late.pk]
        ids = [s["id"] for s in client.get(URL, {"ordering": "created_at"}).data["results"]]
        assert ids == [late.pk, early.pk]

    def test_it_orders_by_speaker_and_by_article_date(
        self, api, analyst, make_article, make_statement, other_speaker
    ):
        older = make_article()
        older.published_on = datetime.date(2024, 1, 1)
        older.save()
        newer = make_article()
        newer.published_on = datetime.date(2024, 6, 1)
        newer.save()
        by_first = make_statement(newer)
        by_other = make_statement(older, speaker=other_speaker)
        names = sorted([(by_first.speaker.name, by_first.pk), (other_speaker.name, by_other.pk)])
        client = api(analyst)
        ids = [s["id"] for s in client.get(URL, {"ordering": "speaker"}).data["results"]]
        assert ids == [pk for _, pk in names]
        ids = [s["id"] for s in client.get(URL, {"ordering": "-published_on"}).data["results"]]
        assert ids == [by_first.pk, by_other.pk]
        ids = [s["id"] for s in client.get(URL, {"ordering": "published_on"}).data["results"]]
        assert ids == [by_other.pk, by_first.pk]

    @pytest.mark.parametrize(
        "params",
        [
            {"colour": "red"},
            {"stance": "opinion"},
            {"article": "x"},
            {"updated_since": "soon"},
            {"ordering": "quote"},
            {"search": "a\x00b"},
            {"commented": "null"},
            {"commented": "1"},
            {"commented": ""},
            {"article": "-4"},
        ],
    )
    def test_bad_or_unknown_filters_are_a_400(self, api, analyst, params):
        response = api(analyst).get(URL, params)
        assert response.status_code == 400
        assert set(params) & set(response.data)


class TestUpdate:
    def test_the_author_edits_speaker_stance_topics_note_and_offsets(
        self, api, analyst, article, make_statement, other_speaker, topic
    ):
        statement = make_statement(article)
        response = api(analyst).patch(
            detail(statement.pk),
            {
                "speaker": other_speaker.pk,
                "stance": "reassurance",
                "topics": [topic.pk],
                "note": "Edited",
                "end": statement.end + 1,
                "version": 1,
            },
            format="json",
        )
        assert response.status_code == 200, response.data
        assert response.data["quote"] == "the sea wall could fail."
        assert response.data["version"] == 2
        assert response.data["speaker_name"] == "Ben Engineer"
        assert response.data["topic_names"] == ["Flooding"]

    def test_a_put_replaces_the_annotation(self, api, analyst, article, make_statement, payload):
        statement = make_statement(article)
        payload["stance"] = "policy"
        response = api(analyst).put(detail(statement.pk), payload, format="json")
        assert response.status_code == 200, response.data
        assert response.data["stance"] == "policy"

    def test_another_analyst_cannot_edit_or_delete(
        self, api, other_analyst, article, make_statement
    ):
        statement = make_statement(article)
        client = api(other_analyst)
        response = client.patch(detail(statement.pk), {"stance": "policy"}, format="json")
        assert response.status_code == 403
        assert "only change statements you created" in response.data["detail"]
        assert client.delete(detail(statement.pk)).status_code == 403
        statement.refresh_from_db()
        assert statement.stance == "warning"

    def test_a_statement_cannot_move_to_another_article(
        self, api, analyst, article, make_article, make_statement
    ):
        statement = make_statement(article)
        other = make_article()
        response = api(analyst).patch(detail(statement.pk), {"article": other.pk}, format="json")
        assert response.status_code == 400
        assert "another article" in str(response.data["article"])

    def test_bad_offsets_on_update_change_nothing(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        response = api(analyst).patch(detail(statement.pk), {"end": 1}, format="json")
        assert response.status_code == 400
        statement.refresh_from_db()
        assert statement.version == 1

    def test_the_author_deletes_a_statement(self, api, analyst, article, make_statement):
        statement = make_statement(article)
        assert api(analyst).delete(detail(statement.pk)).status_code == 204
        assert not Statement.objects.exists()
        assert statement.history.filter(history_type="-").exists()

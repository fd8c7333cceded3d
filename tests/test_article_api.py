"""/api/articles/: bodies normalised like imports, statements inlined, counts by status."""

import pytest

from articles.models import Article

URL = "/api/articles/"


class TestArticles:
    def test_the_list_leaves_out_the_body_and_counts_statements(
        self, api, analyst, article, make_statement
    ):
        make_statement(article)
        result = api(analyst).get(URL).data["results"][0]
        assert "body" not in result
        assert result["statement_counts"] == {
            "total": 1,
            "pending": 1,
            "approved": 0,
            "rejected": 0,
        }

    def test_the_detail_has_the_body_and_statements_in_text_order(
        self, api, analyst, article, make_statement
    ):
        late = make_statement(article, "We will build a new barrier by 2030")
        early = make_statement(article)
        data = api(analyst).get(f"{URL}{article.pk}/").data
        assert data["body"] == article.body
        assert [s["id"] for s in data["statements"]] == [early.pk, late.pk]
        assert data["statements"][0]["article_title"] == article.title

    def test_the_detail_runs_a_constant_number_of_queries(
        self, api, analyst, make_article, make_statement, django_assert_max_num_queries
    ):
        article = make_article(body="Word. " * 500)
        client = api(analyst)
        for i in range(3):
            make_statement(article, quote=None, start=i * 6, end=i * 6 + 4)
        with django_assert_max_num_queries(8) as few:
            client.get(f"{URL}{article.pk}/")
        for i in range(3, 200):
            make_statement(article, quote=None, start=i * 6, end=i * 6 + 4)
        with django_assert_max_num_queries(len(few.captured_queries)):
            data = client.get(f"{URL}{article.pk}/").data
        assert len(data["statements"]) == 200

    def test_an_analyst_creates_an_article_normalised_like_an_import(self, api, analyst):
        response = api(analyst).post(
            URL,
            {
                "body": "\ufeffFloods hit the coast.\r\n\r\n\r\nMore cafe\u0301 news.",
                "source": "Gazette",
            },
            format="json",
        )
        assert response.status_code == 201, response.data
        article = Article.objects.get()
        assert article.body == "Floods hit the coast.\n\nMore caf\u00e9 news."
        assert article.title == "Floods hit the coast"
        assert response.data["title"] == "Floods hit the coast"

    def test_the_same_text_twice_is_a_409(self, api, analyst, article):
        response = api(analyst).post(URL, {"body": article.body}, format="json")
        assert response.status_code == 409
        assert set(response.data) == {"body"}  # no word of the hash behind it
        assert "already exists" in str(response.data["body"])

    def test_a_duplicate_url_is_a_409(self, api, analyst, make_article):
        make_article(url="https://example.org/x")
        response = api(analyst).post(
            URL, {"body": "Other.", "url": "https://example.org/x"}, format="json"
        )
        assert response.status_code == 409
        assert "url already exists" in str(response.data)

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"body": ""}, "body"),
            ({"body": "   \n\n  "}, "body"),
            ({"body": "ok", "published_on": "2024-13-01"}, "published_on"),
            ({"body": "ok", "url": "not a url"}, "url"),
            ({"body": "a\x00b"}, "body"),
            ({"body": "ok", "title": "x" * 301}, "title"),
        ],
    )
    def test_bad_articles_are_refused(self, api, analyst, payload, field):
        response = api(analyst).post(URL, payload, format="json")
        assert response.status_code == 400
        assert field in response.data
        assert not Article.objects.exists()

    def test_a_new_body_of_an_annotated_article_is_a_new_revision(
        self, api, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        body = "New opening.\n\n" + article.body
        response = api(reviewer).patch(f"{URL}{article.pk}/", {"body": body}, format="json")
        assert response.status_code == 200, response.data
        article.refresh_from_db()
        assert article.body == body and article.revision.number == 2
        statement.refresh_from_db()
        assert body[statement.start : statement.end] == statement.quote

    def test_reviewers_change_titles_analysts_cannot(self, api, analyst, reviewer, article):
        url = f"{URL}{article.pk}/"
        assert api(analyst).patch(url, {"title": "X"}, format="json").status_code == 403
        response = api(reviewer).patch(url, {"title": "Better"}, format="json")
        assert response.status_code == 200
        assert response.data["title"] == "Better"

    def test_search_and_date_filters(self, api, analyst, make_article):
        make_article(title="Rafah warning", source="Wire", published_on="2024-05-12")
        make_article(title="Budget", source="Capital", published_on="2023-01-01")
        client = api(analyst)
        assert client.get(URL, {"search": "rafah"}).data["count"] == 1
        assert client.get(URL, {"published_from": "2024-01-01"}).data["count"] == 1
        assert client.get(URL, {"sort": "x"}).status_code == 400

    def test_it_searches_the_text_shows_progress_and_sorts(
        self, api, analyst, make_article, make_statement
    ):
        started = make_article(title="Started", body="Blinken said the operation would fail.")
        make_statement(started, "the operation would fail")
        make_article(title="Untouched")
        client = api(analyst)

        def titles(**params) -> list[str]:
            response = client.get(URL, params)
            assert response.status_code == 200, response.data
            return [item["title"] for item in response.data["results"]]

        assert titles(search="blinken") == ["Started"]
        assert titles(progress="pending") == ["Started"]
        assert titles(progress="not_started") == ["Untouched"]
        assert titles(progress="assigned") == []
        assert titles(ordering="title") == ["Started", "Untouched"]
        assert titles(ordering="-total") == ["Started", "Untouched"]
        assert client.get(URL, {"progress": "done"}).status_code == 400
        assert client.get(URL, {"ordering": "body"}).status_code == 400

    def test_readers_cannot_create_articles(self, api, reader):
        assert api(reader).post(URL, {"body": "x"}, format="json").status_code == 403

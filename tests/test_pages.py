"""The article list, the editor page and the import page."""

import json
import re

import pytest
from django.urls import reverse

from articles.models import Article


@pytest.fixture
def logged_in(client, analyst):
    client.force_login(analyst)
    return client


class TestLogin:
    def test_anonymous_users_are_sent_to_the_login_page_and_back(self, client, analyst, article):
        target = reverse("article-editor", args=[article.pk])
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={target}"
        response = client.post(
            reverse("login"),
            {"username": "ana", "password": "correct-horse-battery-staple", "next": target},
        )
        assert response.status_code == 302
        assert response["Location"] == target

    def test_a_wrong_password_is_refused_with_a_message(self, client, analyst):
        response = client.post(reverse("login"), {"username": "ana", "password": "nope"})
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    def test_logout_works(self, logged_in):
        response = logged_in.post(reverse("logout"))
        assert response.status_code == 302
        assert logged_in.get(reverse("article-list")).status_code == 302


class TestArticleList:
    def test_it_lists_articles_with_counts_by_status(self, logged_in, article, make_statement):
        make_statement(article)
        response = logged_in.get(reverse("article-list"))
        html = response.content.decode()
        assert article.title in html
        assert 'class="count count-pending">1<' in html
        assert 'class="count count-approved zero">0<' in html

    def test_it_searches_title_and_source(self, logged_in, make_article):
        make_article(title="Floods in the north", source="Northern Echo")
        make_article(title="Budget passes", source="Capital Times")
        html = logged_in.get(reverse("article-list"), {"search": "echo"}).content.decode()
        assert "Floods in the north" in html and "Budget passes" not in html

    def test_it_searches_the_text_of_articles(self, logged_in, make_article):
        make_article(title="Rafah", body="And Blinken struggled to explain the policy.")
        make_article(title="Budget passes")
        html = logged_in.get(reverse("article-list"), {"search": "blinken"}).content.decode()
        assert ">Rafah</a>" in html and "Budget passes" not in html

    def test_it_shows_articles_by_progress_and_sorts_them(
        self, client, analyst, other_analyst, reviewer, make_article, make_statement
    ):
        started = make_article(title="Started")
        make_statement(started)
        make_article(title="Untouched")
        assigned = make_article(
            title="Shared", double_annotation=True, annotators=[analyst, other_analyst]
        )
        make_statement(assigned, by=other_analyst)
        client.force_login(analyst)

        def titles(**params) -> list[str]:
            response = client.get(reverse("article-list"), params)
            assert response.status_code == 200
            return re.findall(r'<a href="/articles/\d+/">([^<]+)</a>', response.content.decode())

        assert titles(progress="pending") == ["Started"]
        # The other annotator's statement is hidden: for this analyst it is not started.
        assert sorted(titles(progress="not_started")) == ["Shared", "Untouched"]
        assert titles(progress="assigned") == ["Shared"]
        assert titles(ordering="title") == ["Shared", "Started", "Untouched"]
        assert titles(ordering="-pending")[0] == "Started"

    def test_it_filters_by_published_date(self, logged_in, make_article):
        make_article(title="Old news", published_on="2020-01-01")
        make_article(title="New news", published_on="2025-01-01")
        html = logged_in.get(
            reverse("article-list"), {"published_from": "2024-01-01"}
        ).content.decode()
        assert "New news" in html and "Old news" not in html

    def test_a_bad_date_filter_is_explained_not_a_crash(self, logged_in, article):
        response = logged_in.get(reverse("article-list"), {"published_from": "yesterday"})
        assert response.status_code == 400
        assert "Published from: Enter a valid date" in response.content.decode()

    def test_the_list_runs_a_constant_number_of_queries(
        self, logged_in, make_article, django_assert_max_num_queries
    ):
        for _ in range(30):
            make_article()
        with django_assert_max_num_queries(8):  # the inbox counts two things
            assert logged_in.get(reverse("article-list")).status_code == 200


class TestEditorPage:
    def test_the_article_text_is_escaped(self, logged_in, make_article):
        article = make_article(
            body="Evil <script>alert(1)</script> and <img src=x onerror=alert(2)>"
        )
        html = logged_in.get(reverse("article-editor", args=[article.pk])).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<img src=x" not in html

    def test_it_has_the_article_text_landmark(self, logged_in, article):
        html = logged_in.get(reverse("article-editor", args=[article.pk])).content.decode()
        assert 'role="article" aria-label="Article text"' in html

    def test_an_unknown_article_is_404(self, logged_in):
        assert logged_in.get(reverse("article-editor", args=[999])).status_code == 404

    def test_pages_forbid_inline_script(self, logged_in, article):
        response = logged_in.get(reverse("article-editor", args=[article.pk]))
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy


class TestImportPage:
    def test_analysts_upload_files_and_see_the_report(self, logged_in):
        from django.core.files.uploadedfile import SimpleUploadedFile

        files = [
            SimpleUploadedFile("a.txt", b"date 2024-02-01\n\nFloods hit the coast. More."),
            SimpleUploadedFile("bad.txt", "caf\u00e9".encode("latin-1")),
        ]
        response = logged_in.post(reverse("article-import"), {"files": files})
        html = response.content.decode()
        assert response.status_code == 200
        assert "created 1, updated 0, skipped 0, failed 1" in html
        assert "bad.txt" in html and "not UTF-8" in html
        assert Article.objects.get().title == "Floods hit the coast"

    def test_an_empty_upload_is_explained(self, logged_in):
        response = logged_in.post(reverse("article-import"), {})
        assert "Choose at least one" in response.content.decode()

    def test_readers_cannot_import(self, client, reader):
        client.force_login(reader)
        assert client.get(reverse("article-import")).status_code == 403


class TestErrorPages:
    def test_a_refused_page_says_why_in_the_site_layout(self, logged_in):
        response = logged_in.get(reverse("review-queue"))
        html = response.content.decode()
        assert response.status_code == 403
        assert "Only reviewers can approve or reject statements." in html
        assert "Back to the articles" in html and 'class="topbar"' in html

    def test_a_missing_page_is_explained_in_the_site_layout(self, logged_in):
        response = logged_in.get(reverse("article-editor", args=[999]))
        assert response.status_code == 404
        assert "There is nothing at this address" in response.content.decode()

    def test_a_server_error_page_renders_without_a_request_context(self, rf):
        from django.views.defaults import server_error

        response = server_error(rf.get("/"))
        assert response.status_code == 500
        assert "Nothing you saved before is lost" in response.content.decode()

    def test_an_unknown_api_address_answers_json(self, logged_in):
        response = logged_in.get("/api/no-such-thing/")
        assert response.status_code == 404
        assert response.json() == {
            "detail": "There is no API endpoint at /api/no-such-thing/; see /api/docs/."
        }

    def test_a_server_error_under_the_api_answers_json(self, rf):
        from articles.views.errors import server_error

        response = server_error(rf.get("/api/statements/"))
        assert response.status_code == 500
        assert "could not answer" in json.loads(response.content)["detail"]


class TestArticleDetails:
    def url(self, article):
        return reverse("article-details", args=[article.pk])

    def test_a_reviewer_changes_title_source_address_and_date(self, client, reviewer, article):
        client.force_login(reviewer)
        editor = client.get(reverse("article-editor", args=[article.pk])).content.decode()
        assert f'href="{self.url(article)}"' in editor
        response = client.post(
            self.url(article),
            {
                "title": "Sea wall: officials warn",
                "source": "Harbour Herald",
                "url": "https://example.org/sea-wall",
                "published_on": "2024-05-12",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("article-editor", args=[article.pk])
        article.refresh_from_db()
        assert (article.title, article.source, article.url, str(article.published_on)) == (
            "Sea wall: officials warn",
            "Harbour Herald",
            "https://example.org/sea-wall",
            "2024-05-12",
        )

    def test_a_bad_address_is_refused_by_the_model_and_nothing_changes(
        self, client, reviewer, article
    ):
        client.force_login(reviewer)
        response = client.post(self.url(article), {"title": "New", "url": "not a url"})
        assert response.status_code == 400
        assert "Enter a valid URL." in response.content.decode()
        article.refresh_from_db()
        assert article.title == "Sea wall could fail, officials warn"

    def test_analysts_may_not_change_details(self, logged_in, article):
        editor = logged_in.get(reverse("article-editor", args=[article.pk])).content.decode()
        assert self.url(article) not in editor
        assert logged_in.get(self.url(article)).status_code == 403
        assert logged_in.post(self.url(article), {"title": "Mine"}).status_code == 403
        article.refresh_from_db()
        assert article.title == "Sea wall could fail, officials warn"

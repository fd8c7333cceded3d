"""The Django admin, usable for review."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Statement, Status


@pytest.fixture
def staff_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def superuser_client(client, admin_user):
    client.force_login(admin_user)
    return client


def changelist_url():
    return reverse("admin:articles_statement_changelist")


class TestStatementChangelist:
    def test_it_shows_article_speaker_stance_status_and_annotator(
        self, staff_reviewer, article, make_statement
    ):
        make_statement(article)
        html = staff_reviewer.get(changelist_url()).content.decode()
        for text in [article.title, "Ada Mayor", "Warning", "Pending", "ana"]:
            assert text in html

    def test_it_runs_a_constant_number_of_queries(
        self, staff_reviewer, make_article, make_statement, django_assert_max_num_queries
    ):
        for _ in range(3):
            make_statement(make_article())
        with django_assert_max_num_queries(14) as small:
            staff_reviewer.get(changelist_url())
        for _ in range(40):
            make_statement(make_article())
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert staff_reviewer.get(changelist_url()).status_code == 200

    def test_it_searches_quotes_and_speaker_names(self, staff_reviewer, article, make_statement):
        make_statement(article)
        assert "could fail" in staff_reviewer.get(changelist_url(), {"q": "Ada"}).content.decode()
        html = staff_reviewer.get(changelist_url(), {"q": "zebra"}).content.decode()
        assert "0 statements" in html

    def test_it_filters_by_status(self, staff_reviewer, article, make_statement):
        make_statement(article)
        html = staff_reviewer.get(changelist_url(), {"status__exact": "approved"}).content.decode()
        assert "0 statements" in html


def test_a_statement_in_the_admin_links_to_it_in_the_editor(
    staff_reviewer, article, make_statement
):
    statement = make_statement(article)
    page = staff_reviewer.get(reverse("admin:articles_statement_change", args=[statement.pk]))
    assert page.status_code == 200
    content_type = ContentType.objects.get_for_model(Statement)
    view_on_site = reverse("admin:view_on_site", args=[content_type.pk, statement.pk])
    assert view_on_site in page.content.decode()
    response = staff_reviewer.get(view_on_site)
    assert response.status_code == 302
    assert response["Location"] == (
        f"http://testserver/articles/{article.pk}/#statement-{statement.pk}"
    )


class TestReviewActions:
    def test_approve_records_reviewer_and_time(
        self, staff_reviewer, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        staff_reviewer.post(
            changelist_url(), {"action": "approve", "_selected_action": [statement.pk]}
        )
        statement.refresh_from_db()
        assert statement.status == Status.APPROVED
        assert statement.reviewed_by == reviewer
        assert statement.reviewed_at is not None
        assert statement.history.count() == 2

    def test_reject_asks_for_a_reason_then_records_it(
        self, staff_reviewer, reviewer, article, make_statement
    ):
        statement = make_statement(article)
        data = {"action": "reject", "_selected_action": [statement.pk]}
        response = staff_reviewer.post(changelist_url(), data)
        assert "Say why" in response.content.decode()
        statement.refresh_from_db()
        assert statement.status == Status.PENDING
        staff_reviewer.post(changelist_url(), {**data, "comment": "Not a statement."})
        statement.refresh_from_db()
        assert statement.status == Status.REJECTED
        assert statement.review_comment == "Not a statement."
        assert statement.reviewed_by == reviewer

    def test_staff_without_the_review_permission_get_no_review_actions(
        self, client, article, make_statement
    ):
        from tests.conftest import make_user

        staff = make_user("clerk", is_staff=True)
        from django.contrib.auth.models import Permission

        staff.user_permissions.add(Permission.objects.get(codename="view_statement"))
        client.force_login(staff)
        statement = make_statement(article)
        client.post(changelist_url(), {"action": "approve", "_selected_action": [statement.pk]})
        statement.refresh_from_db()
        assert statement.status == Status.PENDING


class TestStatementChangePage:
    def test_it_shows_the_quote_in_its_article_context(
        self, staff_reviewer, article, make_statement
    ):
        statement = make_statement(article)
        html = staff_reviewer.get(
            reverse("admin:articles_statement_change", args=[statement.pk])
        ).content.decode()
        assert (
            "Harbour officials warned on Tuesday that <mark>the sea wall could fail</mark>." in html
        )

    def test_an_edit_goes_through_the_rules_and_keeps_history(
        self, staff_reviewer, article, make_statement, other_speaker
    ):
        statement = make_statement(article)
        url = reverse("admin:articles_statement_change", args=[statement.pk])
        response = staff_reviewer.post(
            url,
            {
                "speaker": other_speaker.pk,
                "start": statement.start,
                "end": statement.end + 1,
                "stance": "policy",
                "note": "checked",
                "loaded_version": 1,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        statement.refresh_from_db()
        assert (statement.speaker, statement.stance, statement.version) == (
            other_speaker,
            "policy",
            2,
        )
        assert statement.quote == "the sea wall could fail."
        assert statement.history.count() == 2

    def test_bad_offsets_are_shown_on_the_form(self, staff_reviewer, article, make_statement):
        statement = make_statement(article)
        url = reverse("admin:articles_statement_change", args=[statement.pk])
        response = staff_reviewer.post(
            url,
            {
                "speaker": statement.speaker_id,
                "start": 10,
                "end": 5,
                "stance": "policy",
                "loaded_version": 1,
            },
        )
        assert response.status_code == 200
        assert "must be greater than start" in response.content.decode()
        statement.refresh_from_db()
        assert statement.version == 1

    def test_quotes_and_bodies_are_escaped(self, staff_reviewer, make_article, make_statement):
        article = make_article(body="He said <script>alert(1)</script> loudly.")
        statement = make_statement(article, "<script>alert(1)</script>")
        html = staff_reviewer.get(
            reverse("admin:articles_statement_change", args=[statement.pk])
        ).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


class TestArticleAdmin:
    def test_it_shows_statement_counts_and_an_inline(
        self, superuser_client, article, make_statement
    ):
        make_statement(article)
        html = superuser_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert article.title in html
        html = superuser_client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).content.decode()
        assert "the sea wall could fail" in html

    def test_a_new_body_of_an_annotated_article_is_a_revision(
        self, superuser_client, article, make_statement
    ):
        statement = make_statement(article)
        response = superuser_client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            {
                "title": article.title,
                "body": "Replaced.",
                "source": "",
                "url": "",
                "published_on": "",
                "statements-TOTAL_FORMS": 1,
                "statements-INITIAL_FORMS": 1,
                "statements-MIN_NUM_FORMS": 0,
                "statements-MAX_NUM_FORMS": 0,
                "statements-0-id": Statement.objects.get().pk,
                "statements-0-article": article.pk,
            },
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.body == "Replaced." and article.revision.number == 2
        statement.refresh_from_db()
        assert statement.anchor == "orphaned"  # its quote is not in the new text

    def test_the_article_changelist_escapes_titles(self, superuser_client, make_article):
        make_article(title="<b>bold</b> claim", body="Text.")
        html = superuser_client.get(reverse("admin:articles_article_changelist")).content.decode()
        assert "&lt;b&gt;bold&lt;/b&gt; claim" in html


class TestSpeakerAdmin:
    def test_aliases_are_edited_one_a_line(self, superuser_client):
        response = superuser_client.post(
            reverse("admin:articles_speaker_add"),
            {
                "name": "Antony Blinken",
                "kind": "person",
                "role": "",
                "organisation": "",
                "aliases": "Blinken\nUS Secretary of State\n\n",
                "roles-TOTAL_FORMS": 0,
                "roles-INITIAL_FORMS": 0,
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        from articles.models import Speaker

        assert Speaker.objects.get().aliases == ["Blinken", "US Secretary of State"]


class TestSpeakerMerge:
    def test_a_reviewer_merges_duplicates_keeping_statements_and_names(
        self, staff_reviewer, article, make_statement, speaker, other_speaker
    ):
        statement = make_statement(article, speaker=other_speaker)
        url = reverse("admin:articles_speaker_changelist")
        data = {"action": "merge", "_selected_action": [speaker.pk, other_speaker.pk]}
        assert "Keep this speaker" in staff_reviewer.post(url, data).content.decode()
        staff_reviewer.post(url, {**data, "target": speaker.pk})
        statement.refresh_from_db()
        assert statement.speaker == speaker
        assert statement.version == 2
        assert statement.history.first().history_change_reason == "Speaker merged into Ada Mayor"
        speaker.refresh_from_db()
        assert "Ben Engineer" in speaker.aliases
        from articles.models import Speaker

        assert not Speaker.objects.filter(pk=other_speaker.pk).exists()

    def test_the_history_page_of_a_statement_lists_its_changes(
        self, staff_reviewer, reviewer, article, make_statement
    ):
        from articles import services

        statement = make_statement(article)
        services.statement_review(statement=statement, decision="approved", by=reviewer)
        html = staff_reviewer.get(
            reverse("admin:articles_statement_history", args=[statement.pk])
        ).content.decode()
        assert "approved" in html and "rev" in html

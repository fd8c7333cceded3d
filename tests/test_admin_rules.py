"""The admin keeps the rules the API keeps: versions, topics in use, hidden statements."""

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import services
from articles.models import Statement, Topic
from articles.roles import ANALYSTS
from tests.conftest import make_user


def change_url(statement):
    return reverse("admin:articles_statement_change", args=[statement.pk])


def form_data(statement, **overrides):
    data = {
        "speaker": statement.speaker_id,
        "start": statement.start,
        "end": statement.end,
        "stance": statement.stance,
        "note": statement.note,
        "loaded_version": statement.version,
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


class TestStatementVersions:
    def test_the_change_form_carries_the_version_it_was_loaded_at(
        self, staff_reviewer, article, make_statement
    ):
        statement = make_statement(article)
        html = staff_reviewer.get(change_url(statement)).content.decode()
        assert 'name="loaded_version" value="1"' in html

    def test_a_stale_form_is_refused_with_a_message(
        self, staff_reviewer, analyst, article, make_statement
    ):
        statement = make_statement(article)
        stale = form_data(statement, note="from the admin")
        services.statement_update(statement=statement, by=analyst, note="newer edit")
        response = staff_reviewer.post(change_url(statement), stale)
        assert response.status_code == 200
        assert "changed by someone else" in response.content.decode()
        stored = Statement.objects.get(pk=statement.pk)
        assert (stored.note, stored.version) == ("newer edit", 2)

    def test_a_form_without_its_version_is_refused(self, staff_reviewer, article, make_statement):
        statement = make_statement(article)
        data = form_data(statement, note="x")
        del data["loaded_version"]
        response = staff_reviewer.post(change_url(statement), data)
        assert response.status_code == 200
        assert Statement.objects.get(pk=statement.pk).note == ""

    def test_an_edit_landing_between_the_check_and_the_write_is_refused(
        self, staff_reviewer, analyst, article, make_statement
    ):
        statement = make_statement(article)
        real = services.statement_update

        def interleaved(*, statement, **kwargs):
            fresh = Statement.objects.get(pk=statement.pk)
            real(statement=fresh, by=analyst, note="newer edit")
            return real(statement=statement, **kwargs)

        with mock.patch.object(services, "statement_update", interleaved):
            response = staff_reviewer.post(change_url(statement), form_data(statement, note="x"))
        assert response.status_code == 302
        assert response["Location"] == change_url(statement)
        assert any("changed by someone else" in str(m) for m in get_messages(response.wsgi_request))
        assert Statement.objects.get(pk=statement.pk).note == "newer edit"

    def test_a_current_form_is_stored_with_a_new_version(
        self, staff_reviewer, article, make_statement
    ):
        statement = make_statement(article)
        response = staff_reviewer.post(change_url(statement), form_data(statement, note="ok"))
        assert response.status_code == 302
        stored = Statement.objects.get(pk=statement.pk)
        assert (stored.note, stored.version) == ("ok", 2)


class TestTopicDelete:
    def delete_url(self, topic):
        return reverse("admin:articles_topic_delete", args=[topic.pk])

    def test_a_topic_used_by_an_approved_statement_is_not_deleted(
        self, staff_reviewer, reviewer, article, make_statement, topic
    ):
        statement = make_statement(article, topics=[topic])
        services.statement_review(statement=statement, decision="approved", by=reviewer)
        page = staff_reviewer.get(self.delete_url(topic)).content.decode()
        assert "protected" in page
        staff_reviewer.post(self.delete_url(topic), {"post": "yes"})
        assert Topic.objects.filter(pk=topic.pk).exists()
        stored = Statement.objects.get(pk=statement.pk)
        assert list(stored.topics.all()) == [topic] and stored.version == 2

    def test_the_bulk_delete_action_refuses_a_used_topic_too(
        self, staff_reviewer, article, make_statement, topic
    ):
        make_statement(article, topics=[topic])
        spare = Topic.objects.create(name="Spare", slug="spare")
        staff_reviewer.post(
            reverse("admin:articles_topic_changelist"),
            {"action": "delete_selected", "_selected_action": [topic.pk, spare.pk], "post": "yes"},
        )
        assert set(Topic.objects.values_list("slug", flat=True)) == {"flooding", "spare"}

    def test_an_unused_topic_is_deleted(self, staff_reviewer, topic):
        response = staff_reviewer.post(self.delete_url(topic), {"post": "yes"})
        assert response.status_code == 302
        assert not Topic.objects.exists()

    def test_the_api_answers_409_through_the_same_rule(
        self, api, reviewer, article, make_statement, topic
    ):
        make_statement(article, topics=[topic])
        response = api(reviewer).delete(f"/api/topics/{topic.pk}/")
        assert response.status_code == 409
        assert "1 statements" in response.data["detail"]


class TestHiddenStatements:
    @pytest.fixture
    def staff_analyst(self, client, analyst, other_analyst):
        analyst.is_staff = True
        analyst.save()
        client.force_login(analyst)
        return client

    @pytest.fixture
    def double(self, make_article, make_statement, analyst, other_analyst):
        article = make_article(double_annotation=True, annotators=[analyst, other_analyst])
        make_statement(article, "the sea wall could fail", by=analyst)
        hidden = make_statement(article, "The wall is old but safe", by=other_analyst)
        return article, hidden

    def test_the_list_leaves_out_other_analysts_statements(self, staff_analyst, double):
        html = staff_analyst.get(reverse("admin:articles_statement_changelist")).content.decode()
        assert "the sea wall could fail" in html
        assert "The wall is old but safe" not in html

    def test_the_change_page_of_a_hidden_statement_is_not_shown(self, staff_analyst, double):
        _, hidden = double
        response = staff_analyst.get(change_url(hidden), follow=True)
        assert "The wall is old but safe" not in response.content.decode()
        history = reverse("admin:articles_statement_history", args=[hidden.pk])
        assert staff_analyst.get(history).status_code == 404
        record = hidden.history.first()
        version = reverse(
            "admin:articles_statement_simple_history", args=[hidden.pk, record.history_id]
        )
        assert staff_analyst.get(version).status_code == 404

    def test_the_article_inline_and_counts_leave_them_out(self, staff_analyst, double):
        article, _ = double
        page = staff_analyst.get(reverse("admin:articles_article_change", args=[article.pk]))
        (inline,) = page.context["inline_admin_formsets"]
        assert [s.quote for s in inline.formset.queryset] == ["the sea wall could fail"]
        listing = staff_analyst.get(reverse("admin:articles_article_changelist"))
        (row,) = listing.context["cl"].result_list
        assert row.statements_total == 1

    def test_a_reviewer_sees_them_all(self, staff_reviewer, double):
        html = staff_reviewer.get(reverse("admin:articles_statement_changelist")).content.decode()
        assert "The wall is old but safe" in html

    def test_an_analyst_not_on_the_article_sees_none_of_it(self, client, double):
        outsider = make_user("cy", group=ANALYSTS, is_staff=True)
        client.force_login(outsider)
        html = client.get(reverse("admin:articles_statement_changelist")).content.decode()
        assert "the sea wall could fail" not in html

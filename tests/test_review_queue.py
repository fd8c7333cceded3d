"""/review/: pending statements, oldest first, with context, filters and decisions."""

import pytest
from django.urls import reverse

from articles.models import Status


@pytest.fixture
def reviewing(client, reviewer):
    client.force_login(reviewer)
    return client


def test_it_lists_pending_statements_oldest_first_with_their_sentence(
    reviewing, article, make_statement
):
    first = make_statement(article)
    second = make_statement(article, "We will build a new barrier by 2030", stance="policy")
    html = reviewing.get(reverse("review-queue")).content.decode()
    assert html.index(f'id="statement-{first.pk}"') < html.index(f'id="statement-{second.pk}"')
    assert (
        '<span class="context">Harbour officials warned on Tuesday that </span>'
        '<mark class="quote">the sea wall could fail</mark>'
        '<span class="context">. The wall is old but safe, the city engineer said.</span>'
    ) in html
    assert "Ada Mayor" in html


def test_decided_statements_leave_the_queue(reviewing, reviewer, article, make_statement):
    statement = make_statement(article)
    reviewing.post(
        reverse("review-decide", args=[statement.pk]),
        {"decision": "approved", "version": "1"},
    )
    statement.refresh_from_db()
    assert (statement.status, statement.reviewed_by) == (Status.APPROVED, reviewer)
    assert (
        f'id="statement-{statement.pk}"'
        not in reviewing.get(reverse("review-queue")).content.decode()
    )


def test_rejecting_from_the_form_needs_a_reason(reviewing, article, make_statement):
    statement = make_statement(article)
    response = reviewing.post(
        reverse("review-decide", args=[statement.pk]), {"decision": "rejected"}, follow=True
    )
    assert "Say why the statement is rejected" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Status.PENDING


def test_a_stale_decision_is_refused_with_a_message(reviewing, analyst, article, make_statement):
    from articles import services

    statement = make_statement(article)
    services.statement_update(statement=statement, by=analyst, note="changed")
    response = reviewing.post(
        reverse("review-decide", args=[statement.pk]),
        {"decision": "approved", "version": "1"},
        follow=True,
    )
    assert "changed meanwhile" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Status.PENDING


@pytest.mark.parametrize("field", ["article", "speaker", "stance", "annotator"])
def test_it_filters(reviewing, field, make_article, make_statement, other_speaker, other_analyst):
    kept = make_statement(make_article(), stance="policy", speaker=other_speaker, by=other_analyst)
    dropped = make_statement(make_article())
    value = {
        "article": kept.article_id,
        "speaker": other_speaker.pk,
        "stance": "policy",
        "annotator": other_analyst.pk,
    }[field]
    html = reviewing.get(reverse("review-queue"), {field: value}).content.decode()
    assert f'id="statement-{kept.pk}"' in html
    assert f'id="statement-{dropped.pk}"' not in html


def test_a_bad_filter_value_shows_everything_rather_than_failing(
    reviewing, article, make_statement
):
    make_statement(article)
    response = reviewing.get(reverse("review-queue"), {"article": "abc"})
    assert response.status_code == 200


def test_the_queue_runs_a_constant_number_of_queries(
    reviewing, make_article, make_statement, django_assert_max_num_queries
):
    for _ in range(3):
        make_statement(make_article())
    with django_assert_max_num_queries(20) as few:
        reviewing.get(reverse("review-queue"))
    for _ in range(30):
        make_statement(make_article())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert reviewing.get(reverse("review-queue")).status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:x",
        "javascript:alert(1)",
        "/\\evil.example/",
        "http://testserver.evil.example/",
    ],
)
def test_a_decision_never_redirects_off_the_site(reviewing, article, make_statement, target):
    statement = make_statement(article)
    response = reviewing.post(
        reverse("review-decide", args=[statement.pk]),
        {"decision": "approved", "version": "1", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("review-queue")


def test_a_decision_returns_to_the_filtered_queue_it_came_from(reviewing, article, make_statement):
    statement = make_statement(article)
    target = reverse("review-queue") + "?stance=warning&page=2"
    response = reviewing.post(
        reverse("review-decide", args=[statement.pk]),
        {"decision": "approved", "version": "1", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == target

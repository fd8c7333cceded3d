"""A statement's discussion: comments by analysts and reviewers, counted on the statement."""

from __future__ import annotations

import pytest

from articles.models import Statement, StatementComment


def _url(statement) -> str:
    return f"/api/statements/{statement.pk}/comments/"


def test_analysts_and_reviewers_discuss_a_statement(
    api, analyst, reviewer, article, make_statement
):
    statement = make_statement(article)
    first = api(reviewer).post(_url(statement), {"body": "Is this the mayor?"}, format="json")
    assert first.status_code == 201, first.data
    assert (first.data["author"], first.data["body"]) == ("rev", "Is this the mayor?")
    second = api(analyst).post(_url(statement), {"body": "  Yes, see para 2. "}, format="json")
    assert second.status_code == 201
    listed = api(analyst).get(_url(statement))
    assert listed.status_code == 200
    assert [c["body"] for c in listed.data] == ["Is this the mayor?", "Yes, see para 2."]
    record = api(analyst).get(f"/api/statements/{statement.pk}/").data
    assert (record["comment_count"], record["version"]) == (2, 1)  # not a new version


def test_the_list_takes_a_constant_number_of_queries(
    api, analyst, article, make_statement, django_assert_max_num_queries
):
    statement = make_statement(article)
    client = api(analyst)
    client.post(_url(statement), {"body": "One"}, format="json")
    with django_assert_max_num_queries(6) as few:
        client.get(_url(statement))
    one = len(few.captured_queries)  # read now: the next request clears the log
    for n in range(20):
        client.post(_url(statement), {"body": f"More {n}"}, format="json")
    with django_assert_max_num_queries(one):
        assert len(client.get(_url(statement)).data) == 21


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"body": "   "}, "Write something to say."),
        ({"body": 3}, "Must be text."),
        ({"body": "x" * 4001}, "Ensure this field has no more than 4000 characters."),
        ({}, "This field is required."),
    ],
)
def test_a_bad_comment_is_a_400_that_says_why(api, analyst, article, make_statement, body, message):
    statement = make_statement(article)
    response = api(analyst).post(_url(statement), body, format="json")
    assert response.status_code == 400
    assert response.data["body"] == [message]
    assert not StatementComment.objects.exists()


def test_readers_read_but_do_not_comment(api, reader, analyst, article, make_statement):
    statement = make_statement(article)
    api(analyst).post(_url(statement), {"body": "Checked."}, format="json")
    assert api(reader).get(_url(statement)).status_code == 200
    assert api(reader).post(_url(statement), {"body": "Me too"}, format="json").status_code == 403
    assert Statement.objects.get().comment_count == 1


def test_a_hidden_statement_has_no_discussion_for_the_other_annotator(
    api, analyst, other_analyst, make_article, make_statement
):
    double = make_article(double_annotation=True, annotators=[analyst, other_analyst])
    mine = make_statement(double)
    assert api(other_analyst).get(_url(mine)).status_code == 404
    assert api(other_analyst).post(_url(mine), {"body": "Hm"}, format="json").status_code == 404


def test_the_article_list_tells_an_analyst_what_waits_for_them(
    client, api, analyst, reviewer, article, make_statement
):
    from articles import services
    from articles.models import Status

    first = make_statement(article)
    second = make_statement(article, "We will build a new barrier by 2030")
    services.statement_review(statement=first, decision=Status.REJECTED, by=reviewer, comment="No")
    api(reviewer).post(_url(second), {"body": "Source?"}, format="json")
    api(analyst).post(_url(second), {"body": "My own note"}, format="json")
    client.force_login(analyst)
    html = client.get("/").content.decode()
    assert 'href="/statements/?created_by=ana&amp;status=rejected">1 rejected</a>' in html
    assert ">1 comment on your statements</a>" in html
    listed = client.get("/statements/", {"created_by": "ana", "commented": "true"})
    assert f'id="row-{second.pk}"' in listed.content.decode()
    assert f'id="row-{first.pk}"' not in listed.content.decode()
    client.force_login(reviewer)
    assert ">1 pending to review</a>" in client.get("/").content.decode()

"""The Speakers pages: search, a speaker's facts and statements, and keeping them clean."""

from __future__ import annotations

from django.urls import reverse

from articles.models import Speaker, SpeakerRole, Statement


def _detail(speaker) -> str:
    return reverse("speaker-detail", args=[speaker.pk])


def test_the_list_searches_names_and_aliases_with_counts(
    client, analyst, speaker, other_speaker, article, make_statement, django_assert_max_num_queries
):
    make_statement(article)
    client.force_login(analyst)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("speaker-list"), {"search": "the MAYOR"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{_detail(speaker)}">Ada Mayor</a>' in html and "Ben Engineer" not in html
    assert '<td class="num">1</td>' in html


def test_a_speakers_page_lists_what_they_said_with_links(
    client, analyst, speaker, article, make_statement
):
    statement = make_statement(article)
    client.force_login(analyst)
    html = client.get(_detail(speaker)).content.decode()
    assert f'href="/articles/{article.pk}/#statement-{statement.pk}"' in html
    assert 'Statements <span class="muted">(1)</span>' in html


def test_analysts_add_aliases_and_roles(client, analyst, speaker):
    client.force_login(analyst)
    response = client.post(_detail(speaker), {"action": "alias", "alias": "Mayor Ada"})
    assert response.status_code == 302
    response = client.post(
        _detail(speaker),
        {
            "action": "role",
            "role": "Mayor",
            "organisation": "Harbour City",
            "started_on": "2020-01-01",
        },
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert "Mayor Ada" in speaker.aliases
    role = SpeakerRole.objects.get(speaker=speaker)
    assert (role.role, role.organisation, str(role.started_on)) == (
        "Mayor",
        "Harbour City",
        "2020-01-01",
    )


def test_a_role_that_ends_before_it_starts_is_refused(client, analyst, speaker):
    client.force_login(analyst)
    response = client.post(
        _detail(speaker),
        {"action": "role", "role": "Mayor", "started_on": "2024-01-01", "ended_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "A role cannot end before it starts." in response.content.decode()
    assert not SpeakerRole.objects.exists()


def test_reviewers_merge_and_delete_analysts_may_not(
    client, analyst, reviewer, speaker, other_speaker, article, make_statement
):
    statement = make_statement(article, speaker=other_speaker)
    client.force_login(analyst)
    refused = client.post(_detail(speaker), {"action": "merge", "others": [other_speaker.pk]})
    assert refused.status_code == 403
    client.force_login(reviewer)
    in_use = client.post(_detail(other_speaker), {"action": "delete"})
    assert in_use.status_code == 400
    assert "1 statement is attributed to Ben Engineer: merge it instead." in in_use.content.decode()
    merged = client.post(_detail(speaker), {"action": "merge", "others": [other_speaker.pk]})
    assert merged.status_code == 302
    statement.refresh_from_db()
    assert statement.speaker == speaker
    assert not Speaker.objects.filter(pk=other_speaker.pk).exists()
    assert "Ben Engineer" in Speaker.objects.get(pk=speaker.pk).aliases
    unused = Speaker.objects.create(name="Nobody Quoted")
    gone = client.post(_detail(unused), {"action": "delete"})
    assert gone.status_code == 302 and gone["Location"] == reverse("speaker-list")
    assert Statement.objects.count() == 1


def test_readers_see_speakers_but_change_nothing(client, reader, speaker):
    client.force_login(reader)
    page = client.get(_detail(speaker)).content.decode()
    assert "Add an alias" not in page
    response = client.post(_detail(speaker), {"action": "alias", "alias": "X"})
    assert response.status_code == 403
    speaker.refresh_from_db()
    assert "X" not in speaker.aliases


def test_counts_and_lists_stay_blind_under_double_annotation(
    client, analyst, other_analyst, speaker, make_article, make_statement
):
    double = make_article(double_annotation=True, annotators=[analyst, other_analyst])
    theirs = make_statement(double, by=other_analyst)
    client.force_login(analyst)
    listed = client.get(reverse("speaker-list")).content.decode()
    assert '<td class="num">0</td>' in listed
    assert f"#statement-{theirs.pk}" not in client.get(_detail(speaker)).content.decode()

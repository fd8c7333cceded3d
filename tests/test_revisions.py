"""An article's new text: a revision, its statements re-anchored, orphans kept."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles import revisions, services
from articles.models import Anchoring, Article, Statement

BODY = (
    "Officials met on Monday.\n\n"
    "“The barrier could fail within a decade,” the mayor said. Engineers disagreed.\n\n"
    "“We will close the harbour road for a month,” said Carla Ruiz.\n\n"
    "The minister, speaking in parliament, said that the budget will not be ready before "
    "March, according to her aides."
)
# A paragraph added at the top, a word changed inside one quote, one quote removed.
UPDATED = (
    "This story has been updated.\n\n"
    "Officials met on Monday.\n\n"
    "“The barrier might fail within a decade,” the mayor said. Engineers disagreed.\n\n"
    "Carla Ruiz did not comment.\n\n"
    "The minister, speaking in parliament, said that the budget will not be ready before "
    "March, according to her aides."
)
URL = "/api/articles/"


@pytest.fixture
def annotated(make_article, make_statement, analyst):
    article = make_article(body=BODY, title="Harbour", by=analyst)
    make_statement(article, "The barrier could fail within a decade")
    make_statement(article, "the budget will not be ready before March")
    make_statement(article, "We will close the harbour road for a month")
    return article


def by_quote(article: Article) -> dict[str, Statement]:
    return {s.quote: s for s in Statement.objects.filter(article=article)}


class TestRevise:
    def test_each_statement_is_moved_rechecked_or_orphaned(self, annotated, reviewer):
        revision = revisions.article_revise(article=annotated, body=UPDATED, by=reviewer)
        assert revision is not None and revision.number == 2
        assert revision.summary == {"moved": 1, "recheck": 1, "orphaned": 1}
        found = by_quote(annotated)
        moved = found["the budget will not be ready before March"]
        assert (moved.anchor, moved.revision) == (Anchoring.ANCHORED, revision)
        assert UPDATED[moved.start : moved.end] == moved.quote
        recheck = found["The barrier might fail within a decade"]
        assert recheck.anchor == Anchoring.RECHECK
        assert recheck.recheck_quote == "The barrier could fail within a decade"
        orphan = found["We will close the harbour road for a month"]
        assert orphan.anchor == Anchoring.ORPHANED
        assert BODY[orphan.start : orphan.end] == orphan.quote  # its old offsets
        assert orphan.revision.number == 1 and orphan.revision.body == BODY
        annotated.refresh_from_db()
        assert annotated.body == UPDATED and annotated.revision == revision

    def test_each_change_is_one_history_entry_naming_the_offsets(self, annotated, reviewer):
        revisions.article_revise(article=annotated, body=UPDATED, by=reviewer)
        moved = by_quote(annotated)["the budget will not be ready before March"]
        latest = moved.history.order_by("-history_date", "-history_id").first()
        old_start = BODY.index("the budget")
        assert latest.history_change_reason == (
            f"Moved by revision 2 from {old_start}–{old_start + 41} to {moved.start}–{moved.end}"
        )
        assert moved.history.count() == 2 and moved.version == 2
        orphan = by_quote(annotated)["We will close the harbour road for a month"]
        reason = orphan.history.order_by("-history_id").first().history_change_reason
        assert reason.startswith("Orphaned by revision 2")

    def test_the_same_text_again_changes_nothing(self, annotated, reviewer):
        assert revisions.article_revise(article=annotated, body=BODY + "\n", by=reviewer) is None
        assert not annotated.revisions.exists()

    def test_an_orphan_is_found_again_when_its_words_come_back(self, annotated, reviewer):
        revisions.article_revise(article=annotated, body=UPDATED, by=reviewer)
        third = revisions.article_revise(article=annotated, body=BODY, by=reviewer)
        assert third.number == 3 and third.summary.get("found_again") == 1
        back = by_quote(annotated)["We will close the harbour road for a month"]
        assert back.anchor == Anchoring.ANCHORED and BODY[back.start : back.end] == back.quote

    def test_a_bad_text_is_refused_and_nothing_changes(self, annotated, reviewer, make_article):
        other = make_article(body="Another article entirely.")
        with pytest.raises(ValidationError, match="empty"):
            revisions.article_revise(article=annotated, body=" \n ", by=reviewer)
        with pytest.raises(ValidationError, match=f"article {other.pk}"):
            revisions.article_revise(article=annotated, body=other.body, by=reviewer)
        annotated.refresh_from_db()
        assert annotated.body == BODY and not annotated.revisions.exists()

    def test_new_statements_record_the_current_revision(self, annotated, reviewer, make_statement):
        revision = revisions.article_revise(article=annotated, body=UPDATED, by=reviewer)
        annotated.refresh_from_db()
        added = make_statement(annotated, "This story has been updated")
        assert added.revision == revision


class TestWhoMayReplaceTheText:
    def test_reviewers_may(self, annotated, reviewer):
        assert revisions.article_revise(article=annotated, body=UPDATED, by=reviewer)

    def test_the_importing_analyst_may_while_only_they_annotated(
        self, annotated, analyst, other_analyst, make_statement
    ):
        assert revisions.article_revise(article=annotated, body=UPDATED, by=analyst)
        annotated.refresh_from_db()
        make_statement(annotated, "This story has been updated", by=other_analyst)
        with pytest.raises(PermissionDenied, match="Others have annotated"):
            revisions.article_revise(article=annotated, body=BODY, by=analyst)

    def test_another_analyst_may_not(self, annotated, other_analyst):
        with pytest.raises(PermissionDenied, match="Only a reviewer"):
            revisions.article_revise(article=annotated, body=UPDATED, by=other_analyst)

    def test_readers_may_not(self, annotated, reader):
        with pytest.raises(PermissionDenied):
            revisions.article_revise(article=annotated, body=UPDATED, by=reader)


class TestPaths:
    def test_a_patch_of_the_body_makes_a_revision(self, api, reviewer, annotated):
        response = api(reviewer).patch(f"{URL}{annotated.pk}/", {"body": UPDATED}, format="json")
        assert response.status_code == 200, response.data
        assert annotated.revisions.count() == 2
        assert annotated.revisions.get(number=2).origin == "API"

    def test_a_put_with_the_same_text_is_no_revision(self, api, reviewer, annotated):
        data = api(reviewer).get(f"{URL}{annotated.pk}/").data
        fields = {k: data[k] for k in ("title", "body", "source", "url", "published_on")}
        response = api(reviewer).put(f"{URL}{annotated.pk}/", fields, format="json")
        assert response.status_code == 200, response.data
        assert not annotated.revisions.exists()

    def test_an_analyst_gets_403_and_the_text_stays(self, api, other_analyst, annotated):
        response = api(other_analyst).patch(
            f"{URL}{annotated.pk}/", {"body": UPDATED}, format="json"
        )
        assert response.status_code == 403
        annotated.refresh_from_db()
        assert annotated.body == BODY

    def test_an_import_under_a_known_url_makes_a_revision(self, make_article, analyst, reviewer):
        from articles.importers import import_sources

        article = make_article(body=BODY, url="https://news.example/harbour")
        services.statement_create(
            article=article, start=BODY.index("the budget"), end=BODY.index(" before March"),
            speaker=services.speaker_create(name="The Minister", by=analyst), stance="policy",
            by=analyst,
        )  # fmt: skip
        data = json.dumps({"url": "https://news.example/harbour", "body": UPDATED})
        report = import_sources([("update.json", data.encode())], by=reviewer)
        assert [origin for origin, _ in report.updated] == ["update.json"], report.failed
        revision = article.revisions.get(number=2)
        assert revision.origin == "update.json" and revision.created_by == reviewer
        (statement,) = Statement.objects.filter(article=article)
        assert UPDATED[statement.start : statement.end] == statement.quote

    def test_an_import_that_may_not_replace_the_text_says_why(
        self, make_article, annotated, other_analyst
    ):
        from articles.importers import import_sources

        Article.objects.filter(pk=annotated.pk).update(url="https://news.example/h")
        data = json.dumps({"url": "https://news.example/h", "body": UPDATED})
        report = import_sources([("u.json", data.encode())], by=other_analyst)
        ((origin, reason),) = list(report.failed)
        assert origin == "u.json" and "Only a reviewer" in reason
        annotated.refresh_from_db()
        assert annotated.body == BODY


@pytest.fixture
def revised(annotated, reviewer):
    revisions.article_revise(article=annotated, body=UPDATED, by=reviewer)
    annotated.refresh_from_db()
    return annotated


class TestAfterAnUpdate:
    def test_the_queue_shows_what_to_recheck_with_the_old_and_new_words(
        self, client, reviewer, revised
    ):
        recheck = Statement.objects.get(anchor=Anchoring.RECHECK)
        services.statement_review(statement=recheck, decision="approved", by=reviewer)
        client.force_login(reviewer)
        html = client.get("/review/", {"show": "recheck"}).content.decode()
        assert "1 statement waiting" in html
        assert "<del>“The barrier could fail within a decade”</del>" in html
        assert "<ins>“The barrier might fail within a decade”</ins>" in html
        pending_only = client.get("/review/", {"show": "pending"}).content.decode()
        assert "The barrier might fail" not in pending_only

    def test_the_new_span_is_confirmed_over_the_api_and_in_history(
        self, api, analyst, reviewer, revised
    ):
        recheck = Statement.objects.get(anchor=Anchoring.RECHECK)
        url = f"/api/statements/{recheck.pk}/confirm-anchor/"
        stale = api(analyst).post(url, {"version": recheck.version - 1}, format="json")
        assert stale.status_code == 409
        response = api(analyst).post(url, {"version": recheck.version}, format="json")
        assert response.status_code == 200, response.data
        assert (response.data["anchor"], response.data["recheck_quote"]) == ("anchored", "")
        again = api(analyst).post(url, {}, format="json")
        assert again.status_code == 400 and "does not need a re-check" in str(again.data)
        latest = recheck.history.order_by("-history_id").first()
        assert latest.history_change_reason == "Span checked after the update"

    def test_the_queue_form_confirms_the_span(self, client, reviewer, revised):
        recheck = Statement.objects.get(anchor=Anchoring.RECHECK)
        client.force_login(reviewer)
        response = client.post(
            f"/statements/{recheck.pk}/confirm-anchor/",
            {"version": recheck.version, "next": "/review/"},
            follow=True,
        )
        assert "Checked: The barrier might fail" in response.content.decode()
        recheck.refresh_from_db()
        assert recheck.anchor == Anchoring.ANCHORED

    def test_an_orphan_is_reattached_by_choosing_a_span_of_the_new_text(
        self, api, analyst, revised
    ):
        orphan = Statement.objects.get(anchor=Anchoring.ORPHANED)
        start = UPDATED.index("Carla Ruiz did not comment")
        response = api(analyst).patch(
            f"/api/statements/{orphan.pk}/",
            {"start": start, "end": start + 26, "version": orphan.version},
            format="json",
        )
        assert response.status_code == 200, response.data
        orphan.refresh_from_db()
        assert (orphan.anchor, orphan.quote) == (Anchoring.ANCHORED, "Carla Ruiz did not comment")
        assert orphan.revision == revised.revision

    def test_an_orphan_is_rejected_like_any_statement(self, api, reviewer, revised):
        orphan = Statement.objects.get(anchor=Anchoring.ORPHANED)
        response = api(reviewer).post(
            f"/api/statements/{orphan.pk}/reject/", {"comment": "Gone from the text"}, format="json"
        )
        assert response.status_code == 200 and response.data["status"] == "rejected"
        orphan.refresh_from_db()
        assert orphan.anchor == Anchoring.ORPHANED and orphan.quote.startswith("We will close")

    def test_suggestions_do_not_avoid_an_orphans_old_offsets(self, revised, analyst):
        from articles.suggest.service import excluded_spans

        orphan = Statement.objects.get(anchor=Anchoring.ORPHANED)
        assert (orphan.start, orphan.end) not in excluded_spans(revised, user=analyst)

    def test_exports_carry_the_revision_hash_and_anchor(self, api, analyst, revised):
        response = api(analyst).get("/api/export/statements.jsonl")
        rows = b"".join(response.streaming_content).decode().splitlines()
        records = [json.loads(line) for line in rows[:-1]]
        by_anchor = {r["anchor"]: r for r in records}
        assert by_anchor["anchored"]["revision"] == 2
        assert by_anchor["anchored"]["revision_hash"] == revised.content_hash
        assert by_anchor["orphaned"]["revision"] == 1
        assert (
            by_anchor["orphaned"]["revision_hash"] == revised.revisions.get(number=1).content_hash
        )


class TestPages:
    def upload(self, client, article, text: str, name: str = "update.txt"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            f"/articles/{article.pk}/revise/",
            {"text": SimpleUploadedFile(name, text.encode(), content_type="text/plain")},
            follow=True,
        )

    def test_an_upload_in_the_editor_makes_a_revision_and_the_banner_says_so(
        self, client, reviewer, annotated
    ):
        client.force_login(reviewer)
        html = self.upload(client, annotated, UPDATED).content.decode()
        assert "Revision 2 stored: 1 statement moved, 1 needs re-check, 1 orphaned." in html
        assert f"by {reviewer.username}: 1 statement moved" in html
        assert f'href="/articles/{annotated.pk}/revisions/2/"' in html
        assert annotated.revisions.get(number=2).origin == "upload: update.txt"

    def test_an_upload_someone_may_not_make_changes_nothing(self, client, other_analyst, annotated):
        client.force_login(other_analyst)
        html = self.upload(client, annotated, UPDATED).content.decode()
        assert "Only a reviewer, or the analyst who imported it" in html
        assert not annotated.revisions.exists()
        assert "Upload a new version of the text" not in html  # not offered to them

    def test_a_bad_upload_says_why(self, client, reviewer, annotated):
        client.force_login(reviewer)
        html = self.upload(client, annotated, "\n\n").content.decode()
        assert "update.txt: empty" in html
        html = client.post(f"/articles/{annotated.pk}/revise/", follow=True).content.decode()
        assert "Choose a .txt file" in html

    def test_the_revision_page_marks_the_words_and_lists_each_move(self, client, analyst, revised):
        client.force_login(analyst)
        html = client.get(f"/articles/{revised.pk}/revisions/2/").content.decode()
        assert "<ins>This story has been updated.\n\n</ins>" in html
        assert "<del>could</del><ins>might</ins>" in html
        assert "<del>“We will close the harbour road for a month,” said </del>" in html
        assert html.count('class="move-') == 3
        assert "Orphaned by revision 2" in html
        assert client.get(f"/articles/{revised.pk}/revisions/1/").status_code == 404
        assert client.get(f"/articles/{revised.pk}/revisions/3/").status_code == 404
        assert client.get(f"/articles/{revised.pk}/revisions/{10**30}/").status_code == 404


def test_a_long_unchanged_stretch_is_cut_down_around_the_change():
    from articles.revision_views import word_diff

    filler = " ".join(f"word{n}" for n in range(400))
    segments = word_diff(f"{filler} old ending.", f"{filler} new ending.")
    kinds = [s.kind for s in segments]
    assert kinds[:2] == ["gap", "same"] and "removed" in kinds and "added" in kinds
    assert sum(len(s.text) for s in segments) < 400


def test_the_web_annotation_of_an_orphan_has_its_words_only(api, analyst, revised):
    response = api(analyst).get("/api/export/statements.jsonld")
    collection = json.loads(b"".join(response.streaming_content))
    items = {item["anchor"]: item for item in collection["first"]["items"]}
    assert items["orphaned"]["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": "We will close the harbour road for a month"}
    ]
    anchored = items["anchored"]
    assert anchored["revision"] == 2 and anchored["revision_hash"] == revised.content_hash
    quote, position = anchored["target"]["selector"]
    assert UPDATED[position["start"] : position["end"]] == quote["exact"]
    assert UPDATED[: position["start"]].endswith(quote["prefix"])

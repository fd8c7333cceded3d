"""An article's update in the browser: upload, banner, changes, re-check and re-attach."""

from __future__ import annotations

from playwright.sync_api import expect

from articles.models import Anchoring, Statement

from .editor_helpers import list_entry, open_editor, select_quote

BODY = (
    "Officials met on Monday.\n\n"
    "“The barrier could fail within a decade,” the mayor said. Engineers disagreed.\n\n"
    "“We will close the harbour road for a month,” said Carla Ruiz."
)
UPDATED = (
    "This story has been updated.\n\n"
    "Officials met on Monday.\n\n"
    "“The barrier might fail within a decade,” the mayor said. Engineers disagreed.\n\n"
    "Carla Ruiz said the harbour road stays open."
)


def test_an_update_is_uploaded_checked_and_its_orphan_reattached(
    page, live_server, reviewer, make_article, make_statement, tmp_path
):
    article = make_article(body=BODY, title="Harbour")
    make_statement(article, "The barrier could fail within a decade")
    orphan = make_statement(article, "We will close the harbour road for a month")
    update = tmp_path / "harbour-update.txt"
    update.write_text(UPDATED, encoding="utf-8")

    open_editor(page, live_server, reviewer, article)
    page.get_by_text("Upload a new version of the text").click()
    page.set_input_files("#revise-file", str(update))
    page.get_by_role("button", name="Update the text").click()
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    banner = page.locator("#update-banner")
    expect(banner).to_contain_text("1 needs re-check, 1 orphaned")

    page.get_by_role("link", name="Show the changes").click()
    expect(page.locator(".revision-diff ins").first).to_have_text(
        "This story has been updated.\n\n"
    )
    expect(page.locator(".revision-diff del").first).to_have_text("could")
    expect(page.locator(".revision-moves li")).to_have_count(2)
    page.get_by_role("link", name="Back to the article").click()
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")

    # The moved statement says what it was, and is confirmed where it is.
    list_entry(page, "The barrier might fail within a decade").click()
    notice = page.locator("#recheck-notice")
    expect(notice).to_contain_text("“The barrier could fail within a decade”")
    page.get_by_role("button", name="Confirm the span is right").click()
    expect(notice).to_be_hidden()
    expect(list_entry(page, "The barrier might fail")).not_to_contain_text("Re-check")

    # The orphan is listed apart, then re-attached to words of the new text.
    orphans = page.locator("#orphan-list")
    expect(orphans).to_contain_text("We will close the harbour road for a month")
    page.keyboard.press("Escape")
    select_quote(page, UPDATED, "the harbour road stays open")
    orphans.get_by_role("button", name="Re-attach to the selection").click()
    expect(page.locator("#orphans-panel")).to_be_hidden()
    expect(list_entry(page, "the harbour road stays open")).to_be_visible()
    orphan.refresh_from_db()
    assert (orphan.anchor, orphan.quote) == (Anchoring.ANCHORED, "the harbour road stays open")
    assert not Statement.objects.exclude(anchor=Anchoring.ANCHORED).exists()
    assert page.js_errors == []


def test_an_orphan_is_rejected_with_a_reason(
    page, live_server, reviewer, make_article, make_statement
):
    from articles import revisions

    article = make_article(body=BODY, title="Harbour")
    orphan = make_statement(article, "We will close the harbour road for a month")
    revisions.article_revise(article=article, body=UPDATED, by=reviewer)
    open_editor(page, live_server, reviewer, article)
    page.locator("#orphan-list").get_by_role("button", name="Reject").click()
    page.get_by_label("Reason", exact=True).fill("The update took it out.")
    page.get_by_role("dialog").get_by_role("button", name="Reject").click()
    expect(page.locator("#orphan-list")).to_contain_text("rejected")
    orphan.refresh_from_db()
    assert (orphan.status, orphan.review_comment) == ("rejected", "The update took it out.")
    assert page.js_errors == []

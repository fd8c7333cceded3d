"""Reviewers in the editor; what any user may see; text from the data stays inert."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from articles import services
from articles.models import Speaker, Statement

from .editor_helpers import (
    article_text,
    editor_url,
    hover_text,
    list_entry,
    open_editor,
    status,
)

QUOTE = "the sea wall could fail"


def test_a_reviewer_approves_a_statement_from_the_editor(
    page, live_server, reviewer, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, reviewer, article)
    list_entry(page, QUOTE).click()
    page.get_by_role("button", name="Approve").click()
    expect(status(page)).to_have_text("Approved.")
    expect(page.locator("#form-state")).to_contain_text("Approved")
    expect(page.locator("[data-count=approved]")).to_have_text("1")
    expect(page.locator("[data-count=pending]")).to_have_text("0")
    statement.refresh_from_db()
    assert (statement.status, statement.reviewed_by) == ("approved", reviewer)
    assert page.js_errors == []


def test_a_reviewer_rejects_with_a_reason(page, live_server, reviewer, article, make_statement):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, reviewer, article)
    list_entry(page, QUOTE).click()
    page.get_by_role("button", name="Reject…").click()
    dialog = page.get_by_role("dialog", name="Reject statement")
    dialog.get_by_role("button", name="Reject", exact=True).click()
    expect(dialog.locator("#reason-error")).to_have_text("Say why the statement is rejected.")
    dialog.get_by_label("Reason").fill("The mayor said this, not the engineer.")
    dialog.get_by_role("button", name="Reject", exact=True).click()
    expect(status(page)).to_have_text("Rejected.")
    expect(list_entry(page, QUOTE)).to_contain_text("Rejected")
    statement.refresh_from_db()
    assert statement.status == "rejected"
    assert statement.review_comment == "The mayor said this, not the engineer."


def test_the_analyst_sees_who_rejected_their_statement_and_why_until_they_fix_it(
    page, live_server, reviewer, analyst, article, make_statement
):
    statement = make_statement(article, QUOTE)
    services.statement_review(
        statement=statement,
        decision="rejected",
        by=reviewer,
        comment="The mayor said this, not the engineer.",
    )
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    expect(page.locator("#form-state")).to_have_text(f"Rejected by {reviewer.username}")
    notice = page.get_by_role("note")
    expect(notice).to_contain_text(f"Rejected by {reviewer.username} · ")
    expect(notice.locator("blockquote")).to_have_text("The mayor said this, not the engineer.")
    expect(notice).to_contain_text("Change it and save to send it back for review.")

    page.get_by_label("Note").fill("Checked: the engineer said it.")
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("Saved")
    expect(page.locator("#form-state")).to_have_text(f"Pending · added by {analyst.username}")
    expect(notice).to_be_hidden()
    statement.refresh_from_db()
    assert (statement.status, statement.review_comment) == ("pending", "")
    rejected = statement.history.filter(status="rejected").get()
    assert rejected.review_comment == "The mayor said this, not the engineer."
    assert page.js_errors == []


def test_an_analyst_reads_the_history_of_a_statement_but_cannot_restore(
    page, live_server, reviewer, analyst, article, make_statement
):
    statement = make_statement(article, QUOTE, note="First note")
    services.statement_update(statement=statement, by=analyst, note="Second note")
    services.statement_review(
        statement=statement, decision="rejected", by=reviewer, comment="Wrong speaker."
    )
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    expect(page.get_by_role("button", name="Approve")).to_be_hidden()
    page.get_by_role("button", name="History").click()
    entries = page.locator("#history-list > li")
    expect(entries).to_have_count(3)
    expect(entries.nth(0)).to_contain_text(f"Version 3 changed by {reviewer.username}")
    expect(entries.nth(1)).to_contain_text("First note → Second note")
    expect(page.locator("#history-panel").get_by_role("button")).to_have_count(0)
    assert page.js_errors == []


def test_a_reviewer_restores_an_earlier_version_from_the_history(
    page, live_server, reviewer, analyst, article, make_statement
):
    statement = make_statement(article, QUOTE, note="First note")
    services.statement_update(statement=statement, by=analyst, note="Second note")
    open_editor(page, live_server, reviewer, article)
    list_entry(page, QUOTE).click()
    page.get_by_role("button", name="History").click()
    history = page.locator("#history-panel")
    expect(history.locator(".history-entry")).to_have_count(2)
    expect(history.locator(".history-entry").first).to_contain_text("First note → Second note")
    history.get_by_role("button", name="Restore version 1").click()
    page.get_by_role("dialog").get_by_role("button", name="Restore").click()
    expect(status(page)).to_have_text("Restored version 1.")
    expect(page.get_by_label("Note")).to_have_value("First note")
    expect(history.locator(".history-entry")).to_have_count(3)
    statement.refresh_from_db()
    assert (statement.note, statement.version) == ("First note", 3)


def test_analysts_get_no_review_buttons_but_the_history(
    page, live_server, analyst, article, make_statement
):
    make_statement(article, QUOTE)
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    expect(page.get_by_role("button", name="Approve")).to_be_hidden()
    expect(page.get_by_role("button", name="Reject…")).to_be_hidden()
    expect(page.get_by_role("button", name="History")).to_be_visible()


def test_the_editor_sends_anonymous_users_to_log_in_and_back(page, login, analyst, article):
    page.goto(editor_url(article))
    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/articles/{article.pk}/$"))
    login(analyst, next_path=editor_url(article))
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(article_text(page)).to_contain_text("the sea wall could fail")


EVIL = (
    "Officials said <script>window.pwned = 1</script> nothing.\n\n"
    'A caption read <img src=x onerror="window.pwned = 2"> and <b>bold</b> & more.'
)


def test_article_text_speaker_names_and_notes_are_shown_as_text(
    page, live_server, analyst, make_article
):
    article = make_article(title="<i>Title</i>", body=EVIL)
    evil = Speaker.objects.create(name='<img src=x onerror="window.pwned = 3">')
    services.statement_create(
        article=article,
        start=EVIL.index("<img"),
        end=EVIL.index("more."),
        speaker=evil,
        stance="warning",
        note="<b>bold note</b>",
        by=analyst,
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    open_editor(page, live_server, analyst, article)
    text = article_text(page)
    expect(text).to_contain_text("<script>window.pwned = 1</script>")
    expect(text).to_contain_text('<img src=x onerror="window.pwned = 2">')
    expect(page.get_by_role("heading", name="<i>Title</i>")).to_be_visible()
    entry = list_entry(page, 'onerror="window.pwned = 2"')
    expect(entry).to_contain_text('<img src=x onerror="window.pwned = 3">')
    entry.click()
    expect(page.get_by_label("Note")).to_have_value("<b>bold note</b>")
    expect(page.locator("#form-quote")).to_contain_text("<img src=x")
    hover_text(page, EVIL.index("and <b>") + 1)
    expect(page.get_by_role("tooltip")).to_contain_text("<img src=x")
    assert page.locator("#editor img, #editor b, #editor script, #editor i").count() == 0
    assert page.evaluate("() => window.pwned") is None
    assert dialogs == []
    assert [m for m in console if "Content Security Policy" in m] == []
    assert page.js_errors == []
    assert Statement.objects.count() == 1


def test_a_delete_is_undone_with_its_id_and_history(
    page, live_server, analyst, article, make_statement
):
    statement = make_statement(article, QUOTE, note="Keep me")
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete statement").click()
    bar = page.locator("#undo-bar")
    expect(bar).to_contain_text("Deleted the statement")
    expect(page.locator("#statement-list > li")).to_have_count(0)
    assert not Statement.objects.filter(pk=statement.pk).exists()

    bar.get_by_role("button", name="Undo").click()
    expect(bar).to_contain_text("Undone: deleted the statement.")
    expect(page.locator("#statement-list > li")).to_have_count(1)
    back = Statement.objects.get(pk=statement.pk)
    assert (back.note, back.version) == ("Keep me", 2)
    newest = back.history.latest("history_date", "history_id")
    assert newest.history_change_reason == "Deletion undone"
    assert page.js_errors == []


def test_an_approval_is_undone_with_ctrl_z(page, live_server, reviewer, article, make_statement):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, reviewer, article)
    list_entry(page, QUOTE).click()
    page.get_by_role("button", name="Approve").click()
    expect(status(page)).to_have_text("Approved.")
    expect(page.locator("#undo-bar")).to_contain_text("Approved the statement")
    page.locator("#article-text").click(position={"x": 2, "y": 2})  # out of any field
    page.keyboard.press("Control+z")
    expect(page.locator("#undo-bar")).to_contain_text("Undone: approved the statement.")
    expect(page.locator("[data-count=pending]")).to_have_text("1")
    statement.refresh_from_db()
    assert (statement.status, statement.reviewed_by, statement.version) == ("pending", None, 3)
    assert page.js_errors == []


def test_an_analyst_and_a_reviewer_discuss_a_statement(
    page, live_server, analyst, reviewer, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, reviewer, article)
    list_entry(page, QUOTE).click()
    discussion = page.locator("#comments-panel")
    expect(discussion).to_contain_text("No comments yet.")
    discussion.get_by_label("Add a comment").fill("Is this the mayor or the engineer?")
    discussion.get_by_role("button", name="Comment").click()
    expect(discussion.locator(".comment")).to_have_count(1)
    expect(list_entry(page, QUOTE)).to_contain_text("💬 1")

    page.goto("/review/")
    item = page.locator(".queue-item").first
    item.get_by_text("Discussion (1)").click()
    expect(item).to_contain_text("Is this the mayor or the engineer?")

    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    expect(discussion.locator(".comment")).to_contain_text(reviewer.username)
    discussion.get_by_role("button", name="Comment").click()
    expect(discussion.locator("#comment-error")).to_have_text("Write something to say.")
    discussion.get_by_label("Add a comment").fill("The mayor: see the second paragraph.")
    discussion.get_by_role("button", name="Comment").click()
    expect(discussion.locator(".comment")).to_have_count(2)
    statement.refresh_from_db()
    assert (statement.comment_count, statement.version) == (2, 1)
    assert page.js_errors == []

"""Never lose work: server messages in place, conflicts, network failures and reloads."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from articles import services
from articles.models import Speaker, Statement

from .editor_helpers import (
    form_quote,
    list_entry,
    open_editor,
    pick_speaker,
    save,
    select_quote,
    status,
)

QUOTE = "the sea wall could fail"


def start_statement(page, article, *, note: str = "Checked with the port") -> None:
    select_quote(page, article.body, QUOTE)
    pick_speaker(page, "Ada", "Ada Mayor")
    page.get_by_label("Stance", exact=True).select_option("warning")
    page.get_by_label("Note").fill(note)


def expect_form_kept(page, note: str = "Checked with the port") -> None:
    expect(form_quote(page)).to_have_text(QUOTE)
    expect(page.get_by_label("Stance", exact=True)).to_have_value("warning")
    expect(page.get_by_label("Note")).to_have_value(note)


def test_a_refused_save_keeps_the_form_and_shows_the_message_by_the_field(
    page, live_server, analyst, speaker, other_speaker, article
):
    open_editor(page, live_server, analyst, article)
    start_statement(page, article)
    Speaker.objects.filter(pk=speaker.pk).delete()  # gone behind the page's back
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#error-speaker")).to_have_text(
        "Ada Mayor was merged or deleted; pick another."
    )
    expect(page.get_by_label("Speaker", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ada Mayor")
    expect_form_kept(page)
    assert Statement.objects.count() == 0

    pick_speaker(page, "Ben", "Ben Engineer")
    expect(page.locator("#error-speaker")).to_be_hidden()
    save(page)
    assert Statement.objects.get().speaker == other_speaker
    assert page.js_errors == []


def test_a_message_for_another_field_is_shown_by_that_field(
    page, live_server, analyst, speaker, article
):
    open_editor(page, live_server, analyst, article)
    start_statement(page, article)

    def refuse(route):
        route.fulfill(
            status=400,
            content_type="application/json",
            body=json.dumps({"note": ["Notes are limited to 2,000 characters."]}),
        )

    page.route("**/api/statements/", refuse)
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#error-note")).to_have_text("Notes are limited to 2,000 characters.")
    expect(status(page)).to_contain_text("Not saved")
    expect_form_kept(page)
    page.unroute("**/api/statements/")
    save(page)
    assert Statement.objects.get().note == "Checked with the port"


def change_behind_the_page(statement, by, **changes):
    return services.statement_update(statement=statement, by=by, **changes)


def test_a_conflict_shows_both_versions_and_keeping_mine_saves_it(
    page, live_server, analyst, reviewer, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    page.get_by_label("Stance", exact=True).select_option("policy")
    page.get_by_label("Note").fill("Mine")
    change_behind_the_page(statement, reviewer, note="Theirs", stance="reassurance")

    page.get_by_role("button", name="Save statement").click()
    dialog = page.get_by_role("dialog", name="Someone else changed this statement")
    expect(dialog).to_be_visible()
    stance_row = dialog.get_by_role("row", name="Stance")
    expect(stance_row).to_contain_text("Policy")
    expect(stance_row).to_contain_text("Reassurance")
    expect(dialog.get_by_role("row", name="Note")).to_contain_text("Theirs")
    theirs_head = dialog.get_by_role("columnheader", name=f"Version 2 by {reviewer.username}")
    expect(theirs_head).to_be_visible()
    statement.refresh_from_db()
    assert (statement.note, statement.version) == ("Theirs", 2)  # nothing of mine stored

    dialog.get_by_role("button", name="Keep mine").click()
    expect(status(page)).to_have_text("Saved.")
    statement.refresh_from_db()
    assert (statement.stance, statement.note, statement.version) == ("policy", "Mine", 3)
    assert page.js_errors == []


def test_a_conflict_resolved_by_taking_theirs_loads_the_current_version(
    page, live_server, analyst, reviewer, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    page.get_by_label("Note").fill("Mine")
    change_behind_the_page(statement, reviewer, note="Theirs")
    page.keyboard.press("Control+Enter")
    page.get_by_role("dialog").get_by_role("button", name="Take theirs").click()
    expect(page.get_by_label("Note")).to_have_value("Theirs")
    expect(status(page)).to_contain_text("Loaded version 2; your changes to the note were dropped")
    statement.refresh_from_db()
    assert (statement.note, statement.version) == ("Theirs", 2)


def test_a_conflict_on_other_fields_merges_them_without_asking(
    page, live_server, analyst, reviewer, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    page.get_by_label("Note").fill("Mine")
    change_behind_the_page(statement, reviewer, stance="reassurance")
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_have_text(
        f"Merged with version 2 by {reviewer.username}: kept their stance."
    )
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_label("Stance", exact=True)).to_have_value("reassurance")
    statement.refresh_from_db()
    # Their stance is not reverted by the fields this tab did not touch.
    assert (statement.stance, statement.note, statement.version) == ("reassurance", "Mine", 3)
    assert page.js_errors == []


def test_a_conflict_asks_only_about_the_fields_both_changed(
    page, live_server, analyst, reviewer, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    page.get_by_label("Stance", exact=True).select_option("policy")
    page.get_by_label("Note").fill("Mine")
    change_behind_the_page(
        statement, reviewer, note="Theirs", stance="warning", end=statement.end - 5
    )
    page.get_by_role("button", name="Save statement").click()
    dialog = page.get_by_role("dialog", name="Someone else changed this statement")
    expect(dialog).to_contain_text("you both changed the note")
    expect(dialog.get_by_role("row", name="Note")).to_contain_text("Theirs")
    expect(dialog.get_by_role("row", name="Stance")).to_have_count(0)
    expect(dialog.get_by_role("row", name="Quote")).to_have_count(0)
    dialog.get_by_role("button", name="Take theirs").click()
    expect(status(page)).to_have_text("Saved.")
    statement.refresh_from_db()
    # Theirs for the note they both changed; mine for the stance; theirs for the quote.
    assert (statement.note, statement.stance, statement.version) == ("Theirs", "policy", 3)
    assert statement.quote == QUOTE[:-5]
    assert page.js_errors == []


def test_an_offline_save_is_retried_and_stored_once(page, live_server, analyst, speaker, article):
    open_editor(page, live_server, analyst, article)
    start_statement(page, article)
    page.context.set_offline(True)
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("Could not reach the server")
    expect(page.get_by_role("button", name="Retry now")).to_be_visible()
    expect_form_kept(page)
    assert Statement.objects.count() == 0

    page.context.set_offline(False)
    expect(status(page)).to_contain_text("Saved")
    expect(page.get_by_role("button", name="Retry now")).to_be_hidden()
    assert Statement.objects.count() == 1
    expect(page.locator("#statement-list > li")).to_have_count(1)


def test_a_save_whose_answer_was_lost_is_not_stored_twice(
    page, live_server, analyst, speaker, article
):
    open_editor(page, live_server, analyst, article)
    start_statement(page, article)

    def lose_the_answer(route):
        route.fetch()  # the server stores the statement...
        route.abort("connectionreset")  # ...but the browser never hears back

    page.route("**/api/statements/", lose_the_answer, times=1)
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("Could not reach the server")
    assert Statement.objects.count() == 1
    page.get_by_role("button", name="Retry now").click()
    expect(status(page)).to_contain_text("Saved")
    assert Statement.objects.count() == 1
    expect(page.locator("#statement-list > li")).to_have_count(1)


def test_an_unsaved_statement_survives_a_reload(page, live_server, analyst, speaker, article):
    open_editor(page, live_server, analyst, article)
    start_statement(page, article)
    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(status(page)).to_have_text("Restored your unsaved statement.")
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ada Mayor")
    expect_form_kept(page)
    save(page)
    statement = Statement.objects.get()
    start = article.body.index(QUOTE)
    assert (statement.start, statement.end, statement.note) == (
        start,
        start + len(QUOTE),
        "Checked with the port",
    )
    # Saved drafts are gone: the next visit starts empty.
    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(form_quote(page)).to_be_hidden()
    expect(page.get_by_label("Note")).to_have_value("")


def test_unsaved_changes_to_a_statement_survive_a_reload(
    page, live_server, analyst, article, make_statement
):
    statement = make_statement(article, QUOTE)
    open_editor(page, live_server, analyst, article)
    list_entry(page, QUOTE).click()
    page.get_by_label("Note").fill("Half-typed thought")
    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(page.get_by_role("heading", name="Edit statement")).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value("Half-typed thought")
    save(page)
    statement.refresh_from_db()
    assert (statement.note, statement.version) == ("Half-typed thought", 2)


def test_every_attempt_of_one_save_sends_the_same_idempotency_key(
    page, live_server, analyst, speaker, article
):
    open_editor(page, live_server, analyst, article)
    start_statement(page, article)
    keys = []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()  # stored, but the browser never hears back
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/statements/", lose_the_first_answer)
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("Could not reach the server")
    page.get_by_role("button", name="Retry now").click()
    expect(status(page)).to_contain_text("Saved")
    posts = [key for key in keys if key]
    assert len(posts) >= 2 and len(set(posts)) == 1
    assert Statement.objects.count() == 1

    start_statement(page, article, note="A second one")
    page.get_by_label("Stance", exact=True).select_option("policy")  # not a duplicate
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("Saved")
    assert keys[-1] and keys[-1] != posts[0]


def test_saving_the_same_statement_twice_asks_first(
    page, live_server, analyst, article, make_statement
):
    make_statement(article, QUOTE)  # Ada Mayor, warning, by this analyst
    open_editor(page, live_server, analyst, article)
    start_statement(page, article, note="")
    page.get_by_role("button", name="Save statement").click()
    dialog = page.get_by_role("dialog", name="You already have this statement")
    expect(dialog).to_contain_text("with Ada Mayor and warning before")
    dialog.get_by_role("button", name="Don't save").click()
    expect(status(page)).to_have_text("Not saved: you already have this statement.")
    assert Statement.objects.count() == 1

    page.get_by_role("button", name="Save statement").click()
    dialog.get_by_role("button", name="Save a second one").click()
    expect(status(page)).to_contain_text("Saved")
    assert Statement.objects.count() == 2
    assert page.js_errors == []


def test_a_save_after_the_session_ended_says_so_and_comes_back_after_logging_in(
    page, live_server, analyst, speaker, article
):
    from tests.conftest import PASSWORD

    open_editor(page, live_server, analyst, article)
    start_statement(page, article)
    page.context.clear_cookies()  # the session ended meanwhile
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("You were logged out; nothing you typed is lost.")
    assert Statement.objects.count() == 0
    status(page).get_by_role("link", name="Log in again").click()
    page.get_by_label("Username").fill(analyst.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(status(page)).to_have_text("Restored your unsaved statement.")
    expect_form_kept(page)
    save(page)
    assert Statement.objects.count() == 1


def test_a_speaker_deleted_meanwhile_is_named(page, live_server, analyst, article, other_speaker):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, QUOTE)
    pick_speaker(page, "Ben", "Ben Engineer")
    page.get_by_label("Stance", exact=True).select_option("warning")
    other_speaker.delete()
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#error-speaker")).to_have_text(
        "Ben Engineer was merged or deleted; pick another."
    )
    assert Statement.objects.count() == 0

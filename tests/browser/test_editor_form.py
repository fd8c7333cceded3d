"""The statement form: speakers, stance keys, topics, editing, deleting and the keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from articles import services
from articles.models import Speaker, Statement, Topic

from .editor_helpers import (
    annotate,
    char_centre,
    click_text,
    form_quote,
    list_entry,
    open_editor,
    pick_speaker,
    save,
    select_quote,
    status,
)


def test_the_speaker_field_finds_speakers_by_alias(page, live_server, analyst, speaker, article):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, "We will build a new barrier by 2030")
    page.get_by_label("Speaker", exact=True).fill("the may")
    option = page.get_by_role("option", name=re.compile("Ada Mayor"))
    expect(option).to_contain_text("“the mayor”")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ada Mayor")
    page.get_by_label("Stance", exact=True).select_option("policy")
    save(page)
    statement = Statement.objects.get()
    assert statement.speaker == speaker
    assert statement.created_by == analyst
    assert page.js_errors == []


def test_no_new_speaker_is_offered_for_a_name_or_alias_in_use(
    page, live_server, analyst, speaker, article
):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, "We will build a new barrier by 2030")
    field = page.get_by_label("Speaker", exact=True)
    field.fill("The Mayor")
    expect(page.get_by_role("option", name=re.compile("Ada Mayor"))).to_be_visible()
    expect(page.get_by_role("option", name=re.compile("Create"))).to_have_count(0)
    field.fill("the may")
    expect(page.get_by_role("option", name="Create person “the may”")).to_be_visible()


def test_the_speaker_list_stays_open_when_the_field_is_left_and_taken_back_at_once(
    page, live_server, analyst, speaker, article
):
    open_editor(page, live_server, analyst, article)
    speaker_input = page.get_by_label("Speaker", exact=True)
    speaker_input.fill("Ada")
    option = page.get_by_role("option", name=re.compile("Ada Mayor"))
    expect(option).to_be_visible()
    # Save takes the focus, and the next name is typed straight away: within the
    # moment the list waits after a blur before it closes.
    page.evaluate(
        """() => {
            document.getElementById("save-button").focus();
            const input = document.getElementById("speaker-input");
            input.focus();
            input.value = "Ada";
            input.dispatchEvent(new Event("input", { bubbles: true }));
        }"""
    )
    expect(option).to_be_visible()
    page.wait_for_timeout(300)  # past that moment: the earlier blur must not close it
    expect(option).to_be_visible()
    option.click()
    expect(speaker_input).to_have_value("Ada Mayor")
    assert page.js_errors == []


def test_a_new_speaker_is_created_inline_as_an_organisation(page, live_server, analyst, article):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, "Harbour officials warned on Tuesday")
    page.get_by_label("Speaker", exact=True).fill("Harbour Authority")
    expect(page.get_by_role("listbox")).to_contain_text("No match for “Harbour Authority”.")
    page.get_by_role("option", name="Create organisation “Harbour Authority”").click()
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Harbour Authority")
    page.get_by_label("Speaker", exact=True).blur()
    page.keyboard.press("1")
    expect(page.get_by_label("Stance", exact=True)).to_have_value("warning")
    save(page)
    created = Speaker.objects.get(name="Harbour Authority")
    assert created.kind == "organisation"
    assert Statement.objects.get().speaker == created


def test_a_name_someone_registered_meanwhile_says_so(page, live_server, analyst, article):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, "Harbour officials warned on Tuesday")
    page.get_by_label("Speaker", exact=True).fill("Harbour Authority")
    offer = page.get_by_role("option", name="Create organisation “Harbour Authority”")
    expect(offer).to_be_visible()
    taken = Speaker.objects.create(name="harbour authority", kind="organisation")
    offer.click()
    expect(page.locator("#error-speaker")).to_contain_text(
        f"A speaker named 'harbour authority' already exists (id {taken.pk})."
    )
    assert Speaker.objects.count() == 1
    assert page.js_errors == []


def test_stance_keys_pick_a_stance_but_not_while_typing(page, live_server, analyst, article):
    open_editor(page, live_server, analyst, article)
    stance = page.get_by_label("Stance", exact=True)
    for key, value in [("2", "reassurance"), ("3", "policy"), ("1", "warning")]:
        page.keyboard.press(key)
        expect(stance).to_have_value(value)
    note = page.get_by_label("Note")
    note.click()
    page.keyboard.type("2 j k ?")
    expect(note).to_have_value("2 j k ?")
    expect(stance).to_have_value("warning")
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_topics_are_picked_and_created_inline(page, live_server, analyst, speaker, topic, article):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, "the sea wall could fail")
    pick_speaker(page, "Ada", "Ada Mayor")
    topics = page.get_by_label("Topics")
    topics.fill("flood")
    page.get_by_role("option", name="Flooding").click()
    topics.fill("Sea defences")
    page.get_by_role("option", name="Create topic “Sea defences”").click()
    expect(page.locator("#topic-chips")).to_contain_text("Flooding")
    expect(page.locator("#topic-chips")).to_contain_text("Sea defences")
    page.get_by_role("button", name="Remove Flooding").click()
    page.get_by_label("Stance", exact=True).select_option("warning")
    page.get_by_label("Note").fill("Check the <b>date</b>")
    save(page)
    statement = Statement.objects.get()
    assert list(statement.topics.values_list("name", flat=True)) == ["Sea defences"]
    assert Topic.objects.filter(slug="sea-defences").exists()
    assert statement.note == "Check the <b>date</b>"
    list_entry(page, "the sea wall could fail").click()
    expect(page.get_by_label("Note")).to_have_value("Check the <b>date</b>")
    expect(page.locator("#statement-list b")).to_have_count(0)


def test_a_statement_is_edited_from_its_highlight(
    page, live_server, analyst, speaker, other_speaker, article, make_statement
):
    statement = make_statement(article, "The wall is old but safe")
    open_editor(page, live_server, analyst, article)
    click_text(page, article.body.index("old but safe"))
    expect(page.get_by_role("heading", name="Edit statement")).to_be_visible()
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ada Mayor")
    pick_speaker(page, "Ben", "Ben Engineer")
    page.get_by_label("Speaker", exact=True).blur()
    page.keyboard.press("2")
    page.keyboard.press("Control+Enter")
    expect(status(page)).to_have_text("Saved.")
    statement.refresh_from_db()
    assert (statement.speaker, statement.stance, statement.version) == (
        other_speaker,
        "reassurance",
        2,
    )
    expect(list_entry(page, "The wall is old but safe")).to_contain_text("Ben Engineer")
    assert page.js_errors == []


def test_boundaries_change_by_reselecting_and_by_dragging_a_handle(
    page, live_server, analyst, article, make_statement
):
    body = article.body
    statement = make_statement(article, "The wall is old")
    open_editor(page, live_server, analyst, article)
    list_entry(page, "The wall is old").click()
    select_quote(page, body, "The wall is old but safe")
    page.get_by_role("button", name="Use selection").click()
    expect(form_quote(page)).to_have_text("The wall is old but safe")
    save(page)
    statement.refresh_from_db()
    assert statement.quote == "The wall is old but safe"

    # Drag the end handle onto "engineer": the end snaps to the end of that word.
    handle = page.locator(".handle-end")
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    x, y = char_centre(page, body.index("engineer") + 3)
    page.mouse.move(x, y, steps=4)
    page.mouse.up()
    expect(form_quote(page)).to_have_text("The wall is old but safe, the city engineer")
    save(page)
    statement.refresh_from_db()
    start = body.index("The wall is old")
    assert (statement.start, statement.end) == (start, body.index("engineer") + len("engineer"))
    assert statement.version == 3
    assert page.js_errors == []


def test_deleting_asks_first_and_can_be_cancelled(
    page, live_server, analyst, article, make_statement
):
    make_statement(article, "The wall is old")
    open_editor(page, live_server, analyst, article)
    list_entry(page, "The wall is old").click()
    page.get_by_role("button", name="Delete…").click()
    dialog = page.get_by_role("dialog", name="Delete this statement?")
    expect(dialog).to_contain_text("The wall is old")
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    assert Statement.objects.count() == 1

    # The Delete key asks too.
    list_entry(page, "The wall is old").focus()
    page.keyboard.press("Delete")
    dialog.get_by_role("button", name="Delete statement").click()
    expect(status(page)).to_have_text("Deleted.")
    expect(page.locator("#statement-list > li")).to_have_count(0)
    expect(page.locator("[data-count=total]")).to_have_text("0")
    assert Statement.objects.count() == 0


def test_j_and_k_move_between_statements_in_text_order(
    page, live_server, analyst, article, make_statement
):
    for quote in ["We will build", "Harbour officials warned", "The wall is old"]:
        make_statement(article, quote)
    open_editor(page, live_server, analyst, article)
    current = page.locator("#statement-list [aria-current=true]")
    page.keyboard.press("j")
    expect(current).to_contain_text("Harbour officials warned")
    page.keyboard.press("j")
    expect(current).to_contain_text("The wall is old")
    page.keyboard.press("j")
    expect(current).to_contain_text("We will build")
    page.keyboard.press("k")
    expect(current).to_contain_text("The wall is old")
    expect(form_quote(page)).to_have_text("The wall is old")
    page.keyboard.press("Escape")
    expect(current).to_have_count(0)
    expect(page.get_by_role("heading", name="New statement")).to_be_visible()


def test_question_mark_opens_the_list_of_shortcuts(page, live_server, analyst, article):
    open_editor(page, live_server, analyst, article)
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    for text in ["Next / previous statement", "Save the statement", "Delete the open statement"]:
        expect(help_dialog).to_contain_text(text)
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()


def test_escape_clears_the_selection_but_keeps_what_was_typed(
    page, live_server, analyst, speaker, article
):
    open_editor(page, live_server, analyst, article)
    select_quote(page, article.body, "the sea wall could fail")
    pick_speaker(page, "Ada", "Ada Mayor")
    page.get_by_label("Speaker", exact=True).press("Escape")  # leaves the field
    page.keyboard.press("Escape")
    expect(form_quote(page)).to_be_hidden()
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ada Mayor")
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#error-quote")).to_have_text("Select the quote in the article first.")
    assert Statement.objects.count() == 0

    # Clear empties the form; with input typed it asks first.
    page.get_by_role("button", name="Clear").click()
    page.get_by_role("dialog").get_by_role("button", name="Discard").click()
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("")


def test_an_analyst_may_read_but_not_change_another_analysts_statement(
    page, live_server, analyst, other_analyst, article, make_statement
):
    make_statement(article, "The wall is old", by=other_analyst)
    open_editor(page, live_server, analyst, article)
    list_entry(page, "The wall is old").click()
    expect(page.locator("#readonly-note")).to_contain_text("you can only change statements you")
    expect(page.get_by_label("Speaker", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Save statement")).to_be_hidden()
    expect(page.locator(".handle-end")).to_be_hidden()
    page.keyboard.press("Delete")
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_annotating_several_statements_in_a_row(page, live_server, analyst, speaker, article):
    open_editor(page, live_server, analyst, article)
    annotate(page, article.body, "the sea wall could fail")
    annotate(page, article.body, "We will build a new barrier by 2030", key="3")
    assert list(Statement.objects.values_list("quote", "stance")) == [
        ("the sea wall could fail", "warning"),
        ("We will build a new barrier by 2030", "policy"),
    ]
    expect(page.locator("[data-count=pending]")).to_have_text("2")


def test_the_statement_list_filters_by_speaker_stance_status_and_annotator(
    page, live_server, analyst, other_analyst, reviewer, article, make_statement, other_speaker
):
    first = make_statement(article, "We will build")
    second = make_statement(article, "Harbour officials warned", stance="policy")
    third = make_statement(article, "The wall is old", speaker=other_speaker, by=other_analyst)
    services.statement_review(statement=second, decision="approved", by=reviewer)
    open_editor(page, live_server, reviewer, article)
    filters = page.get_by_role("form", name="Show only")
    entries = page.locator("#statement-list li:visible")
    expect(entries).to_have_count(3)
    expect(filters).to_be_hidden()
    toggle = page.get_by_role("button", name="Filter")
    toggle.click()
    expect(filters).to_be_visible()

    filters.get_by_label("Speaker").select_option(label=other_speaker.name)
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(third.quote)
    expect(page.locator("#list-count")).to_have_text("(1 of 3)")
    expect(toggle).to_have_text("Filter (1)")

    filters.get_by_role("button", name="Show all").click()
    filters.get_by_label("Stance").select_option("policy")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(second.quote)
    filters.get_by_label("Status").select_option("pending")
    expect(entries).to_have_count(0)
    expect(page.locator("#list-hidden")).to_be_visible()

    filters.get_by_role("button", name="Show all").click()
    filters.get_by_label("Annotator").select_option(analyst.username)
    expect(entries).to_have_count(2)
    expect(entries.filter(has_text=first.quote)).to_have_count(1)
    expect(entries.filter(has_text=third.quote)).to_have_count(0)
    expect(page.locator("#list-count")).to_have_text("(2 of 3)")
    assert page.js_errors == []


def test_a_name_close_to_a_speaker_shows_it_first_and_warns_before_creating(
    page, live_server, analyst, article, speaker
):
    open_editor(page, live_server, analyst, article)
    field = page.get_by_label("Speaker", exact=True)
    field.fill("Ada Mayer")
    close = page.get_by_role("option", name=re.compile("Ada Mayor"))
    expect(close).to_contain_text("similar name")
    page.get_by_role("option", name=re.compile("Create person “Ada Mayer”")).click()
    dialog = page.get_by_role("dialog", name="A similar speaker exists")
    expect(dialog).to_contain_text("“Ada Mayer” is close to Ada Mayor.")
    dialog.get_by_role("button", name="Don't create").click()
    expect(page.locator("#error-speaker")).to_contain_text("Not created: pick Ada Mayor")
    assert not Speaker.objects.filter(name="Ada Mayer").exists()

    field.fill("Ada Mayer")
    page.get_by_role("option", name=re.compile("Create person “Ada Mayer”")).click()
    dialog.get_by_role("button", name="Create “Ada Mayer”").click()
    expect(dialog).to_be_hidden()
    page.wait_for_load_state("networkidle")  # the creation's answer
    assert Speaker.objects.filter(name="Ada Mayer").exists()
    assert page.js_errors == []


def test_a_statement_is_made_with_the_keyboard_only(page, live_server, analyst, speaker, article):
    open_editor(page, live_server, analyst, article)
    page.keyboard.press("c")
    expect(status(page)).to_contain_text("Caret mode")
    expect(page.locator(".caret")).to_be_visible()
    page.keyboard.press("ArrowDown")  # "The wall is old…"
    page.keyboard.press("ArrowDown")  # "We will build…", the next paragraph
    for _ in range(8):
        page.keyboard.press("Shift+ArrowRight")
    expect(form_quote(page)).to_have_text("We will build a new barrier by 2030")
    expect(page.locator("#form-quote-length")).to_have_text("8 words")
    page.keyboard.press("Enter")
    speaker_field = page.get_by_label("Speaker", exact=True)
    expect(speaker_field).to_be_focused()
    speaker_field.press_sequentially("Ada")
    expect(page.get_by_role("option", name=re.compile("Ada Mayor"))).to_be_visible()
    page.keyboard.press("Enter")  # the first option is the active one
    expect(speaker_field).to_have_value("Ada Mayor")
    page.keyboard.press("Escape")
    page.keyboard.press("1")
    # The end moves back a word and on again; the start a word later and back.
    page.keyboard.press(",")
    expect(form_quote(page)).to_have_text("We will build a new barrier by")
    page.keyboard.press(".")
    page.keyboard.press("]")
    expect(form_quote(page)).to_have_text("will build a new barrier by 2030")
    page.keyboard.press("[")
    page.keyboard.press("Control+Enter")
    expect(status(page)).to_contain_text("Saved")
    statement = Statement.objects.get()
    assert (statement.quote, statement.speaker, statement.stance) == (
        "We will build a new barrier by 2030",
        speaker,
        "warning",
    )
    assert "Characters" not in page.locator("#form-panel").inner_text()
    assert page.js_errors == []


def test_the_end_of_an_open_statement_takes_in_the_final_period_by_key(
    page, live_server, analyst, article, make_statement
):
    statement = make_statement(
        article, "Harbour officials warned on Tuesday that the sea wall could fail"
    )
    open_editor(page, live_server, analyst, article)
    page.locator("#statement-list").get_by_role("button").first.click()
    expect(form_quote(page)).to_have_text(statement.quote)
    page.keyboard.press(".")
    expect(form_quote(page)).to_have_text(statement.quote + ".")
    save(page)
    statement.refresh_from_db()
    assert statement.quote.endswith("could fail.")
    assert page.js_errors == []

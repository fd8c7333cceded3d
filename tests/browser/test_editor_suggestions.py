"""The Suggestions panel: listing, highlighting, accepting, editing and dismissing."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from articles.models import AnalysisStatus, DismissedSuggestion, Speaker, Statement, TextAnalysis
from articles.suggest import parser, service
from articles.suggest.service import suggestions_for_article

from .editor_helpers import (
    click_text,
    form_quote,
    list_entry,
    log_in_fast,
    open_editor,
    save,
    status,
)

BODY = (
    '"The sea wall could fail within a decade," Ada Mayor warned on Tuesday.\n\n'
    "Ben Engineer said the barrier was safe and would hold through the winter.\n\n"
    "We will close the harbour road for a month, said Carla Ruiz.\n\n"
    "Ferries will be cancelled all week, a risk to islanders, according to the Harbour Authority."
)


@pytest.fixture
def harbour(make_article, speaker, other_speaker):
    return make_article(body=BODY, title="Harbour road to close")


@pytest.fixture
def suggested(harbour):
    """What the engine suggests for the article, in text order."""
    found = suggestions_for_article(harbour)
    # The tests below rely on this mix: known and new speakers, high and low confidence.
    assert [s.speaker_name for s in found] == [
        "Ada Mayor",
        "Ben Engineer",
        "Carla Ruiz",
        "Harbour Authority",
    ]
    assert [s.confidence >= 0.8 for s in found] == [True, False, True, False]
    return found


def panel(page):
    return page.locator("#suggest-panel")


def entries(page):
    return page.locator("#suggestion-list > li:not([hidden])")


def current(page):
    return page.locator("#suggestion-list .sg-pick[aria-current=true]")


def message(page):
    return page.locator("#suggest-message")


def speakers_dialog(page, title):
    return page.get_by_role("dialog", name=title)


def new_speakers_listed(page) -> list[str]:
    expect(page.locator("#speakers-dialog")).to_be_visible()
    return page.locator("#speakers-list li").all_text_contents()


def open_suggestions(page, live_server, user, article):
    open_editor(page, live_server, user, article)
    expect(panel(page)).to_have_attribute("data-state", "ready")
    page.keyboard.press("l")
    expect(page.get_by_role("button", name="Suggestions")).to_have_attribute(
        "aria-expanded", "true"
    )
    return page


# The text under each range of a highlight layer.
_LAYER_TEXT = """
(name) => Array.from(CSS.highlights.get(name) ?? [], (r) => {
  const range = document.createRange();
  range.setStart(r.startContainer, r.startOffset);
  range.setEnd(r.endContainer, r.endOffset);
  return range.toString();
}).sort()
"""


def layer_text(page, name: str) -> list[str]:
    return page.evaluate(_LAYER_TEXT, name)


def test_the_panel_lists_suggestions_in_text_order_with_dashed_highlights(
    page, live_server, analyst, harbour, suggested
):
    open_suggestions(page, live_server, analyst, harbour)

    expect(page.get_by_role("button", name="Suggestions")).to_contain_text("(4)")
    expect(entries(page)).to_have_count(4)
    for i, suggestion in enumerate(suggested):
        expect(entries(page).nth(i).locator(".sg-quote")).to_have_text(suggestion.quote)
    expect(entries(page).nth(0)).to_contain_text("Warning")
    expect(entries(page).nth(0)).to_contain_text("94%")
    expect(entries(page).nth(2)).to_contain_text("new person")
    expect(entries(page).nth(3)).to_contain_text("new organisation")
    expect(current(page)).to_contain_text(suggested[0].quote)
    # A layer of their own, apart from the statements', and the current one emphasised.
    assert layer_text(page, "st-suggested") == sorted(s.quote for s in suggested)
    assert layer_text(page, "st-suggested-current") == [suggested[0].quote]
    assert layer_text(page, "st-warning") == []
    expect(page.get_by_role("button", name="Accept all high-confidence")).to_contain_text("(2)")
    # Asked for only once the editor answered input.
    interactive, requested = page.evaluate(
        """() => [
          performance.getEntriesByName("editor:interactive")[0].startTime,
          performance.getEntriesByType("resource")
            .find((entry) => entry.name.includes("/suggestions/")).startTime,
        ]"""
    )
    assert requested >= interactive
    assert page.js_errors == []


def test_enter_accepts_the_current_suggestion_as_a_statement(
    page, live_server, analyst, harbour, suggested, speaker
):
    first = suggested[0]
    open_suggestions(page, live_server, analyst, harbour)

    page.keyboard.press("Enter")

    expect(message(page)).to_have_text("Accepted: Ada Mayor, warning.")
    expect(entries(page)).to_have_count(3)
    expect(current(page)).to_contain_text(suggested[1].quote)
    statement = Statement.objects.get()
    assert (statement.start, statement.end, statement.quote) == (
        first.start,
        first.end,
        first.quote,
    )
    assert (statement.speaker, statement.stance, statement.created_by) == (
        speaker,
        first.stance,
        analyst,
    )
    assert statement.history.count() == 1
    assert layer_text(page, "st-warning") == [first.quote]
    assert first.quote not in layer_text(page, "st-suggested")
    page.keyboard.press("l")
    expect(list_entry(page, first.quote)).to_be_visible()
    expect(page.locator('[data-count="total"]')).to_have_text("1")
    assert page.js_errors == []


def test_x_dismisses_a_suggestion_for_good(page, live_server, analyst, harbour, suggested):
    second = suggested[1]
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("j")
    expect(current(page)).to_contain_text(second.quote)

    page.keyboard.press("x")

    expect(entries(page)).to_have_count(3)
    expect(message(page)).to_contain_text("Dismissed")
    dismissed = DismissedSuggestion.objects.get()
    assert (dismissed.article, dismissed.start, dismissed.end) == (
        harbour,
        second.start,
        second.end,
    )
    assert dismissed.dismissed_by == analyst
    assert not Statement.objects.exists()

    page.reload()
    expect(panel(page)).to_have_attribute("data-state", "ready")
    expect(entries(page)).to_have_count(3)  # the panel stays open after a reload
    expect(panel(page)).not_to_contain_text(second.quote)
    assert page.js_errors == []


def test_e_loads_the_suggestion_into_the_form_to_change_before_saving(
    page, live_server, analyst, harbour, suggested, other_speaker
):
    second = suggested[1]
    assert second.stance == "reassurance"
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("j")

    page.keyboard.press("e")

    expect(page.get_by_role("heading", name="New statement")).to_be_visible()
    expect(form_quote(page)).to_have_text(second.quote)
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ben Engineer")
    expect(page.get_by_label("Stance", exact=True)).to_have_value("reassurance")
    assert not Statement.objects.exists()
    page.get_by_label("Stance", exact=True).select_option("policy")
    save(page)

    statement = Statement.objects.get()
    assert (statement.start, statement.end) == (second.start, second.end)
    assert (statement.speaker, statement.stance) == (other_speaker, "policy")
    expect(entries(page)).to_have_count(3)
    expect(panel(page)).not_to_contain_text(second.quote)
    assert page.js_errors == []


def test_j_and_k_move_through_whichever_list_is_open(
    page, live_server, analyst, harbour, suggested, make_statement
):
    make_statement(harbour, "Ada Mayor warned on Tuesday")
    open_editor(page, live_server, analyst, harbour)
    expect(panel(page)).to_have_attribute("data-state", "ready")
    page.keyboard.press("j")  # the statement list is the open one
    expect(page.get_by_role("heading", name="Edit statement")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="New statement")).to_be_visible()

    page.keyboard.press("l")
    expect(current(page)).to_contain_text(suggested[0].quote)
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(current(page)).to_contain_text(suggested[2].quote)
    page.keyboard.press("k")
    expect(current(page)).to_contain_text(suggested[1].quote)
    assert layer_text(page, "st-suggested-current") == [suggested[1].quote]
    for _ in range(5):
        page.keyboard.press("j")
    expect(current(page)).to_contain_text(suggested[3].quote)
    # Moving through suggestions leaves the form alone.
    expect(page.get_by_role("heading", name="New statement")).to_be_visible()
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_contain_text("Switch between the Statements and Suggestions lists")
    assert page.js_errors == []


def test_accept_all_creates_each_high_confidence_suggestion_once(
    page, live_server, analyst, harbour, suggested
):
    high = [s for s in suggested if s.confidence >= 0.8]
    open_suggestions(page, live_server, analyst, harbour)
    button = page.get_by_role("button", name="Accept all high-confidence")

    button.dblclick()

    dialog = speakers_dialog(page, "Register 1 new speaker?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Register it and accept").click()
    expect(message(page)).to_have_text("Accepted 2 high-confidence suggestions.")
    statements = list(Statement.objects.order_by("start"))
    assert [(s.start, s.end, s.stance) for s in statements] == [
        (s.start, s.end, s.stance) for s in high
    ]
    assert [s.speaker.name for s in statements] == ["Ada Mayor", "Carla Ruiz"]
    assert Speaker.objects.get(name="Carla Ruiz").kind == "person"
    expect(entries(page)).to_have_count(2)
    expect(button).to_be_hidden()  # nothing left to accept in one go
    assert page.js_errors == []


def test_accept_all_stops_when_the_network_fails_and_goes_on_without_duplicates(
    page, live_server, analyst, harbour, suggested
):
    posts = []

    def lose_the_second_answer(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.post_data_json)
        if len(posts) == 2:
            route.fetch()  # the server stores it, then the answer is lost
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(lambda url: urlparse(url).path == "/api/statements/", lose_the_second_answer)
    open_suggestions(page, live_server, analyst, harbour)
    button = page.get_by_role("button", name="Accept all high-confidence")

    button.click()
    page.get_by_role("button", name="Register it and accept").click()

    expect(message(page)).to_contain_text("Stopped after accepting 1 of 2.")
    carla = page.locator("#suggestion-list > li", has_text=suggested[2].quote)
    expect(carla.locator(".sg-error")).to_contain_text("Could not reach the server")
    assert Statement.objects.count() == 2

    button.click()  # Carla Ruiz is registered by now: nothing to confirm

    expect(message(page)).to_have_text("Accepted 1 high-confidence suggestion.")
    assert len(posts) == 2  # found the stored one instead of sending it again
    assert Statement.objects.count() == 2
    assert Speaker.objects.filter(name="Carla Ruiz").count() == 1
    expect(entries(page)).to_have_count(2)
    expect(page.locator('[data-count="total"]')).to_have_text("2")


def test_accepting_registers_an_unknown_speaker_once_confirmed(
    page, live_server, analyst, harbour, suggested
):
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(current(page)).to_contain_text("Carla Ruiz")

    page.keyboard.press("Enter")

    dialog = speakers_dialog(page, "Register a new speaker?")
    expect(dialog).to_contain_text("“Carla Ruiz” is not registered yet")
    assert new_speakers_listed(page) == ["Carla Ruiz, person"]
    confirm = dialog.get_by_role("button", name="Register person and accept")
    expect(confirm).to_be_focused()
    assert not Speaker.objects.filter(name="Carla Ruiz").exists()
    page.keyboard.press("Enter")

    expect(message(page)).to_have_text("Accepted: Carla Ruiz, policy.")
    carla = Speaker.objects.get(name="Carla Ruiz")
    assert carla.kind == "person"
    assert Statement.objects.get().speaker == carla

    # Registered by someone else since the page loaded: the existing speaker is used,
    # with nothing to confirm.
    authority = Speaker.objects.create(name="harbour authority", kind="organisation")
    expect(current(page)).to_contain_text("Harbour Authority")
    page.keyboard.press("Enter")
    expect(message(page)).to_have_text("Accepted: harbour authority, warning.")
    expect(page.locator("#speakers-dialog")).not_to_be_visible()
    assert Speaker.objects.filter(name__iexact="Harbour Authority").count() == 1
    assert Statement.objects.get(start=suggested[3].start).speaker == authority
    assert page.js_errors == []


def test_a_new_organisation_is_registered_as_one(page, live_server, analyst, harbour, suggested):
    open_suggestions(page, live_server, analyst, harbour)
    entries(page).nth(3).locator(".sg-pick").click()
    entries(page).nth(3).get_by_role("button", name="Accept").click()
    assert new_speakers_listed(page) == ["Harbour Authority, organisation"]
    page.get_by_role("button", name="Register organisation and accept").click()

    expect(message(page)).to_have_text("Accepted: Harbour Authority, warning.")
    assert Speaker.objects.get(name="Harbour Authority").kind == "organisation"


def test_clicking_a_dashed_highlight_selects_its_suggestion(
    page, live_server, analyst, harbour, suggested
):
    open_editor(page, live_server, analyst, harbour)
    expect(panel(page)).to_have_attribute("data-state", "ready")

    click_text(page, suggested[2].start + 3)

    expect(current(page)).to_contain_text(suggested[2].quote)
    expect(current(page)).to_be_visible()
    assert layer_text(page, "st-suggested-current") == [suggested[2].quote]
    expect(page.get_by_role("heading", name="New statement")).to_be_visible()
    assert page.js_errors == []


def test_a_dismissed_suggestion_is_listed_and_suggested_again(
    page, live_server, analyst, harbour, suggested
):
    second = suggested[1]
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(entries(page)).to_have_count(3)

    page.get_by_text("Dismissed suggestions").click()
    listed = page.get_by_role("list", name="Dismissed suggestions").get_by_role("listitem")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text(second.quote)
    listed.first.get_by_role("button", name="Suggest again").click()

    expect(listed).to_have_count(0)
    expect(page.locator("#dismissed-empty")).to_be_visible()
    expect(entries(page)).to_have_count(4)
    expect(page.locator("#suggestion-list")).to_contain_text(second.quote)
    expect(message(page)).to_contain_text("Restored: it is suggested again.")
    assert not DismissedSuggestion.objects.exists()
    assert page.js_errors == []


def test_a_failed_dismissal_puts_the_suggestion_back_with_the_reason(
    page, live_server, analyst, harbour, suggested
):
    page.route(
        "**/suggestions/dismiss/",
        lambda route: route.fulfill(
            status=403, json={"detail": "You may not dismiss suggestions here."}
        ),
    )
    open_suggestions(page, live_server, analyst, harbour)

    entries(page).first.get_by_role("button", name="Dismiss").click()

    item = page.locator("#suggestion-list > li", has_text=suggested[0].quote)
    expect(item.locator(".sg-error")).to_have_text(
        "Not dismissed: You may not dismiss suggestions here."
    )
    expect(item).to_be_visible()
    expect(entries(page)).to_have_count(4)
    assert not DismissedSuggestion.objects.exists()
    assert page.js_errors == []


def test_a_reader_sees_no_suggestions(page, live_server, reader, harbour, suggested):
    open_editor(page, live_server, reader, harbour)

    expect(page.get_by_role("button", name="Suggestions")).to_have_count(0)
    expect(panel(page)).to_have_count(0)
    page.keyboard.press("l")
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).not_to_contain_text("Suggestions")
    expect(status(page)).to_have_text("")
    assert page.js_errors == []


def test_e_on_a_new_speaker_lets_the_analyst_register_them_in_the_form(
    page, live_server, analyst, harbour, suggested
):
    third = suggested[2]
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("j")
    page.keyboard.press("j")

    page.keyboard.press("e")

    speaker_field = page.get_by_label("Speaker", exact=True)
    expect(speaker_field).to_have_value("Carla Ruiz")
    expect(speaker_field).to_be_focused()
    expect(status(page)).to_contain_text("“Carla Ruiz” is not registered yet")
    page.get_by_role("option", name="Create organisation “Carla Ruiz”").click()
    expect(speaker_field).to_have_value("Carla Ruiz")
    save(page)  # waits for the creation still on its way

    statement = Statement.objects.get()
    assert (statement.start, statement.end, statement.stance) == (
        third.start,
        third.end,
        third.stance,
    )
    assert statement.speaker.kind == "organisation"
    expect(panel(page)).not_to_contain_text(third.quote)
    assert page.js_errors == []


def test_a_refused_accept_puts_the_suggestion_back_with_the_server_message(
    page, live_server, analyst, harbour, suggested
):
    page.route(
        lambda url: urlparse(url).path == "/api/statements/",
        lambda route: route.fulfill(status=400, json={"stance": ["Choose a valid stance."]}),
    )
    open_suggestions(page, live_server, analyst, harbour)

    page.keyboard.press("Enter")

    item = page.locator("#suggestion-list > li", has_text=suggested[0].quote)
    expect(item.locator(".sg-error")).to_have_text("Not accepted: stance: Choose a valid stance.")
    expect(item.locator(".sg-pick")).to_have_attribute("aria-current", "true")
    expect(entries(page)).to_have_count(4)
    assert not Statement.objects.exists()
    assert layer_text(page, "st-suggested") == sorted(s.quote for s in suggested)
    assert page.js_errors == []


def test_offsets_after_emoji_are_converted_both_ways(
    page, live_server, analyst, make_article, speaker
):
    body = (
        "Storm \U0001f30a\U0001f30a warnings \U0001f44d\U0001f3fd issued on Monday.\n\n"
        + BODY.split("\n\n")[0]
    )
    article = make_article(body=body)
    [suggestion] = suggestions_for_article(article)
    open_suggestions(page, live_server, analyst, article)
    assert layer_text(page, "st-suggested-current") == [suggestion.quote]

    page.keyboard.press("Enter")

    expect(message(page)).to_have_text("Accepted: Ada Mayor, warning.")
    statement = Statement.objects.get()
    assert (statement.start, statement.end) == (suggestion.start, suggestion.end)
    assert statement.quote == suggestion.quote
    assert layer_text(page, "st-warning") == [suggestion.quote]
    assert page.js_errors == []


def test_the_panel_shows_quick_suggestions_then_the_stored_analysis_when_it_is_ready(
    page, live_server, analyst, harbour, suggested, monkeypatch
):
    analysis = TextAnalysis.objects.get(content_hash=harbour.content_hash)
    assert analysis.status == AnalysisStatus.PENDING
    page.clock.install()  # the panel asks again every 3 s: this test moves the clock
    open_suggestions(page, live_server, analyst, harbour)

    expect(panel(page)).to_have_attribute("data-analysis", "pending")
    expect(message(page)).to_contain_text("full analysis of the text is running")
    expect(entries(page)).to_have_count(4)

    # The worker's part, done here while the page is open (rules alone, to be quick);
    # the stored analysis then holds one statement fewer than the quick answer, so that
    # the switch shows in the list.
    monkeypatch.setattr(parser, "available", lambda: False)
    assert service.analysis_run(content_hash=harbour.content_hash) == AnalysisStatus.READY
    analysis.refresh_from_db()
    TextAnalysis.objects.filter(pk=analysis.pk).update(detections=analysis.detections[:3])
    page.clock.run_for(3500)

    expect(panel(page)).to_have_attribute("data-analysis", "ready")
    expect(message(page)).to_have_text("Suggestions updated from the full analysis of the text.")
    expect(entries(page)).to_have_count(3)
    for i, suggestion in enumerate(suggested[:3]):
        expect(entries(page).nth(i).locator(".sg-quote")).to_have_text(suggestion.quote)
    expect(current(page)).to_contain_text(suggested[0].quote)
    assert page.js_errors == []


def test_an_accept_and_a_dismissal_are_undone(page, live_server, analyst, harbour, suggested):
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("Enter")
    expect(message(page)).to_have_text("Accepted: Ada Mayor, warning.")
    expect(entries(page)).to_have_count(3)
    page.keyboard.press("Control+z")
    expect(page.locator("#undo-bar")).to_contain_text("Undone: accepted the suggestion.")
    expect(entries(page)).to_have_count(4)
    assert not Statement.objects.exists()

    page.keyboard.press("x")
    expect(entries(page)).to_have_count(3)
    page.locator("#undo-bar").get_by_role("button", name="Undo").click()
    expect(page.locator("#undo-bar")).to_contain_text("Undone: dismissed the suggestion.")
    expect(entries(page)).to_have_count(4)
    assert not DismissedSuggestion.objects.exists()
    assert page.js_errors == []


def test_accept_all_is_not_offered_under_double_annotation(
    page, live_server, analyst, other_analyst, harbour, suggested
):
    open_suggestions(page, live_server, analyst, harbour)
    expect(page.get_by_role("button", name=re.compile("Accept all"))).to_be_visible()
    harbour.double_annotation = True
    harbour.save()
    harbour.annotators.set([analyst, other_analyst])
    page.reload()
    expect(panel(page)).to_have_attribute("data-state", "ready")
    expect(entries(page)).to_have_count(len(suggested))
    expect(page.get_by_role("button", name=re.compile("Accept all"))).to_be_hidden()
    assert page.js_errors == []


def test_double_annotation_is_blind_in_counts_lists_and_suggestions(
    page, live_server, analyst, other_analyst, harbour, suggested
):
    harbour.double_annotation = True
    harbour.save()
    harbour.annotators.set([analyst, other_analyst])
    open_suggestions(page, live_server, analyst, harbour)
    page.keyboard.press("Enter")  # accepts the first suggestion
    expect(message(page)).to_contain_text("Accepted")
    page.keyboard.press("x")  # dismisses the next one
    expect(entries(page)).to_have_count(len(suggested) - 2)
    assert Statement.objects.filter(created_by=analyst).count() == 1

    page.context.clear_cookies()
    open_editor(page, live_server, other_analyst, harbour)  # the panel stays open
    expect(panel(page)).to_have_attribute("data-state", "ready")
    # The other annotator sees none of it: no statement, no count, every suggestion.
    expect(entries(page)).to_have_count(len(suggested))
    expect(page.locator("#statement-list")).not_to_contain_text(suggested[0].quote)
    expect(page.locator("[data-count=total]")).to_have_text("0")
    page.goto("/")
    row = page.get_by_role("row", name=re.compile(re.escape(harbour.title)))
    expect(row.locator(".count-pending")).to_have_text("0")
    page.context.clear_cookies()
    log_in_fast(page, live_server.url, analyst)
    page.goto("/")
    expect(row.locator(".count-pending")).to_have_text("1")
    assert page.js_errors == []

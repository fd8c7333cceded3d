"""What the analyst confirms before a suggestion becomes a statement: new speakers (one
dialog for "Accept all", one for a single accept) and a stance when none was suggested."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from articles.models import Speaker, Statement
from articles.suggest.service import suggestions_for_article

from .editor_helpers import form_quote, hover_text, open_editor, save, status

BODY = (
    '"The sea wall could fail within a decade," Ada Mayor warned on Tuesday.\n\n'
    "We will close the harbour road for a month, said Carla Ruiz.\n\n"
    '"The barrier is dangerous and could fail," the Port Workers Union warned.\n\n'
    "Ferries will be cancelled all week, a risk to islanders, according to the Harbour Authority."
)


@pytest.fixture
def crew(make_article, speaker):
    return make_article(body=BODY, title="Sea wall repairs")


@pytest.fixture
def suggested(crew):
    """What the engine suggests for the article, in text order."""
    found = suggestions_for_article(crew)
    # The tests rely on this mix: one registered speaker, a new person and a new
    # organisation among the high-confidence ones, and one low-confidence suggestion.
    assert [(s.speaker_name, s.speaker_id is None, s.speaker_kind) for s in found] == [
        ("Ada Mayor", False, "person"),
        ("Carla Ruiz", True, "person"),
        ("Port Workers Union", True, "organisation"),
        ("Harbour Authority", True, "organisation"),
    ]
    assert [s.confidence >= 0.8 for s in found] == [True, True, True, False]
    assert all(s.stance for s in found)
    return found


def rewrite_suggestions(page, change):
    """Pass the server's suggestions through `change(suggestion)` on their way in.

    Only the suggestion objects are touched, wherever the answer holds them (a list,
    or a `suggestions` member).
    """

    def handle(route):
        response = route.fetch()
        data = response.json()
        items = data if isinstance(data, list) else data.get("suggestions", [])
        for item in items:
            change(item)
        route.fulfill(response=response, json=data)

    page.route(lambda url: urlparse(url).path.endswith("/suggestions/"), handle)


def entries(page):
    return page.locator("#suggestion-list > li:not([hidden])")


def entry(page, quote):
    return page.locator("#suggestion-list > li", has_text=quote)


def current(page):
    return page.locator("#suggestion-list .sg-pick[aria-current=true]")


def message(page):
    return page.locator("#suggest-message")


def accept_all(page):
    return page.get_by_role("button", name="Accept all high-confidence")


def listed_speakers(page) -> list[str]:
    """The new speakers in the confirmation dialog, once it is open."""
    expect(page.locator("#speakers-dialog")).to_be_visible()
    return page.locator("#speakers-list li").all_text_contents()


def open_suggestions(page, live_server, user, article):
    open_editor(page, live_server, user, article)
    expect(page.locator("#suggest-panel")).to_have_attribute("data-state", "ready")
    page.keyboard.press("l")
    expect(page.get_by_role("button", name="Suggestions")).to_have_attribute(
        "aria-expanded", "true"
    )
    return page


def test_accept_all_lists_the_new_speakers_and_cancelling_creates_nothing(
    page, live_server, analyst, crew, suggested
):
    speakers_before = Speaker.objects.count()
    open_suggestions(page, live_server, analyst, crew)
    expect(accept_all(page)).to_contain_text("(3)")

    accept_all(page).click()

    dialog = page.get_by_role("dialog", name="Register 2 new speakers?")
    expect(dialog).to_contain_text("Accepting 3 high-confidence suggestions registers these")
    assert listed_speakers(page) == ["Carla Ruiz, person", "Port Workers Union, organisation"]
    expect(dialog.get_by_role("button", name="Register all and accept")).to_be_focused()
    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(message(page)).to_have_text("Nothing accepted: no speaker was registered.")
    assert Speaker.objects.count() == speakers_before
    assert not Statement.objects.exists()
    expect(entries(page)).to_have_count(4)
    expect(accept_all(page)).to_be_enabled()

    # Cancel does the same as Escape.
    accept_all(page).click()
    dialog.get_by_role("button", name="Cancel").click()
    expect(message(page)).to_have_text("Nothing accepted: no speaker was registered.")
    assert Speaker.objects.count() == speakers_before
    assert not Statement.objects.exists()
    assert page.js_errors == []


def test_accept_all_registers_the_confirmed_speakers_with_their_kinds(
    page, live_server, analyst, crew, suggested, speaker
):
    open_suggestions(page, live_server, analyst, crew)

    accept_all(page).click()
    expect(page.get_by_role("dialog", name="Register 2 new speakers?")).to_be_visible()
    page.keyboard.press("Enter")

    expect(message(page)).to_have_text("Accepted 3 high-confidence suggestions.")
    assert Speaker.objects.get(name="Carla Ruiz").kind == "person"
    assert Speaker.objects.get(name="Port Workers Union").kind == "organisation"
    assert not Speaker.objects.filter(name="Harbour Authority").exists()  # low confidence
    statements = Statement.objects.order_by("start")
    assert [(s.speaker.name, s.start, s.stance) for s in statements] == [
        (s.speaker_name if s.speaker_id is None else speaker.name, s.start, s.stance)
        for s in suggested[:3]
    ]
    expect(entries(page)).to_have_count(1)
    assert page.js_errors == []


def test_a_new_speaker_someone_registered_meanwhile_is_used(
    page, live_server, analyst, crew, suggested
):
    carla = suggested[1]
    open_suggestions(page, live_server, analyst, crew)
    page.keyboard.press("j")
    expect(current(page)).to_contain_text(carla.quote)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Register a new speaker?")
    expect(dialog).to_be_visible()
    # Someone else registers the name (in other letter case) before this is confirmed.
    taken = Speaker.objects.create(name="carla ruiz", kind="person")
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(message(page)).to_contain_text("Accepted: carla ruiz")
    statement = Statement.objects.get()
    assert (statement.speaker, statement.start) == (taken, carla.start)
    assert Speaker.objects.filter(name__iexact="Carla Ruiz").count() == 1
    assert page.js_errors == []


def test_a_single_accept_asks_before_registering_and_cancel_keeps_the_suggestion(
    page, live_server, analyst, crew, suggested
):
    carla = suggested[1]
    open_suggestions(page, live_server, analyst, crew)
    page.keyboard.press("j")
    expect(current(page)).to_contain_text(carla.quote)

    # A held Enter accepts once and does not answer the dialog it opened.
    page.keyboard.down("Enter")
    page.keyboard.down("Enter")
    page.keyboard.up("Enter")

    dialog = page.get_by_role("dialog", name="Register a new speaker?")
    expect(dialog).to_be_visible()
    assert listed_speakers(page) == ["Carla Ruiz, person"]
    dialog.get_by_role("button", name="Cancel").click()

    expect(message(page)).to_have_text("Not accepted: no speaker registered.")
    expect(current(page)).to_contain_text(carla.quote)
    expect(current(page)).to_be_focused()
    assert not Speaker.objects.filter(name="Carla Ruiz").exists()
    assert not Statement.objects.exists()
    expect(entries(page)).to_have_count(4)
    assert page.js_errors == []


def test_a_new_speaker_is_registered_with_the_kind_the_server_gives(
    page, live_server, analyst, crew, suggested
):
    # The name reads as a person's; the server says an organisation: the server wins.
    def organisation(item):
        if item["speaker_name"] == "Carla Ruiz":
            item["speaker_kind"] = "organisation"

    rewrite_suggestions(page, organisation)
    open_suggestions(page, live_server, analyst, crew)
    carla = entry(page, suggested[1].quote)
    expect(carla).to_contain_text("new organisation")

    carla.locator(".sg-pick").click()
    carla.get_by_role("button", name="Accept").click()
    assert listed_speakers(page) == ["Carla Ruiz, organisation"]
    page.get_by_role("button", name="Register organisation and accept").click()

    expect(message(page)).to_have_text("Accepted: Carla Ruiz, policy.")
    assert Speaker.objects.get(name="Carla Ruiz").kind == "organisation"
    assert page.js_errors == []


def without_stance(name):
    def change(item):
        if item["speaker_name"] == name:
            item["stance"] = None

    return change


def test_a_suggestion_without_a_stance_needs_a_pick_before_it_is_saved(
    page, live_server, analyst, crew, suggested, speaker
):
    ada = suggested[0]
    rewrite_suggestions(page, without_stance("Ada Mayor"))
    open_suggestions(page, live_server, analyst, crew)
    first = entry(page, ada.quote)
    expect(first.locator(".badge")).to_have_text("no stance")
    expect(accept_all(page)).to_contain_text("(2)")  # it is not among those taken at once
    expect(current(page)).to_contain_text(ada.quote)
    hover_text(page, ada.start + 5)
    expect(page.locator("#hl-tip")).to_contain_text("no stance")

    page.keyboard.press("Enter")

    stance = page.get_by_label("Stance", exact=True)
    expect(page.get_by_role("heading", name="New statement")).to_be_visible()
    expect(form_quote(page)).to_have_text(ada.quote)
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Ada Mayor")
    expect(stance).to_have_value("")
    expect(stance).to_be_focused()
    expect(page.locator("#stance-needed")).to_have_text(
        "No stance suggested: the wording gave no cue. Pick one before saving."
    )
    expect(status(page)).to_have_text("The suggestion has no stance: pick one. Then save.")
    expect(message(page)).to_have_text("Pick a stance in the form, then save.")
    assert not Statement.objects.exists()

    page.get_by_label("Speaker", exact=True).focus()
    page.get_by_role("button", name="Save statement").click()

    expect(page.locator("#error-stance")).to_have_text("Choose a stance.")
    expect(status(page)).to_have_text("Not saved yet: see the messages above.")
    expect(stance).to_be_focused()
    assert not Statement.objects.exists()

    stance.select_option("reassurance")
    expect(page.locator("#stance-needed")).to_be_hidden()
    save(page)

    statement = Statement.objects.get()
    assert (statement.start, statement.end) == (ada.start, ada.end)
    assert (statement.speaker, statement.stance) == (speaker, "reassurance")
    expect(entries(page)).to_have_count(3)
    expect(page.locator("#suggest-panel")).not_to_contain_text(ada.quote)
    assert page.js_errors == []


def test_accept_all_leaves_suggestions_without_a_stance_listed_and_says_so(
    page, live_server, analyst, crew, suggested, speaker
):
    ada = suggested[0]
    rewrite_suggestions(page, without_stance("Ada Mayor"))
    open_suggestions(page, live_server, analyst, crew)

    accept_all(page).click()
    assert listed_speakers(page) == ["Carla Ruiz, person", "Port Workers Union, organisation"]
    expect(page.locator("#speakers-message")).to_have_text(
        "Accepting 2 high-confidence suggestions registers these speakers, not registered "
        "yet (1 more without a stance will stay listed):"
    )
    page.get_by_role("button", name="Register all and accept").click()

    expect(message(page)).to_have_text(
        "Accepted 2 high-confidence suggestions. 1 high-confidence suggestion without a "
        "stance is still listed: accept it to pick a stance."
    )
    assert sorted(Statement.objects.values_list("speaker__name", flat=True)) == [
        "Carla Ruiz",
        "Port Workers Union",
    ]
    expect(entries(page)).to_have_count(2)
    expect(entry(page, ada.quote)).to_be_visible()
    expect(accept_all(page)).to_be_hidden()  # nothing left that can be taken at once
    assert page.js_errors == []


def test_a_new_speaker_and_no_stance_both_wait_for_the_analyst_in_the_form(
    page, live_server, analyst, crew, suggested
):
    carla = suggested[1]
    rewrite_suggestions(page, without_stance("Carla Ruiz"))
    open_suggestions(page, live_server, analyst, crew)
    page.keyboard.press("j")

    page.keyboard.press("Enter")

    expect(page.locator("#speakers-dialog")).to_be_hidden()  # the form asks instead
    expect(page.get_by_label("Stance", exact=True)).to_be_focused()
    expect(status(page)).to_contain_text(
        "“Carla Ruiz” is not registered yet (the text reads as a person)"
    )
    page.get_by_label("Stance", exact=True).select_option("policy")
    speaker_field = page.get_by_label("Speaker", exact=True)
    speaker_field.focus()
    # The field already reads "Carla Ruiz": wait for the registration itself.
    with page.expect_response(lambda r: r.request.method == "POST" and "/speakers/" in r.url):
        page.get_by_role("option", name="Create person “Carla Ruiz”").click()
    expect(speaker_field).to_have_value("Carla Ruiz")
    save(page)

    statement = Statement.objects.get()
    assert (statement.start, statement.stance) == (carla.start, "policy")
    assert (statement.speaker.name, statement.speaker.kind) == ("Carla Ruiz", "person")
    assert page.js_errors == []


def test_a_suggestion_naming_no_one_asks_for_a_speaker_and_registers_no_one(
    page, live_server, analyst, crew, suggested, speaker
):
    carla = suggested[1]

    def unnamed(item):
        if item["speaker_name"] == "Carla Ruiz":
            item["speaker_name"], item["speaker_kind"] = "", None

    rewrite_suggestions(page, unnamed)
    open_suggestions(page, live_server, analyst, crew)
    listed = entry(page, carla.quote)
    expect(listed.locator(".badge.no-stance", has_text="speaker to choose")).to_be_visible()
    expect(listed.locator(".sg-new")).to_have_count(0)
    expect(accept_all(page)).to_contain_text("(2)")  # not taken at once

    listed.locator(".sg-pick").click()
    page.keyboard.press("Enter")

    expect(form_quote(page)).to_have_text(carla.quote)
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("")
    expect(page.get_by_label("Speaker", exact=True)).to_be_focused()
    expect(message(page)).to_have_text("Pick a speaker in the form, then save.")
    assert not Statement.objects.exists()
    assert not Speaker.objects.filter(name="").exists()

"""Mark statements with the mouse: word snapping, punctuation, paragraphs, overlaps, Unicode."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Speaker, Statement

from .editor_helpers import (
    annotate,
    click_text,
    form_quote,
    hover_text,
    open_editor,
    select_quote,
    select_text,
)

QUOTED = (
    "Harbour officials met on Tuesday. The sea wall is old but safe, the city engineer said. "
    "The mayor added: \u201cWe will build a new barrier by 2030,\u201d and left.\n\n"
    "Residents were not convinced. Nobody trusts the wall any more."
)


@pytest.fixture
def quoted(make_article):
    return make_article(title="Sea wall", body=QUOTED)


def saved(article) -> Statement:
    return Statement.objects.get(article=article)


def test_a_selection_inside_words_snaps_to_whole_words(page, live_server, analyst, speaker, quoted):
    open_editor(page, live_server, analyst, quoted)
    start = QUOTED.index("sea wall is old")
    # From the middle of "sea" to the middle of "old".
    select_text(page, start + 1, start + len("sea wall is ol"))
    expect(form_quote(page)).to_have_text("sea wall is old")
    annotate_current(page)
    statement = saved(quoted)
    assert (statement.start, statement.end) == (start, start + len("sea wall is old"))
    assert statement.quote == "sea wall is old"
    assert page.js_errors == []


def annotate_current(page, speaker="Ada Mayor"):
    speaker_input = page.get_by_label("Speaker", exact=True)
    speaker_input.fill(speaker.split()[0])
    page.get_by_role("option", name=speaker).click()
    page.get_by_label("Stance", exact=True).select_option("warning")
    page.get_by_role("button", name="Save statement").click()
    expect(page.locator("#save-message")).to_contain_text("Saved")


def test_a_whole_sentence_keeps_its_period_but_a_part_of_one_does_not(
    page, live_server, analyst, speaker, quoted
):
    open_editor(page, live_server, analyst, quoted)
    sentence = "The sea wall is old but safe, the city engineer said."
    # The selection runs on into the space after the period.
    select_quote(page, QUOTED, sentence, extra_after=1)
    expect(form_quote(page)).to_have_text(sentence)

    page.keyboard.press("Escape")
    select_quote(page, QUOTED, "the city engineer said.")
    expect(form_quote(page)).to_have_text("the city engineer said")

    annotate_current(page)
    start = QUOTED.index("the city engineer said.")
    statement = saved(quoted)
    assert (statement.start, statement.end) == (start, start + len("the city engineer said"))


def test_a_closing_quotation_mark_is_kept_when_the_opening_one_is_selected(
    page, live_server, analyst, speaker, quoted
):
    open_editor(page, live_server, analyst, quoted)
    quote = "\u201cWe will build a new barrier by 2030,\u201d"
    # Select from the colon before the quote to the space after it.
    select_quote(page, QUOTED, quote, extra_before=2, extra_after=1)
    expect(form_quote(page)).to_have_text(quote)
    annotate_current(page)
    statement = saved(quoted)
    assert statement.quote == quote
    assert statement.start == QUOTED.index(quote)

    # Without the opening mark, the closing one and the comma are stray punctuation.
    select_quote(page, QUOTED, "We will build a new barrier by 2030,\u201d")
    expect(form_quote(page)).to_have_text("We will build a new barrier by 2030")
    assert page.js_errors == []


def test_a_selection_across_paragraphs_is_saved_with_the_break(
    page, live_server, analyst, speaker, quoted
):
    open_editor(page, live_server, analyst, quoted)
    quote = "and left.\n\nResidents were not convinced"
    select_quote(page, QUOTED, quote)
    expect(form_quote(page)).to_have_text(quote)
    annotate_current(page)
    statement = saved(quoted)
    assert statement.quote == quote
    assert statement.start == QUOTED.index(quote)


def test_overlapping_statements_and_a_shared_span_are_all_kept(
    page, live_server, analyst, speaker, other_speaker, quoted
):
    open_editor(page, live_server, analyst, quoted)
    annotate(page, QUOTED, "The sea wall is old but safe", key="2")
    annotate(page, QUOTED, "old but safe, the city engineer said", speaker="Ben Engineer", key="2")
    annotate(page, QUOTED, "old but safe, the city engineer said", key="3")
    spans = list(Statement.objects.order_by("id").values_list("quote", "speaker__name", "stance"))
    assert spans == [
        ("The sea wall is old but safe", "Ada Mayor", "reassurance"),
        ("old but safe, the city engineer said", "Ben Engineer", "reassurance"),
        ("old but safe, the city engineer said", "Ada Mayor", "policy"),
    ]
    expect(page.locator("#statement-list > li")).to_have_count(3)
    expect(page.locator("[data-count=total]")).to_have_text("3")
    # Hovering the overlap names every statement there.
    hover_text(page, QUOTED.index("safe") + 1)
    tip = page.get_by_role("tooltip")
    expect(tip).to_contain_text("3 statements")
    expect(tip).to_contain_text("Ben Engineer")
    assert page.js_errors == []


UNICODE = (
    "Fans gave it a \U0001f44d\U0001f3fd before the match. "
    "The q\u0307uiet striker said the well\u2011known coach is \u0930\u093e\u092e\u0942 "
    "and the team is ready.\n\n"
    "\U0001f1fa\U0001f1e6 supporters sang \u2011 loudly \u2011 all night."
)


def test_offsets_of_an_article_with_emoji_and_combining_marks_are_code_points(
    page, live_server, analyst, speaker, make_article
):
    article = make_article(title="Unicode", body=UNICODE)
    assert article.body == UNICODE  # stored as written: NFC has nothing to compose here
    open_editor(page, live_server, analyst, article)
    quotes = [
        "\U0001f44d\U0001f3fd before the match",
        "q\u0307uiet striker said the well\u2011known coach is \u0930\u093e\u092e\u0942",
        "\U0001f1fa\U0001f1e6 supporters sang \u2011 loudly",
    ]
    for quote in quotes:
        select_quote(page, UNICODE, quote)
        expect(form_quote(page)).to_have_text(quote)
        annotate_current(page)
    stored = list(Statement.objects.order_by("id").values_list("start", "end", "quote"))
    assert stored == [(UNICODE.index(q), UNICODE.index(q) + len(q), q) for q in quotes]
    # The highlights of what was saved sit on exactly those characters.
    painted = page.evaluate(
        """() => Array.from(CSS.highlights.get("st-warning"), (r) => {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            range.setEnd(r.endContainer, r.endOffset);
            return range.toString();
        })"""
    )
    assert sorted(painted) == sorted(quotes)
    assert page.js_errors == []


def test_a_reader_can_select_text_but_not_start_a_statement(
    page, live_server, reader, article, make_statement
):
    make_statement(article)
    open_editor(page, live_server, reader, article)
    select_quote(page, article.body, "the city engineer said")
    expect(form_quote(page)).to_be_hidden()
    expect(page.get_by_role("button", name="Save statement")).to_be_hidden()
    expect(page.get_by_label("Speaker", exact=True)).to_be_disabled()
    assert Speaker.objects.count() == 1


def test_a_selection_made_without_the_mouse_is_taken_too(
    page, live_server, analyst, speaker, quoted
):
    open_editor(page, live_server, analyst, quoted)
    start = QUOTED.index("Nobody trusts")
    # What caret browsing or a screen reader leaves: a document selection, no pointer.
    page.evaluate(
        """([start, end]) => {
            const node = document.querySelectorAll('[role=article] p')[1].firstChild;
            getSelection().setBaseAndExtent(node, start, node, end);
        }""",
        [start - QUOTED.index("Residents"), start - QUOTED.index("Residents") + 20],
    )
    expect(form_quote(page)).to_have_text("Nobody trusts the wall")
    page.keyboard.press("Escape")
    expect(form_quote(page)).to_be_hidden()


def test_clicking_where_statements_overlap_steps_through_them(
    page, live_server, analyst, speaker, other_speaker, quoted, make_statement
):
    make_statement(quoted, "The sea wall is old but safe")
    make_statement(quoted, "old but safe, the city engineer said", speaker=other_speaker)
    open_editor(page, live_server, analyst, quoted)
    overlap = QUOTED.index("but safe")
    speaker_input = page.get_by_label("Speaker", exact=True)
    click_text(page, overlap)
    expect(speaker_input).to_have_value("Ada Mayor")  # the shorter one first
    click_text(page, overlap)
    expect(speaker_input).to_have_value("Ben Engineer")
    click_text(page, QUOTED.index("sea wall"))
    expect(speaker_input).to_have_value("Ada Mayor")
    assert page.js_errors == []

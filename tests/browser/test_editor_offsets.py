"""The editor's pure text helpers, run in Chromium: offset conversion and selection snapping."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

ORIGIN = "http://helpers.test"
STATIC = Path(settings.BASE_DIR) / "static"


@pytest.fixture(scope="module")
def js(browser):
    """A blank page that can import the modules under static/js/."""
    page = browser.new_page()

    def serve(route):
        path = urlparse(route.request.url).path
        if path == "/":
            route.fulfill(body="<!doctype html><title>helpers</title>", content_type="text/html")
        else:
            file = STATIC / path.removeprefix("/static/")
            route.fulfill(path=str(file), content_type="text/javascript")

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/")

    def call(module: str, function: str, *args):
        return page.evaluate(
            "async ([url, name, args]) => (await import(url))[name](...args)",
            [f"{ORIGIN}/static/js/{module}", function, list(args)],
        )

    yield call
    page.close()


def utf16_offsets(text: str) -> list[int]:
    """The UTF-16 index of every code point boundary of `text` (len(text) + 1 values)."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


TEXTS = [
    "",
    "plain ASCII",
    "👍🏽 at the start",
    "at the end 👍🏽",
    "flags 🇺🇦🇬🇧 and a family 👨‍👩‍👧 in the middle",
    "combining q\u0307 and Devanagari \u0930\u093e\u092e\u0942",
    "non\u2011breaking hyphen and a 𝕏 mathematical letter",
    "😀😀😀",
]


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_convert_both_ways_at_every_character_boundary(js, text):
    expected = utf16_offsets(text)
    code_points = list(range(len(text) + 1))
    assert js("lib/offsets.js", "codePointLength", text) == len(text)
    converted = [js("lib/offsets.js", "codePointToUtf16", text, cp) for cp in code_points]
    assert converted == expected
    back = [js("lib/offsets.js", "utf16ToCodePoint", text, unit) for unit in expected]
    assert back == code_points


def test_an_index_inside_a_surrogate_pair_means_that_character(js):
    text = "a😀b"
    assert js("lib/offsets.js", "utf16ToCodePoint", text, 2) == 1
    assert js("lib/offsets.js", "utf16ToCodePoint", text, 3) == 2


def test_offsets_out_of_range_are_clamped(js):
    text = "a😀b"
    assert js("lib/offsets.js", "utf16ToCodePoint", text, -4) == 0
    assert js("lib/offsets.js", "utf16ToCodePoint", text, 99) == 3
    assert js("lib/offsets.js", "codePointToUtf16", text, 99) == 4


BODY = (
    "Harbour officials warned on Tuesday that the sea wall could fail. "
    "The wall is old but safe, the city engineer said.\n\n"
    "The mayor said: \u201cWe will build a well\u2011known barrier by 2030,\u201d and left. "
    "Fans \U0001f44d\U0001f3fd it. Mr. Smith (the U.S. envoy) didn't agree."
)


def snapped(js, selected: str, *, before: int = 0, after: int = 0, occurrence: int = 0) -> str:
    """Snap a selection of `selected` (grown by `before`/`after` characters) in BODY."""
    start = -1
    for _ in range(occurrence + 1):
        start = BODY.index(selected, start + 1)
    units = utf16_offsets(BODY)
    span = js(
        "lib/snap.js",
        "snapSelection",
        BODY,
        units[start - before],
        units[start + len(selected) + after],
    )
    if span is None:
        return None
    return BODY.encode("utf-16-le")[span["start"] * 2 : span["end"] * 2].decode("utf-16-le")


@pytest.mark.parametrize(
    ("selected", "before", "after", "expected"),
    [
        ("arbour officials warn", 0, 0, "Harbour officials warned"),
        ("sea wall could fail. ", 2, 0, "the sea wall could fail"),
        ("sea wall could fail. ", 1, 0, "sea wall could fail"),
        (
            "The wall is old but safe, the city engineer said.",
            0,
            2,
            "The wall is old but safe, the city engineer said.",
        ),
        ("the city engineer said.", 0, 0, "the city engineer said"),
        ("engineer said.\n\nThe mayor", 0, 0, "engineer said.\n\nThe mayor"),
        ("\u201cWe will build", 2, 0, "We will build"),
        (
            "\u201cWe will build a well\u2011known barrier by 2030,\u201d",
            2,
            1,
            "\u201cWe will build a well\u2011known barrier by 2030,\u201d",
        ),
        (
            "We will build a well\u2011known barrier by 2030,\u201d",
            0,
            1,
            "We will build a well\u2011known barrier by 2030",
        ),
        ("ell\u2011kno", 0, 0, "well\u2011known"),
        ("ans \U0001f44d", 0, 0, "Fans \U0001f44d\U0001f3fd"),
        ("(the U.S. envoy)", 0, 0, "the U.S. envoy"),
        ("didn", 0, 0, "didn't"),
        (", ", 0, 0, ""),
    ],
)
def test_a_selection_snaps_to_words_and_trims_stray_punctuation(
    js, selected, before, after, expected
):
    result = snapped(js, selected, before=before, after=after)
    assert (result or "") == expected


def test_word_helpers_find_word_edges_across_joiners(js):
    text = "a well\u2011known, U.S.-based firm"
    start = text.index("known")
    assert js("lib/snap.js", "wordStart", text, start) == text.index("well")
    assert js("lib/snap.js", "wordEnd", text, start + 1) == text.index(",")


@pytest.mark.parametrize(
    ("text", "index", "expected"),
    [
        ("First. Second", 7, True),
        ("First.\u201d Second", 8, True),
        ("Para one\n\nSecond", 10, True),
        ("said the man", 5, False),
        ("start", 0, True),
    ],
)
def test_sentence_starts_are_recognised(js, text, index, expected):
    assert js("lib/snap.js", "isSentenceStart", text, index) is expected


MOVES = "lib/text-moves.js"


def test_the_caret_moves_by_word_and_sentence(js):
    text = "The mayor said: “It won’t hold.” Then she left.\n\nA new paragraph 😀ok here."
    assert js(MOVES, "nextWordStart", text, 0) == text.index("mayor")
    assert js(MOVES, "nextWordStart", text, text.index("said")) == text.index("It")
    assert js(MOVES, "nextWordStart", text, text.index("It")) == text.index("won’t")
    assert js(MOVES, "previousWordStart", text, text.index("hold") + 2) == text.index("hold")
    assert js(MOVES, "previousWordStart", text, text.index("hold")) == text.index("won’t")
    assert js(MOVES, "nextSentenceStart", text, 0) == text.index("Then")
    assert js(MOVES, "nextSentenceStart", text, text.index("Then")) == text.index("A new")
    assert js(MOVES, "previousSentenceStart", text, text.index("left")) == text.index("Then")
    assert js(MOVES, "previousSentenceStart", text, text.index("Then")) == 0
    # An emoji is one character: the caret never lands inside its surrogate pair.
    emoji = text.index("😀")
    assert js(MOVES, "previousWordStart", text, text.index("here")) == emoji
    assert js(MOVES, "nextWordStart", text, text.index("paragraph")) == emoji


def test_a_span_end_takes_in_the_final_period_then_the_next_word(js):
    text = "She said the wall is safe. Then she left."
    start = text.index("the wall")
    end = text.index(". Then")
    span = {"start": start, "end": end}
    assert js(MOVES, "nudge", text, span, "end", 1) == {"start": start, "end": end + 1}
    grown = js(MOVES, "nudge", text, {"start": start, "end": end + 1}, "end", 1)
    assert text[start : grown["end"]] == "the wall is safe. Then"
    assert js(MOVES, "nudge", text, {"start": start, "end": end + 1}, "end", -1) == span
    shrunk = js(MOVES, "nudge", text, span, "end", -1)
    assert text[start : shrunk["end"]] == "the wall is"
    earlier = js(MOVES, "nudge", text, span, "start", -1)
    assert text[earlier["start"] : end] == "said the wall is safe"
    later = js(MOVES, "nudge", text, span, "start", 1)
    assert text[later["start"] : end] == "wall is safe"
    # A one-word span keeps its word: neither end passes the other.
    word = {"start": text.index("safe"), "end": end}
    assert js(MOVES, "nudge", text, word, "end", -1) == word
    assert js(MOVES, "nudge", text, word, "start", 1) == word

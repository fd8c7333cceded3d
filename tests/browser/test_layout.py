"""The editor and the lists at 900 px and 390 px: nothing overflows, the form follows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.editor_helpers import list_entry, log_in_fast

QUOTE = "the sea wall could fail"


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _box(page, selector):
    return page.locator(selector).bounding_box()


PAGES = ["/", "/statements/", "/review/", "/review/agreement/", "/accounts/", "/articles/import/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [900, 390])
def test_no_page_overflows_sideways(page, live_server, reviewer, article, path, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 800})
    log_in_fast(page, live_server.url, reviewer)
    page.goto(path)
    page.screenshot(path=str(tmp_path / f"page-{width}.png"))
    assert _overflow(page) <= 0
    assert page.js_errors == []


def test_at_390_px_the_top_bar_is_a_menu(page, live_server, reviewer, article):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in_fast(page, live_server.url, reviewer)
    page.goto("/")
    links = page.get_by_role("navigation", name="Main")
    expect(links).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    links.get_by_role("link", name="Statements").click()
    page.wait_for_url("**/statements/")
    expect(page.get_by_role("heading", name="Statements")).to_be_visible()


def test_at_900_px_the_form_stays_beside_the_text(
    page, live_server, analyst, article, make_statement, tmp_path
):
    make_statement(article, QUOTE)
    page.set_viewport_size({"width": 900, "height": 800})
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    list_entry(page, QUOTE).click()
    expect(page.get_by_role("heading", name="Edit statement")).to_be_in_viewport()
    text, form = _box(page, "#article-text"), _box(page, "#form-panel")
    assert form["x"] >= text["x"] + text["width"]
    page.screenshot(path=str(tmp_path / "editor-900.png"))
    assert _overflow(page) <= 0


def test_at_390_px_the_form_is_a_drawer_that_follows_the_selection(
    page, live_server, analyst, article, make_statement, tmp_path
):
    make_statement(article, QUOTE)
    page.set_viewport_size({"width": 390, "height": 800})
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    folded = _box(page, "#form-panel")
    assert folded["height"] < 60 and folded["y"] + folded["height"] <= 800
    entry = list_entry(page, QUOTE)
    entry.scroll_into_view_if_needed()
    entry.click()
    page.evaluate("window.scrollTo(0, 0)")  # back at the text: the form is still there
    expect(page.get_by_role("heading", name="Edit statement")).to_be_in_viewport()
    drawer = _box(page, "#form-panel")
    assert drawer["height"] > 200 and drawer["y"] + drawer["height"] <= 800 + 1
    page.screenshot(path=str(tmp_path / "editor-390.png"))
    assert _overflow(page) <= 0
    assert page.js_errors == []


def _luminance(page, selector: str, prop: str) -> float:
    rgb = page.eval_on_selector(
        selector, f"(el) => getComputedStyle(el)['{prop}'].match(/\\d+/g).slice(0, 3)"
    )
    return sum(int(channel) for channel in rgb) / 3


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_theme_follows_the_system_colour_scheme(
    page, live_server, analyst, article, make_statement, scheme, tmp_path
):
    make_statement(article, QUOTE)
    page.emulate_media(color_scheme=scheme)
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    page.screenshot(path=str(tmp_path / f"editor-{scheme}.png"))
    paper = _luminance(page, ".article-pane", "backgroundColor")
    ink = _luminance(page, "#article-text", "color")
    if scheme == "dark":
        assert paper < 60 < 180 < ink
    else:
        assert ink < 60 < 180 < paper
    assert page.js_errors == []


def _intersect(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [1440, 900])
def test_statements_and_suggestions_show_at_once_and_undo_covers_neither(
    page, live_server, analyst, article, make_statement, width, tmp_path
):
    make_statement(article, QUOTE)
    page.set_viewport_size({"width": width, "height": 900})
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    page.get_by_role("button", name="Suggestions").click()
    suggestion = page.locator(".sg-entry").first
    expect(suggestion).to_be_in_viewport()
    expect(list_entry(page, QUOTE)).to_be_in_viewport()
    # Clicking the list's header leaves both lists open.
    page.locator(".list-panel .panel-head h2").click()
    expect(suggestion).to_be_in_viewport()

    list_entry(page, QUOTE).click()
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    bar = page.locator("#undo-bar")
    expect(bar).to_be_visible()
    page.screenshot(path=str(tmp_path / f"editor-{width}.png"))
    assert not _intersect(_box(page, "#undo-bar"), _box(page, ".side-pane"))
    assert page.js_errors == []


_ACTIVE_BOTTOM = """() => {
  const [r] = [...(CSS.highlights.get("st-active") || [])];
  if (!r) return null;
  const range = document.createRange();
  range.setStart(r.startContainer, r.startOffset);
  range.setEnd(r.endContainer, r.endOffset);
  const box = range.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom};
}"""


def test_at_390_px_a_link_to_a_statement_shows_it_above_the_drawer(
    page, live_server, analyst, make_article, make_statement
):
    article = make_article(
        body="The mayor said the barrier will hold until March, whatever the weather.\n\n"
        + "\n\n".join(
            f"Background paragraph {n} about the harbour and its walls." for n in range(40)
        )
    )
    statement = make_statement(article, "the barrier will hold until March")
    page.set_viewport_size({"width": 390, "height": 800})
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/articles/{article.pk}/#statement-{statement.pk}")
    expect(page.get_by_role("heading", name="Edit statement")).to_be_visible()
    page.wait_for_function(
        "document.getElementById('form-panel').getBoundingClientRect().top < 500"
    )
    page.wait_for_timeout(100)
    drawer = _box(page, "#form-panel")
    active = page.evaluate(_ACTIVE_BOTTOM)
    assert active is not None and active["top"] >= 0 and active["bottom"] <= drawer["y"]
    assert page.js_errors == []

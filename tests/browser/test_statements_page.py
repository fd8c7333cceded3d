"""Finding statements again: the Statements page, its export, and links that open a statement."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from articles import services
from articles.models import Status
from tests.browser.editor_helpers import form_quote, log_in_fast

FILLER = "\n\n".join(
    f"Paragraph {n} of the background, with nothing quoted in it." for n in range(60)
)

# The text of the one range the editor marks as the open statement, and whether the
# browser shows it.
_ACTIVE = """() => {
  const ranges = [...(CSS.highlights.get("st-active") || [])];
  if (ranges.length !== 1) return null;
  const range = document.createRange();  // the highlight may hold a StaticRange
  range.setStart(ranges[0].startContainer, ranges[0].startOffset);
  range.setEnd(ranges[0].endContainer, ranges[0].endOffset);
  const box = range.getBoundingClientRect();
  return {text: range.toString(), shown: box.top >= 0 && box.bottom <= window.innerHeight};
}"""


def _long_article(make_article):
    return make_article(
        title="Barrier inspection",
        body=f"{FILLER}\n\nThe engineer said the barrier will hold until March.",
    )


def test_an_analyst_filters_statements_and_downloads_them(
    page, live_server, analyst, reviewer, article, make_statement, other_speaker
):
    approved = make_statement(article)
    services.statement_review(statement=approved, decision=Status.APPROVED, by=reviewer)
    make_statement(
        article, "We will build a new barrier by 2030", stance="policy", speaker=other_speaker
    )
    log_in_fast(page, live_server.url, analyst)
    page.goto("/")
    page.get_by_role("link", name="Statements").click()
    rows = page.locator(".statement-table tbody tr")
    expect(rows).to_have_count(2)

    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(approved.quote)
    expect(page.locator("#statement-count")).to_have_text("1 statement")

    with page.expect_download() as download_info:
        page.get_by_role("group", name="Export these statements").get_by_role(
            "link", name="CSV"
        ).click()
    download = download_info.value
    assert download.suggested_filename.startswith("statements-approved-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    exported = [row for row in rows if row["id"] != "_count"]
    assert [(row["id"], row["quote"], row["status"]) for row in exported] == [
        (str(approved.pk), approved.quote, "approved")
    ]
    assert page.js_errors == []


def test_a_row_opens_its_statement_in_the_editor_scrolled_to_and_selected(
    page, live_server, analyst, make_article, make_statement
):
    article = _long_article(make_article)
    statement = make_statement(article, "the barrier will hold until March")
    log_in_fast(page, live_server.url, analyst)
    page.goto("/statements/")
    page.get_by_role("link", name=statement.quote).click()
    page.wait_for_url(f"**/articles/{article.pk}/#statement-{statement.pk}")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(page.get_by_role("heading", name="Edit statement")).to_be_visible()
    expect(form_quote(page)).to_have_text(statement.quote)
    expect(page.locator("#statement-list [aria-current=true]")).to_contain_text(statement.quote)
    page.wait_for_function(f"({_ACTIVE})()?.shown === true")
    assert page.evaluate(_ACTIVE)["text"] == statement.quote
    assert page.js_errors == []


def test_the_open_statement_is_in_the_address_and_a_missing_one_is_explained(
    page, live_server, analyst, other_analyst, make_article, make_statement
):
    article = _long_article(make_article)
    first = make_statement(article, "Paragraph 3 of the background")
    second = make_statement(article, "the barrier will hold until March")
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/articles/{article.pk}/")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    page.locator("#statement-list li", has_text=second.quote).click()
    expect(page).to_have_url(f"{live_server.url}/articles/{article.pk}/#statement-{second.pk}")

    # Following a link within the page opens what it names.
    page.evaluate(f"window.location.hash = '#statement-{first.pk}'")
    expect(form_quote(page)).to_have_text(first.quote)

    gone = make_statement(article, "Paragraph 7 of the background")
    gone_id = gone.pk
    services.statement_delete(statement=gone, by=analyst)
    page.goto(f"/articles/{article.pk}/#statement-{gone_id}")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(page.locator("#statement-form [role=status]")).to_contain_text(
        f"Statement {gone_id} is not in this article: it was deleted"
    )

    elsewhere = make_statement(make_article(title="Another article"))
    page.goto(f"/articles/{article.pk}/#statement-{elsewhere.pk}")
    notice = page.locator("#statement-form [role=status]")
    expect(notice).to_contain_text("is in another article, “Another article”")
    notice.get_by_role("link", name="Open it there").click()
    page.wait_for_url(f"**/articles/{elsewhere.article_id}/#statement-{elsewhere.pk}")
    expect(form_quote(page)).to_have_text(elsewhere.quote)
    assert page.js_errors == []

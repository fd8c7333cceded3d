"""The insight charts in the browser: drawn under the CSP, filtered, and their numbers."""

from __future__ import annotations

import csv
import datetime
import io

from playwright.sync_api import expect

from articles import services
from articles.models import Speaker

from .editor_helpers import log_in_fast

BODY = "Alpha said one. Beta said two. Gamma said three."

# Bars Chart.js drew with a height or width above zero, per chart.
_MARKS = """(name) => {
  const chart = window.Chart.getChart(document.getElementById(`chart-${name}`));
  let marks = 0;
  chart.data.datasets.forEach((set, i) => {
    chart.getDatasetMeta(i).data.forEach((bar, j) => { if (set.data[j] > 0) marks += 1; });
  });
  return marks;
}"""


def _corpus(make_article, analyst, reviewer):
    blinken = Speaker.objects.create(name="Antony Blinken")
    sullivan = Speaker.objects.create(name="Jake Sullivan")
    for n, (source, month) in enumerate([("Wire", 5), ("Daily", 5), ("Wire", 7)]):
        article = make_article(
            body=f"{BODY} Story {n}.", source=source, published_on=datetime.date(2024, month, 10)
        )
        for part, speaker, stance in [
            ("Alpha said one", blinken, "warning"),
            ("Beta said two", sullivan, "reassurance" if n else "warning"),
        ]:
            start = article.body.index(part)
            statement = services.statement_create(
                article=article, start=start, end=start + len(part), speaker=speaker,
                stance=stance, by=analyst,
            )  # fmt: skip
            services.statement_review(statement=statement, decision="approved", by=reviewer)


def test_the_overview_draws_its_charts_and_a_filter_changes_them(
    page, live_server, analyst, reviewer, make_article
):
    _corpus(make_article, analyst, reviewer)
    log_in_fast(page, live_server.url, analyst)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="What the statements say")).to_be_visible()
    page.wait_for_function(
        "window.Chart && window.Chart.getChart(document.getElementById('chart-speakers'))"
    )
    # Over time: May has warnings (3) and a reassurance, June nothing, July both stances.
    assert page.evaluate(_MARKS, "over_time") == 4
    assert page.evaluate(_MARKS, "speakers") == 3  # Blinken warning; Sullivan both
    assert page.evaluate(_MARKS, "outlets") == 4

    page.get_by_label("Outlet", exact=True).select_option("Daily")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**outlet=Daily**")
    page.wait_for_function(
        "window.Chart && window.Chart.getChart(document.getElementById('chart-outlets'))"
    )
    assert page.evaluate(_MARKS, "outlets") == 2
    assert page.evaluate(_MARKS, "over_time") == 2
    assert page.js_errors == []


def test_the_table_and_the_csv_hold_the_charts_numbers(
    page, live_server, analyst, reviewer, make_article
):
    _corpus(make_article, analyst, reviewer)
    log_in_fast(page, live_server.url, analyst)
    page.goto("/insights/")
    section = page.locator("[data-chart=speakers]")
    section.get_by_text("The numbers").click()
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(2)
    table = [row.locator("th, td").all_text_contents() for row in rows.all()]
    assert table == [["Antony Blinken", "3", "0", "0", "3"], ["Jake Sullivan", "1", "2", "0", "3"]]
    chart = page.evaluate(
        "() => window.Chart.getChart(document.getElementById('chart-speakers')).data.datasets"
        ".map((set) => set.data)"
    )
    assert chart == [[3, 1], [0, 2], [0, 0]]
    with page.expect_download() as download:
        section.get_by_role("link", name="CSV").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["Antony Blinken", "3", "0", "0", "3"],
        ["Jake Sullivan", "1", "2", "0", "3"],
    ]
    assert page.js_errors == []


def test_a_speaker_page_draws_their_timeline_and_roles(
    page, live_server, analyst, reviewer, make_article
):
    from articles.models import SpeakerRole

    _corpus(make_article, analyst, reviewer)
    blinken = Speaker.objects.get(name="Antony Blinken")
    SpeakerRole.objects.create(
        speaker=blinken, role="Secretary of State", started_on=datetime.date(2024, 6, 1)
    )
    log_in_fast(page, live_server.url, analyst)
    page.goto(f"/speakers/{blinken.pk}/")
    page.wait_for_function(
        "window.Chart && window.Chart.getChart(document.getElementById('chart-roles'))"
    )
    assert page.evaluate(_MARKS, "over_time") == 2  # May and July, warnings
    roles = page.evaluate(
        "() => window.Chart.getChart(document.getElementById('chart-roles')).data.datasets[0].data"
    )
    assert roles == [[0.6, 2.4]]  # June and July of May–July
    assert page.js_errors == []


LINE = "a major ground offensive would result in widespread civilian casualties"


def _claim_in_two_outlets(make_article, analyst) -> list:
    """Blinken's warning, reported by two outlets and grouped into a claim."""
    from articles import claim_groups

    speaker = Speaker.objects.create(name="Antony Blinken")
    articles = []
    for source in ("Wire", "Daily"):
        article = make_article(body=f"Officials said {LINE}, {source} reported.", source=source)
        start = article.body.index(LINE)
        services.statement_create(
            article=article, start=start, end=start + len(LINE), speaker=speaker,
            stance="warning", by=analyst,
        )  # fmt: skip
        articles.append(article)
    claim_groups.regroup()
    return articles


def test_also_in_other_articles_links_to_the_claim(page, live_server, analyst, make_article):
    from .editor_helpers import list_entry, open_editor

    articles = _claim_in_two_outlets(make_article, analyst)
    open_editor(page, live_server, analyst, articles[0])
    list_entry(page, LINE).click()
    link = page.get_by_role("link", name="Also in 1 other article")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="The claim")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(2)
    assert page.js_errors == []


def test_a_new_statement_of_a_known_claim_starts_from_its_speaker_and_stance(
    page, live_server, analyst, make_article
):
    from .editor_helpers import open_editor, select_quote

    _claim_in_two_outlets(make_article, analyst)
    third = make_article(body=f"An aide repeated that {LINE} on Monday.", source="Post")
    open_editor(page, live_server, analyst, third)
    select_quote(page, third.body, LINE)
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Antony Blinken")
    expect(page.get_by_label("Stance", exact=True)).to_have_value("warning")
    expect(page.locator("#save-status")).to_contain_text("in 2 other articles")
    assert page.js_errors == []

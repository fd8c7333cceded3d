"""Reviewing with the keyboard: j/k move, a approves, r asks why and rejects."""

import re

from playwright.sync_api import expect

from articles.models import Status


def test_a_reviewer_clears_the_queue_with_keys(page, login, reviewer, article, make_statement):
    first = make_statement(article)
    second = make_statement(article, "We will build a new barrier by 2030", stance="policy")
    third = make_statement(article, "The wall is old but safe", stance="reassurance")
    login(reviewer, "/review/")
    items = page.locator(".queue-item")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_have_class(re.compile("current"))

    page.keyboard.press("a")
    expect(items.nth(0).locator(".queue-status")).to_have_text("Approved ✓")
    expect(items.nth(1)).to_have_class(re.compile("current"))

    page.keyboard.press("r")
    reason = items.nth(1).locator(".reason")
    expect(reason).to_be_focused()
    reason.fill("Not said by the mayor")
    reason.press("Enter")
    expect(items.nth(1).locator(".queue-status")).to_contain_text("Rejected")

    page.keyboard.press("k")
    page.keyboard.press("j")
    expect(items.nth(2)).to_have_class(re.compile("current"))
    page.keyboard.press("?")
    expect(page.locator("#review-help")).to_be_visible()

    for statement, status in [
        (first, Status.APPROVED),
        (second, Status.REJECTED),
        (third, Status.PENDING),
    ]:
        statement.refresh_from_db()
        assert statement.status == status
    second.refresh_from_db()
    assert second.review_comment == "Not said by the mayor"
    assert page.js_errors == []

    page.keyboard.press("e")
    page.wait_for_url(f"**/articles/{article.pk}/#statement-{third.pk}")


def test_a_decision_in_the_queue_is_undone(page, login, reviewer, article, make_statement):
    statement = make_statement(article)
    login(reviewer, "/review/")
    item = page.locator(".queue-item").first
    page.keyboard.press("a")
    expect(item.locator(".queue-status")).to_have_text("Approved ✓")
    bar = page.locator("#undo-bar")
    expect(bar).to_contain_text("Approved the statement")
    page.keyboard.press("Control+z")
    expect(bar).to_contain_text("Undone: approved the statement.")
    expect(item.locator(".queue-status")).to_have_text("Back in the queue.")
    expect(item.get_by_role("button", name="Approve")).to_be_enabled()
    statement.refresh_from_db()
    assert (statement.status, statement.version) == (Status.PENDING, 3)

    page.keyboard.press("r")
    item.locator(".reason").fill("Wrong speaker")
    item.locator(".reason").press("Enter")
    expect(item.locator(".queue-status")).to_contain_text("Rejected")
    statement.refresh_from_db()
    assert (statement.status, statement.review_comment) == (Status.REJECTED, "Wrong speaker")
    assert page.js_errors == []


def test_a_reviewer_settles_a_disagreeing_pair_on_the_agreement_page(
    page, login, reviewer, analyst, other_analyst, other_speaker, make_article, make_statement
):
    article = make_article(
        title="Sea wall", double_annotation=True, annotators=[analyst, other_analyst]
    )
    mine = make_statement(article)
    theirs = make_statement(article, by=other_analyst, speaker=other_speaker, stance="policy")
    login(reviewer, "/review/agreement/")
    item = page.locator(".disagreement")
    expect(item).to_have_count(1)
    expect(item.locator(".differs")).to_have_count(4)  # speaker and stance, on both sides
    item.get_by_role("button", name=f"Keep {other_analyst.username}’s, reject the other").click()
    expect(page.get_by_text(f"Kept {other_analyst.username}’s statement")).to_be_visible()
    expect(page.locator(".disagreement")).to_contain_text(
        f"Settled: kept {other_analyst.username}’s reading."
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Status.REJECTED, Status.APPROVED)

    page.locator(".disagreement").get_by_role("link", name="Open to edit").first.click()
    page.wait_for_url(f"**/articles/{article.pk}/#statement-{mine.pk}")
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    expect(page.locator("#statement-list [aria-current=true]")).to_contain_text(mine.quote)
    assert page.js_errors == []

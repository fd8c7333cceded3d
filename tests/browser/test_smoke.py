"""Log in, open the article list, open an article and read it."""

import re

from playwright.sync_api import expect


def test_an_analyst_logs_in_and_reads_an_article(page, login, analyst, article):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    login(analyst)
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    page.get_by_role("link", name=article.title).click()
    text = page.get_by_role("article", name="Article text")
    expect(text).to_contain_text(
        "Harbour officials warned on Tuesday that the sea wall could fail."
    )
    expect(text).to_contain_text("We will build a new barrier by 2030")
    assert page.js_errors == []

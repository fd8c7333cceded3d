"""The account page: find it from the top bar, revoke a token, change the password."""

import os

from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

NEW_PASSWORD = "a-brand-new-passphrase-for-ana"


def test_an_analyst_revokes_a_token_and_changes_the_password(page, login, analyst):
    Token.objects.create(user=analyst)
    login(analyst)
    page.get_by_role("link", name="ana").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Expires")
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        for width in (1440, 900, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{shots}/account-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1400, "height": 900})

    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_contain_text("revoked")
    expect(page.get_by_text("You have no API token.")).to_be_visible()
    assert not Token.objects.filter(user=analyst).exists()

    page.get_by_label("Old password").fill("wrong")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your old password was entered incorrectly")).to_be_visible()
    if shots:
        page.set_viewport_size({"width": 390, "height": 900})
        page.screenshot(path=f"{shots}/account-error-390.png", full_page=True)
        page.set_viewport_size({"width": 1400, "height": 900})

    from tests.conftest import PASSWORD

    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password was changed")
    analyst.refresh_from_db()
    assert analyst.check_password(NEW_PASSWORD)
    assert page.js_errors == []

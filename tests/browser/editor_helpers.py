"""Drive the article editor like an analyst: real mouse selections over computed text positions."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

# Viewport rectangles of the characters at two code-point offsets of the article body.
_CHAR_BOXES = """
([start, end]) => {
  const container = document.querySelector('[role=article][aria-label="Article text"]');
  const paragraphs = Array.from(container.children);
  // Code point offset -> [text node, UTF-16 offset]. Paragraphs are joined by "\\n\\n".
  function locate(cp) {
    let remaining = cp;
    for (const p of paragraphs) {
      const node = p.firstChild;
      const text = node ? node.data : "";
      const length = Array.from(text).length;
      if (remaining < length) {
        const unit = Array.from(text).slice(0, remaining).join("").length;
        return [node, unit];
      }
      remaining -= length + 2;
      if (remaining < 0) throw new Error(`offset ${cp} falls between paragraphs`);
    }
    throw new Error(`offset ${cp} is past the end of the text`);
  }
  // A combining mark or half a grapheme may have no box of its own: widen to neighbours.
  function box(cp) {
    const [node, unit] = locate(cp);
    const range = document.createRange();
    for (let grow = 0; grow < 6; grow++) {
      const from = Math.max(0, unit - grow);
      const to = Math.min(node.length, unit + 1 + grow + (node.data.codePointAt(unit) > 0xffff));
      range.setStart(node, from);
      range.setEnd(node, to);
      const rect = Array.from(range.getClientRects()).find((r) => r.width > 0);
      if (rect) return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
    }
    throw new Error(`no box for offset ${cp}`);
  }
  return [box(start), box(end - 1)];
}
"""


def editor_url(article) -> str:
    return f"/articles/{article.pk}/"


def log_in_fast(page: Page, base_url: str, user) -> None:
    """Give the browser a logged-in session cookie without going through the form."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]
    )


def open_editor(page: Page, live_server, user, article) -> Page:
    """Open the editor on `article` as `user` and wait until it is ready."""
    log_in_fast(page, live_server.url, user)
    page.goto(editor_url(article))
    expect(page.locator("#editor")).to_have_attribute("data-state", "ready")
    return page


def article_text(page: Page):
    return page.get_by_role("article", name="Article text")


def select_text(page: Page, start: int, end: int) -> None:
    """Drag the mouse from the character at `start` to the one before `end` (code points)."""
    first, last = page.evaluate(_CHAR_BOXES, [start, end])
    y1 = (first["top"] + first["bottom"]) / 2
    y2 = (last["top"] + last["bottom"]) / 2
    page.mouse.move(first["left"] + 1, y1)
    page.mouse.down()
    page.mouse.move((first["left"] + last["right"]) / 2, (y1 + y2) / 2, steps=2)
    page.mouse.move(last["right"] - 1, y2, steps=3)
    page.mouse.up()


def select_quote(page: Page, body: str, quote: str, *, extra_before: int = 0, extra_after: int = 0):
    """Select `quote` in `body`, optionally starting before or ending after it."""
    start = body.index(quote)
    select_text(page, start - extra_before, start + len(quote) + extra_after)


def char_centre(page: Page, offset: int) -> tuple[float, float]:
    """Viewport point in the middle of the character at `offset` (code points)."""
    box, _ = page.evaluate(_CHAR_BOXES, [offset, offset + 1])
    return (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2


def click_text(page: Page, offset: int) -> None:
    page.mouse.click(*char_centre(page, offset))


def hover_text(page: Page, offset: int) -> None:
    page.mouse.move(*char_centre(page, offset))


def form_quote(page: Page):
    return page.locator("#form-quote")


def status(page: Page):
    return page.locator("#save-message")


def pick_speaker(page: Page, typed: str, name: str) -> None:
    speaker = page.get_by_label("Speaker", exact=True)
    speaker.fill(typed)
    page.get_by_role("option", name=re.compile(re.escape(name))).first.click()
    expect(speaker).to_have_value(name)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save statement").click()
    expect(status(page)).to_contain_text("Saved")


def annotate(page: Page, body: str, quote: str, *, speaker: str = "Ada Mayor", key: str = "1"):
    """Select `quote`, attribute it, give it a stance by key and save it."""
    select_quote(page, body, quote)
    expect(form_quote(page)).to_have_text(quote)
    pick_speaker(page, speaker.split()[0], speaker)
    page.get_by_label("Speaker", exact=True).blur()
    page.keyboard.press(key)
    save(page)


def list_entry(page: Page, text: str):
    return page.locator("#statement-list").get_by_role("button", name=re.compile(re.escape(text)))

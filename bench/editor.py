"""Time the article editor in Chromium: how soon it opens, answers, and confirms a save.

    python -m bench.editor                       # build a 20,000-word article with 2,000
                                                 # statements in a scratch database, serve
                                                 # it with gunicorn and measure
    python -m bench.editor --base-url http://127.0.0.1:8000 --username analyst \\
        --password analyst-demo-pass --article 1  # measure a running server

Timings come from the page's own clock (the Performance API), so Playwright's round
trips are not counted:

- open_ms: navigation start until the article text and its statement highlights are
  painted;
- interactive_ms: until the editor has attached its handlers and painted the frame
  after (text can be selected, statements opened, the form answers);
- list_complete_ms: until the last of the statement list (built in slices between
  frames, first screenful first) is in place;
- selection_feedback_ms: mouse released over a selection until the quote shows in the
  form;
- save_feedback_ms: Save clicked until "Saving…" is painted; save_done_ms: until
  "Saved" is painted (server round trip included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from harness.chromium import CHROMIUM, CHROMIUM_ARGS
from harness.servers import free_port

ROOT = Path(__file__).resolve().parent.parent

# In-page helpers: where a code point offset of the body is on screen.
_BOXES = """
([start, end]) => {
  const container = document.querySelector('[role=article][aria-label="Article text"]');
  const paragraphs = Array.from(container.children);
  function locate(cp) {
    let remaining = cp;
    for (const p of paragraphs) {
      const node = p.firstChild;
      const chars = Array.from(node.data);
      if (remaining < chars.length) return [node, chars.slice(0, remaining).join("").length];
      remaining -= chars.length + 2;
    }
    throw new Error(`offset ${cp} is past the end of the text`);
  }
  function box(cp) {
    const [node, unit] = locate(cp);
    const range = document.createRange();
    range.setStart(node, unit);
    range.setEnd(node, unit + 1);
    const r = Array.from(range.getClientRects()).find((rect) => rect.width > 0);
    return { left: r.left, right: r.right, y: (r.top + r.bottom) / 2 };
  }
  return [box(start), box(end - 1)];
}
"""

# Resolve with performance.now() at the first frame painted after `element` shows
# `text`, and the timestamp of the event that started it.
_WATCH = """
([selector, text, eventType, target]) => new Promise((resolve) => {
  const element = document.querySelector(selector);
  let started = null;
  document.querySelector(target).addEventListener(eventType, (e) => { started = e.timeStamp; },
    { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!element.textContent.includes(text) || element.hidden) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => resolve([started, performance.now()]), 0));
  });
  observer.observe(element, { childList: true, characterData: true, subtree: true,
    attributes: true });
  window.__benchWatch = true;
})
"""

_MARKS = """
() => {
  const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  return {
    painted: at("editor:painted"), ready: at("editor:ready"),
    interactive: at("editor:interactive"), fcp: at("first-contentful-paint"),
    listed: at("editor:list-complete"),
  };
}
"""


def measure_editor(
    base_url: str,
    username: str,
    password: str,
    article_id: int,
    *,
    chromium: str = CHROMIUM,
    runs: int = 3,
) -> dict:
    """Open the editor `runs` times and save one statement each time; median timings in ms."""
    from playwright.sync_api import sync_playwright

    base_url = base_url.rstrip("/")
    samples: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/login/" in page.url:
            raise RuntimeError(f"Could not log in to {base_url} as {username}.")
        for _ in range(runs):
            for name, value in _one_run(page, article_id).items():
                samples.setdefault(name, []).append(value)
        browser.close()
    if errors:
        raise RuntimeError(f"The editor raised JavaScript errors: {errors}")
    result = {name: round(statistics.median(values), 1) for name, values in samples.items()}
    result["runs"] = runs
    return result


def _one_run(page, article_id: int) -> dict:
    wall = time.perf_counter()
    page.goto(f"/articles/{article_id}/", wait_until="commit")
    page.wait_for_function(
        "() => performance.getEntriesByName('editor:interactive').length"
        " && performance.getEntriesByName('editor:list-complete').length"
    )
    wall_ms = (time.perf_counter() - wall) * 1000
    marks = page.evaluate(_MARKS)
    page.evaluate("() => localStorage.clear()")
    counts = page.evaluate(
        "() => ({words: Array.from(document.querySelectorAll('[role=article] p'),"
        " (p) => p.textContent.split(/\\s+/).filter(Boolean).length).reduce((a, b) => a + b, 0),"
        " statements: document.querySelectorAll('#statement-list > li').length})"
    )

    # Select the first sentence-sized span of the first paragraph with the mouse.
    first, last = page.evaluate(_BOXES, [0, 40])
    page.evaluate(
        "(args) => { window.__benchSelect = (" + _WATCH + ")(args); }",
        ["#form-quote", "", "pointerup", "#article-text"],
    )
    page.mouse.move(first["left"] + 1, first["y"])
    page.mouse.down()
    page.mouse.move(last["right"] - 1, last["y"], steps=4)
    page.mouse.up()
    started, shown = page.evaluate("() => window.__benchSelect")
    selection_ms = shown - started

    page.fill("#speaker-input", "Bench")
    page.locator("#speaker-options [role=option]").first.click()
    page.locator("#stance-select").select_option(index=1)
    page.evaluate(
        "(args) => { window.__benchSaving = (" + _WATCH + ")(args);"
        " window.__benchSaved = (" + _WATCH.replace("once: true", "once: false") + ")("
        "[args[0], 'Saved', args[2], args[3]]); }",
        ["#save-message", "Saving", "click", "#save-button"],
    )
    page.click("#save-button")
    click_at, saving_at = page.evaluate("() => window.__benchSaving")
    _, saved_at = page.evaluate("() => window.__benchSaved")
    # Leave the article as it was: delete the statement just made.
    page.evaluate(
        """async () => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const list = await (await fetch(
              `/api/statements/?article=${JSON.parse(
                document.getElementById("editor-config").textContent).articleId}` +
              "&ordering=-created_at&page_size=1")).json();
            await fetch(`/api/statements/${list.results[0].id}/`,
              {method: "DELETE", headers: {"X-CSRFToken": token}});
        }"""
    )
    return {
        "open_ms": marks["ready"],
        "interactive_ms": marks["interactive"],
        "list_complete_ms": marks["listed"],
        "first_paint_ms": marks["fcp"] or 0.0,
        "open_wall_ms": wall_ms,
        "selection_feedback_ms": selection_ms,
        "save_feedback_ms": saving_at - click_at,
        "save_done_ms": saved_at - click_at,
        "words": counts["words"],
        "statements": counts["statements"],
    }


# Building a large article ---------------------------------------------------------------

VOCABULARY = """
officials council harbour barrier tide storm river engineers inspection gates city residents
warned minister budget agency repairs flood levy pumps district report government spokesperson
emergency measures forecast weekend sensors movement funding contract workers evacuation plan
committee opposition scientists damage coast defences the a of to in and on for with that by
from at as will would could said says told
"""
WORDS = VOCABULARY.split()
SPEAKERS = [f"Bench Speaker {n:02d}" for n in range(30)]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.03:
        words.insert(rng.randint(1, len(words) - 1), "\U0001f44d\U0001f3fd")
    text = " ".join(words)
    if rng.random() < 0.15:
        return f"\u201c{text},\u201d {rng.choice(['he', 'she', 'they'])} said."
    return text + "."


def make_body(words: int, rng: random.Random) -> str:
    paragraphs: list[str] = []
    total = 0
    while total < words:
        sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph.split())
    return "\n\n".join(paragraphs)


def create_bench_article(
    *, words: int = 20_000, statements: int = 2_000, username: str = "bench", seed: int = 7
):
    """An article of `words` words with `statements` statements (bulk-created, no history)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from articles import services
    from articles.models import Speaker, Stance, Statement, Status, Topic
    from articles.roles import ANALYSTS, ensure_role_groups

    rng = random.Random(seed)
    ensure_role_groups()
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=ANALYSTS))
    speakers = [Speaker.objects.get_or_create(name=name)[0] for name in SPEAKERS]
    topics = [
        Topic.objects.get_or_create(name=name, defaults={"slug": name.lower()})[0]
        for name in ["Flooding", "Budget", "Transport", "Health"]
    ]
    body = make_body(words, rng)
    article = services.article_create(
        body=f"{body}\n\nBench article {time.time_ns()}.", source="Bench Gazette", by=user
    )
    body = article.body
    # Word starts and ends (code points), to cut statements on word boundaries.
    starts = [
        i for i, c in enumerate(body) if not c.isspace() and (i == 0 or body[i - 1].isspace())
    ]
    ends = [
        i + 1
        for i, c in enumerate(body)
        if not c.isspace() and (i + 1 == len(body) or body[i + 1].isspace())
    ]
    rows = []
    stances = [Stance.WARNING, Stance.REASSURANCE, Stance.POLICY]
    statuses = [Status.PENDING] * 6 + [Status.APPROVED] * 3 + [Status.REJECTED]
    for _ in range(statements):
        first = rng.randrange(len(starts) - 30)
        start, end = starts[first], ends[first + rng.randint(2, 24)]
        rows.append(
            Statement(
                article=article,
                speaker=rng.choice(speakers),
                start=start,
                end=end,
                quote=body[start:end],
                stance=rng.choice(stances),
                status=rng.choice(statuses),
                created_by=user,
            )
        )
    created = Statement.objects.bulk_create(rows, batch_size=500)
    links = [
        Statement.topics.through(statement_id=s.pk, topic_id=rng.choice(topics).pk)
        for s in created
        if rng.random() < 0.5
    ]
    Statement.topics.through.objects.bulk_create(links, batch_size=1000)
    return article


# Running it all ---------------------------------------------------------------------------


def _wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The server at {url} did not start.")


def run_scratch(*, words: int, statements: int, runs: int) -> dict:
    """Build the article in a scratch SQLite database, serve it with gunicorn, measure."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-editor-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "annotate.settings",
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-only-secret-key",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    password = "bench-password-not-secret"
    article = create_bench_article(words=words, statements=statements)
    user = get_user_model().objects.get(username="bench")
    user.set_password(password)
    user.save()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "annotate.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/accounts/login/")
        result = measure_editor(base, "bench", password, article.pk, runs=runs)
    finally:
        server.terminate()
        server.wait(timeout=10)
        connections.close_all()
        shutil.rmtree(scratch, ignore_errors=True)
    result["article_words"] = len(article.body.split())
    result["article_statements"] = statements
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base-url")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--article", type=int)
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--statements", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.base_url:
        if not (args.username and args.password and args.article):
            parser.error("--base-url needs --username, --password and --article")
        result = measure_editor(
            args.base_url, args.username, args.password, args.article, runs=args.runs
        )
    else:
        result = run_scratch(words=args.words, statements=args.statements, runs=args.runs)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""The API of a running server, seen from outside: requests, a writer's setup, read-back.

Shared by the tests that start the app on gunicorn (harness/servers.py) and write to it
from many threads.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

from harness.servers import Database, manage


def api_request(
    base: str,
    path: str,
    *,
    token: str,
    body: Any = None,
    key: str | None = None,
    method: str | None = None,
) -> tuple[int, dict, Any]:
    """(status, headers, parsed JSON or None); status 0 when the connection failed."""
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        payload = error.read()
        try:
            parsed = json.loads(payload)
        except ValueError:
            parsed = None
        return error.code, dict(error.headers), parsed
    except (urllib.error.URLError, ConnectionError, OSError):
        return 0, {}, None


# Migrate and set up in one process: each start of Django costs seconds on a busy machine.
SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from articles import services
from articles.models import Speaker
from articles.roles import ANALYSTS
user = get_user_model().objects.create_user("writer", password="unused-password-1")
user.groups.add(Group.objects.get(name=ANALYSTS))
article = services.article_create(body="Word. " * 200, title="Writers", source="Test", by=user)
speaker = Speaker.objects.create(name="Ada Writer")
print(Token.objects.create(user=user).key, article.pk, speaker.pk)
"""


def create_until_acknowledged(
    base: str, token: str, body: dict, *, key: str, until: float, answered
) -> bool:
    """POST the statement with the same Idempotency-Key until it is stored (201), or
    until the monotonic time `until`; each answer goes to `answered(status, headers,
    detail)`. Whether it was stored."""
    while time.monotonic() < until:
        status, headers, detail = api_request(
            base, "/api/statements/", token=token, body=body, key=key
        )
        answered(status, headers, detail)
        if status == 201:
            return True
        time.sleep(0.2)
    return False


def keyed_writer(
    base: str,
    token: str,
    article_id: int,
    speaker_id: int,
    *,
    index: int,
    stop_at: float,
    answered,
    acknowledged: list[str],
    lock: threading.Lock,
) -> None:
    """One writer: new statements until `stop_at`, each with a key of its own and sent
    again with it until stored (for up to 15 s more); the notes of those stored go to
    `acknowledged`."""
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        note = f"writer {index} write {n}"
        body = statement_body(article_id, speaker_id, n, note)
        key = str(uuid.uuid4())
        if create_until_acknowledged(
            base, token, body, key=key, until=stop_at + 15, answered=answered
        ):
            with lock:
                acknowledged.append(note)


def set_up_writer(db: Database) -> tuple[str, int, int]:
    """Migrate `db` and add an analyst: their API token, an article and a speaker."""
    output = manage(db, "shell", "-c", SETUP, timeout=120).strip().splitlines()[-1]
    token, article_id, speaker_id = output.split()
    return token, int(article_id), int(speaker_id)


def statement_body(article_id: int, speaker_id: int, n: int, note: str) -> dict:
    """A new statement on the n-th word of the writer's article ("Word. " * 200)."""
    start = (n % 200) * 6
    return {
        "article": article_id,
        "speaker": speaker_id,
        "start": start,
        "end": start + 4,
        "stance": "warning",
        "note": note,
    }


def stored_statements(base: str, token: str, article_id: int) -> list[dict]:
    """Every statement of the article, read back page by page."""
    stored: list[dict] = []
    page_number = 1
    while True:
        status, _, page = api_request(
            base,
            f"/api/statements/?article={article_id}&page_size=500&page={page_number}",
            token=token,
        )
        assert status == 200, page
        stored += page["results"]
        if not page["next"]:
            return stored
        page_number += 1

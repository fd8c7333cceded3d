"""The API of a running server, seen from outside: requests, a writer's setup, read-back.

Shared by the tests that start the app on gunicorn (harness/servers.py) and write to it
from many threads.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


# The phases of an outage a test causes, in their order. BACK: the server has started
# again, though the app may not reach it yet (a pooler waits a little before it logs in
# again); SERVING: from the first answer that is not an error after the start.
UP, STOPPING, DOWN, STARTING, BACK, SERVING = range(6)


@dataclass
class Attempt:
    """One request sent during an outage, and its answer."""

    sent: int  # the phase it was sent in
    answered: int  # the phase its answer came in
    ok: int | None  # the status it gets while the app is served
    status: int
    headers: dict
    detail: Any

    @property
    def while_up(self) -> bool:
        """Sent and answered before the stop began, or sent once the app served again."""
        return self.sent == self.answered == UP or self.sent == SERVING

    @property
    def while_down(self) -> bool:
        """Sent and answered between the end of the stop and the beginning of the start."""
        return self.sent == self.answered == DOWN

    @property
    def unavailable(self) -> bool:
        return self.status == 503 and bool(self.headers.get("Retry-After"))

    @property
    def as_expected(self) -> bool:
        """`ok` while the app was served, 503 with Retry-After while the server was down;
        a request that overlapped the stop, or came before the app served again, got one
        or the other, as it came before or after the change."""
        if self.while_up:
            return self.status == self.ok
        if self.while_down:
            return self.unavailable
        return self.status == self.ok or self.unavailable


class Outage:
    """A server the test stops and starts again, and the requests sent meanwhile, each
    logged with the phases it was sent and answered in: what each answer must be follows
    from the order of events, not from the clock."""

    def __init__(self) -> None:
        self.phase = UP
        self.attempts: list[Attempt] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def stopping(self) -> Iterator[None]:
        self.phase = STOPPING
        yield
        self.phase = DOWN

    @contextlib.contextmanager
    def starting(self, *, serving: bool = False) -> Iterator[None]:
        """`serving`: the start itself waits until the app answers."""
        self.phase = STARTING
        yield
        self.phase = SERVING if serving else BACK

    def send(self, request: Callable[[], tuple[int, dict, Any]], *, ok: int) -> Attempt:
        """Send `request` (which answers status, headers and detail) and log it."""
        sent = self.phase
        status, headers, detail = request()
        with self._lock:
            attempt = Attempt(sent, self.phase, ok, status, headers, detail)
            if self.phase == BACK and status == ok:
                self.phase = SERVING
            self.attempts.append(attempt)
        return attempt

    def unexpected(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if not attempt.as_expected]


def create_until_acknowledged(
    base: str, token: str, body: dict, *, key: str, until: float, outage: Outage
) -> bool:
    """POST the statement with the same Idempotency-Key until it is stored (201), or
    until the monotonic time `until`; each attempt is logged by `outage`. Whether it
    was stored."""
    while time.monotonic() < until:
        attempt = outage.send(
            lambda: api_request(base, "/api/statements/", token=token, body=body, key=key),
            ok=201,
        )
        if attempt.status == 201:
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
    outage: Outage,
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
        if create_until_acknowledged(base, token, body, key=key, until=stop_at + 15, outage=outage):
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

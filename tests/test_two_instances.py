"""Two app instances on one PostgreSQL database: no instance keeps state of its own.

Two gunicorn instances as configured (gunicorn.conf.py), each with its own task worker,
share one database. 8 writers create statements with an Idempotency-Key each and update
two shared statements with the version they read, reading through one instance and
writing through the other; on a connection error (or 502/503) a request goes to the other
instance with the same key. Some answers are dropped on purpose, as a lost answer would
be, and the request sent again through the other instance. Mid-run one instance stops
(SIGTERM) and starts again on its port.

Then every acknowledged create is stored exactly once, each version of a shared
statement was won by exactly one update (the others got 409), every other answer was
201 for a create and 200 for a read, only the restarted instance refused connections
and only while it was not up, and an article created through the instance whose worker
was down is analysed by the other instance's worker: the two share the database's task
queue.
"""

from __future__ import annotations

import collections
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from harness.servers import (
    Database,
    Server,
    drop_postgres_database,
    free_port,
    postgres_database,
    start_gunicorn,
    start_task_worker,
    stop_group,
)
from tests.live_api import (
    SERVING,
    Attempt,
    Outage,
    api_request,
    set_up_writer,
    statement_body,
    stored_statements,
)
from tests.servers import suite_server

# Slow-ish and with a database of its own: once per CI, on the PostgreSQL run.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs on the suite's PostgreSQL run only"
)

WRITERS = 8
RESTART_AT = 2.5
# The writers go on this long once the restarted instance serves again.
AFTER_RESTART = 4.0
# How long a request may keep trying (through both instances) before the test gives up.
ANSWER_WITHIN = 20.0
ANALYSIS_WITHIN = 30.0
# No answer at all, or an instance (or a proxy before it) not serving for now.
RETRYABLE = {0, 502, 503}
SETTINGS = {
    "TASKS_BACKEND": "database",
    # Static files from the app folders: no collectstatic for a test.
    "DJANGO_SETTINGS_MODULE": "annotate.settings_test",
}


@dataclass
class Instance:
    """One instance of the app: gunicorn on its own port, and a task worker."""

    db: Database
    logdir: Path
    index: int
    port: int = field(default_factory=free_port)
    server: Server | None = None
    worker: subprocess.Popen | None = None

    @property
    def name(self) -> str:
        return f"instance-{self.index}"  # its worker's id, too

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_server(self) -> None:
        self.server = start_gunicorn(self.db, self.port, self.logdir, **SETTINGS)

    def stop_server(self) -> None:
        if self.server is not None:
            stop_group(self.server.proc)  # SIGTERM: gunicorn finishes what it has begun

    def start_worker(self) -> None:
        self.worker = start_task_worker(self.db, self.logdir, self.name, **SETTINGS)

    def stop_worker(self) -> None:
        if self.worker is not None:
            stop_group(self.worker)


@dataclass
class Answer:
    status: int
    via: int  # the instance that answered
    headers: dict
    detail: Any
    lost: Answer | None = None  # the answer dropped before this one, if any

    @property
    def replayed(self) -> bool:
        return self.headers.get("Idempotent-Replayed") == "true"


@dataclass
class InstanceAttempt(Attempt):
    """One request through one instance; `sent` and `answered` are the phases of the
    restarted instance's outage."""

    method: str = ""
    via: int = 0
    # "answered": its answer is the request's; "lost": dropped on purpose and the request
    # sent again; "retried": no answer, and the request sent again.
    then: str = "answered"


class Client:
    """API requests spread over the instances; every attempt is logged."""

    def __init__(self, instances: list[Instance], token: str, outage: Outage):
        self.bases = [instance.base_url for instance in instances]
        self.token = token
        self.outage = outage  # the restarted instance's
        self.log: list[InstanceAttempt] = []
        self._lock = threading.Lock()

    def send(
        self,
        method: str,
        path: str,
        *,
        via: int,
        ok: int | None,
        body: Any = None,
        key: str | None = None,
        lose_first_answer: bool = False,
    ) -> Answer:
        """Send until answered; with no answer, again through the other instance. `ok`:
        the status the request gets (None: an update, whose version decides).

        `lose_first_answer`: drop the first successful answer, as a broken connection
        would, and send the same request (same key) through the other instance.
        """
        deadline = time.monotonic() + ANSWER_WITHIN
        lost = None
        while True:
            sent = self.outage.phase
            status, headers, detail = api_request(
                self.bases[via], path, token=self.token, body=body, key=key, method=method
            )
            attempt = InstanceAttempt(
                sent, self.outage.phase, ok, status, headers, detail, method, via
            )
            with self._lock:
                self.log.append(attempt)
            answer = Answer(status, via, headers, detail, lost)
            if status in RETRYABLE and time.monotonic() < deadline:
                attempt.then = "retried"
                via = 1 - via
                time.sleep(0.1)
            elif lose_first_answer and lost is None and 200 <= status < 300:
                attempt.then = "lost"
                lost, via = answer, 1 - via
            else:
                return answer


@dataclass
class Update:
    statement: int
    version: int  # the version the writer read and sent
    note: str
    answer: Answer


def _create_statement(
    client: Client, home: int, article: int, speaker: int, index: int, n: int
) -> tuple[str, Answer]:
    note = f"writer {index} create {n}"
    answer = client.send(
        "POST",
        "/api/statements/",
        via=home,
        ok=201,
        body=statement_body(article, speaker, n, note),
        key=str(uuid.uuid4()),
        lose_first_answer=n % 3 == 0,
    )
    return note, answer


def _update_statement(
    client: Client, home: int, statement: int, index: int, n: int
) -> Update | None:
    """Read the statement through one instance, write the version read through the other."""
    read = client.send("GET", f"/api/statements/{statement}/", via=home, ok=200)
    if read.status != 200:
        return None  # out of time: nothing was sent
    note = f"writer {index} update {n}"
    answer = client.send(
        "PATCH",
        f"/api/statements/{statement}/",
        via=1 - home,
        ok=None,
        body={"note": note, "version": read.detail["version"]},
        key=str(uuid.uuid4()),
        lose_first_answer=n % 4 == 0,
    )
    return Update(statement, read.detail["version"], note, answer)


def _analysis_tasks(db: Database, article: int) -> list[tuple[str, list[str]]]:
    """(status, ids of the workers that claimed it) of each queued analysis of the text."""
    import psycopg

    with psycopg.connect(db.url) as conn:
        return conn.execute(
            "SELECT task.status, task.worker_ids FROM django_tasks_database_dbtaskresult AS task "
            "JOIN articles_article AS article "
            # The first argument is the list of texts the task analyses.
            "ON task.args_kwargs -> 'args' -> 0 @> jsonb_build_array(article.content_hash) "
            "WHERE article.id = %s",
            [article],
        ).fetchall()


def _wait_until_analysed(client: Client, article: int, *, via: int) -> str | None:
    """The status of the article's suggestions once it is no longer "pending"."""
    deadline = time.monotonic() + ANALYSIS_WITHIN
    status = None
    while time.monotonic() < deadline:
        answer = client.send("GET", f"/api/articles/{article}/suggestions/", via=via, ok=200)
        status = answer.detail and answer.detail["status"]
        if status != "pending":
            break
        time.sleep(0.3)
    return status


@dataclass
class Writers:
    """8 threads, each creating a statement and updating a shared one, in turn."""

    client: Client
    article: int
    speaker: int
    shared: list[int]
    creates: list[tuple[str, Answer]] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self.threads = [threading.Thread(target=self._write, args=(i,)) for i in range(WRITERS)]
        for thread in self.threads:
            thread.start()

    def stop(self, *, at: float) -> None:
        """Let the writers finish what they are sending at monotonic time `at`."""
        time.sleep(max(0.0, at - time.monotonic()))
        self.done.set()
        for thread in self.threads:
            thread.join(timeout=ANSWER_WITHIN * 3)
        assert not any(thread.is_alive() for thread in self.threads)

    def _write(self, index: int) -> None:
        home = index % 2  # the instance this writer reads through
        n = 0
        while not self.done.is_set():
            n += 1
            # list.append is atomic: the threads need no lock of their own.
            self.creates.append(
                _create_statement(self.client, home, self.article, self.speaker, index, n)
            )
            update = _update_statement(self.client, home, self.shared[n % 2], index, n)
            if update is not None:
                self.updates.append(update)


def _queue_an_analysis_without_its_worker(client: Client, instance: Instance) -> int:
    """An article created through `instance` while its worker is down; the article's id."""
    instance.stop_worker()
    answer = client.send(
        "POST",
        "/api/articles/",
        via=instance.index,
        ok=201,
        body={"title": "Queued", "source": "Test", "body": f"The mayor said {uuid.uuid4()}."},
        key=str(uuid.uuid4()),
    )
    assert answer.status == 201, answer
    return answer.detail["id"]


def _assert_stored_once(creates: list[tuple[str, Answer]], stored: list[dict]) -> None:
    assert creates and all(answer.status == 201 for _, answer in creates), creates[:5]
    notes = collections.Counter(item["note"] for item in stored)
    assert not [note for note, count in notes.items() if count > 1], "stored twice"
    assert set(notes) == {note for note, _ in creates}
    # A create sent again after its answer was lost got that answer, from the other instance.
    resent = [answer for _, answer in creates if answer.lost is not None]
    assert resent and all(a.replayed and a.detail == a.lost.detail for a in resent)


def _assert_one_winner_per_version(updates: list[Update], final: dict[int, dict]) -> None:
    for pk, current in final.items():
        mine = [u for u in updates if u.statement == pk]
        # Each version read was won by one update (200); the others sent with it got 409.
        by_version = collections.defaultdict(list)
        for update in mine:
            by_version[update.version].append(update.answer.status)
        for version, statuses in by_version.items():
            assert sorted(statuses) == [200] + [409] * (len(statuses) - 1), (pk, version)
        won = sorted(u.version for u in mine if u.answer.status == 200)
        # Versions 1 .. final-1 were each won once: the final version is 1 + the wins.
        assert won == list(range(1, current["version"])), (pk, won, current["version"])
        last = next(u for u in mine if u.answer.status == 200 and u.version == won[-1])
        assert current["note"] == last.note
    # The race ran across instances: a version won through one, refused through the other.
    winners = {(u.statement, u.version): u.answer.via for u in updates if u.answer.status == 200}
    assert any(
        u.answer.status == 409 and winners[u.statement, u.version] != u.answer.via
        for u in updates
        if (u.statement, u.version) in winners
    )


@pytest.fixture
def database():
    """A database of the test's own, on the suite's PostgreSQL server."""
    name = f"annotate_two_instances_{uuid.uuid4().hex[:8]}"
    db = postgres_database(suite_server(), name)
    yield db
    drop_postgres_database(suite_server(), name)


def test_two_instances_share_writes_versions_and_the_task_queue(database, tmp_path):
    token, article, speaker = set_up_writer(database)
    instances = [Instance(database, tmp_path, i) for i in range(2)]
    restarted = instances[0]
    try:
        for instance in instances:
            instance.start_worker()
            instance.start_server()
        outage = Outage()
        client = Client(instances, token, outage)
        # Two statements every writer updates, so that updates of one version race.
        shared = [
            client.send(
                "POST",
                "/api/statements/",
                via=i,
                ok=201,
                body=statement_body(article, speaker, 199 - i, f"shared {i}"),
            ).detail["id"]
            for i in range(2)
        ]
        writers = Writers(client, article, speaker, shared)
        writers.start()
        time.sleep(RESTART_AT)
        queued = _queue_an_analysis_without_its_worker(client, restarted)
        with outage.stopping():
            restarted.stop_server()
        with outage.starting(serving=True):  # it waits for the instance's first answer
            restarted.start_server()
        writers_stop_at = time.monotonic() + AFTER_RESTART
        analysis = _wait_until_analysed(client, queued, via=restarted.index)
        restarted.start_worker()
        writers.stop(at=writers_stop_at)
        stored = stored_statements(instances[1].base_url, token, article)
        final = {
            pk: client.send("GET", f"/api/statements/{pk}/", via=0, ok=200).detail for pk in shared
        }
    finally:
        for instance in instances:
            instance.stop_server()
            instance.stop_worker()

    # The restarted instance went away: its connections were refused (0) as it stopped
    # and started, never while it was up; the other instance answered every request.
    retried = [a for a in client.log if a.then == "retried"]
    assert retried, "no request found the restarted instance away"
    assert all(a.status == 0 and a.via == restarted.index for a in retried), retried[:5]
    assert not [a for a in retried if a.while_up], retried[:5]
    # It served again after its start.
    assert any(a.via == restarted.index and a.sent == SERVING for a in client.log)
    # Every other answer is the one its request gets: 201 for a create, 200 for a read
    # (and for an update, 200 or 409 as its version was won: below).
    wrong = [a for a in client.log if a.then != "retried" and a.ok and a.status != a.ok]
    assert not wrong, wrong[:5]
    _assert_stored_once(writers.creates, [s for s in stored if s["id"] not in shared])
    _assert_one_winner_per_version(writers.updates, final)
    # The queue is the database's: the other instance's worker did the analysis, once.
    assert analysis == "ready", analysis
    assert _analysis_tasks(database, queued) == [("SUCCESSFUL", [instances[1].name])]

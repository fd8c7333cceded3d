"""Fault test: 8 writers through gunicorn while PostgreSQL restarts.

The test starts a PostgreSQL cluster of its own on a free port (initdb, pg_ctl), the
app on gunicorn as configured, and 8 writers creating statements with an
Idempotency-Key each, retrying on 503 with the same key. Mid-run the cluster stops
for two seconds and starts again. Then every acknowledged write is stored exactly
once, and the answers while the database was away were 503 with Retry-After.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from harness.servers import Database, free_port, start_gunicorn, stop_group
from tests.live_api import (
    keyed_writer,
    set_up_writer,
    stored_statements,
)

WRITERS = 8
RUN_SECONDS = 8.0
OUTAGE_AT = 2.5
OUTAGE_SECONDS = 2.0


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


PG_BIN = _pg_bin()
pytestmark = pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's initdb is not installed")


class Cluster:
    """A throwaway PostgreSQL cluster; as root, it runs as the postgres user."""

    def __init__(self):
        # Not under pytest's tmp_path: the postgres user must be able to reach it.
        self.dir = Path(tempfile.mkdtemp(prefix="annotate-fault-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, str(PG_BIN / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stdout[-1500:]}{done.stderr[-1500:]}")

    def init(self) -> None:
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            # No fsync: a throwaway cluster, stopped cleanly ("fast") by the test.
            "-c fsync=off"
        )
        log = self.dir / "server.log"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/fault"


def test_every_acknowledged_write_is_stored_once_across_a_postgres_restart(tmp_path):
    cluster = Cluster()
    cluster.init()
    cluster.start()
    server = None
    try:
        cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "fault")
        db = Database("postgresql", cluster.url)
        token, article_id, speaker_id = set_up_writer(db)
        server = start_gunicorn(
            db,
            free_port(),
            tmp_path,
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            DATABASE_RETRY_AFTER="1",
            TASKS_BACKEND="dummy",
            # Static files from the app folders: no collectstatic for a test.
            DJANGO_SETTINGS_MODULE="annotate.settings_test",
        )
        base = server.base_url
        acknowledged: list[str] = []
        answers: list[tuple] = []
        lock = threading.Lock()
        began = time.monotonic()
        stop_at = began + RUN_SECONDS

        def answered(status, headers, detail) -> None:
            with lock:
                answers.append(
                    (time.monotonic() - began, status, headers.get("Retry-After"), detail)
                )

        # Each write is sent again with the same key until it is acknowledged.
        def writer(index: int) -> None:
            keyed_writer(
                base,
                token,
                article_id,
                speaker_id,
                index=index,
                stop_at=stop_at,
                answered=answered,
                acknowledged=acknowledged,
                lock=lock,
            )

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(OUTAGE_AT)
        cluster.stop()
        outage = (time.monotonic() - began, None)
        time.sleep(OUTAGE_SECONDS)
        cluster.start()
        outage = (outage[0], time.monotonic() - began)
        for thread in threads:
            thread.join(timeout=40)
        assert not any(thread.is_alive() for thread in threads)

        stored = [item["note"] for item in stored_statements(base, token, article_id)]
    finally:
        if server is not None:
            stop_group(server.proc)
        with contextlib.suppress(RuntimeError):  # not running
            cluster.stop()
        shutil.rmtree(cluster.dir, ignore_errors=True)

    statuses = {answer[1] for answer in answers}
    during = [(t, s, r) for t, s, r, _ in answers if s != 201]
    assert acknowledged, answers[:5]
    # Exactly once: every acknowledged write is there, and nothing is there twice.
    assert len(stored) == len(set(stored)), "a write was stored twice"
    assert set(acknowledged) <= set(stored)
    assert len(acknowledged) == len(set(acknowledged))
    assert set(stored) == set(acknowledged)
    # The outage was seen, and answered 503 with Retry-After (never 500).
    assert 503 in statuses, answers[:5]
    assert statuses <= {201, 503}, [a for a in answers if a[1] not in (201, 503)][:5]
    assert all(retry for _, status, retry in during if status == 503)
    assert all(outage[0] - 1 <= t <= outage[1] + 5 for t, _, _ in during), (outage, during)

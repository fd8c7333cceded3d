"""Fault test of the scaled layout: the primary restarts behind PgBouncer, with a replica.

As in docker-compose.yml's "scale" profile, on clusters of the test's own: a primary,
its streaming replica (pg_basebackup), PgBouncer in transaction mode in front of both
(deploy/pgbouncer.ini, with its databases and addresses replaced), and gunicorn with
DATABASE_POOL_MODE=transaction and DATABASE_REPLICA_URL. Writers create statements with
an Idempotency-Key, retrying on 503, and a reader exports over and over, while the
primary stops for two seconds. Then every acknowledged write is stored once, writes and
exports answered 201 and 200 while the app was served and 503 with Retry-After while the
primary was down, every export that answered 200 is whole, and the replica's exports
catch up with every write.
"""

from __future__ import annotations

import configparser
import contextlib
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from articles.exporters import export_complete, export_count
from harness.servers import Database, free_port, start_gunicorn, stop_group
from tests.live_api import Outage, keyed_writer, set_up_writer
from tests.test_fault_postgres_restart import PG_BIN, Cluster

ROOT = Path(__file__).resolve().parents[1]
PGBOUNCER = shutil.which("pgbouncer") or (
    "/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None
)
pytestmark = [
    # Its clusters are its own, whatever the suite's database: once per CI run is enough.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="runs once per CI run, in the PostgreSQL pass"
    ),
    pytest.mark.skipif(
        PG_BIN is None or PGBOUNCER is None, reason="needs PostgreSQL's initdb and pgbouncer"
    ),
]

WRITERS = 4
RUN_SECONDS = 8.0
OUTAGE_AT = 2.5
OUTAGE_SECONDS = 2.0


class Replica(Cluster):
    """A hot standby of `primary`, copied from it."""

    def __init__(self, primary: Cluster):
        super().__init__()
        self.primary = primary

    def copy(self) -> None:
        self.run(
            "pg_basebackup",
            "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
            "-D", str(self.data), "--wal-method=stream", "--write-recovery-conf",
            "--checkpoint=fast", "--no-sync",
        )  # fmt: skip


class Pooler:
    """PgBouncer with the shipped settings, in front of the primary and the replica."""

    def __init__(self, directory: Path, primary: Cluster, replica: Cluster, as_user: list[str]):
        self.port = free_port()
        config = configparser.ConfigParser(inline_comment_prefixes=(";",))
        config.read(ROOT / "deploy" / "pgbouncer.ini")
        assert config["pgbouncer"]["pool_mode"] == "transaction"
        config["databases"] = {
            "fault": f"host=127.0.0.1 port={primary.port} dbname=fault",
            "fault_replica": f"host=127.0.0.1 port={replica.port} dbname=fault",
        }
        users = directory / "userlist.txt"
        users.write_text('"postgres" ""\n')
        config["pgbouncer"].update(
            {
                "listen_addr": "127.0.0.1",
                "listen_port": str(self.port),
                "auth_type": "trust",
                "auth_file": str(users),
                "unix_socket_dir": "",
                "logfile": str(directory / "pgbouncer.log"),
            }
        )
        self.ini = directory / "pgbouncer.ini"
        with self.ini.open("w") as stream:
            config.write(stream)
        self.log = directory / "pgbouncer.log"
        # PgBouncer refuses to run as root.
        self.proc = subprocess.Popen(
            [*as_user, PGBOUNCER, str(self.ini)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def _export(base: str, token: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(
        base + "/api/export/statements.jsonl", headers={"Authorization": f"Token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        # A stream cut midway is read as far as it came; it fails the checks below.
        return -1, {}, str(error).encode()


def test_writes_and_exports_through_pgbouncer_and_a_replica_while_the_primary_restarts(
    tmp_path,
):
    primary = Cluster()
    primary.init()
    primary.start()
    replica = Replica(primary)
    pooler = server = None
    try:
        primary.run("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "fault")
        replica.copy()
        replica.start()
        pooler = Pooler(primary.dir, primary, replica, primary.as_user)
        # Migrations and set-up straight on the primary, as the compose `migrate` service.
        token, article_id, speaker_id = set_up_writer(Database("postgresql", primary.url))
        server = start_gunicorn(
            Database("postgresql", pooler.url("fault")),
            free_port(),
            tmp_path,
            DATABASE_POOL_MODE="transaction",
            DATABASE_REPLICA_URL=pooler.url("fault_replica"),
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            DATABASE_RETRY_AFTER="1",
            TASKS_BACKEND="dummy",
            DJANGO_SETTINGS_MODULE="annotate.settings_test",
        )
        base = server.base_url
        acknowledged: list[str] = []
        outage = Outage()
        lock = threading.Lock()
        stop_at = time.monotonic() + RUN_SECONDS

        def writer(index: int) -> None:
            keyed_writer(
                base,
                token,
                article_id,
                speaker_id,
                index=index,
                stop_at=stop_at,
                outage=outage,
                acknowledged=acknowledged,
                lock=lock,
            )

        def exporter() -> None:
            while time.monotonic() < stop_at:
                outage.send(lambda: _export(base, token), ok=200)
                time.sleep(0.1)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        threads.append(threading.Thread(target=exporter))
        for thread in threads:
            thread.start()
        time.sleep(OUTAGE_AT)
        with outage.stopping():
            primary.stop()
        time.sleep(OUTAGE_SECONDS)
        with outage.starting():
            primary.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)

        # The replica's export catches up with every acknowledged write (it lags a little).
        deadline = time.monotonic() + 15
        while True:
            status, _, data = _export(base, token)
            if status == 200 and export_count("jsonl", data[-1024:]) == len(acknowledged):
                break
            assert time.monotonic() < deadline, (status, data[-200:], len(acknowledged))
            time.sleep(0.5)
        stored = [line for line in data.splitlines() if b'"note"' in line]
    finally:
        if server is not None:
            stop_group(server.proc)
        if pooler is not None:
            stop_group(pooler.proc)
        for cluster in (replica, primary):
            with contextlib.suppress(RuntimeError):  # not running
                cluster.stop()
            shutil.rmtree(cluster.dir, ignore_errors=True)

    writes = [attempt for attempt in outage.attempts if attempt.ok == 201]
    exports = [attempt for attempt in outage.attempts if attempt.ok == 200]
    assert acknowledged and exports
    notes = [line.split(b'"note":"', 1)[1].split(b'"', 1)[0].decode() for line in stored]
    assert len(notes) == len(set(notes)), "a write was stored twice"
    assert set(notes) == set(acknowledged)
    # Writes and exports got 201 and 200 while the app was served (before the stop, and
    # once PgBouncer reached the primary again), 503 with Retry-After while the primary
    # was down, and one or the other when sent as it stopped or came back.
    assert any(attempt.while_down for attempt in writes), writes[:5]
    wrong = [
        (a.ok, a.sent, a.answered, a.status, repr(a.detail)[-200:]) for a in outage.unexpected()
    ]
    assert not wrong, wrong[:5]
    for attempt in exports:
        if attempt.status == 200:
            assert export_complete("jsonl", attempt.detail), attempt.detail[-200:]

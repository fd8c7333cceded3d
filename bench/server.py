"""The server under test: a fresh database, gunicorn as deployed, and its workers' memory."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PG_BASE = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# BENCH_PG_DB: another name, so that two checkouts can measure on one server at once.
PG_DB = os.environ.get("BENCH_PG_DB", "bench_annotate")


@dataclass
class Database:
    name: str  # "sqlite" or "postgresql"
    url: str
    path: Path | None = None  # the SQLite file

    def env(self, **extra: str) -> dict:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "SECRET_KEY": SECRET_KEY,
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": HOST,
            "DJANGO_SETTINGS_MODULE": "annotate.settings",
            "PYTHONHASHSEED": "0",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env.update(extra)
        return env


def sqlite_database(workdir: Path) -> Database:
    path = workdir / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Database("sqlite", f"sqlite:///{path}", path)


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(f"{PG_BASE}/template1", connect_timeout=3):
            return None
    except Exception as error:
        return f"PostgreSQL is not reachable at {PG_BASE}: {error}".strip()


def postgres_database(name: str = PG_DB) -> Database:
    """A new, empty database of our own (dropped first if a previous run left it)."""
    import psycopg

    with psycopg.connect(f"{PG_BASE}/template1", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    return Database("postgresql", f"{PG_BASE}/{name}")


def drop_postgres_database(name: str = PG_DB) -> None:
    import psycopg

    with psycopg.connect(f"{PG_BASE}/template1", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(db: Database, *args: str, timeout: float = 3600) -> str:
    """Run a management command against `db`; its stdout, or an error with its stderr."""
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=db.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def run_module(db: Database, module: str, *args: str, timeout: float = 3600) -> dict:
    """Run `python -m module` with `db`'s settings; it prints one JSON object."""
    done = subprocess.run(
        [PYTHON, "-m", module, *args],
        cwd=ROOT,
        env=db.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    """A TCP port on HOST that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_200(url: str, timeout: float = 60, proc: subprocess.Popen | None = None) -> float:
    """Poll `url` until it answers 200; the time that took."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.01)
    raise TimeoutError(f"{url} did not answer 200 within {timeout} s")


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    startup_seconds: float
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[int]:
        return children(self.proc.pid)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far."""
        return sum(cpu_seconds(pid) for pid in self.workers())

    def stop(self) -> None:
        stop_group(self.proc)


def start_gunicorn(db: Database, port: int, logdir: Path, **env: str) -> Server:
    log = logdir / f"gunicorn-{db.name}-{port}.log"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "annotate.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=db.env(GUNICORN_BIND=f"{HOST}:{port}", **env),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_200(f"http://{HOST}:{port}/accounts/login/", proc=proc)
    except Exception as error:
        stop_group(proc)
        raise RuntimeError(
            f"gunicorn did not start; see {log}:\n{log.read_text()[-2000:]}"
        ) from error
    return Server(proc, port, time.perf_counter() - started, log)


def start_task_worker(db: Database, logdir: Path, worker_id: str, **env: str) -> subprocess.Popen:
    """`manage.py db_worker` as deployed (no reloader), in a session of its own."""
    log = logdir / f"worker-{worker_id}.log"
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-reload", "--worker-id", worker_id],
        cwd=ROOT,
        env=db.env(**env),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_runserver(db: Database, port: int, logdir: Path) -> Server:
    """`manage.py runserver` as `make run` starts it (DEBUG on, with the reloader)."""
    log = logdir / f"runserver-{db.name}-{port}.log"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"{HOST}:{port}"],
        cwd=ROOT,
        env=db.env(DEBUG="1"),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_200(f"http://{HOST}:{port}/accounts/login/", proc=proc)
    except Exception:
        stop_group(proc)
        raise
    return Server(proc, port, time.perf_counter() - started, log)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a server we started, with the processes it started (its own session)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces; the fields after ')' are fixed.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int, field_name: str = "VmRSS") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class RssWatcher:
    """Poll the resident memory of some processes; keep each one's peak."""

    pids: list[int]
    interval: float = 0.01
    peaks: dict[int, float] = field(default_factory=dict)
    baseline: dict[int, float] = field(default_factory=dict)
    # RssAnon: the process's own memory, without file pages it maps (SQLite's mmap).
    anon_peaks: dict[int, float] = field(default_factory=dict)

    def __enter__(self) -> RssWatcher:
        self.baseline = {pid: rss_mib(pid) or 0.0 for pid in self.pids}
        self.peaks = dict(self.baseline)
        self.anon_peaks = {pid: rss_mib(pid, "RssAnon") or 0.0 for pid in self.pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in self.pids:
                value = rss_mib(pid)
                if value is not None and value > self.peaks.get(pid, 0):
                    self.peaks[pid] = value
                anon = rss_mib(pid, "RssAnon")
                if anon is not None and anon > self.anon_peaks.get(pid, 0):
                    self.anon_peaks[pid] = anon
            self._stop.wait(self.interval)

    @property
    def anon_peak(self) -> float:
        return max(self.anon_peaks.values(), default=0.0)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> float:
        return max(self.peaks.values(), default=0.0)

    @property
    def growth(self) -> float:
        """The largest rise of one process above where it started."""
        return max((self.peaks[p] - self.baseline.get(p, 0) for p in self.peaks), default=0.0)

"""The app run from outside, as deployed: a database's settings, gunicorn, the task
worker, runserver, and the processes they start. The benchmarks and the tests that need
a real server both start it from here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
SECRET_KEY = "local-servers-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


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


def postgres_available(server: str) -> str | None:
    """None when the PostgreSQL server at `server` (postgres://user@host:port) answers,
    else why not."""
    try:
        import psycopg

        with psycopg.connect(f"{server}/template1", connect_timeout=3):
            return None
    except Exception as error:
        return f"PostgreSQL is not reachable at {server}: {error}".strip()


def postgres_database(server: str, name: str) -> Database:
    """A new, empty database `name` on `server` (dropped first if a previous run left it)."""
    import psycopg

    with psycopg.connect(f"{server}/template1", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    return Database("postgresql", f"{server}/{name}")


def drop_postgres_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/template1", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run_python(db: Database, *args: str, timeout: float = 3600) -> str:
    """Run `python ARGS...` in the checkout with `db`'s settings; its stdout, or an error
    with its stderr."""
    done = subprocess.run(
        [PYTHON, *args],
        cwd=ROOT,
        env=db.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def manage(db: Database, *args: str, timeout: float = 3600) -> str:
    """Run a management command against `db`; its stdout, or an error with its stderr."""
    return run_python(db, "manage.py", *args, timeout=timeout)


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

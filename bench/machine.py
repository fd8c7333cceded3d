"""What the figures were measured on."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
import time
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def python_reference_ms() -> float:
    """Best of 5 runs of a fixed pure-Python task (strings, dicts, sorting), in ms.

    Machines of one kind differ: the figures of two runs compare only as far as
    this one does.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        table = {str(i): i * i for i in range(200_000)}
        sorted(table, key=table.__getitem__, reverse=True)
        "".join(f"{key}:{value};" for key, value in table.items())
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def postgres_version(dsn: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(dsn, connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception:
        return None


def describe(pg_dsn: str | None) -> dict:
    versions = {}
    for name in ("django", "djangorestframework", "gunicorn", "psycopg"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = None
    try:
        chromium = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except Exception:
        chromium = None
    return {
        "cores": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gib": memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(pg_dsn) if pg_dsn else None,
        "chromium": chromium,
        "python_reference_ms": python_reference_ms(),
        "packages": versions,
    }

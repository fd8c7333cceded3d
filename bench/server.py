"""The benchmarks' server: a fresh database of their own, and the workers' memory.

The app itself is started as deployed by harness.servers, which the tests use too.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from harness.servers import Database, run_python

PG_BASE = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# BENCH_PG_DB: another name, so that two checkouts can measure on one server at once.
PG_DB = os.environ.get("BENCH_PG_DB", "bench_annotate")


def sqlite_database(workdir: Path) -> Database:
    path = workdir / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Database("sqlite", f"sqlite:///{path}", path)


def run_module(db: Database, module: str, *args: str, timeout: float = 3600) -> dict:
    """Run `python -m module` with `db`'s settings; it prints one JSON object."""
    output = run_python(db, "-m", module, *args, timeout=timeout)
    return json.loads(output.strip().splitlines()[-1])


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

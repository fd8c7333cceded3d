"""`python -m bench`: run every workload on SQLite and PostgreSQL, write docs/benchmarks.*.

Default sizes finish in well under 15 minutes on 2 cores; `--full` adds the 1M-statement
exports and the 10,000-article import.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from harness.servers import (
    ROOT,
    Database,
    drop_postgres_database,
    manage,
    postgres_available,
    postgres_database,
    start_gunicorn,
)

from . import machine, report, workloads
from .server import PG_BASE, PG_DB, run_module, sqlite_database

WORKLOADS = (
    "export",
    "detail",
    "create",
    "concurrent",
    "editor",
    "suggestions",
    "analysis",
    "reanchor",
    "insights",
    "claims",
    "import",
    "cold",
)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--full", action="store_true", help="add 1M exports, 10k import")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--db", default="sqlite,postgresql", help="databases to run on")
    parser.add_argument("--only", default=",".join(WORKLOADS), help="workloads to run")
    parser.add_argument("--seconds", type=float, default=30, help="concurrent run length")
    parser.add_argument(
        "--big-runs", type=int, default=2, help="runs per 1M-statement export (default 2)"
    )
    parser.add_argument("--port", type=int, default=8101, help="port for the server (8100-8199)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where results go")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--render", type=Path, help="only write benchmarks.md again from this results JSON"
    )
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _generate(db: Database, articles: int, per_article: int, *extra: str) -> float:
    started = time.perf_counter()
    manage(
        db,
        "generate_demo_data",
        "--articles",
        str(articles),
        "--statements-per-article",
        str(per_article),
        *extra,
    )
    return round(time.perf_counter() - started, 1)


def run_database(db: Database, args: argparse.Namespace, workdir: Path) -> dict:
    only = set(args.only.split(","))
    results: dict = {"data": {}, "load_average_at_start": os.getloadavg()[0]}
    log(f"{db.name}: migrate and generate 100,000 statements")
    manage(db, "migrate", "--no-input")
    # No history rows: no workload reads them, and they double the time to load.
    results["data"]["generate_100k_seconds"] = _generate(
        db, 500, 200, "--seed", "1", "--no-history"
    )
    setup = run_module(db, "bench.prepare")
    server = start_gunicorn(db, args.port, workdir)
    try:
        ctx = workloads.Context(db, server, setup, args.runs, workdir)
        if "export" in only:
            log(f"{db.name}: exports of 100,000 statements")
            results["export_100k"] = workloads.exports(ctx, 100_000)
        if "insights" in only:
            log(f"{db.name}: insights of 100,000 statements")
            results["insights"] = _guarded(lambda: workloads.insights_overview(ctx))
        if args.full and only & {"export", "insights"}:
            log(f"{db.name}: generate 900,000 more statements (no history rows)")
            results["data"]["generate_900k_seconds"] = _generate(
                db, 4500, 200, "--seed", "3", "--no-history"
            )
            if "export" in only:
                log(f"{db.name}: exports of 1,000,000 statements")
                ctx.runs = args.big_runs
                results["export_1m"] = workloads.exports(ctx, 1_000_000)
                ctx.runs = args.runs
            if "insights" in only:
                log(f"{db.name}: insights of 1,000,000 statements")
                results["insights_1m"] = _guarded(lambda: workloads.insights_overview(ctx))
        log(f"{db.name}: an article of 20,000 words with 2,000 statements")
        results["data"]["generate_editor_article_seconds"] = _generate(
            db, 1, 2000, "--words", "20000", "--seed", "2", "--speakers", "20"
        )
        ctx.setup = setup = run_module(db, "bench.prepare")
        steps = [
            ("detail", "article_detail", lambda: workloads.article_detail(ctx)),
            ("create", "create_sequential", lambda: workloads.create_sequential(ctx)),
            (
                "concurrent",
                "create_concurrent",
                lambda: workloads.create_concurrent(ctx, seconds=args.seconds),
            ),
            ("editor", "editor", lambda: workloads.editor(ctx)),
            ("suggestions", "suggestions", lambda: workloads.suggestions(ctx)),
            ("analysis", "analysis", lambda: workloads.analysis(ctx)),
            ("reanchor", "reanchor", lambda: workloads.reanchor(ctx)),
            ("claims", "claims", lambda: workloads.claims(ctx)),
        ]
        for name, key, step in steps:
            if name in only:
                log(f"{db.name}: {key}")
                results[key] = _guarded(step)
    finally:
        server.stop()
    if "import" in only:
        for count in (1000, 10_000) if args.full else (1000,):
            log(f"{db.name}: import {count} articles")
            results[f"import_{count}"] = _guarded(lambda c=count: workloads.import_articles(ctx, c))
    if "cold" in only:
        log(f"{db.name}: cold start")
        results["cold_start"] = _guarded(
            lambda: workloads.cold_start(db, workdir, args.port + 1, args.runs)
        )
    results["load_average_at_end"] = os.getloadavg()[0]
    return results


def _guarded(step) -> dict:
    """One failing workload is reported as such; the others still run."""
    try:
        return step()
    except Exception as error:
        traceback.print_exc()
        return {"error": f"{type(error).__name__}: {error}"[:1000]}


def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.render:
        results = json.loads(args.render.read_text())
        (args.out / "benchmarks.md").write_text(report.render(results))
        return 0
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="annotate-bench-"))
    log(f"working in {workdir}; collectstatic")
    results: dict = {
        "machine": machine.describe(f"{PG_BASE}/template1"),
        "config": {
            "full": args.full,
            "runs": args.runs,
            "big_runs": args.big_runs,
            "concurrent_seconds": args.seconds,
            "gunicorn": _gunicorn_config(),
        },
        "databases": {},
    }
    manage(sqlite_database(workdir), "collectstatic", "--no-input", "--clear")
    for name in args.db.split(","):
        if name == "sqlite":
            db = sqlite_database(workdir)
        elif name == "postgresql":
            reason = postgres_available(PG_BASE)
            if reason:
                log(reason)
                results["databases"][name] = {"unavailable": reason}
                continue
            db = postgres_database(PG_BASE, PG_DB)
        else:
            raise SystemExit(f"unknown database {name!r}; use sqlite and/or postgresql")
        try:
            results["databases"][name] = run_database(db, args, workdir)
        except Exception as error:
            traceback.print_exc()
            results["databases"][name] = {"failed": f"{type(error).__name__}: {error}"[:2000]}
        finally:
            if name == "postgresql" and not args.keep:
                drop_postgres_database(PG_BASE, PG_DB)
    results["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmarks.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "benchmarks.md").write_text(report.render(results))
    log(f"done in {results['elapsed_seconds']} s: {args.out / 'benchmarks.md'}")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        log(f"kept {workdir} and the PostgreSQL database {PG_DB}")
    return 0


def _gunicorn_config() -> dict:
    namespace: dict = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), namespace)
    return {k: namespace.get(k) for k in ("workers", "threads", "worker_class", "keepalive")}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

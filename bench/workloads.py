"""The measured workloads. Each returns a JSON-ready dict of figures over several runs."""

from __future__ import annotations

import random
import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from harness.servers import HOST, Database, Server, start_gunicorn, start_runserver

from .client import Client, concurrent_creates, create_payload
from .server import RssWatcher, run_module
from .stats import percentile, summary

FORMATS = ("csv", "json", "jsonl", "jsonld")


@dataclass
class Context:
    db: Database
    server: Server
    setup: dict
    runs: int
    workdir: Path

    def client(self) -> Client:
        return Client(HOST, self.server.port, self.setup["token"])


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def create_sequential(ctx: Context, count: int = 1000) -> dict:
    """One client creating `count` statements, one after another."""
    client = ctx.client()
    rng = random.Random(7)
    target = ctx.setup["create"]
    for _ in range(50):  # warm up connections and caches
        client.request("POST", "/api/statements/", create_payload(rng, target))
    p50, p99, mean, cpu, errors = [], [], [], [], 0
    for _ in range(ctx.runs):
        latencies = []
        cpu_before = ctx.server.cpu_seconds()
        for _ in range(count):
            reply = client.request("POST", "/api/statements/", create_payload(rng, target))
            if reply.status != 201:
                errors += 1
            latencies.append(reply.seconds)
        cpu.append(_ms((ctx.server.cpu_seconds() - cpu_before) / count))
        p50.append(_ms(percentile(latencies, 50)))
        p99.append(_ms(percentile(latencies, 99)))
        mean.append(_ms(statistics.fmean(latencies)))
    client.close()
    return {
        "requests_per_run": count,
        "p50_ms": summary(p50),
        "p99_ms": summary(p99),
        "mean_ms": summary(mean),
        "server_cpu_ms_per_request": summary(cpu),
        "errors": errors,
    }


def create_concurrent(ctx: Context, clients: int = 8, seconds: float = 30) -> dict:
    """`clients` processes creating statements as fast as they can for `seconds`."""
    rates, p50, p99, cpu, all_errors = [], [], [], [], {}
    for _ in range(ctx.runs):
        cpu_before = ctx.server.cpu_seconds()
        result = concurrent_creates(
            HOST,
            ctx.server.port,
            ctx.setup["token"],
            ctx.setup["create"],
            clients=clients,
            seconds=seconds,
        )
        cpu.append(_ms((ctx.server.cpu_seconds() - cpu_before) / max(1, result["created"])))
        rates.append(round(result["per_second"], 1))
        p50.append(_ms(percentile(result["latencies"], 50)))
        p99.append(_ms(percentile(result["latencies"], 99)))
        for key, n in result["errors"].items():
            all_errors[key] = all_errors.get(key, 0) + n
    return {
        "clients": clients,
        "seconds_per_run": seconds,
        "creates_per_second": summary(rates),
        "p50_ms": summary(p50),
        "p99_ms": summary(p99),
        "server_cpu_ms_per_request": summary(cpu),
        "errors": sum(all_errors.values()),
        "error_kinds": all_errors,
    }


def article_detail(ctx: Context, count: int = 300) -> dict:
    """GET one article with its body and all its (200) statements."""
    article = ctx.setup["detail_article"]
    client = ctx.client()
    path = f"/api/articles/{article}/"
    reply = client.request("GET", path)
    if reply.status != 200:
        return {"error": f"HTTP {reply.status}"}
    size = len(reply.body)
    for _ in range(20):
        client.request("GET", path)
    p50, p99, cpu = [], [], []
    for _ in range(ctx.runs):
        cpu_before = ctx.server.cpu_seconds()
        latencies = [client.request("GET", path).seconds for _ in range(count)]
        cpu.append(_ms((ctx.server.cpu_seconds() - cpu_before) / count))
        p50.append(_ms(percentile(latencies, 50)))
        p99.append(_ms(percentile(latencies, 99)))
    client.close()
    return {
        "server_cpu_ms_per_request": summary(cpu),
        "statements": 200,
        "response_bytes": size,
        "requests_per_run": count,
        "p50_ms": summary(p50),
        "p99_ms": summary(p99),
    }


def _write_articles(folder: Path, count: int, seed: int) -> None:
    from articles.demo.synthetic import make_article, make_speakers

    rng = random.Random(seed)
    speakers = make_speakers(rng, 40)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        spec = make_article(rng, speakers, words=rng.randint(200, 900), serial=seed * 10**7 + n)
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        (folder / f"article-{n:05d}.txt").write_text(f"date {day}\n\n{spec.body}\n")


def import_articles(ctx: Context, count: int) -> dict:
    """`manage.py import_articles` on a folder of `count` new .txt files."""
    seconds, startup, created = [], [], None
    for run in range(ctx.runs):
        folder = ctx.workdir / f"import-{count}-{run}"
        _write_articles(folder, count, seed=1000 + run + count)
        result = run_module(ctx.db, "bench.timed", "import_articles", str(folder))
        seconds.append(round(result["seconds"], 3))
        startup.append(round(result["startup_seconds"], 3))
        shutil.rmtree(folder, ignore_errors=True)
        created = count
    return {
        "articles": created,
        "seconds": summary(seconds),
        "seconds_per_1000": summary([round(s * 1000 / count, 3) for s in seconds]),
        "process_startup_seconds": summary(startup),
    }


def export_api(ctx: Context, fmt: str) -> dict:
    """Stream one export over HTTP; time to the last byte and the workers' peak memory."""
    seconds, peaks, anon, growth, size = [], [], [], [], 0
    for _ in range(ctx.runs):
        client = ctx.client()
        with RssWatcher(ctx.server.workers()) as watcher:
            status, size, took = client.stream(f"/api/export/statements.{fmt}")
        client.close()
        if status != 200:
            return {"error": f"HTTP {status}"}
        seconds.append(round(took, 3))
        peaks.append(round(watcher.peak, 1))
        anon.append(round(watcher.anon_peak, 1))
        growth.append(round(watcher.growth, 1))
    return {
        "bytes": size,
        "seconds": summary(seconds),
        "worker_peak_rss_mib": summary(peaks),
        "worker_peak_rss_anon_mib": summary(anon),
        "worker_rss_growth_mib": summary(growth),
    }


# The command streams the same bytes as the API; two runs of it keep `make bench` short.
COMMAND_RUNS = 2


def export_command(ctx: Context, fmt: str) -> dict:
    seconds, rss, startup = [], [], []
    for _ in range(min(ctx.runs, COMMAND_RUNS)):
        result = run_module(
            ctx.db, "bench.timed", "export_statements", "--format", fmt, "-o", "/dev/null"
        )
        seconds.append(round(result["seconds"], 3))
        rss.append(round(result["max_rss_mib"], 1))
        startup.append(round(result["startup_seconds"], 3))
    return {
        "seconds": summary(seconds),
        "peak_rss_mib": summary(rss),
        "process_startup_seconds": summary(startup),
    }


COPY_FLOOR_SQL = """
COPY (
  SELECT s.id, s.quote, s.start, s."end", s.stance,
         (SELECT string_agg(t.name, '; ' ORDER BY t.name)
            FROM articles_statement_topics st JOIN articles_topic t ON t.id = st.topic_id
           WHERE st.statement_id = s.id),
         s.status, s.note, s.speaker_id, sp.name, sp.kind, sp.role, sp.organisation,
         s.article_id, a.title, a.url, a.source, a.published_on,
         cu.username, ru.username, s.reviewed_at, s.created_at, s.updated_at
    FROM articles_statement s
    JOIN articles_speaker sp ON sp.id = s.speaker_id
    JOIN articles_article a ON a.id = s.article_id
    LEFT JOIN auth_user cu ON cu.id = s.created_by_id
    LEFT JOIN auth_user ru ON ru.id = s.reviewed_by_id
   ORDER BY s.id
) TO STDOUT WITH CSV HEADER
"""


def copy_floor(ctx: Context) -> dict:
    """PostgreSQL's own COPY of the same joined rows as CSV: the floor for the CSV export."""
    import psycopg

    seconds, size = [], 0
    for _ in range(ctx.runs):
        with psycopg.connect(ctx.db.url) as conn, conn.cursor() as cursor:
            started = time.perf_counter()
            size = 0
            with cursor.copy(COPY_FLOOR_SQL) as copy:
                for data in copy:
                    size += len(data)
            seconds.append(round(time.perf_counter() - started, 3))
    return {"bytes": size, "seconds": summary(seconds)}


def exports(ctx: Context, statements: int) -> dict:
    result: dict = {"statements": statements, "api": {}, "command": {}}
    for fmt in FORMATS:
        result["api"][fmt] = export_api(ctx, fmt)
        result["command"][fmt] = export_command(ctx, fmt)
    if ctx.db.name == "postgresql":
        result["copy_floor"] = copy_floor(ctx)
    return result


def editor(ctx: Context) -> dict:
    article = ctx.setup.get("editor_article")
    if not article:
        return {"available": False, "reason": "no article with 2,000 statements"}
    from .editor import measure_editor

    figures: dict[str, list] = {}
    try:
        for _ in range(ctx.runs):
            measured = measure_editor(
                ctx.server.base_url, ctx.setup["username"], ctx.setup["password"], article
            )
            for key, value in measured.items():
                if isinstance(value, int | float):
                    figures.setdefault(key, []).append(round(value, 1))
    except Exception as error:  # report, do not lose the other workloads
        return {"available": False, "reason": f"measure_editor failed: {error!r}"[:500]}
    return {"available": True, **{key: summary(values) for key, values in figures.items()}}


def suggestions(ctx: Context, count: int = 10) -> dict:
    article = ctx.setup.get("editor_article")
    client = ctx.client()
    path = f"/api/articles/{article}/suggestions/"
    first = client.request("GET", path)
    if first.status != 200:
        client.close()
        return {"available": False, "reason": f"the endpoint answered HTTP {first.status}"}
    p50, p99 = [], []
    for _ in range(ctx.runs):
        latencies = [client.request("GET", path).seconds for _ in range(count)]
        p50.append(_ms(percentile(latencies, 50)))
        p99.append(_ms(max(latencies)))
    client.close()
    return {
        "available": True,
        "first_ms": _ms(first.seconds),
        "p50_ms": summary(p50),
        "max_ms": summary(p99),
    }


def cold_start(db: Database, workdir: Path, port: int, runs: int) -> dict:
    """Process start to the first 200 (the login page), for gunicorn and runserver."""
    gunicorn, runserver = [], []
    for _ in range(runs):
        server = start_gunicorn(db, port, workdir)
        gunicorn.append(round(server.startup_seconds, 3))
        server.stop()
        server = start_runserver(db, port, workdir)
        runserver.append(round(server.startup_seconds, 3))
        server.stop()
    return {"gunicorn_seconds": summary(gunicorn), "runserver_seconds": summary(runserver)}


def analysis(ctx: Context, runs: int = 10) -> dict:
    """The suggestion analysis: the rule engine's answer in a web process while the
    analysis is pending, the parse of 1,000 words in a worker, and each one's memory."""
    article = ctx.setup.get("editor_article")
    web = run_module(ctx.db, "bench.analysis", "web", str(article), str(runs))
    worker = run_module(ctx.db, "bench.analysis", "worker", str(article), str(runs))
    return {
        "available": True,
        "web": {
            **web,
            "pending_answer_ms": summary(web["pending_answer_ms"]),
            "analyse_rules_ms": summary(web["analyse_rules_ms"]),
            "ready_answer_ms": summary(web["ready_answer_ms"]),
        },
        "worker": {
            **worker,
            "parse_ms": summary(worker["parse_ms"]),
            "task_ms": summary(worker["task_ms"]),
        },
    }


def reanchor(ctx: Context) -> dict:
    """Statements found again on an article's new text: the generated set of updates
    judged against the known answers, and the update of an article of 2,000 statements."""
    return run_module(ctx.db, "bench.reanchor", str(max(ctx.runs, 5)))


def insights_overview(ctx: Context, count: int = 20) -> dict:
    """The insight overview's charts (GET /api/insights/) over every statement and over
    the approved ones (the default), from the counts the task worker keeps (counted
    again first, timed, as the worker would after the writes of earlier workloads), and
    over every dated statement (a filter the kept counts do not hold: counted live)."""
    figures: dict = {"recount": run_module(ctx.db, "bench.insights")}
    client = ctx.client()
    for label, query in (
        ("all", "?status=any"),
        ("approved", ""),
        ("live", "?status=any&published_to=2999-12-31"),
    ):
        path = f"/api/insights/{query}"
        reply = client.request("GET", path)
        if reply.status != 200:
            return {"error": f"HTTP {reply.status}"}
        p50 = []
        for _ in range(ctx.runs):
            latencies = [client.request("GET", path).seconds for _ in range(count)]
            p50.append(_ms(percentile(latencies, 50)))
        figures[f"{label}_p50_ms"] = summary(p50)
    client.close()
    return figures


def claims(ctx: Context) -> dict:
    """Claim grouping: the generated set's precision and recall (the lowest of three
    seeds), and regrouping every statement of the benchmark data."""
    return run_module(ctx.db, "bench.claims")

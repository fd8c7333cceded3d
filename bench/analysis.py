"""Suggestion analyses, measured in one process of each kind; prints one JSON object.

`python -m bench.analysis web ARTICLE RUNS`: a web process answering the suggestions of
the 20,000-word article while its analysis is pending (the rule engine's answer), the
rule engine alone on that text, and the answer once the analysis is stored; its resident
memory afterwards.

`python -m bench.analysis worker ARTICLE RUNS`: a task worker loading the parser model
and analysing a 1,000-word article (the task as the worker runs it, and spaCy's parse
alone); its resident memory afterwards.
"""

from __future__ import annotations

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

WORDS = 1000


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _memory() -> dict:
    from .server import rss_mib

    pid = os.getpid()
    return {
        "rss_mib": round(rss_mib(pid) or 0, 1),
        "peak_rss_mib": round(rss_mib(pid, "VmHWM") or 0, 1),
    }


def web(article_id: int, runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import Article, TextAnalysis
    from articles.suggest import engine
    from harness.servers import HOST

    from .prepare import USERNAME

    article = Article.objects.get(pk=article_id)
    # As while the worker has not finished: no stored analysis for this text.
    TextAnalysis.objects.filter(content_hash=article.content_hash).delete()
    client = Client(HTTP_HOST=HOST)
    client.force_login(get_user_model().objects.get(username=USERNAME))
    path = f"/api/articles/{article_id}/suggestions/"
    answers, statuses = [], set()
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(path)
        answers.append(time.perf_counter() - started)
        statuses.add(response.json()["status"])
    rules = []
    for _ in range(runs):
        started = time.perf_counter()
        detections = engine.analyse(article.body)
        rules.append(time.perf_counter() - started)
    # As once the worker has stored its analysis (the rules' detections stand in for it).
    TextAnalysis.objects.filter(content_hash=article.content_hash).update(
        status="ready", detections=[item.as_dict() for item in detections]
    )
    ready = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        response = client.get(path)
        ready.append(time.perf_counter() - started)
        statuses.add(response.json()["status"])
    return {
        "words": len(article.body.split()),
        "statuses": sorted(statuses),
        "pending_answer_ms": [_ms(s) for s in answers[1:]],  # the first warms up
        "analyse_rules_ms": [_ms(s) for s in rules],
        "ready_answer_ms": [_ms(s) for s in ready[1:]],
        "spacy_imported": "spacy" in sys.modules,
        **_memory(),
    }


def worker(article_id: int, runs: int) -> dict:
    from articles import services
    from articles.models import Article, TextAnalysis
    from articles.suggest import parser, service

    source = Article.objects.get(pk=article_id).body
    paragraphs, words = [], 0
    for paragraph in source.split("\n\n"):
        paragraphs.append(paragraph)
        words += len(paragraph.split())
        if words >= WORDS:
            break
    body = "\n\n".join(paragraphs)
    article = Article.objects.filter(body=body).first() or services.article_create(
        body=body, title="Benchmark: 1,000 words"
    )
    started = time.perf_counter()
    nlp = parser.load_parser()
    load = time.perf_counter() - started
    nlp(body)  # warm up
    parses, tasks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        nlp(body)
        parses.append(time.perf_counter() - started)
        TextAnalysis.objects.filter(content_hash=article.content_hash).update(
            status="pending", attempts=0
        )
        started = time.perf_counter()
        status = service.analysis_run(content_hash=article.content_hash)
        tasks.append(time.perf_counter() - started)
    used_parser = TextAnalysis.objects.get(content_hash=article.content_hash).used_parser
    return {
        "words": len(body.split()),
        "status": status,
        "used_parser": used_parser,
        "load_model_s": round(load, 2),
        "parse_ms": [_ms(s) for s in parses],
        "task_ms": [_ms(s) for s in tasks],
        **_memory(),
    }


def main(argv: list[str]) -> dict:
    django.setup()
    mode, article_id, runs = argv[0], int(argv[1]), int(argv[2])
    return {"web": web, "worker": worker}[mode](article_id, runs)


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))

"""Re-anchoring statements on an article's new text; prints one JSON object.

`python -m bench.reanchor RUNS`: the generated set of updates (harness.anchoring_set),
judged against where each statement should go, with the time the placement takes; then
the whole update of an article with 2,000 statements (`article_revise`: the revision,
the placement, the statements and their history written), RUNS times, alternating
between two texts so that each run moves every statement.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

STATEMENTS = 2000


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def accuracy() -> dict:
    from harness.anchoring_set import cases, judge

    all_cases = list(cases(per_update=60, statements=10, seed=7))
    started = time.perf_counter()
    figures = judge(all_cases).as_dict()
    return {
        **figures,
        "cases": len(all_cases),
        "place_ms": _ms(time.perf_counter() - started),
    }


def article_update(runs: int) -> dict:
    from django.contrib.auth import get_user_model

    from articles import revisions, services
    from articles.models import Article, Speaker, Statement
    from harness.anchoring_set import article, insert_paragraph, reword_quote

    rng = random.Random(3)
    text = article(rng, STATEMENTS)
    first, spans = text.render()
    changed = text.copy()
    insert_paragraph(rng, changed)
    reword_quote(rng, changed)
    second, _ = changed.render()
    from .prepare import USERNAME

    user = get_user_model().objects.get(username=USERNAME)
    speaker, _ = Speaker.objects.get_or_create(name="Bench Re-anchoring Speaker")
    target = services.article_create(body=first, title="Re-anchoring benchmark", by=user)
    try:
        services.statements_bulk_create(
            statements=[
                Statement(
                    article=target, speaker=speaker, start=start, end=end,
                    quote=first[start:end], stance="warning",
                )
                for start, end in spans.values()
            ],
            by=user,
        )  # fmt: skip
        times, summaries = [], []
        for run in range(runs):
            body = second if run % 2 == 0 else first
            started = time.perf_counter()
            revision = revisions.article_revise(article=target, body=body, by=None)
            times.append(time.perf_counter() - started)
            summaries.append(revision.summary if revision else {})
        return {
            "statements": STATEMENTS,
            "characters": len(first),
            "update_ms": {
                "median": _ms(statistics.median(times)),
                "min": _ms(min(times)),
                "max": _ms(max(times)),
                "runs": runs,
            },
            "summary_of_first_run": summaries[0],
        }
    finally:
        Statement.objects.filter(article=target).delete()
        Article.objects.filter(pk=target.pk).delete()


def main(argv: list[str]) -> dict:
    django.setup()
    runs = int(argv[0]) if argv else 5
    return {"accuracy": accuracy(), "article": article_update(runs)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))

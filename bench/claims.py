"""Claim grouping; prints one JSON object.

`python -m bench.claims`: the generated claim set (harness.claims_set) scored against its
known claims, then the regrouping of every statement of the benchmark database (as the
task worker runs it), timed.
"""

from __future__ import annotations

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")


def main(argv: list[str]) -> dict:
    django.setup()
    from articles import claim_groups
    from articles.models import Statement
    from harness.claims_set import claims_set, scores

    found = [scores(*claims_set(claims=90, seed=seed)) for seed in (1, 2, 3)]
    statements = Statement.objects.count()
    started = time.perf_counter()
    result = claim_groups.regroup()
    seconds = time.perf_counter() - started
    return {
        "set": {
            "quotes": sum(f["quotes"] for f in found),
            "precision": min(f["precision"] for f in found),
            "recall": min(f["recall"] for f in found),
        },
        "regroup": {"statements": statements, "seconds": round(seconds, 2), **result},
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))

"""The insight overview's kept counts; prints one JSON object.

`python -m bench.insights`: every statement of the benchmark database counted again (as
the task worker does after statements change), timed.
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
    from articles.insight_counts import recount
    from articles.models import Statement

    statements = Statement.objects.count()
    started = time.perf_counter()
    result = recount()
    return {"statements": statements, "seconds": round(time.perf_counter() - started, 2), **result}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))

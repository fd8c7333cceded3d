"""Run one management command in this process and report its time and peak memory.

`python -m bench.timed COMMAND ARGS...` prints {"seconds", "startup_seconds", "max_rss_mib"};
the seconds count the command alone, not Python and Django starting up.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def main(argv: list[str]) -> dict:
    started = time.perf_counter()
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotate.settings")

    django.setup()
    from django.core.management import call_command

    ready = time.perf_counter()
    call_command(*argv)
    done = time.perf_counter()
    return {
        "seconds": done - ready,
        "startup_seconds": ready - started,
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    result = main(sys.argv[1:])
    sys.stdout.flush()
    print(json.dumps(result))

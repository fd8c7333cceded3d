"""Background tasks of the suggestion engine, run by the task worker (`manage.py db_worker`).

Web processes import this module only to queue tasks: the parser model (and spaCy) is
loaded inside the task, in the worker.
"""

from __future__ import annotations

from django_tasks import task

from . import service


@task()
def analyse_text(content_hash: str, engine_version: str) -> str:
    """Analyse the stored text with this hash and keep its detections (safe to repeat)."""
    return service.analysis_run(content_hash=content_hash, engine_version=engine_version)

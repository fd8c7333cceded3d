"""Background tasks of the suggestion engine, run by the task worker (`manage.py db_worker`).

Web processes import this module only to queue tasks: the parser model (and spaCy) is
loaded inside the task, in the worker.
"""

from __future__ import annotations

from django_tasks import task

from . import service


@task()
def analyse_text(content_hash: str, engine_version: str) -> str:
    """Analyse the stored text with this hash and keep its detections (safe to repeat).

    Kept for tasks queued before `analyse_texts`, which is what is queued now.
    """
    return service.analysis_run(content_hash=content_hash, engine_version=engine_version)


@task()
def analyse_texts(content_hashes: list[str], engine_version: str) -> list[str]:
    """Analyse stored texts in turn: an import queues one task for many texts, as each
    queued task costs a row written one at a time."""
    return [
        service.analysis_run(content_hash=content_hash, engine_version=engine_version)
        for content_hash in content_hashes
    ]

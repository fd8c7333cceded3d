"""Background tasks of the app itself (the suggestion engine's are in suggest/tasks.py)."""

from __future__ import annotations

from django_tasks import task

# Celery workers register the tasks of each app's `tasks` module and drop messages for
# any other: the suggestion engine's tasks are named here so that they know them too.
from .suggest.tasks import analyse_text, analyse_texts

__all__ = [
    "analyse_text",
    "analyse_texts",
    "import_articles",
    "recount_insights",
    "regroup_claims",
]


@task()
def import_articles(job_id: int) -> str:
    """Import the files of an import job from the import page (safe to repeat)."""
    from .import_jobs import import_job_run

    return import_job_run(job_id=job_id)


@task()
def regroup_claims() -> dict:
    """Group the statements into claims again (see claim_groups)."""
    from .claim_groups import regroup

    return regroup()


@task()
def recount_insights() -> dict:
    """Count the statements of the insight overview again (see insight_counts)."""
    from .insight_counts import recount

    return recount()

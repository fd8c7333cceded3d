"""The RQ worker of TASKS_BACKEND=rq (`manage.py rqworker default`; needs the `rq` extra)."""

from __future__ import annotations

from django.db import close_old_connections
from rq.worker import SimpleWorker


class TaskWorker(SimpleWorker):
    """Runs each job in its own process, closing broken or expired connections around it.

    RQ's default worker forks for every job, and every fork loaded the parser model
    again, which cost far more than the job. One process for all jobs keeps its database
    connections too, so they are checked around each job as Django checks them around a
    request: one that a database restart broke is not handed to the next job.
    """

    def execute_job(self, job, queue):
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()

"""Imports from the import page that are too large for one request: a job a worker runs.

The uploaded files are kept in the database (not on a local disk: any instance may serve
the progress page, any worker may run the job) until the worker has read them; each
file is imported in batches of their own transactions, and the job's counts move on
after every file, so the page shows progress and a worker that dies loses nothing stored.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

# Items of each list a job's report keeps (the counts are always complete).
REPORT_LISTED = 100


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    files_total = models.PositiveIntegerField(default=0)
    files_done = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    # The first REPORT_LISTED of each: {"failed": [[origin, reason]], "more": [line],
    # "created": [[origin, article id, title]], "updated": [...], "skipped": [...]}.
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[value for value, _ in ImportStatus.choices]),
                name="import_job_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    def summary(self) -> str:
        return (
            f"created {self.created_count}, updated {self.updated_count}, "
            f"skipped {self.skipped_count}, failed {self.failed_count}"
        )


class ImportUpload(models.Model):
    """One uploaded file of a job, kept until the worker has imported it."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="uploads")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["job", "position"]

    def __str__(self) -> str:
        return self.name


def import_job_create(*, files: list[tuple[str, bytes]], by) -> ImportJob:
    """Keep the files and queue the job once they are committed."""
    with transaction.atomic():
        job = ImportJob.objects.create(created_by=by, files_total=len(files))
        ImportUpload.objects.bulk_create(
            ImportUpload(job=job, position=i, name=name[:255], data=data)
            for i, (name, data) in enumerate(files)
        )
        transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import import_articles

    import_articles.enqueue(job_id)


def import_job_stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.IMPORT_JOB_TIMEOUT)


def import_job_run(*, job_id: int) -> str:
    """Import a job's files one by one, recording progress; safe to run twice.

    The job is taken with one UPDATE, so two workers never both run it; a job left
    running by a worker that died is taken again after IMPORT_JOB_TIMEOUT. Files already
    imported are gone from the job, and articles already stored are skipped by their
    text, so a second run picks up where the first stopped.
    """
    from .importers import Importer

    now = timezone.now()
    taken = ImportJob.objects.filter(
        Q(status=ImportStatus.QUEUED)
        | Q(status=ImportStatus.RUNNING, started_at__lt=now - import_job_stale_after()),
        pk=job_id,
    ).update(status=ImportStatus.RUNNING, started_at=now, attempts=models.F("attempts") + 1)
    if not taken:
        return "not taken"
    job = ImportJob.objects.get(pk=job_id)
    importer = Importer(by=job.created_by, max_articles=settings.IMPORT_MAX_ARTICLES)
    # Articles a previous attempt read count against the cap too.
    importer._read = job.created_count + job.updated_count + job.skipped_count
    importer._read += job.failed_count
    base = _counts(job)
    try:
        for upload_id in job.uploads.values_list("pk", flat=True):
            upload = ImportUpload.objects.get(pk=upload_id)
            importer.add_source(upload.name, bytes(upload.data))
            importer.flush()
            with transaction.atomic():
                upload.delete()
                _record(job, importer.report, base)
                job.files_done = job.files_total - job.uploads.count()
                job.save()
    except Exception as error:
        job.status = ImportStatus.FAILED
        job.error = f"The import stopped: {type(error).__name__}: {error}"[:2000]
        job.finished_at = timezone.now()
        job.save()
        raise
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    return job.summary()


def _counts(job: ImportJob) -> dict:
    """What earlier attempts recorded, which this one adds to."""
    return {
        "created": job.created_count,
        "updated": job.updated_count,
        "skipped": job.skipped_count,
        "failed": job.failed_count,
        "report": job.report or {},
    }


def _record(job: ImportJob, report, base: dict) -> None:
    job.created_count = base["created"] + len(report.created)
    job.updated_count = base["updated"] + len(report.updated)
    job.skipped_count = base["skipped"] + len(report.skipped)
    job.failed_count = base["failed"] + report.failed.total
    kept = base["report"]

    def articles(items):
        return [[origin, a.pk, a.title] for origin, a in items[:REPORT_LISTED]]

    job.report = {
        "created": (kept.get("created", []) + articles(report.created))[:REPORT_LISTED],
        "updated": (kept.get("updated", []) + articles(report.updated))[:REPORT_LISTED],
        "skipped": (kept.get("skipped", []) + [list(i) for i in report.skipped])[:REPORT_LISTED],
        "failed": (kept.get("failed", []) + [list(i) for i in report.failed])[:REPORT_LISTED],
        "more": report.failed.more_lines(),
    }

"""Stored suggestion analyses: what the engine found in a text, computed by a worker.

An analysis belongs to a text, not to an article: it is keyed by the text's content
hash and the engine version, so a re-import of the same text, or an article whose text
comes back, finds its analysis done, and a new engine version analyses everything anew.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


class AnalysisStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class TextAnalysisQuerySet(models.QuerySet):
    def stale(self, *, timeout: datetime.timedelta, now=None) -> TextAnalysisQuerySet:
        """Analyses whose worker has gone: running, or queued and not taken, for too long."""
        cutoff = (now or timezone.now()) - timeout
        return self.filter(
            Q(status=AnalysisStatus.RUNNING, started_at__lt=cutoff)
            | Q(status=AnalysisStatus.PENDING, enqueued_at__lt=cutoff)
        )


class TextAnalysis(models.Model):
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the analysed text.")
    engine_version = models.CharField(max_length=20)
    status = models.CharField(
        max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.PENDING
    )
    # A list of engine.Detection.as_dict(), in text order.
    detections = models.JSONField(default=list, blank=True)
    used_parser = models.BooleanField(
        default=False, help_text="Whether the parser model took part (else rules alone)."
    )
    error = models.TextField(blank=True, help_text="Why it failed, or why rules alone ran.")
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TextAnalysisQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "text analyses"
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash", "engine_version"], name="text_analysis_unique_text"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AnalysisStatus.values), name="text_analysis_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "started_at"], name="text_analysis_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Analysis {self.content_hash[:12]} (engine {self.engine_version}): {self.status}"

    @property
    def is_ready(self) -> bool:
        return self.status == AnalysisStatus.READY

    def is_stale(self, *, timeout: datetime.timedelta, now=None) -> bool:
        """Whether its worker has gone (see TextAnalysisQuerySet.stale)."""
        cutoff = (now or timezone.now()) - timeout
        if self.status == AnalysisStatus.RUNNING:
            return self.started_at is None or self.started_at < cutoff
        if self.status == AnalysisStatus.PENDING:
            return self.enqueued_at is None or self.enqueued_at < cutoff
        return False

"""``BackgroundJob``: what a person started, how far it has come, and where its result is.

A job is an operational record, not case data: it is written many times while it runs
(progress), so it keeps no history of its own — the domain records it produces do.
The queue itself (``django_tasks_db.DBTaskResult``) belongs to django-tasks; this model is
what the UI reads, and ``task_id`` links the two.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nsp.jobs.choices import FINISHED, JobStatus


class BackgroundJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="background_jobs",
        verbose_name=_("requested by"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    result_path = models.CharField(_("result file"), max_length=500, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    # What a job without a file did, for its page ("12 rows: 12 new"); no personal data.
    summary = models.TextField(_("summary"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="jobs_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")) | Q(progress_total=0),
                name="jobs_progress_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.DONE) | Q(finished_at__isnull=False),
                name="jobs_done_has_finished_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def has_result(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.result_path)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

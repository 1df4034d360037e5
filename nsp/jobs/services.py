"""Writes for background jobs: start one, and — from inside the task — report on it.

A job kind names a django-tasks task in ``settings.NSP_JOB_TASKS`` (kind → dotted path).
Every such task takes ``job_id`` (a string) plus the job's parameters as keyword
arguments, and wraps its body in ``job_running``::

    @task()
    def export_decisions(job_id: str, decision_ids: list[str]) -> str:
        with job_running(job_id) as job:
            for i, pk in enumerate(decision_ids, 1):
                ...
                job_progress(job, i, len(decision_ids))
            job_finish(job=job, result_path=path, result_name="beslut.zip")
        return job_id
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from nsp.accounts.models import User
from nsp.jobs.choices import JobStatus
from nsp.jobs.models import BackgroundJob

logger = logging.getLogger(__name__)


def job_task(kind: str) -> Any:
    """The django-tasks ``Task`` registered for ``kind``, or ``ValidationError``."""
    dotted = settings.NSP_JOB_TASKS.get(kind)
    if dotted is None:
        raise ValidationError(_("Unknown kind of background job: %(kind)s") % {"kind": kind})
    return import_string(dotted)


def job_start(*, kind: str, user: User, **params: Any) -> BackgroundJob:
    """Record a job and put its task on the queue, in one transaction.

    The queue row and the job row commit together, so a worker never picks up a task
    whose job it cannot find. ``params`` must be JSON-serialisable (ids, not objects).
    """
    task = job_task(kind)
    with transaction.atomic():
        job = BackgroundJob(kind=kind, requested_by=user, params=params)
        job.full_clean()
        job.save()
        result = task.enqueue(job_id=str(job.pk), **params)
        # The immediate backend (tests) has already run the task: keep what it wrote.
        job.refresh_from_db()
        job.task_id = str(result.id)[:64]
        job.save(update_fields=["task_id"])
    logger.info("job %s (%s) queued as task %s", job.pk, kind, job.task_id)
    return job


def job_progress(job: BackgroundJob, done: int, total: int) -> None:
    """Report progress from inside a task (one UPDATE; visible at once to the page)."""
    done = max(0, min(done, total)) if total else max(0, done)
    BackgroundJob.objects.filter(pk=job.pk).update(
        progress_done=done, progress_total=total if total else 0
    )
    job.progress_done, job.progress_total = done, total


@contextmanager
def job_progress_reporter(
    job: BackgroundJob, every_seconds: float = 0.5
) -> Iterator[Callable[[int, int], None]]:
    """Progress for a task whose work is one transaction (all or nothing).

    ``job_progress`` inside that transaction would stay invisible until it commits; this
    writes on a database connection of its own (autocommit), at most every
    ``every_seconds`` and always for the last row, so the job page moves while the work
    is still uncommitted. The connection is closed when the block ends.
    """
    own = connections[DEFAULT_DB_ALIAS]
    connection = own.__class__(dict(own.settings_dict), DEFAULT_DB_ALIAS)
    table = connection.ops.quote_name(BackgroundJob._meta.db_table)
    last = 0.0

    def report(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < every_seconds:
            return
        last = now
        done = max(0, min(done, total))
        with connection.cursor() as cursor:
            cursor.execute(  # the table name is the model's, quoted; the values are params
                f"UPDATE {table} SET progress_done = %s, progress_total = %s WHERE id = %s",  # noqa: S608
                [done, total, job.pk],
            )
        job.progress_done, job.progress_total = done, total

    try:
        yield report
    finally:
        connection.close()


def job_finish(
    *, job: BackgroundJob, result_path: str = "", result_name: str = "", summary: str = ""
) -> None:
    job.status = JobStatus.DONE
    job.result_path = result_path
    job.result_name = result_name
    job.summary = summary
    job.finished_at = timezone.now()
    if job.progress_total:
        job.progress_done = job.progress_total
    job.save(
        update_fields=[
            "status",
            "result_path",
            "result_name",
            "summary",
            "finished_at",
            "progress_done",
            "progress_total",
        ]
    )


def job_fail(*, job: BackgroundJob, message: str = "") -> None:
    """Mark the job failed. ``message`` is shown to the requester: no internals."""
    job.status = JobStatus.FAILED
    job.error_message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error_message", "finished_at"])


@contextmanager
def job_running(job_id: str) -> Iterator[BackgroundJob]:
    """Run a task body as the job ``job_id``.

    1. mark the job running;
    2. run the body; a ``ValidationError`` becomes the job's (user-facing) error message,
       any other exception a generic one (details go to the log, not to the page);
       the exception is raised again so that django-tasks records the failure too;
    3. a body that did not call ``job_finish`` leaves the job done, without a file.
    """
    job = BackgroundJob.objects.get(pk=job_id)
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        yield job
    except ValidationError as exc:
        job_fail(job=job, message=" ".join(exc.messages))
        raise
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job_fail(job=job)
        raise
    if job.status == JobStatus.RUNNING:
        job_finish(job=job)


def jobs_prune(*, older_than: timedelta) -> int:
    """Delete finished jobs older than ``older_than`` and their result files; count them.

    Export archives hold decisions about real people: they are kept only as long as the
    requester needs to download them.
    """
    cutoff = timezone.now() - older_than
    finished = BackgroundJob.objects.filter(
        status__in=[JobStatus.DONE, JobStatus.FAILED], finished_at__lt=cutoff
    )
    count = 0
    for job in finished.iterator():
        if job.result_path and default_storage.exists(job.result_path):
            default_storage.delete(job.result_path)
        job.delete()
        count += 1
    return count

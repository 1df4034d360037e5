"""Background tasks of the funding app (django-tasks; run by ``manage.py db_worker``)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from funding.models import Decision
from funding.permissions import can_record_afterwards
from funding.register_import import ImportReport, import_register
from funding.services.documents import build_decision_zip
from nsp.jobs.services import job_finish, job_progress, job_progress_reporter, job_running


def export_name(date_from: str, date_to: str) -> str:
    return f"beslut-{date_from}-{date_to}.zip"


@task()
def export_decisions(job_id: str, date_from: str, date_to: str) -> str:
    """Job kind ``decision_zip``: every decision PDF of a period in one zip with a manifest.

    1. select the period's decisions (stored PDFs, never re-rendered);
    2. build the zip in a temporary folder, reporting progress after each file;
    3. store it under ``jobs/<job id>/`` for the requester's download page.
    """
    with job_running(job_id) as job:
        decisions = (
            Decision.objects.filter(
                decided_on__gte=date.fromisoformat(date_from),
                decided_on__lte=date.fromisoformat(date_to),
            )
            .select_related("application")
            .order_by("number")
        )
        name = export_name(date_from, date_to)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            build_decision_zip(decisions, path, lambda done, total: job_progress(job, done, total))
            with path.open("rb") as handle:
                stored = default_storage.save(f"jobs/{job.pk}/{name}", File(handle))
        job_finish(job=job, result_path=stored, result_name=name)
    return stored


def report_summary(report: ImportReport) -> str:
    return _(
        "%(rows)s rows checked: %(created)s new, %(skipped)s already imported, %(errors)s errors."
    ) % {
        "rows": report.rows,
        "created": report.created,
        "skipped": report.skipped,
        "errors": len(report.errors),
    }


@task()
def import_register_file(job_id: str, path: str, language: str = "sv") -> str:
    """Job kind ``register_import``: the coordinator's uploaded paper register.

    1. re-check that the requester may still record afterwards;
    2. import the stored file all or nothing (``funding.register_import``), reporting
       progress on a connection of its own (the import is one transaction);
    3. a file with errors imports nothing: the job fails with every row, column and
       reason; otherwise the job's summary counts new and already imported rows;
    4. the uploaded file (personal data) is deleted whatever happened.
    """
    try:
        with translation.override(language), job_running(job_id) as job:
            user = job.requested_by
            allowed = can_record_afterwards(user)
            if not allowed:
                raise ValidationError(allowed.reason)
            with default_storage.open(path, "rb") as handle, job_progress_reporter(job) as progress:
                report = import_register(handle, by=user, progress=progress)
            if report.errors:
                raise ValidationError(
                    [_("Nothing was imported") + ".", report_summary(report)]
                    + [f"{error};" for error in report.errors]
                )
            job_finish(job=job, summary=f"{_('Imported')}: {report_summary(report)}")
    finally:
        default_storage.delete(path)
    return job_id

"""Background tasks of the funding app (django-tasks; run by ``manage.py db_worker``)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django_tasks import task

from funding.models import Decision
from funding.services.documents import build_decision_zip
from nsp.jobs.services import job_finish, job_progress, job_running


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

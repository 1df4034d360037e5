"""The progress page of a background job, its polled partial, and the result download."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nsp.audit.access import log_access
from nsp.audit.models import AccessAction
from nsp.jobs.selectors import job_for_user_or_404
from nsp.permissions import is_signed_in, require
from nsp.reauth import require_recent_auth


@require(is_signed_in)
@require_GET
def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = job_for_user_or_404(request.user, job_id)
    return render(request, "jobs/detail.html", {"job": job})


@require(is_signed_in)
@require_GET
def job_status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The progress partial alone; the page polls it every 2 s until the job is finished."""
    job = job_for_user_or_404(request.user, job_id)
    return render(request, "jobs/includes/progress.html", {"job": job})


@require(is_signed_in)
@require_recent_auth()
@require_GET
def job_download(request: HttpRequest, job_id: uuid.UUID) -> FileResponse:
    job = job_for_user_or_404(request.user, job_id)
    if not job.has_result or not default_storage.exists(job.result_path):
        raise Http404
    log_access(request, job, AccessAction.DOWNLOAD)
    return FileResponse(
        default_storage.open(job.result_path, "rb"),
        as_attachment=True,
        filename=job.result_name or job.result_path.rsplit("/", 1)[-1],
    )

"""Reads for background jobs: a job is visible to the person who started it, no one else."""

from __future__ import annotations

import uuid

from django.http import Http404

from nsp.jobs.models import BackgroundJob
from nsp.permissions import AnyUser


def job_for_user_or_404(user: AnyUser, job_id: uuid.UUID | str) -> BackgroundJob:
    """The requester's own job; anyone else (and a malformed id) gets 404."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    try:
        return BackgroundJob.objects.get(pk=job_id, requested_by_id=user.pk)
    except (BackgroundJob.DoesNotExist, ValueError) as exc:
        raise Http404 from exc

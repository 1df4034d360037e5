"""Retention of files: background-job archives and uploads that lost their row.

``orphaned_uploads`` lists the files under ``MEDIA_ROOT`` that no row names — no file field
of any model (live or historical) and no background job's result — and that are older than
a grace period (an upload being saved right now has no committed row yet).
``retention_files`` deletes them and the finished jobs past ``NSP_JOB_RESULT_DAYS`` (their
zips of decision documents included).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import FileField


def _referenced() -> set[Path]:
    from django.core.files.storage import default_storage

    from nsp.jobs.models import BackgroundJob

    names: set[Path] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            storage = field.storage
            for name in model._default_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            ):
                if name:
                    names.add(Path(storage.path(name)).resolve())
    for path in BackgroundJob.objects.exclude(result_path="").values_list("result_path", flat=True):
        names.add(Path(default_storage.path(path)).resolve())
    return names


def orphaned_uploads(grace: timedelta = timedelta(hours=24)) -> list[Path]:
    """Files under ``MEDIA_ROOT`` no row names, older than ``grace``."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    referenced = _referenced()
    cutoff = time.time() - grace.total_seconds()
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.resolve() not in referenced and path.stat().st_mtime < cutoff
    )


@dataclass
class FileRetention:
    jobs: int
    orphans: int


def retention_files(
    *, dry_run: bool = False, grace: timedelta = timedelta(hours=24)
) -> FileRetention:
    """Delete finished jobs older than ``NSP_JOB_RESULT_DAYS`` (with their archives) and
    the orphaned uploads."""
    from nsp.jobs.models import BackgroundJob
    from nsp.jobs.services import jobs_prune

    age = timedelta(days=settings.NSP_JOB_RESULT_DAYS)
    if dry_run:
        from django.utils import timezone

        jobs = BackgroundJob.objects.filter(
            finished_at__lt=timezone.now() - age, status__in=["done", "failed"]
        ).count()
    else:
        jobs = jobs_prune(older_than=age)
    orphans = orphaned_uploads(grace)
    if not dry_run:
        for path in orphans:
            path.unlink(missing_ok=True)
    return FileRetention(jobs=jobs, orphans=len(orphans))

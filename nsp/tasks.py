"""Background tasks of the project itself (django-tasks; run by ``manage.py db_worker``).

``build_zip`` packs stored files into one ZIP with a ``manifest.csv`` (name, SHA-256,
size) as a background job. Apps reuse it two ways:

* start it as a job: ``job_start(kind="zip", user=u, files=[[name, storage_path], …],
  zip_name="beslut.zip")`` and redirect to ``jobs:detail``;
* call ``zip_files(job, files, zip_name=…)`` from inside their own task after making
  the files (e.g. the funding app's decision-PDF export), then ``job_finish``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
import zipfile
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django_tasks import task

from nsp.jobs.models import BackgroundJob
from nsp.jobs.services import job_finish, job_progress, job_running

MANIFEST = "manifest.csv"
CHUNK = 1024 * 1024


def _check_names(files: Sequence[Sequence[str]]) -> None:
    seen: set[str] = set()
    for entry in files:
        name = entry[0]
        if (
            not name
            or name in (".", "..")
            or "/" in name
            or "\\" in name
            or name.startswith(".")
            or name == MANIFEST
        ):
            raise ValidationError(
                _("A file in the export has an invalid name: %(name)s") % {"name": name}
            )
        if name in seen:
            raise ValidationError(
                _("Two files in the export have the same name: %(name)s") % {"name": name}
            )
        seen.add(name)


def _safe_zip_name(zip_name: str) -> str:
    name = zip_name.rsplit("/", 1)[-1].strip() or "export.zip"
    return name if name.lower().endswith(".zip") else f"{name}.zip"


def zip_files(job: BackgroundJob, files: Sequence[Sequence[str]], *, zip_name: str) -> str:
    """Pack ``files`` (``[name, storage path]`` pairs) into a ZIP in the default storage.

    1. check every entry name (flat, unique, not ``manifest.csv``) before reading anything;
    2. stream each stored file into the archive while hashing it, reporting progress;
    3. add ``manifest.csv`` (name, sha256, bytes) and save the archive under
       ``jobs/<job id>/``; return its storage path.
    """
    _check_names(files)
    rows: list[tuple[str, str, int]] = []
    total = len(files)
    job_progress(job, 0, total)
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, (name, path) in enumerate(files, start=1):
                if not default_storage.exists(path):
                    raise ValidationError(
                        _("A file for the export is missing: %(name)s") % {"name": name}
                    )
                digest = hashlib.sha256()
                size = 0
                with default_storage.open(path, "rb") as source, archive.open(name, "w") as target:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        target.write(chunk)
                rows.append((name, digest.hexdigest(), size))
                job_progress(job, done, total)
            manifest = io.StringIO()
            writer = csv.writer(manifest, lineterminator="\n")
            writer.writerow(["name", "sha256", "bytes"])
            writer.writerows(rows)
            archive.writestr(MANIFEST, manifest.getvalue())
        tmp.seek(0)
        return default_storage.save(f"jobs/{job.pk}/{_safe_zip_name(zip_name)}", File(tmp))


@task()
def build_zip(job_id: str, files: list[list[str]], zip_name: str = "export.zip") -> str:
    """The job kind ``zip``: one archive of stored files, with a manifest."""
    with job_running(job_id) as job:
        path = zip_files(job, files, zip_name=zip_name)
        job_finish(job=job, result_path=path, result_name=_safe_zip_name(zip_name))
    return path

"""``nsp.tasks.build_zip``: the archive, its manifest, its refusals — and the real worker."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection

from nsp.accounts.models import User
from nsp.jobs.choices import JobStatus
from nsp.jobs.services import job_start
from nsp.tasks import build_zip
from tests.nsp.jobs.factories import BackgroundJobFactory, stored_file

ROOT = Path(__file__).resolve().parents[2]


def _archive(path: str) -> zipfile.ZipFile:
    with default_storage.open(path, "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_it_packs_the_files_with_a_manifest_of_their_sha256(db: None) -> None:
    one, two = b"%PDF-1 first decision", b"%PDF-1 second decision" * 1000
    job = BackgroundJobFactory()
    files = [["beslut-1.pdf", stored_file(one)], ["beslut-2.pdf", stored_file(two)]]

    path = build_zip.call(job_id=str(job.pk), files=files, zip_name="beslut")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.result_path, job.result_name) == (path, "beslut.zip")
    archive = _archive(path)
    assert archive.namelist() == ["beslut-1.pdf", "beslut-2.pdf", "manifest.csv"]
    assert archive.read("beslut-2.pdf") == two
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert manifest == [
        {"name": "beslut-1.pdf", "sha256": hashlib.sha256(one).hexdigest(), "bytes": str(len(one))},
        {"name": "beslut-2.pdf", "sha256": hashlib.sha256(two).hexdigest(), "bytes": str(len(two))},
    ]


@pytest.mark.parametrize("name", ["../x.pdf", "dir/x.pdf", "", ".hidden", "manifest.csv"])
def test_it_refuses_entry_names_that_are_not_plain_file_names(db: None, name: str) -> None:
    job = BackgroundJobFactory()
    with pytest.raises(ValidationError):
        build_zip.call(job_id=str(job.pk), files=[[name, stored_file(b"x")]])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_message


def test_it_refuses_two_files_of_the_same_name(db: None) -> None:
    job = BackgroundJobFactory()
    files = [["a.pdf", stored_file(b"1")], ["a.pdf", stored_file(b"2")]]
    with pytest.raises(ValidationError):
        build_zip.call(job_id=str(job.pk), files=files)


def test_a_missing_file_fails_the_job_with_its_name(db: None) -> None:
    job = BackgroundJobFactory()
    with pytest.raises(ValidationError):
        build_zip.call(job_id=str(job.pk), files=[["saknas.pdf", "test-jobs/none/saknas.pdf"]])
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "saknas.pdf" in job.error_message


def _database_url(name: str) -> str:
    from nsp.dbserver import ensure_running

    base = os.environ.get("DATABASE_URL") or ensure_running()
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job(staff_a: User) -> None:
    """``manage.py db_worker --batch`` (a separate process) takes the job from the queue."""
    content = b"%PDF-1 decision"
    job = job_start(kind="zip", user=staff_a, files=[["beslut.pdf", stored_file(content)]])
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(connection.settings_dict["NAME"]),
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,  # the same MEDIA_ROOT
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, result.stdout + result.stderr
    assert _archive(job.result_path).read("beslut.pdf") == content

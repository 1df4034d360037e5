from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nsp.accounts.models import User
from nsp.jobs.choices import JobStatus
from nsp.jobs.models import BackgroundJob
from nsp.jobs.services import job_progress, job_running, job_start
from tests.nsp.jobs.factories import BackgroundJobFactory, stored_file


def test_it_records_the_job_and_queues_its_task_together(staff_a: User) -> None:
    path = stored_file(b"one")
    job = job_start(kind="zip", user=staff_a, files=[["a.pdf", path]], zip_name="x.zip")

    assert job.status == JobStatus.QUEUED
    assert job.requested_by == staff_a
    queued = DBTaskResult.objects.get(id=job.task_id)
    assert queued.task_path == "nsp.tasks.build_zip"
    assert queued.args_kwargs["kwargs"] == {
        "job_id": str(job.pk),
        "files": [["a.pdf", path]],
        "zip_name": "x.zip",
    }


def test_an_unknown_kind_is_refused_and_nothing_is_queued(staff_a: User) -> None:
    with pytest.raises(ValidationError):
        job_start(kind="no-such-kind", user=staff_a)
    assert not BackgroundJob.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_worker_runs_the_job_to_done(
    staff_a: User, run_queued_tasks: Callable[[], int]
) -> None:
    job = job_start(kind="zip", user=staff_a, files=[["a.pdf", stored_file(b"one")]])

    assert run_queued_tasks() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert job.started_at is not None and job.finished_at is not None
    assert job.result_path.startswith(f"jobs/{job.pk}/")


def test_progress_is_written_at_once_and_kept_within_the_total(db: None) -> None:
    job = BackgroundJobFactory(running=True)

    job_progress(job, 4, 8)
    assert BackgroundJob.objects.values_list("progress_done", "progress_total").get() == (4, 8)
    job_progress(job, 12, 8)
    assert BackgroundJob.objects.values_list("progress_done", "progress_total").get() == (8, 8)


def test_the_database_refuses_progress_beyond_the_total(db: None) -> None:
    job = BackgroundJobFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BackgroundJob.objects.filter(pk=job.pk).update(progress_done=5, progress_total=4)


def test_a_rule_violation_becomes_the_message_the_requester_sees(db: None) -> None:
    job = BackgroundJobFactory()
    with pytest.raises(ValidationError), job_running(str(job.pk)):
        raise ValidationError("Beslutet saknar underskrift.")

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_message == "Beslutet saknar underskrift."
    assert job.finished_at is not None


def test_an_internal_error_fails_the_job_without_showing_its_details(db: None) -> None:
    job = BackgroundJobFactory()
    with pytest.raises(KeyError), job_running(str(job.pk)):
        raise KeyError("secret-internal-detail")

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_message == ""


def test_a_body_that_returns_leaves_the_job_done(db: None) -> None:
    job = BackgroundJobFactory()
    with job_running(str(job.pk)) as running:
        assert BackgroundJob.objects.get(pk=running.pk).status == JobStatus.RUNNING

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert not job.has_result


def test_pruning_deletes_old_finished_jobs_and_their_files(db: None) -> None:
    old = BackgroundJobFactory(done=True)
    BackgroundJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    recent = BackgroundJobFactory(done=True)
    running = BackgroundJobFactory(running=True)

    call_command("prune_jobs", "--days", "7", stdout=io.StringIO())

    assert set(BackgroundJob.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not default_storage.exists(old.result_path)
    assert default_storage.exists(recent.result_path)

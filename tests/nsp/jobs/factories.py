"""Factories for background jobs and the stored files they pack."""

from __future__ import annotations

import uuid

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from nsp.jobs.choices import JobStatus
from nsp.jobs.models import BackgroundJob
from tests.factories import UserFactory


def stored_file(content: bytes, name: str = "file.pdf") -> str:
    """Save ``content`` in the default storage under a unique path; return the path."""
    return default_storage.save(f"test-jobs/{uuid.uuid4()}/{name}", ContentFile(content))


class BackgroundJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BackgroundJob

    kind = "zip"
    requested_by = factory.SubFactory(UserFactory)
    status = JobStatus.QUEUED

    class Params:
        running = factory.Trait(status=JobStatus.RUNNING, progress_done=3, progress_total=10)
        failed = factory.Trait(
            status=JobStatus.FAILED,
            error_message="En fil saknas.",
            finished_at=factory.LazyFunction(timezone.now),
        )
        done = factory.Trait(
            status=JobStatus.DONE,
            finished_at=factory.LazyFunction(timezone.now),
            result_name="export.zip",
            result_path=factory.LazyFunction(lambda: stored_file(b"PK-zip", "export.zip")),
        )

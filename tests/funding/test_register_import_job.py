"""The coordinator's register upload runs in the background job system (issue 16: "progress
shown"); the dry run is still checked at once on the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from funding.choices import Stream
from funding.models import BudgetPeriod, Decision, ProgrammePhase
from funding.services.budget import budget_period_create
from nsp.accounts.models import Organisation, User
from nsp.jobs.choices import JobStatus
from nsp.jobs.models import BackgroundJob
from nsp.jobs.services import job_progress_reporter
from tests.conftest import login
from tests.funding.test_afterwards import LAST_YEAR, _file, _row
from tests.nsp.jobs.conftest import _run_queued_tasks
from tests.nsp.jobs.factories import BackgroundJobFactory

URL = reverse("funding:register_import")


@pytest.fixture
def last_year(pilot: ProgrammePhase) -> BudgetPeriod:
    ProgrammePhase.objects.filter(pk=pilot.pk).update(starts_on=date(LAST_YEAR, 1, 1))
    return budget_period_create(
        name=f"Budget {LAST_YEAR}",
        starts_on=date(LAST_YEAR, 1, 1),
        ends_on=date(LAST_YEAR, 12, 31),
        allocations={s: Decimal("500000") for s in Stream.values},
    )


def _upload(*rows: list[object]) -> SimpleUploadedFile:
    return SimpleUploadedFile("diarium.xlsx", _file(*rows).getvalue())


def _stored_imports() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_the_dry_run_is_checked_on_the_page_and_starts_no_job(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    response = login(coordinator).post(
        URL, {"file": _upload(_row(aktor=org_a.name)), "dry_run": "on"}
    )
    assert response.status_code == 200
    assert "1 nya" in response.content.decode()
    assert not BackgroundJob.objects.exists() and not Decision.objects.exists()


def test_the_import_runs_in_the_background_and_the_upload_is_deleted(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    before = set(_stored_imports())
    response = login(coordinator).post(URL, {"file": _upload(_row(aktor=org_a.name))})
    job = BackgroundJob.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.kind, job.status) == ("register_import", JobStatus.QUEUED)
    assert not Decision.objects.exists()  # nothing yet: the worker imports

    assert _run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.summary == ("Importerat: 1 rader kontrollerade: 1 nya, 0 redan importerade, 0 fel.")
    assert (job.progress_done, job.progress_total) == (1, 1)
    assert Decision.objects.get().decided_on.year == LAST_YEAR
    assert set(_stored_imports()) == before  # the register (personal data) is gone
    page = login(coordinator).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "1 nya" in page


def test_a_file_with_errors_fails_the_job_with_row_and_column_and_imports_nothing(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    rows = [_row(aktor=org_a.name), _row(aktor="Okänd", arendenummer="NSP012", beslutsnummer=2)]
    before = set(_stored_imports())
    login(coordinator).post(URL, {"file": _upload(*rows)})
    _run_queued_tasks()
    job = BackgroundJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error_message.startswith("Inget importerades.")
    assert "rad 3, kolumn aktor" in job.error_message
    assert not Decision.objects.exists()
    assert set(_stored_imports()) == before


def test_a_requester_who_lost_the_role_imports_nothing(
    last_year: BudgetPeriod, coordinator: User, org_a: Organisation
) -> None:
    login(coordinator).post(URL, {"file": _upload(_row(aktor=org_a.name))})
    User.objects.filter(pk=coordinator.pk).update(role="actor_staff", organisation=org_a)
    _run_queued_tasks()
    assert BackgroundJob.objects.get().status == JobStatus.FAILED
    assert not Decision.objects.exists()


def test_only_the_coordinator_uploads(staff_a: User) -> None:
    assert login(staff_a).post(URL, {}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_is_uncommitted() -> None:
    """The import is one transaction; its progress is written beside it, committed."""
    job = BackgroundJobFactory(running=True)
    with transaction.atomic(), job_progress_reporter(job, every_seconds=0) as report:
        report(2, 5)
        # Read on the import's own connection: committed by the reporter already.
        assert BackgroundJob.objects.values_list("progress_done", "progress_total").get(
            pk=job.pk
        ) == (2, 5)
        transaction.set_rollback(True)
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (2, 5)

"""A background job's page follows the job by itself (htmx polling, no inline script)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from nsp.accounts.models import Organisation
from nsp.jobs.choices import JobStatus
from nsp.jobs.models import BackgroundJob
from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.nsp.jobs.factories import BackgroundJobFactory, stored_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_job_page_shows_progress_then_the_download(page: Any) -> None:
    org = Organisation.objects.create(name="Aktör A", org_number="802000-0001")
    user = UserFactory(username="handlaggare", organisation=org)
    job = BackgroundJobFactory(requested_by=user, running=True)
    log_in(page, "handlaggare")
    page.wait_for_url("**/")

    page.goto(f"/jobb/{job.pk}/")
    assert page.locator(".nsp-job-badge").inner_text() == "Pågår"
    assert page.locator("progress").get_attribute("value") == "30"

    # The worker finishes while the page is open: the page notices within a poll or two.
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        result_path=stored_file(b"PK-zip", "beslut.zip"),
        result_name="beslut.zip",
    )
    download_link = page.get_by_role("link", name="Ladda ned beslut.zip")
    download_link.wait_for(timeout=6_000)
    assert page.locator(".nsp-job-badge").inner_text() == "Klart"

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "beslut.zip"

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from nsp.accounts.models import User
from nsp.audit.models import AccessLog
from tests.conftest import login
from tests.nsp.jobs.factories import BackgroundJobFactory

URL_NAMES = ("jobs:detail", "jobs:status", "jobs:download")


def test_the_page_polls_while_the_job_runs(staff_a: User) -> None:
    job = BackgroundJobFactory(requested_by=staff_a, running=True)

    page = login(staff_a).get(reverse("jobs:detail", args=[job.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert 'value="30"' in html  # 3 of 10
    assert "<script>" not in html


def test_the_partial_stops_polling_once_the_job_is_done(staff_a: User) -> None:
    job = BackgroundJobFactory(requested_by=staff_a, done=True)

    partial = login(staff_a).get(reverse("jobs:status", args=[job.pk]))

    html = partial.content.decode()
    assert "hx-trigger" not in html
    assert reverse("jobs:download", args=[job.pk]) in html
    assert "<html" not in html


def test_a_failed_job_shows_its_message(staff_a: User) -> None:
    job = BackgroundJobFactory(requested_by=staff_a, failed=True)
    page = login(staff_a).get(reverse("jobs:detail", args=[job.pk]))
    assert "En fil saknas." in page.content.decode()
    assert reverse("jobs:download", args=[job.pk]) not in page.content.decode()


def test_the_requester_downloads_the_result_and_it_is_logged(staff_a: User) -> None:
    job = BackgroundJobFactory(requested_by=staff_a, done=True)

    response = login(staff_a).get(reverse("jobs:download", args=[job.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK-zip"  # type: ignore[attr-defined]
    assert 'attachment; filename="export.zip"' in response["Content-Disposition"]
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (staff_a, "download", str(job.pk))


def test_there_is_nothing_to_download_before_the_job_is_done(staff_a: User) -> None:
    job = BackgroundJobFactory(requested_by=staff_a, running=True)
    response = login(staff_a).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_checks_ownership(
    name: str, staff_a: User, manager_a: User, staff_b: User, coordinator: User
) -> None:
    """A job is its requester's alone: colleagues and the coordinator get 404 too."""
    job = BackgroundJobFactory(requested_by=staff_a, done=True)
    url = reverse(name, args=[job.pk])
    for outsider in (manager_a, staff_b, coordinator):
        assert login(outsider).get(url).status_code == 404
    assert not AccessLog.objects.exists()


def test_anonymous_visitors_are_sent_to_login(db: None) -> None:
    job = BackgroundJobFactory(done=True)
    response = Client().get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_job_without_a_total_shows_an_indeterminate_bar(staff_a: User) -> None:
    job = BackgroundJobFactory(requested_by=staff_a)  # queued, nothing counted yet
    html = login(staff_a).get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert '<progress class="nsp-job-bar" max="100">' in html
    assert 'hx-trigger="every 2s"' in html

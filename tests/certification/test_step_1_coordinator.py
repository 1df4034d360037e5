"""Step 1 with the coordinator (issue 18): "the coordinator can fill in step 1 for a new
organisation or send it to the organisation's manager".

Seed 002: "Steg 1 – Insamling av information: här inhämtas information om aktörens
verksamhetsprofil, inriktning och möjliga stödinsatser." (rules: docs/RULES.md)"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from certification import services
from certification.choices import CertificationStatus, ProfileStatus
from certification.models import ActivityProfile, Certification, ProfileRequest
from certification.profile_requests import profile_request_send
from nsp.accounts.models import Organisation, User
from reports.choices import NotificationKind
from reports.models import Notification, NotificationSettings
from tests.certification import factories as cf
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "2.3.1__offers": "on",
    "2.3.1__assistance": ["internal"],
    "2.3.1__target_group": ["women"],
    "housing__places": "4",
}


def _url(org: Organisation, tail: str = "profil/") -> str:
    return f"/certifiering/aktor/{org.pk}/{tail}"


def test_the_coordinator_fills_in_and_submits_step_1_for_a_new_organisation(
    coordinator: User,
) -> None:
    """A new organisation without a manager account: the coordinator fills in step 1."""
    cf.catalogues()
    org = OrganisationFactory(name="Nya Jouren")
    client = login(coordinator)
    folder = client.get(_url(org, "")).content.decode()
    assert "Fyll i verksamhetsprofilen åt organisationen" in folder
    page = client.get(_url(org)).content.decode()
    assert "Du fyller i verksamhetsprofilen åt Nya Jouren som samordnare" in page
    response = client.post(_url(org), {**ANSWERS, "submit": "1"}, follow=True)
    assert "Profilen är inskickad; granska den" in response.content.decode()
    profile = ActivityProfile.objects.get(organisation=org)
    assert profile.status == ProfileStatus.SUBMITTED
    assert profile.submitted_by == coordinator
    assert profile.history.filter(history_user=coordinator).exists()
    assert Certification.objects.get(organisation=org).status == CertificationStatus.STEP_1
    detail = client.get(f"/certifiering/profil/{profile.pk}/").content.decode()
    assert "Ifylld av samordnaren" in detail


def test_a_coordinator_cannot_edit_a_submitted_profile(
    org_a: Organisation, coordinator: User
) -> None:
    profile = cf.submitted_profile(org_a)
    client = login(coordinator)
    response = client.post(_url(org_a), {**ANSWERS, "housing__places": "9"})
    assert response.status_code == 302
    assert response["Location"] == f"/certifiering/profil/{profile.pk}/"
    profile.refresh_from_db()
    assert profile.housing == {"places": 5}
    with pytest.raises(ValidationError):
        services.profile_save(
            profile=profile, services={}, housing={"places": 9}, submit=True, by=coordinator
        )


def test_an_actor_caseworker_can_neither_fill_in_nor_ask(
    org_a: Organisation, staff_a: User, manager_a: User
) -> None:
    cf.catalogues()
    client = login(staff_a)
    assert client.get(_url(org_a)).status_code == 403
    assert client.post(_url(org_a), {**ANSWERS, "submit": "1"}).status_code == 403
    assert client.get(_url(org_a, "profil/begaran/")).status_code == 403
    assert client.post(_url(org_a, "profil/begaran/"), {"message": "x"}).status_code == 403
    assert not ActivityProfile.objects.exists() and not ProfileRequest.objects.exists()
    # Nor does the organisation's own manager send requests.
    assert login(manager_a).get(_url(org_a, "profil/begaran/")).status_code == 403


def test_the_request_notifies_each_manager_once_on_commit_and_sets_a_task(
    org_a: Organisation,
    org_b: Organisation,
    coordinator: User,
    manager_a: User,
    staff_a: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    cf.catalogues()
    second: User = UserFactory(
        username="manager_a2", organisation=org_a, manager=True, email="m2@example.org"
    )
    NotificationSettings.objects.create(user=second, by_email=False)
    manager_b: User = UserFactory(username="manager_b", organisation=org_b, manager=True)
    client = login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            _url(org_a, "profil/begaran/"), {"message": "Ring mig om ni har frågor."}
        )
    assert response.status_code == 302
    assert not Notification.objects.exists()  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):  # the handler mails on commit
        for callback in callbacks:
            callback()
    request = ProfileRequest.objects.get()
    assert (request.organisation, request.requested_by) == (org_a, coordinator)
    assert request.message == "Ring mig om ni har frågor."
    assert request.history.count() == 1
    notices = Notification.objects.filter(kind=NotificationKind.PROFILE_REQUEST)
    assert sorted(n.user_id for n in notices) == sorted([manager_a.pk, second.pk])
    text = notices.first().text  # type: ignore[union-attr]
    assert text == "Samordnaren ber er fylla i verksamhetsprofilen (steg 1)."
    assert org_a.name not in text and "Ring mig" not in text
    # E-mail by preference: the first manager wants it, the second turned it off.
    assert [m.to for m in mail.outbox] == [[manager_a.email]]
    assert all("Ring mig" not in m.body for m in mail.outbox)
    # The dashboard task, for the managers of org A only.
    task = "Fyll i verksamhetsprofilen (steg 1)"
    page = login(manager_a).get("/").content.decode()
    assert task in page and "Ring mig om ni har frågor." in page
    assert task not in login(staff_a).get("/").content.decode()
    other = login(manager_b)
    assert task not in other.get("/").content.decode()
    assert not Notification.objects.filter(user=manager_b).exists()
    # Submitting the profile closes the request: the task goes away, no second notice.
    with django_capture_on_commit_callbacks(execute=True):
        response = login(manager_a).post(_url(org_a), {**ANSWERS, "submit": "1"})
    assert response.status_code == 302
    request.refresh_from_db()
    profile = ActivityProfile.objects.get(organisation=org_a)
    assert request.closed_at is not None and request.profile == profile
    assert profile.submitted_by == manager_a
    assert task not in login(manager_a).get("/").content.decode()
    assert notices.count() == 2


def test_no_manager_account_means_nothing_is_sent(coordinator: User) -> None:
    cf.catalogues()
    org = OrganisationFactory(name="Nya Jouren")
    client = login(coordinator)
    page = client.get(_url(org, "profil/begaran/")).content.decode()
    assert "har ännu inget konto för verksamhetsansvarig" in page
    assert "Skicka begäran" not in page
    response = client.post(_url(org, "profil/begaran/"), {"message": "Hej"})
    assert response.status_code == 200
    assert not ProfileRequest.objects.exists() and not Notification.objects.exists()


def test_one_open_request_per_organisation(
    org_a: Organisation, coordinator: User, manager_a: User
) -> None:
    ask = "Be verksamhetsansvarig fylla i den"
    client = login(coordinator)
    assert ask in client.get(_url(org_a, "")).content.decode()
    profile_request_send(organisation=org_a, by=coordinator)
    folder = client.get(_url(org_a, "")).content.decode()
    assert ask not in folder and "Samordnaren begärde verksamhetsprofilen" in folder
    with pytest.raises(ValidationError, match="redan"):
        profile_request_send(organisation=org_a, by=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileRequest.objects.create(organisation=org_a, requested_by=coordinator)


def test_no_request_while_a_submitted_profile_waits_for_review(
    org_a: Organisation, coordinator: User
) -> None:
    cf.submitted_profile(org_a)
    with pytest.raises(ValidationError, match="väntar på din granskning"):
        profile_request_send(organisation=org_a, by=coordinator)
    folder = login(coordinator).get(_url(org_a, "")).content.decode()
    assert "Be verksamhetsansvarig fylla i den" not in folder


def test_the_coordinators_overview_shows_step_1_asked_for_then_waiting_for_review(
    org_a: Organisation, coordinator: User, manager_a: User
) -> None:
    """The pilot table on the dashboard and the overview: what the coordinator asked for
    and what waits for the coordinator, until step 1 is accepted (then ✓)."""
    cf.catalogues()
    client = login(coordinator)

    def step_1_cell(path: str) -> str:
        page = client.get(path).content.decode()
        row = page.split(f'href="/certifiering/aktor/{org_a.pk}/"', 1)[1].split("</tr>", 1)[0]
        return row.split('<td class="text-center">')[1].split("</td>")[0]

    assert "cert-miss" in step_1_cell("/")
    request = profile_request_send(organisation=org_a, by=coordinator)
    asked = f"Begärd {request.created_at.date():%Y-%m-%d}"
    assert asked in step_1_cell("/") and asked in step_1_cell("/certifiering/")
    login(manager_a).post(_url(org_a), {**ANSWERS, "submit": "1"})
    assert "Inskickad, att granska" in step_1_cell("/")
    profile = ActivityProfile.objects.get(organisation=org_a)
    services.profile_review(profile=profile, by=coordinator, accept=True, comment="")
    assert "cert-check" in step_1_cell("/")


def test_opening_step_1_saves_nothing_and_two_saves_keep_one_profile_in_work(
    org_a: Organisation, coordinator: User, manager_a: User
) -> None:
    """Opening the form leaves no draft behind (the folder stays "not started"); the
    manager and the coordinator saving it make one draft, the same for both; the database
    refuses a second profile in work (race: tests/races)."""
    cf.catalogues()
    manager, coord = login(manager_a), login(coordinator)
    assert manager.get(_url(org_a)).status_code == 200
    assert coord.get(_url(org_a)).status_code == 200
    assert not ActivityProfile.objects.filter(organisation=org_a).exists()
    # A refused first save leaves nothing either (nothing offered: not submittable).
    refused = manager.post(_url(org_a), {"housing__places": "", "submit": "1"})
    assert refused.status_code == 200 and "Ange minst en" in refused.content.decode()
    assert not ActivityProfile.objects.filter(organisation=org_a).exists()
    assert manager.post(_url(org_a), {**ANSWERS, "save": "1"}).status_code == 302
    assert coord.post(_url(org_a), {**ANSWERS, "save": "1"}).status_code == 302
    profile = ActivityProfile.objects.get(organisation=org_a)
    assert profile.status == ProfileStatus.DRAFT and profile.services["2.3.1"]["offers"]
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityProfile.objects.create(organisation=org_a, catalogue=profile.catalogue)

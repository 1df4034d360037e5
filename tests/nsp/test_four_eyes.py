"""Programme access changes need a second person (issue 17 item 3): the administrator can
no longer make itself or anyone a coordinator, nor take over a coordinator's account."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from nsp.accounts.access_changes import access_change_approve, access_change_request
from nsp.accounts.choices import Role
from nsp.accounts.models import AccessChange, AccessChangeStatus, User
from tests.conftest import login

NEW_COORDINATOR = {
    "username": "ny.samordnare",
    "email": "ny.samordnare@example.org",
    "first_name": "Ny",
    "last_name": "Samordnare",
    "title": "",
    "role": Role.COORDINATOR,
    "organisation": "",
    "password": "en-lång-lösenfras-2026",
}


def _decide(user: User, change: AccessChange, decision: str = "approve") -> None:
    login(user).post(
        reverse("accounts:access_change_decide", args=[change.pk]), {"decision": decision}
    )


def test_a_new_programme_user_is_inactive_until_a_second_person_approves(
    administrator: User, coordinator: User
) -> None:
    response = login(administrator).post(reverse("accounts:user_create"), NEW_COORDINATOR)
    assert response.status_code == 302
    created = User.objects.get(username="ny.samordnare")
    assert not created.is_active
    change = AccessChange.objects.get(user=created, status=AccessChangeStatus.PENDING)
    assert change.requested_by == administrator
    _decide(coordinator, change)
    created.refresh_from_db()
    assert created.is_active and created.role == Role.COORDINATOR
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AccessChangeStatus.APPROVED, coordinator)
    # Both steps are in the change's history.
    assert change.history.count() >= 2


def test_the_administrator_cannot_change_a_coordinators_email_alone(
    administrator: User, coordinator: User, programme_manager: User
) -> None:
    from tests.nsp.test_account_takeover import _authenticated_ago

    client = _authenticated_ago(administrator, 10)
    client.post(
        reverse("accounts:user_update", args=[coordinator.pk]),
        {
            "email": "angripare@example.net",
            "first_name": "Ändrat",
            "last_name": coordinator.last_name,
            "title": "",
            "role": Role.COORDINATOR,
            "organisation": "",
            "is_active": "on",
        },
    )
    coordinator.refresh_from_db()
    assert coordinator.email != "angripare@example.net"
    assert coordinator.first_name == "Ändrat"  # unguarded fields are saved at once
    change = AccessChange.objects.get(user=coordinator, status=AccessChangeStatus.PENDING)
    # The coordinator concerned may not approve their own change, the administrator never.
    _decide(coordinator, change)
    with pytest.raises(PermissionDenied):
        access_change_approve(change=change, approver=administrator)
    coordinator.refresh_from_db()
    assert coordinator.email != "angripare@example.net"
    _decide(programme_manager, change, "reject")
    change.refresh_from_db()
    assert change.status == AccessChangeStatus.REJECTED


def test_making_an_actor_a_coordinator_waits_for_approval(
    administrator: User, staff_a: User, programme_manager: User
) -> None:
    change = access_change_request(
        user=staff_a,
        requested_by=administrator,
        fields={"role": Role.COORDINATOR, "organisation": None},
    )
    staff_a.refresh_from_db()
    assert staff_a.role == Role.ACTOR_STAFF
    access_change_approve(change=change, approver=programme_manager)
    staff_a.refresh_from_db()
    assert staff_a.role == Role.COORDINATOR and staff_a.organisation_id is None


def test_the_requester_cannot_approve_even_with_a_programme_role(
    coordinator: User, programme_manager: User, staff_a: User
) -> None:
    change = access_change_request(
        user=staff_a,
        requested_by=coordinator,
        fields={"role": Role.PROGRAMME_MANAGER, "organisation": None},
    )
    with pytest.raises(PermissionDenied):
        access_change_approve(change=change, approver=coordinator)
    # The database refuses it too.
    change.decided_by = coordinator
    change.status = AccessChangeStatus.APPROVED
    from django.utils import timezone

    change.decided_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessChange.objects.filter(pk=change.pk).update(
            decided_by=coordinator, status="approved", decided_at=timezone.now()
        )


def test_actor_changes_need_no_second_person(administrator: User, staff_a: User) -> None:
    from tests.nsp.test_account_takeover import _authenticated_ago

    client = _authenticated_ago(administrator, 10)
    client.post(
        reverse("accounts:user_update", args=[staff_a.pk]),
        {
            "email": "ny@example.org",
            "first_name": "A",
            "last_name": "B",
            "title": "",
            "role": Role.ACTOR_MANAGER,
            "organisation": str(staff_a.organisation_id),
            "is_active": "on",
        },
    )
    staff_a.refresh_from_db()
    assert staff_a.role == Role.ACTOR_MANAGER and staff_a.email == "ny@example.org"
    assert not AccessChange.objects.exists()


def test_the_admin_cannot_write_email_addresses(administrator: User, coordinator: User) -> None:
    client = login(administrator)
    assert client.get(reverse("admin:account_emailaddress_add")).status_code == 403


def test_the_administrator_does_not_read_the_access_log_in_the_admin(
    administrator: User,
) -> None:
    """The admin's access log follows the log page's rule (can_view_access_log)."""
    client = login(administrator)
    assert client.get(reverse("admin:audit_accesslog_changelist")).status_code == 403
    assert client.get(reverse("access:log")).status_code == 403

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from nsp.accounts.models import Organisation, User
from reports.permissions import can_view_actor_report, can_view_statistics


def test_only_programme_roles_view_statistics(
    coordinator: User, programme_manager: User, administrator: User, staff_a: User, manager_a: User
) -> None:
    assert can_view_statistics(coordinator) and can_view_statistics(programme_manager)
    for user in (administrator, staff_a, manager_a, AnonymousUser()):
        verdict = can_view_statistics(user)
        assert not verdict and verdict.reason


def test_actor_report_is_for_the_programme_and_the_own_organisation(
    coordinator: User, staff_a: User, staff_b: User, administrator: User, org_a: Organisation
) -> None:
    assert can_view_actor_report(coordinator, org_a)
    assert can_view_actor_report(staff_a, org_a)
    assert not can_view_actor_report(staff_b, org_a)
    assert not can_view_actor_report(administrator, org_a)

"""The certification predicates, tested directly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from certification import services
from certification.choices import ProfileStatus
from certification.permissions import (
    can_edit_profile,
    can_run_certification,
    can_view_folder,
    can_work_on_action,
)
from nsp.accounts.models import Organisation, User
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db


def test_folder_is_for_programme_roles_and_the_organisation_itself(
    org_a: Organisation,
    coordinator: User,
    programme_manager: User,
    administrator: User,
    staff_a: User,
    manager_a: User,
    staff_b: User,
) -> None:
    assert can_view_folder(coordinator, org_a)
    assert can_view_folder(programme_manager, org_a)
    assert can_view_folder(staff_a, org_a)
    assert can_view_folder(manager_a, org_a)
    assert not can_view_folder(staff_b, org_a)
    assert not can_view_folder(administrator, org_a)
    assert not can_view_folder(AnonymousUser(), org_a)
    assert can_view_folder(staff_b, org_a).reason


def test_only_the_coordinator_runs_the_certification(
    coordinator: User, programme_manager: User, manager_a: User, administrator: User
) -> None:
    assert can_run_certification(coordinator)
    for user in (programme_manager, manager_a, administrator):
        assert not can_run_certification(user)


def test_only_the_own_manager_and_the_coordinator_edit_a_draft_profile(
    org_a: Organisation,
    manager_a: User,
    staff_a: User,
    coordinator: User,
    programme_manager: User,
    staff_b: User,
) -> None:
    """Issue 18: "the coordinator can fill in step 1 for a new organisation"."""
    cf.catalogues()
    profile = services.profile_start(organisation=org_a, by=manager_a)
    assert can_edit_profile(manager_a, profile)
    assert can_edit_profile(coordinator, profile)
    for user in (staff_a, programme_manager, staff_b):
        assert not can_edit_profile(user, profile)
    profile.status = ProfileStatus.SUBMITTED
    assert not can_edit_profile(manager_a, profile)
    assert not can_edit_profile(coordinator, profile)


def test_the_action_plan_is_worked_on_by_its_manager_and_the_coordinator(
    org_a: Organisation, org_b: Organisation, manager_a: User, staff_a: User, coordinator: User
) -> None:
    action = cf.completed_assessment(org_a).action_items.get()
    manager_b = cf.manager_of(org_b)
    assert can_work_on_action(manager_a, action)
    assert can_work_on_action(coordinator, action)
    assert not can_work_on_action(staff_a, action)
    assert not can_work_on_action(manager_b, action)

"""Dashboard panels of the cases app."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nsp.accounts.models import User
from tests.cases.factories import CaseFactory, InquiryFactory, PlanItemFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_actor_panel_lists_its_own_open_cases_nearest_follow_up_first(
    staff_a: User, staff_b: User
) -> None:
    later = PlanItemFactory(case__organisation=staff_a.organisation).case
    soon = PlanItemFactory(case__organisation=staff_a.organisation, overdue=True).case
    without_plan = CaseFactory(organisation=staff_a.organisation, admitted=True)
    CaseFactory(organisation=staff_a.organisation, closed=True)
    PlanItemFactory(case__organisation=staff_b.organisation)
    response = login(staff_a).get(reverse("dashboard"))
    assert [c.pk for c in response.context["cases_panel_cases"]] == [
        soon.pk,
        later.pk,
        without_plan.pk,
    ]
    assert "cases/panels/actor_cases.html" in response.context["actor_panels"]


def test_the_coordinator_panel_shows_waiting_applications_and_inquiries(
    coordinator: User, org_a: object
) -> None:
    waiting = CaseFactory(organisation=org_a)
    CaseFactory(organisation=org_a, admitted=True)
    CaseFactory(organisation=org_a, draft=True)
    inquiry = InquiryFactory(organisation=org_a)
    response = login(coordinator).get(reverse("dashboard"))
    assert [c.pk for c in response.context["cases_panel_waiting"]] == [waiting.pk]
    assert [i.pk for i in response.context["cases_panel_inquiries"]] == [inquiry.pk]

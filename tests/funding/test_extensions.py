"""Loader, demo seeder, dashboard panels and the case timeline hook."""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse

from cases.models import Case
from funding.dashboards import panels
from funding.demo import seed
from funding.loaders import load
from funding.models import (
    BudgetStream,
    Decision,
    FundingApplication,
    FundingForm,
    InterventionItem,
    ProgrammePhase,
)
from funding.selectors import case_timeline_entries
from nsp.accounts.models import User
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.funding.factories import grant, rest_application


def test_the_loader_is_idempotent(db: None) -> None:
    load(io.StringIO())
    load(io.StringIO())
    assert InterventionItem.objects.count() == 16
    assert InterventionItem.objects.get(key="mobile_phone").max_unit_cost == 200
    assert FundingForm.objects.count() == 3


def test_the_demo_seeder_works_without_cases_and_runs_twice(db: None) -> None:
    org = OrganisationFactory(name="Stiftelsen Trygga Hem")
    UserFactory(username="handlaggare.a", organisation=org)
    UserFactory(username="samordnare", coordinator=True)
    assert not Case.objects.exists()
    seed(io.StringIO())
    seed(io.StringIO())
    assert ProgrammePhase.objects.get(is_active=True).name == "Pilot del 1"
    allocations = sorted(BudgetStream.objects.values_list("allocation", flat=True))
    assert allocations == [15000, 100000, 108000]
    assert FundingApplication.objects.count() == 4
    assert Decision.objects.count() == 2
    assert Case.objects.filter(organisation=org, case_number__isnull=False).count() == 2


def test_panels_per_role(
    admitted_case: Case, staff_a: User, coordinator: User, administrator: User
) -> None:
    application = rest_application(admitted_case, staff_a)
    assert panels(coordinator)["funding_waiting"] == [application]
    assert panels(staff_a)["funding_applications"] == [application]
    assert panels(administrator) == {}
    page = login(coordinator).get(reverse("dashboard")).content.decode()
    assert reverse("funding:application_detail", args=[application.pk]) in page


def test_the_case_timeline_lists_applications_and_decisions(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    entries = case_timeline_entries(admitted_case)
    assert [e.kind for e in entries] == ["funding_application", "funding_decision"]
    assert entries[1].url == reverse("funding:decision_detail", args=[decision.pk])
    assert "funding.selectors.case_timeline_entries" in settings.NSP_CASE_TIMELINE_PROVIDERS
    # The case page merges them into its own timeline (it used to fail on plain dicts).
    page = login(staff_a).get(reverse("cases:case_detail", args=[admitted_case.pk]))
    assert page.status_code == 200
    assert reverse("funding:decision_detail", args=[decision.pk]) in page.content.decode()

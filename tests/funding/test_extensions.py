"""Loader, demo seeder, dashboard panels and the case timeline hook."""

from __future__ import annotations

import io

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
    # Two admissions (each a decision), 30 days' rest and two interventions; integration
    # needs a submitted in-depth assessment (seed 002), which these demo cases do not have.
    assert FundingApplication.objects.count() == 5
    assert Decision.objects.count() == 4
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
    assert entries[1].title.startswith(decision.reference)
    assert "funding.selectors.case_timeline_entries" in settings.NSP_CASE_TIMELINE_PROVIDERS


def test_the_timeline_provider_reads_one_query_whatever_the_number_of_applications(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """Applications and their decisions come in one joined query (no query per row)."""
    grant(rest_application(admitted_case, staff_a, days=10), coordinator)
    with CaptureQueriesContext(connection) as few:
        assert len(case_timeline_entries(admitted_case)) == 2
    rest_application(admitted_case, staff_a, days=10)
    rest_application(admitted_case, staff_a, days=10)
    with CaptureQueriesContext(connection) as many:
        entries = case_timeline_entries(admitted_case)
    assert len(few) == len(many) == 1
    assert [e.kind for e in entries].count("funding_decision") == 1
    assert [e.kind for e in entries].count("funding_application") == 3


def test_the_case_page_shows_funding_applications_and_decisions(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """The case page's timeline (loaded by the page as its own fragment) merges funding's
    entries (it once crashed there)."""
    decision = grant(rest_application(admitted_case, staff_a, days=10), coordinator)
    rest_application(admitted_case, staff_a, days=10)  # a second one, still undecided
    for user in (staff_a, coordinator):
        client = login(user)
        assert client.get(reverse("cases:case_detail", args=[admitted_case.pk])).status_code == 200
        response = client.get(
            reverse("cases:case_timeline", args=[admitted_case.pk]), headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert reverse("funding:decision_detail", args=[decision.pk]) in page
        assert decision.reference in page
        kinds = [e.kind for e in response.context["timeline"]]
        assert kinds.count("funding_application") == 2
        assert kinds.count("funding_decision") == 1

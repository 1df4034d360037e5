"""Seed 002's rules for point interventions, one test per rule (docs/RULES.md, "Funding
rules")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.choices import CaseStatus
from cases.models import Case
from funding.models import Decision, FundingApplication, ProgrammePhase
from funding.selectors import occasion_amount_used
from funding.services import reconsideration_submit
from nsp.accounts.models import Organisation, User
from tests.conftest import login
from tests.funding.factories import FundingCaseFactory, grant, intervention_application
from tests.funding.test_concurrency import _race, _world


def _other(case: Case, by: User, cost: str, **kw: Any) -> FundingApplication:
    return intervention_application(  # type: ignore[no-any-return]
        case, by, key="other", quantity=1, unit_cost=cost, description="Akut boende.", **kw
    )


def test_intervention_applied_for_with_admission_is_decided_with_it(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    """002: "Tillträde och finansiering av punktinsats kan ansökas samtidigt" — the case has
    no number yet; granting the intervention admits it (the price list's "Akut boende/mat i
    väntan på plats" becomes usable)."""
    case = FundingCaseFactory(organisation=org_a)
    application = _other(case, staff_a, "3000")
    assert application.with_admission and case.case_number is None
    decision = grant(application, coordinator)
    case.refresh_from_db()
    assert case.status == CaseStatus.ADMITTED and case.case_number
    assert decision.granted_amount == Decimal("3000")


def test_intervention_denied_with_admission_leaves_the_case_applying(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    """002: "Tillträde och finansiering av punktinsats kan ansökas samtidigt" — a denial
    does not decide admission."""
    case = FundingCaseFactory(organisation=org_a)
    grant(_other(case, staff_a, "3000"), coordinator, outcome="denied")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPLIED and case.case_number is None


def test_the_cap_is_per_person_and_occasion_not_per_application(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "ansöka om finansiering av en sådan punktinsats (max 5000 per person och
    tillfälle)" — two applications for the same occasion cannot add up past it."""
    first = _other(admitted_case, staff_a, "3000", occasion_description="Akut boende mars")
    assert first.occasion is not None
    with pytest.raises(ValidationError, match="3000 SEK is already granted or applied for"):
        _other(admitted_case, staff_a, "2500", occasion=first.occasion)
    second = _other(admitted_case, staff_a, "2000", occasion=first.occasion)
    assert occasion_amount_used(first.occasion) == Decimal("5000")
    other_occasion = _other(admitted_case, staff_a, "4000")  # a new occasion
    assert other_occasion.occasion != first.occasion
    grant(first, coordinator)
    grant(second, coordinator)
    assert occasion_amount_used(first.occasion) == Decimal("5000")


def test_an_occasion_of_another_person_is_refused(
    org_a: Organisation, admitted_case: Case, staff_a: User
) -> None:
    """002: "max 5000 per person och tillfälle" — an occasion belongs to one person."""
    first = _other(admitted_case, staff_a, "1000")
    someone_else = FundingCaseFactory(organisation=org_a, admitted=True)
    with pytest.raises(ValidationError, match="another person"):
        _other(someone_else, staff_a, "1000", occasion=first.occasion)


def test_a_decision_keeps_the_occasion_within_the_cap(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "max 5000 per person och tillfälle" — checked again when deciding: a
    reconsideration cannot grant past the cap (the contested decision does not count)."""
    first = _other(admitted_case, staff_a, "3000")
    partly = grant(first, coordinator, outcome="partly_granted", granted_amount=Decimal("1000"))
    grant(_other(admitted_case, staff_a, "4000", occasion=first.occasion), coordinator)
    request = reconsideration_submit(
        decision=partly,
        by=staff_a,
        grounds="Kvitto visar 3000.",
        requested_change="3000.",
        other_information="",
    )
    with pytest.raises(ValidationError, match="grant at most 1000 SEK"):
        grant(request, coordinator)
    decision = grant(request, coordinator, granted_amount=Decimal("1000"))
    assert decision.granted_amount == Decimal("1000")
    assert occasion_amount_used(first.occasion, pending=False) == Decimal("5000")


def test_the_intervention_form_offers_the_persons_occasions(
    admitted_case: Case, staff_a: User
) -> None:
    first = _other(admitted_case, staff_a, "1000", occasion_description="Resa till boende")
    page = login(staff_a).get(reverse("funding:application_create", args=["insats"]))
    text = page.content.decode()
    assert "Resa till boende" in text and str(first.occasion_id) in text


@pytest.mark.django_db(transaction=True)
def test_two_grants_on_one_occasion_at_once_cannot_pass_the_cap() -> None:
    """002: "max 5000 per person och tillfälle" — under the person's row locks. Both were
    filed under a cap of 5000; the programme then lowered it to 4000 (rates are data)."""
    from tests.funding.factories import budget

    staff, first, second = _world()
    budget()
    case = FundingCaseFactory(organisation=staff.organisation, admitted=True)
    one = _other(case, staff, "2500")
    two = _other(case, staff, "2500", occasion=one.occasion)
    ProgrammePhase.objects.update(occasion_cap=Decimal("4000"))
    results = _race(lambda: grant(one, first), lambda: grant(two, second))
    assert sum(isinstance(r, Decision) for r in results) == 1, results
    assert occasion_amount_used(one.occasion, pending=False) == Decimal("2500")


def test_needed_by_is_the_date_of_a_new_occasion(admitted_case: Case, staff_a: User) -> None:
    application = _other(admitted_case, staff_a, "500")
    assert application.occasion is not None
    assert application.occasion.occurred_on == application.needed_by
    assert application.needed_by is not None
    assert application.occasion.occurred_on - application.submitted_on <= timedelta(days=10)

"""Seed 002, "Decisions": every decision re-checks the case, the application and the actor
under the row locks it takes (docs/RULES.md, "Funding rules")."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases.choices import CaseStatus
from cases.models import Case
from cases.services import case_refuse_admission
from certification.models import Certification
from funding.choices import ApplicationStatus
from funding.models import Decision
from funding.services import reconsideration_submit
from nsp.accounts.models import Organisation, User
from tests.funding.factories import FundingCaseFactory, grant, rest_application
from tests.funding.test_concurrency import _race, _world


def test_no_decision_on_a_refused_case(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    """002: "Det är endast certifierade aktörer som kan ansöka om medel" and a person "som
    fått tillträde beviljat kan få … stödinsatser": no grant once admission is refused."""
    case = FundingCaseFactory(organisation=org_a)
    application = rest_application(case, staff_a)
    case_refuse_admission(case=case, by=coordinator, reason="Faller utanför målgruppen.")
    with pytest.raises(ValidationError, match="admission is refused"):
        grant(application, coordinator)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_no_decision_on_a_closed_case(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: a person "som fått tillträde beviljat" — a closed case has left the programme."""
    application = rest_application(admitted_case, staff_a)
    Case.objects.filter(pk=admitted_case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="Closed"):
        grant(application, coordinator, outcome="denied")


def test_no_reconsideration_is_granted_on_a_closed_case(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: a person "som fått tillträde beviljat kan få en eller flera av nedanstående tre
    typer av stödinsatser" — once the case is closed, not even a reconsideration grants
    (found by the state machine, tests/rules)."""
    application = rest_application(admitted_case, staff_a)
    first = grant(application, coordinator, outcome="denied")
    request = reconsideration_submit(
        decision=first,
        by=staff_a,
        grounds="Behovet är styrkt.",
        requested_change="30 dagar.",
        other_information="",
    )
    Case.objects.filter(pk=admitted_case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="Closed"):
        grant(request, coordinator)
    assert not Decision.objects.filter(application=request).exists()


def test_a_decision_against_a_suspended_actor_needs_a_recorded_override(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "Det är endast certifierade aktörer som kan ansöka om medel via det Nationella
    Stödprogrammet" — checked again when deciding; an override is explicit and kept."""
    application = rest_application(admitted_case, staff_a)
    Certification.objects.filter(organisation=admitted_case.organisation).update(status="suspended")
    with pytest.raises(ValidationError, match="override"):
        grant(application, coordinator)
    decision = grant(
        application, coordinator, actor_override_reason="Perioden har redan påbörjats."
    )
    assert decision.actor_override_reason == "Perioden har redan påbörjats."
    assert decision.snapshot["actor_override_reason"] == decision.actor_override_reason
    assert decision.history.first().actor_override_reason  # type: ignore[attr-defined]


def test_an_override_is_not_recorded_for_a_certified_actor(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(
        rest_application(admitted_case, staff_a), coordinator, actor_override_reason="x"
    )
    assert decision.actor_override_reason == ""


@pytest.mark.django_db(transaction=True)
def test_a_grant_and_a_refusal_of_admission_at_once_do_not_both_happen() -> None:
    """Under the case row lock: either the grant admits the case (and the refusal finds it
    admitted) or the refusal wins (and the grant finds the case refused)."""
    from tests.funding.factories import budget

    staff, first, second = _world()
    budget()
    case = FundingCaseFactory(organisation=staff.organisation)
    application = rest_application(case, staff)
    results = _race(
        lambda: grant(application, first),
        lambda: case_refuse_admission(case=case, by=second, reason="Utanför målgruppen."),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    case.refresh_from_db()
    granted = Decision.objects.filter(application=application).exists()
    assert granted == (case.status == CaseStatus.ADMITTED)

"""Decisions: outcomes, admission + 30 days, retroactive, special circumstances,
more information, takeover by a public body, reconsideration, budget refusal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import CaseStatus
from cases.models import Case
from funding.choices import ApplicationStatus, Stream
from funding.selectors import stream_remaining
from funding.services import (
    application_add_information,
    decision_record,
    decision_record_takeover,
    reconsideration_submit,
)
from nsp.accounts.models import Organisation, User
from tests.funding.factories import (
    FundingCaseFactory,
    grant,
    integration_application,
    rest_application,
    stream,
)


def test_admission_with_30_days_and_one_child_grants_45000_and_admits(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    case = FundingCaseFactory(organisation=org_a, with_child=True)
    application = rest_application(case, staff_a)
    assert application.with_admission and application.children_count == 1
    decision = grant(application, coordinator)
    case.refresh_from_db()
    assert case.status == CaseStatus.ADMITTED and case.case_number
    assert decision.granted_amount == Decimal("45000")
    assert decision.granted_days == 30
    assert decision.is_final and decision.decided_by == coordinator
    assert stream_remaining(stream(Stream.REST)) == Decimal("55000")


def test_30_days_without_children_is_36000(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    assert decision.granted_amount == Decimal("36000")


def test_more_than_30_days_cannot_be_applied_for(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="30"):
        rest_application(admitted_case, staff_a, days=31)


def test_a_left_out_part_needs_a_reason(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="public body"):
        rest_application(admitted_case, staff_a, include_housing=False)
    application = rest_application(
        admitted_case,
        staff_a,
        include_housing=False,
        omitted_part_reason="Socialtjänsten betalar boendet.",
    )
    assert application.requested_amount == Decimal("18000")


def test_partly_granted_fewer_days(admitted_case: Case, staff_a: User, coordinator: User) -> None:
    application = rest_application(admitted_case, staff_a)
    decision = grant(
        application,
        coordinator,
        outcome="partly_granted",
        granted_end=application.period_start + timedelta(days=10),
    )
    assert decision.granted_days == 10 and decision.granted_amount == Decimal("12000")


def test_a_motivation_is_required(admitted_case: Case, staff_a: User, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="motivation"):
        grant(rest_application(admitted_case, staff_a), coordinator, motivation="  ")


def test_actors_cannot_decide(admitted_case: Case, staff_a: User) -> None:
    with pytest.raises(ValidationError, match="coordinator"):
        grant(rest_application(admitted_case, staff_a), staff_a)


def test_a_denied_application_commits_nothing(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator, outcome="denied")
    assert decision.granted_amount == 0 and decision.stream is None
    assert stream_remaining(stream(Stream.REST)) == Decimal("100000")


def test_the_budget_refuses_a_grant_larger_than_what_is_left(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    def person() -> Case:
        return FundingCaseFactory(organisation=org_a, admitted=True)

    grant(rest_application(person(), staff_a), coordinator)  # 36 000
    grant(rest_application(person(), staff_a), coordinator)  # 72 000
    third = rest_application(person(), staff_a)
    with pytest.raises(ValidationError, match="8000 SEK short"):
        grant(third, coordinator)
    third.refresh_from_db()
    assert third.status == ApplicationStatus.SUBMITTED


def test_more_information_goes_back_to_the_actor_and_returns(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    application = rest_application(admitted_case, staff_a)
    grant(application, coordinator, outcome="more_info", motivation="Bifoga polisens besked.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MORE_INFO
    with pytest.raises(ValidationError):
        grant(application, coordinator)
    application_add_information(application=application, by=staff_a, information="Se bilaga.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert grant(application, coordinator).outcome == "granted"
    assert application.decisions.count() == 2


def test_a_retroactive_application_needs_a_motivation_to_be_granted(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    application = rest_application(
        admitted_case, staff_a, period_start=timezone.localdate() - timedelta(days=40)
    )
    assert application.is_retroactive
    with pytest.raises(ValidationError, match="already ended"):
        grant(application, coordinator)
    decision = grant(application, coordinator, retroactive_motivation="Prövas generöst.")
    assert decision.retroactive_motivation


def test_after_a_granted_integration_a_new_grant_needs_special_circumstances(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    earlier = integration_application(
        admitted_case, staff_a, days=30, period_start=timezone.localdate() - timedelta(days=60)
    )
    grant(earlier, coordinator, retroactive_motivation="Prövas i efterhand.")  # has ended
    second = integration_application(admitted_case, staff_a, days=30)
    with pytest.raises(ValidationError, match="särskilda omständigheter"):
        grant(second, coordinator)
    decision = grant(second, coordinator, special_circumstances="Ny utsatthet, nytt hot.")
    assert decision.special_circumstances


def test_an_integration_decision_answers_the_four_guidelines(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    application = integration_application(admitted_case, staff_a)
    with pytest.raises(ValidationError, match="guidelines"):
        grant(application, coordinator, guidelines=None)
    decision = grant(application, coordinator)
    assert decision.guideline_real_chance is True
    assert decision.granted_amount == Decimal("108000")


def test_a_public_body_taking_over_ends_the_period_and_the_amount(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    assert decision.granted_start is not None
    ended = decision_record_takeover(
        decision=decision,
        taken_over_on=decision.granted_start + timedelta(days=10),
        taken_over_by="reflection_period",
        by=coordinator,
    )
    assert ended.draw == Decimal("12000")
    assert stream_remaining(stream(Stream.REST)) == Decimal("88000")
    with pytest.raises(ValidationError):
        decision_record_takeover(
            decision=decision,
            taken_over_on=decision.granted_start,
            taken_over_by="social_services",
            by=coordinator,
        )


def test_a_reconsideration_links_to_the_decision_and_gets_its_own(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    denied = grant(rest_application(admitted_case, staff_a), coordinator, outcome="denied")
    request = reconsideration_submit(
        decision=denied,
        by=staff_a,
        grounds="Polisanmälan är inte gjord.",
        requested_change="Bevilja 30 dagar.",
        other_information="",
    )
    assert request.contested_decision == denied
    with pytest.raises(ValidationError, match="pending"):
        reconsideration_submit(
            decision=denied, by=staff_a, grounds="x", requested_change="y", other_information=""
        )
    second = grant(request, coordinator)
    assert second.pk != denied.pk and second.granted_amount == Decimal("36000")
    assert second.stream is not None and second.stream.stream == Stream.REST


def test_decision_numbers_are_consecutive(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    first = grant(rest_application(admitted_case, staff_a), coordinator, outcome="denied")
    second = grant(rest_application(admitted_case, staff_a), coordinator, outcome="denied")
    assert second.number == first.number + 1


def test_decision_record_refuses_an_unknown_budget(
    org_a: Organisation, pilot: object, staff_a: User, coordinator: User
) -> None:
    case = FundingCaseFactory(organisation=org_a, admitted=True)
    application = rest_application(case, staff_a)
    with pytest.raises(ValidationError, match="no budget"):
        decision_record(
            application=application,
            by=coordinator,
            outcome="granted",
            motivation="OK",
            granted_start=application.period_start,
            granted_end=application.period_end,
        )

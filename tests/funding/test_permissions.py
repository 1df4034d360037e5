"""Funding predicates, tested directly."""

from __future__ import annotations

from cases.models import Case
from funding.permissions import (
    can_add_information,
    can_attest,
    can_decide_application,
    can_manage_budget,
    can_record_takeover,
    can_request_reconsideration,
    can_send_invoice,
    can_view_budget,
    can_view_register,
)
from nsp.accounts.models import User
from tests.funding.factories import grant, intervention_application, rest_application


def test_only_the_coordinator_attests_and_keeps_the_budget(
    coordinator: User, programme_manager: User, staff_a: User, administrator: User
) -> None:
    assert can_attest(coordinator) and can_manage_budget(coordinator)
    for user in (programme_manager, staff_a, administrator):
        assert not can_attest(user) and not can_manage_budget(user)
    assert can_view_budget(programme_manager) and not can_view_budget(administrator)


def test_the_register_is_for_the_programme_and_the_administrator(
    coordinator: User, administrator: User, staff_a: User
) -> None:
    assert can_view_register(coordinator) and can_view_register(administrator)
    assert not can_view_register(staff_a)


def test_deciding_needs_a_decider_and_a_waiting_application(
    admitted_case: Case, staff_a: User, coordinator: User, programme_manager: User
) -> None:
    application = rest_application(admitted_case, staff_a)
    assert can_decide_application(programme_manager, application)
    assert not can_decide_application(staff_a, application)
    grant(application, coordinator, outcome="denied")
    application.refresh_from_db()
    verdict = can_decide_application(coordinator, application)
    assert not verdict and verdict.reason


def test_the_actor_adds_information_only_when_asked(
    admitted_case: Case, staff_a: User, staff_b: User, coordinator: User
) -> None:
    application = rest_application(admitted_case, staff_a)
    assert not can_add_information(staff_a, application)
    grant(application, coordinator, outcome="more_info")
    application.refresh_from_db()
    assert can_add_information(staff_a, application)
    assert not can_add_information(staff_b, application)


def test_reconsideration_invoice_and_takeover_rules(
    admitted_case: Case, staff_a: User, staff_b: User, coordinator: User
) -> None:
    rest = grant(rest_application(admitted_case, staff_a), coordinator)
    purchase = grant(
        intervention_application(
            admitted_case, staff_a, key="therapy", quantity=1, unit_cost="800"
        ),
        coordinator,
    )
    assert can_request_reconsideration(staff_a, rest)
    assert not can_request_reconsideration(staff_b, rest)
    # Issue 16: a granted flat-rate period is invoiced against its decision as well.
    assert can_send_invoice(staff_a, purchase) and can_send_invoice(staff_a, rest)
    assert not can_send_invoice(staff_b, rest)
    assert can_record_takeover(coordinator, rest) and not can_record_takeover(coordinator, purchase)
    assert not can_record_takeover(staff_a, rest)

"""The budget: remaining computed from records; transfers; Table 2 of the seed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case
from funding.choices import Stream
from funding.ledger import stream_ledger
from funding.models import BudgetPeriod
from funding.selectors import streams_with_totals
from funding.services import budget_transfer_make
from nsp.accounts.models import User
from tests.funding.factories import FundingCaseFactory, budget, grant, rest_application, stream


def _transfer(source: str, target: str, amount: str, by: User) -> None:
    budget_transfer_make(
        source=stream(source),
        target=stream(target),
        amount=Decimal(amount),
        made_on=timezone.localdate(),
        reason="Omfördelning enligt styrgruppen.",
        by=by,
    )


def remaining_per_stream(period: BudgetPeriod) -> dict[str, Decimal]:
    return {row.stream: row.remaining for row in streams_with_totals(period)}  # type: ignore[attr-defined]


def test_remaining_is_allocation_plus_minus_transfers_minus_draws(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    grant(rest_application(admitted_case, staff_a), coordinator)  # −36 000 on 30 days
    _transfer(Stream.INTEGRATION, Stream.REST, "26000", coordinator)
    _transfer(Stream.INTEGRATION, Stream.INTERVENTIONS, "799", coordinator)
    remaining = remaining_per_stream(budget())
    assert remaining == {
        Stream.REST: Decimal("90000"),
        Stream.INTEGRATION: Decimal("81201"),
        Stream.INTERVENTIONS: Decimal("15799"),
    }


def test_a_transfer_cannot_take_more_than_is_left(pilot_budget: object, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="only 15000 SEK left"):
        _transfer(Stream.INTERVENTIONS, Stream.REST, "15001", coordinator)


def test_a_transfer_first_makes_room_for_a_grant(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    # Three people (at most 30 days' rest per person).
    org = admitted_case.organisation
    grant(rest_application(admitted_case, staff_a), coordinator)
    grant(
        rest_application(FundingCaseFactory(organisation=org, admitted=True), staff_a), coordinator
    )
    third = rest_application(FundingCaseFactory(organisation=org, admitted=True), staff_a)
    with pytest.raises(ValidationError, match="short"):
        grant(third, coordinator)
    _transfer(Stream.INTEGRATION, Stream.REST, "8000", coordinator)
    grant(third, coordinator)
    assert remaining_per_stream(budget())[Stream.REST] == 0


def test_the_ledger_lists_draws_by_case_number_and_transfers(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    grant(rest_application(admitted_case, staff_a), coordinator)
    _transfer(Stream.INTEGRATION, Stream.REST, "26000", coordinator)
    ledger = stream_ledger(stream(Stream.REST))
    assert [(line.label, line.amount) for line in ledger] == [
        (admitted_case.case_number, Decimal("-36000")),
        ("← Max 90 days", Decimal("26000")),
    ]


def test_a_granted_period_in_progress_is_committed_not_spent(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    grant(rest_application(admitted_case, staff_a), coordinator)
    row = streams_with_totals(budget()).get(stream=Stream.REST)
    assert row.drawn == Decimal("36000")  # type: ignore[attr-defined]
    assert row.spent_total == Decimal("0")  # type: ignore[attr-defined]

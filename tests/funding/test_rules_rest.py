"""Seed 002's rules for 30 days' rest, one test per rule (docs/RULES.md, "Funding rules")."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case
from cases.selectors import same_person_cases
from funding import rates
from funding.models import Decision, FundingApplication
from funding.selectors import rest_nights
from funding.services import decision_record_takeover, reconsideration_submit
from nsp.accounts.models import Organisation, User
from tests.funding.factories import FundingCaseFactory, grant, rest_application


def test_same_person_cases_is_the_case_itself(admitted_case: Case) -> None:
    """Every per-person rule reads the person's cases through one selector."""
    assert list(same_person_cases(admitted_case)) == [admitted_case]


def test_rest_days_are_counted_as_nights() -> None:
    """002, "Resultat max 30 dagar": "NSPs stödperiod om max 30 dagar löpte mellan 14 Mars
    och 13 April" — paid 45 000 = 30 × 1 200 + 30 × 300."""
    assert rates.nights_in(date(2016, 3, 14), date(2016, 4, 13)) == 30
    assert rates.nights_in(date(2026, 6, 20), date(2026, 7, 20)) == 30
    assert rates.period_end_for(date(2016, 3, 14), 30) == date(2016, 4, 13)


def test_child_supplement_counts_the_same_nights(
    org_a: Organisation, pilot_budget: object, staff_a: User, coordinator: User
) -> None:
    """002: "Har den utsatta barn kan man ansöka om barntillägg (300 per dag)" — 20 June –
    20 July with one child is 30 × 1 200 + 30 × 300 = 45 000."""
    case = FundingCaseFactory(organisation=org_a, admitted=True, with_child=True)
    start = date.today().replace(month=6, day=20)
    application = rest_application(
        case, staff_a, period_start=start, period_end=start.replace(month=7, day=20)
    )
    assert application.days_requested == 30
    assert application.requested_amount == Decimal("45000")
    decision = grant(application, coordinator, retroactive_motivation="Prövas generöst.")
    assert decision.granted_days == 30 and decision.granted_amount == Decimal("45000")


def test_max_30_days_rest_per_person_over_all_rest_periods(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "Stödprogrammet betalar ut en schablonsumma per dygn till boendet (dock max i 30
    dygn)" — per person, over all rest periods, not per application."""
    first = grant(rest_application(admitted_case, staff_a, days=20), coordinator)
    assert first.rest_days_before == 0
    with pytest.raises(ValidationError, match="20 days are already granted or applied for"):
        rest_application(admitted_case, staff_a, days=11)
    second = rest_application(
        admitted_case, staff_a, days=10, period_start=first.granted_end + timedelta(days=5)
    )
    decision = grant(second, coordinator)
    assert decision.rest_days_before == 20 and decision.granted_days == 10
    assert decision.snapshot["rest_days_before"] == "20"
    assert rest_nights(admitted_case, maximum=30).left == 0
    with pytest.raises(ValidationError, match="0 are left"):
        rest_application(admitted_case, staff_a, days=1)


def test_a_pending_rest_application_counts_against_the_30_days(
    admitted_case: Case, staff_a: User
) -> None:
    """002: "dock max i 30 dygn" — days applied for and not yet decided are not free."""
    rest_application(admitted_case, staff_a, days=25)
    with pytest.raises(ValidationError, match="5 are left"):
        rest_application(admitted_case, staff_a, days=6)
    person = rest_nights(admitted_case, maximum=30)
    assert (person.granted, person.pending, person.left) == (0, 25, 5)


def test_a_refused_rest_application_leaves_the_days_free(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "dock max i 30 dygn" — only granted (paid) nights are used."""
    grant(rest_application(admitted_case, staff_a), coordinator, outcome="denied")
    assert rest_nights(admitted_case, maximum=30).left == 30


def test_a_takeover_frees_the_nights_not_paid(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002, "Exempel beslutshandling": "upphör NSPs viloperiod från den dag då myndigheternas
    ansvar förverkligas" — the nights after the takeover were not NSP's."""
    decision = grant(rest_application(admitted_case, staff_a), coordinator)
    assert decision.granted_start is not None
    decision_record_takeover(
        decision=decision,
        taken_over_on=decision.granted_start + timedelta(days=12),
        taken_over_by="reflection_period",
        by=coordinator,
    )
    assert rest_nights(admitted_case, maximum=30).granted == 12


def test_a_decision_is_capped_at_the_days_left(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "dock max i 30 dygn" — checked again when deciding: a reconsideration granting
    more cannot pass the person's 30 nights."""
    partly = rest_application(admitted_case, staff_a)
    assert partly.period_start is not None
    first = grant(
        partly,
        coordinator,
        outcome="partly_granted",
        granted_end=partly.period_start + timedelta(days=10),
    )
    later = partly.period_start + timedelta(days=40)
    grant(rest_application(admitted_case, staff_a, days=15, period_start=later), coordinator)
    request = reconsideration_submit(
        decision=first,
        by=staff_a,
        grounds="Hela perioden behövs.",
        requested_change="30 dagar.",
        other_information="",
    )
    with pytest.raises(ValidationError, match="15 are left"):
        grant(request, coordinator)  # 15 + 30 > 30 (the contested 10 do not count)
    decision = grant(request, coordinator, granted_end=partly.period_start + timedelta(days=15))
    assert decision.rest_days_before == 15
    assert rest_nights(admitted_case, maximum=30).granted == 30


def test_a_rest_period_ending_the_day_it_starts_is_refused(
    admitted_case: Case, staff_a: User
) -> None:
    """Counted as nights (dygn), a period must contain at least one night."""
    with pytest.raises(ValidationError, match="at least one day"):
        rest_application(admitted_case, staff_a, days=0)


def test_amount_due_for_a_period_taken_over_is_computed_to_the_day() -> None:
    """002: "Om max 30 dagars vila beviljas kan den certifierade aktören fakturera
    stödprogrammet enligt schablonen" — to the day a public body takes over."""
    rate = rates.DayRate(Decimal("600"), Decimal("600"), Decimal("300"))
    start, end = date(2016, 3, 14), date(2016, 4, 13)
    assert rates.amount_due(rate, start, end) == Decimal("45000")
    assert rates.amount_due(rate, start, end, taken_over_on=date(2016, 3, 24)) == Decimal("15000")
    assert rates.amount_due(rate, start, end, until=date(2016, 3, 31)) == Decimal("25500")
    assert rates.amount_due(rate, start, end, taken_over_on=date(2016, 5, 1)) == Decimal("45000")
    assert rates.amount_due(rate, start, end, until=date(2016, 3, 1)) == Decimal("0")


def test_rest_days_before_is_kept_on_a_denial_too(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """The days already used are shown in every rest decision."""
    grant(rest_application(admitted_case, staff_a, days=10), coordinator)
    application = rest_application(admitted_case, staff_a, days=5)
    decision = grant(application, coordinator, outcome="denied")
    assert isinstance(decision, Decision) and decision.rest_days_before == 10
    assert FundingApplication.objects.filter(case=admitted_case).count() == 2


def test_a_granted_reconsideration_replaces_the_grant_it_contests(
    admitted_case: Case, staff_a: User, coordinator: User
) -> None:
    """002: "Stödprogrammet betalar ut en schablonsumma per dygn till boendet (dock max i 30
    dygn)" — a reconsideration that grants the whole period replaces the partial grant: the
    budget pays 30 nights, not 10 + 30 (found by the state machine, tests/rules)."""
    from funding.selectors import stream_remaining
    from tests.funding.factories import stream

    rest = stream("rest_30")
    before = stream_remaining(rest)
    application = rest_application(admitted_case, staff_a)
    assert application.period_start is not None
    first = grant(
        application,
        coordinator,
        outcome="partly_granted",
        granted_end=application.period_start + timedelta(days=10),
    )
    assert stream_remaining(rest) == before - Decimal("12000")
    request = reconsideration_submit(
        decision=first,
        by=staff_a,
        grounds="Hela perioden behövs.",
        requested_change="30 dagar.",
        other_information="",
    )
    replacement = grant(request, coordinator)
    assert replacement.draw == Decimal("36000")
    first.refresh_from_db()
    assert first.draw == 0
    assert stream_remaining(rest) == before - Decimal("36000")
    # The period in force is the replacement's: a takeover is recorded on that one.
    with pytest.raises(ValidationError, match="replaced"):
        decision_record_takeover(
            decision=first,
            taken_over_on=application.period_start + timedelta(days=5),
            taken_over_by="reflection_period",
            by=coordinator,
        )

"""A granted reconsideration replaces the decision it contests (``funding.selectors.
in_force``): the actor's annual report counts the period and money in force, once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from funding.choices import ApplicationKind
from nsp.accounts.models import Organisation, User
from reports.selectors import actor_report
from tests.reports.factories import application, case, decide


def test_the_actor_report_counts_a_reconsidered_period_once_as_in_force(
    org_a: Organisation, staff_a: User, coordinator: User
) -> None:
    """A rest period partly granted (14 nights, 1 000 SEK), then granted in full on
    reconsideration (30 nights, 2 000 SEK): one rest period of 30 nights and 2 000 SEK, the
    money granted 2 000 (not 3 000), and its draw paid once the period is over."""
    c = case(org_a, status="admitted", admitted_on=date(2026, 3, 1), applied_on=date(2026, 3, 1))
    start = date(2026, 4, 1)
    replaced = decide(
        application(c, staff_a, ApplicationKind.REST, start),
        coordinator,
        "partly_granted",
        decided_on=start,
        granted_start=start,
        granted_end=date(2026, 4, 15),
        granted_days=14,
        granted_amount=Decimal("1000"),
        draw=Decimal("0"),  # released by the granted reconsideration
    )
    decide(
        application(
            c,
            staff_a,
            ApplicationKind.RECONSIDERATION,
            date(2026, 4, 3),
            contested_decision=replaced,
            grounds="Hela perioden behövs.",
        ),
        coordinator,
        "granted",
        decided_on=date(2026, 4, 5),
        granted_start=start,
        granted_end=date(2026, 5, 1),
        granted_days=30,
        granted_amount=Decimal("2000"),
        draw=Decimal("2000"),
    )
    report = actor_report(org_a, 2026)
    periods = {p["application__kind"]: (p["count"], p["days"], p["amount"]) for p in report.periods}
    assert periods == {ApplicationKind.REST: (1, 30, Decimal("2000"))}
    assert report.money["granted"] == Decimal("2000")
    assert report.money["drawn"] == Decimal("2000")
    assert report.money["paid"] == Decimal("2000")

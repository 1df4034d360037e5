"""The reports dashboard panels' selectors: answered requests, periods ending, scoping."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from funding.choices import ApplicationKind, ApplicationStatus
from nsp.accounts.models import Organisation, User
from reports import selectors
from reports.dashboard import panels
from tests.reports.factories import application, case, decide


def test_an_answered_request_for_more_information_is_listed_for_the_programme(
    org_a: Organisation, coordinator: User, staff_a: User, staff_b: User
) -> None:
    c = case(org_a, status="admitted", admitted_on=date(2026, 1, 1))
    app = application(c, staff_a, ApplicationKind.INTEGRATION, date(2026, 2, 1))
    decide(app, coordinator, "more_info")
    assert list(selectors.more_information_requested(staff_a)) == [app]
    assert list(selectors.more_information_returned(coordinator)) == []
    app.status = ApplicationStatus.SUBMITTED
    app.additional_information = "Intyg bifogat."
    app.save()
    assert list(selectors.more_information_returned(coordinator)) == [app]
    assert list(selectors.more_information_requested(staff_a)) == []
    assert list(selectors.more_information_returned(staff_b)) == []


def test_periods_ending_are_scoped_to_the_actor(
    org_a: Organisation, coordinator: User, staff_a: User, staff_b: User
) -> None:
    today = timezone.localdate()
    c = case(org_a, status="admitted", admitted_on=today - timedelta(days=10))
    app = application(c, staff_a, ApplicationKind.REST, today - timedelta(days=10))
    decision = decide(
        app,
        coordinator,
        "granted",
        granted_start=today - timedelta(days=10),
        granted_end=today + timedelta(days=3),
        granted_days=14,
        granted_amount=Decimal("100"),
    )
    assert panels(staff_a)["reports_periods_ending"] == [decision]
    assert panels(staff_b)["reports_periods_ending"] == []
    assert panels(coordinator)["reports_periods_ending"] == [decision]

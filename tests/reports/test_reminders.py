"""send_reminders and notify_decision: who is told what, once, without personal data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from cases.models import Case
from funding.choices import ApplicationKind
from nsp.accounts.models import Organisation, User
from reports.choices import NotificationKind
from reports.models import Notification
from reports.reminders import send_reminders
from reports.services import notify_decision
from tests.reports.factories import application, case, decide

TODAY = date(2026, 6, 10)


@pytest.fixture
def admitted(org_a: Organisation) -> Case:
    return case(org_a, status="admitted", admitted_on=date(2026, 5, 1), applied_on=date(2026, 5, 1))


def _period(c: Case, staff: User, coordinator: User, start: date, end: date):  # type: ignore[no-untyped-def]
    app = application(c, staff, ApplicationKind.REST, start)
    return decide(
        app,
        coordinator,
        "granted",
        decided_on=start,
        granted_start=start,
        granted_end=end,
        granted_days=(end - start).days + 1,
        granted_amount=Decimal("1000"),
    )


def test_a_period_ending_within_7_days_is_reminded_once(
    admitted: Case,
    staff_a: User,
    manager_a: User,
    staff_b: User,
    coordinator: User,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    _period(admitted, staff_a, coordinator, TODAY - timedelta(days=20), TODAY + timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=TODAY)
    kinds = set(Notification.objects.filter(user=staff_a).values_list("kind", flat=True))
    assert NotificationKind.PERIOD_END in kinds
    assert Notification.objects.filter(user=manager_a, kind=NotificationKind.PERIOD_END).exists()
    assert not Notification.objects.filter(user=staff_b).exists()
    sent = len(mail.outbox)
    assert sent >= 2
    body = mail.outbox[0].body + mail.outbox[0].subject
    assert admitted.case_number in "".join(m.body for m in mail.outbox)
    assert f"{admitted.first_name_initial}.{admitted.surname_initial}" not in body
    with django_capture_on_commit_callbacks(execute=True):
        again = send_reminders(today=TODAY)
    assert again.created == 0 and len(mail.outbox) == sent


def test_a_period_ending_in_8_days_is_not_yet_reminded(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    _period(admitted, staff_a, coordinator, TODAY - timedelta(days=20), TODAY + timedelta(days=8))
    send_reminders(today=TODAY)
    assert not Notification.objects.filter(kind=NotificationKind.PERIOD_END).exists()


def test_an_overdue_period_report_reminds_the_actor_and_the_coordinator(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    _period(admitted, staff_a, coordinator, date(2026, 4, 1), date(2026, 4, 30))
    send_reminders(today=TODAY)
    users = set(
        Notification.objects.filter(kind=NotificationKind.REPORT_DUE).values_list(
            "user__username", flat=True
        )
    )
    assert users == {"staff_a", "coordinator"}


def test_a_decision_is_notified_to_the_actor_once(
    admitted: Case, staff_a: User, staff_b: User, coordinator: User
) -> None:
    decision = _period(admitted, staff_a, coordinator, TODAY, TODAY + timedelta(days=29))
    assert notify_decision(decision) == 1
    assert notify_decision(decision) == 0
    n = Notification.objects.get(user=staff_a, kind=NotificationKind.DECISION)
    assert decision.reference in n.text and admitted.case_number in n.text
    assert not Notification.objects.filter(user=staff_b).exists()


def test_the_command_runs(admitted: Case, staff_a: User, coordinator: User) -> None:
    _period(admitted, staff_a, coordinator, TODAY - timedelta(days=20), TODAY + timedelta(days=1))
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert Notification.objects.filter(user=staff_a).count() >= 1


def test_a_period_replaced_by_a_granted_reconsideration_is_not_listed_or_reminded(
    admitted: Case, staff_a: User, coordinator: User
) -> None:
    """A partly granted rest period (ending in 3 days) replaced by a granted reconsideration
    from the same day (ending in 20 days): the periods-ending list and reminder name the
    period in force, not the replaced one (``funding.selectors.in_force``); the case's
    periods for its reports are the one in force."""
    from cases.periods import granted_periods as case_periods
    from reports.selectors import periods_ending

    start = TODAY - timedelta(days=10)
    replaced = decide(
        application(admitted, staff_a, ApplicationKind.REST, start),
        coordinator,
        "partly_granted",
        decided_on=start,
        granted_start=start,
        granted_end=TODAY + timedelta(days=3),
        granted_days=14,
        granted_amount=Decimal("1000"),
    )
    request = application(
        admitted,
        staff_a,
        ApplicationKind.RECONSIDERATION,
        TODAY - timedelta(days=5),
        contested_decision=replaced,
        grounds="Hela perioden behövs.",
    )
    in_force = decide(
        request,
        coordinator,
        "granted",
        decided_on=TODAY - timedelta(days=4),
        granted_start=start,
        granted_end=TODAY + timedelta(days=20),
        granted_days=31,
        granted_amount=Decimal("2000"),
    )
    programme = User(role="coordinator", is_active=True)
    assert list(periods_ending(programme, days=7, today=TODAY)) == []
    assert list(periods_ending(programme, days=30, today=TODAY)) == [in_force]
    send_reminders(today=TODAY)
    assert not Notification.objects.filter(kind=NotificationKind.PERIOD_END).exists()
    assert [p.decision_id for p in case_periods(admitted)] == [in_force.pk]

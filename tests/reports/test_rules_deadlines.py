"""Seed 004's deadlines as rules with reminders (issue 19, "Certification kept up"): the
implementation plan within three weeks of admission, its follow-up at least every six
months, and a granted intervention unused for three months reported to the coordinator."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import formats, timezone, translation

from cases.deadlines import (
    follow_up_due_on,
    last_follow_up_due_by,
    plan_deadlines,
    plan_deadlines_due,
    plan_follow_ups_due,
)
from cases.models import Case, ImplementationPlan, PlanItem
from funding.choices import ApplicationKind
from funding.models import Decision
from nsp.accounts.models import User
from nsp.dates import add_months, latest_due_by
from reports.choices import NotificationKind
from reports.models import Notification
from reports.reminders import send_reminders
from tests.conftest import login
from tests.reports.factories import application, case, decide


def _kinds(user: User, kind: str) -> int:
    return Notification.objects.filter(user=user, kind=kind).count()


def _plan(c: Case, established_on: date) -> ImplementationPlan:
    return ImplementationPlan.objects.create(
        case=c, goals="Trygg bostad", established_on=established_on
    )


def test_the_implementation_plan_is_established_within_three_weeks_of_admission(
    org_a: object, staff_a: User, staff_b: User, coordinator: User
) -> None:
    """Seed 004 line 258: "Genomförandeplanen ska upprättas inom tre veckor från
    verkställighetsdatum." Admitted 1 May: due 22 May; reminded from 15 May, the
    coordinator told once it has passed; each notice once."""
    c = case(org_a, status="admitted", admitted_on=date(2026, 5, 1))
    send_reminders(today=date(2026, 5, 14))
    assert _kinds(staff_a, NotificationKind.PLAN_DUE) == 0
    send_reminders(today=date(2026, 5, 15))
    assert _kinds(staff_a, NotificationKind.PLAN_DUE) == 1
    assert _kinds(coordinator, NotificationKind.PLAN_DUE) == 0
    send_reminders(today=date(2026, 5, 22))  # the last day: still due, not late
    assert _kinds(coordinator, NotificationKind.PLAN_DUE) == 0
    send_reminders(today=date(2026, 5, 23))
    assert _kinds(staff_a, NotificationKind.PLAN_DUE) == 2  # "was due"
    assert _kinds(coordinator, NotificationKind.PLAN_DUE) == 1
    assert _kinds(staff_b, NotificationKind.PLAN_DUE) == 0
    again = send_reminders(today=date(2026, 5, 24))
    assert again.created == 0
    _plan(c, date(2026, 5, 25))
    deadlines = plan_deadlines(c, c.plan, [])
    assert deadlines is not None and deadlines.established_late
    assert deadlines.plan_due_on is None
    assert send_reminders(today=date(2026, 5, 26)).created == 0


def test_the_plan_is_followed_up_at_least_every_six_months(
    org_a: object, staff_a: User, coordinator: User
) -> None:
    """Seed 004 line 261: "Genomförandeplanen ska revideras vid behov och följas upp minst
    var sjätte månad." Established 10 January: follow-up by 10 July, reminded from 26 June;
    a follow-up on 30 June moves the next to 30 December."""
    c = case(org_a, status="admitted", admitted_on=date(2026, 1, 2))
    plan = _plan(c, date(2026, 1, 10))
    assert plan_deadlines(c, plan, []).follow_up_due_on == date(2026, 7, 10)  # type: ignore[union-attr]
    send_reminders(today=date(2026, 6, 25))
    assert _kinds(staff_a, NotificationKind.PLAN_FOLLOW_UP) == 0
    send_reminders(today=date(2026, 6, 26))
    assert _kinds(staff_a, NotificationKind.PLAN_FOLLOW_UP) == 1
    assert _kinds(coordinator, NotificationKind.PLAN_FOLLOW_UP) == 0
    item = PlanItem.objects.create(
        case=c,
        goal="Bostad",
        activities="Kontakt med kommunen",
        responsible="Handläggare",
        follow_up_on=date(2026, 6, 30),
        done_on=date(2026, 6, 30),
    )
    assert plan_deadlines(c, plan, [item]).follow_up_due_on == date(2026, 12, 30)  # type: ignore[union-attr]
    assert send_reminders(today=date(2026, 7, 11)).created == 0
    send_reminders(today=date(2026, 12, 31))
    assert _kinds(staff_a, NotificationKind.PLAN_FOLLOW_UP) == 2
    assert _kinds(coordinator, NotificationKind.PLAN_FOLLOW_UP) == 1


def test_six_months_are_calendar_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)


def test_the_six_month_follow_up_is_due_on_its_day_at_a_month_end(
    org_a: object, staff_a: User, coordinator: User
) -> None:
    """Seed 004 line 261: "Genomförandeplanen ska revideras vid behov och följas upp minst
    var sjätte månad." Last followed up 31 August: due 28 February (clipped), so on 28
    February the reminder and the dashboard list name it (they used to wait for 3 March)."""
    c = case(org_a, status="admitted", admitted_on=date(2026, 8, 1))
    plan = _plan(c, date(2026, 8, 31))
    assert plan_deadlines(c, plan, []).follow_up_due_on == date(2027, 2, 28)  # type: ignore[union-attr]
    programme = User(role="coordinator", is_active=True)
    today = date(2027, 2, 28)
    assert list(plan_follow_ups_due(programme, today=today, days=0)) == [c]
    assert [d.case for d in plan_deadlines_due(programme, today=today, follow_up_days=0)] == [c]
    send_reminders(today=today)
    notice = Notification.objects.get(user=staff_a, kind=NotificationKind.PLAN_FOLLOW_UP)
    assert notice.key.startswith("plan_follow_up_due:")  # due today, not yet late
    assert _kinds(coordinator, NotificationKind.PLAN_FOLLOW_UP) == 0


def test_the_follow_up_cutoff_agrees_with_the_due_date() -> None:
    """The latest last follow-up due by a day: due by it, and the next day is not; for every
    day of four years (leap year and every month end included)."""
    day = date(2026, 1, 1)
    while day < date(2030, 1, 1):
        cutoff = last_follow_up_due_by(day)
        assert follow_up_due_on(cutoff) <= day < follow_up_due_on(cutoff + timedelta(days=1))
        for months in (1, 3, 12):  # the same cutoff for the other month steps
            start = latest_due_by(day, months)
            assert add_months(start, months) <= day < add_months(start + timedelta(days=1), months)
        day += timedelta(days=1)


def test_the_follow_up_lists_agree_with_the_due_date_in_the_database(
    org_a: object, coordinator: User
) -> None:
    """The SQL window of the reminder and the dashboard picks exactly the cases with
    ``follow_up_due_on(last) <= today + days``, for plans established around month ends."""
    starts = [date(2026, 7, 25) + timedelta(days=n) for n in range(45)]  # 25 Jul – 7 Sep
    starts += [date(2027, 8, 25) + timedelta(days=n) for n in range(10)]  # to Feb 2028 (leap)
    cases = {}
    for start in starts:
        c = case(org_a, status="admitted", admitted_on=start - timedelta(days=1))
        _plan(c, start)
        cases[c.pk] = start
    programme = User(role="coordinator", is_active=True)
    days_seen = [date(2027, 1, 20) + timedelta(days=n) for n in range(50)]
    days_seen += [date(2028, 2, 25) + timedelta(days=n) for n in range(8)]
    for today in days_seen:
        for days in (0, 14):
            expected = {
                pk
                for pk, start in cases.items()
                if follow_up_due_on(start) <= today + timedelta(days=days)
            }
            found = set(
                plan_follow_ups_due(programme, today=today, days=days).values_list("pk", flat=True)
            )
            assert found == expected, (today, days)
            listed = plan_deadlines_due(
                programme, today=today, plan_days=-1000, follow_up_days=days, limit=1000
            )
            assert {d.case.pk for d in listed} == expected, (today, days)


def _intervention(c: Case, staff: User, coordinator: User, decided_on: date) -> Decision:
    app = application(c, staff, ApplicationKind.INTERVENTION, decided_on)
    return decide(app, coordinator, "granted", decided_on=decided_on, granted_amount=Decimal(800))


def test_an_intervention_unused_for_three_months_is_reported_to_the_coordinator(
    org_a: object, staff_a: User, coordinator: User
) -> None:
    """Seed 004 line 279: "Om uppdraget inte verkställs eller om barnet, den unge eller
    familjen inte nyttjar insatsen inom tre månader ska utföraren meddela beställaren för
    omprövning av beslut." Granted 10 March, not invoiced: on 10 June both sides are told."""
    c = case(org_a, status="admitted", admitted_on=date(2026, 3, 1))
    _plan(c, date(2026, 3, 5))
    decision = _intervention(c, staff_a, coordinator, date(2026, 3, 10))
    used = _intervention(c, staff_a, coordinator, date(2026, 3, 10))
    Decision.objects.filter(pk=used.pk).update(spent=True)
    send_reminders(today=date(2026, 6, 9))
    assert _kinds(staff_a, NotificationKind.UNUSED) == 0
    send_reminders(today=date(2026, 6, 10))
    assert _kinds(staff_a, NotificationKind.UNUSED) == 1
    notice = Notification.objects.get(user=coordinator, kind=NotificationKind.UNUSED)
    assert decision.reference in notice.text
    assert c.first_name_initial + "." not in notice.text
    assert send_reminders(today=date(2026, 6, 11)).created == 0


def test_the_deadlines_are_shown_on_the_case_page_and_the_dashboard(
    org_a: object, staff_a: User
) -> None:
    today = timezone.localdate()
    c = case(org_a, status="admitted", admitted_on=today - timedelta(days=30))
    due = today - timedelta(days=9)
    client = login(staff_a)
    with translation.override("sv"):
        shown = formats.date_format(due, "DATE_FORMAT")
        page = client.get(reverse("cases:case_detail", args=[c.pk])).content.decode()
        assert shown in page
        dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("cases:case_detail", args=[c.pk]) in dashboard
    assert shown in dashboard


def test_the_coordinators_dashboard_lists_interventions_unused_for_three_months(
    org_a: object, staff_a: User, staff_b: User, coordinator: User
) -> None:
    today = timezone.localdate()
    c = case(org_a, status="admitted", admitted_on=today - timedelta(days=200))
    _plan(c, today - timedelta(days=190))
    old = _intervention(c, staff_a, coordinator, add_months(today, -3))
    recent = _intervention(c, staff_a, coordinator, today - timedelta(days=20))
    dashboard = login(coordinator).get(reverse("dashboard")).content.decode()
    assert reverse("funding:decision_detail", args=[old.pk]) in dashboard
    assert (
        reverse("funding:decision_detail", args=[recent.pk])
        not in dashboard.split("deadlines-unused")[-1]
    )
    other = login(staff_b).get(reverse("dashboard")).content.decode()
    assert reverse("funding:decision_detail", args=[old.pk]) not in other


def test_an_intervention_decided_at_a_month_end_is_unused_on_its_day(
    org_a: object, staff_a: User, coordinator: User
) -> None:
    """Seed 004 line 279 ("… inte nyttjar insatsen inom tre månader …"): decided 31 August,
    unused from 30 November (clipped), and listed that day (it used to wait for 1
    December); the window agrees with ``unused_since`` for decisions around month ends."""
    from funding.unused import interventions_unused, unused_since

    c = case(org_a, status="admitted", admitted_on=date(2026, 3, 1))
    decided = [date(2026, 8, 25) + timedelta(days=n) for n in range(10)]
    decided += [date(2026, 11, 26) + timedelta(days=n) for n in range(6)]
    grants = [_intervention(c, staff_a, coordinator, day) for day in decided]
    programme = User(role="coordinator", is_active=True)
    assert unused_since(grants[6]) == date(2026, 11, 30)  # decided 31 August
    for n in range(100):
        today = date(2026, 11, 25) + timedelta(days=n)
        expected = {g.pk for g in grants if unused_since(g) <= today}
        found = set(interventions_unused(programme, today=today).values_list("pk", flat=True))
        assert found == expected, today


def test_a_reconsidered_intervention_is_reported_unused_as_the_decision_in_force(
    org_a: object, staff_a: User, coordinator: User
) -> None:
    """A granted intervention replaced by a granted reconsideration: the reminder names the
    reconsideration's decision (in force, ``funding.selectors.in_force``), not both."""
    from funding.unused import interventions_unused

    c = case(org_a, status="admitted", admitted_on=date(2026, 3, 1))
    replaced = _intervention(c, staff_a, coordinator, date(2026, 3, 10))
    request = application(
        c,
        staff_a,
        ApplicationKind.RECONSIDERATION,
        date(2026, 3, 12),
        contested_decision=replaced,
        grounds="Fler samtal behövs.",
    )
    in_force = decide(
        request, coordinator, "granted", decided_on=date(2026, 3, 14), granted_amount=Decimal(1600)
    )
    programme = User(role="coordinator", is_active=True)
    assert list(interventions_unused(programme, today=date(2026, 6, 20))) == [in_force]


def test_the_dashboard_lists_the_soonest_plan_deadlines_of_both_kinds(org_a: object) -> None:
    """The dashboard's list is the first ``limit`` deadlines of plans missing and plans to
    follow up, merged by date (read ``limit`` of each from the database, not every case)."""
    today = date(2027, 3, 1)
    for n in range(7):  # admitted without a plan: due 21 days after admission
        case(org_a, status="admitted", admitted_on=date(2026, 12, 1) + timedelta(days=9 * n))
    for n in range(7):  # plans last followed up: due six months later
        c = case(org_a, status="admitted", admitted_on=date(2026, 1, 1))
        _plan(c, date(2026, 6, 5) + timedelta(days=9 * n))
    programme = User(role="coordinator", is_active=True)
    every = plan_deadlines_due(programme, today=today, limit=1000)
    assert {d.kind for d in every} == {"plan", "follow_up"} and len(every) >= 10
    assert [d.due_on for d in every] == sorted(d.due_on for d in every)
    for limit in (1, 3, 5, 8):
        first = plan_deadlines_due(programme, today=today, limit=limit)
        assert [(d.case, d.kind, d.due_on) for d in first] == [
            (d.case, d.kind, d.due_on) for d in every[:limit]
        ]

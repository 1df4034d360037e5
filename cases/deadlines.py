"""The implementation plan's deadlines (seed 004, "Genomförandeplan"), as rules with dates.

- The plan is established within three weeks of admission (seed 004 line 258:
  "Genomförandeplanen ska upprättas inom tre veckor från verkställighetsdatum." — the
  admission date is the case's "verkställighetsdatum").
- The plan is followed up at least every six months (seed 004 line 261: "Genomförandeplanen
  ska revideras vid behov och följas upp minst var sjätte månad."): six months after it was
  established or last followed up (the newest ``PlanItem.done_on``).

Reads only; the daily reminders (``reports.deadlines``) and the case page use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce, Greatest

from cases.choices import CaseStatus
from cases.models import Case, ImplementationPlan, PlanItem
from nsp.dates import add_months, latest_due_by
from nsp.permissions import AnyUser, scope_to_user

PLAN_WITHIN_DAYS = 21  # seed 004 line 258: "inom tre veckor"
PLAN_FOLLOW_UP_MONTHS = 6  # seed 004 line 261: "minst var sjätte månad"


def plan_due_on(admitted_on: date) -> date:
    return admitted_on + timedelta(days=PLAN_WITHIN_DAYS)


def last_plan_follow_up(plan: ImplementationPlan, items: Iterable[PlanItem]) -> date:
    """The day the plan was established or last followed up, whichever is later."""
    done = [item.done_on for item in items if item.done_on]
    return max([plan.established_on, *done])


def follow_up_due_on(last_follow_up: date) -> date:
    """The six-month rule: the plan is next followed up six calendar months after it was
    established or last followed up."""
    return add_months(last_follow_up, PLAN_FOLLOW_UP_MONTHS)


def plan_follow_up_due_on(plan: ImplementationPlan, items: Iterable[PlanItem]) -> date:
    return follow_up_due_on(last_plan_follow_up(plan, items))


@dataclass(frozen=True)
class PlanDeadlines:
    """What the case page shows under the implementation plan."""

    plan_due_on: date | None  # the three-week deadline, while the plan is not established
    established_late: bool  # established after its deadline
    follow_up_due_on: date | None  # six months after the last follow-up


def plan_deadlines(
    case: Case, plan: ImplementationPlan | None, items: Iterable[PlanItem]
) -> PlanDeadlines | None:
    """The deadlines of an admitted case's plan (None for a case not running)."""
    if case.status != CaseStatus.ADMITTED or case.admitted_on is None:
        return None
    due = plan_due_on(case.admitted_on)
    if plan is None:
        return PlanDeadlines(plan_due_on=due, established_late=False, follow_up_due_on=None)
    return PlanDeadlines(
        plan_due_on=None,
        established_late=plan.established_on > due,
        follow_up_due_on=plan_follow_up_due_on(plan, items),
    )


def _running(user: AnyUser) -> QuerySet[Case]:
    return scope_to_user(user, Case.objects.all()).filter(
        status=CaseStatus.ADMITTED, admitted_on__isnull=False
    )


def _admitted_by(today: date, days: int) -> date:
    """The latest admission whose three-week plan deadline falls within ``days`` days of
    ``today`` (or is past)."""
    return today + timedelta(days=days) - timedelta(days=PLAN_WITHIN_DAYS)


def last_follow_up_due_by(day: date) -> date:
    """The latest last follow-up whose six-month follow-up (``follow_up_due_on``) falls on
    or before ``day``: every earlier one is due too, every later one is not (month ends:
    ``nsp.dates.latest_due_by``)."""
    return latest_due_by(day, PLAN_FOLLOW_UP_MONTHS)


def _followed_up_by(today: date, days: int) -> date:
    """The latest last follow-up whose six-month follow-up falls within ``days`` days of
    ``today`` (or is past)."""
    return last_follow_up_due_by(today + timedelta(days=days))


def _last_follow_up() -> Greatest:
    """A case's plan's establishment or its newest item done, whichever is later (NULL
    without a plan): ``last_plan_follow_up`` in SQL."""
    return Greatest(
        "plan__established_on",
        Coalesce(Max("plan_items__done_on"), "plan__established_on"),
    )


def plans_missing(user: AnyUser, *, today: date, days: int = 7) -> QuerySet[Case]:
    """Running cases without a plan whose three-week deadline is within ``days`` days or
    past, oldest deadline first."""
    return (
        _running(user)
        .filter(plan__isnull=True, admitted_on__lte=_admitted_by(today, days))
        .order_by("admitted_on", "number")
    )


def plan_follow_ups_due(user: AnyUser, *, today: date, days: int = 14) -> QuerySet[Case]:
    """Running cases whose plan's six-month follow-up falls within ``days`` days or is past;
    each with ``last_follow_up`` (the date the six months run from)."""
    return (
        _running(user)
        .filter(plan__isnull=False)
        .annotate(last_follow_up=_last_follow_up())
        .filter(last_follow_up__lte=_followed_up_by(today, days))
        .order_by("last_follow_up", "number")
    )


@dataclass(frozen=True)
class PlanDeadline:
    case: Case
    kind: str  # "plan" (to be established) or "follow_up"
    due_on: date


def plan_deadlines_due(
    user: AnyUser, *, today: date, plan_days: int = 7, follow_up_days: int = 14, limit: int = 10
) -> list[PlanDeadline]:
    """``plans_missing`` and ``plan_follow_ups_due`` together (the dashboard), soonest
    deadline first, at most ``limit``: the first ``limit`` of each, read by the database in
    its own deadline order (a plan's deadline grows with the admission date, a follow-up's
    with the last follow-up), then merged. Two queries, whatever the register's size."""
    found = []
    for case in plans_missing(user, today=today, days=plan_days)[:limit]:
        assert case.admitted_on is not None
        found.append(PlanDeadline(case, "plan", plan_due_on(case.admitted_on)))
    for case in plan_follow_ups_due(user, today=today, days=follow_up_days)[:limit]:
        found.append(PlanDeadline(case, "follow_up", follow_up_due_on(case.last_follow_up)))  # type: ignore[attr-defined]
    return sorted(found, key=lambda d: (d.due_on, d.case.number or 0))[:limit]

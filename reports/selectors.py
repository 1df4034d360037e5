"""Reads for reports, dashboards and reminders (all sums and counts in the database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.choices import CaseStatus, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument
from certification.choices import ActionStatus, CertificationStatus, FollowUpStatus
from certification.models import ActionItem, EventAttendance, FollowUp
from certification.selectors import certification_status, pilot_table
from funding.choices import (
    GRANTING_OUTCOMES,
    ApplicationKind,
    ApplicationStatus,
    InvoiceStatus,
    Outcome,
)
from funding.models import Decision, FundingApplication, Invoice
from funding.selectors import in_force
from nsp.accounts.models import Organisation, User
from nsp.permissions import AnyUser, scope_to_user
from reports.models import Notification
from reports.statistics import DateRange, Statistics
from reports.stats_cache import cached_statistics

# A support period report is due this many days after the period ends (DOMAIN.md §3:
# "at the end of a 30- or 90-day period"; the seed gives no exact deadline).
REPORT_GRACE_DAYS = 14
PERIOD_KINDS = [ApplicationKind.REST, ApplicationKind.INTEGRATION]
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=MONEY)


# --- Periods and reports ------------------------------------------------------------


def granted_periods() -> QuerySet[Decision]:
    """Granted 30/90-day periods in force (``funding.selectors.in_force``): a decision
    replaced by a granted reconsideration is left out and the reconsideration's decision
    (its period) counts in its place. Without the stored PDF and snapshot (lists and
    reminders never need them)."""
    return (
        in_force(
            Decision.objects.filter(
                Q(application__kind__in=PERIOD_KINDS)
                | Q(
                    application__kind=ApplicationKind.RECONSIDERATION,
                    application__contested_decision__application__kind__in=PERIOD_KINDS,
                ),
                granted_end__isnull=False,
            )
        )
        .select_related(
            "application__case",
            "application__organisation",
            "application__contested_decision__application",
        )
        .defer(
            "pdf",
            "snapshot",
            "application__contested_decision__pdf",
            "application__contested_decision__snapshot",
        )
    )


def periods_ending(
    user: AnyUser, *, days: int = 7, today: date | None = None
) -> QuerySet[Decision]:
    """Granted periods that end within ``days`` days (today included), not taken over."""
    today = today or timezone.localdate()
    return (
        scope_to_user(user, granted_periods(), "application__organisation")
        .filter(
            granted_end__range=(today, today + timedelta(days=days)), taken_over_on__isnull=True
        )
        .order_by("granted_end")
    )


def reports_overdue(user: AnyUser, *, today: date | None = None) -> QuerySet[Decision]:
    """Periods that ended more than ``REPORT_GRACE_DAYS`` ago without their submitted
    support period report (or an exit report on the case since the period began). A
    report belongs to its period (issue 19): the report of another period does not count;
    a report from before that rule (no period) counts as before."""
    today = today or timezone.localdate()
    return (
        scope_to_user(user, granted_periods(), "application__organisation")
        .filter(granted_end__lt=today - timedelta(days=REPORT_GRACE_DAYS))
        .exclude(Exists(reports_of_period()))
        .order_by("granted_end")
    )


def reports_of_period() -> QuerySet[CaseDocument]:
    """The submitted reports of the granted period ``OuterRef`` names (for a subquery over
    decisions): its own support period report, or an exit report on the case since the
    period began; a report from before reports belonged to periods (no period) counts."""
    return CaseDocument.objects.filter(
        # A report on the period a granted reconsideration replaced counts for it too.
        Q(period__isnull=True)
        | Q(period=OuterRef("pk"))
        | Q(period=OuterRef("application__contested_decision")),
        case=OuterRef("application__case"),
        kind__in=[DocumentKind.PERIOD_REPORT, DocumentKind.EXIT_REPORT],
        status__in=[DocumentStatus.SUBMITTED, DocumentStatus.SUPERSEDED],
        submitted_at__date__gte=OuterRef("granted_start"),
    )


def report_due_on(decision: Decision) -> date | None:
    if decision.granted_end is None:
        return None
    return decision.granted_end + timedelta(days=REPORT_GRACE_DAYS)


def more_information_returned(user: AnyUser) -> QuerySet[FundingApplication]:
    """Applications sent back for more information that the actor has answered: waiting
    for a decision again, oldest first."""
    asked = Decision.objects.filter(application=OuterRef("pk"), outcome=Outcome.MORE_INFO)
    return (
        scope_to_user(user, FundingApplication.objects.select_related("case", "organisation"))
        .filter(Exists(asked), status=ApplicationStatus.SUBMITTED)
        .order_by("created_at")
    )


def more_information_requested(user: AnyUser) -> QuerySet[FundingApplication]:
    """The actor's side: applications waiting for the actor's additional information."""
    return (
        scope_to_user(user, FundingApplication.objects.select_related("case"))
        .filter(status=ApplicationStatus.MORE_INFO)
        .order_by("created_at")
    )


# --- Notifications ------------------------------------------------------------------


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created")


def unread_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- Actor annual report (NSP/AR/Dok.13) --------------------------------------------


@dataclass
class ActorReport:
    organisation: Organisation
    year: int
    cases: dict[str, int]
    case_rows: list[dict[str, Any]]
    periods: list[dict[str, Any]]
    interventions: dict[str, Any]
    money: dict[str, Decimal]
    certification_status: str
    certification_label: str
    next_follow_up: FollowUp | None
    follow_ups: list[FollowUp]
    open_actions: int
    overdue_actions: int
    training: list[dict[str, Any]]


def actor_report(organisation: Organisation, year: int) -> ActorReport:
    """What one actor did in one calendar year (the actor's annual report): its cases, the
    decisions on its applications and the money, its certification, its training."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    today = timezone.localdate()
    cases, case_rows = _actor_cases(organisation, start, end)
    periods, interventions, money = _actor_money(organisation, start, end, today)
    status = certification_status(organisation)
    follow_ups = list(FollowUp.objects.filter(organisation=organisation).order_by("due_on"))
    next_follow_up = next((f for f in follow_ups if f.status == FollowUpStatus.SCHEDULED), None)
    actions = ActionItem.objects.filter(organisation=organisation).exclude(
        status=ActionStatus.CLOSED
    )
    action_counts = actions.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today))
    )
    return ActorReport(
        organisation=organisation,
        year=year,
        cases=cases,
        case_rows=case_rows,
        periods=periods,
        interventions=interventions,
        money=money,
        certification_status=status,
        certification_label=str(CertificationStatus(status).label),
        next_follow_up=next_follow_up,
        follow_ups=follow_ups,
        open_actions=action_counts["open"],
        overdue_actions=action_counts["overdue"],
        training=_actor_training(organisation, start, end),
    )


def _actor_cases(
    organisation: Organisation, start: date, end: date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The actor's case counts of the year and the cases active in it."""
    own_cases = Case.objects.filter(organisation=organisation)
    active = Q(admitted_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    cases = own_cases.aggregate(
        supported=Count(
            "pk", filter=active & Q(status__in=[CaseStatus.ADMITTED, CaseStatus.CLOSED])
        ),
        admitted=Count("pk", filter=Q(admitted_on__range=(start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
        applied=Count("pk", filter=Q(applied_on__range=(start, end))),
        refused=Count("pk", filter=Q(refused_on__range=(start, end))),
    )
    case_rows: list[dict[str, Any]] = [
        dict(row)
        for row in (
            own_cases.filter(active, case_number__isnull=False)
            .values("case_number", "status", "admitted_on", "closed_on")
            .order_by("number")
        )
    ]
    return cases, case_rows


def _actor_money(
    organisation: Organisation, start: date, end: date, today: date
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Decimal]]:
    """Periods granted per kind, the interventions decided, and the money granted, drawn
    and paid, of the decisions of the year on the actor's applications. What was granted
    counts the decisions in force (``funding.selectors.in_force``): a decision replaced by
    a granted reconsideration is left out and the reconsideration's decision counts in its
    place, under the contested kind."""
    support_kind = SqlCase(
        When(
            application__kind=ApplicationKind.RECONSIDERATION,
            then=F("application__contested_decision__application__kind"),
        ),
        default=F("application__kind"),
    )
    of_year = Decision.objects.filter(
        application__organisation=organisation, decided_on__range=(start, end)
    )
    decisions = of_year.annotate(support_kind=support_kind)
    granting = in_force(of_year).annotate(support_kind=support_kind)
    periods: list[dict[str, Any]] = [
        dict(row, application__kind=row["support_kind"])
        for row in (
            granting.filter(support_kind__in=PERIOD_KINDS)
            .values("support_kind")
            .annotate(
                count=Count("pk"),
                days=Coalesce(Sum("granted_days"), 0),
                amount=Coalesce(Sum("granted_amount"), ZERO),
            )
            .order_by("support_kind")
        )
    ]
    kind_labels = dict(ApplicationKind.choices)
    for row in periods:
        row["label"] = kind_labels.get(row["application__kind"], row["application__kind"])
    interventions = decisions.filter(application__kind=ApplicationKind.INTERVENTION).aggregate(
        decided=Count("pk", filter=~Q(outcome=Outcome.MORE_INFO)),
        denied=Count("pk", filter=Q(outcome=Outcome.DENIED)),
    )
    interventions.update(
        granting.filter(support_kind=ApplicationKind.INTERVENTION).aggregate(
            granted=Count("pk"), amount=Coalesce(Sum("granted_amount"), ZERO)
        )
    )
    granted = granting.aggregate(granted=Coalesce(Sum("granted_amount"), ZERO))
    # Drawn and paid: a replaced decision's draw was released (to what was paid on it).
    granted.update(
        decisions.filter(outcome__in=list(GRANTING_OUTCOMES)).aggregate(
            drawn=Coalesce(Sum("draw"), ZERO),
            # A period is paid once it is over (or taken over); an intervention once attested.
            periods_paid=Coalesce(
                Sum(
                    "draw",
                    filter=Q(support_kind__in=PERIOD_KINDS)
                    & (Q(spent=True) | Q(granted_end__lt=today)),
                ),
                ZERO,
            ),
        )
    )
    attested = Invoice.objects.filter(
        organisation=organisation,
        status=InvoiceStatus.ATTESTED,
        attested_on__range=(start, end),
    ).aggregate(paid=Coalesce(Sum("real_cost"), ZERO))
    money = {
        "granted": granted["granted"],
        "drawn": granted["drawn"],
        "paid": granted["periods_paid"] + attested["paid"],
    }
    return periods, interventions, money


def _actor_training(organisation: Organisation, start: date, end: date) -> list[dict[str, Any]]:
    """The training events of the year the actor attended, with its participants."""
    return [
        dict(row)
        for row in (
            EventAttendance.objects.filter(
                organisation=organisation, event__held_on__range=(start, end)
            )
            .values("event__title", "event__held_on", "participants")
            .order_by("event__held_on")
        )
    ]


# --- Programme report (NSP/PR/Dok.14) -----------------------------------------------


@dataclass
class ProgrammeReport:
    stats: Statistics
    pilot: Any
    waiting: list[FundingApplication]
    reports_overdue: list[Decision]
    actions_overdue: list[ActionItem]
    follow_ups_overdue: list[FollowUp]


def programme_report(user: AnyUser, period: DateRange) -> ProgrammeReport:
    today = timezone.localdate()
    return ProgrammeReport(
        stats=cached_statistics(period),
        pilot=pilot_table(),
        waiting=list(
            scope_to_user(user, FundingApplication.objects.select_related("case", "organisation"))
            .filter(status=ApplicationStatus.SUBMITTED)
            .order_by("created_at")
        ),
        reports_overdue=list(reports_overdue(user)),
        actions_overdue=list(
            scope_to_user(user, ActionItem.objects.select_related("organisation"))
            .exclude(status=ActionStatus.CLOSED)
            .filter(deadline__lt=today)
            .order_by("deadline")
        ),
        follow_ups_overdue=list(
            scope_to_user(user, FollowUp.objects.select_related("organisation"))
            .filter(status=FollowUpStatus.SCHEDULED, due_on__lt=today)
            .order_by("due_on")
        ),
    )

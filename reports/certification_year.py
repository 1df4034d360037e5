"""The year's case handling of one actor, for its annual follow-up (certification step 3).

``settings.NSP_CERTIFICATION_CASE_HANDLING`` names ``case_handling``; ``certification.year``
calls it (certification stands below cases and funding, so it cannot read them itself).
The rules (what is owed, when it is on time) are in docs/RULES.md, "Certification kept up".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery

from cases.choices import CaseStatus, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument
from funding.choices import ApplicationStatus
from funding.models import FundingApplication
from nsp.accounts.models import Organisation
from reports.selectors import REPORT_GRACE_DAYS, granted_periods, reports_of_period

IN = [DocumentStatus.SUBMITTED, DocumentStatus.SUPERSEDED]


def _period_reports(
    organisation: Organisation, start: date, end: date, today: date
) -> dict[str, int]:
    """Support-period reports: one is owed for every granted 30/90-day period whose report
    deadline (its end + ``REPORT_GRACE_DAYS``) fell in the year and has passed by ``today``.
    It is in when the period's own report (or an exit report since the period began) was
    submitted (``reports.selectors.reports_of_period``, as the overdue reminder reads it);
    on time when submitted by the deadline."""
    grace = timedelta(days=REPORT_GRACE_DAYS)
    first_report = reports_of_period().order_by("submitted_at").values("submitted_at__date")[:1]
    periods = (
        granted_periods()
        .filter(
            application__organisation=organisation,
            granted_end__range=(start - grace, end - grace),
            granted_end__lt=today - grace,
        )
        .annotate(reported_on=Subquery(first_report))
        .order_by("application_id", "-decided_on", "-created_at")
    )
    owed = missing = on_time = 0
    seen: set[Any] = set()
    for period in periods.values("application_id", "granted_end", "reported_on"):
        if period["application_id"] in seen:  # a reconsideration: the newest decision counts
            continue
        seen.add(period["application_id"])
        owed += 1
        if period["reported_on"] is None:
            missing += 1
        elif period["reported_on"] <= period["granted_end"] + grace:  # type: ignore[operator]
            on_time += 1
    return {
        "period_reports_owed": owed,
        "period_reports_missing": missing,
        "period_reports_on_time": on_time,
    }


def _final_reports(
    organisation: Organisation, start: date, end: date, today: date
) -> dict[str, int]:
    """Final reports (exit reports, NSP/UR Dok.03) on the individuals supported: one is owed
    for every case closed in the year (the exit report closes it, so it is in), and for every
    case still open with no application waiting whose last granted support ended
    ``REPORT_GRACE_DAYS`` before a day of the year already past (missing). On time:
    submitted by the support's end + ``REPORT_GRACE_DAYS`` (or the case had no support)."""
    grace = timedelta(days=REPORT_GRACE_DAYS)
    support_end = Subquery(
        granted_periods()
        .filter(application__case=OuterRef("pk"))
        .order_by("-granted_end")
        .values("granted_end")[:1]
    )
    exit_submitted = (
        CaseDocument.objects.filter(
            case=OuterRef("pk"), kind=DocumentKind.EXIT_REPORT, status__in=IN
        )
        .order_by("submitted_at")
        .values("submitted_at__date")[:1]
    )
    waiting = FundingApplication.objects.filter(
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO]
    ).values("case_id")
    cases = Case.objects.filter(organisation=organisation)
    closed = (
        cases.filter(status=CaseStatus.CLOSED, closed_on__range=(start, end))
        .annotate(support_end=support_end, reported_on=Subquery(exit_submitted))
        .values("support_end", "reported_on")
    )
    on_time = sum(
        1
        for row in closed
        if row["support_end"] is None
        or (
            row["reported_on"] is not None
            and row["reported_on"] <= row["support_end"] + timedelta(days=REPORT_GRACE_DAYS)
        )
    )
    missing = (
        cases.filter(status=CaseStatus.ADMITTED)
        .exclude(pk__in=waiting)
        .annotate(support_end=support_end)
        .filter(
            support_end__range=(start - grace, end - grace),
            support_end__lt=today - grace,
        )
        .count()
    )
    return {
        "final_reports_owed": len(closed) + missing,
        "final_reports_missing": missing,
        "final_reports_on_time": on_time,
    }


def case_handling(
    *, organisation: Organisation, start: date, end: date, today: date
) -> dict[str, int]:
    """The actor's cases of the year ``start``–``end`` and its reports, as of ``today``."""
    active = Q(admitted_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    counts = Case.objects.filter(organisation=organisation).aggregate(
        active=Count("pk", filter=active & Q(status__in=[CaseStatus.ADMITTED, CaseStatus.CLOSED])),
        admitted=Count("pk", filter=Q(admitted_on__range=(start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
    )
    return {
        "cases_active": counts["active"],
        "cases_admitted": counts["admitted"],
        "cases_closed": counts["closed"],
        **_period_reports(organisation, start, end, today),
        **_final_reports(organisation, start, end, today),
    }

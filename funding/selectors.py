"""Reads for funding: budget arithmetic (DB aggregates), queues, timeline entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from cases.selectors import TimelineEntry
from funding.choices import ApplicationStatus, InvoiceStatus, Stream
from funding.models import (
    BudgetPeriod,
    BudgetStream,
    BudgetTransfer,
    Decision,
    FundingApplication,
    Invoice,
)
from nsp.permissions import AnyUser, scope_to_user

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))


def _sum(qs: QuerySet[Any], field: str) -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by().values("_g").annotate(t=Sum(field)).values("t")[:1],
            output_field=DecimalField(max_digits=12, decimal_places=2),
        ),
        ZERO,
    )


def streams_with_totals(period: BudgetPeriod | None = None) -> QuerySet[BudgetStream]:
    """Budget streams annotated with transfers in/out, committed, spent and remaining —
    all computed in the database from the records (the statistics reuse this).

    remaining = allocation + transfers in − transfers out − drawn by decisions.
    A decision's draw is "spent" once its invoice is attested, its period is over, or a
    public body took over; otherwise it is "committed".
    """
    today = timezone.localdate()
    tin = BudgetTransfer.objects.filter(target=OuterRef("pk")).annotate(_g=Value(1))
    tout = BudgetTransfer.objects.filter(source=OuterRef("pk")).annotate(_g=Value(1))
    drawn = Decision.objects.filter(stream=OuterRef("pk")).annotate(_g=Value(1))
    spent_q = Q(spent=True) | Q(granted_end__lt=today)
    qs = BudgetStream.objects.select_related("period").annotate(
        in_total=_sum(tin, "amount"),
        out_total=_sum(tout, "amount"),
        drawn=_sum(drawn, "draw"),
        spent_total=_sum(drawn.filter(spent_q), "draw"),
    )
    qs = qs.annotate(remaining=F("allocation") + F("in_total") - F("out_total") - F("drawn"))
    if period is not None:
        qs = qs.filter(period=period)
    # Table 2's order: 30 days, 90 days, interventions.
    order = Case(
        When(stream=Stream.REST, then=Value(0)),
        When(stream=Stream.INTEGRATION, then=Value(1)),
        default=Value(2),
    )
    return qs.order_by("period__starts_on", order)


def stream_remaining(stream: BudgetStream) -> Decimal:
    row = streams_with_totals().get(pk=stream.pk)
    remaining: Decimal = row.remaining  # type: ignore[attr-defined]
    return remaining


def remaining_per_stream(period: BudgetPeriod) -> dict[str, Decimal]:
    return {row.stream: row.remaining for row in streams_with_totals(period)}  # type: ignore[attr-defined]


def budget_period_for(day: date) -> BudgetPeriod | None:
    return BudgetPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def current_budget_period() -> BudgetPeriod | None:
    return budget_period_for(timezone.localdate()) or BudgetPeriod.objects.first()


@dataclass(frozen=True)
class LedgerLine:
    label: str
    amount: Decimal
    when: date


def stream_ledger(stream: BudgetStream) -> list[LedgerLine]:
    """Table 2 of the seed: each draw by case number and each transfer, in date order."""
    lines: list[LedgerLine] = []
    for d in (
        Decision.objects.filter(stream=stream, draw__gt=0)
        .select_related("application__case")
        .order_by("decided_on", "number")
    ):
        lines.append(LedgerLine(d.application.case.case_number or "—", -d.draw, d.decided_on))
    for t in stream.transfers_out.select_related("target").all():
        lines.append(LedgerLine(f"→ {t.target.get_stream_display()}", -t.amount, t.made_on))
    for t in stream.transfers_in.select_related("source").all():
        lines.append(LedgerLine(f"← {t.source.get_stream_display()}", t.amount, t.made_on))
    return sorted(lines, key=lambda line: line.when)


def applications_for(user: AnyUser) -> QuerySet[FundingApplication]:
    """Applications the user may read, each with ``last_outcome`` (its latest decision)."""
    latest = Decision.objects.filter(application=OuterRef("pk")).order_by("-number")
    return scope_to_user(
        user,
        FundingApplication.objects.select_related(
            "case", "organisation", "item", "phase", "contested_decision__application__phase"
        ).annotate(last_outcome=Subquery(latest.values("outcome")[:1])),
    )


def applications_to_decide(user: AnyUser) -> QuerySet[FundingApplication]:
    """Waiting for a decision, oldest first."""
    return applications_for(user).filter(status=ApplicationStatus.SUBMITTED).order_by("created_at")


def decisions_for(user: AnyUser) -> QuerySet[Decision]:
    return scope_to_user(
        user,
        Decision.objects.select_related(
            "application__case", "application__organisation", "decided_by"
        ),
        "application__organisation",
    )


def invoices_to_attest(user: AnyUser) -> QuerySet[Invoice]:
    return scope_to_user(
        user,
        Invoice.objects.select_related("decision__application__case").filter(
            status=InvoiceStatus.SUBMITTED
        ),
    ).order_by("created_at")


def has_granted_integration(case_id: Any, *, exclude_application: Any = None) -> bool:
    """Whether the person has had a granted integration period (then no further funding
    without "särskilda omständigheter")."""
    qs = Decision.objects.filter(
        application__case_id=case_id,
        outcome__in=["granted", "partly_granted"],
    ).filter(
        Q(application__kind="integration_90")
        | Q(application__contested_decision__application__kind="integration_90")
    )
    if exclude_application is not None:
        qs = qs.exclude(application=exclude_application)
    return qs.exists()


def case_timeline_entries(case: Any) -> list[TimelineEntry]:
    """Entries for the case timeline (``NSP_CASE_TIMELINE_PROVIDERS``): the case's funding
    applications (when submitted; a draft by the day it was started) and decisions."""
    entries: list[TimelineEntry] = []
    for a in FundingApplication.objects.filter(case=case).order_by("created_at"):
        entries.append(
            TimelineEntry(
                a.submitted_on or timezone.localdate(a.created_at),
                str(a.get_kind_display()),
                url=reverse("funding:application_detail", args=[a.pk]),
                kind="funding_application",
            )
        )
    for d in Decision.objects.filter(application__case=case).select_related("application"):
        entries.append(
            TimelineEntry(
                d.decided_on,
                f"{d.reference}: {d.get_outcome_display()} ({d.application.get_kind_display()})",
                url=reverse("funding:decision_detail", args=[d.pk]),
                kind="funding_decision",
            )
        )
    return sorted(entries, key=lambda e: e.when)

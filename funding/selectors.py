"""Reads for funding: budget arithmetic (DB aggregates), queues, timeline entries; the
streams' ledger (Table 2) is in ``funding.ledger``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
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
from funding.choices import (
    ATTESTED_STATUSES,
    GRANTING_OUTCOMES,
    ApplicationKind,
    ApplicationStatus,
    InvoiceStatus,
    Outcome,
    Stream,
)
from funding.models import (
    BudgetPeriod,
    BudgetStream,
    BudgetTransfer,
    Decision,
    FundingApplication,
    Invoice,
    ProgrammePhase,
)
from funding.rates import nights_in, paid_nights
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
    ``drawn`` is what the decisions commit (granted, reduced by a takeover or an attested
    invoice); ``invoiced_total``, ``attested_total`` and ``paid_total`` come from the
    invoices and their payment steps — nothing counts as paid because a date passed.
    (``spent_total`` is kept for the statistics: attested, ended or taken over.)
    """
    today = timezone.localdate()
    tin = BudgetTransfer.objects.filter(target=OuterRef("pk")).annotate(_g=Value(1))
    tout = BudgetTransfer.objects.filter(source=OuterRef("pk")).annotate(_g=Value(1))
    drawn = Decision.objects.filter(stream=OuterRef("pk")).annotate(_g=Value(1))
    spent_q = Q(spent=True) | Q(granted_end__lt=today)
    invoices = Invoice.objects.filter(decision__stream=OuterRef("pk")).annotate(_g=Value(1))
    qs = BudgetStream.objects.select_related("period").annotate(
        in_total=_sum(tin, "amount"),
        out_total=_sum(tout, "amount"),
        drawn=_sum(drawn, "draw"),
        spent_total=_sum(drawn.filter(spent_q), "draw"),
        invoiced_total=_sum(invoices, "real_cost"),
        attested_total=_sum(invoices.filter(status__in=list(ATTESTED_STATUSES)), "real_cost"),
        paid_total=_sum(invoices.filter(status=InvoiceStatus.PAID), "real_cost"),
    )
    qs = qs.annotate(
        remaining=F("allocation") + F("in_total") - F("out_total") - F("drawn"),
        transfers_net=F("in_total") - F("out_total"),
    )
    if period is not None:
        qs = qs.filter(period=period)
    # Table 2's order: 30 days, 90 days, interventions, then the other costs.
    order = Case(
        When(stream=Stream.REST, then=Value(0)),
        When(stream=Stream.INTEGRATION, then=Value(1)),
        When(stream=Stream.INTERVENTIONS, then=Value(2)),
        default=Value(3),
    )
    return qs.order_by("period__starts_on", order)


def stream_remaining(stream: BudgetStream) -> Decimal:
    row = streams_with_totals().get(pk=stream.pk)
    remaining: Decimal = row.remaining  # type: ignore[attr-defined]
    return remaining


def budget_period_for(day: date) -> BudgetPeriod | None:
    return BudgetPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def current_budget_period() -> BudgetPeriod | None:
    return budget_period_for(timezone.localdate()) or BudgetPeriod.objects.first()


def budget_period_chosen(pk: str | None) -> BudgetPeriod | None:
    """The period named in the query string (a malformed or unknown one falls back to
    the current period)."""
    if pk:
        try:
            found = BudgetPeriod.objects.filter(pk=uuid.UUID(pk)).first()
        except ValueError:
            found = None
        if found is not None:
            return found
    return current_budget_period()


def phase_in_force(day: date) -> ProgrammePhase | None:
    """The programme phase whose rates apply on ``day``: the activated phase that started
    last on or before it (and has not ended). A phase activated from a later date takes
    over on that date without anyone touching it again."""
    return (
        ProgrammePhase.objects.filter(
            Q(activated_at__isnull=False) | Q(is_active=True),
            starts_on__lte=day,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on")
        .first()
    )


def phases_with_use() -> QuerySet[ProgrammePhase]:
    """All phases, newest first, each with how many applications and decisions used it."""
    return ProgrammePhase.objects.annotate(
        application_count=Count("fundingapplication", distinct=True),
        decision_count=Count("fundingapplication__decisions", distinct=True),
    ).order_by("-starts_on")


def period_in_use(period: BudgetPeriod) -> bool:
    """A period is in use once a decision draws from it or a transfer was made in it."""
    return (
        Decision.objects.filter(stream__period=period).exists()
        or BudgetTransfer.objects.filter(source__period=period).exists()
    )


def applications_for(user: AnyUser) -> QuerySet[FundingApplication]:
    """Applications the user may read, each with ``last_outcome`` (its latest decision)."""
    latest = Decision.objects.filter(application=OuterRef("pk")).order_by("-number")
    return scope_to_user(
        user,
        FundingApplication.objects.select_related("case", "organisation", "item", "phase")
        # A reconsideration's contested decision is fetched only when the page has one:
        # joining it (three more LEFT JOINs) made PostgreSQL plan ~7 ms for every list.
        .prefetch_related("contested_decision__application__phase")
        .annotate(last_outcome=Subquery(latest.values("outcome")[:1])),
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


@dataclass(frozen=True)
class RestNights:
    """A person's 30 days' rest: nights granted (paid), nights waiting in applications not
    yet decided, the maximum, and what is left (seed 002: "dock max i 30 dygn")."""

    granted: int
    pending: int
    maximum: int

    @property
    def used(self) -> int:
        return self.granted + self.pending

    @property
    def left(self) -> int:
        return max(0, self.maximum - self.used)


def in_force(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """The decisions of ``decisions`` that grant and are still in force: granted or partly
    granted, and not replaced by a granted reconsideration (which then counts in their
    place: its nights, its amount, its period)."""
    return decisions.filter(outcome__in=list(GRANTING_OUTCOMES)).exclude(
        reconsiderations__decisions__outcome__in=list(GRANTING_OUTCOMES)
    )


def is_replaced(decision: Decision) -> bool:
    """Whether a granted reconsideration replaced ``decision`` (``in_force`` for one row)."""
    return decision.reconsiderations.filter(decisions__outcome__in=list(GRANTING_OUTCOMES)).exists()


def _rest_q(prefix: str = "") -> Q:
    """A rest application, or a reconsideration of a decision on one."""
    return Q(**{f"{prefix}kind": ApplicationKind.REST}) | Q(
        **{f"{prefix}contested_decision__application__kind": ApplicationKind.REST}
    )


def rest_nights_granted(
    case: Any, *, exclude_decision: Any = None, exclude_application: Any = None
) -> int:
    """Nights of 30 days' rest granted to the person of ``case`` (all their cases, via
    ``same_person_cases``), as NSP pays them: up to a public body's takeover.

    A granted reconsideration replaces the decision it contests, so that decision's
    nights are not counted twice. ``exclude_decision``: a decision being reconsidered;
    ``exclude_application``: the application being decided.
    """
    from cases.selectors import same_person_cases

    qs = in_force(
        Decision.objects.filter(
            _rest_q("application__"),
            application__case__in=same_person_cases(case),
            granted_start__isnull=False,
            granted_end__isnull=False,
        )
    )
    if exclude_decision is not None:
        qs = qs.exclude(pk=exclude_decision)
    if exclude_application is not None:
        qs = qs.exclude(application=exclude_application)
    rows = qs.values_list("granted_start", "granted_end", "taken_over_on")
    return sum(
        (
            paid_nights(start, end, taken_over_on=taken_over)
            for start, end, taken_over in rows
            if start is not None and end is not None
        ),
        0,
    )


def rest_nights_pending(case: Any, *, exclude_application: Any = None) -> int:
    """Nights asked for in the person's rest applications still waiting for a decision.
    (A pending reconsideration is not counted: its grant is checked when it is decided.)"""
    from cases.selectors import same_person_cases

    qs = FundingApplication.objects.filter(
        case__in=same_person_cases(case),
        kind=ApplicationKind.REST,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO],
    )
    if exclude_application is not None:
        qs = qs.exclude(pk=exclude_application)
    return sum(
        nights_in(start, end)
        for start, end in qs.values_list("period_start", "period_end")
        if start and end
    )


def rest_nights(case: Any, *, maximum: int, exclude_application: Any = None) -> RestNights:
    """The person's rest nights: granted, pending and left of ``maximum``."""
    return RestNights(
        granted=rest_nights_granted(case, exclude_application=exclude_application),
        pending=rest_nights_pending(case, exclude_application=exclude_application),
        maximum=maximum,
    )


def occasion_amount_used(
    occasion: Any,
    *,
    pending: bool = True,
    exclude_application: Any = None,
    exclude_decision: Any = None,
) -> Decimal:
    """What an intervention occasion already takes of its cap ("max 5000 per person och
    tillfälle"): the draw of each granted decision on it (the real cost once attested; a
    granted reconsideration replaces the decision it contests) and, with ``pending``, the
    amount asked for in its applications still waiting for a decision."""
    granted = in_force(
        Decision.objects.filter(
            Q(application__occasion=occasion)
            | Q(application__contested_decision__application__occasion=occasion)
        )
    )
    if exclude_application is not None:
        granted = granted.exclude(application=exclude_application)
    if exclude_decision is not None:
        granted = granted.exclude(pk=exclude_decision)
    total = sum(granted.values_list("draw", flat=True), Decimal("0"))
    if pending:
        waiting = FundingApplication.objects.filter(
            occasion=occasion,
            kind=ApplicationKind.INTERVENTION,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO],
        )
        if exclude_application is not None:
            waiting = waiting.exclude(pk=exclude_application)
        total += sum(
            (q * c for q, c in waiting.values_list("quantity", "unit_cost") if q and c is not None),
            Decimal("0"),
        )
    return total


def _integration_grants(case: Any, *, exclude_application: Any = None) -> QuerySet[Decision]:
    from cases.selectors import same_person_cases

    qs = in_force(
        Decision.objects.filter(
            Q(application__kind=ApplicationKind.INTEGRATION)
            | Q(application__contested_decision__application__kind=ApplicationKind.INTEGRATION),
            application__case__in=same_person_cases(case),
            granted_start__isnull=False,
            granted_end__isnull=False,
        )
    )
    if exclude_application is not None:
        qs = qs.exclude(application=exclude_application)
    return qs


def integration_ended(case: Any, day: date, *, exclude_application: Any = None) -> bool:
    """Whether a granted integration period of the person has ended by ``day`` (its end
    date, or the day a public body took over). Seed 002: "Efter max 90 dagars integration
    kan man inte längre söka finansiering för stödinsats för samma individ om inte väldigt
    speciella omständigheter föreligger" — after the period, not during it."""
    return (
        _integration_grants(case, exclude_application=exclude_application)
        .filter(Q(granted_end__lte=day) | Q(taken_over_on__lte=day))
        .exists()
    )


def nsp_days_enjoyed(case: Any) -> int:
    """ "Klienten har sammanlagt åtnjutit … dagar" (NSP/AI/Dok.07), as far as NSP's own
    records go: the nights of rest and of integration granted to the person (up to a
    public body's takeover)."""
    rows = _integration_grants(case).values_list("granted_start", "granted_end", "taken_over_on")
    integration = sum(
        (
            paid_nights(start, end, taken_over_on=taken_over)
            for start, end, taken_over in rows
            if start is not None and end is not None
        ),
        0,
    )
    return rest_nights_granted(case) + integration


def has_in_depth_assessment(case: Any) -> bool:
    """Whether the person has a submitted in-depth needs assessment (NSP/FB/Dok.02): seed
    002, "Ansökan om en integrationsperiod ska baseras på en heltäckande behovsbedömning"."""
    from cases.choices import DocumentKind, DocumentStatus
    from cases.models import CaseDocument
    from cases.selectors import same_person_cases

    return CaseDocument.objects.filter(
        case__in=same_person_cases(case),
        kind=DocumentKind.IN_DEPTH,
        status=DocumentStatus.SUBMITTED,
    ).exists()


def case_timeline_entries(case: Any) -> list[TimelineEntry]:
    """Entries for the case timeline (``NSP_CASE_TIMELINE_PROVIDERS``): the case's
    applications and their decisions, read in one query (applications joined to
    decisions)."""
    rows = (
        FundingApplication.objects.filter(case=case)
        .order_by("created_at", "decisions__number")
        .values(
            "pk",
            "kind",
            "submitted_on",
            "decisions__pk",
            "decisions__number",
            "decisions__decided_on",
            "decisions__outcome",
        )
    )
    entries: list[TimelineEntry] = []
    seen: set[Any] = set()
    for row in rows:
        kind_label = str(ApplicationKind(row["kind"]).label)
        # An admission application is the case's own "Admission applied for" entry.
        if row["pk"] not in seen and row["kind"] != ApplicationKind.ADMISSION:
            seen.add(row["pk"])
            url = reverse("funding:application_detail", args=[row["pk"]])
            entries.append(
                TimelineEntry(row["submitted_on"], kind_label, url=url, kind="funding_application")
            )
        if row["decisions__pk"] is not None:
            reference = Decision(
                number=row["decisions__number"], decided_on=row["decisions__decided_on"]
            ).reference
            outcome = Outcome(row["decisions__outcome"]).label
            entries.append(
                TimelineEntry(
                    row["decisions__decided_on"],
                    f"{reference}: {outcome} ({kind_label})",
                    url=reverse("funding:decision_detail", args=[row["decisions__pk"]]),
                    kind="funding_decision",
                )
            )
    return sorted(entries, key=lambda e: e.when)


@dataclass(frozen=True)
class DecisionContext:
    """What the coordinator needs in view when deciding (issue 18): what the stream has
    left, the person's days of rest already granted and the case's earlier decisions."""

    stream: BudgetStream | None
    remaining: Decimal | None
    rest_days_granted: int
    earlier: list[Decision]


def decision_context(application: FundingApplication) -> DecisionContext:
    from funding.choices import STREAM_FOR_KIND

    period = budget_period_for(timezone.localdate())
    stream = (
        BudgetStream.objects.filter(
            period=period, stream=STREAM_FOR_KIND[ApplicationKind(application.effective_kind)]
        ).first()
        if period
        else None
    )
    earlier = list(
        Decision.objects.filter(application__case_id=application.case_id)
        .exclude(application=application)
        .select_related("application")
        .defer("pdf", "snapshot")
        .order_by("decided_on", "number")
    )
    rest_days = rest_nights_granted(application.case, exclude_application=application.pk)
    return DecisionContext(
        stream=stream,
        remaining=stream_remaining(stream) if stream else None,
        rest_days_granted=rest_days,
        earlier=earlier,
    )

"""Tables 1–3 of the appendix "Statistik ärendehantering" for any date range.

Every count and sum is computed by PostgreSQL (``Count``/``Sum`` with ``filter=Q``,
``cardinality``/``unnest`` for the array columns); Python only arranges the rows. The
date range is inclusive at both ends. Percentages are of the admitted individuals,
rounded half up to whole per cent (3 of 7 → 43 %), as in the seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Case as When_,
)
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.choices import CaseStatus, ChildLocation, Gender, TraffickingType
from cases.models import Case, Inquiry
from funding.choices import ApplicationKind, ApplicationStatus, Outcome, Stream
from funding.models import BudgetPeriod, Decision, FundingApplication
from funding.selectors import stream_ledger, streams_with_totals


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


def percent(part: int, whole: int) -> int | None:
    """Whole per cent, rounded half up (never banker's rounding); None when nothing to divide."""
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), ROUND_HALF_UP))


# --- Table 1 -----------------------------------------------------------------------


@dataclass
class Table1Row:
    key: str
    label: StrOrPromise
    received: int
    granted: int | None = None
    partly: int | None = None
    denied: int | None = None
    pending: int | None = None
    more_info: int | None = None
    notes: list[str] = field(default_factory=list)


TABLE1_KINDS: list[tuple[str, StrOrPromise]] = [
    (ApplicationKind.REST, _("Applications for max 30 days' rest")),
    (ApplicationKind.INTEGRATION, _("Applications for max 90 days' integration")),
    (ApplicationKind.INTERVENTION, _("Applications for an intervention")),
]


def _latest_outcome() -> Subquery:
    return Subquery(
        Decision.objects.filter(application=OuterRef("pk"))
        .order_by("-number")
        .values("outcome")[:1]
    )


def applications_in(period: DateRange) -> QuerySet[FundingApplication]:
    """Applications received in the range, with the kind they concern (a reconsideration
    counts under the contested decision's kind) and their latest outcome."""
    return (
        FundingApplication.objects.filter(submitted_on__range=(period.start, period.end))
        .annotate(
            stat_kind=When_(
                When(
                    kind=ApplicationKind.RECONSIDERATION,
                    then=F("contested_decision__application__kind"),
                ),
                default=F("kind"),
                output_field=CharField(),
            ),
            last_outcome=_latest_outcome(),
        )
        .order_by()
    )


def _outcome_counts() -> dict[str, Any]:
    decided = Q(status=ApplicationStatus.DECIDED)
    return {
        "received": Count("pk"),
        "granted": Count(
            "pk", filter=decided & Q(last_outcome__in=[Outcome.GRANTED, Outcome.PARTLY_GRANTED])
        ),
        "partly": Count("pk", filter=decided & Q(last_outcome=Outcome.PARTLY_GRANTED)),
        "denied": Count("pk", filter=decided & Q(last_outcome=Outcome.DENIED)),
        "pending": Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        "more_info": Count("pk", filter=Q(status=ApplicationStatus.MORE_INFO)),
    }


def _application_notes(qs: QuerySet[FundingApplication], kind: str) -> list[str]:
    """One line per application: case number, what, outcome (no personal data)."""
    notes = []
    labels = dict(Outcome.choices)
    status_labels = dict(ApplicationStatus.choices)
    rows = (
        qs.filter(stat_kind=kind)  # type: ignore[misc]
        .values(
            "case__case_number",
            "item__name",
            "quantity",
            "days_applied",
            "period_start",
            "period_end",
            "status",
        )
        .annotate(o=F("last_outcome"))
        .order_by("submitted_on", "created_at")
    )
    for row in rows:  # a listing of notes, not a count
        what = ""
        if row["item__name"]:
            what = f" {row['item__name']} x {row['quantity']}"
        elif row["days_applied"]:
            what = f" {row['days_applied']} d"
        elif row["period_start"] and row["period_end"]:
            what = f" {row['period_start']} – {row['period_end']}"
        if row["status"] == ApplicationStatus.DECIDED and row["o"]:
            state = str(labels.get(row["o"], row["o"]))
        else:
            state = str(status_labels.get(row["status"], row["status"]))
        notes.append(f"{row['case__case_number'] or '—'}:{what} – {state}")
    return notes


def table1(period: DateRange, *, notes: bool = True) -> list[Table1Row]:
    """Inquiries, admission applications and the three kinds of funding application."""
    inq = Inquiry.objects.filter(received_on__range=(period.start, period.end)).aggregate(
        received=Count("pk"), without_case=Count("pk", filter=Q(case__isnull=True))
    )
    inquiry_row = Table1Row(
        "inquiries", _("Inquiries about a specific individual"), inq["received"]
    )
    if notes and inq["without_case"]:
        inquiry_row.notes.append(
            str(_("%(n)s inquiries did not lead to an application.") % {"n": inq["without_case"]})
        )

    admitted_states = [CaseStatus.ADMITTED, CaseStatus.CLOSED]
    adm = Case.objects.filter(applied_on__range=(period.start, period.end)).aggregate(
        received=Count("pk"),
        granted=Count("pk", filter=Q(status__in=admitted_states)),
        denied=Count("pk", filter=Q(status=CaseStatus.REFUSED)),
        pending=Count("pk", filter=Q(status=CaseStatus.APPLIED)),
    )
    admission_row = Table1Row("admission", _("Applications for admission"), **adm)
    if notes:
        numbers = (
            Case.objects.filter(
                applied_on__range=(period.start, period.end), status__in=admitted_states
            )
            .order_by("number")
            .values_list("case_number", flat=True)
        )
        if numbers:
            admission_row.notes.append(
                str(_("Admitted: %(numbers)s") % {"numbers": ", ".join(n for n in numbers if n)})
            )

    qs = applications_in(period)
    counts = {
        row["stat_kind"]: row
        for row in qs.values("stat_kind").annotate(**_outcome_counts()).order_by()  # type: ignore[misc]
    }
    rows = [inquiry_row, admission_row]
    for kind, label in TABLE1_KINDS:
        c = counts.get(kind, {})
        row = Table1Row(
            kind,
            label,
            received=c.get("received", 0),
            granted=c.get("granted", 0),
            partly=c.get("partly", 0),
            denied=c.get("denied", 0),
            pending=c.get("pending", 0),
            more_info=c.get("more_info", 0),
        )
        if notes:
            row.notes = _application_notes(qs, kind)
        rows.append(row)
    return rows


# --- Table 2 -----------------------------------------------------------------------


@dataclass
class Table2Stream:
    stream: str
    label: StrOrPromise
    period: str
    allocation: Decimal
    transfers_in: Decimal
    transfers_out: Decimal
    drawn: Decimal
    remaining: Decimal
    lines: list[Any] = field(default_factory=list)


@dataclass
class Table2:
    streams: list[Table2Stream]
    totals: dict[str, Decimal]


def budget_periods_in(period: DateRange) -> QuerySet[BudgetPeriod]:
    return BudgetPeriod.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start)


def table2(period: DateRange) -> Table2:
    """Per budget stream of the budget periods overlapping the range: allocation, each draw
    by case number and each transfer (``funding.selectors.stream_ledger``), remaining.
    The arithmetic is ``funding.selectors.streams_with_totals`` — one definition of
    "remaining" for the whole project."""
    qs = streams_with_totals().filter(
        period__starts_on__lte=period.end, period__ends_on__gte=period.start
    )
    order = {value: i for i, value in enumerate(Stream.values)}
    streams = [
        Table2Stream(
            stream=s.stream,
            label=Stream(s.stream).label,
            period=s.period.name,
            allocation=s.allocation,
            transfers_in=s.in_total,  # type: ignore[attr-defined]
            transfers_out=s.out_total,  # type: ignore[attr-defined]
            drawn=s.drawn,  # type: ignore[attr-defined]
            remaining=s.remaining,  # type: ignore[attr-defined]
            lines=stream_ledger(s),
        )
        for s in sorted(qs, key=lambda s: (s.period.starts_on, order.get(s.stream, 9)))
    ]
    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(Decimal("0"), output_field=money)
    # Aggregate names must differ from the annotations they sum (Django resolves them first).
    fields = ["allocation", "in_total", "out_total", "drawn", "remaining"]
    agg = qs.aggregate(**{f"sum_{f}": Coalesce(Sum(f), zero) for f in fields})
    names = ["allocation", "transfers_in", "transfers_out", "drawn", "remaining"]
    totals = {name: agg[f"sum_{f}"] for name, f in zip(names, fields, strict=True)}
    return Table2(streams=streams, totals=totals)


# --- Table 3 -----------------------------------------------------------------------

AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("18–25", 18, 25),
    ("26–30", 26, 30),
    ("31–35", 31, 35),
    ("36–45", 36, 45),
    ("46+", 46, None),
]
UNDER_18 = "<18"


@dataclass
class Table3Line:
    label: StrOrPromise
    count: int
    percent: int | None


@dataclass
class Table3Section:
    key: str
    label: StrOrPromise
    lines: list[Table3Line]


@dataclass
class Table3:
    total: int
    sections: list[Table3Section]


def admitted_in(period: DateRange) -> QuerySet[Case]:
    """The individuals admitted in the range (admission date inclusive at both ends)."""
    return Case.objects.filter(
        admitted_on__range=(period.start, period.end),
        status__in=[CaseStatus.ADMITTED, CaseStatus.CLOSED],
    ).order_by()


def _age() -> ExpressionWrapper[Any]:
    """Age at admission, from the birth year (all we know): admission year − birth year."""
    return ExpressionWrapper(
        ExtractYear("admitted_on") - F("birth_year"), output_field=IntegerField()
    )


def _age_band() -> When_:
    whens = [When(age__lt=18, then=Value(UNDER_18))]
    for label, low, high in AGE_BANDS:
        cond = Q(age__gte=low) if high is None else Q(age__gte=low, age__lte=high)
        whens.append(When(cond, then=Value(label)))
    return When_(*whens, output_field=CharField())


def _cardinality(column: str) -> Func:
    return Func(F(column), function="cardinality", output_field=IntegerField())


def _countries(qs: QuerySet[Case]) -> list[tuple[str, int]]:
    """Individuals per country of exploitation (one person can count for several)."""
    inner, params = qs.values("pk", "exploitation_countries").query.sql_with_params()
    sql = (
        "SELECT c.country, COUNT(DISTINCT t.id) AS n FROM ("  # noqa: S608 — inner is ORM SQL
        + inner
        + ") t(id, countries) CROSS JOIN LATERAL unnest(t.countries) AS c(country) "
        "GROUP BY c.country ORDER BY n DESC, c.country"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(str(country), int(n)) for country, n in cursor.fetchall()]


def table3(period: DateRange) -> Table3:
    qs = admitted_in(period)
    agg = qs.aggregate(
        total=Count("pk", distinct=True),
        with_child=Count(
            "pk", distinct=True, filter=Q(children__location=ChildLocation.WITH_PARENT)
        ),
        child_home=Count(
            "pk", distinct=True, filter=Q(children__location=ChildLocation.HOME_COUNTRY)
        ),
    )
    flags = qs.annotate(n_types=_cardinality("trafficking_types")).aggregate(
        police=Count("pk", filter=Q(police_report_made=True)),
        multiple=Count("pk", filter=Q(n_types__gt=1)),
        not_stated=Count("pk", filter=Q(n_types=0)),
    )
    total: int = agg["total"]

    def line(label: StrOrPromise, n: int) -> Table3Line:
        return Table3Line(label, n, percent(n, total))

    nationality = [
        line(row["nationality"] or _("Not stated"), row["n"])
        for row in qs.values("nationality").annotate(n=Count("pk")).order_by("-n", "nationality")
    ]
    genders = dict(Gender.choices)
    gender = [
        line(genders.get(row["gender"], row["gender"]), row["n"])
        for row in qs.values("gender").annotate(n=Count("pk")).order_by("-n", "gender")
    ]
    bands = dict(
        qs.annotate(age=_age())
        .annotate(band=_age_band())
        .values("band")
        .annotate(n=Count("pk"))
        .values_list("band", "n")
    )
    band_labels = ([UNDER_18] if bands.get(UNDER_18) else []) + [b[0] for b in AGE_BANDS]
    age = [line(label, bands.get(label, 0)) for label in band_labels]
    children = [
        line(_("Accompanying"), agg["with_child"]),
        line(_("In the home country"), agg["child_home"]),
    ]
    type_labels = dict(TraffickingType.choices)
    single = _single_types(qs)
    trafficking = [line(type_labels[t], single.get(t, 0)) for t in TraffickingType.values]
    trafficking.append(line(_("Multiple"), flags["multiple"]))
    if flags["not_stated"]:
        trafficking.append(line(_("Not stated"), flags["not_stated"]))
    countries = [line(c, n) for c, n in _countries(qs)]
    police = [line(_("Police report made"), flags["police"])]
    sections = [
        Table3Section("nationality", _("Nationality"), nationality),
        Table3Section("gender", _("Gender"), gender),
        Table3Section("age", _("Age at admission"), age),
        Table3Section("children", _("Children"), children),
        Table3Section("trafficking", _("Type of trafficking"), trafficking),
        Table3Section("countries", _("Exploited in country"), countries),
        Table3Section("police", _("Police report made"), police),
    ]
    return Table3(total=total, sections=sections)


def _single_types(qs: QuerySet[Case]) -> dict[str, int]:
    """Individuals with exactly one type of trafficking, per type (``trafficking_types[1]``)."""
    rows = (
        qs.annotate(n_types=_cardinality("trafficking_types"))
        .filter(n_types=1)
        .values("trafficking_types__0")
        .annotate(n=Count("pk"))
        .values_list("trafficking_types__0", "n")
    )
    return {str(t): int(n) for t, n in rows}


@dataclass
class Statistics:
    period: DateRange
    table1: list[Table1Row]
    table2: Table2
    table3: Table3


def statistics(period: DateRange, *, notes: bool = True) -> Statistics:
    return Statistics(period, table1(period, notes=notes), table2(period), table3(period))

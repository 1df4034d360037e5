"""Tables 1–3 of the appendix "Statistik ärendehantering" for any date range.

Every count and sum is computed by PostgreSQL (``Count``/``Sum`` with ``filter=Q``,
``cardinality``/``unnest`` for the array columns); Python only arranges the rows. The
date range is inclusive at both ends. Percentages are of the admitted individuals,
rounded half up to whole per cent (3 of 7 → 43 %), as in the seed.

The three tables take five queries whatever the data size, notes or not: inquiries; one
pass over the cases (admission applications and the admitted individuals' flags,
``case_counts``); the funding applications grouped by kind (their notes aggregated in the
same query); the budget streams with totals and ledgers; and Table 3's distributions
(``GROUPING SETS`` over the admitted individuals, with the countries of exploitation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Case as When_,
)
from django.db.models import (
    CharField,
    Count,
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
    Window,
)
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.choices import CaseStatus, ChildLocation, Gender, TraffickingType
from cases.models import Case, Child, Inquiry
from funding.choices import ApplicationKind, ApplicationStatus, Outcome, Stream
from funding.models import BudgetPeriod, Decision, FundingApplication
from funding.selectors import ledger_lines, streams_with_totals, with_ledger


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
            # A subquery, not a join: PostgreSQL evaluates it only for reconsiderations,
            # where joining hashed every decision and application for every report.
            stat_kind=When_(
                When(
                    kind=ApplicationKind.RECONSIDERATION,
                    then=Subquery(
                        Decision.objects.filter(pk=OuterRef("contested_decision_id")).values(
                            "application__kind"
                        )[:1]
                    ),
                ),
                default=F("kind"),
                output_field=CharField(),
            ),
            last_outcome=_latest_outcome(),
        )
        .order_by()
    )


def _applications_per_kind(period: DateRange, *, notes: bool) -> dict[str, dict[str, Any]]:
    """Table 1's counts per kind (and with ``notes`` the first ``NOTES_LIMIT`` notes) in
    one query. The ORM builds the rows (kind, status, latest outcome read once per
    application); the counting around them is SQL, because the ORM would repeat the
    latest-outcome subquery in every ``FILTER`` (four lookups per application)."""
    inner = applications_in(period).values(  # type: ignore[misc]
        "stat_kind",
        "status",
        "last_outcome",
        "submitted_on",
        "created_at",
        "quantity",
        "days_applied",
        "period_start",
        "period_end",
        case_number=F("case__case_number"),
        item_name=F("item__name"),
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    note = (
        ", (array_agg(json_build_object('case_number', case_number, 'item', item_name, "
        "'quantity', quantity, 'days_applied', days_applied, 'period_start', period_start, "
        "'period_end', period_end, 'status', status, 'outcome', last_outcome) "
        f"ORDER BY submitted_on, created_at))[1:{NOTES_LIMIT}]"
        if notes
        else ", NULL"
    )
    decided = "status = %(decided)s"
    sql = (
        "SELECT stat_kind, count(*), "  # noqa: S608 (built from the ORM's SQL and constants)
        f"count(*) FILTER (WHERE {decided} AND last_outcome IN (%(granted)s, %(partly)s)), "
        f"count(*) FILTER (WHERE {decided} AND last_outcome = %(partly)s), "
        f"count(*) FILTER (WHERE {decided} AND last_outcome = %(denied)s), "
        "count(*) FILTER (WHERE status = %(submitted)s), "
        f"count(*) FILTER (WHERE status = %(more_info)s){note} "
        "FROM applications GROUP BY stat_kind"
    )
    constants = {
        "decided": ApplicationStatus.DECIDED.value,
        "submitted": ApplicationStatus.SUBMITTED.value,
        "more_info": ApplicationStatus.MORE_INFO.value,
        "granted": Outcome.GRANTED.value,
        "partly": Outcome.PARTLY_GRANTED.value,
        "denied": Outcome.DENIED.value,
    }
    # The inner query's placeholders are positional: quote the constants into the outer
    # part instead (our own choice values, plain identifiers, never user input).
    assert all(v.replace("_", "").isalnum() for v in constants.values())
    outer = sql % {k: f"'{v}'" for k, v in constants.items()}
    with connection.cursor() as cursor:
        # MATERIALIZED: the rows (and each one's latest outcome) are computed once; as a
        # plain subquery PostgreSQL inlined it and ran the outcome lookup in every FILTER.
        cursor.execute(
            f"WITH applications AS MATERIALIZED ({inner_sql}) {outer}",
            inner_params,
        )
        result = cursor.fetchall()
    names = ("received", "granted", "partly", "denied", "pending", "more_info", "rows")
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in result}


# Notes list at most this many applications (or case numbers) per row, then say how many
# more: over a year of a national programme a full listing would be megabytes of page.
NOTES_LIMIT = 50


def _first(aggregate: Any, base: Any) -> Func:
    """The first ``NOTES_LIMIT`` elements of an array aggregate (a PostgreSQL slice)."""
    return Func(
        aggregate,
        template=f"(%(expressions)s)[1:{NOTES_LIMIT}]",
        output_field=ArrayField(base),
    )


def _and_more(notes: list[str], more: int) -> None:
    if more > 0:
        notes.append(str(_("… and %(n)s more.") % {"n": more}))


def _application_notes(rows: list[dict[str, Any]]) -> list[str]:
    """One line per application: case number, what, outcome (no personal data)."""
    notes = []
    labels = dict(Outcome.choices)
    status_labels = dict(ApplicationStatus.choices)
    for row in rows:  # a listing of notes, not a count
        what = ""
        if row["item"]:
            what = f" {row['item']} x {row['quantity']}"
        elif row["days_applied"]:
            what = f" {row['days_applied']} d"
        elif row["period_start"] and row["period_end"]:  # ISO dates, as str(date) writes them
            what = f" {row['period_start']} – {row['period_end']}"
        if row["status"] == ApplicationStatus.DECIDED and row["outcome"]:
            state = str(labels.get(row["outcome"], row["outcome"]))
        else:
            state = str(status_labels.get(row["status"], row["status"]))
        notes.append(f"{row['case_number'] or '—'}:{what} – {state}")
    return notes


ADMITTED_STATES = [CaseStatus.ADMITTED, CaseStatus.CLOSED]


def case_counts(
    period: DateRange, *, admission: bool = True, admitted: bool = True, notes: bool = False
) -> dict[str, Any]:
    """One pass over the cases for Table 1's admission applications (``adm_*``, by the
    application date; with ``notes`` the admitted ones' case numbers) and Table 3's flags
    of the individuals admitted in the range (by the admission date)."""
    applied = Q(applied_on__range=(period.start, period.end))
    admitted_q = Q(admitted_on__range=(period.start, period.end), status__in=ADMITTED_STATES)
    aggregates: dict[str, Any] = {}
    if admission:
        aggregates.update(
            adm_received=Count("pk", filter=applied),
            adm_granted=Count("pk", filter=applied & Q(status__in=ADMITTED_STATES)),
            adm_denied=Count("pk", filter=applied & Q(status=CaseStatus.REFUSED)),
            adm_pending=Count("pk", filter=applied & Q(status=CaseStatus.APPLIED)),
        )
        if notes:
            aggregates["adm_numbers"] = _first(
                ArrayAgg(
                    "case_number", filter=applied & Q(status__in=ADMITTED_STATES), order_by="number"
                ),
                CharField(),
            )
    if admitted:

        def has_child(location: str) -> Q:
            # ``IN`` (hashed once) rather than ``EXISTS`` (a lookup per case): same count.
            return Q(pk__in=Child.objects.filter(location=location).values("case_id"))

        aggregates.update(
            total=Count("pk", filter=admitted_q),
            police=Count("pk", filter=admitted_q & Q(police_report_made=True)),
            multiple=Count("pk", filter=admitted_q & Q(n_types__gt=1)),
            not_stated=Count("pk", filter=admitted_q & Q(n_types=0)),
            with_child=Count("pk", filter=admitted_q & has_child(ChildLocation.WITH_PARENT)),
            child_home=Count("pk", filter=admitted_q & has_child(ChildLocation.HOME_COUNTRY)),
        )
    where = Q()
    for condition, wanted in ((applied, admission), (admitted_q, admitted)):
        if wanted:
            where |= condition
    return (
        Case.objects.filter(where)
        .annotate(n_types=_cardinality("trafficking_types"))
        .order_by()
        .aggregate(**aggregates)
    )


def table1(
    period: DateRange, *, notes: bool = True, cases: dict[str, Any] | None = None
) -> list[Table1Row]:
    """Inquiries, admission applications and the three kinds of funding application
    (``cases``: ``case_counts`` already read, with ``admission`` and the same ``notes``)."""
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

    adm = case_counts(period, admitted=False, notes=notes) if cases is None else cases
    admission_row = Table1Row(
        "admission",
        _("Applications for admission"),
        received=adm["adm_received"],
        granted=adm["adm_granted"],
        denied=adm["adm_denied"],
        pending=adm["adm_pending"],
    )
    if notes and adm.get("adm_numbers"):
        numbers = ", ".join(adm["adm_numbers"])
        admission_row.notes.append(str(_("Admitted: %(numbers)s") % {"numbers": numbers}))
        _and_more(admission_row.notes, adm["adm_granted"] - len(adm["adm_numbers"]))

    counts = _applications_per_kind(period, notes=notes)
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
            row.notes = _application_notes(c.get("rows") or [])
            _and_more(row.notes, row.received - len(row.notes))
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
    by case number and each transfer (``funding.selectors.with_ledger``), remaining, and
    the totals over the streams (window sums) — all in one query. The arithmetic is
    ``funding.selectors.streams_with_totals`` — one definition of "remaining" for the whole
    project."""
    qs = streams_with_totals().filter(
        period__starts_on__lte=period.end, period__ends_on__gte=period.start
    )
    fields = ["allocation", "in_total", "out_total", "drawn", "remaining"]
    # Window names must differ from the annotations they sum.
    qs = with_ledger(qs).annotate(**{f"sum_{f}": Window(Sum(f)) for f in fields})
    order = {value: i for i, value in enumerate(Stream.values)}
    rows = sorted(qs, key=lambda s: (s.period.starts_on, order.get(s.stream, 9)))
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
            lines=ledger_lines(s),
        )
        for s in rows
    ]
    names = ["allocation", "transfers_in", "transfers_out", "drawn", "remaining"]
    totals = {
        name: getattr(rows[0], f"sum_{f}") if rows else Decimal("0")
        for name, f in zip(names, fields, strict=True)
    }
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
    """Age at admission, from the birth year (all we know): admission year − birth year
    (in integers: PostgreSQL's ``EXTRACT`` gives a slower ``numeric``)."""
    return ExpressionWrapper(
        Cast(ExtractYear("admitted_on"), IntegerField()) - F("birth_year"),
        output_field=IntegerField(),
    )


def _age_band() -> When_:
    """The band of ``age``. The bands are contiguous and tried in order, so each needs only
    its upper bound (the age is computed once per band tried, not twice)."""
    whens = [When(age__lt=18, then=Value(UNDER_18))]
    for label, low, high in AGE_BANDS:
        cond = Q(age__gte=low) if high is None else Q(age__lte=high)
        whens.append(When(cond, then=Value(label)))
    return When_(*whens, output_field=CharField())


def _cardinality(column: str) -> Func:
    return Func(F(column), function="cardinality", output_field=IntegerField())


def _distributions(period: DateRange) -> dict[str, list[tuple[str | None, int]]]:
    """Admitted individuals per nationality, gender, age band, single type of trafficking
    (``trafficking_types[1]`` of those with exactly one) and country of exploitation (one
    person can count for several, and once however often a country is listed), each
    ``(value, n)`` by n descending, then value.

    One statement: the ORM defines the individuals and each one's values; the grouping is
    raw SQL only because the ORM has neither ``GROUPING SETS`` nor ``unnest``."""
    qs = (
        admitted_in(period)
        .alias(age=_age(), n_types=_cardinality("trafficking_types"))
        .annotate(
            band=_age_band(),
            single_type=When_(
                When(Q(n_types=1), then=F("trafficking_types__0")), output_field=CharField()
            ),
        )
        .values("nationality", "gender", "band", "single_type")
    )
    inner, params = qs.query.sql_with_params()
    countries = admitted_in(period).values("exploitation_countries")
    inner_countries, countries_params = countries.query.sql_with_params()
    dims = ["nationality", "gender", "band", "single_type"]
    which = " ".join(f"WHEN GROUPING({d}) = 0 THEN '{d}'" for d in dims)
    value = " ".join(f"WHEN GROUPING({d}) = 0 THEN {d}" for d in dims)
    sets = ", ".join(f"({d})" for d in dims)
    # The inner queries are ORM SQL with their parameters; the rest are constants.
    sql = (
        f"SELECT CASE {which} END AS dim, CASE {value} END AS value, COUNT(*) AS n "  # noqa: S608
        f"FROM ({inner}) a GROUP BY GROUPING SETS ({sets}) "
        f"UNION ALL SELECT 'countries', c.country, COUNT(*) FROM ({inner_countries}) a "
        "CROSS JOIN LATERAL (SELECT DISTINCT unnest(a.exploitation_countries)) AS c(country) "
        "GROUP BY c.country ORDER BY dim, n DESC, value"
    )
    result: dict[str, list[tuple[str | None, int]]] = {d: [] for d in [*dims, "countries"]}
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *countries_params))
        for dim, val, n in cursor.fetchall():
            result[dim].append((val, int(n)))
    return result


def table3(period: DateRange, *, cases: dict[str, Any] | None = None) -> Table3:
    """Background of the individuals admitted in the range (``cases``: ``case_counts``
    already read, with ``admitted``)."""
    flags = case_counts(period, admission=False) if cases is None else cases
    dist = _distributions(period)
    total: int = flags["total"]

    def line(label: StrOrPromise, n: int) -> Table3Line:
        return Table3Line(label, n, percent(n, total))

    nationality = [line(value or _("Not stated"), n) for value, n in dist["nationality"]]
    genders = dict(Gender.choices)
    gender = [line(genders.get(value or "", value or ""), n) for value, n in dist["gender"]]
    bands = dict(dist["band"])
    band_labels = ([UNDER_18] if bands.get(UNDER_18) else []) + [b[0] for b in AGE_BANDS]
    age = [line(label, bands.get(label, 0)) for label in band_labels]
    children = [
        line(_("Accompanying"), flags["with_child"]),
        line(_("In the home country"), flags["child_home"]),
    ]
    type_labels = dict(TraffickingType.choices)
    single = {value: n for value, n in dist["single_type"] if value is not None}
    trafficking = [line(type_labels[t], single.get(t, 0)) for t in TraffickingType.values]
    trafficking.append(line(_("Multiple"), flags["multiple"]))
    if flags["not_stated"]:
        trafficking.append(line(_("Not stated"), flags["not_stated"]))
    countries = [line(str(c), n) for c, n in dist["countries"]]
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


@dataclass
class Statistics:
    period: DateRange
    table1: list[Table1Row]
    table2: Table2
    table3: Table3


def statistics(period: DateRange, *, notes: bool = True) -> Statistics:
    """Tables 1–3 in five queries (the cases are read once for Tables 1 and 3)."""
    cases = case_counts(period, notes=notes)
    return Statistics(
        period,
        table1(period, notes=notes, cases=cases),
        table2(period),
        table3(period, cases=cases),
    )

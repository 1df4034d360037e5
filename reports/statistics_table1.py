"""Table 1: inquiries, admission applications and the funding applications per kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.models import Inquiry
from funding.choices import ApplicationKind, ApplicationStatus, Outcome
from funding.models import Decision, FundingApplication
from reports import statistics_common as common
from reports.models import StatisticsNote
from reports.statistics_common import DateRange, case_counts

# A count, or ``suppression.MARK`` once suppressed for publication (``reports.publication``).
Cell = int | str | None

# The status of an application the actor withdrew (funding.choices.ApplicationStatus has it
# once the withdrawal lands; the literal keeps Table 1 right before and after).
WITHDRAWN = "withdrawn"

COLUMNS = ("received", "granted", "partly", "denied", "pending", "more_info", "withdrawn")


@dataclass
class Table1Row:
    key: str
    label: StrOrPromise
    received: Cell
    granted: Cell = None
    partly: Cell = None
    denied: Cell = None
    pending: Cell = None
    more_info: Cell = None
    withdrawn: Cell = None
    notes: list[str] = field(default_factory=list)
    # The coordinator's own "Beslutsunderlag" for the row (reports.models.StatisticsNote).
    written: str = ""
    sub: bool = False  # a "varav" line under the row above


TABLE1_KINDS: list[tuple[str, StrOrPromise]] = [
    (ApplicationKind.REST, _("Applications for max 30 days' rest")),
    (ApplicationKind.INTEGRATION, _("Applications for max 90 days' integration")),
    (ApplicationKind.INTERVENTION, _("Applications for an intervention")),
    (ApplicationKind.RECONSIDERATION, _("Requests for reconsideration")),
]


def _latest_outcome() -> Subquery:
    return Subquery(
        Decision.objects.filter(application=OuterRef("pk"))
        .order_by("-number")
        .values("outcome")[:1]
    )


def applications_in(period: DateRange) -> QuerySet[FundingApplication]:
    """Applications received in the range with their latest outcome. A reconsideration is
    its own line (seed 002, Tabell 1 counts applications received: a request to
    reconsider a decision is not another application for the same support)."""
    return (
        FundingApplication.objects.filter(submitted_on__range=(period.start, period.end))
        .annotate(stat_kind=F("kind"), last_outcome=_latest_outcome())
        .order_by()
    )


def _applications_per_kind(period: DateRange, *, notes: bool) -> dict[str, dict[str, Any]]:
    """Table 1's counts per kind (and with ``notes`` the first ``common.NOTES_LIMIT`` notes) in
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
        f"ORDER BY submitted_on, created_at))[1:{common.NOTES_LIMIT}]"
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
        "count(*) FILTER (WHERE status = %(more_info)s), "
        f"count(*) FILTER (WHERE status = %(withdrawn)s){note} "
        "FROM applications GROUP BY stat_kind"
    )
    constants = {
        "decided": ApplicationStatus.DECIDED.value,
        "submitted": ApplicationStatus.SUBMITTED.value,
        "more_info": ApplicationStatus.MORE_INFO.value,
        "withdrawn": WITHDRAWN,
        "granted": Outcome.GRANTED.value,
        "partly": Outcome.PARTLY_GRANTED.value,
        "denied": Outcome.DENIED.value,
    }
    # The inner query's placeholders are positional: quote the constants into the outer
    # part instead (our own choice values, plain identifiers, never user input).
    assert all(v.replace("_", "").isalnum() for v in constants.values())
    outer = sql % {k: f"'{v}'" for k, v in constants.items()}
    # The coordinator's "Beslutsunderlag" of the period rides along as extra rows (keyed
    # ``written:<row>``) rather than costing the page a query of its own.
    written_sql, written_params = (
        StatisticsNote.objects.filter(start=period.start, end=period.end)
        .values("row", "text")
        .query.sql_with_params()
    )
    zeros = ", ".join(["0"] * len(COLUMNS))
    union = (
        f" UNION ALL SELECT 'written:' || w.row, {zeros}, "  # noqa: S608 (ORM SQL + constants)
        f"ARRAY[json_build_object('text', w.text)] FROM ({written_sql}) w"
    )
    with connection.cursor() as cursor:
        # MATERIALIZED: the rows (and each one's latest outcome) are computed once; as a
        # plain subquery PostgreSQL inlined it and ran the outcome lookup in every FILTER.
        cursor.execute(
            f"WITH applications AS MATERIALIZED ({inner_sql}) {outer}{union}",
            (*inner_params, *written_params),
        )
        result = cursor.fetchall()
    names = (*COLUMNS, "rows")
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in result}


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


def table1(
    period: DateRange, *, notes: bool = True, cases: dict[str, Any] | None = None
) -> list[Table1Row]:
    """Inquiries, admission applications (split into "redan på boende" and "nya ärenden"),
    the three kinds of funding application and the reconsiderations (``cases``:
    ``case_counts`` already read with the same ``notes``)."""
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

    adm = case_counts(period, notes=notes) if cases is None else cases
    admission_row = Table1Row(
        "admission",
        _("Applications for admission"),
        received=adm["adm_received"],
        granted=adm["adm_granted"],
        denied=adm["adm_denied"],
        pending=adm["adm_pending"],
        withdrawn=adm["adm_withdrawn"],
    )
    if notes and adm.get("adm_numbers"):
        numbers = ", ".join(adm["adm_numbers"])
        admission_row.notes.append(str(_("Admitted: %(numbers)s") % {"numbers": numbers}))
        _and_more(admission_row.notes, adm["adm_granted"] - len(adm["adm_numbers"]))
    rows = [inquiry_row, admission_row]
    # Seed 002, Tabell 1: "Antal som redan fanns på boende: 5 … Antal nya ärenden som inkom
    # under perioden: 2" — from the initial assessment; unanswered ones on a line of their own.
    unstated = adm["adm_received"] - adm["adm_housed"] - adm["adm_new"]
    housed = _("of which already at an accommodation")
    rows.append(Table1Row("admission_housed", housed, adm["adm_housed"], sub=True))
    rows.append(Table1Row("admission_new", _("of which new cases"), adm["adm_new"], sub=True))
    if unstated:
        rows.append(Table1Row("admission_unstated", _("of which not stated"), unstated, sub=True))

    counts = _applications_per_kind(period, notes=notes)
    for kind, label in TABLE1_KINDS:
        c = counts.get(kind, {})
        row = Table1Row(kind, label, **{column: c.get(column, 0) for column in COLUMNS})
        if notes:
            row.notes = _application_notes(c.get("rows") or [])
            _and_more(row.notes, c.get("received", 0) - len(row.notes))
        rows.append(row)
    for row in rows:
        written = counts.get(f"written:{row.key}")
        row.written = written["rows"][0]["text"] if written else ""
    return rows

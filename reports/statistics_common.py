"""What Tables 1–3 share: the date range, percentages, the notes' limit and the one
pass over the cases (``case_counts``) that Tables 1 and 3 both read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
)

from cases.choices import CaseStatus, ChildLocation
from cases.models import Case, Child


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


def cardinality(column: str) -> Func:
    return Func(F(column), function="cardinality", output_field=IntegerField())


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
        .annotate(n_types=cardinality("trafficking_types"))
        .order_by()
        .aggregate(**aggregates)
    )

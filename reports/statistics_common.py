"""What Tables 1–3 share: the date range, percentages, the notes' limit and the one
pass over the admission applications (``case_counts``) that Tables 1 and 3 both read."""

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
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
)

from cases.choices import CaseStatus, ChildLocation, DocumentKind, DocumentStatus
from cases.models import Case, CaseDocument, Child


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

# The answer of the initial assessment (NSP/IB/Dok.01) that splits Table 1's admission
# applications into "redan på boende" and "nya ärenden" (docs/RULES.md, Statistics).
ALREADY_HOUSED_QUESTION = "already_in_programme"


def applied_in(period: DateRange) -> Q:
    """The admission applications received in the range: the cases whose application
    (initial assessment) was submitted in it. Table 1's admission row and all of Table 3
    count exactly these ("de individer som ansökningarna gäller")."""
    return Q(applied_on__range=(period.start, period.end)) & ~Q(status=CaseStatus.DRAFT)


def admitted_q() -> Q:
    return Q(status__in=ADMITTED_STATES, admitted_on__isnull=False)


def _initial_answer(value: str) -> Exists:
    return Exists(
        CaseDocument.objects.filter(
            case=OuterRef("pk"),
            kind=DocumentKind.INITIAL,
            status=DocumentStatus.SUBMITTED,
            **{f"answers__{ALREADY_HOUSED_QUESTION}": value},
        )
    )


def case_counts(period: DateRange, *, notes: bool = False) -> dict[str, Any]:
    """One pass over the admission applications received in the range: Table 1's
    admission row (``adm_*``; with ``notes`` the admitted ones' case numbers) and Table 3's
    flags of the same individuals."""

    def has_child(location: str) -> Q:
        # ``IN`` (hashed once) rather than ``EXISTS`` (a lookup per case): same count.
        return Q(pk__in=Child.objects.filter(location=location).values("case_id"))

    admitted = admitted_q()
    aggregates: dict[str, Any] = {
        "adm_received": Count("pk"),
        "adm_granted": Count("pk", filter=admitted),
        "adm_denied": Count("pk", filter=Q(status=CaseStatus.REFUSED)),
        "adm_pending": Count("pk", filter=Q(status=CaseStatus.APPLIED)),
        # Closed without ever being admitted: the application was withdrawn.
        "adm_withdrawn": Count("pk", filter=Q(status=CaseStatus.CLOSED, admitted_on__isnull=True)),
        "adm_housed": Count("pk", filter=Q(housed=True)),
        "adm_new": Count("pk", filter=Q(new=True)),
        "total": Count("pk"),
        "police": Count("pk", filter=Q(police_report_made=True)),
        "multiple": Count("pk", filter=Q(n_types__gt=1)),
        "not_stated": Count("pk", filter=Q(n_types=0)),
        "with_child": Count("pk", filter=has_child(ChildLocation.WITH_PARENT)),
        "child_home": Count("pk", filter=has_child(ChildLocation.HOME_COUNTRY)),
    }
    if notes:
        aggregates["adm_numbers"] = _first(
            ArrayAgg("case_number", filter=admitted, order_by="number"), CharField()
        )
    return (
        Case.objects.filter(applied_in(period))
        .annotate(
            n_types=cardinality("trafficking_types"),
            housed=_initial_answer("yes"),
            new=_initial_answer("no"),
        )
        .order_by()
        .aggregate(**aggregates)
    )

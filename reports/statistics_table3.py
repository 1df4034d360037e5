"""Table 3: the background of the individuals the admission applications of the range
concern (seed 002, Tabell 3: "Bakgrundsinformation om de individer som ansökningarna
gäller", percentages "i förhållande till totala antalet ansökningar om tillträde")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case as When_,
)
from django.db.models import (
    CharField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cases.choices import Gender, TraffickingType
from cases.models import Case
from reports.statistics_common import DateRange, applied_in, cardinality, case_counts, percent
from reports.statistics_table1 import Cell

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
    count: Cell
    percent: Cell


@dataclass
class Table3Section:
    key: str
    label: StrOrPromise
    lines: list[Table3Line]


@dataclass
class Table3:
    # The admission applications received in the range (the base of the percentages) and
    # how many of them were admitted — the same numbers as Table 1's admission row.
    total: Cell
    admitted: Cell
    sections: list[Table3Section]


def applicants_in(period: DateRange) -> QuerySet[Case]:
    """The individuals whose admission application was received in the range (both
    dates included) — Table 1's admission applications, one individual each."""
    return Case.objects.filter(applied_in(period)).order_by()


def _age() -> ExpressionWrapper[Any]:
    """Age at the application, from the birth year (all we know): application year −
    birth year (in integers: PostgreSQL's ``EXTRACT`` gives a slower ``numeric``)."""
    return ExpressionWrapper(
        Cast(ExtractYear("applied_on"), IntegerField()) - F("birth_year"),
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


def _distributions(period: DateRange) -> dict[str, list[tuple[str | None, int]]]:
    """The individuals per nationality, gender, age band, single type of trafficking
    (``trafficking_types[1]`` of those with exactly one) and country of exploitation (one
    person can count for several, and once however often a country is listed), each
    ``(value, n)`` by n descending, then value.

    One statement: the ORM defines the individuals and each one's values; the grouping is
    raw SQL only because the ORM has neither ``GROUPING SETS`` nor ``unnest``."""
    qs = (
        applicants_in(period)
        .alias(age=_age(), n_types=cardinality("trafficking_types"))
        .annotate(
            band=_age_band(),
            single_type=When_(
                When(Q(n_types=1), then=F("trafficking_types__0")), output_field=CharField()
            ),
        )
        .values("nationality", "gender", "band", "single_type")
    )
    inner, params = qs.query.sql_with_params()
    countries = applicants_in(period).values("exploitation_countries")
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
    """Background of the individuals the admission applications of the range concern
    (``cases``: ``case_counts`` already read)."""
    flags = case_counts(period) if cases is None else cases
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
    # Counts only: a person can have been exploited in several countries (seed 002 gives
    # this row no percentages).
    countries = [Table3Line(str(c), n, None) for c, n in dist["countries"]]
    police = [line(_("Police report made"), flags["police"])]
    sections = [
        Table3Section("nationality", _("Nationality"), nationality),
        Table3Section("gender", _("Gender"), gender),
        Table3Section("age", _("Age"), age),
        Table3Section("children", _("Children"), children),
        Table3Section("trafficking", _("Type of trafficking"), trafficking),
        Table3Section("countries", _("Exploited in country"), countries),
        Table3Section("police", _("Police report made"), police),
    ]
    return Table3(total=total, admitted=flags["adm_granted"], sections=sections)

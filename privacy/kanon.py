"""k-anonymity of anonymised cases (issue 17, item 13).

After the initials and texts of a case are removed, its remaining quasi-identifiers —
arrival date, nationality, gender, countries of exploitation and (coarsened) birth year —
could still single a person out. ``k_anonymise`` coarsens them over *all* anonymised
cases together (full-domain generalisation, Datafly-style: raise the level of the
attribute with the most distinct values among the too-small groups, until every
combination is shared by at least ``NSP_K_ANONYMITY`` cases). At the top level a value is
removed (``None``/``""``/``[]``; gender becomes "unknown"; the birth year the start of its
century band).

Every level maps an already coarsened value to itself or coarser (months nest in
quarters in years; 5-year bands in 10 in 20), so running it again after more cases were
anonymised only ever coarsens further. The history rows of each case get the same values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from cases.choices import CaseStatus, Gender
from cases.models import Case


def _date_level(value: date | None, level: int) -> date | None:
    if value is None or level == 0:
        return value
    if level == 1:
        return value.replace(day=1)
    if level == 2:
        return value.replace(month=(value.month - 1) // 3 * 3 + 1, day=1)
    if level == 3:
        return value.replace(month=1, day=1)
    return None


def _year_level(value: int, level: int) -> int:
    if level == 0:  # as anonymisation left it (privacy.statistics.coarse_birth_year)
        return value
    width = (5, 10, 20, 100)[min(level, 4) - 1]
    return max(value - value % width, 1900)


def _removed(empty: Any) -> Callable[[Any, int], Any]:
    return lambda value, level: value if level == 0 else empty


# field → (generalise(value, level), number of levels above 0)
HIERARCHY: dict[str, tuple[Callable[[Any, int], Any], int]] = {
    "arrival_date": (_date_level, 4),
    "birth_year": (_year_level, 4),
    "nationality": (_removed(""), 1),
    "gender": (_removed(Gender.UNKNOWN.value), 1),
    "exploitation_countries": (
        lambda value, level: sorted(value or []) if level == 0 else [],
        1,
    ),
}
FIELDS = tuple(HIERARCHY)


def _key(row: dict[str, Any], levels: dict[str, int]) -> tuple[Any, ...]:
    out = []
    for name in FIELDS:
        value = HIERARCHY[name][0](row[name], levels[name])
        out.append(tuple(value) if isinstance(value, list) else value)
    return tuple(out)


def choose_levels(rows: list[dict[str, Any]], k: int) -> dict[str, int]:
    """The lowest levels (greedy) at which every combination occurs at least ``k`` times."""
    levels = dict.fromkeys(FIELDS, 0)
    while True:
        groups = Counter(_key(row, levels) for row in rows)
        small = [row for row in rows if groups[_key(row, levels)] < k]
        if not small:
            return levels
        raisable = [name for name in FIELDS if levels[name] < HIERARCHY[name][1]]
        if not raisable:
            return levels  # everything removed: fewer than k cases in all

        def distinct(name: str, small: list[dict[str, Any]] = small) -> int:
            # distinct values among the rows that still stand out
            index = FIELDS.index(name)
            return len({_key(row, levels)[index] for row in small})

        levels[max(raisable, key=lambda name: (distinct(name), -levels[name]))] += 1


def population() -> Any:
    """The anonymised closed (or refused) cases: the ones the k is counted over."""
    from privacy.models import ErasureRecord

    return Case.objects.filter(
        status__in=[CaseStatus.CLOSED, CaseStatus.REFUSED],
        pk__in=ErasureRecord.objects.values("case_id"),
    )


@transaction.atomic
def k_anonymise(k: int | None = None) -> dict[str, int]:
    """Coarsen the quasi-identifiers of every anonymised case until each combination is
    shared by ``k`` cases; return the levels used. Live and historical rows are written
    with ``update`` (no new history row)."""
    k = settings.NSP_K_ANONYMITY if k is None else k
    cases = list(population().select_for_update().order_by("pk").values("pk", *FIELDS))
    levels = choose_levels(cases, k)
    history = Case.history.model
    for row in cases:
        new = {name: HIERARCHY[name][0](row[name], levels[name]) for name in FIELDS}
        if any(new[name] != row[name] for name in FIELDS):
            Case.objects.filter(pk=row["pk"]).update(**new)
        history.objects.filter(id=row["pk"]).update(**new)
    return levels


def smallest_group(k_fields: tuple[str, ...] = FIELDS) -> int:
    """The size of the smallest combination among anonymised cases (0 when none)."""
    rows = population().values_list(*k_fields)
    groups = Counter(tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows)
    return min(groups.values(), default=0)

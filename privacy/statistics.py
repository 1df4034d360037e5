"""The coarsening of birth years that preserves Table 3's age bands.

The bands are Table 3's own (``reports.statistics.AGE_BANDS``, with everyone under 18 in
one band), so an anonymised case stays in the band the statistics counted it in.
"""

from __future__ import annotations

from datetime import date

from cases.models import Case
from reports.statistics import AGE_BANDS as TABLE3_AGE_BANDS

# (lowest age, highest age or None) — the last band is open-ended.
AGE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 17),
    *((low, high) for _label, low, high in TABLE3_AGE_BANDS),
)


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return f"{low}-{high}" if high is not None else f"{low}+"
    return "0-17"


def reference_date(case: Case) -> date:
    """The day the person's age is counted at: admission, else application, else creation."""
    return case.admitted_on or case.applied_on or case.created_at.date()


def admission_age(case: Case, birth_year: int | None = None) -> int:
    return reference_date(case).year - (birth_year if birth_year is not None else case.birth_year)


def coarse_birth_year(case: Case) -> int:
    """The birth year rounded down to its five-year band (1987 → 1985) — unless that would
    move the person into another Table 3 age band at admission; then the earliest year of
    the five that keeps the band (1987 admitted in 2012: 25 years → 1985 would make 27,
    same band, fine; 1994 admitted 2012: 18 → 1990 would make 22, same band; 1995 admitted
    2012: 17 → 1995 is kept, as 1990–1994 would make an adult)."""
    band = age_band(admission_age(case))
    start = case.birth_year - case.birth_year % 5
    for year in range(start, case.birth_year + 1):
        if age_band(admission_age(case, year)) == band:
            return year
    return case.birth_year

"""nsp.dates: months and years clipped to the month's end (the one rule behind the plan's
six months, the unused intervention's three months, the follow-up year and the retention
cutoff)."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nsp.dates import add_months, add_years, one_year_after, one_year_before

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
months = st.integers(min_value=-240, max_value=240)
years = st.integers(min_value=-50, max_value=50)


def _replace_year(day: date, years: int) -> date:
    """The year step ``certification.year`` and ``privacy.services`` had before the move."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def test_it_clips_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


def test_it_moves_29_february_to_28_february_a_year_on_or_back() -> None:
    assert one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    assert one_year_before(date(2028, 2, 29)) == date(2027, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)
    assert one_year_after(date(2027, 2, 28)) == date(2028, 2, 28)


@given(days, months)
def test_it_keeps_the_day_unless_the_month_is_shorter(day: date, n: int) -> None:
    moved = add_months(day, n)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == n
    last = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(day.day, last)


@given(days)
def test_a_month_end_stays_within_its_target_month(day: date) -> None:
    end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    moved = add_months(end, 1)
    assert moved.day == min(end.day, calendar.monthrange(moved.year, moved.month)[1])
    assert moved.day <= 31 and moved.month == end.month % 12 + 1


@given(days, years)
def test_a_year_step_is_what_the_apps_had_before(day: date, n: int) -> None:
    """Moving the year helpers here changed no date: ``add_years`` equals the former
    ``date.replace`` with 28 February for 29 February, and equals twelve months."""
    assert add_years(day, n) == _replace_year(day, n) == add_months(day, 12 * n)


@given(days)
def test_one_year_before_undoes_one_year_after_except_on_29_february(day: date) -> None:
    back = one_year_before(one_year_after(day))
    if (day.month, day.day) == (2, 29):
        assert back == date(day.year, 2, 28)
    else:
        assert back == day

"""Calendar arithmetic shared by the apps: months and years, clipped to the month's end.

One rule for all callers: a day moved by whole months keeps its day of the month unless the
target month is shorter, then it lands on that month's last day (31 January + 1 month =
28/29 February; 29 February + 1 year = 28 February). A year is twelve such months, so
``add_years(day, n) == add_months(day, 12 * n)``.

The callers that moved here all had this rule already: ``cases.deadlines.add_months``
(clipped with ``calendar.monthrange``) and the year steps of ``certification.year`` and
``privacy.services.retention_cutoff`` (``date.replace`` falling back to the 28th on
29 February, the only day a year step can miss).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months (negative: back), clipped to the month's end
    (31 August + 6 months = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_due_by(day: date, months: int) -> date:
    """The latest start whose ``add_months(start, months)`` falls on or before ``day``:
    every earlier start is due too, every later one is not (for a query "due by ``day``":
    ``start <= latest_due_by(day, months)``).

    ``months`` back from ``day`` — except on the last day of a month shorter than the month
    ``months`` back: that month's later days clip to ``day`` (31 August + 6 months = 28
    February), so on 28 February every start up to 31 August is due."""
    back = add_months(day, -months)
    if (day + timedelta(days=1)).day == 1:  # the last day of its month
        return date(back.year, back.month, calendar.monthrange(back.year, back.month)[1])
    return back


def add_years(day: date, years: int) -> date:
    """``day`` moved ``years`` years (negative: back); 29 February lands on 28 February."""
    return add_months(day, 12 * years)


def one_year_after(day: date) -> date:
    return add_years(day, 1)


def one_year_before(day: date) -> date:
    return add_years(day, -1)

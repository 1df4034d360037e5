"""The programme's arithmetic: day rates, caps and amounts, as pure functions of numbers.

Nothing here reads a model: ``ProgrammePhase`` and ``FundingApplication`` pass their own
values in (``phase.rest_day_rate(...)``, ``application.requested_amount``), so the seed's
figures can be checked directly (30 days with one child = 45 000 SEK; without = 36 000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class DayRate:
    housing: Decimal
    support: Decimal
    children: Decimal

    @property
    def total(self) -> Decimal:
        return self.housing + self.support + self.children


def days_in(start: date, end: date) -> int:
    """Days of a period, both ends included (1 March – 30 March is 30 days)."""
    return (end - start).days + 1


def period_end_for(start: date, days: int) -> date:
    return start + timedelta(days=days - 1)


def rest_day_rate(
    *,
    housing_rate: Decimal,
    support_rate: Decimal,
    child_rate: Decimal,
    include_housing: bool,
    include_support: bool,
    children: int,
) -> DayRate:
    """30 days: housing/food part + support part (either may be left out when the public
    system already pays it) + child supplement per accompanying child."""
    return DayRate(
        housing=housing_rate if include_housing else ZERO,
        support=support_rate if include_support else ZERO,
        children=child_rate * children,
    )


def integration_day_rate(*, housing_rate: Decimal, support_rate: Decimal) -> DayRate:
    """90 days: pilot part 1 pays 600 + 600; part 2 pays the integration work only."""
    return DayRate(housing=housing_rate, support=support_rate, children=ZERO)


def intervention_total(quantity: int, unit_cost: Decimal) -> Decimal:
    return unit_cost * quantity


def period_amount(rate: DayRate | None, days: int | None) -> Decimal | None:
    """A day rate over a number of days; unknown when either is."""
    if rate is None or days is None:
        return None
    return rate.total * days

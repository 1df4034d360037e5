"""The programme's arithmetic: day rates, caps and amounts, as pure functions of numbers.

Nothing here reads a model: ``ProgrammePhase`` and ``FundingApplication`` pass their own
values in (``phase.rest_day_rate(...)``, ``application.requested_amount``), so the seed's
figures can be checked directly (30 days with one child = 45 000 SEK; without = 36 000).
Periods are counted in nights (dygn): see ``nights_in``.
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


def nights_in(start: date, end: date) -> int:
    """The days (dygn) of a period as the programme pays them: its nights.

    Seed 002 pays "en schablonsumma per dygn … dock max i 30 dygn", and the pilot paid
    14 March – 13 April and 20 June – 20 July as 30 days each ("Resultat max 30 dagar":
    45 000 = 30 × 1 200 + 30 × 300): the day a person leaves is not paid.
    """
    return (end - start).days


# The programme's "days" are nights; kept under the older name for callers.
days_in = nights_in


def period_end_for(start: date, days: int) -> date:
    """The end date of a period of ``days`` nights starting on ``start``."""
    return start + timedelta(days=days)


def nights_left(max_nights: int, used: int) -> int:
    """Nights still available to a person under a per-person maximum (never negative)."""
    return max(0, max_nights - used)


def paid_nights(
    start: date, end: date, *, taken_over_on: date | None = None, until: date | None = None
) -> int:
    """Nights of a granted period that NSP pays: up to the end, or up to the day a public
    body took over (that day is the public body's), or up to ``until`` (an invoice for
    the nights so far) — whichever comes first; never negative."""
    stop = end
    for limit in (taken_over_on, until):
        if limit is not None and limit < stop:
            stop = limit
    return max(0, (stop - start).days)


def amount_due(
    rate: DayRate,
    start: date,
    end: date,
    *,
    taken_over_on: date | None = None,
    until: date | None = None,
) -> Decimal:
    """What NSP owes for a granted flat-rate period, to the day: the day rate times the
    nights paid (``paid_nights``). Seed 002: "kan den certifierade aktören fakturera
    stödprogrammet enligt schablonen"; a public body taking over ends NSP's period."""
    return rate.total * paid_nights(start, end, taken_over_on=taken_over_on, until=until)


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

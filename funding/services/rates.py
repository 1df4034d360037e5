"""The programme's arithmetic: day rates, caps and the amount of an application.

Pure functions of the phase and the numbers, so that the seed's own figures can be
checked directly (30 days with one child = 45 000 SEK; without = 36 000).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from funding.choices import ApplicationKind

if TYPE_CHECKING:
    from funding.models import FundingApplication, ProgrammePhase


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
    phase: ProgrammePhase, *, include_housing: bool, include_support: bool, children: int
) -> DayRate:
    """30 days: housing/food part + support part (either may be left out when the public
    system already pays it) + child supplement per accompanying child."""
    return DayRate(
        housing=phase.rest_housing_rate if include_housing else Decimal("0"),
        support=phase.rest_support_rate if include_support else Decimal("0"),
        children=phase.child_supplement_rate * children,
    )


def integration_day_rate(phase: ProgrammePhase) -> DayRate:
    """90 days: pilot part 1 pays 600 + 600; part 2 pays the integration work only."""
    return DayRate(
        housing=phase.integration_housing_rate,
        support=phase.integration_support_rate,
        children=Decimal("0"),
    )


def day_rate_for(application: FundingApplication) -> DayRate | None:
    kind = application.effective_kind
    target = application
    if application.kind == ApplicationKind.RECONSIDERATION and application.contested_decision:
        target = application.contested_decision.application
    if kind == ApplicationKind.REST:
        return rest_day_rate(
            target.phase,
            include_housing=target.include_housing,
            include_support=target.include_support,
            children=target.children_count,
        )
    if kind == ApplicationKind.INTEGRATION:
        return integration_day_rate(target.phase)
    return None


def intervention_total(quantity: int, unit_cost: Decimal) -> Decimal:
    return unit_cost * quantity


def application_days(application: FundingApplication) -> int | None:
    if application.period_start and application.period_end:
        return days_in(application.period_start, application.period_end)
    return application.days_applied


def application_amount(application: FundingApplication) -> Decimal | None:
    """What the application asks for, computed from the phase's rates."""
    if application.kind == ApplicationKind.INTERVENTION:
        if application.quantity is None or application.unit_cost is None:
            return None
        return intervention_total(application.quantity, application.unit_cost)
    rate = day_rate_for(application)
    days = application_days(application)
    if rate is None or days is None:
        return None
    return rate.total * days

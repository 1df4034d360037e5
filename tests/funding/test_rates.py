"""The seed's own arithmetic (seed 002, Table 2 and the rates on lines 351–384)."""

from __future__ import annotations

from decimal import Decimal

from funding.models import ProgrammePhase
from funding.rates import days_in, intervention_total


def _pilot(**kw: object) -> ProgrammePhase:
    return ProgrammePhase(name="Pilot del 1", **kw)  # type: ignore[misc]


def test_thirty_days_with_one_child_is_45000() -> None:
    rate = _pilot().rest_day_rate(include_housing=True, include_support=True, children=1)
    assert rate.total * 30 == Decimal("45000")


def test_thirty_days_without_children_is_36000() -> None:
    rate = _pilot().rest_day_rate(include_housing=True, include_support=True, children=0)
    assert rate.total * 30 == Decimal("36000")


def test_child_supplement_is_per_child() -> None:
    rate = _pilot().rest_day_rate(include_housing=True, include_support=True, children=2)
    assert rate.total == Decimal("1800")


def test_a_part_paid_by_the_public_system_is_left_out() -> None:
    rate = _pilot().rest_day_rate(include_housing=False, include_support=True, children=0)
    assert rate.total * 30 == Decimal("18000")


def test_integration_part_1_pays_1200_and_part_2_only_600() -> None:
    assert _pilot().integration_day_rate().total == Decimal("1200")
    part2 = _pilot(integration_housing_rate=Decimal("0"))
    assert part2.integration_day_rate().total * 90 == Decimal("54000")


def test_therapy_five_sessions_is_4000() -> None:
    assert intervention_total(5, Decimal("800")) == Decimal("4000")


def test_days_are_counted_as_nights() -> None:
    """002, "Resultat max 30 dagar": "NSPs stödperiod om max 30 dagar löpte mellan 14 Mars
    och 13 April" — paid as 30 days (45 000 = 30 × 1 200 + 30 × 300)."""
    from datetime import date

    assert days_in(date(2016, 3, 14), date(2016, 4, 13)) == 30
    assert days_in(date(2026, 6, 20), date(2026, 7, 20)) == 30

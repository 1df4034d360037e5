"""The granted support periods of a case, for its support period reports (issue 19).

Seed 002's "Rapport stödperiod" reports on one period ("Typ av stöd (max 30 dagar eller
max 90 dagar) · Periodens början (datum) · Periodens slut (datum)"). The periods are
granted by decisions of the funding app, which this app does not import: they are read
through the provider named by ``settings.NSP_GRANTED_PERIODS_PROVIDER``
(``provider(case) -> list[GrantedPeriod]``), the same plug-in mechanism as the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from cases.models import Case

# The report's "Typ av stöd" answers (the period report questionnaire's choices).
SUPPORT_REST = "max_30_days"
SUPPORT_INTEGRATION = "max_90_days"
# The answers a period report takes from its granted period, never from the actor.
FIXED_ITEMS = ("support_type", "period_start", "period_end")


@dataclass(frozen=True)
class GrantedPeriod:
    """One granted 30- or 90-day period: the decision that granted it and its dates (the
    end is the day a public body took over, when that came first)."""

    decision_id: Any
    reference: str
    support_type: str
    start: date
    end: date

    def answers(self) -> dict[str, str]:
        return {
            "support_type": self.support_type,
            "period_start": self.start.isoformat(),
            "period_end": self.end.isoformat(),
        }


Provider = Callable[["Case"], list[GrantedPeriod]]


def granted_periods(case: Case) -> list[GrantedPeriod]:
    """The case's granted periods, oldest first (none when no provider is configured)."""
    dotted = getattr(settings, "NSP_GRANTED_PERIODS_PROVIDER", "")
    if not dotted:
        return []
    provider: Provider = import_string(dotted)
    return sorted(provider(case), key=lambda p: (p.start, p.reference))


def find_period(case: Case, decision_id: Any) -> GrantedPeriod | None:
    return next((p for p in granted_periods(case) if str(p.decision_id) == str(decision_id)), None)

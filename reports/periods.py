"""The case's granted periods for its support period reports (``cases.periods``).

Named by ``settings.NSP_GRANTED_PERIODS_PROVIDER``: the cases app asks for a case's
granted 30/90-day periods without importing the funding app.
"""

from __future__ import annotations

from cases.models import Case
from cases.periods import SUPPORT_INTEGRATION, SUPPORT_REST, GrantedPeriod
from funding.choices import ApplicationKind
from reports.selectors import granted_periods


def case_granted_periods(case: Case) -> list[GrantedPeriod]:
    """Granted periods of ``case`` (one query). A period taken over by a public body ends
    the day it was taken over ("upphör NSPs viloperiod från den dag då myndigheternas
    ansvar förverkligas", 002 Exempel beslutshandling)."""
    result = []
    for decision in granted_periods().filter(application__case=case, granted_start__isnull=False):
        assert decision.granted_start is not None and decision.granted_end is not None
        end = decision.granted_end
        if decision.taken_over_on is not None and decision.taken_over_on < end:
            end = max(decision.taken_over_on, decision.granted_start)
        kind = decision.application.effective_kind  # a reconsideration: the contested kind
        result.append(
            GrantedPeriod(
                decision_id=decision.pk,
                reference=decision.reference,
                support_type=SUPPORT_REST if kind == ApplicationKind.REST else SUPPORT_INTEGRATION,
                start=decision.granted_start,
                end=end,
            )
        )
    return result

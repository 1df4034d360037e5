"""Dashboard panels for funding (``NSP_DASHBOARD_PROVIDERS``).

The panels show an application's date, case, kind and status only, so their queries join
the case and nothing else (the list page's querysets join five relations).
"""

from __future__ import annotations

from typing import Any

from cases.models import reference_fields
from funding import selectors
from nsp.permissions import can_decide, is_actor

# What a panel line shows: date, case number, kind, status and whether retroactive.
_LISTED = (
    "submitted_on",
    "kind",
    "status",
    "period_end",
    "needed_by",
    *reference_fields("case__"),
)


def panels(user: Any) -> dict[str, Any]:
    if can_decide(user):
        period = selectors.current_budget_period()
        return {
            "programme_panels": ["funding/includes/panel_programme.html"],
            "funding_waiting": list(
                selectors.applications_to_decide(user)
                .select_related(None)
                .select_related("case")
                .prefetch_related(None)
                .only(*_LISTED)[:10]
            ),
            "funding_invoices": list(selectors.invoices_to_attest(user)[:10]),
            "funding_streams": list(selectors.streams_with_totals(period)) if period else [],
        }
    if is_actor(user):
        return {
            "actor_panels": ["funding/includes/panel_actor.html"],
            "funding_applications": list(
                selectors.applications_for(user)
                .select_related(None)
                .select_related("case")
                .prefetch_related(None)
                .only(*_LISTED)[:10]
            ),
        }
    return {}

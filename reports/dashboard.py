"""Dashboard panels of the reports app (``NSP_DASHBOARD_PROVIDERS``): what the other apps'
panels do not show yet — periods ending within 7 days, reports overdue, answered
more-information requests, links to statistics/reports, and unread notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cases.models import reference_fields
from funding.models import Decision, FundingApplication
from nsp.permissions import AnyUser, is_actor, is_programme
from reports import selectors


def _first(decisions: QuerySet[Decision], n: int = 10) -> list[Decision]:
    """The panels show a decision's period end, case number and kind: join the application
    and its case only, and read those columns alone (the rows are wide)."""
    return list(
        decisions.select_related(None)
        .select_related("application__case")
        .only("granted_end", "application__kind", *reference_fields("application__case__"))[:n]
    )


def _listed(applications: QuerySet[FundingApplication], n: int = 10) -> list[FundingApplication]:
    """An application's case number and kind, as the panels list them."""
    listed = applications.select_related(None).select_related("case")
    return list(listed.only("kind", "status", *reference_fields("case__"))[:n])


def panels(user: AnyUser) -> dict[str, Any]:
    if is_programme(user):
        return {
            "programme_panels": ["reports/includes/panel_programme.html"],
            "reports_periods_ending": _first(selectors.periods_ending(user)),
            "reports_overdue": _first(selectors.reports_overdue(user)),
            "reports_more_info_returned": _listed(selectors.more_information_returned(user)),
            "reports_unread": selectors.unread_count(user),
        }
    if is_actor(user):
        return {
            "actor_panels": ["reports/includes/panel_actor.html"],
            "reports_periods_ending": _first(selectors.periods_ending(user)),
            "reports_overdue": _first(selectors.reports_overdue(user)),
            "reports_more_info_requested": _listed(selectors.more_information_requested(user)),
            "reports_unread": selectors.unread_count(user),
            "reports_year": timezone.localdate().year,
            "reports_organisation_id": getattr(user, "organisation_id", None),
        }
    return {}

"""Dashboard panels: the coordinator's certification overview, the actor's status."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from certification.choices import CertificationStatus
from certification.models import ActionItem
from certification.selectors import (
    can_file_applications,
    certification_status,
    followups_due,
    open_action_items,
    open_profile_request,
    pilot_table,
)
from nsp.accounts.choices import Role
from nsp.permissions import has_role, is_actor, is_programme


def _action_counts(items: QuerySet[ActionItem]) -> dict[str, int]:
    """Open and overdue action-plan items in one query (overdue: as ``overdue_action_items``)."""
    counts = items.select_related(None).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=timezone.localdate()))
    )
    return {"cert_open_actions": counts["open"], "cert_overdue_actions": counts["overdue"]}


def panels(user: Any) -> dict[str, Any]:
    if is_programme(user):
        return {
            "programme_panels": ["certification/panels/programme.html"],
            "cert_table": pilot_table(),
            **_action_counts(open_action_items(user)),
            "cert_followups_due": followups_due(user).count(),
        }
    if is_actor(user):
        organisation = user.organisation
        status = certification_status(organisation)
        panels = ["certification/panels/actor.html"]
        # The coordinator's request for step 1: a task for the manager until submitted.
        request = None
        if has_role(user, Role.ACTOR_MANAGER):
            request = open_profile_request(organisation.pk)
            if request is not None:
                panels.insert(0, "certification/panels/profile_request.html")
        return {
            "actor_panels": panels,
            "cert_profile_request": request,
            "cert_status": status,
            "cert_status_label": CertificationStatus(status).label,
            "cert_can_apply": can_file_applications(organisation, status),
            **_action_counts(open_action_items(user)),
        }
    return {}

"""Dashboard panels: the coordinator's certification overview, the actor's status."""

from __future__ import annotations

from typing import Any

from certification.choices import CertificationStatus
from certification.selectors import (
    can_file_applications,
    certification_status,
    followups_due,
    open_action_items,
    overdue_action_items,
    pilot_table,
)
from nsp.permissions import is_actor, is_programme


def panels(user: Any) -> dict[str, Any]:
    if is_programme(user):
        return {
            "programme_panels": ["certification/panels/programme.html"],
            "cert_table": pilot_table(),
            "cert_open_actions": open_action_items(user).count(),
            "cert_overdue_actions": overdue_action_items(user).count(),
            "cert_followups_due": followups_due(user),
        }
    if is_actor(user):
        organisation = user.organisation
        status = certification_status(organisation)
        return {
            "actor_panels": ["certification/panels/actor.html"],
            "cert_status": status,
            "cert_status_label": CertificationStatus(status).label,
            "cert_may_apply": can_file_applications(organisation),
            "cert_open_actions": open_action_items(user).count(),
            "cert_overdue_actions": overdue_action_items(user).count(),
        }
    return {}

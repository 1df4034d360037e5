"""Dashboard panel of the staff register: minimum requirement 1, for the actor's manager
(who keeps the register) when it is not met."""

from __future__ import annotations

from typing import Any

from certification.permissions import can_keep_own_staff_register
from certification.staff import requirement_one


def panels(user: Any) -> dict[str, Any]:
    if not can_keep_own_staff_register(user) or user.organisation is None:
        return {}
    status = requirement_one(user.organisation)
    if status.met:
        return {}
    return {"actor_panels": ["certification/panels/staff.html"], "requirement_one": status}

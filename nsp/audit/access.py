"""Write an access-log row for every view or download of sensitive data."""

from __future__ import annotations

import uuid

from django.db.models import Model
from django.http import HttpRequest

from nsp.audit.models import AccessAction, AccessLog


def log_access(
    request: HttpRequest,
    obj: Model,
    action: str = AccessAction.VIEW,
    *,
    case_id: uuid.UUID | None = None,
) -> AccessLog:
    """Record that ``request.user`` did ``action`` on ``obj`` (in the same request).

    ``case_id`` names the case the object belongs to; when omitted it is taken from
    ``obj.case_id`` or, for a case itself, ``obj.pk``.
    """
    user = request.user if request.user.is_authenticated else None
    if case_id is None:
        case_id = getattr(obj, "case_id", None)
        if case_id is None and obj._meta.label_lower == "cases.case":
            case_id = obj.pk
    return AccessLog.objects.create(
        user=user,
        role=getattr(user, "role", ""),
        organisation_id=getattr(user, "organisation_id", None),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        case_id=case_id,
        path=request.path[:300],
    )

"""Four eyes on programme access (issue 17 item 3).

The administrator manages users, but must not be able to make itself (or anyone) a
coordinator or programme manager, nor take over one by changing its e-mail address and
resetting the password: such a change is stored as a pending ``AccessChange`` and takes
effect only when a second person with a programme role approves it. Both steps are logged
(logger ``nsp.accounts.access``, the change's history, the user's history).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsp.accounts.choices import PROGRAMME_ROLES
from nsp.accounts.models import AccessChange, AccessChangeStatus, User

logger = logging.getLogger("nsp.accounts.access")

# The fields whose change on a programme user needs the second person.
GUARDED = ("role", "organisation", "email", "is_active")


def needs_second_person(user: User | None, fields: dict[str, Any]) -> bool:
    """Whether writing ``fields`` on ``user`` (None: a new user) needs an approval."""
    new_role = fields.get("role", user.role if user else None)
    if user is None:
        return new_role in PROGRAMME_ROLES
    if user.role not in PROGRAMME_ROLES and new_role not in PROGRAMME_ROLES:
        return False
    organisation = fields.get("organisation", user.organisation)
    return (
        new_role != user.role
        or (organisation.pk if organisation else None) != user.organisation_id
        or (fields.get("email", user.email) or "").lower() != (user.email or "").lower()
        or (bool(fields.get("is_active", user.is_active)) and not user.is_active)
    )


@transaction.atomic
def access_change_request(
    *, user: User, requested_by: User, fields: dict[str, Any]
) -> AccessChange:
    """Store the guarded part of ``fields`` as a pending change (replacing an older one)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    AccessChange.objects.filter(user=locked, status=AccessChangeStatus.PENDING).delete()
    organisation = fields.get("organisation", locked.organisation)
    change = AccessChange(
        user=locked,
        requested_by=requested_by,
        role=fields.get("role", locked.role),
        organisation=organisation,
        email=fields.get("email", locked.email),
        is_active=bool(fields.get("is_active", locked.is_active)),
    )
    change.full_clean()
    change.save()
    logger.warning(
        "access change requested change_id=%s user_id=%s by user_id=%s",
        change.pk,
        locked.pk,
        requested_by.pk,
    )
    return change


def _check_decider(change: AccessChange, decider: User) -> None:
    if decider.role not in PROGRAMME_ROLES or not decider.is_active:
        raise PermissionDenied(_("Only the coordinator or the programme manager approves."))
    if decider.pk in (change.requested_by_id, change.user_id):
        raise PermissionDenied(_("A second person must approve: not the requester, not the user."))


@transaction.atomic
def access_change_approve(*, change: AccessChange, approver: User) -> AccessChange:
    locked = AccessChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != AccessChangeStatus.PENDING:
        raise ValidationError(_("This change has already been decided."))
    _check_decider(locked, approver)
    from nsp.accounts.services import user_update

    user = User.objects.select_for_update().get(pk=locked.user_id)
    user_update(
        user=user,
        role=locked.role,
        organisation=locked.organisation,
        email=locked.email,
        is_active=locked.is_active,
    )
    locked.status = AccessChangeStatus.APPROVED
    locked.decided_by = approver
    locked.decided_at = timezone.now()
    locked.save()
    logger.warning(
        "access change approved change_id=%s user_id=%s by user_id=%s",
        locked.pk,
        user.pk,
        approver.pk,
    )
    return locked


@transaction.atomic
def access_change_reject(*, change: AccessChange, decider: User) -> AccessChange:
    locked = AccessChange.objects.select_for_update().get(pk=change.pk)
    if locked.status != AccessChangeStatus.PENDING:
        raise ValidationError(_("This change has already been decided."))
    _check_decider(locked, decider)
    locked.status = AccessChangeStatus.REJECTED
    locked.decided_by = decider
    locked.decided_at = timezone.now()
    locked.save()
    logger.warning(
        "access change rejected change_id=%s user_id=%s by user_id=%s",
        locked.pk,
        locked.user_id,
        decider.pk,
    )
    return locked

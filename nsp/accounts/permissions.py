"""Predicates of account administration beyond ``nsp.permissions`` (issue 17 items 3, 12)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.accounts.choices import PROGRAMME_ROLES, Role
from nsp.permissions import ALLOW, AnyUser, Decision, deny, has_role


def can_unlock_accounts(user: AnyUser) -> Decision:
    """An account locked after too many failed logins: the coordinator or the administrator."""
    if has_role(user, Role.ADMINISTRATOR, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator and the administrator unlock accounts."))


def can_view_access_changes(user: AnyUser) -> Decision:
    """Pending and decided access changes: the administrator and the programme roles."""
    if has_role(user, Role.ADMINISTRATOR, *PROGRAMME_ROLES):
        return ALLOW
    return deny(_("Only the administrator and the programme see access changes."))


def can_approve_access_changes(user: AnyUser) -> Decision:
    """The second person of a programme access change: the coordinator or the programme
    manager (never the requester or the user concerned; the service checks those)."""
    if has_role(user, *PROGRAMME_ROLES):
        return ALLOW
    return deny(_("Only the coordinator or the programme manager approves access changes."))

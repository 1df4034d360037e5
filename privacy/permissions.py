"""Who may handle data subjects' requests: the coordinator only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.accounts.choices import Role
from nsp.permissions import ALLOW, AnyUser, Decision, deny, has_role


def can_handle_data_requests(user: AnyUser) -> Decision:
    """Register extracts and erasures hold or remove everything about a person: the
    programme's coordinator (the data controller's contact) handles them."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator handles register extracts and erasures."))

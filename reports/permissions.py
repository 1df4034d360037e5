"""Who may see statistics and reports (built on ``nsp.permissions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation
from nsp.permissions import ALLOW, AnyUser, Decision, deny, has_role, is_actor, is_programme


def can_view_statistics(user: AnyUser) -> Decision:
    """Programme-wide statistics and the programme report: coordinator and programme
    manager only (they cover every actor's cases)."""
    if is_programme(user):
        return ALLOW
    return deny(_("Only the coordinator and the programme manager see programme statistics."))


def can_write_statistics_notes(user: AnyUser) -> Decision:
    """Table 1's "Beslutsunderlag" for a published period: the coordinator writes it."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator writes the decision basis of the statistics."))


def can_view_actor_report(user: AnyUser, organisation: Organisation) -> Decision:
    """An actor's annual report: the programme roles, or the actor's own users."""
    if is_programme(user):
        return ALLOW
    if is_actor(user) and getattr(user, "organisation_id", None) == organisation.pk:
        return ALLOW
    return deny(_("You can only see your own organisation's annual report."))

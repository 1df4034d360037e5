"""Who may do what in certification (built on nsp/permissions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from certification.choices import ActionStatus, ProfileStatus
from certification.models import ActionItem, ActivityProfile
from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation
from nsp.permissions import ALLOW, AnyUser, Decision, can_manage_folder, deny, has_role, is_actor
from nsp.permissions import is_programme as _is_programme


def can_view_folder(user: AnyUser, organisation: Organisation) -> Decision:
    """Programme roles, and the organisation's own users; nobody else (not the admin)."""
    if _is_programme(user):
        return ALLOW
    if is_actor(user) and getattr(user, "organisation_id", None) == organisation.pk:
        return ALLOW
    return deny(_("Only the organisation itself and the coordinator see this folder."))


def can_run_certification(user: AnyUser) -> Decision:
    """Visits, reviews, verification, follow-ups and status changes: the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator runs the certification."))


def can_fill_profiles(user: AnyUser) -> Decision:
    """The activity profile is filled in by an actor organisation's manager, or by the
    coordinator for the organisation (a new one without a manager account, or on request)."""
    if has_role(user, Role.ACTOR_MANAGER, Role.COORDINATOR):
        return ALLOW
    return deny(
        _("Only the organisation's manager or the coordinator fills in the activity profile.")
    )


def can_edit_profile(user: AnyUser, profile: ActivityProfile) -> Decision:
    """A draft or returned profile: its organisation's manager, or the coordinator."""
    if not can_fill_profiles(user) or not can_manage_folder(user, profile.organisation):
        return deny(
            _("Only the organisation's manager or the coordinator fills in the activity profile.")
        )
    if profile.status not in (ProfileStatus.DRAFT, ProfileStatus.RETURNED):
        return deny(_("The profile has been submitted and can no longer be changed."))
    return ALLOW


def can_request_profiles(user: AnyUser) -> Decision:
    """Asking an organisation's manager to fill in step 1: the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator asks for the activity profile."))


def can_work_on_action(user: AnyUser, action: ActionItem) -> Decision:
    """Progress notes and "done": the actor's manager; notes from the coordinator too."""
    if action.status == ActionStatus.CLOSED:
        return deny(_("The item is closed."))
    if can_manage_folder(user, action.organisation):
        return ALLOW
    return deny(_("Only the organisation's manager and the coordinator update the plan."))


# --- The staff register (minimum requirement 1, certification/staff.py) --------------


def can_keep_own_staff_register(user: AnyUser) -> Decision:
    """The staff register is kept by the actor's manager."""
    if has_role(user, Role.ACTOR_MANAGER):
        return ALLOW
    return deny(_("Only the organisation's manager keeps the staff register."))


def can_keep_staff_register(user: AnyUser, organisation: Organisation) -> Decision:
    """Adding and changing people: the manager of that organisation only."""
    if has_role(user, Role.ACTOR_MANAGER) and getattr(user, "organisation_id", None) == (
        organisation.pk
    ):
        return ALLOW
    return deny(_("Only the organisation's manager keeps the staff register."))


def can_view_staff_register(user: AnyUser, organisation: Organisation) -> Decision:
    """The register names staff: its manager and the programme roles read it."""
    if _is_programme(user) or can_keep_staff_register(user, organisation):
        return ALLOW
    return deny(_("Only the organisation's manager and the coordinator see the staff register."))

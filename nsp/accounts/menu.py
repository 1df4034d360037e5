"""Menu entries of user and organisation administration (see nsp.menu)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.accounts.permissions import can_unlock_accounts, can_view_access_changes
from nsp.menu import ADMINISTRATION, MenuEntry
from nsp.permissions import can_manage_organisations, can_manage_users

ENTRIES = [
    MenuEntry(_("Users"), "accounts:user_list", can_manage_users, ADMINISTRATION, 900),
    MenuEntry(
        _("Access changes"),
        "accounts:access_changes",
        can_view_access_changes,
        ADMINISTRATION,
        903,
    ),
    MenuEntry(
        _("Access changes"),
        "accounts:access_changes",
        can_view_access_changes,
        ADMINISTRATION,
        903,
    ),
    MenuEntry(
        _("Locked accounts"), "accounts:locked_users", can_unlock_accounts, ADMINISTRATION, 905
    ),
    MenuEntry(
        _("Organisations"),
        "accounts:organisation_list",
        can_manage_organisations,
        ADMINISTRATION,
        910,
    ),
]

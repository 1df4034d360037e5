"""Menu entries of the funding app (see nsp.menu); labels live in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from funding.permissions import can_view_budget, can_view_register
from nsp.menu import MenuEntry
from nsp.permissions import can_read_cases

FUNDING = _("Funding")

ENTRIES = [
    MenuEntry(_("Applications"), "funding:application_list", can_read_cases, FUNDING, 200),
    MenuEntry(_("Budget"), "funding:budget", can_view_budget, FUNDING, 210),
    MenuEntry(_("Decision register"), "funding:decision_register", can_view_register, FUNDING, 220),
]

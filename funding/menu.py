"""Menu entries of the funding app (see nsp.menu); labels live in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from funding.permissions import (
    can_handle_payments,
    can_manage_programme,
    can_record_afterwards,
    can_view_budget,
    can_view_programme,
    can_view_register,
)
from nsp.menu import MenuEntry
from nsp.permissions import can_read_cases

FUNDING = _("Funding")

ENTRIES = [
    MenuEntry(_("Applications"), "funding:application_list", can_read_cases, FUNDING, 200),
    MenuEntry(_("Budget"), "funding:budget", can_view_budget, FUNDING, 210),
    MenuEntry(_("Decision register"), "funding:decision_register", can_view_register, FUNDING, 220),
    MenuEntry(_("Programme phases"), "funding:phase_list", can_view_programme, FUNDING, 230),
    MenuEntry(_("Budget periods"), "funding:period_list", can_view_programme, FUNDING, 240),
    MenuEntry(_("Catalogue files"), "funding:catalogue_upload", can_manage_programme, FUNDING, 250),
    MenuEntry(_("Register import"), "funding:register_import", can_record_afterwards, FUNDING, 255),
    MenuEntry(_("Payment export"), "funding:payment_export", can_handle_payments, FUNDING, 260),
]

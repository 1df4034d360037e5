"""Menu entries of the reports app (see nsp.menu); labels live in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.menu import MenuEntry
from nsp.permissions import is_signed_in
from reports.permissions import can_view_statistics

REPORTS = _("Reports")

ENTRIES = [
    MenuEntry(_("Statistics"), "reports:statistics", can_view_statistics, REPORTS, 400),
    MenuEntry(
        _("Notifications"),
        "reports:notifications",
        is_signed_in,
        REPORTS,
        410,
        badge="reports:notifications_count",
    ),
]

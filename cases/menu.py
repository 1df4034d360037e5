"""Menu entries of the cases app (see nsp.menu); labels live in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.menu import MenuEntry
from nsp.permissions import can_read_cases

CASES = _("Cases")

ENTRIES = [
    MenuEntry(_("Cases"), "cases:case_list", can_read_cases, CASES, 100),
    MenuEntry(_("Inquiries"), "cases:inquiry_list", can_read_cases, CASES, 110),
]

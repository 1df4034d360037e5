"""Menu entry of the privacy app (see nsp.menu); the label lives in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.menu import ADMINISTRATION, MenuEntry
from privacy.permissions import can_handle_data_requests

ENTRIES = [
    MenuEntry(
        _("Data protection"),
        "privacy:overview",
        can_handle_data_requests,
        ADMINISTRATION,
        930,
    ),
]

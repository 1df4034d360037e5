"""Menu entry of the access log (see nsp.menu)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.menu import ADMINISTRATION, MenuEntry
from nsp.permissions import can_view_access_log

ENTRIES = [MenuEntry(_("Access log"), "access:log", can_view_access_log, ADMINISTRATION, 920)]

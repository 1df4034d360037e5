"""Menu entries of the certification app (see nsp.menu); labels live in its catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from certification.permissions import can_keep_own_staff_register
from nsp.menu import MenuEntry
from nsp.permissions import is_actor, is_programme, is_signed_in

CERTIFICATION = _("Certification")

ENTRIES = [
    MenuEntry(_("Certification"), "certification:overview", is_programme, CERTIFICATION, 300),
    MenuEntry(_("Certification folder"), "certification:my_folder", is_actor, CERTIFICATION, 310),
    MenuEntry(
        _("Staff register"),
        "certification:my_staff",
        can_keep_own_staff_register,
        CERTIFICATION,
        315,
    ),
    # The directory is public; the menu is for those logged in.
    MenuEntry(
        _("Directory of actors"), "certification:directory", is_signed_in, CERTIFICATION, 320
    ),
]

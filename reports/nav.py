"""Menu labels for ``nsp.context_processors.NAVIGATION`` (kept here so that their
translations live in this app's catalogue)."""

from django.utils.translation import gettext_lazy as _

STATISTICS = _("Statistics")
NOTIFICATIONS = _("Notifications")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NspConfig(AppConfig):
    name = "nsp"
    verbose_name = _("National Support Programme")

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NspConfig(AppConfig):
    default = True
    name = "nsp"
    verbose_name = _("National Support Programme")


class NspAdminConfig(admin_apps.AdminConfig):
    """Django's admin with ``nsp.admin.NspAdminSite`` (role predicates) as its site."""

    default = False
    default_site = "nsp.admin.NspAdminSite"

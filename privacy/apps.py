from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        # The label lives in this app's translation catalogue (see cases.apps).
        from nsp.accounts.choices import Role
        from nsp.context_processors import NAVIGATION

        entry = (_("Data protection"), "privacy:overview", frozenset({Role.COORDINATOR}))
        if entry[1] not in {name for _label, name, _roles in NAVIGATION}:
            NAVIGATION.append(entry)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Navigation entries are added here (not in nsp/context_processors.py) so that
        # their labels live in this app's translation catalogue.
        from nsp.accounts.choices import Role
        from nsp.context_processors import NAVIGATION

        readers = frozenset(
            {Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.ACTOR_STAFF, Role.ACTOR_MANAGER}
        )
        for entry in (
            (_("Cases"), "cases:case_list", readers),
            (_("Inquiries"), "cases:inquiry_list", readers),
        ):
            if entry[1] not in {name for _label, name, _roles in NAVIGATION}:
                NAVIGATION.append(entry)

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ACTOR_STAFF = "actor_staff", _("Actor staff")
    ACTOR_MANAGER = "actor_manager", _("Actor manager")
    ADMINISTRATOR = "administrator", _("Administrator")


ACTOR_ROLES = frozenset({Role.ACTOR_STAFF, Role.ACTOR_MANAGER})
PROGRAMME_ROLES = frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER})
MFA_REQUIRED_ROLES = frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.ADMINISTRATOR})

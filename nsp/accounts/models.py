"""Organisations (actors) and users with exactly one role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nsp.accounts.choices import ACTOR_ROLES, Role
from nsp.models import DomainModel


class Organisation(DomainModel):
    """A civil-society actor (aktör) that may be certified and file applications."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    org_number = models.CharField(
        _("organisation number"), max_length=20, blank=True, help_text=_("Format: 802000-0000")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        # A Django superuser is the system administrator role; it belongs to no organisation.
        extra.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person who logs in. Actor roles belong to one organisation, other roles to none."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    title = models.CharField(_("title"), max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_actor_roles_have_organisation",
                condition=(
                    Q(role__in=sorted(r.value for r in ACTOR_ROLES), organisation__isnull=False)
                    | (
                        ~Q(role__in=sorted(r.value for r in ACTOR_ROLES))
                        & Q(organisation__isnull=True)
                    )
                ),
                violation_error_message=_(
                    "Actor staff and managers belong to an organisation; other roles to none."
                ),
            ),
            models.CheckConstraint(
                name="user_role_valid",
                condition=Q(role__in=sorted(r.value for r in Role)),
            ),
        ]

    @property
    def is_actor(self) -> bool:
        return self.role in ACTOR_ROLES

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

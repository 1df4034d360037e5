"""Organisations (actors) and users with exactly one role."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nsp.accounts.choices import ACTOR_ROLES, Role
from nsp.models import DomainModel, choice_label


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
    # Escalating lockout (nsp/accounts/lockout.py): set after too many failed logins in a
    # day; only the coordinator, the administrator or a password reset clears it.
    login_locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    login_unlocked_at = models.DateTimeField(_("unlocked"), null=True, blank=True)

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

    def get_role_display(self) -> str:  # type: ignore[no-redef]
        """On every page's frame (nsp.models.choice_label)."""
        return choice_label(Role, self.role)

    @property
    def is_actor(self) -> bool:
        return self.role in ACTOR_ROLES

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def display_name(self) -> str:
        """The name shown for the user ("Beslutad av", "Skriven av", the decision PDF):
        the full name, or the username when no first or last name is recorded."""
        return self.get_full_name() or self.get_username()


class LoginFailure(models.Model):
    """One failed login naming an existing account (the lockout's count and its log).

    Nothing personal but the account: no address, no typed password, no username typed.
    ``source`` is a keyed hash of the address (nsp.accounts.lockout.source_of), so the
    lockout can count per account and source without keeping the address.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="login_failures"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    source = models.CharField(_("source"), max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [models.Index(fields=["user", "source", "at"], name="loginfailure_source_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M}"


class AccessChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccessChange(DomainModel):
    """A change to a programme user's access that waits for a second person (issue 17 item 3).

    Granting, changing or removing a programme role (coordinator, programme manager),
    activating a programme user, or changing a programme user's e-mail address takes effect
    only when someone else with a programme role approves it (nsp/accounts/access_changes.py).
    The requested values are stored here; the user keeps the old ones until approval.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="access_changes"
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"))
    is_active = models.BooleanField(_("active"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AccessChangeStatus.choices,
        default=AccessChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access change")
        verbose_name_plural = _("access changes")
        constraints = [
            models.CheckConstraint(
                name="access_change_four_eyes",
                condition=Q(decided_by__isnull=True)
                | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("user"))),
            ),
            models.CheckConstraint(
                name="access_change_decided_iff_not_pending",
                condition=(
                    Q(status="pending", decided_by__isnull=True, decided_at__isnull=True)
                    | (~Q(status="pending") & Q(decided_by__isnull=False, decided_at__isnull=False))
                ),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="access_change_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.role} ({self.status})"

"""The coordinator's request that an organisation's manager fill in step 1 (the activity
profile; issue 18). Imported by ``certification.models``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nsp.accounts.models import Organisation
from nsp.models import DomainModel


class ProfileRequest(DomainModel):
    """Who asked, when, with what message; open until a profile of the organisation is
    submitted (``closed_at`` and the ``profile`` that answered it)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="profile_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    profile = models.ForeignKey(
        "certification.ActivityProfile",
        verbose_name=_("activity profile"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request for the activity profile")
        verbose_name_plural = _("requests for the activity profile")
        constraints = [
            # One open request per organisation: a second send while one is open is refused.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(closed_at__isnull=True),
                name="profile_request_one_open",
            ),
            # A request closes only when a profile is submitted, and names that profile.
            models.CheckConstraint(
                name="profile_request_closed_by_profile",
                condition=Q(closed_at__isnull=True, profile__isnull=True)
                | Q(closed_at__isnull=False, profile__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.created_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

"""Certification of actors; see docs/ARCHITECTURE.md."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.choices import CertificationStatus
from nsp.accounts.models import Organisation
from nsp.models import DomainModel


class Certification(DomainModel):
    """An actor's certification: its current status (changes kept in history)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="certification",
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=CertificationStatus.choices,
        default=CertificationStatus.NOT_STARTED,
    )
    certified_on = models.DateField(_("certified on"), null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                name="certification_status_valid",
                condition=Q(status__in=sorted(CertificationStatus.values)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_status_display()}"

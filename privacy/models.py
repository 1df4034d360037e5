"""Records of the data-protection lifecycle: register extracts and erasures.

Both keep the case's UUID and number as plain values (no foreign key), so that they
survive the case's deletion and never block it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsp.models import DomainModel
from privacy.choices import ErasureKind


class ExtractRequest(DomainModel):
    """A data subject's request for a register extract (registerutdrag): who, when, why."""

    case_id = models.UUIDField(_("case"), db_index=True)
    case_number = models.CharField(_("case number"), max_length=12, blank=True)
    reason = models.TextField(_("reason for the extract"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("register extract")
        verbose_name_plural = _("register extracts")
        constraints = [
            models.CheckConstraint(name="extract_has_reason", condition=~models.Q(reason=""))
        ]

    def __str__(self) -> str:
        return f"{self.case_number or self.case_id} {self.created_at:%Y-%m-%d}"


class ErasureRecord(DomainModel):
    """A case whose personal data was removed (by retention or on request), kept for ever."""

    case_id = models.UUIDField(_("case"), unique=True)
    case_number = models.CharField(_("case number"), max_length=12, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ErasureKind.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("performed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # What was touched, e.g. {"cases.case": 3, "files": 2} (fields or rows per model).
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        constraints = [
            models.CheckConstraint(name="erasure_has_reason", condition=~models.Q(reason="")),
            models.CheckConstraint(
                name="erasure_request_has_decider",
                condition=models.Q(kind="retention") | ~models.Q(decided_by=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_number or self.case_id} ({self.get_kind_display()})"

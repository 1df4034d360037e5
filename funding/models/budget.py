"""Budget periods, streams with allocations, and transfers between streams."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from funding.choices import Stream
from nsp.models import DomainModel


class BudgetPeriod(DomainModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # A closed period takes no new decisions, transfers or corrections.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("budget period")
        verbose_name_plural = _("budget periods")
        constraints = [
            models.CheckConstraint(
                name="budget_period_in_order", condition=Q(ends_on__gte=F("starts_on"))
            )
        ]

    def __str__(self) -> str:
        return self.name


class BudgetStream(DomainModel):
    period = models.ForeignKey(BudgetPeriod, on_delete=models.PROTECT, related_name="streams")
    stream = models.CharField(_("stream"), max_length=20, choices=Stream.choices)
    allocation = models.DecimalField(
        _("allocation"),
        validators=[MinValueValidator(Decimal("0"))],
        max_digits=12,
        decimal_places=2,
    )

    class Meta:
        ordering = ["period", "stream"]
        verbose_name = _("budget stream")
        verbose_name_plural = _("budget streams")
        constraints = [
            models.UniqueConstraint(fields=["period", "stream"], name="one_stream_per_period"),
            models.CheckConstraint(name="allocation_not_negative", condition=Q(allocation__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.period} – {self.get_stream_display()}"


class BudgetTransfer(DomainModel):
    source = models.ForeignKey(
        BudgetStream, verbose_name=_("from"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    target = models.ForeignKey(
        BudgetStream, verbose_name=_("to"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    amount = models.DecimalField(
        _("amount"),
        validators=[MinValueValidator(Decimal("0.01"))],
        max_digits=12,
        decimal_places=2,
    )
    made_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Entered after the fact (from paper): who entered it; ``created_at`` says when.
    recorded_afterwards_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["made_on", "created_at"]
        verbose_name = _("budget transfer")
        verbose_name_plural = _("budget transfers")
        constraints = [
            models.CheckConstraint(name="transfer_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="transfer_between_streams", condition=~Q(source=F("target"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.amount}"

"""Rates and caps (programme phases), loaded forms and the intervention list; the
private storage of uploads."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from funding import rates
from nsp.models import DomainModel


def private_storage() -> FileSystemStorage:
    """Uploads live under MEDIA_ROOT/private: never served by the web server, only
    through the permission-checked views in ``funding.views``."""
    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)


def private_name(instance: models.Model, filename: str) -> str:
    """A random stored name (the uploaded filename may carry a person's name) with the
    suffix of the detected content, never the uploaded one (``nsp.uploads``)."""
    from nsp.uploads import detected_suffix

    return f"funding/{uuid.uuid4().hex}{detected_suffix(instance, filename)}"


class ProgrammePhase(DomainModel):
    """A phase of the programme with its day rates and caps (pilot part 1, part 2, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=False)
    # Set when the programme manager activates the phase from ``starts_on`` (which may lie
    # ahead: the phase in force on a day is ``funding.selectors.phase_in_force``).
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rest_housing_rate = models.DecimalField(
        _("30 days: housing and food per day"),
        default=Decimal("600"),
        max_digits=12,
        decimal_places=2,
    )
    rest_support_rate = models.DecimalField(
        _("30 days: protection and support per day"),
        default=Decimal("600"),
        max_digits=12,
        decimal_places=2,
    )
    child_supplement_rate = models.DecimalField(
        _("child supplement per child and day"),
        default=Decimal("300"),
        max_digits=12,
        decimal_places=2,
    )
    integration_housing_rate = models.DecimalField(
        _("90 days: housing and food per day"),
        default=Decimal("600"),
        max_digits=12,
        decimal_places=2,
    )
    integration_support_rate = models.DecimalField(
        _("90 days: integration work per day"),
        default=Decimal("600"),
        max_digits=12,
        decimal_places=2,
    )
    rest_max_days = models.PositiveSmallIntegerField(_("30 days: maximum days"), default=30)
    integration_max_days = models.PositiveSmallIntegerField(_("90 days: maximum days"), default=90)
    occasion_cap = models.DecimalField(
        _("interventions: cap per person and occasion"),
        default=Decimal("5000"),
        max_digits=12,
        decimal_places=2,
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_phase"
            ),
            models.CheckConstraint(
                name="phase_rates_not_negative",
                condition=Q(rest_housing_rate__gte=0)
                & Q(rest_support_rate__gte=0)
                & Q(child_supplement_rate__gte=0)
                & Q(integration_housing_rate__gte=0)
                & Q(integration_support_rate__gte=0)
                & Q(occasion_cap__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def rest_day_rate(
        self, *, include_housing: bool, include_support: bool, children: int
    ) -> rates.DayRate:
        return rates.rest_day_rate(
            housing_rate=self.rest_housing_rate,
            support_rate=self.rest_support_rate,
            child_rate=self.child_supplement_rate,
            include_housing=include_housing,
            include_support=include_support,
            children=children,
        )

    def integration_day_rate(self) -> rates.DayRate:
        return rates.integration_day_rate(
            housing_rate=self.integration_housing_rate,
            support_rate=self.integration_support_rate,
        )


class FundingForm(DomainModel):
    """A loaded edition of a funding questionnaire (NSP/IA/Dok.06, AI/Dok.07, OB/Dok.08)."""

    code = models.CharField(_("code"), max_length=40)
    edition = models.CharField(_("edition"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))

    class Meta:
        verbose_name = _("funding form")
        verbose_name_plural = _("funding forms")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="funding_form_edition")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.edition})"


class InterventionCatalogue(DomainModel):
    """An edition of the intervention list (NSP/IL/Dok.05)."""

    code = models.CharField(_("code"), max_length=40)
    edition = models.CharField(_("edition"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    occasion_cap = models.DecimalField(
        _("cap per person and occasion"), max_digits=12, decimal_places=2
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("intervention list")
        verbose_name_plural = _("intervention lists")
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="intervention_list_edition")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.edition})"


class InterventionItem(DomainModel):
    catalogue = models.ForeignKey(
        InterventionCatalogue, on_delete=models.PROTECT, related_name="items"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    max_unit_cost = models.DecimalField(_("maximum cost per unit"), max_digits=12, decimal_places=2)
    category = models.CharField(_("category"), max_length=40)
    requires_motivation = models.BooleanField(_("requires description and motivation"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["catalogue", "position"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="intervention_item_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} (max {self.max_unit_cost:.0f} / {self.unit})"

"""Writes for the programme set-up: phases with their rates and caps, and their activation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import ProgrammePhase
from funding.permissions import can_manage_programme
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version


def _check(by: User) -> None:
    if not can_manage_programme(by):
        raise ValidationError(_("Only the programme manager sets up the programme."))


@transaction.atomic
def phase_create(
    *,
    by: User,
    name: str,
    starts_on: date,
    rest_housing_rate: Decimal,
    rest_support_rate: Decimal,
    child_supplement_rate: Decimal,
    integration_housing_rate: Decimal,
    integration_support_rate: Decimal,
    occasion_cap: Decimal,
    rest_max_days: int = 30,
    integration_max_days: int = 90,
) -> ProgrammePhase:
    """A new phase with its rates; it applies to nothing until it is activated."""
    _check(by)
    phase = ProgrammePhase(
        name=name,
        starts_on=starts_on,
        rest_housing_rate=rest_housing_rate,
        rest_support_rate=rest_support_rate,
        child_supplement_rate=child_supplement_rate,
        integration_housing_rate=integration_housing_rate,
        integration_support_rate=integration_support_rate,
        occasion_cap=occasion_cap,
        rest_max_days=rest_max_days,
        integration_max_days=integration_max_days,
    )
    phase._history_user = by  # type: ignore[attr-defined]
    phase.full_clean()
    phase.save()
    return phase


@transaction.atomic
def phase_activate(*, phase: ProgrammePhase, starts_on: date, by: User) -> ProgrammePhase:
    """Activate ``phase`` from ``starts_on`` (today, earlier or later).

    1. Lock every phase (a fixed order: two activations cannot interleave).
    2. Refuse a phase already activated, and a date on or before the start of another
       activated phase (the phases follow each other; none is rewritten backwards).
    3. The phase in force before that day ends the day before; the new one starts that day.
    4. ``is_active`` follows the phase in force today (the one-active constraint holds).
    Applications and decisions keep the phase they used; the rates of later ones change.
    """
    _check(by)
    bump_statistics_version()  # the statistics count what this changes
    phases = {p.pk: p for p in ProgrammePhase.objects.select_for_update().order_by("pk")}
    locked = phases[phase.pk]
    if locked.activated_at is not None:
        raise ValidationError(_("This phase has already been activated."))
    activated = [p for p in phases.values() if p.activated_at is not None or p.is_active]
    if any(p.starts_on >= starts_on for p in activated):
        raise ValidationError(
            _("Another phase is already activated from that date or later; pick a later date.")
        )
    previous = max(activated, key=lambda p: p.starts_on, default=None)
    today = timezone.localdate()
    if previous is not None:
        previous.ends_on = starts_on - timedelta(days=1)
        if starts_on <= today:
            previous.is_active = False
        previous._history_user = by  # type: ignore[attr-defined]
        previous.save(update_fields=["ends_on", "is_active", "updated_at"])
    locked.starts_on = starts_on
    locked.ends_on = None
    locked.activated_at = timezone.now()
    locked.activated_by = by
    locked.is_active = starts_on <= today
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked

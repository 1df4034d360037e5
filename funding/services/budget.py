"""Writes for the budget: periods, streams, allocations and transfers between streams."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import BudgetPeriod, BudgetStream, BudgetTransfer
from funding.permissions import can_manage_programme
from funding.selectors import period_in_use, stream_remaining
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version


def _check_no_overlap(starts_on: date, ends_on: date, exclude: BudgetPeriod | None) -> None:
    """A day belongs to one budget period: a decision draws from the period of its date."""
    if ends_on < starts_on:
        raise ValidationError(_("The period ends before it starts."))
    overlapping = BudgetPeriod.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    if overlapping.exists():
        raise ValidationError(_("The dates overlap another budget period."))


@transaction.atomic
def budget_period_create(
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    allocations: dict[str, Decimal],
    by: User | None = None,
) -> BudgetPeriod:
    """A budget period with an allocation per stream (``by`` is checked when given; the
    demo and the tests build periods without a person)."""
    if by is not None and not can_manage_programme(by):
        raise ValidationError(_("Only the programme manager sets up the programme."))
    bump_statistics_version()  # the statistics count what this changes
    BudgetPeriod.objects.select_for_update().all().exists()  # one period write at a time
    _check_no_overlap(starts_on, ends_on, None)
    period = BudgetPeriod(name=name, starts_on=starts_on, ends_on=ends_on)
    period._history_user = by  # type: ignore[attr-defined]
    period.full_clean()
    period.save()
    for stream, allocation in allocations.items():
        row = BudgetStream(period=period, stream=stream, allocation=allocation)
        row._history_user = by  # type: ignore[attr-defined]
        row.full_clean()
        row.save()
    return period


@transaction.atomic
def budget_period_correct(
    *,
    period: BudgetPeriod,
    by: User,
    name: str,
    starts_on: date,
    ends_on: date,
    allocations: dict[str, Decimal],
) -> BudgetPeriod:
    """Correct a period's dates and allocations before it is used: once a decision draws
    from it or a transfer was made in it, only transfers move money."""
    if not can_manage_programme(by):
        raise ValidationError(_("Only the programme manager sets up the programme."))
    bump_statistics_version()  # the statistics count what this changes
    locked = BudgetPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.closed_on is not None:
        raise ValidationError(_("The budget period is closed."))
    if period_in_use(locked):
        raise ValidationError(
            _("The budget period is already in use; move money with a transfer instead.")
        )
    _check_no_overlap(starts_on, ends_on, locked)
    locked.name, locked.starts_on, locked.ends_on = name, starts_on, ends_on
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    existing = {s.stream: s for s in BudgetStream.objects.select_for_update().filter(period=locked)}
    for stream, allocation in allocations.items():
        row = existing.get(stream) or BudgetStream(period=locked, stream=stream)
        row.allocation = allocation
        row._history_user = by  # type: ignore[attr-defined]
        row.full_clean()
        row.save()
    return locked


@transaction.atomic
def budget_period_close(*, period: BudgetPeriod, by: User) -> BudgetPeriod:
    """Close a period: it takes no new decisions, transfers or corrections afterwards."""
    if not can_manage_programme(by):
        raise ValidationError(_("Only the programme manager sets up the programme."))
    bump_statistics_version()  # the statistics count what this changes
    locked = BudgetPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.closed_on is not None:
        raise ValidationError(_("The budget period is closed."))
    locked.closed_on = timezone.localdate()
    locked.closed_by = by
    locked._history_user = by  # type: ignore[attr-defined]
    locked.save(update_fields=["closed_on", "closed_by", "updated_at"])
    return locked


@transaction.atomic
def budget_transfer_make(
    *,
    source: BudgetStream,
    target: BudgetStream,
    amount: Decimal,
    made_on: date,
    reason: str,
    by: User,
    afterwards: bool = False,
) -> BudgetTransfer:
    """Move money between two streams of the same period; the source keeps what it has
    committed (both rows are locked in a fixed order so that two transfers cannot deadlock)."""
    bump_statistics_version()  # the statistics count what this changes
    if source.period_id != target.period_id:
        raise ValidationError(_("Transfers are made between streams of the same budget period."))
    first, second = sorted([source.pk, target.pk])
    locked = {
        s.pk: s for s in BudgetStream.objects.select_for_update().filter(pk__in=[first, second])
    }
    if BudgetPeriod.objects.filter(pk=source.period_id, closed_on__isnull=False).exists():
        raise ValidationError(_("The budget period is closed."))
    remaining = stream_remaining(locked[source.pk])
    if amount > remaining:
        raise ValidationError(
            _("%(stream)s has only %(remaining)s SEK left; the transfer is %(amount)s SEK.")
            % {
                "stream": locked[source.pk].get_stream_display(),
                "remaining": f"{remaining:.0f}",
                "amount": f"{amount:.0f}",
            }
        )
    transfer = BudgetTransfer(
        source=locked[source.pk],
        target=locked[target.pk],
        amount=amount,
        made_on=made_on,
        reason=reason,
        made_by=by,
        recorded_afterwards_by=by if afterwards else None,
    )
    transfer._history_user = by  # type: ignore[attr-defined]
    transfer.full_clean()
    transfer.save()
    return transfer

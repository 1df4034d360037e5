"""Writes for the budget: periods, streams, allocations and transfers between streams."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funding.models import BudgetPeriod, BudgetStream, BudgetTransfer
from funding.selectors import stream_remaining
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version


@transaction.atomic
def budget_period_create(
    *, name: str, starts_on: date, ends_on: date, allocations: dict[str, Decimal]
) -> BudgetPeriod:
    bump_statistics_version()  # the statistics count what this changes
    period = BudgetPeriod(name=name, starts_on=starts_on, ends_on=ends_on)
    period.full_clean()
    period.save()
    for stream, allocation in allocations.items():
        row = BudgetStream(period=period, stream=stream, allocation=allocation)
        row.full_clean()
        row.save()
    return period


@transaction.atomic
def budget_transfer_make(
    *,
    source: BudgetStream,
    target: BudgetStream,
    amount: Decimal,
    made_on: date,
    reason: str,
    by: User,
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
    )
    transfer._history_user = by  # type: ignore[attr-defined]
    transfer.full_clean()
    transfer.save()
    return transfer

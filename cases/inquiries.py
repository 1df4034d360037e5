"""Writes for inquiries (förfrågningar): recorded by any actor for itself or the coordinator
(``cases.services`` re-exports these)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Inquiry
from nsp.accounts.models import Organisation, User
from nsp.cache import bump_statistics_version


@transaction.atomic
def inquiry_record(
    *,
    organisation: Organisation | None,
    by: User,
    received_on: date,
    from_whom: str,
    description: str,
    outcome: str = "",
) -> Inquiry:
    """Any actor (for itself) or the coordinator records an inquiry; no certification needed."""
    bump_statistics_version()  # the statistics count what this changes
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    inquiry = Inquiry(
        organisation=organisation,
        recorded_by=by,
        received_on=received_on,
        from_whom=from_whom,
        description=description,
        outcome=outcome,
    )
    inquiry.full_clean()
    inquiry.save()
    return inquiry


@transaction.atomic
def inquiry_update(
    *,
    inquiry: Inquiry,
    by: User,
    received_on: date,
    from_whom: str,
    description: str,
    outcome: str = "",
) -> Inquiry:
    """Correct an inquiry or record its outcome (changes are kept in history)."""
    bump_statistics_version()  # the statistics count what this changes
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)  # keeps a linked case
    inquiry.received_on, inquiry.from_whom = received_on, from_whom
    inquiry.description, inquiry.outcome = description, outcome
    inquiry._history_user = by  # type: ignore[attr-defined]
    inquiry.full_clean()
    inquiry.save()
    return inquiry

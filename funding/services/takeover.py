"""A public body takes over a granted flat-rate period: NSP's period and amount end that day."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from funding.choices import GRANTING_OUTCOMES, PublicBody
from funding.models import Decision
from funding.selectors import is_replaced
from funding.services.payments import amount_ending
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from nsp.permissions import can_decide


@transaction.atomic
def decision_record_takeover(
    *, decision: Decision, taken_over_on: date, taken_over_by: str, by: User
) -> Decision:
    """A public body took over (reflection period, asylum accommodation, social services):
    NSP's period ends that day — the day itself is the public body's — and so does the
    amount; the difference goes back to the stream."""
    bump_statistics_version()  # the statistics count what this changes
    if not can_decide(by):
        raise ValidationError(_("Only the coordinator records a takeover."))
    if taken_over_by == PublicBody.EXIT:
        raise ValidationError(_("A period ends at the exit only by closing the case."))
    locked = (
        Decision.objects.select_for_update()
        .select_related("application__phase")
        .get(pk=decision.pk)
    )
    if (
        locked.outcome not in GRANTING_OUTCOMES
        or locked.granted_start is None
        or locked.granted_end is None
    ):
        raise ValidationError(_("Only a granted period can end early."))
    if is_replaced(locked):
        # A granted reconsideration replaced it: the period in force is the new decision's.
        raise ValidationError(
            _("This decision was replaced by a reconsideration; record the takeover on that.")
        )
    if locked.taken_over_on is not None:
        raise ValidationError(_("A takeover has already been recorded for this period."))
    if not (locked.granted_start <= taken_over_on <= locked.granted_end):
        raise ValidationError(_("The takeover date must fall within the granted period."))
    locked.taken_over_on = taken_over_on
    locked.taken_over_by = taken_over_by
    locked.draw = amount_ending(locked, taken_over_on)
    locked.spent = True
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    return locked

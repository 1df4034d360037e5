"""Step 3 (writes): the annual follow-up's re-assessment against the minimum requirements.

The re-assessment is an ``Assessment`` like the certification visit (step 2): the same
answer rows, the same recording and completion (``services.assessment_record`` /
``assessment_complete``), whose items not met make the new action plan. Recording the
follow-up itself is ``services.followup_record``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from certification import services, year
from certification.choices import CatalogueKind, FollowUpStatus, Outcome
from certification.models import Assessment, AssessmentAnswer, FollowUp
from nsp.accounts.models import User


@transaction.atomic
def followup_assessment_open(
    *, followup: FollowUp, by: User, visit_date: datetime.date | None = None
) -> Assessment:
    """Open the follow-up's re-assessment on the newest minimum-requirements edition,
    pre-filled from the actor's last completed one (or return the one already open).

    1. Lock the follow-up; it must still be scheduled.
    2. Open an assessment (one answer row per requirement) and link it to the follow-up.
    3. Copy answer, recommendation and outcome per requirement number from the previous
       completed minimum-requirements assessment. A requirement not met then whose action
       item is closed since is pre-filled as met; one whose action is still open keeps
       the action's deadline as the agreed deadline (completion continues that action).
    """
    followup = services._locked(followup)
    if followup.status != FollowUpStatus.SCHEDULED:
        raise ValidationError(_("This follow-up is already recorded."))
    if followup.assessment_id is not None:
        assert followup.assessment is not None
        return followup.assessment
    catalogue = services._latest_catalogue(CatalogueKind.MINIMUM_REQUIREMENTS)
    previous = year.previous_minimum_assessment(followup.organisation)
    assessment = services.assessment_open(
        organisation=followup.organisation, catalogue=catalogue, by=by, visit_date=visit_date
    )
    if previous is not None:
        _prefill(assessment, previous, by)
    followup.assessment = assessment
    followup.full_clean()
    followup.save()
    return assessment


def _prefill(assessment: Assessment, previous: Assessment, by: User) -> None:
    earlier = {a.item.number: a for a in previous.answers.select_related("item").order_by()}
    still_open = services._open_actions_by_number(assessment)
    rows = list(assessment.answers.select_related("item"))
    now = timezone.now()
    for row in rows:
        row.updated_at = now
        before = earlier.get(row.item.number)
        if before is None:
            continue
        row.answer = before.answer
        row.recommendation = before.recommendation
        row.outcome = before.outcome
        action = still_open.get(row.item.number)
        if action is not None:
            row.agreed_deadline = action.deadline
        elif before.outcome and before.outcome != Outcome.MET:
            row.outcome = Outcome.MET  # its action has been closed since
    # In history like every other write (one historical row per answer, by ``by``).
    bulk_update_with_history(
        rows,
        AssessmentAnswer,
        ["answer", "recommendation", "outcome", "agreed_deadline", "updated_at"],
        default_user=by,
    )

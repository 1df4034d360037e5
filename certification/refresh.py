"""The daily refresh of the certification status (``manage.py certification_refresh``):
follow-ups due within 30 days or overdue move the status through the one transition service."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.choices import CertificationStatus as S
from certification.choices import FollowUpStatus
from certification.models import FollowUp
from certification.services import certification_get_or_create, certification_transition


@transaction.atomic
def certification_refresh(*, today: datetime.date | None = None) -> int:
    """Mark follow-ups due (within 30 days) or overdue; returns how many changed.

    Run daily (``manage.py certification_refresh``) and by the demo seeder.
    """
    today = today or timezone.localdate()
    changed = 0
    for followup in FollowUp.objects.filter(status=FollowUpStatus.SCHEDULED).select_related(
        "organisation"
    ):
        cert = certification_get_or_create(organisation=followup.organisation)
        target = None
        if followup.due_on < today and cert.status in (S.CERTIFIED, S.FOLLOW_UP_DUE):
            target = S.FOLLOW_UP_OVERDUE
            if cert.status == S.CERTIFIED:
                certification_transition(
                    organisation=followup.organisation,
                    to_status=S.FOLLOW_UP_DUE,
                    by=None,
                    reason=_("Annual follow-up due on %(date)s.") % {"date": followup.due_on},
                    on=today,
                )
        elif followup.due_on <= today + datetime.timedelta(days=30) and cert.status == S.CERTIFIED:
            target = S.FOLLOW_UP_DUE
        if target:
            certification_transition(
                organisation=followup.organisation,
                to_status=target,
                by=None,
                reason=_("Annual follow-up due on %(date)s.") % {"date": followup.due_on},
                on=today,
            )
            changed += 1
    return changed

"""Writes for step 1 on request: the coordinator asks an organisation's manager to fill
in the activity profile (issue 18); the request closes when a profile is submitted.

The notification to the managers is sent after the commit by ``reports.events`` (through
``nsp.events.publish``), naming no person: only that step 1 is asked for, with a link.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.choices import ProfileStatus
from certification.models import ActivityProfile, ProfileRequest
from certification.selectors import organisation_managers
from nsp.accounts.models import Organisation, User
from nsp.events import publish


@transaction.atomic
def profile_request_send(
    *, organisation: Organisation, by: User, message: str = ""
) -> ProfileRequest:
    """Ask the organisation's manager(s) to fill in step 1.

    1. Lock the organisation's row, so that two sends at once make one request.
    2. Refuse when the organisation has no active manager account (nothing is sent), when
       a request is already open, or when a profile waits for review.
    3. Record the request (who, when, message) and have the managers notified on commit.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation_managers(organisation.pk).exists():
        raise ValidationError(
            _(
                "%(name)s has no manager account yet, so nothing was sent. Fill in the "
                "activity profile for the organisation, or have the administrator create "
                "the manager's account first."
            )
            % {"name": organisation.name}
        )
    already = ProfileRequest.objects.filter(
        organisation=organisation, closed_at__isnull=True
    ).first()
    if already is not None:
        raise ValidationError(
            _("A request was already sent on %(date)s; it is open until a profile is submitted.")
            % {"date": date_format(timezone.localtime(already.created_at), "Y-m-d")}
        )
    if ActivityProfile.objects.filter(
        organisation=organisation, status=ProfileStatus.SUBMITTED
    ).exists():
        raise ValidationError(
            _("The activity profile has been submitted and waits for your review.")
        )
    request = ProfileRequest(organisation=organisation, requested_by=by, message=message.strip())
    request.full_clean()
    request.save()
    publish("profile_requested", request_id=request.pk)
    return request


def profile_requests_close(*, profile: ActivityProfile) -> int:
    """A submitted profile answers the organisation's open request (called by
    ``services.profile_save`` inside its transaction). Returns how many closed."""
    now = timezone.now()
    closed = 0
    for request in ProfileRequest.objects.select_for_update().filter(
        organisation_id=profile.organisation_id, closed_at__isnull=True
    ):
        request.closed_at = now
        request.profile = profile
        request.full_clean()
        request.save()
        closed += 1
    return closed

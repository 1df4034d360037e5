"""The staff register (minimum requirement 1): writes and reads.

Seed 000, minimum requirement 1: "Personal verksam på boendet ska ha genomgått
Stödprogrammets grundutbildning *Människohandel*." The actor's manager keeps the register
(name, role, start and end date); the coordinator records, on each of the programme's
training events, which staff members attended; the requirement's status is read from both.
Rules: docs/RULES.md, "Staff register and minimum requirement 1".
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import EventAttendance, TrainingEvent
from certification.staff_models import StaffMember, StaffTraining
from nsp.accounts.models import Organisation, User

# --- Writes -------------------------------------------------------------------------


@transaction.atomic
def staff_member_save(
    *,
    organisation: Organisation,
    by: User,
    name: str,
    role: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    member: StaffMember | None = None,
) -> StaffMember:
    """Add a person to the register, or change one (re-read under lock)."""
    if member is None:
        member = StaffMember(organisation=organisation)
    else:
        member = StaffMember.objects.select_for_update().get(pk=member.pk)
        if member.organisation_id != organisation.pk:
            raise ValidationError(_("The person belongs to another organisation's register."))
    member.name = name.strip()
    member.role = role.strip()
    member.started_on = started_on
    member.ended_on = ended_on
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("The end date cannot be before the start date.")})
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def event_staff_set(*, event: TrainingEvent, members: Iterable[StaffMember]) -> None:
    """Record exactly ``members`` as the staff who attended ``event``.

    1. Lock the event, so that two coordinators saving the same list do not interleave.
    2. Add the new persons, remove those no longer ticked.
    3. Each organisation whose persons changed gets its attendance row (the count of its
       persons, read by the annual follow-up) set, or removed when none is left.
    """
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    wanted = {m.pk: m for m in members}
    current = {
        t.staff_member_id: t
        for t in StaffTraining.objects.filter(event=event).select_related("staff_member")
    }
    touched: set[uuid.UUID] = set()
    for pk, member in wanted.items():
        if pk not in current:
            StaffTraining.objects.create(event=event, staff_member=member)
            touched.add(member.organisation_id)
    for pk, training in current.items():
        if pk not in wanted:
            training.delete()
            touched.add(training.staff_member.organisation_id)
    counts = dict(
        StaffTraining.objects.filter(event=event, staff_member__organisation__in=touched)
        .values_list("staff_member__organisation")
        .annotate(n=Count("pk"))
    )
    for organisation_id in touched:
        n = counts.get(organisation_id, 0)
        if n:
            EventAttendance.objects.update_or_create(
                event=event, organisation_id=organisation_id, defaults={"participants": n}
            )
        else:
            EventAttendance.objects.filter(event=event, organisation_id=organisation_id).delete()


# --- Reads --------------------------------------------------------------------------


def staff_register(organisation: Organisation) -> QuerySet[StaffMember]:
    """The organisation's register, each person with the trainings attended."""
    trainings = StaffTraining.objects.select_related("event").order_by("event__held_on")
    return StaffMember.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("trainings", queryset=trainings)
    )


def active_staff(on: datetime.date) -> Q:
    """Working at the actor on ``on``: started, and not yet ended."""
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


@dataclass
class RequirementOne:
    """Minimum requirement 1 as the register shows it on one day."""

    on: datetime.date
    active: int = 0
    lacking: list[StaffMember] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return self.active > 0 and not self.lacking

    @property
    def empty(self) -> bool:
        return self.active == 0


def requirement_one(organisation: Organisation, on: datetime.date | None = None) -> RequirementOne:
    """Met when every person working at the actor on ``on`` has attended an event marked
    as the programme's basic training (held on or before ``on``); an empty register is not
    met (nobody is shown to have the training)."""
    on = on or timezone.localdate()
    trained = StaffTraining.objects.filter(
        staff_member=OuterRef("pk"), event__basic_training=True, event__held_on__lte=on
    )
    staff = (
        StaffMember.objects.filter(active_staff(on), organisation=organisation)
        .annotate(trained=Exists(trained))
        .order_by("name")
    )
    result = RequirementOne(on=on)
    for member in staff:
        result.active += 1
        if not member.trained:
            result.lacking.append(member)
    return result


def event_candidates(event: TrainingEvent) -> QuerySet[StaffMember]:
    """Whom the coordinator may tick for ``event``: staff of active actors working on the
    event's date, and anyone already recorded (so that an old list stays editable)."""
    return (
        StaffMember.objects.filter(
            (active_staff(event.held_on) & Q(organisation__is_active=True))
            | Q(trainings__event=event)
        )
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "name")
    )

"""The staff register of an actor and the training each person attended (minimum
requirement 1: "Personal verksam på boendet ska ha genomgått Stödprogrammets
grundutbildning Människohandel", seed 000). Imported by ``certification.models``."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nsp.accounts.models import Organisation
from nsp.models import DomainModel


class StaffMember(DomainModel):
    """One person working at an actor (staff, not a victim: the full name is kept)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="staff_members",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["name", "started_on"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                name="staff_member_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
            models.CheckConstraint(name="staff_member_has_name", condition=~Q(name="")),
        ]

    def __str__(self) -> str:
        return self.name


class StaffTraining(DomainModel):
    """A staff member's attendance at one of the programme's training events."""

    event = models.ForeignKey(
        "certification.TrainingEvent",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="staff_attendance",
    )
    staff_member = models.ForeignKey(
        StaffMember,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="trainings",
    )

    class Meta:
        ordering = ["event__held_on"]
        verbose_name = _("training attended")
        verbose_name_plural = _("trainings attended")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff_member"], name="staff_training_once_per_event"
            )
        ]

"""The case's implementation plan (genomförandeplan, seed 001): the plan as a whole and its
rows. Re-exported by ``cases.models``."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nsp.models import DomainModel


class ImplementationPlan(DomainModel):
    """The case's implementation plan (genomförandeplan) as a whole — seed 001's list.

    Its activities are ``PlanItem`` rows; this holds what concerns the plan as a whole.
    """

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="plan"
    )
    goals = models.TextField(_("goals of the support (according to the decision)"))
    collaboration = models.TextField(
        _("collaboration with the coordinator, other providers and authorities"), blank=True
    )
    person_participated = models.BooleanField(
        _("the person took part in the planning"), default=True
    )
    person_views = models.TextField(
        _("how the person's views and wishes were taken into account"), blank=True
    )
    other_participants = models.TextField(_("others who took part in the planning"), blank=True)
    established_on = models.DateField(_("plan established on"))
    follow_up_on = models.DateField(_("the plan is followed up on"), null=True, blank=True)
    follow_up_how = models.TextField(_("how the plan is followed up"), blank=True)

    class Meta:
        verbose_name = _("implementation plan")
        verbose_name_plural = _("implementation plans")

    def __str__(self) -> str:
        return str(_("Implementation plan"))


class PlanItem(DomainModel):
    """One row of the implementation/needs plan (genomförandeplan): a goal and its follow-up."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="plan_items"
    )
    goal = models.TextField(_("goal"))
    activities = models.TextField(_("activities"))
    responsible = models.CharField(_("responsible"), max_length=200)
    when_how = models.TextField(_("when and how it is carried out"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"))
    follow_up_how = models.TextField(_("how it is followed up"), blank=True)
    done_on = models.DateField(_("followed up on"), null=True, blank=True)
    outcome = models.TextField(_("outcome of the follow-up"), blank=True)

    class Meta:
        ordering = ["follow_up_on", "created_at"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        indexes = [
            models.Index(fields=["case", "done_on", "follow_up_on"], name="planitem_due"),
            models.Index(
                fields=["follow_up_on"],
                condition=Q(done_on__isnull=True),
                name="planitem_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.goal[:60]

"""The actors' yearly evaluation survey (002, "BILAGA Utvärdering av piloten").

The questions are the seed's, field for field (``surveys.questions`` orders them and says
which answer each follow-up question belongs to); rules in docs/RULES.md, "The actors'
evaluation survey".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nsp.accounts.models import Organisation
from nsp.models import DomainModel
from surveys.choices import ResponseStatus, SurveyStatus

USER = settings.AUTH_USER_MODEL
FIRST_YEAR = 2015  # the pilot (002: "Presentation av en pilot 2015-2016")


class Survey(DomainModel):
    """One year's round of the survey, opened (and closed) by the coordinator."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.OPEN
    )
    opened_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("evaluation survey")
        verbose_name_plural = _("evaluation surveys")
        constraints = [
            models.CheckConstraint(
                name="survey_status_valid", condition=Q(status__in=sorted(SurveyStatus.values))
            ),
            models.CheckConstraint(
                name="survey_year_from_the_pilot", condition=Q(year__gte=FIRST_YEAR)
            ),
            models.CheckConstraint(
                name="survey_closed_has_date",
                condition=Q(status=SurveyStatus.OPEN) | Q(closed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


def _yes_no(label: StrOrPromise) -> Any:
    return models.BooleanField(label, null=True, blank=True)


def _text(label: StrOrPromise) -> Any:
    return models.TextField(label, blank=True)


class SurveyResponse(DomainModel):
    """One actor's answers to one year's survey: a draft, then submitted (and locked)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    saved_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # 1. Funding through NSP
    q1_applied = _yes_no(_("1. Have you applied for funds through NSP?"))
    q1_forms = _text(_("If yes: How was it to fill in the forms and send in the application?"))
    q1_handling = _text(_("If yes: What do you think of the handling of cases and decisions?"))
    q1_why_not = _text(_("If no: Why not?"))
    q1_more_support = _text(_("If no: Do you need more support/help/resources to use NSP?"))
    # 2. The needs-assessment manuals
    q2_manuals = _yes_no(_("2. Do you use the needs-assessment manuals in all cases?"))
    q2_why_not = _text(_("If no, why not?"))
    # 3. The certification process
    q3_participated = _yes_no(_("3. The certification process. Have you taken part in it?"))
    q3_support = _text(
        _("If yes: Have you had the support and help you need to meet the criteria?")
    )
    q3_effort = _text(
        _(
            "If yes: How much work do you estimate it takes for your organisation to be "
            "certified? Or do you already meet them?"
        )
    )
    q3_why_not = _text(_("If no: Why not?"))
    q3_needs = _text(
        _(
            "If no: What help/support/resources do you think are needed for you to apply "
            "for certification?"
        )
    )
    q4_criteria = _text(
        _("4. What do you think of the criteria for certification? Good, or too high, or?")
    )
    q5_public_and_voluntary = _text(
        _(
            "5. How do you see the link between society's efforts and the voluntary support "
            "(NSP, MMM, Return)? Is it clear or are there problems?"
        )
    )
    q6_improve = _text(
        _("6. What do you think should be improved in NSP? What are the biggest shortcomings?")
    )
    q7_best = _text(_("7. What do you think is the best, the biggest advantages of NSP?"))
    q8_other = _text(_("8. Other, anything more you want to add?"))

    class Meta:
        ordering = ["survey", "organisation__name"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_response_once_per_actor"
            ),
            models.CheckConstraint(
                name="survey_response_status_valid",
                condition=Q(status__in=sorted(ResponseStatus.values)),
            ),
            # Submitted: who and when, and the three yes/no questions answered.
            models.CheckConstraint(
                name="survey_response_submitted_complete",
                condition=Q(status=ResponseStatus.DRAFT)
                | Q(
                    submitted_at__isnull=False,
                    submitted_by__isnull=False,
                    q1_applied__isnull=False,
                    q2_manuals__isnull=False,
                    q3_participated__isnull=False,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.year} {self.organisation}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED

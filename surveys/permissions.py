"""Who may do what with the evaluation survey (built on nsp/permissions.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nsp.accounts.choices import Role
from nsp.permissions import ALLOW, AnyUser, Decision, deny, has_role, is_programme
from surveys.models import Survey, SurveyResponse


def can_run_surveys(user: AnyUser) -> Decision:
    """Opening and closing a year's survey: the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the coordinator opens and closes the survey."))


def can_read_survey_answers(user: AnyUser) -> Decision:
    """The answers side by side and their export: the programme roles."""
    if is_programme(user):
        return ALLOW
    return deny(_("Only the coordinator and the programme manager read the answers."))


def can_answer_surveys(user: AnyUser) -> Decision:
    """Each actor's manager answers for the actor."""
    if has_role(user, Role.ACTOR_MANAGER):
        return ALLOW
    return deny(_("Only the organisation's manager answers the survey."))


def can_edit_answers(user: AnyUser, survey: Survey) -> Decision:
    """The manager edits the actor's answers while the survey is open and until submitted."""
    if not can_answer_surveys(user):
        return can_answer_surveys(user)
    if not survey.is_open:
        return deny(_("The survey is closed."))
    organisation = getattr(user, "organisation", None)
    response = SurveyResponse.objects.filter(survey=survey, organisation=organisation).first()
    if response is not None and response.is_submitted:
        return deny(_("The answers have been submitted and can no longer be changed."))
    return ALLOW

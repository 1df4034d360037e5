from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    STEP_1 = "step_1", _("Step 1 – activity profile")
    STEP_2 = "step_2", _("Step 2 – visit and action plan")
    CERTIFIED = "certified", _("Certified")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A certified actor stays entitled to apply while its follow-up is due or even overdue
# (overdue is a reminder to the coordinator, who suspends when it matters).
MAY_FILE_APPLICATIONS = frozenset(
    {
        CertificationStatus.CERTIFIED,
        CertificationStatus.FOLLOW_UP_DUE,
        CertificationStatus.FOLLOW_UP_OVERDUE,
    }
)

S = CertificationStatus
# The only status changes the service accepts (certification_transition).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NOT_STARTED: frozenset({S.STEP_1, S.WITHDRAWN}),
    S.STEP_1: frozenset({S.STEP_2, S.SUSPENDED, S.WITHDRAWN}),
    S.STEP_2: frozenset({S.CERTIFIED, S.STEP_1, S.SUSPENDED, S.WITHDRAWN}),
    S.CERTIFIED: frozenset({S.FOLLOW_UP_DUE, S.SUSPENDED, S.WITHDRAWN}),
    S.FOLLOW_UP_DUE: frozenset({S.CERTIFIED, S.FOLLOW_UP_OVERDUE, S.SUSPENDED, S.WITHDRAWN}),
    S.FOLLOW_UP_OVERDUE: frozenset({S.CERTIFIED, S.SUSPENDED, S.WITHDRAWN}),
    S.SUSPENDED: frozenset({S.CERTIFIED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset({S.STEP_1}),
}


class CatalogueKind(models.TextChoices):
    MINIMUM_REQUIREMENTS = "minimum_requirements", _("Minimum requirements")
    SHELTER_FOLLOWUP = "shelter_followup", _("Shelter follow-up checklist")
    QUALITY_REQUIREMENTS = "quality_requirements", _("Quality requirements")
    ACTIVITY_PROFILE = "activity_profile", _("Activity profile")


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


# A profile in work: not yet accepted. One per organisation (constraint profile_one_open);
# the form opens it (services.profile_for_form).
PROFILE_IN_WORK = (ProfileStatus.DRAFT, ProfileStatus.RETURNED, ProfileStatus.SUBMITTED)


class Assistance(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")
    FINANCIAL = "financial", _("Financial assistance")


class TargetGroup(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    CHILDREN = "children", _("Children")
    ALL = "all", _("Everyone")


class AssessmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done – awaiting verification")
    CLOSED = "closed", _("Closed")


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")

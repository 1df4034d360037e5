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

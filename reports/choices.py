from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    PERIOD_END = "period_end", _("Support period ends")
    REPORT_DUE = "report_due", _("Report due")
    ACTION_DUE = "action_due", _("Action-plan deadline")
    FOLLOW_UP_DUE = "follow_up_due", _("Annual follow-up due")
    DECISION = "decision", _("Decision made")
    APPLICATION = "application", _("Funding application")
    INVOICE = "invoice", _("Invoice")
    ACTION_PLAN = "action_plan", _("Action plan")
    JOURNAL = "journal", _("Case journal")
    PLAN_DUE = "plan_due", _("Implementation plan due")
    PLAN_FOLLOW_UP = "plan_follow_up", _("Implementation plan follow-up due")
    UNUSED = "grant_unused", _("Granted intervention unused")
    PROFILE_REQUEST = "profile_request", _("Activity profile requested")

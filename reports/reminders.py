"""The daily reminder run (``manage.py send_reminders``): what falls due, told once to whom
it concerns. Apart from ``reports.services`` (the notifications themselves), which the seed
004 deadlines in ``reports.deadlines`` build on as well."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certification.choices import ActionStatus, FollowUpStatus
from certification.models import ActionItem, FollowUp
from funding.models import Decision
from nsp.accounts.choices import Role
from nsp.accounts.models import User
from reports.choices import NotificationKind
from reports.deadlines import remind_deadlines
from reports.selectors import periods_ending, report_due_on, reports_overdue
from reports.services import actor_users, coordinators, notification_create, notify_decision

ACTION_HORIZON_DAYS = 7
FOLLOW_UP_HORIZON_DAYS = 14
PERIOD_HORIZON_DAYS = 7


@dataclass
class ReminderRun:
    created: int = 0


def send_reminders(*, today: date | None = None) -> ReminderRun:
    """The daily run (``manage.py send_reminders``):

    1. periods ending within 7 days → the actor's users;
    2. support period reports overdue → the actor's users and the coordinators;
    3. action-plan deadlines within 7 days or passed → the actor's users;
    4. annual follow-ups due within 14 days or overdue → the actor's manager(s) and the
       coordinators;
    5. decisions of the last 7 days not yet notified → the actor's users;
    6. seed 004's deadlines: implementation plans, their six-monthly follow-up, granted
       interventions unused for three months (``reports.deadlines``).

    Each notice has a key naming its subject and due date, so a rerun never repeats one.
    """
    today = today or timezone.localdate()
    run = ReminderRun()
    programme = User(role=Role.COORDINATOR, is_active=True)  # scope: everything
    texts = translation.override(settings.LANGUAGE_CODE)
    with texts, transaction.atomic():
        for d in periods_ending(programme, days=PERIOD_HORIZON_DAYS, today=today):
            text = _("The support period of %(case)s ends on %(date)s.") % {
                "case": d.application.case.case_number,
                "date": d.granted_end,
            }
            link = reverse("funding:decision_detail", args=[d.pk])
            for user in actor_users(d.application.organisation_id):
                run.created += _made(
                    user,
                    NotificationKind.PERIOD_END,
                    f"period_end:{d.pk}:{d.granted_end}",
                    text,
                    link,
                )
        for d in reports_overdue(programme, today=today):
            text = _("The support period report for %(case)s was due on %(date)s.") % {
                "case": d.application.case.case_number,
                "date": report_due_on(d),
            }
            link = reverse("cases:case_detail", args=[d.application.case_id])
            recipients = list(actor_users(d.application.organisation_id)) + list(coordinators())
            for user in recipients:
                run.created += _made(
                    user, NotificationKind.REPORT_DUE, f"report_due:{d.pk}", text, link
                )
        horizon = today + timedelta(days=ACTION_HORIZON_DAYS)
        for item in ActionItem.objects.exclude(status=ActionStatus.CLOSED).filter(
            deadline__lte=horizon
        ):
            text = _("An action in your action plan is due on %(date)s.") % {"date": item.deadline}
            link = reverse("certification:my_folder")
            for user in actor_users(item.organisation_id):
                run.created += _made(
                    user,
                    NotificationKind.ACTION_DUE,
                    f"action:{item.pk}:{item.deadline}",
                    text,
                    link,
                )
        for follow_up in FollowUp.objects.select_related("organisation").filter(
            status=FollowUpStatus.SCHEDULED,
            due_on__lte=today + timedelta(days=FOLLOW_UP_HORIZON_DAYS),
        ):
            text = _("The annual follow-up of %(actor)s is due on %(date)s.") % {
                "actor": follow_up.organisation.name,
                "date": follow_up.due_on,
            }
            managers = actor_users(follow_up.organisation_id).filter(role=Role.ACTOR_MANAGER)
            folder = reverse("certification:folder", args=[follow_up.organisation_id])
            for user in list(managers) + list(coordinators()):
                link = (
                    reverse("certification:my_folder")
                    if user.role == Role.ACTOR_MANAGER
                    else folder
                )
                run.created += _made(
                    user,
                    NotificationKind.FOLLOW_UP_DUE,
                    f"follow_up:{follow_up.pk}:{follow_up.due_on}",
                    text,
                    link,
                )
        for decision in Decision.objects.select_related(
            "application__case", "application__organisation"
        ).filter(decided_on__gte=today - timedelta(days=7)):
            run.created += notify_decision(decision)
        run.created += remind_deadlines(today)
    return run


def _made(user: User, kind: str, key: str, text: str, link: str) -> int:
    return 1 if notification_create(user=user, kind=kind, key=key, text=text, link=link) else 0

"""Seed 004's deadlines as daily reminders and dashboard lists (issue 19).

- Implementation plan within three weeks of admission (``cases.deadlines``, seed 004 line
  258): the actor's users from seven days before the deadline; once it has passed, the
  coordinators too.
- Plan followed up at least every six months (seed 004 line 261): the actor's users from
  fourteen days before; once past, the coordinators too.
- A granted intervention unused for three months (``funding.unused``, seed 004 line 279):
  the actor's users are asked to report it to the coordinator, and the coordinators are
  told, for a reconsideration of the decision.

Each notice's key names the case or decision and the deadline, so the daily run never
repeats one; a new deadline (the plan followed up again) is a new notice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import (
    follow_up_due_on,
    plan_deadlines_due,
    plan_due_on,
    plan_follow_ups_due,
    plans_missing,
)
from funding.unused import interventions_unused, unused_since
from nsp.accounts.choices import Role
from nsp.accounts.models import User
from nsp.permissions import AnyUser, is_actor, is_programme
from reports.choices import NotificationKind
from reports.services import actor_users, coordinators, notification_create

PLAN_REMIND_DAYS = 7
FOLLOW_UP_REMIND_DAYS = 14


def _send(users: list[User], kind: str, key: str, text: str, link: str) -> int:
    return sum(
        1
        for user in users
        if notification_create(user=user, kind=kind, key=key, text=text, link=link)
    )


def remind_deadlines(today: date) -> int:
    """Part of ``reports.reminders.send_reminders`` (inside its transaction and language);
    returns the number of new notices."""
    programme = User(role=Role.COORDINATOR, is_active=True)  # scope: everything
    created = 0
    for case in plans_missing(programme, today=today, days=PLAN_REMIND_DAYS):
        assert case.admitted_on is not None
        due = plan_due_on(case.admitted_on)
        late = due < today
        text = (
            _(
                "The implementation plan of %(case)s was due on %(date)s "
                "(three weeks after admission)."
            )
            if late
            else _(
                "The implementation plan of %(case)s is due on %(date)s "
                "(three weeks after admission)."
            )
        ) % {"case": case.notice_label, "date": due}
        users = list(actor_users(case.organisation_id))
        if late:
            users += list(coordinators())
        link = reverse("cases:case_detail", args=[case.pk])
        key = f"plan_{'late' if late else 'due'}:{case.pk}:{due}"
        created += _send(users, NotificationKind.PLAN_DUE, key, text, link)
    for case in plan_follow_ups_due(programme, today=today, days=FOLLOW_UP_REMIND_DAYS):
        due = follow_up_due_on(case.last_follow_up)  # type: ignore[attr-defined]
        late = due < today
        text = _(
            "The implementation plan of %(case)s is to be followed up by %(date)s "
            "(at least every six months)."
        ) % {"case": case.notice_label, "date": due}
        users = list(actor_users(case.organisation_id))
        if late:
            users += list(coordinators())
        link = reverse("cases:case_detail", args=[case.pk])
        key = f"plan_follow_up_{'late' if late else 'due'}:{case.pk}:{due}"
        created += _send(users, NotificationKind.PLAN_FOLLOW_UP, key, text, link)
    for decision in interventions_unused(programme, today=today):
        case = decision.application.case
        text = _(
            "The intervention granted by %(ref)s for %(case)s has not been used within three "
            "months: tell the coordinator, for a reconsideration of the decision."
        ) % {"ref": decision.reference, "case": case.notice_label}
        users = list(actor_users(case.organisation_id)) + list(coordinators())
        link = reverse("funding:decision_detail", args=[decision.pk])
        key = f"unused:{decision.pk}:{unused_since(decision)}"
        created += _send(users, NotificationKind.UNUSED, key, text, link)
    return created


def panels(user: AnyUser) -> dict[str, Any]:
    """Dashboard lists (``NSP_DASHBOARD_PROVIDERS``): the same deadlines the reminders
    name, for the actor's own cases or, for the programme, every actor's (two queries)."""
    if not (is_actor(user) or is_programme(user)):
        return {}
    today = timezone.localdate()
    unused = [
        (decision, unused_since(decision))
        for decision in interventions_unused(user, today=today)[:10]
    ]
    key = "actor_panels" if is_actor(user) else "programme_panels"
    return {
        key: ["reports/includes/panel_deadlines.html"],
        "deadlines_plans": plan_deadlines_due(
            user, today=today, plan_days=PLAN_REMIND_DAYS, follow_up_days=FOLLOW_UP_REMIND_DAYS
        ),
        "deadlines_unused": unused,
        "deadlines_today": today,
    }

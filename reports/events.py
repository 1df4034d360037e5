"""Notifications for what happens (``settings.NSP_EVENT_HANDLERS``, called after commit).

Each handler reads the object afresh, writes the notices (in the app; by e-mail where the
user wants it, see ``services.notification_create``) naming case numbers only, and links
to the object. Keys make each notice once per object and step.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certification.models import ActionItem, ProfileRequest
from certification.selectors import organisation_managers
from funding.models import Decision, FundingApplication, Invoice
from nsp.accounts.choices import Role
from nsp.accounts.models import User
from reports.choices import NotificationKind
from reports.services import actor_users, notification_create, notify_decision


def _programme() -> QuerySet[User]:
    return User.objects.filter(
        role__in=[Role.COORDINATOR, Role.PROGRAMME_MANAGER], is_active=True
    ).order_by("pk")


def _case_label(application: FundingApplication) -> str:
    return application.case.notice_label or str(_("(not yet admitted)"))


def _send(users: Any, kind: str, key: str, text: str, link: str) -> int:
    return sum(
        1
        for user in users
        if notification_create(user=user, kind=kind, key=key, text=text, link=link)
    )


def application_submitted(*, application_id: Any) -> int:
    """A new application → the coordinator and the programme manager."""
    application = FundingApplication.objects.select_related("case").get(pk=application_id)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("New application for %(case)s: %(kind)s.") % {
            "case": _case_label(application),
            "kind": application.get_kind_display(),
        }
    link = reverse("funding:application_detail", args=[application.pk])
    return _send(
        _programme(), NotificationKind.APPLICATION, f"application:{application.pk}", text, link
    )


def application_completed(*, application_id: Any, round: str = "") -> int:
    """An application completed with the information asked for → the programme."""
    application = FundingApplication.objects.select_related("case").get(pk=application_id)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The application for %(case)s has been completed (%(kind)s).") % {
            "case": _case_label(application),
            "kind": application.get_kind_display(),
        }
    link = reverse("funding:application_detail", args=[application.pk])
    key = f"application_completed:{application.pk}:{round}"
    return _send(_programme(), NotificationKind.APPLICATION, key, text, link)


def decision_recorded(*, decision_id: Any) -> int:
    """A decision (or a request for more information) → the actor's staff on the case."""
    decision = Decision.objects.select_related("application__case").get(pk=decision_id)
    if decision.recorded_afterwards_by_id is not None:
        return 0  # a paper decision entered afterwards was notified on paper
    return notify_decision(decision)


def invoice_step(*, invoice_id: Any) -> int:
    """An invoice attested or paid → the actor's staff on the case."""
    invoice = Invoice.objects.select_related("decision__application__case").get(pk=invoice_id)
    application = invoice.decision.application
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The invoice for %(ref)s (%(case)s) is %(status)s.") % {
            "ref": invoice.decision.reference,
            "case": _case_label(application),
            "status": invoice.get_status_display().lower(),
        }
    link = reverse("funding:invoice_detail", args=[invoice.pk])
    return _send(
        actor_users(application.organisation_id),
        NotificationKind.INVOICE,
        f"invoice:{invoice.pk}:{invoice.status}",
        text,
        link,
    )


def action_item_changed(*, action_item_id: Any, by_id: Any, step: str) -> int:
    """An action-plan item changed → the other side (the actor's users when the programme
    changed it, the coordinators when the actor did)."""
    item = ActionItem.objects.select_related("organisation").get(pk=action_item_id)
    by = User.objects.get(pk=by_id)
    actor_side = by.organisation_id == item.organisation_id and by.role not in (
        Role.COORDINATOR,
        Role.PROGRAMME_MANAGER,
    )
    users = (
        User.objects.filter(role=Role.COORDINATOR, is_active=True)
        if actor_side
        else actor_users(item.organisation_id)
    )
    with translation.override(settings.LANGUAGE_CODE):
        text = _("An action-plan item (deadline %(date)s) has changed: %(status)s.") % {
            "date": item.deadline,
            "status": item.get_status_display().lower(),
        }
    link = reverse("certification:action_detail", args=[item.pk])
    return _send(users, NotificationKind.ACTION_PLAN, f"action:{item.pk}:{step}", text, link)


def profile_requested(*, request_id: Any) -> int:
    """The coordinator asks for step 1 → the organisation's active managers, once each.
    The notice names no person and does not repeat the message (it may name people):
    the message is shown in the app, on the manager's dashboard."""
    request = ProfileRequest.objects.get(pk=request_id)
    if not request.is_open:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The coordinator asks you to fill in the activity profile (step 1).")
    link = reverse("certification:profile_edit", args=[request.organisation_id])
    return _send(
        organisation_managers(request.organisation_id),
        NotificationKind.PROFILE_REQUEST,
        f"profile_request:{request.pk}",
        text,
        link,
    )

"""Writes for reports: notifications, reminders and the decision hook.

A notification is created at most once per (user, key); the e-mail goes out only when
the row was new, after the transaction commits. E-mails carry the case number and a
link — never initials, names or any other personal data.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from funding.choices import Outcome
from funding.models import Decision
from nsp.accounts.choices import ACTOR_ROLES, Role
from nsp.accounts.models import User
from nsp.cache import bump_statistics_version
from reports.choices import NotificationKind
from reports.models import Notification, NotificationSettings, StatisticsNote
from reports.statistics_common import DateRange

log = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    base = getattr(settings, "NSP_SITE_URL", "").rstrip("/")
    return f"{base}{path}"


def notification_create(
    *, user: User, kind: str, key: str, text: str, link: str = "", mail: bool = True
) -> Notification | None:
    """Create the notification unless ``user`` already has one with ``key``; e-mail it
    on commit when new. Returns the new notification, or None when it already existed."""
    if Notification.objects.filter(user=user, key=key).exists():
        return None
    notification = Notification(user=user, kind=kind, key=key, text=text[:300], link=link)
    notification.full_clean()
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:  # a concurrent run created it a moment ago
        return None
    if mail and user.email and wants_email(user):
        subject = str(NotificationKind(kind).label)
        body = f"{text}\n\n{_site_url(link)}\n" if link else f"{text}\n"
        transaction.on_commit(
            lambda: send_mail(f"NSP: {subject}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
        )
    return notification


def wants_email(user: User) -> bool:
    """E-mail unless the user turned it off (``NotificationSettings``)."""
    found = NotificationSettings.objects.filter(user=user).values_list("by_email", flat=True)
    return next(iter(found), True)


@transaction.atomic
def notification_settings_save(*, user: User, by_email: bool) -> NotificationSettings:
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    row.by_email = by_email
    row._history_user = user  # type: ignore[attr-defined]
    row.save()
    return row


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    """Mark the user's unread notifications read, each change with its history row."""
    unread = list(Notification.objects.select_for_update().filter(user=user, read_at__isnull=True))
    now = timezone.now()
    for notification in unread:
        notification.read_at = now
        notification.updated_at = now
    bulk_update_with_history(unread, Notification, ["read_at", "updated_at"], default_user=user)
    return len(unread)


def actor_users(organisation_id: Any) -> QuerySet[User]:
    return User.objects.filter(
        organisation_id=organisation_id, role__in=list(ACTOR_ROLES), is_active=True
    )


def coordinators() -> QuerySet[User]:
    return User.objects.filter(role=Role.COORDINATOR, is_active=True)


def notify_decision(decision: Decision) -> int:
    """Tell the applying actor's users that a decision was made (in the app and by mail).

    Meant for ``transaction.on_commit(lambda: notify_decision(decision))`` right after
    ``funding.services.decision_record``; idempotent, so ``send_reminders`` can also pick
    up decisions the hook missed. Returns the number of new notifications.
    """
    application = decision.application
    case_number = application.case.notice_label or _("(not yet admitted)")
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Decision %(ref)s on %(case)s (%(kind)s): %(outcome)s.") % {
            "ref": decision.reference,
            "case": case_number,
            "kind": application.get_kind_display(),
            "outcome": Outcome(decision.outcome).label,
        }
    link = reverse("funding:decision_detail", args=[decision.pk])
    created = 0
    with transaction.atomic():
        for user in actor_users(application.organisation_id):
            if notification_create(
                user=user,
                kind=NotificationKind.DECISION,
                key=f"decision:{decision.pk}",
                text=text,
                link=link,
            ):
                created += 1
    return created


@transaction.atomic
def statistics_note_save(
    *, period: DateRange, row: str, text: str, by: User
) -> StatisticsNote | None:
    """Write (or with an empty text remove) the coordinator's "Beslutsunderlag" of one row
    of Table 1 for ``period`` (seed 002, Tabell 1)."""
    from reports.permissions import can_write_statistics_notes

    verdict = can_write_statistics_notes(by)
    if not verdict:
        raise PermissionError(str(verdict.reason))
    bump_statistics_version()  # the statistics show it
    note = (
        StatisticsNote.objects.select_for_update()
        .filter(start=period.start, end=period.end, row=row)
        .first()
    )
    if not text.strip():
        if note is not None:
            note._history_user = by  # type: ignore[attr-defined]
            note.delete()
        return None
    if note is None:
        note = StatisticsNote(start=period.start, end=period.end, row=row, written_by=by)
    note.text = text.strip()
    note.written_by = by
    note._history_user = by  # type: ignore[attr-defined]
    note.full_clean()
    note.save()
    return note

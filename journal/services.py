"""Writes of the case journal: entries (locked after 24 hours) and the coordinator's comments.

Seed 002 (Exempel beslutshandling): "Dessa försök ska dokumenteras och informationen göras
tillgänglig för NSP vid behov. … Aktören ska hålla NSPs samordnare informerad". Entries of
the kinds "a public body took over" and "police report made" are sent to the coordinators
(in the app and by mail, case number only) after the commit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.models import Case
from cases.permissions import can_write_case
from cases.police import case_police_report_record
from journal.choices import NOTIFIED_KINDS, EntryKind
from journal.models import JournalComment, JournalEntry
from journal.permissions import can_comment_journal
from nsp.accounts.models import User
from reports.choices import NotificationKind
from reports.services import coordinators, notification_create


def _fill(
    entry: JournalEntry,
    *,
    kind: str,
    entry_date: date,
    text: str,
    outcome: str,
    attachment: Any,
) -> None:
    if entry_date > timezone.localdate():
        raise ValidationError({"entry_date": _("The date cannot be in the future.")})
    if kind == EntryKind.SUPPORT_ATTEMPT and not outcome:
        raise ValidationError({"outcome": _("Give the outcome of the attempt.")})
    entry.kind = kind
    entry.entry_date = entry_date
    entry.text = text.strip()
    entry.outcome = outcome if kind == EntryKind.SUPPORT_ATTEMPT else ""
    if attachment:
        entry.attachment = attachment
        entry.attachment_name = (getattr(attachment, "name", "") or "")[-200:]


def _notify_on_commit(entry: JournalEntry) -> None:
    if entry.kind in NOTIFIED_KINDS:
        transaction.on_commit(lambda: notify_coordinators(entry))


@transaction.atomic
def entry_add(
    *,
    case: Case,
    by: User,
    kind: str,
    entry_date: date,
    text: str,
    outcome: str = "",
    attachment: Any = None,
    corrects: JournalEntry | None = None,
) -> JournalEntry:
    """The case's actor writes an entry (a correction names the entry it corrects)."""
    locked = Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
    decision = can_write_case(by, locked)
    if not decision:
        raise ValidationError(str(decision.reason))
    if corrects is not None and corrects.case_id != locked.pk:
        raise ValidationError(_("A correction belongs to the same case as the entry."))
    entry = JournalEntry(case=locked, author=by, corrects=corrects)
    _fill(
        entry, kind=kind, entry_date=entry_date, text=text, outcome=outcome, attachment=attachment
    )
    entry._history_user = by  # type: ignore[attr-defined]
    entry.full_clean()
    entry.save()
    if entry.kind == EntryKind.POLICE_REPORT:  # Table 3 "Polisanmälan gjord" (issue 19)
        case_police_report_record(case=locked, by=by)
    _notify_on_commit(entry)
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: JournalEntry,
    by: User,
    kind: str,
    entry_date: date,
    text: str,
    outcome: str = "",
    attachment: Any = None,
) -> JournalEntry:
    """Edit an entry within 24 hours of writing it; afterwards it is locked (re-checked
    under the row lock, so an edit racing the deadline cannot slip through)."""
    locked = (
        JournalEntry.objects.select_for_update(of=("self",))
        .select_related("case__organisation")
        .get(pk=entry.pk)
    )
    decision = can_write_case(by, locked.case)
    if not decision:
        raise ValidationError(str(decision.reason))
    if locked.is_locked(timezone.now()):
        raise ValidationError(
            _("The entry is locked (24 hours have passed). Write a correction as a new entry.")
        )
    was_notified = locked.kind in NOTIFIED_KINDS
    _fill(
        locked, kind=kind, entry_date=entry_date, text=text, outcome=outcome, attachment=attachment
    )
    locked._history_user = by  # type: ignore[attr-defined]
    locked.full_clean()
    locked.save()
    if locked.kind == EntryKind.POLICE_REPORT:
        case_police_report_record(case=locked.case, by=by)
    if not was_notified:
        _notify_on_commit(locked)
    return locked


@transaction.atomic
def comment_add(*, entry: JournalEntry, by: User, text: str) -> JournalComment:
    """The coordinator comments on an entry; the entry's author is told."""
    decision = can_comment_journal(by)
    if not decision:
        raise ValidationError(str(decision.reason))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = JournalComment(entry=entry, author=by, text=text.strip())
    comment._history_user = by  # type: ignore[attr-defined]
    comment.full_clean()
    comment.save()
    transaction.on_commit(lambda: notify_author(comment))
    return comment


def _journal_link(case_id: Any, entry_id: Any) -> str:
    return reverse("journal:case_journal", args=[case_id]) + f"#entry-{entry_id}"


def notify_coordinators(entry: JournalEntry) -> int:
    """Tell every coordinator about a takeover or police-report entry (once per entry)."""
    case_number = entry.case.notice_label or _("(not yet admitted)")
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Case journal %(case)s: %(kind)s (%(date)s).") % {
            "case": case_number,
            "kind": EntryKind(entry.kind).label,
            "date": entry.entry_date.isoformat(),
        }
    created = 0
    with transaction.atomic():
        for user in coordinators():
            if notification_create(
                user=user,
                kind=NotificationKind.JOURNAL,
                key=f"journal:{entry.pk}",
                text=text,
                link=_journal_link(entry.case_id, entry.pk),
            ):
                created += 1
    return created


def notify_author(comment: JournalComment) -> int:
    entry = comment.entry
    author = entry.author
    if not author.is_active:
        return 0
    case_number = entry.case.notice_label or _("(not yet admitted)")
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The coordinator commented on a journal entry of %(case)s.") % {
            "case": case_number
        }
    with transaction.atomic():
        made = notification_create(
            user=author,
            kind=NotificationKind.JOURNAL,
            key=f"journal_comment:{comment.pk}",
            text=text,
            link=_journal_link(entry.case_id, entry.pk),
        )
    return 1 if made else 0

"""Who may read and write a case's journal; built on nsp/permissions.py."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.permissions import can_write_case
from journal.models import JournalEntry
from nsp.accounts.choices import Role
from nsp.permissions import ALLOW, AnyUser, Decision, deny, has_role


def can_write_journal(user: AnyUser, case: Case) -> Decision:
    """The case's own actor writes journal entries while the case is open."""
    return can_write_case(user, case)


def can_edit_journal_entry(user: AnyUser, entry: JournalEntry) -> Decision:
    """The case's actor edits an entry for 24 hours after it was written."""
    decision = can_write_case(user, entry.case)
    if decision and entry.is_locked(timezone.now()):
        return deny(_("A journal entry is locked 24 hours after it was written."))
    return decision


def can_correct_journal_entry(user: AnyUser, entry: JournalEntry) -> Decision:
    """A correction is a new entry by the case's actor."""
    return can_write_case(user, entry.case)


def can_comment_journal(user: AnyUser) -> Decision:
    """The coordinator (and the programme manager) comment on journal entries."""
    if has_role(user, Role.COORDINATOR, Role.PROGRAMME_MANAGER):
        return ALLOW
    return deny(_("Only the coordinator comments on journal entries."))

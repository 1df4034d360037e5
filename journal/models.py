"""The case journal: dated entries by the actor's staff, comments by the coordinator.

An entry can be edited by its actor for 24 hours after it was written
(``journal.services.LOCK_AFTER``); after that it is locked and a correction is a new
entry that points at the one it corrects.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from journal.choices import AttemptOutcome, EntryKind
from nsp.accounts.models import User
from nsp.models import DomainModel
from nsp.uploads import UploadValidator, protected_storage, protected_upload_to

# An entry is locked this long after it was written; corrections are new entries.
LOCK_AFTER = timedelta(hours=24)


def journal_upload_to(instance: models.Model, filename: str) -> str:
    """``journal/<year>/<random>.<ext>`` (a module-level function: migrations name it)."""
    return protected_upload_to("journal")(instance, filename)


class JournalEntry(DomainModel):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    entry_date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=AttemptOutcome.choices, blank=True
    )
    attachment = models.FileField(
        _("attachment"),
        storage=protected_storage,
        upload_to=journal_upload_to,
        validators=[UploadValidator()],
        blank=True,
        max_length=200,
    )
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.SET_NULL,
        related_name="corrections",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-entry_date", "-created_at"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [models.Index(fields=["case", "-entry_date"], name="journal_case_date")]
        constraints = [
            models.CheckConstraint(
                name="journal_attempt_has_outcome",
                condition=~Q(kind="support_attempt") | ~Q(outcome=""),
            ),
            models.CheckConstraint(
                name="journal_outcome_only_for_attempts",
                condition=Q(kind="support_attempt") | Q(outcome=""),
            ),
            models.CheckConstraint(name="journal_text_not_empty", condition=~Q(text="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.entry_date}"

    def locked_at(self) -> datetime:
        return self.created_at + LOCK_AFTER

    def is_locked(self, now: datetime) -> bool:
        return now >= self.locked_at()


class JournalComment(DomainModel):
    """The coordinator's comment on an entry."""

    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="comments"
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("journal comment")
        verbose_name_plural = _("journal comments")
        constraints = [
            models.CheckConstraint(name="journalcomment_text_not_empty", condition=~Q(text=""))
        ]

    def __str__(self) -> str:
        return str(_("Comment"))

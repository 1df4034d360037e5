"""Reports: in-app notifications (the statistics themselves are computed, never stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsp.models import DomainModel
from reports.choices import NotificationKind


class Notification(DomainModel):
    """A reminder or decision notice for one user, shown in the app and sent by e-mail.

    ``key`` names what the notice is about (e.g. ``period_end:<decision id>:<date>``);
    the unique (user, key) pair is what makes ``send_reminders`` idempotent — a second
    run the same day (or any later day) never repeats a reminder.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NotificationKind.choices)
    key = models.CharField(max_length=120, editable=False)
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")
        ]

    def __str__(self) -> str:
        return self.text


class StatisticsNote(DomainModel):
    """The coordinator's own "Beslutsunderlag" (seed 002, Tabell 1) for one row of Table 1
    of one published period; shown beside the notes the app generates."""

    start = models.DateField(_("from"))
    end = models.DateField(_("to (inclusive)"))
    row = models.CharField(_("row"), max_length=32)
    text = models.TextField(_("decision basis"), max_length=4000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["start", "end", "row"]
        verbose_name = _("statistics note")
        verbose_name_plural = _("statistics notes")
        constraints = [
            models.UniqueConstraint(fields=["start", "end", "row"], name="statistics_note_once"),
            models.CheckConstraint(
                name="statistics_note_period_in_order",
                condition=models.Q(end__gte=models.F("start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}: {self.row}"


class NotificationSettings(DomainModel):
    """A user's choice of notices by e-mail (in the app they are always shown)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    by_email = models.BooleanField(_("also by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

"""Access accountability: who viewed or downloaded which record, when.

The log is append-only for the application: no view, form, API or service updates or
deletes a row (``tests/nsp/test_access_log.py`` checks that no such path exists), and
the model refuses ``save()`` on an existing row and ``delete()``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    DOWNLOAD = "download", _("downloaded")
    EXPORT = "export", _("exported")
    PRINT = "print", _("rendered as PDF")
    LIST = "list", _("listed")


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    """Bulk ``update()`` and ``delete()`` would bypass the model's guards: refuse them."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")


class AccessLog(models.Model):
    """One row per view or download of a case, assessment, decision, report or file.

    Append-only at three levels: the model, its queryset, and a PostgreSQL trigger
    (migration 0003) that refuses UPDATE and DELETE whatever the client.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True
    )
    role = models.CharField(_("role"), max_length=32)
    organisation_id = models.UUIDField(_("user's organisation"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    # The case the object belongs to, so "who accessed this case" is one indexed query.
    case_id = models.UUIDField(_("case"), null=True, blank=True, db_index=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    # A list (web page or API) writes one row naming every object it showed.
    object_ids = models.JSONField(_("objects shown"), default=list, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.role} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only.")


class UserSession(models.Model):
    """Which session keys belong to which user, so a user's sessions end in one query.

    A technical table (no history): a row is written at login (``user_logged_in``) and
    whenever the session key changes while logged in (``SessionLimitsMiddleware``), and
    removed at logout or when ``user_end_sessions`` deletes the sessions.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="tracked_sessions",
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("user session")
        verbose_name_plural = _("user sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

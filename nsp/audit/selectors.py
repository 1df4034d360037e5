"""Reads of the change history kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet

from nsp.audit.models import AccessLog

# Apps whose models carry history and may be shown on the history page.
HISTORY_APPS = ("accounts", "certification", "cases", "funding", "reports", "privacy", "journal")


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    changes: list[Change]


def history_model(app_label: str, model_name: str) -> type[Model] | None:
    """The domain model named in a URL, if it is one whose history may be shown."""
    if app_label not in HISTORY_APPS:
        return None
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    if not hasattr(model, "history") or model.__name__.startswith("Historical"):
        return None
    return model


def history_entries(obj: Model) -> list[HistoryEntry]:
    """Every recorded version of ``obj``, newest first, with old → new per field."""
    records = list(obj.history.select_related("history_user").order_by("-history_date"))  # type: ignore[attr-defined]
    entries = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    Change(
                        str(getattr(field, "verbose_name", change.field)), change.old, change.new
                    )
                )
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=user.get_username() if user else "—",
                kind=record.get_history_type_display(),
                changes=changes,
            )
        )
    return entries


# --- Access log --------------------------------------------------------------------


def access_log_entries(
    *,
    case_id: Any = None,
    user: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLog]:
    """Access-log rows, newest first, filtered by case, user and date range (inclusive)."""
    rows = AccessLog.objects.select_related("user").order_by("-at", "-pk")
    if case_id is not None:  # opened directly, or shown in a list of cases
        rows = rows.filter(
            Q(case_id=case_id) | Q(object_type="cases.case", object_ids__contains=[str(case_id)])
        )
    if user is not None:
        rows = rows.filter(user=user)
    if date_from is not None:
        rows = rows.filter(at__date__gte=date_from)
    if date_to is not None:
        rows = rows.filter(at__date__lte=date_to)
    return rows

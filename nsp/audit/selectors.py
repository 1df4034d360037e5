"""Reads of the change history kept by django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model

# Apps whose models carry history and may be shown on the history page.
HISTORY_APPS = ("accounts", "certification", "cases", "funding", "privacy")


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

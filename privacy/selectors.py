"""Reads for the data-protection pages: the register extract of one case, and records."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils import timezone

from cases.models import Case
from nsp.audit.models import AccessLog
from privacy.models import ErasureRecord, ExtractRequest
from privacy.services import case_rows, history_of

# Binary content is not part of the extract (the decision document is downloadable on its
# own page); uploaded files are listed by name only.
_SKIPPED = frozenset({"pdf"})


def _value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return None
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


def _row(obj: Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in _SKIPPED or (f.name.startswith("history_") and f.name != "history_type"):
            continue
        data[f.attname] = _value(getattr(obj, f.attname))
    return data


def _history_rows(model: type[Model], pk: Any) -> list[dict[str, Any]]:
    rows = []
    for record in history_of(model).objects.filter(id=pk).order_by("history_date"):
        entry = _row(record)
        entry["history_date"] = record.history_date
        entry["history_user"] = record.history_user.get_username() if record.history_user else ""
        rows.append(entry)
    return rows


def case_register(case: Case) -> dict[str, Any]:
    """Everything held about ``case``: its rows and theirs, the history of each, and the
    access log of the case — as plain JSON-able values."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for model, attr, values in case_rows(case):
        objects = model._default_manager.filter(**{f"{attr}__in": values}) if values else []
        sections[model._meta.label_lower] = [
            {"data": _row(obj), "history": _history_rows(model, obj.pk)} for obj in objects
        ]
    access = [
        {
            "at": entry.at,
            "user": entry.user.get_username() if entry.user else "",
            "role": entry.role,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
        }
        for entry in AccessLog.objects.filter(case_id=case.pk).select_related("user")
    ]
    return {
        "generated_at": timezone.now(),
        "case_number": case.case_number or "",
        "case_id": case.pk,
        "records": sections,
        "access_log": access,
    }


def register_json(register: dict[str, Any]) -> str:
    return json.dumps(register, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def extract_requests(case: Case) -> QuerySet[ExtractRequest]:
    return ExtractRequest.objects.filter(case_id=case.pk).select_related("requested_by")


def erasure_records() -> QuerySet[ErasureRecord]:
    return ErasureRecord.objects.select_related("performed_by")

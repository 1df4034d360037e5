"""Write an access-log row for every view, list or download of sensitive data."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.http import HttpRequest

from nsp.audit.models import AccessAction, AccessLog


def case_id_of(obj: Model) -> uuid.UUID | None:
    """The case ``obj`` belongs to: itself, ``obj.case_id``, or via its application/decision."""
    if obj._meta.label_lower == "cases.case":
        return obj.pk  # type: ignore[no-any-return]
    for path in ("case_id", "application.case_id", "decision.application.case_id"):
        value: Any = obj
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return value  # type: ignore[no-any-return]
    return None


def _unsaved_row(request: HttpRequest, action: str, **fields: Any) -> AccessLog:
    user = request.user if request.user.is_authenticated else None
    return AccessLog(
        user=user,
        role=getattr(user, "role", ""),
        organisation_id=getattr(user, "organisation_id", None),
        action=action,
        path=request.path[:300],
        **fields,
    )


def _row(request: HttpRequest, action: str, **fields: Any) -> AccessLog:
    row = _unsaved_row(request, action, **fields)
    row.save()
    return row


def log_access(
    request: HttpRequest,
    obj: Model,
    action: str = AccessAction.VIEW,
    *,
    case_id: uuid.UUID | None = None,
) -> AccessLog:
    """Record that ``request.user`` did ``action`` on ``obj`` (in the same request).

    ``case_id`` names the case the object belongs to; when omitted it is derived from
    ``obj`` (:func:`case_id_of`).
    """
    return _row(
        request,
        action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        case_id=case_id if case_id is not None else case_id_of(obj),
    )


def log_list_access(
    request: HttpRequest, objects: Iterable[Model], model: type[Model] | None = None
) -> AccessLog:
    """One row for a list page or API list: which objects it showed (an empty list too).

    ``model`` names the object type when the list may be empty.
    """
    row = _list_row(request, objects, model)
    row.save()
    return row


def _list_row(
    request: HttpRequest, objects: Iterable[Model], model: type[Model] | None = None
) -> AccessLog:
    shown = list(objects)
    if model is None:
        model = type(shown[0]) if shown else None
    label = model._meta.label_lower if model is not None else ""
    cases = {case_id_of(obj) for obj in shown} - {None}
    return _unsaved_row(
        request,
        AccessAction.LIST,
        object_type=label,
        object_id=str(len(shown)),
        object_ids=[str(obj.pk) for obj in shown],
        # The case, when every object shown belongs to the same one.
        case_id=cases.pop() if len(cases) == 1 else None,
    )


# Models whose rows are personal data (a person's case and what hangs on it).
PERSONAL_MODELS = frozenset(
    {
        "cases.case",
        "cases.casedocument",
        "cases.child",
        "cases.inquiry",
        "cases.planitem",
        "funding.fundingapplication",
        "funding.decision",
        "funding.invoice",
    }
)


def _collect(value: Any, found: dict[str, list[Model]], depth: int) -> None:
    if isinstance(value, Model):
        label = value._meta.label_lower
        if label in PERSONAL_MODELS and value not in found.setdefault(label, []):
            found[label].append(value)
        return
    if depth <= 0 or isinstance(value, (str, bytes)):
        return
    if isinstance(value, dict):
        items: Iterable[Any] = value.values()
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    elif hasattr(value, "__dataclass_fields__"):
        items = [getattr(value, name) for name in value.__dataclass_fields__]
    else:
        return
    for item in items:
        _collect(item, found, depth - 1)


def log_context_access(request: HttpRequest, context: dict[str, Any]) -> list[AccessLog]:
    """One list row per personal model among the objects a page's context holds.

    For pages that gather panels from several apps (the dashboards): the context's lists,
    dicts and dataclasses are searched three levels deep. The rows are written in one
    INSERT (the dashboards' query budget, tests/funding/test_dashboard_queries.py).
    """
    found: dict[str, list[Model]] = {}
    _collect(context, found, 4)
    rows = [_list_row(request, objects) for objects in found.values()]
    return AccessLog.objects.bulk_create(rows) if rows else []

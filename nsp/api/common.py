"""Shared pieces of the API: list filters, the error shape, the service-call helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request

from nsp.accounts.models import User
from nsp.permissions import Decision

M = TypeVar("M", bound=Model)

FROM = OpenApiParameter(
    "from", OpenApiTypes.DATE, description="On or after this date (the resource's natural date)."
)
TO = OpenApiParameter(
    "to", OpenApiTypes.DATE, description="On or before this date (the resource's natural date)."
)
ORGANISATION = OpenApiParameter(
    "organisation", OpenApiTypes.UUID, description="Only rows of this actor (organisation id)."
)


def status_param(choices: list[str]) -> OpenApiParameter:
    return OpenApiParameter("status", OpenApiTypes.STR, enum=choices, description="Status.")


# What every 4xx with a body looks like: field → messages, or ``detail``.
ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Rule violation or invalid input: `{field: [messages]}` or `{detail: message}`.",
)


def parse_date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({name: [_("Enter a date as YYYY-MM-DD.")]}) from exc


def parse_uuid(request: Request, name: str) -> str | None:
    import uuid

    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError as exc:
        raise ValidationError({name: [_("Enter a valid id.")]}) from exc


def filter_list(
    request: Request,
    queryset: QuerySet[M],
    *,
    date_field: str,
    org_field: str | None = "organisation",
    status_field: str | None = "status",
) -> QuerySet[M]:
    """``from``/``to`` on ``date_field``, ``organisation`` and ``status`` (all optional)."""
    start, end = parse_date(request, "from"), parse_date(request, "to")
    if start:
        queryset = queryset.filter(**{f"{date_field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{date_field}__lte": end})
    organisation = parse_uuid(request, "organisation")
    if organisation and org_field:
        queryset = queryset.filter(**{f"{org_field}_id": organisation})
    status = request.query_params.get("status")
    if status and status_field:
        queryset = queryset.filter(**{status_field: status})
    return queryset


def acting_user(request: Request) -> User:
    user = request.user
    if not isinstance(user, User):  # IsAuthenticated ran first
        raise PermissionDenied
    return user


def check(decision: Decision | bool) -> None:
    """A ``can_*`` predicate's "no" becomes a 403 with its reason."""
    if not decision:
        raise PermissionDenied(str(getattr(decision, "reason", "")) or None)


T = TypeVar("T")


def call_service(service: Callable[..., T], **kwargs: Any) -> T:
    """Call a domain service; its ``ValidationError`` becomes a structured 400."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        raise ValidationError(detail) from exc

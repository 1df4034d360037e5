"""The API half of the access log: a mixin for viewsets that return personal data."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response

from nsp.audit.access import log_access, log_list_access
from nsp.audit.models import AccessAction


class AccessLoggedMixin:
    """``list`` writes one row naming the objects on the page; ``retrieve`` one row.

    Put it before the DRF viewset class in the bases.
    """

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        queryset = view.filter_queryset(view.get_queryset())
        page = view.paginate_queryset(queryset)
        shown = list(page if page is not None else queryset)
        log_list_access(request, shown, queryset.model)
        data = view.get_serializer(shown, many=True).data
        return view.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        obj = view.get_object()
        log_access(request, obj, AccessAction.VIEW)
        return Response(view.get_serializer(obj).data)

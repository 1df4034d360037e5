from __future__ import annotations

import uuid

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nsp.audit.access import log_access
from nsp.audit.forms import AccessLogFilterForm
from nsp.audit.selectors import access_log_entries, history_entries, history_model
from nsp.pagination import paginate
from nsp.permissions import can_view_access_log, can_view_history, require


@require(can_view_history)
def object_history(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    model = history_model(app_label, model_name)
    if model is None:
        raise Http404
    try:
        obj = model._default_manager.get(pk=pk)
    except (ObjectDoesNotExist, ValidationError, ValueError) as exc:  # malformed ids too
        raise Http404 from exc
    log_access(request, obj)
    return render(
        request,
        "audit/object_history.html",
        {"object": obj, "model_name": model._meta.verbose_name, "entries": history_entries(obj)},
    )


@require(can_view_access_log)
def access_log(request: HttpRequest) -> HttpResponse:
    """Every recorded view and download, filtered by user and date range."""
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = access_log_entries(
        user=filters.get("user"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = paginate(request, rows)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require(can_view_access_log)
def case_access_log(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Who opened or downloaded anything of one case, newest first."""
    rows = access_log_entries(case_id=case_id)
    page = paginate(request, rows)
    return render(request, "audit/case_access_log.html", {"page": page, "case_id": case_id})

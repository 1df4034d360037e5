from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nsp.audit.selectors import history_entries, history_model
from nsp.permissions import can_view_history, require


@require(can_view_history)
def object_history(request: HttpRequest, app_label: str, model_name: str, pk: str) -> HttpResponse:
    model = history_model(app_label, model_name)
    if model is None:
        raise Http404
    try:
        obj = model._default_manager.get(pk=pk)
    except (ObjectDoesNotExist, ValidationError, ValueError) as exc:  # malformed ids too
        raise Http404 from exc
    return render(
        request,
        "audit/object_history.html",
        {"object": obj, "model_name": model._meta.verbose_name, "entries": history_entries(obj)},
    )

"""The coordinator's overview and the public directory."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from certification.forms import DirectoryFilterForm
from certification.selectors import (
    directory_entries,
    followups_due,
    open_action_items,
    overdue_action_items,
    pilot_table,
)
from nsp.permissions import is_programme, require


@require_GET
@require(is_programme)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "certification/overview.html",
        {
            "table": pilot_table(),
            "open_actions": open_action_items(request.user),
            "overdue_count": overdue_action_items(request.user).count(),
            "followups": followups_due(request.user),
        },
    )


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Public: certified actors and what they offer. Nothing personal, no case data."""
    form = DirectoryFilterForm(request.GET or None)
    # The raw values filter (an unknown region simply matches nobody); the form renders.
    filters = {k: request.GET.get(k, "")[:100] for k in ("service", "target_group", "region")}
    entries = directory_entries(**filters)
    return render(request, "certification/directory.html", {"form": form, "entries": entries})


@require_GET
def directory_detail(request: HttpRequest, organisation_id: str) -> HttpResponse:
    entry = next(
        (e for e in directory_entries() if str(e.organisation_id) == str(organisation_id)), None
    )
    if entry is None:
        raise Http404
    return render(request, "certification/directory_detail.html", {"entry": entry})

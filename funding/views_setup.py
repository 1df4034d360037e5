"""Programme set-up views: phases, budget periods, catalogue files (thin, as funding.views)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from funding import selectors, setup_forms
from funding.ledger import ledger_lines, with_ledger
from funding.models import BudgetPeriod, ProgrammePhase
from funding.permissions import (
    can_manage_budget,
    can_manage_programme,
    can_view_budget,
    can_view_programme,
)
from funding.services import budget as budget_services
from funding.services import catalogues as catalogue_services
from funding.services import programme as programme_services
from nsp.permissions import require
from nsp.viewtools import acting_user, add_service_errors

SESSION_CATALOGUE = "funding_catalogue_upload"


def _form_page(request: HttpRequest, form: Any, title: str, **extra: Any) -> HttpResponse:
    return render(request, "funding/form.html", {"form": form, "title": title, **extra})


# --- Phases -----------------------------------------------------------------------------


@require(can_view_programme)
def phase_list(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    return render(
        request,
        "funding/phase_list.html",
        {
            "phases": selectors.phases_with_use(),
            "in_force": selectors.phase_in_force(timezone.localdate()),
            "can_manage": can_manage_programme(request.user),
        },
    )


@require(can_manage_programme)
@require_http_methods(["GET", "POST"])
def phase_create(request: HttpRequest) -> HttpResponse:
    form = setup_forms.PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.phase_create(by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The phase is created; activate it from a date."))
            return redirect("funding:phase_list")
    return _form_page(request, form, _("New programme phase"))


@require(can_manage_programme)
@require_http_methods(["GET", "POST"])
def phase_activate(request: HttpRequest, pk: Any) -> HttpResponse:
    phase = get_object_or_404(ProgrammePhase, pk=pk)
    form = setup_forms.ActivateForm(request.POST or None, initial={"starts_on": phase.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.phase_activate(
                phase=phase, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The phase is activated."))
            return redirect("funding:phase_list")
    return _form_page(request, form, _("Activate %(phase)s") % {"phase": phase})


# --- Budget periods ---------------------------------------------------------------------


@require(can_view_programme)
def period_list(request: HttpRequest) -> HttpResponse:
    periods = BudgetPeriod.objects.prefetch_related("streams").order_by("-starts_on")
    return render(
        request,
        "funding/period_list.html",
        {"periods": periods, "can_manage": can_manage_programme(request.user)},
    )


@require(can_manage_programme)
@require_http_methods(["GET", "POST"])
def period_create(request: HttpRequest) -> HttpResponse:
    form = setup_forms.BudgetPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            budget_services.budget_period_create(by=acting_user(request), **form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The budget period is saved."))
            return redirect("funding:period_list")
    return _form_page(request, form, _("New budget period"))


@require(can_manage_programme)
@require_http_methods(["GET", "POST"])
def period_update(request: HttpRequest, pk: Any) -> HttpResponse:
    period = get_object_or_404(BudgetPeriod, pk=pk)
    allocations = {f"allocation_{s.stream}": s.allocation for s in period.streams.all()}
    initial = {"name": period.name, "starts_on": period.starts_on, "ends_on": period.ends_on}
    form = setup_forms.BudgetPeriodForm(request.POST or None, initial={**initial, **allocations})
    if request.method == "POST" and form.is_valid():
        try:
            budget_services.budget_period_correct(
                period=period, by=acting_user(request), **form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The budget period is saved."))
            return redirect("funding:period_list")
    return _form_page(request, form, _("Correct %(period)s") % {"period": period})


@require(can_manage_programme)
@require_POST
def period_close(request: HttpRequest, pk: Any) -> HttpResponse:
    period = get_object_or_404(BudgetPeriod, pk=pk)
    try:
        budget_services.budget_period_close(period=period, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The budget period is closed."))
    return redirect("funding:period_list")


# --- Catalogue files ----------------------------------------------------------------------


@require(can_manage_programme)
@require_http_methods(["GET", "POST"])
def catalogue_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload the file and see what it would load (nothing is written yet)."""
    form = setup_forms.CatalogueFileForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        try:
            preview = catalogue_services.catalogue_preview(data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            request.session[SESSION_CATALOGUE] = data
    return render(request, "funding/catalogue_upload.html", {"form": form, "preview": preview})


@require(can_manage_programme)
@require_POST
def catalogue_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: load the previewed file."""
    data = request.session.pop(SESSION_CATALOGUE, None)
    if not isinstance(data, dict):
        messages.warning(request, _("Upload the file again: no previewed file is waiting."))
        return redirect("funding:catalogue_upload")
    try:
        name, created = catalogue_services.catalogue_load(data=data, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("funding:catalogue_upload")
    if created:
        messages.success(request, _("%(name)s is loaded.") % {"name": name})
    else:
        messages.info(request, _("%(name)s was already loaded; nothing changed.") % {"name": name})
    return redirect("funding:catalogue_upload")


@require(can_view_budget)
def budget(request: HttpRequest) -> HttpResponse:
    period = selectors.budget_period_chosen(request.GET.get("period"))
    streams = list(with_ledger(selectors.streams_with_totals(period))) if period else []
    rows = [(s, ledger_lines(s)) for s in streams]
    return render(
        request,
        "funding/budget.html",
        {
            "period": period,
            "periods": BudgetPeriod.objects.order_by("-starts_on"),
            "rows": rows,
            "can_transfer": can_manage_budget(request.user)
            and period is not None
            and period.closed_on is None,
        },
    )

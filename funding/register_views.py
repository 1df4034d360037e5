"""The decision register for the programme and the administrator: filters, one decision's
document page and its PDF (every download logged). The document page shows what the
decision document itself shows, nothing more of the case file."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from funding.choices import ApplicationKind, Outcome
from funding.forms import DATE, ExportForm
from funding.models import Decision
from funding.permissions import can_view_register
from funding.services.documents import decision_filename
from nsp.accounts.models import Organisation
from nsp.audit.access import log_access, log_list_access
from nsp.audit.models import AccessAction
from nsp.jobs.services import job_start
from nsp.pagination import paginate
from nsp.permissions import can_decide, can_export_decisions, require
from nsp.reauth import require_recent_auth
from nsp.viewtools import acting_user

REFERENCE = re.compile(r"^B?(\d{4})-0*(\d+)$", re.IGNORECASE)


class RegisterFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Actor"), queryset=Organisation.objects.order_by("name"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *ApplicationKind.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=[("", "—"), *Outcome.choices], required=False
    )
    date_from = forms.DateField(label=_("Decisions from"), widget=DATE, required=False)
    date_to = forms.DateField(label=_("Decisions until"), widget=DATE, required=False)
    number = forms.CharField(label=_("Number"), max_length=20, required=False)

    def filter(self, qs: QuerySet[Decision]) -> QuerySet[Decision]:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["organisation"]:
            qs = qs.filter(application__organisation=data["organisation"])
        if data["kind"]:
            qs = qs.filter(application__kind=data["kind"])
        if data["outcome"]:
            qs = qs.filter(outcome=data["outcome"])
        if data["date_from"]:
            qs = qs.filter(decided_on__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(decided_on__lte=data["date_to"])
        number = data["number"].strip()
        if number:
            match = REFERENCE.match(number)
            if match:  # B2026-0007
                qs = qs.filter(decided_on__year=int(match[1]), number=int(match[2]))
            elif number.isdigit():
                qs = qs.filter(number=int(number))
            else:
                qs = qs.none()
        return qs


def register_decisions(request: HttpRequest) -> tuple[RegisterFilterForm, QuerySet[Decision]]:
    form = RegisterFilterForm(request.GET or None)
    decisions = (
        Decision.objects.select_related("application__case", "application__organisation")
        .defer("pdf", "snapshot")
        .order_by("-decided_on", "-number")
    )
    return form, form.filter(decisions)


@require(can_view_register)
def decision_document(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related(
            "application__case", "application__organisation", "decided_by"
        ).defer("pdf"),
        pk=pk,
    )
    log_access(request, decision, AccessAction.VIEW, case_id=decision.application.case_id)
    return render(request, "funding/decision_document.html", {"decision": decision})


@require(can_view_register)
@require_recent_auth()
def decision_document_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("application"), pk=pk)
    if not decision.pdf:
        raise Http404
    log_access(request, decision, AccessAction.DOWNLOAD, case_id=decision.application.case_id)
    response = HttpResponse(bytes(decision.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{decision_filename(decision)}"'
    return response


@require(can_view_register)
def decision_register(request: HttpRequest) -> HttpResponse:
    filter_form, decisions = register_decisions(request)
    page = paginate(request, decisions)
    log_list_access(request, page.object_list, Decision)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "funding/decision_register.html",
        {
            "decisions": page.object_list,
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "export_form": ExportForm() if can_export_decisions(request.user) else None,
            "can_open": can_decide(request.user),
        },
    )


@require(can_export_decisions)
@require_recent_auth()
@require_http_methods(["GET", "POST"])
def decision_export(request: HttpRequest) -> HttpResponse:
    """Export a period's decision PDFs as one zip with a manifest, as a background job.

    The access is logged per decision now (the request's user asked for them); the worker
    builds the zip and the requester follows its progress on the job page.
    """
    form = ExportForm(request.POST or None)
    if not form.is_valid():
        title = _("Export the decision documents of a period")
        return render(request, "funding/form.html", {"form": form, "title": title})
    date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    decisions = Decision.objects.filter(decided_on__gte=date_from, decided_on__lte=date_to)
    for decision in decisions.select_related("application"):
        log_access(request, decision, AccessAction.EXPORT, case_id=decision.application.case_id)
    job = job_start(
        kind="decision_zip",
        user=acting_user(request),
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
    )
    return redirect("jobs:detail", job_id=job.pk)

"""Limits and amounts shown while an application is filled in (issue 18), via htmx.

The fragment is computed on the server by the same code the services use: the amount by
``FundingApplication.requested_amount`` (``funding.rates``), the intervention list's rules by
``services.check_intervention``, the days of rest already granted by
``selectors.decision_context``-style reads. Nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.models import Case
from funding import forms, selectors
from funding.choices import ApplicationKind
from funding.models import FundingApplication, ProgrammePhase
from funding.services.applications import check_intervention
from nsp.permissions import require_actor, scope_to_user

FORMS: dict[str, tuple[type[forms._ApplicationForm], str]] = {
    "vila": (forms.RestApplicationForm, ApplicationKind.REST),
    "insats": (forms.InterventionApplicationForm, ApplicationKind.INTERVENTION),
    "integration": (forms.IntegrationApplicationForm, ApplicationKind.INTEGRATION),
}


def estimate_for(kind: str, data: dict[str, Any], case: Case | None) -> dict[str, Any]:
    """What the form's current values come to: amount, limits and the rules they break."""
    phase = ProgrammePhase.objects.filter(is_active=True).first()
    result: dict[str, Any] = {"phase": phase, "kind": kind, "case": case, "problems": []}
    if phase is None:
        return result
    application = FundingApplication(kind=kind, phase=phase, case=case)
    if kind == ApplicationKind.INTERVENTION:
        item = data.get("item")
        result["item"] = item
        result["cap"] = phase.occasion_cap
        application.quantity = data.get("quantity")
        application.unit_cost = data.get("unit_cost")
        if item is not None and application.quantity and application.unit_cost is not None:
            try:
                check_intervention(
                    item=item,
                    quantity=application.quantity,
                    unit_cost=application.unit_cost,
                    description=data.get("description") or "-",
                    cap=phase.occasion_cap,
                )
            except ValidationError as exc:
                result["problems"] = exc.messages
    elif kind == ApplicationKind.REST:
        application.period_start = data.get("period_start")
        application.period_end = data.get("period_end")
        application.include_housing = bool(data.get("include_housing"))
        application.include_support = bool(data.get("include_support"))
        application.children_count = case.accompanying_children_count if case else 0
        result["children"] = application.children_count
        result["max_days"] = phase.rest_max_days
        days = application.days_requested
        result["days"] = days
        if days is not None and days > phase.rest_max_days:
            # The service's own words (rest_application_submit).
            result["problems"] = [
                _("The rest period is at most %(days)s days.") % {"days": phase.rest_max_days}
            ]
    else:
        application.days_applied = data.get("days_applied")
        result["max_days"] = phase.integration_max_days
        result["days"] = application.days_requested
    result["amount"] = application.requested_amount
    if case is not None:
        result["rest_days_granted"] = selectors.rest_nights_granted(case)
    return result


@require_actor
@require_GET
def application_estimate(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in FORMS:
        return HttpResponse(status=404)
    form_class, app_kind = FORMS[kind]
    cases = scope_to_user(request.user, Case.objects.all())
    form = form_class(request.GET, cases=cases)
    form.is_valid()  # fills cleaned_data with the fields that are valid so far
    data = getattr(form, "cleaned_data", {})
    return render(
        request,
        "funding/includes/estimate.html",
        {"estimate": estimate_for(app_kind, data, data.get("case"))},
    )

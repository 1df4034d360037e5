"""Step 1 on request: the coordinator asks the organisation's manager to fill in the
activity profile (issue 18); the alternative, filling it in for the organisation, is
``steps.profile_edit``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from certification.forms import ProfileRequestForm
from certification.permissions import can_request_profiles
from certification.profile_requests import profile_request_send
from certification.selectors import open_profile_request, organisation_managers
from certification.views._common import saved
from nsp.permissions import organisation_for_user_or_404, require
from nsp.viewtools import acting_user, add_service_errors


@require_http_methods(["GET", "POST"])
@require(can_request_profiles)
def profile_request(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = organisation_for_user_or_404(request.user, organisation_id)
    managers = organisation_managers(organisation.pk).count()
    form = ProfileRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile_request_send(
                organisation=organisation,
                by=acting_user(request),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved(
                request,
                ngettext(
                    "The request was sent to the organisation's manager.",
                    "The request was sent to the organisation's %(count)d managers.",
                    managers,
                )
                % {"count": managers},
            )
            return redirect("certification:folder", organisation_id=organisation.pk)
    return render(
        request,
        "certification/profile_request.html",
        {
            "organisation": organisation,
            "form": form,
            "managers": managers,
            "open_request": open_profile_request(organisation.pk),
        },
    )

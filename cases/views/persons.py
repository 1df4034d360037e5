"""The same person twice: the coordinator compares a case with possible earlier cases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from cases import persons, selectors
from cases.models import Case
from cases.views._common import case_or_404
from nsp.audit.access import log_access
from nsp.permissions import can_decide, get_for_user_or_404, require
from nsp.viewtools import acting_user


@require(can_decide)
def same_person(request: HttpRequest, case_id: Any) -> HttpResponse:
    """The comparison page; asked for by the case page over htmx, the hint on that page
    (how many possible earlier cases are still undecided), loaded after the page is shown."""
    case = case_or_404(request, case_id)
    log_access(request, case)
    if request.method == "GET" and getattr(request, "htmx", False):
        response = render(
            request,
            "cases/includes/same_person_hint.html",
            {"case": case, "undecided": persons.undecided_count(case)},
        )
        # One URL, two bodies: caches (the browser's back button) must keep them apart.
        patch_vary_headers(response, ("HX-Request",))
        return response
    if request.method == "POST":
        earlier = get_for_user_or_404(
            request.user, Case.objects.all(), pk=request.POST.get("earlier", "")
        )
        answer = request.POST.get("same_person")
        if answer not in ("yes", "no"):
            messages.error(request, _("Answer whether it is the same person."))
        else:
            try:
                persons.person_link_decide(
                    case=case, earlier=earlier, same_person=answer == "yes", by=acting_user(request)
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The decision is recorded."))
        return redirect("cases:same_person", case_id=case.pk)
    found = selectors.candidates(case)
    for candidate in found:
        log_access(request, candidate.case)
    return render(request, "cases/same_person.html", {"case": case, "candidates": found})

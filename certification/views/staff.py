"""The staff register (kept by the actor's manager) and per-person training attendance
(recorded by the coordinator on the programme's training events)."""

from __future__ import annotations

from itertools import groupby

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from certification import staff
from certification.models import TrainingEvent
from certification.permissions import (
    can_keep_own_staff_register,
    can_keep_staff_register,
    can_run_certification,
    can_view_staff_register,
)
from certification.staff_forms import EventStaffForm, StaffMemberForm
from certification.staff_models import StaffMember
from certification.views._common import form_page, saved
from nsp.accounts.models import Organisation
from nsp.audit.access import log_access
from nsp.permissions import (
    get_for_user_or_404,
    is_programme,
    organisation_for_user_or_404,
    require,
    require_case_reader,
)
from nsp.viewtools import acting_user, add_service_errors, ensure


def _register(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    ensure(can_view_staff_register, request.user, organisation)
    can_edit = bool(can_keep_staff_register(request.user, organisation))
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST":
        ensure(can_keep_staff_register, request.user, organisation)
        if form.is_valid():
            try:
                staff.staff_member_save(
                    organisation=organisation, by=acting_user(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                saved(request, _("The person was added to the staff register."))
                return redirect(request.path)
    log_access(request, organisation)
    return render(
        request,
        "certification/staff_register.html",
        {
            "organisation": organisation,
            "members": staff.staff_register(organisation),
            "requirement": staff.requirement_one(organisation),
            "form": form,
            "can_edit": can_edit,
        },
    )


@require_http_methods(["GET", "POST"])
@require(can_keep_own_staff_register)
def my_staff(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    assert user.organisation is not None  # an actor manager has an organisation
    return _register(request, user.organisation)


@require_http_methods(["GET", "POST"])
@require_case_reader
def staff_register(request: HttpRequest, organisation_id: str) -> HttpResponse:
    return _register(request, organisation_for_user_or_404(request.user, organisation_id))


@require_http_methods(["GET", "POST"])
@require(can_keep_own_staff_register)
def staff_member_edit(request: HttpRequest, member_id: str) -> HttpResponse:
    member = get_for_user_or_404(
        request.user, StaffMember.objects.select_related("organisation"), pk=member_id
    )
    ensure(can_keep_staff_register, request.user, member.organisation)
    initial = {
        "name": member.name,
        "role": member.role,
        "started_on": member.started_on,
        "ended_on": member.ended_on,
    }
    form = StaffMemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            staff.staff_member_save(
                organisation=member.organisation,
                by=acting_user(request),
                member=member,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved(request, _("The staff register was updated."))
            return redirect("certification:my_staff")
    return form_page(
        request,
        form,
        title=_("Staff member – %(name)s") % {"name": member.name},
        intro=_("When a person stops working at the actor, enter the end date."),
        back=reverse("certification:my_staff"),
    )


@require_http_methods(["GET", "POST"])
@require(is_programme)
def event_staff(request: HttpRequest, event_id: str) -> HttpResponse:
    event = get_object_or_404(TrainingEvent, pk=event_id)
    candidates = staff.event_candidates(event)
    chosen = set(event.staff_attendance.values_list("staff_member_id", flat=True))
    form = EventStaffForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        ensure(can_run_certification, request.user)
        if form.is_valid():
            staff.event_staff_set(event=event, members=form.cleaned_data["staff"])
            saved(request, _("The attendance was recorded."))
            return redirect("certification:event_list")
    log_access(request, event)  # the page names the actors' staff
    groups = [
        (organisation, list(members))
        for organisation, members in groupby(candidates, key=lambda m: m.organisation)
    ]
    return render(
        request,
        "certification/event_staff.html",
        {
            "event": event,
            "groups": groups,
            "chosen": chosen,
            "form": form,
            "can_edit": bool(can_run_certification(request.user)),
        },
    )

"""Steps 1–3: activity profile, visits with action plans, annual follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification import annual, records, services, staff, year
from certification.catalogues_data import groups_of, housing_fields
from certification.choices import ActionStatus, CatalogueKind, Outcome
from certification.forms import (
    ActionUpdateForm,
    ActionVerifyForm,
    AssessmentForm,
    AssessmentOpenForm,
    EventForm,
    FollowUpForm,
    ProfileForm,
    ProfileReviewForm,
)
from certification.models import ActionItem, ActivityProfile, Assessment, FollowUp, TrainingEvent
from certification.permissions import (
    can_edit_profile,
    can_fill_profiles,
    can_run_certification,
    can_work_on_action,
)
from certification.views._common import form_page, saved
from nsp.audit.access import log_access
from nsp.audit.models import AccessAction
from nsp.pdf import render_pdf
from nsp.permissions import (
    get_for_user_or_404,
    is_programme,
    organisation_for_user_or_404,
    require,
    require_case_reader,
)
from nsp.reauth import require_recent_auth
from nsp.viewtools import acting_user, add_service_errors, ensure


def _folder_url(organisation_id: object) -> str:
    return reverse("certification:folder", kwargs={"organisation_id": organisation_id})


# --- Step 1 -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(can_fill_profiles)
def profile_edit(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = organisation_for_user_or_404(request.user, organisation_id)
    user = acting_user(request)
    try:
        # The profile in work, or a new one unsaved: the first valid save makes it.
        profile = services.profile_for_form(organisation=organisation)
    except ValidationError as error:
        raise PermissionDenied(error.messages[0]) from error
    decision = can_edit_profile(request.user, profile)
    if not decision:
        return redirect("certification:profile_detail", profile_id=profile.pk)
    form = ProfileForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                profile=profile,
                services=form.services_data(),
                housing=form.housing_data(),
                submit="submit" in request.POST,
                by=user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if "submit" not in request.POST:
                saved(request, _("The profile was saved."))
            elif user.is_coordinator:
                saved(request, _("The profile was submitted; review it to move on to step 2."))
            else:
                saved(request, _("The profile was submitted to the coordinator."))
            return redirect(_folder_url(organisation.pk))
    return render(
        request,
        "certification/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "organisation": organisation,
            "for_organisation": user.is_coordinator,
        },
    )


@require_GET
@require_case_reader
def profile_detail(request: HttpRequest, profile_id: str) -> HttpResponse:
    profile = get_for_user_or_404(
        request.user,
        ActivityProfile.objects.select_related("catalogue", "organisation", "submitted_by"),
        pk=profile_id,
    )
    log_access(request, profile)
    groups = []
    for group in groups_of(profile.catalogue.definition):
        rows = [
            {"service": s, "answer": profile.services.get(s["key"], {})} for s in group["services"]
        ]
        groups.append({**group, "rows": rows})
    housing = [
        {"label": spec["label"], "value": profile.housing.get(spec["key"], "")}
        for spec in housing_fields(profile.catalogue.definition)
    ]
    return render(
        request,
        "certification/profile_detail.html",
        {
            "profile": profile,
            "groups": groups,
            "housing": housing,
            "can_review": bool(can_run_certification(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
@require(can_run_certification)
def profile_review(request: HttpRequest, profile_id: str) -> HttpResponse:
    profile = get_for_user_or_404(
        request.user, ActivityProfile.objects.select_related("organisation"), pk=profile_id
    )
    form = ProfileReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            services.profile_review(
                profile=profile,
                by=user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved(request, _("The review was recorded."))
            return redirect(_folder_url(profile.organisation_id))
    return form_page(
        request,
        form,
        title=_("Review activity profile – %(name)s") % {"name": profile.organisation.name},
        back=reverse("certification:profile_detail", kwargs={"profile_id": profile.pk}),
    )


# --- Step 2 -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(can_run_certification)
def assessment_open(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = organisation_for_user_or_404(request.user, organisation_id)
    form = AssessmentOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            assessment = services.assessment_open(
                organisation=organisation,
                catalogue=form.cleaned_data["catalogue"],
                by=user,
                visit_date=form.cleaned_data["visit_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("certification:assessment_record", assessment_id=assessment.pk)
    return form_page(
        request,
        form,
        title=_("New assessment – %(name)s") % {"name": organisation.name},
        intro=_(
            "A certification visit uses the minimum requirements; a follow-up of a shelter "
            "or a provider may use another catalogue. The assessment keeps the edition chosen."
        ),
        back=_folder_url(organisation.pk),
    )


def _assessment_for(request: HttpRequest, assessment_id: str) -> Assessment:
    return get_for_user_or_404(
        request.user,
        Assessment.objects.select_related("catalogue", "organisation", "assessor"),
        pk=assessment_id,
    )


@require_GET
@require_case_reader
def assessment_detail(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment_for(request, assessment_id)
    log_access(request, assessment)
    return render(
        request,
        "certification/assessment_detail.html",
        {
            "assessment": assessment,
            "answers": assessment.answers.select_related("item__section"),
            "actions": assessment.action_items.select_related("answer__item"),
            "can_edit": assessment.is_open and bool(can_run_certification(request.user)),
            "Outcome": Outcome,
            "follow_up": FollowUp.objects.filter(assessment=assessment).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@require(can_run_certification)
def assessment_record(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment_for(request, assessment_id)
    if not assessment.is_open:
        return redirect("certification:assessment_detail", assessment_id=assessment.pk)
    form = AssessmentForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            services.assessment_record(
                assessment=assessment,
                answers=form.answers_data(),
                summary=form.cleaned_data["summary"],
            )
            if "complete" in request.POST:
                services.assessment_complete(assessment=assessment, by=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved(request, _("The assessment was saved."))
            return redirect("certification:assessment_detail", assessment_id=assessment.pk)
    # Minimum requirement 1 read from the staff register, beside the requirement.
    requirement_one = None
    if assessment.catalogue.kind == CatalogueKind.MINIMUM_REQUIREMENTS:
        requirement_one = staff.requirement_one(assessment.organisation)
    return render(
        request,
        "certification/assessment_form.html",
        {"assessment": assessment, "form": form, "requirement_one": requirement_one},
    )


@require_GET
@require_case_reader
@require_recent_auth()
def assessment_pdf(request: HttpRequest, assessment_id: str) -> HttpResponse:
    assessment = _assessment_for(request, assessment_id)
    log_access(request, assessment, AccessAction.PRINT)
    pdf = render_pdf(
        "certification/pdf/assessment.html",
        {
            "assessment": assessment,
            "answers": assessment.answers.select_related("item__section"),
            "actions": assessment.action_items.select_related("answer__item"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bedomning-{assessment.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@require_case_reader
def action_detail(request: HttpRequest, action_id: str) -> HttpResponse:
    action = get_for_user_or_404(
        request.user,
        ActionItem.objects.select_related("organisation", "answer__item", "assessment__catalogue"),
        pk=action_id,
    )
    log_access(request, action)
    update_form = ActionUpdateForm(prefix="upd")
    verify_form = ActionVerifyForm(prefix="ver")
    is_coordinator = bool(can_run_certification(request.user))
    if request.method == "POST":
        user = acting_user(request)
        try:
            if "ver-decision" in request.POST:
                ensure(can_run_certification, request.user)
                verify_form = ActionVerifyForm(request.POST, prefix="ver")
                if verify_form.is_valid():
                    services.action_verify(
                        action=action,
                        by=user,
                        close=verify_form.cleaned_data["decision"] == "close",
                        note=verify_form.cleaned_data["note"],
                    )
                    saved(request, _("The verification was recorded."))
                    return redirect(request.path)
            else:
                ensure(can_work_on_action, request.user, action)
                update_form = ActionUpdateForm(request.POST, prefix="upd")
                if update_form.is_valid():
                    services.action_update(
                        action=action,
                        by=user,
                        note=update_form.cleaned_data["note"],
                        mark_done=update_form.cleaned_data["mark_done"] and not is_coordinator,
                    )
                    saved(request, _("The action plan was updated."))
                    return redirect(request.path)
        except ValidationError as error:
            add_service_errors(
                verify_form if "ver-decision" in request.POST else update_form, error
            )
    return render(
        request,
        "certification/action_detail.html",
        {
            "action": action,
            "notes": action.notes.select_related("author"),
            "update_form": update_form,
            "verify_form": verify_form,
            "can_update": bool(can_work_on_action(request.user, action)),
            "can_verify": is_coordinator and action.status == ActionStatus.DONE,
            "is_coordinator": is_coordinator,
        },
    )


# --- Step 3 -------------------------------------------------------------------------


def _followup_for(request: HttpRequest, followup_id: str) -> FollowUp:
    return get_for_user_or_404(
        request.user,
        FollowUp.objects.select_related("organisation", "assessment__catalogue"),
        pk=followup_id,
    )


@require_http_methods(["GET", "POST"])
@require_case_reader
def followup_record(request: HttpRequest, followup_id: str) -> HttpResponse:
    """The annual follow-up: the re-assessment, the year's case handling from the records,
    the review of the year. The actor reads it; the coordinator records it."""
    followup = _followup_for(request, followup_id)
    can_record = bool(can_run_certification(request.user))
    if request.method == "POST":
        ensure(can_run_certification, request.user)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            services.followup_record(followup=followup, by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved(request, _("The follow-up was recorded; the next one is scheduled."))
            return redirect(_folder_url(followup.organisation_id))
    start, end = year.followup_year(followup)
    assessment = followup.assessment
    return render(
        request,
        "certification/followup.html",
        {
            "followup": followup,
            "form": form,
            "year_start": start,
            "year_end": end,
            "handling": year.followup_case_handling(followup),
            "assessment": assessment,
            "counts": year.outcome_counts(assessment) if assessment else None,
            "previous": year.previous_minimum_assessment(
                followup.organisation, exclude=assessment.pk if assessment else None
            ),
            "back": _folder_url(followup.organisation_id),
            "can_record": can_record,
        },
    )


@require_http_methods(["POST"])
@require(can_run_certification)
def followup_assessment(request: HttpRequest, followup_id: str) -> HttpResponse:
    """Open (or go on with) the follow-up's re-assessment, pre-filled from the last one."""
    followup = _followup_for(request, followup_id)
    try:
        assessment = annual.followup_assessment_open(followup=followup, by=acting_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("certification:followup_record", followup_id=followup.pk)
    return redirect("certification:assessment_record", assessment_id=assessment.pk)


@require_http_methods(["GET", "POST"])
@require(is_programme)
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST":
        ensure(can_run_certification, request.user)
        if form.is_valid():
            event = records.event_create(
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                description=form.cleaned_data["description"],
                basic_training=form.cleaned_data["basic_training"],
            )
            for organisation in form.cleaned_data["attendees"]:
                records.attendance_record(event=event, organisation=organisation)
            saved(request, _("The event was recorded."))
            return redirect(request.path)
    events = TrainingEvent.objects.prefetch_related("attendees").annotate(
        staff_count=Count("staff_attendance")
    )
    return render(
        request,
        "certification/event_list.html",
        {"events": events, "form": form, "can_edit": bool(can_run_certification(request.user))},
    )

"""The actor's folder: status, profile, assessments, action plan, notes and documents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from certification import records, services, staff
from certification.choices import ActionStatus, CertificationStatus, ProfileStatus
from certification.forms import DocumentForm, NoteForm, StatusChangeForm
from certification.models import (
    ActionItem,
    ActivityProfile,
    Assessment,
    CertificationEvent,
    FolderDocument,
    FolderNote,
    FollowUp,
)
from certification.permissions import (
    can_fill_profiles,
    can_request_profiles,
    can_run_certification,
    can_view_folder,
    can_view_staff_register,
)
from certification.selectors import (
    accepted_profile,
    can_file_applications,
    certification_status,
    open_profile_request,
)
from certification.views._common import form_page, saved
from nsp.accounts.models import Organisation
from nsp.audit.access import log_access
from nsp.audit.models import AccessAction
from nsp.permissions import (
    can_manage_folder,
    get_for_user_or_404,
    is_actor,
    organisation_for_user_or_404,
    require,
    require_case_reader,
)
from nsp.viewtools import acting_user, add_service_errors, ensure


def _folder(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    ensure(can_view_folder, request.user, organisation)
    can_edit = bool(can_manage_folder(request.user, organisation))
    note_form = NoteForm(prefix="note")
    document_form = DocumentForm(prefix="doc")
    if request.method == "POST":
        ensure(can_manage_folder, request.user, organisation)
        user = acting_user(request)
        try:
            if "note-text" in request.POST:
                note_form = NoteForm(request.POST, prefix="note")
                if note_form.is_valid():
                    records.note_add(
                        organisation=organisation,
                        by=user,
                        text=note_form.cleaned_data["text"],
                    )
                    saved(request, _("The note was added."))
                    return redirect(request.path)
            else:
                document_form = DocumentForm(request.POST, request.FILES, prefix="doc")
                if document_form.is_valid():
                    records.document_upload(
                        organisation=organisation,
                        by=user,
                        title=document_form.cleaned_data["title"],
                        upload=document_form.cleaned_data["file"],
                    )
                    saved(request, _("The document was uploaded."))
                    return redirect(request.path)
        except ValidationError as error:
            add_service_errors(document_form if "doc-title" in request.POST else note_form, error)
    log_access(request, organisation)
    status = certification_status(organisation)
    actions = list(
        ActionItem.objects.filter(organisation=organisation).select_related(
            "answer__item", "assessment__catalogue"
        )
    )
    profiles = list(
        ActivityProfile.objects.filter(organisation=organisation).select_related(
            "catalogue", "submitted_by"
        )
    )
    context = {
        "organisation": organisation,
        "status": status,
        "status_label": CertificationStatus(status).label,
        "can_apply": can_file_applications(organisation),
        "can_edit": can_edit,
        "is_coordinator": bool(can_run_certification(request.user)),
        "is_manager": can_edit and is_actor(request.user),
        # Step 1: the manager fills it in; the coordinator may too, or ask the manager.
        "can_fill_profile": can_edit and bool(can_fill_profiles(request.user)),
        "can_request_profile": bool(can_request_profiles(request.user)),
        "profile_request": open_profile_request(organisation.pk),
        "profile": accepted_profile(organisation),
        "profiles": profiles,
        "profile_waiting": any(p.status == ProfileStatus.SUBMITTED for p in profiles),
        "assessments": Assessment.objects.filter(organisation=organisation).select_related(
            "catalogue", "assessor"
        ),
        "actions": actions,
        "open_count": sum(a.status != ActionStatus.CLOSED for a in actions),
        "overdue_count": sum(a.is_overdue for a in actions),
        "followups": FollowUp.objects.filter(organisation=organisation),
        "events": CertificationEvent.objects.filter(
            certification__organisation=organisation
        ).select_related("changed_by"),
        "attended": organisation.training_events.order_by("-held_on")[:10],
        "requirement_one": staff.requirement_one(organisation),
        "can_view_staff": bool(can_view_staff_register(request.user, organisation)),
        "notes": FolderNote.objects.filter(organisation=organisation).select_related("author"),
        "documents": FolderDocument.objects.filter(organisation=organisation).select_related(
            "uploaded_by"
        ),
        "note_form": note_form,
        "document_form": document_form,
        "ProfileStatus": ProfileStatus,
    }
    return render(request, "certification/folder.html", context)


@require_http_methods(["GET", "POST"])
@require(is_actor)
def my_folder(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    assert user.organisation is not None  # is_actor: an actor user has an organisation
    return _folder(request, user.organisation)


@require_http_methods(["GET", "POST"])
@require_case_reader
def folder(request: HttpRequest, organisation_id: str) -> HttpResponse:
    return _folder(request, organisation_for_user_or_404(request.user, organisation_id))


@require_http_methods(["GET", "POST"])
@require(can_run_certification)
def status_change(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = organisation_for_user_or_404(request.user, organisation_id)
    current = certification_status(organisation)
    form = StatusChangeForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        user = acting_user(request)
        try:
            services.certification_transition(
                organisation=organisation,
                to_status=form.cleaned_data["to_status"],
                by=user,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            saved(request, _("The certification status was changed."))
            return redirect("certification:folder", organisation_id=organisation.pk)
    return form_page(
        request,
        form,
        title=_("Change certification status – %(name)s") % {"name": organisation.name},
        intro=_("Current status: %(status)s") % {"status": CertificationStatus(current).label},
        back=reverse("certification:folder", kwargs={"organisation_id": organisation.pk}),
    )


@require_GET
@require_case_reader
def document_download(request: HttpRequest, document_id: str) -> HttpResponseBase:
    document = get_for_user_or_404(
        request.user, FolderDocument.objects.all(), "organisation", pk=document_id
    )
    if not can_view_folder(request.user, document.organisation):
        raise PermissionDenied
    log_access(request, document, AccessAction.DOWNLOAD)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=f"dokument-{document.pk}.{extension.get(document.content_type, 'bin')}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

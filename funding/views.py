"""Funding views: thin — fetch through the permission helpers, validate, call one service."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases.choices import CaseStatus
from cases.models import Case
from certification.selectors import can_file_applications
from funding import forms, held, selectors, services
from funding.choices import GRANTING_OUTCOMES, ApplicationKind
from funding.models import Decision, FundingApplication, Invoice
from funding.permissions import (
    can_add_information,
    can_attest_invoice,
    can_decide_application,
    can_manage_budget,
    can_record_afterwards,
    can_record_takeover,
    can_request_reconsideration,
    can_send_invoice,
    can_withdraw_application,
)
from funding.services import payments
from funding.services.documents import decision_filename
from funding.uploads import content_type_of
from nsp.audit.access import log_access, log_list_access
from nsp.audit.models import AccessAction
from nsp.pagination import paginate
from nsp.permissions import (
    get_for_user_or_404,
    require,
    require_actor,
    require_case_reader,
    require_programme,
    scope_to_user,
)
from nsp.reauth import require_recent_auth
from nsp.templatetags.nsp import sek
from nsp.viewtools import acting_user, add_service_errors, ensure


def _form_page(request: HttpRequest, form: Form, title: str, **extra: Any) -> HttpResponse:
    return render(request, "funding/form.html", {"form": form, "title": title, **extra})


def _filing(request: HttpRequest) -> Any:
    """Whether the actor's organisation may file applications, and why not (shown before
    anything is filled in)."""
    organisation = getattr(request.user, "organisation", None)
    return can_file_applications(organisation) if organisation is not None else None


def _application(request: HttpRequest, pk: Any) -> FundingApplication:
    return get_for_user_or_404(request.user, selectors.applications_for(request.user), pk=pk)


def _decision(request: HttpRequest, pk: Any) -> Decision:
    return get_for_user_or_404(
        request.user, selectors.decisions_for(request.user), "application__organisation", pk=pk
    )


def _person_rest(application: FundingApplication) -> selectors.RestNights | None:
    """The person's 30 days' rest (all rest periods), shown with a rest application."""
    if application.effective_kind != ApplicationKind.REST:
        return None
    return selectors.rest_nights(application.case, maximum=application.phase.rest_max_days)


# --- Applications ---------------------------------------------------------------------


@require_case_reader
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_for(request.user)
    waiting = request.GET.get("status") == "submitted"
    if waiting:
        applications = applications.filter(status="submitted").order_by("created_at")
    page = paginate(request, applications)
    log_list_access(request, page.object_list, FundingApplication)
    return render(
        request,
        "funding/application_list.html",
        {
            "applications": page.object_list,
            "page": page,
            "query": "status=submitted" if waiting else "",
            "waiting": waiting,
            "filing": _filing(request),
        },
    )


APPLICATION_FORMS: dict[str, tuple[type[forms._ApplicationForm], Any, Any]] = {
    "vila": (
        forms.RestApplicationForm,
        services.rest_application_submit,
        ApplicationKind.REST.label,
    ),
    "insats": (
        forms.InterventionApplicationForm,
        services.intervention_application_submit,
        ApplicationKind.INTERVENTION.label,
    ),
    "integration": (
        forms.IntegrationApplicationForm,
        services.integration_application_submit,
        ApplicationKind.INTEGRATION.label,
    ),
}


@require_actor
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in APPLICATION_FORMS:
        raise Http404
    form_class, service, title = APPLICATION_FORMS[kind]
    cases = scope_to_user(request.user, Case.objects.all())
    initial = {"case": request.GET.get("case")} if request.GET.get("case") else None
    kept = held.get(request, kind)
    if request.method == "POST" and "remove_held" in request.POST:
        held.release(request, kind)
        kept = None
        posted = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken"}}
        form = form_class(cases=cases, initial=posted)
    else:
        form = form_class(request.POST or None, request.FILES or None, cases=cases, initial=initial)
    if request.method == "GET":  # the form lists the actor's cases to choose from
        log_list_access(request, cases, Case)
    new_upload = request.FILES.get("cost_document")
    if kept and "cost_document" in form.fields and not new_upload:
        form.fields["cost_document"].required = False  # the held file stands in
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        if kept and "cost_document" in data and not data["cost_document"]:
            data["cost_document"] = held.open_file(kept)
        try:
            application = service(by=acting_user(request), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            held.release(request, kind)
            messages.success(request, _("The application has been sent to the coordinator."))
            return redirect("funding:application_detail", application.pk)
    if form.is_bound and new_upload is not None and not form.has_error("cost_document"):
        # The form failed for another reason: keep the attached file for the next try.
        kept = held.hold(request, kind, new_upload)
    return _form_page(
        request,
        form,
        str(title),
        multipart=True,
        filing=_filing(request),
        estimate_url=reverse("funding:application_estimate", args=[kind]),
        held=kept,
    )


@require_case_reader
def application_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    application = _application(request, pk)
    log_access(request, application, AccessAction.VIEW)
    decisions = application.decisions.select_related("decided_by", "invoice").order_by("number")
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            "decisions": decisions,
            "can_decide": can_decide_application(request.user, application),
            "can_inform": can_add_information(request.user, application),
            "can_withdraw": can_withdraw_application(request.user, application),
            "earlier_integration": selectors.integration_ended(
                application.case, timezone.localdate()
            ),
            "person_rest": _person_rest(application),
        },
    )


def _serve(request: HttpRequest, obj: Model, file: FieldFile, name: str) -> HttpResponse:
    """Stream an upload after the permission check, logging the download."""
    if not file:
        raise Http404
    log_access(request, obj, AccessAction.DOWNLOAD)
    handle = file.open("rb")
    response = FileResponse(handle, content_type=content_type_of(handle))
    suffix = Path(file.name or "").suffix
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}"'
    return cast(HttpResponse, response)  # a FileResponse streams; callers only return it


@require_case_reader
def application_document(request: HttpRequest, pk: Any) -> HttpResponse:
    application = _application(request, pk)
    return _serve(request, application, application.cost_document, "kostnadsunderlag")


@require_actor
@require_http_methods(["GET", "POST"])
def application_inform(request: HttpRequest, pk: Any) -> HttpResponse:
    application = _application(request, pk)
    ensure(can_add_information, request.user, application)
    form = forms.InformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_add_information(
                application=application, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The information has been sent to the coordinator."))
            return redirect("funding:application_detail", application.pk)
    log_access(request, application)
    return _form_page(request, form, _("Send more information"), application=application)


@require_actor
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: Any) -> HttpResponse:
    application = _application(request, pk)
    verdict = can_withdraw_application(request.user, application)
    if not verdict:
        messages.warning(request, str(verdict.reason))
        return redirect("funding:application_detail", application.pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The application has been withdrawn."))
            return redirect("funding:application_detail", application.pk)
    return _form_page(request, form, _("Withdraw the application"), application=application)


@require_programme
@require_http_methods(["GET", "POST"])
def application_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    application = _application(request, pk)
    log_access(request, application, AccessAction.VIEW)
    verdict = can_decide_application(request.user, application)
    if not verdict:
        messages.warning(request, str(verdict.reason))
        return redirect("funding:application_detail", application.pk)
    integration = application.effective_kind == ApplicationKind.INTEGRATION
    earlier_integration = selectors.integration_ended(application.case, timezone.localdate())
    initial = {"granted_start": application.period_start, "granted_end": application.period_end}
    form = forms.DecisionForm(
        request.POST or None,
        kind=application.effective_kind,
        retroactive=application.is_retroactive,
        earlier_integration=earlier_integration,
        admission_pending=application.with_admission
        and application.case.status == CaseStatus.APPLIED
        and application.kind != ApplicationKind.RECONSIDERATION,
        actor_may_file=bool(can_file_applications(application.organisation)),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        guidelines = None
        if integration and data["outcome"] != "more_info":
            answers = [
                data.pop(f"guideline_{k}")
                for k in ("work_done", "need_established", "real_chance", "complements")
            ]
            if all(answers):
                guidelines = services.Guidelines(*(a == "yes" for a in answers))
        for key in [k for k in data if k.startswith("guideline_")]:
            data.pop(key)
        if not data.get("admission_outcome"):
            data.pop("admission_outcome", None)
        try:
            decision = services.decision_record(
                application=application, by=acting_user(request), guidelines=guidelines, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Decision %(ref)s is signed.") % {"ref": decision.reference}
            )
            return redirect("funding:decision_detail", decision.pk)
    return render(
        request,
        "funding/decide.html",
        {
            "form": form,
            "application": application,
            "earlier_integration": earlier_integration,
            "person_rest": _person_rest(application),
            "context": selectors.decision_context(application),
        },
    )


# --- Decisions --------------------------------------------------------------------------


@require_case_reader
def decision_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = _decision(request, pk)
    log_access(request, decision, AccessAction.VIEW, case_id=decision.application.case_id)
    invoice = Invoice.objects.filter(decision=decision).first()
    return render(
        request,
        "funding/decision_detail.html",
        {
            "decision": decision,
            "application": decision.application,
            "invoice": invoice,
            "can_reconsider": can_request_reconsideration(request.user, decision),
            "can_invoice": can_send_invoice(request.user, decision),
            "can_takeover": can_record_takeover(request.user, decision),
            "can_attest": invoice is not None and can_attest_invoice(request.user, invoice),
            "can_pay_afterwards": invoice is None
            and decision.outcome in GRANTING_OUTCOMES
            and can_record_afterwards(request.user),
        },
    )


@require_case_reader
@require_recent_auth()
def decision_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = _decision(request, pk)
    if not decision.pdf:
        # Every decision recorded through the services has its document; never send an
        # empty "PDF" for one that has none.
        raise Http404(_("This decision has no stored document."))
    log_access(request, decision, AccessAction.DOWNLOAD, case_id=decision.application.case_id)
    response = HttpResponse(bytes(decision.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{decision_filename(decision)}"'
    return response


@require_actor
@require_http_methods(["GET", "POST"])
def decision_reconsider(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = _decision(request, pk)
    ensure(can_request_reconsideration, request.user, decision)
    log_access(request, decision)
    form = forms.ReconsiderationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.reconsideration_submit(
                decision=decision, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The request for reconsideration has been sent."))
            return redirect("funding:application_detail", application.pk)
    return _form_page(
        request, form, _("Request reconsideration of %(ref)s") % {"ref": decision.reference}
    )


@require_programme
@require_http_methods(["GET", "POST"])
def decision_takeover(request: HttpRequest, pk: Any) -> HttpResponse:
    decision = _decision(request, pk)
    ensure(can_record_takeover, request.user, decision)
    form = forms.TakeoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record_takeover(
                decision=decision, by=acting_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The takeover is recorded."))
            return redirect("funding:decision_detail", decision.pk)
    return _form_page(
        request,
        form,
        _("A public body took over"),
        help=_("A public body took over – the period and the amount end that day."),
    )


# --- Invoices -------------------------------------------------------------------------------


@require_actor
@require_http_methods(["GET", "POST"])
def invoice_create(request: HttpRequest, pk: Any) -> HttpResponse:
    """An intervention is invoiced at its real cost with a receipt; a 30/90-day period
    for the amount due computed from the granted days (``funding.services.payments``)."""
    decision = _decision(request, pk)
    ensure(can_send_invoice, request.user, decision)
    log_access(request, decision)
    flat_rate = payments.is_flat_rate(decision)
    form_class = forms.FlatRateInvoiceForm if flat_rate else forms.InvoiceForm
    service = payments.flat_rate_invoice_submit if flat_rate else services.invoice_submit
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(decision=decision, by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The invoice and the receipt have been sent."))
            return redirect("funding:decision_detail", decision.pk)
    if flat_rate:
        title = _("Invoice %(ref)s: %(amount)s due") % {
            "ref": decision.reference,
            "amount": sek(payments.flat_rate_amount_due(decision)),
        }
    else:
        title = _("Send the invoice and the receipt")
    return _form_page(request, form, title, multipart=True)


@require_case_reader
def invoice_file(request: HttpRequest, pk: Any, which: str) -> HttpResponse:
    invoice = get_for_user_or_404(request.user, Invoice.objects.all(), pk=pk)
    field = {"faktura": invoice.invoice_file, "kvitto": invoice.receipt_file}.get(which)
    if field is None:
        raise Http404
    return _serve(request, invoice, field, which)


# --- Budget -----------------------------------------------------------------------------------


@require(can_manage_budget)
@require_http_methods(["GET", "POST"])
def transfer_create(request: HttpRequest) -> HttpResponse:
    period = selectors.budget_period_chosen(request.GET.get("period"))
    if period is None:
        raise Http404
    form = forms.TransferForm(request.POST or None, streams=period.streams.all())
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.budget_transfer_make(
                by=acting_user(request), afterwards=data["made_on"] < timezone.localdate(), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The transfer is recorded."))
            return redirect("funding:budget")
    return _form_page(request, form, _("Transfer between streams"))

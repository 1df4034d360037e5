"""Viewsets of the funding API: applications of each kind with their decisions, decision
PDFs, purchase requests (intervention applications) and invoices, budget streams with what
remains, the intervention list.

Every write calls the funding app's service (``funding.services``); reads are scoped with
``nsp.permissions.scope_to_user`` through the funding selectors.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cases.models import Case
from funding import services
from funding.api.serializers import (
    ApplicationSerializer,
    BudgetStreamSerializer,
    DecideInput,
    DecisionSerializer,
    InformationInput,
    IntegrationApplicationInput,
    InterventionApplicationInput,
    InterventionCatalogueSerializer,
    InvoiceSerializer,
    PaidInput,
    ReconsiderationInput,
    RestApplicationInput,
    SentForPaymentInput,
    WithdrawInput,
)
from funding.choices import ApplicationKind, ApplicationStatus, InvoiceStatus, Outcome
from funding.models import (
    BudgetStream,
    Decision,
    FundingApplication,
    InterventionCatalogue,
    Invoice,
)
from funding.permissions import (
    can_add_information,
    can_attest_invoice,
    can_decide_application,
    can_pay_invoice,
    can_request_reconsideration,
    can_view_budget,
    can_withdraw_application,
)
from funding.selectors import applications_for, decisions_for, streams_with_totals
from funding.services import payments
from funding.services.documents import decision_filename
from nsp.api.common import (
    ERROR,
    FROM,
    ORGANISATION,
    TO,
    acting_user,
    call_service,
    check,
    filter_list,
    parse_date,
    status_param,
)
from nsp.audit.access import log_access
from nsp.audit.api import AccessLoggedMixin
from nsp.audit.models import AccessAction
from nsp.permissions import can_decide, get_for_user_or_404, is_actor, scope_to_user
from nsp.reauth import RecentAuthRequired

# --- Applications ----------------------------------------------------------------------


def _case_for_filing(request: Request, case_id: Any) -> Case:
    """The case to file for: one the user may read, else 404 (no hint that it exists)."""
    return get_for_user_or_404(
        request.user, Case.objects.select_related("organisation"), pk=case_id
    )


def _validated(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


_GUIDELINES = ("work_done", "need_established", "real_chance", "complements")


def _require_actor(user: Any) -> None:
    if not is_actor(user):
        raise PermissionDenied(_("Only actors file applications."))


_KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=ApplicationKind.values)
_CREATED = {201: ApplicationSerializer, 400: ERROR, 403: ERROR}


def _applications(request: Request) -> QuerySet[FundingApplication]:
    return applications_for(request.user).prefetch_related(
        Prefetch("decisions", Decision.objects.order_by("number"))
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION, status_param(ApplicationStatus.values), _KIND],
        description="Funding applications; `from`/`to` filter on the date submitted.",
    ),
)
class ApplicationViewSet(AccessLoggedMixin, viewsets.ReadOnlyModelViewSet[FundingApplication]):
    """Funding applications of each kind with their decisions.

    Actors file (``rest``, ``integration``, ``intervention``) and answer requests for more
    information; the coordinator or programme manager decides.
    """

    serializer_class = ApplicationSerializer

    def get_queryset(self) -> QuerySet[FundingApplication]:
        qs = _applications(self.request).order_by("-submitted_on", "-created_at")
        if self.action == "list":
            qs = filter_list(self.request, qs, date_field="submitted_on")
            kind = self.request.query_params.get("kind")
            if kind:
                qs = qs.filter(kind=kind)
        return qs

    def _file(self, request: Request, serializer_class: Any, service: Any) -> Response:
        user = acting_user(request)
        _require_actor(user)
        data = dict(_validated(serializer_class, request))
        case = _case_for_filing(request, data.pop("case"))
        application = call_service(service, case=case, by=user, **data)
        return Response(
            self.get_serializer(_applications(request).get(pk=application.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=RestApplicationInput, responses=_CREATED)
    @action(detail=False, methods=["post"])
    def rest(self, request: Request) -> Response:
        """File a 30 days' rest application (NSP/AV) for an admitted case."""
        return self._file(request, RestApplicationInput, services.rest_application_submit)

    @extend_schema(request=IntegrationApplicationInput, responses=_CREATED)
    @action(detail=False, methods=["post"])
    def integration(self, request: Request) -> Response:
        """File a 90 days' integration application (NSP/AI/Dok.07)."""
        return self._file(
            request, IntegrationApplicationInput, services.integration_application_submit
        )

    @extend_schema(request=InterventionApplicationInput, responses=_CREATED)
    @action(detail=False, methods=["post"])
    def intervention(self, request: Request) -> Response:
        """File a point intervention (purchase request, NSP/IA/Dok.06); send it as
        ``multipart/form-data`` with the quote or receipt in ``cost_document``."""
        return self._file(
            request, InterventionApplicationInput, services.intervention_application_submit
        )

    @extend_schema(request=DecideInput, responses={201: DecisionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Record and sign the decision (coordinator or programme manager)."""
        user = acting_user(request)
        check(can_decide(user))
        application = self.get_object()
        check(can_decide_application(user, application))
        data = dict(_validated(DecideInput, request))
        flags = [data.pop(f"guideline_{name}") for name in _GUIDELINES]
        guidelines = services.Guidelines(*flags) if all(f is not None for f in flags) else None
        decision = call_service(
            services.decision_record,
            application=application,
            by=user,
            guidelines=guidelines,
            **data,
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InformationInput, responses={200: ApplicationSerializer, 400: ERROR, 403: ERROR}
    )
    @action(detail=True, methods=["post"])
    def information(self, request: Request, pk: Any = None) -> Response:
        """Answer a request for more information; the application returns to the decider."""
        user = acting_user(request)
        application = self.get_object()
        check(can_add_information(user, application))
        data = _validated(InformationInput, request)
        call_service(
            services.application_add_information,
            application=application,
            by=user,
            information=data["information"],
        )
        return Response(self.get_serializer(_applications(request).get(pk=application.pk)).data)

    @extend_schema(
        request=WithdrawInput, responses={200: ApplicationSerializer, 400: ERROR, 403: ERROR}
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """Withdraw the application (the actor, with a reason) until it is decided; status
        becomes ``withdrawn`` (neither granted nor denied)."""
        user = acting_user(request)
        application = self.get_object()
        check(can_withdraw_application(user, application))
        data = _validated(WithdrawInput, request)
        call_service(
            services.application_withdraw,
            application=application,
            by=user,
            reason=data["reason"],
        )
        return Response(self.get_serializer(_applications(request).get(pk=application.pk)).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION, status_param(ApplicationStatus.values)],
        description="Purchase requests (point interventions); `from`/`to` on the date submitted.",
    ),
)
class PurchaseRequestViewSet(AccessLoggedMixin, viewsets.ReadOnlyModelViewSet[FundingApplication]):
    """Purchase requests: the point-intervention applications (file via
    ``POST /applications/intervention/``)."""

    serializer_class = ApplicationSerializer

    def get_queryset(self) -> QuerySet[FundingApplication]:
        qs = _applications(self.request).filter(kind=ApplicationKind.INTERVENTION)
        qs = qs.order_by("-submitted_on", "-created_at")
        if self.action == "list":
            qs = filter_list(self.request, qs, date_field="submitted_on")
        return qs


# --- Decisions -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION, status_param(Outcome.values)],
        description="Decisions; `from`/`to` on the decision date, `status` is the outcome.",
    ),
)
class DecisionViewSet(AccessLoggedMixin, viewsets.ReadOnlyModelViewSet[Decision]):
    """Signed decisions (the register), scoped like their applications."""

    serializer_class = DecisionSerializer

    def get_queryset(self) -> QuerySet[Decision]:
        qs = decisions_for(self.request.user).defer("pdf", "snapshot").order_by("-number")
        if self.action == "list":
            qs = filter_list(
                self.request,
                qs,
                date_field="decided_on",
                org_field="application__organisation",
                status_field="outcome",
            )
        return qs

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The stored, signed decision document."
            ),
            404: ERROR,
        }
    )
    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated, RecentAuthRequired])
    def pdf(self, request: Request, pk: Any = None) -> HttpResponse:
        """The decision document exactly as stored when it was signed (access-logged)."""
        decision = self.get_object()
        log_access(request, decision, AccessAction.DOWNLOAD, case_id=decision.application.case_id)
        pdf = Decision.objects.values_list("pdf", flat=True).get(pk=decision.pk)
        response = HttpResponse(bytes(pdf or b""), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{decision_filename(decision)}"'
        return response

    @extend_schema(
        request=ReconsiderationInput, responses={201: ApplicationSerializer, 400: ERROR, 403: ERROR}
    )
    @action(detail=True, methods=["post"])
    def reconsider(self, request: Request, pk: Any = None) -> Response:
        """Request reconsideration of a final decision (the actor; NSP/OB/Dok.08)."""
        user = acting_user(request)
        decision = self.get_object()
        check(can_request_reconsideration(user, decision))
        if decision.reconsiderations.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO]
        ).exists():
            raise PermissionDenied(_("A reconsideration of this decision is already pending."))
        data = _validated(ReconsiderationInput, request)
        application = call_service(
            services.reconsideration_submit, decision=decision, by=user, **data
        )
        return Response(
            ApplicationSerializer(_applications(request).get(pk=application.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# --- Invoices --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION, status_param(InvoiceStatus.values)],
        description="Invoices for granted interventions; `from`/`to` on the date received.",
    ),
)
class InvoiceViewSet(AccessLoggedMixin, viewsets.ReadOnlyModelViewSet[Invoice]):
    """Invoices and receipts for granted decisions (files are uploaded in the UI), and the
    payment steps after attestation: sent for payment, paid."""

    serializer_class = InvoiceSerializer

    def get_queryset(self) -> QuerySet[Invoice]:
        qs = scope_to_user(self.request.user, Invoice.objects.select_related("decision")).order_by(
            "-created_at"
        )
        if self.action == "list":
            qs = filter_list(self.request, qs, date_field="created_at__date")
        return qs

    @extend_schema(request=None, responses={200: InvoiceSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def attest(self, request: Request, pk: Any = None) -> Response:
        """Attest the invoice for payment (the coordinator)."""
        user = acting_user(request)
        invoice = self.get_object()
        check(can_attest_invoice(user, invoice))
        invoice = call_service(services.invoice_attest, invoice=invoice, by=user)
        return Response(self.get_serializer(invoice).data)

    @extend_schema(
        request=SentForPaymentInput, responses={200: InvoiceSerializer, 400: ERROR, 403: ERROR}
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: Any = None) -> Response:
        """Record that the attested invoice was sent for payment ("skickad för
        utbetalning"), with the date (the coordinator; as on the invoice page)."""
        user = acting_user(request)
        invoice = self.get_object()
        check(can_pay_invoice(user, invoice))
        data = _validated(SentForPaymentInput, request)
        invoice = call_service(
            payments.invoice_send_for_payment, invoice=invoice, by=user, sent_on=data["sent_on"]
        )
        return Response(self.get_serializer(invoice).data)

    @extend_schema(request=PaidInput, responses={200: InvoiceSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def paid(self, request: Request, pk: Any = None) -> Response:
        """Record the payment ("utbetald") with its date and reference (the coordinator;
        only after "sent for payment"; as on the invoice page)."""
        user = acting_user(request)
        invoice = self.get_object()
        check(can_pay_invoice(user, invoice))
        data = _validated(PaidInput, request)
        invoice = call_service(payments.invoice_mark_paid, invoice=invoice, by=user, **data)
        return Response(self.get_serializer(invoice).data)


# --- Budget ----------------------------------------------------------------------------


class CanViewBudget(BasePermission):
    message = gettext_lazy("Only the programme sees the budget.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(can_view_budget(request.user))


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO],
        description="Streams of the budget periods overlapping `from`–`to`, with what remains.",
    ),
)
class BudgetStreamViewSet(viewsets.ReadOnlyModelViewSet[BudgetStream]):
    """Budget streams with allocation, transfers, drawn, spent and remaining (programme)."""

    serializer_class = BudgetStreamSerializer
    permission_classes = [IsAuthenticated, CanViewBudget]
    queryset = BudgetStream.objects.none()

    def get_queryset(self) -> QuerySet[BudgetStream]:
        qs = streams_with_totals()
        if self.action == "list":
            start: date | None = parse_date(self.request, "from")
            end: date | None = parse_date(self.request, "to")
            if start:
                qs = qs.filter(period__ends_on__gte=start)
            if end:
                qs = qs.filter(period__starts_on__lte=end)
        return qs


# --- Intervention list -----------------------------------------------------------------


class InterventionCatalogueViewSet(viewsets.ReadOnlyModelViewSet[InterventionCatalogue]):
    """Editions of the intervention list (NSP/IL/Dok.05), newest first, with their items."""

    serializer_class = InterventionCatalogueSerializer

    def get_queryset(self) -> QuerySet[InterventionCatalogue]:
        return InterventionCatalogue.objects.prefetch_related("items").order_by("-created_at")

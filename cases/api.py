"""Cases' API: cases (scoped to the actor) with their assessments and reports, and
inquiries. ``routes`` plugs them into the project's router (``NSP_API_PROVIDERS``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import URLPattern
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from cases import questionnaire
from cases.choices import DOCUMENT_QUESTIONNAIRE, CaseStatus, DocumentKind
from cases.models import Case, CaseDocument, Inquiry
from cases.periods import find_period
from cases.permissions import (
    can_add_documents,
    can_apply,
    can_decide_admission,
    can_record_inquiry,
)
from cases.selectors import cases_for_user, inquiries_for_user
from cases.services import admission_decide, document_write, inquiry_record
from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation
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
    parse_uuid,
    status_param,
)
from nsp.audit.api import AccessLoggedMixin
from nsp.permissions import can_file_for, get_for_user_or_404, has_role, is_actor

_AFTER_ADMISSION = (DocumentKind.IN_DEPTH, DocumentKind.PERIOD_REPORT, DocumentKind.EXIT_REPORT)

# --- Cases ---------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer[CaseDocument]):
    """An assessment or report of a case: the answers to one questionnaire edition."""

    questionnaire_code = serializers.CharField(source="questionnaire.code", read_only=True)
    questionnaire_edition = serializers.CharField(source="questionnaire.edition", read_only=True)

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "kind",
            "status",
            "version",
            "previous",
            "document_date",
            "questionnaire_code",
            "questionnaire_edition",
            "submitted_at",
            "period",
            "received_on",
            "answers",
        ]


class CaseSerializer(serializers.ModelSerializer[Case]):
    """A case without the person's initials (the case number is the reference)."""

    class Meta:
        model = Case
        fields = [
            "id",
            "case_number",
            "organisation",
            "status",
            "birth_year",
            "gender",
            "nationality",
            "arrival_date",
            "trafficking_types",
            "exploitation_countries",
            "police_report_made",
            "applied_on",
            "admitted_on",
            "refused_on",
            "closed_on",
            "created_at",
        ]


class CaseDetailSerializer(CaseSerializer):
    assessments = AssessmentSerializer(many=True, read_only=True, source="documents")

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "assessments"]


class DocumentInput(serializers.Serializer[Any]):
    """Answers keyed by the questionnaire's item keys (see the questionnaire JSON files)."""

    answers = serializers.DictField(help_text="Item key → answer (text, date, choice or list).")
    submit = serializers.BooleanField(
        default=False, help_text="Submit (lock) at once; otherwise saved as a draft."
    )


class ApplicationInput(DocumentInput):
    inquiry = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The inquiry it comes from."
    )


class AssessmentInput(DocumentInput):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in _AFTER_ADMISSION])
    period = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="A period report: the decision that granted the period (its type of "
        "support and dates are taken from it).",
    )


class AdmissionInput(serializers.Serializer[Any]):
    admit = serializers.BooleanField(help_text="True admits (case number), false refuses.")
    motivation = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The decision's motivation (required; `reason` is accepted as its old name).",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    actor_override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the actor may not file applications now (not certified, "
        "suspended): why the decision is made anyway (kept on the decision).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["motivation"] = (attrs.get("motivation") or attrs.get("reason") or "").strip()
        if not attrs["motivation"]:
            raise serializers.ValidationError(
                {"motivation": gettext("A decision needs a written motivation.")}
            )
        return attrs


def _answers(data: dict[str, Any], kind: str, strict: bool) -> dict[str, Any]:
    """Validate answers with the same questionnaire form as the UI; field errors → 400."""
    definition = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind(kind)]).definition
    raw = {
        key: [str(v) for v in value] if isinstance(value, list) else str(value)
        for key, value in data.items()
        if value is not None
    }
    form = questionnaire.QuestionnaireForm(
        raw,
        definition=definition,
        strict=strict,
        always_required=questionnaire.always_required(kind, definition, strict=strict),
    )
    if not form.is_valid():
        raise ValidationError({"answers": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    return form.answers()


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION, status_param(CaseStatus.values)],
        description="Cases the user may read; `from`/`to` filter on the date it was opened.",
    ),
    retrieve=extend_schema(description="One case with all its assessments and reports."),
)
class CaseViewSet(
    AccessLoggedMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet[Case],
):
    """Cases: the programme reads all, an actor only its own (others get 404).

    Actors file admission applications (``POST /cases/``) and add assessments and reports;
    the coordinator or programme manager decides on admission.
    """

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Case]]:
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        request = self.request
        if self.action != "list":
            return cases_for_user(request.user).prefetch_related(
                Prefetch(
                    "documents",
                    CaseDocument.objects.select_related("questionnaire").order_by("created_at"),
                )
            )
        return cases_for_user(
            request.user,
            organisation_id=parse_uuid(request, "organisation"),
            status=request.query_params.get("status", ""),
            period_from=parse_date(request, "from"),
            period_to=parse_date(request, "to"),
        )

    def _detail(self, case_id: Any) -> Any:
        case = self.get_queryset().get(pk=case_id)
        return CaseDetailSerializer(case, context=self.get_serializer_context()).data

    @extend_schema(
        request=ApplicationInput,
        responses={201: CaseDetailSerializer, 400: ERROR, 403: ERROR},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """An admission application: the initial needs assessment (draft, or submitted)."""
        user = acting_user(request)
        check(can_apply(user))
        assert user.organisation is not None  # an actor (can_apply)
        serializer = ApplicationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        inquiry = None
        if data["inquiry"]:
            inquiry = get_for_user_or_404(user, Inquiry.objects.all(), pk=data["inquiry"])
        document = call_service(
            document_write,
            case=None,
            organisation=user.organisation,
            kind=DocumentKind.INITIAL,
            by=user,
            answers=_answers(data["answers"], DocumentKind.INITIAL, data["submit"]),
            inquiry=inquiry,
            submit=data["submit"],
        )
        return Response(self._detail(document.case_id), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AssessmentInput,
        responses={201: AssessmentSerializer, 400: ERROR, 403: ERROR},
    )
    @action(detail=True, methods=["post"])
    def assessments(self, request: Request, pk: Any = None) -> Response:
        """Add an in-depth assessment, a period report or an exit report (the case's actor)."""
        user = acting_user(request)
        case = self.get_object()
        check(can_add_documents(user, case))
        serializer = AssessmentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = dict(data["answers"])
        period = find_period(case, data["period"]) if data["period"] else None
        if period is not None:
            answers.update(period.answers())
        document = call_service(
            document_write,
            case=case,
            organisation=case.organisation,
            kind=data["kind"],
            by=user,
            answers=_answers(answers, data["kind"], data["submit"]),
            submit=data["submit"],
            period_id=data["period"],
        )
        return Response(AssessmentSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AdmissionInput,
        responses={200: CaseDetailSerializer, 400: ERROR, 403: ERROR},
    )
    @action(detail=True, methods=["post"])
    def admission(self, request: Request, pk: Any = None) -> Response:
        """Admit (the next case number) or refuse an application (coordinator, programme
        manager)."""
        user = acting_user(request)
        case = self.get_object()
        check(can_decide_admission(user, case))
        serializer = AdmissionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call_service(
            admission_decide,
            case=case,
            by=user,
            outcome="granted" if data["admit"] else "denied",
            motivation=data["motivation"] or data["reason"],
            actor_override_reason=data["actor_override_reason"],
        )
        return Response(self._detail(case.pk))


# --- Inquiries -----------------------------------------------------------------------


class InquirySerializer(serializers.ModelSerializer[Inquiry]):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="Coordinator: any actor. An actor records for its own organisation "
        "(another organisation's id is refused).",
    )

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "organisation",
            "case",
            "received_on",
            "from_whom",
            "description",
            "outcome",
            "created_at",
        ]
        read_only_fields = ["case", "created_at"]


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION],
        description="Inquiries; `from`/`to` filter on the date received.",
    ),
    create=extend_schema(responses={201: InquirySerializer, 400: ERROR, 403: ERROR}),
)
class InquiryViewSet(
    AccessLoggedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Inquiry],
):
    """Inquiries about an individual: actors record their own, the coordinator any."""

    serializer_class = InquirySerializer

    def get_queryset(self) -> QuerySet[Inquiry]:
        qs = inquiries_for_user(self.request.user).order_by("-received_on", "-created_at")
        if self.action == "list":
            qs = filter_list(self.request, qs, date_field="received_on", status_field=None)
        return qs

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        check(can_record_inquiry(user))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if is_actor(user):
            # Another organisation's id is refused, not silently replaced (issue 17).
            if data.get("organisation") is not None:
                check(can_file_for(user, data["organisation"]))
            organisation = user.organisation
        elif has_role(user, Role.COORDINATOR):
            organisation = data.get("organisation")
        else:  # pragma: no cover - can_record_inquiry refused already
            organisation = None
        inquiry = call_service(
            inquiry_record,
            organisation=organisation,
            by=user,
            received_on=data["received_on"],
            from_whom=data["from_whom"],
            description=data["description"],
            outcome=data.get("outcome", ""),
        )
        return Response(self.get_serializer(inquiry).data, status=status.HTTP_201_CREATED)


def routes(router: BaseRouter) -> list[URLPattern]:
    """Registers the cases and the inquiries."""
    router.register("cases", CaseViewSet, basename="case")
    router.register("inquiries", InquiryViewSet, basename="inquiry")
    return []

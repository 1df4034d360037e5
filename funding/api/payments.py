"""The payment export over the API (``/api/v1/payments/export/``): the rows of the web
download ("Utbetalningsexport"), from the same selector and writers (``funding.exports``),
behind the same predicate (``can_handle_payments``) and the same re-authentication rule
(``nsp.reauth.RecentAuthRequired``, the API side of ``require_recent_auth``); every invoice
in it is logged as exported, as on the web.

JSON by default; ``?format=csv`` or ``?format=xlsx`` (or ``Accept: text/csv`` / the XLSX
type) gives the web's file, formula-safe as there.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from funding import exports
from funding.permissions import can_handle_payments
from nsp.api.common import ERROR, check, parse_date
from nsp.reauth import RecentAuthRequired


class CanHandlePayments(BasePermission):
    """The coordinator (``funding.permissions.can_handle_payments``); checked before the
    re-authentication, as on the web, so another role is refused, not sent to sign in."""

    def has_permission(self, request: Request, view: Any) -> bool:
        check(can_handle_payments(request.user))
        return True


class _FileRenderer(BaseRenderer):
    """Lets content negotiation pick the file (``?format=`` or ``Accept``); the view writes
    the bytes itself (``funding.exports.file_response``)."""

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        return JSONRenderer().render(data)  # only reached for an error (see handle_exception)


class CSVRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


class XLSXRenderer(_FileRenderer):
    media_type = exports.XLSX
    format = "xlsx"


class PaymentRowSerializer(serializers.Serializer[Any]):
    """One paid invoice; the keys are ``funding.exports.KEYS``."""

    decision_number = serializers.CharField()
    case_number = serializers.CharField(help_text="Empty when the case has no number yet.")
    actor = serializers.CharField()
    stream = serializers.CharField(help_text="The budget stream's name; empty if none.")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="SEK.")
    decision_date = serializers.DateField()
    invoiced_on = serializers.DateField()
    attested_on = serializers.DateField(allow_null=True)
    sent_for_payment_on = serializers.DateField(allow_null=True)
    paid_on = serializers.DateField()
    payment_reference = serializers.CharField()


_FILE = OpenApiResponse(OpenApiTypes.BINARY, description="The web export's file.")


class PaymentExportView(APIView):
    """The payments of a period for the bookkeeping (the coordinator)."""

    permission_classes = [IsAuthenticated, CanHandlePayments, RecentAuthRequired]
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]

    @extend_schema(
        operation_id="payments_export",
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, required=True, description="Paid on or after."
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, required=True, description="Paid on or before."
            ),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", *exports.FORMATS],
                description="`json` (default): the rows; `csv`/`xlsx`: the web export's file.",
            ),
        ],
        responses={
            (200, "application/json"): PaymentRowSerializer(many=True),
            (200, "text/csv"): _FILE,
            (200, exports.XLSX): _FILE,
            # Errors are JSON whatever was asked for (``handle_exception``).
            (400, "application/json"): ERROR,
            (403, "application/json"): ERROR,
        },
    )
    def get(self, request: Request) -> Any:
        """Every invoice paid from `from` to `to`: decision number, case number, actor,
        stream, amount (a decimal string) and the dates of its steps; each is access-logged
        as exported. A session must have signed in or re-authenticated within 15 minutes
        (403 `reauthentication_required`); a token passes."""
        date_from, date_to = parse_date(request, "from"), parse_date(request, "to")
        missing = {
            name: [_required()] for name, v in (("from", date_from), ("to", date_to)) if not v
        }
        if missing or date_from is None or date_to is None:
            raise ValidationError(missing)
        table = exports.exported_rows(request, date_from, date_to)
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt in exports.FORMATS:
            return exports.file_response(table, fmt, date_from, date_to)
        return Response(PaymentRowSerializer(exports.as_records(table), many=True).data)

    def handle_exception(self, exc: Exception) -> Response:
        """Errors are JSON, whatever file was asked for."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


def _required() -> str:
    return str(serializers.Field.default_error_messages["required"])

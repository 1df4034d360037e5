"""JSON of Tables 1–3 for a date range (``/api/v1/statistics/?start=…&end=…``); ``routes``
plugs it into the project's API (``NSP_API_PROVIDERS``)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from nsp.reauth import RecentAuthRequired
from reports.access import case_numbers_in, log_cases_shown
from reports.exports import ExportOptions, prepared
from reports.forms import DateRangeForm
from reports.permissions import can_view_statistics
from reports.statistics import Statistics
from reports.stats_cache import cached_statistics


def statistics_json(stats: Statistics) -> dict[str, Any]:
    """The tables as JSON; a suppressed count (``publish=on``) is the string ``".."``."""
    return {
        "start": stats.period.start.isoformat(),
        "end": stats.period.end.isoformat(),
        "published_threshold": stats.published,
        "table1": [
            {
                "key": r.key,
                "label": str(r.label),
                "received": r.received,
                "granted": r.granted,
                "partly_granted": r.partly,
                "denied": r.denied,
                "pending": r.pending,
                "more_information": r.more_info,
                "withdrawn": r.withdrawn,
                "notes": r.notes,
                "written_notes": r.written,
            }
            for r in stats.table1
        ],
        "table2": {
            "streams": [
                {
                    "stream": s.stream,
                    "label": str(s.label),
                    "period": s.period,
                    "allocation": str(s.allocation),
                    "transfers_in": str(s.transfers_in),
                    "transfers_out": str(s.transfers_out),
                    "drawn": str(s.drawn),
                    "remaining": str(s.remaining),
                    "entries": [
                        {
                            "label": line.label,
                            "date": line.when.isoformat(),
                            "amount": str(line.amount),
                        }
                        for line in s.lines
                    ],
                }
                for s in stats.table2.streams
            ],
            "totals": {k: str(v) for k, v in stats.table2.totals.items()},
        },
        "table3": {
            "applications": stats.table3.total,
            "admitted": stats.table3.admitted,
            "sections": [
                {
                    "key": section.key,
                    "label": str(section.label),
                    "lines": [
                        {"label": str(x.label), "count": x.count, "percent": x.percent}
                        for x in section.lines
                    ],
                }
                for section in stats.table3.sections
            ],
        },
    }


@extend_schema(
    parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="First day (inclusive)"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (inclusive)"),
        OpenApiParameter(
            "publish",
            OpenApiTypes.BOOL,
            description="For publication: small counts, and counts that would give them back "
            'by subtraction, are suppressed (shown as ".."); notes and ledger lines left out',
        ),
        OpenApiParameter("threshold", OpenApiTypes.INT, description="Suppress counts below"),
    ],
    responses=OpenApiTypes.OBJECT,
)
@api_view(["GET"])
@permission_classes([IsAuthenticated, RecentAuthRequired])
def statistics_api(request: Request) -> Response:
    """Tables 1–3 of "Statistik ärendehantering" (coordinator and programme manager only)."""
    verdict = can_view_statistics(request.user)
    if not verdict:
        raise PermissionDenied(str(verdict.reason))
    form = DateRangeForm.from_query(request.query_params)
    if not form.is_valid():
        raise ValidationError(form.errors.get_json_data())
    data = form.cleaned_data
    options = ExportOptions(publish=data["publish"], threshold=data["threshold"])
    stats = prepared(cached_statistics(form.period, notes=not options.publish), options)
    log_cases_shown(request._request, case_numbers_in(stats))
    return Response(statistics_json(stats))


def routes(router: BaseRouter) -> list[URLPattern]:
    """No viewsets; the statistics endpoint at ``/api/v1/statistics/``."""
    return [path("statistics/", statistics_api, name="statistics")]

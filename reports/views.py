"""Statistics, reports and notifications: fetch through the permission helpers, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from nsp.audit.access import log_access
from nsp.audit.models import AccessAction
from nsp.pdf import render_pdf
from nsp.permissions import is_signed_in, organisation_for_user_or_404, require
from nsp.reauth import require_recent_auth
from nsp.viewtools import acting_user
from reports import exports, selectors, services
from reports.access import case_numbers_in, log_cases_shown
from reports.charts import bar_chart
from reports.forms import DateRangeForm
from reports.models import Notification
from reports.permissions import (
    can_view_actor_report,
    can_view_statistics,
    can_write_statistics_notes,
)
from reports.statistics import Statistics
from reports.stats_cache import cached_statistics

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def _log(request: HttpRequest, action: str, stats: Any) -> None:
    """The access to programme-wide statistics is logged on the user, and one list row
    names the cases whose numbers the figures show (``reports.access``)."""
    log_access(request, acting_user(request), action)
    log_cases_shown(request, case_numbers_in(stats))


def charts(stats: Statistics) -> dict[str, Any]:
    """The charts of the tables as shown (a suppressed count gets no bar)."""
    t1 = [(str(r.label), r.received) for r in stats.table1 if isinstance(r.received, int)]
    t2 = [(f"{s.label}", s.remaining) for s in stats.table2.streams]
    nationality = next(s for s in stats.table3.sections if s.key == "nationality")
    age = next(s for s in stats.table3.sections if s.key == "age")

    def bars(lines: list[Any]) -> list[tuple[str, Any]]:
        return [(str(x.label), x.count) for x in lines if isinstance(x.count, int)]

    return {
        "received": bar_chart(gettext("Received per kind"), t1),
        "remaining": bar_chart(gettext("Budget remaining per stream"), t2, unit="kr") if t2 else "",
        "nationality": bar_chart(gettext("Nationality"), bars(nationality.lines)),
        "age": bar_chart(gettext("Age at admission"), bars(age.lines)),
    }


def _options(form: DateRangeForm) -> exports.ExportOptions:
    data = form.cleaned_data
    return exports.ExportOptions(publish=data["publish"], threshold=data["threshold"])


def _shown(stats: Statistics, options: exports.ExportOptions) -> dict[str, Any]:
    """What a page shows of ``stats``: suppressed when meant for publication."""
    stats = exports.prepared(stats, options)
    return {"stats": stats, "charts": charts(stats), "publication_notice": options.notice}


@require(can_view_statistics)
def statistics_view(request: HttpRequest) -> HttpResponse:
    form = DateRangeForm.from_query(request.GET)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        stats = cached_statistics(form.period, notes=form.cleaned_data["notes"])
        context.update(_shown(stats, _options(form)), query=request.GET.urlencode())
        context["perms_write_notes"] = bool(can_write_statistics_notes(request.user))
        _log(request, AccessAction.VIEW, context["stats"])
    return render(request, "reports/statistics.html", context)


@require(can_view_statistics)
@require_recent_auth()
def statistics_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    form = DateRangeForm.from_query(request.GET)
    if not form.is_valid():
        return redirect("reports:statistics")
    data = form.cleaned_data
    options = _options(form)
    stats = exports.prepared(
        cached_statistics(form.period, notes=data["notes"] and not options.publish), options
    )
    if fmt == "xlsx":
        body = exports.to_xlsx(stats, options)
    elif fmt == "csv":
        body = exports.to_csv(stats, options)
    else:
        body = exports.to_pdf(stats, options, {"charts": charts(stats)})
    _log(request, AccessAction.EXPORT, stats)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    name = f"nsp-statistik-{form.period.start:%Y%m%d}-{form.period.end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(can_write_statistics_notes)
def statistics_notes(request: HttpRequest) -> HttpResponse:
    """The coordinator writes Table 1's "Beslutsunderlag" per row for the period shown."""
    form = DateRangeForm.from_query(request.GET)
    if not form.is_valid():
        return redirect("reports:statistics")
    stats = cached_statistics(form.period, notes=True)
    if request.method == "POST":
        user = acting_user(request)
        for row in stats.table1:
            text = str(request.POST.get(f"row-{row.key}", ""))[:4000]
            if text.strip() != row.written:
                services.statistics_note_save(period=form.period, row=row.key, text=text, by=user)
        return redirect(f"{reverse('reports:statistics')}?{request.GET.urlencode()}")
    # The generated notes beside each row name the cases behind it (case numbers): a read of
    # personal data, logged like the statistics page (the route is personal in the registry).
    _log(request, AccessAction.VIEW, stats)
    return render(
        request,
        "reports/statistics_notes.html",
        {"form": form, "stats": stats, "query": request.GET.urlencode()},
    )


def _programme_context(request: HttpRequest) -> dict[str, Any] | None:
    form = DateRangeForm.from_query(request.GET)
    if not form.is_valid():
        return None
    report = selectors.programme_report(request.user, form.period)
    shown = _shown(report.stats, _options(form))
    report.stats = shown["stats"]
    return {
        "form": form,
        "report": report,
        **shown,
        "query": request.GET.urlencode(),
        "today": timezone.localdate(),
    }


@require(can_view_statistics)
def programme_report(request: HttpRequest) -> HttpResponse:
    context = _programme_context(request) or {"form": DateRangeForm(request.GET)}
    if "report" in context:
        _log(request, AccessAction.VIEW, context["stats"])
    return render(request, "reports/programme_report.html", context)


@require(can_view_statistics)
@require_recent_auth()
def programme_report_pdf(request: HttpRequest) -> HttpResponse:
    context = _programme_context(request)
    if context is None:
        return redirect("reports:programme_report")
    _log(request, AccessAction.PRINT, context["stats"])
    response = HttpResponse(
        render_pdf("reports/pdf/programme_report.html", context), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="nsp-programrapport.pdf"'
    return response


def _actor_context(request: HttpRequest, organisation_id: Any, year: int) -> dict[str, Any]:
    organisation = organisation_for_user_or_404(request.user, organisation_id)
    if not can_view_actor_report(request.user, organisation):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404
    report = selectors.actor_report(organisation, year)
    return {"report": report, "organisation": organisation, "year": year}


@require(is_signed_in)
def actor_report(request: HttpRequest, organisation_id: Any, year: int) -> HttpResponse:
    context = _actor_context(request, organisation_id, year)
    log_access(request, context["organisation"], AccessAction.VIEW)
    log_cases_shown(request, (c["case_number"] for c in context["report"].case_rows))
    return render(request, "reports/actor_report.html", context)


@require(is_signed_in)
@require_recent_auth()
def actor_report_pdf(request: HttpRequest, organisation_id: Any, year: int) -> HttpResponse:
    context = _actor_context(request, organisation_id, year)
    log_access(request, context["organisation"], AccessAction.PRINT)
    log_cases_shown(request, (c["case_number"] for c in context["report"].case_rows))
    response = HttpResponse(
        render_pdf("reports/pdf/actor_report.html", context), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="nsp-aktorsrapport-{year}.pdf"'
    return response


@require(is_signed_in)
def notifications(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    items = list(selectors.notifications_for(user)[:100])
    return render(
        request,
        "reports/notifications.html",
        {
            "items": items,
            "unread": sum(1 for n in items if n.read_at is None),
            "by_email": services.wants_email(user),
        },
    )


@require(is_signed_in)
def notifications_count(request: HttpRequest) -> HttpResponse:
    """The unread count for the menu badge (htmx polls it; no page reload needed)."""
    count = selectors.unread_count(acting_user(request))
    return render(request, "reports/includes/notification_count.html", {"count": count})


@require(is_signed_in)
@require_POST
def notification_settings(request: HttpRequest) -> HttpResponse:
    services.notification_settings_save(
        user=acting_user(request), by_email=request.POST.get("by_email") == "1"
    )
    return redirect("reports:notifications")


@require(is_signed_in)
@require_POST
def notification_read(request: HttpRequest, notification_id: Any) -> HttpResponse:
    user = acting_user(request)
    notification = get_object_or_404(Notification, pk=notification_id, user=user)
    services.notification_mark_read(notification=notification, user=user)
    if notification.link and request.POST.get("follow"):
        return redirect(notification.link)
    return redirect("reports:notifications")


@require(is_signed_in)
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    services.notifications_mark_all_read(user=user)
    return redirect("reports:notifications")

"""Dashboards per role, and small project-wide pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nsp.accounts.choices import Role
from nsp.audit.access import log_context_access
from nsp.dashboards import dashboard_context
from nsp.permissions import Denied, is_signed_in, require


@require(is_signed_in)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    role: str = getattr(request.user, "role", "")
    templates: dict[str, str] = {
        Role.COORDINATOR: "dashboards/programme.html",
        Role.PROGRAMME_MANAGER: "dashboards/programme.html",
        Role.ACTOR_STAFF: "dashboards/actor.html",
        Role.ACTOR_MANAGER: "dashboards/actor.html",
        Role.ADMINISTRATOR: "dashboards/administrator.html",
    }
    template = templates.get(role, "dashboards/administrator.html")
    context = dashboard_context(request.user)
    log_context_access(request, context)  # the panels list cases and applications
    return render(request, template, context)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require(is_signed_in)
@require_GET
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """Pinged by static/js/nsp-session.js while someone works in a page without sending it.

    The request itself is the point: ``SessionLimitsMiddleware`` refreshes the idle clock
    (or, when the session has already timed out, redirects to the login page).
    """
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: the rule that refused (a predicate's ``Denied`` message), never anything else —
    a PermissionDenied raised with other text may carry internals and is not shown."""
    reason = str(exception) if isinstance(exception, Denied) else ""
    return render(request, "403.html", {"reason": reason}, status=403)

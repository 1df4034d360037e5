"""Require TOTP enrolment for the roles that must use MFA before they reach the app."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from nsp.accounts.choices import ACTOR_ROLES, MFA_REQUIRED_ROLES
from nsp.accounts.services import user_has_totp

# Paths a user without MFA may still reach: login/logout and the enrolment pages
# themselves, language switching and static files.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/katalog/", "/healthz")


def mfa_required_for(user: object) -> bool:
    role = getattr(user, "role", None)
    if role in MFA_REQUIRED_ROLES:
        return True
    return bool(settings.NSP_MFA_REQUIRED_FOR_ACTORS and role in ACTOR_ROLES)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and mfa_required_for(user)
            and not user_has_totp(user)
        ):
            if request.headers.get("HX-Request"):
                # A fragment the page polls (the menu's notice count) must not swap the
                # enrolment page into itself; the page itself is the enrolment page.
                return HttpResponse(status=204)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

"""Re-authentication before sensitive actions.

``@require_recent_auth(max_age_minutes=15)`` lets a request through only when the user
logged in or re-authenticated (password or authenticator code) within the last
``max_age_minutes``; otherwise it raises allauth's ``ReauthenticationRequired``, which
allauth's ``AccountMiddleware`` turns into a redirect to the re-authentication page
(``mfa_reauthenticate`` for users with an authenticator, else ``account_reauthenticate``).
A suspended POST is replayed after re-authentication, so no form input is lost.

Use it on: changing a user's role or organisation (``accounts:user_update``), and on every
export of case data — PDF, zip and statistics downloads.

The API follows the same rule through ``RecentAuthRequired`` (a DRF permission class built
on the same ``authenticated_within``): a session older than the window gets 403 with the
code ``reauthentication_required`` and the re-authentication URL. A request with a personal
API token passes, because the token itself could only be created after a re-authentication
with MFA, expires, and every use is logged (docs/SECURITY.md, item 4 and 5).

allauth's own ``reauthentication_required`` only counts an explicit re-authentication
and uses one global timeout (``ACCOUNT_REAUTHENTICATION_TIMEOUT``); this one also counts
the login itself and takes the window per view.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

ViewFunc = Callable[..., Any]

DEFAULT_MAX_AGE_MINUTES = 15


def authenticated_within(request: HttpRequest, max_age_minutes: int) -> bool:
    """Did ``request.user`` log in or re-authenticate within ``max_age_minutes``?"""
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    latest = max(float(record.get("at", 0)) for record in records)
    return time.time() - latest < max_age_minutes * 60


def mfa_authenticated_within(request: HttpRequest, max_age_minutes: int) -> bool:
    """Did ``request.user`` confirm with an authenticator code within ``max_age_minutes``?

    allauth records a code entered at login and at re-authentication as method ``mfa``.
    """
    if not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    times = [float(r.get("at", 0)) for r in records if r.get("method") == "mfa"]
    return bool(times) and time.time() - max(times) < max_age_minutes * 60


def ensure_recent_mfa(request: HttpRequest, max_age_minutes: int = DEFAULT_MAX_AGE_MINUTES) -> None:
    """Raise ``ReauthenticationRequired`` unless the user entered a code recently.

    The re-authentication page offers the code first to a user who has an authenticator
    (``AccountAdapter.get_reauthentication_methods``); a user without one is asked by the
    caller to enrol first.
    """
    if not mfa_authenticated_within(request, max_age_minutes):
        raise ReauthenticationRequired()


def ensure_recent_auth(
    request: HttpRequest, max_age_minutes: int = DEFAULT_MAX_AGE_MINUTES
) -> None:
    """Raise ``ReauthenticationRequired`` unless the user authenticated recently.

    For views that need it only on some requests (e.g. when a role actually changes).
    """
    if not authenticated_within(request, max_age_minutes):
        raise ReauthenticationRequired()


def require_recent_auth(
    max_age_minutes: int = DEFAULT_MAX_AGE_MINUTES,
) -> Callable[[ViewFunc], ViewFunc]:
    """Login required, then a login or re-authentication within ``max_age_minutes``."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            ensure_recent_auth(request, max_age_minutes)
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


class ReauthenticationRequiredAPI(PermissionDenied):
    default_detail = _("Re-authentication required: sign in again or confirm with your code.")
    default_code = "reauthentication_required"


class RecentAuthRequired(BasePermission):
    """The API side of ``require_recent_auth``: the same window, the same records.

    Put it in a view's ``permission_classes`` (after ``IsAuthenticated``) or an action's
    ``permission_classes``. Token requests pass (see the module docstring).
    """

    max_age_minutes = DEFAULT_MAX_AGE_MINUTES

    def has_permission(self, request: Any, view: Any) -> bool:
        from nsp.api.models import ApiToken

        if isinstance(getattr(request, "auth", None), ApiToken):
            return True
        if authenticated_within(request, self.max_age_minutes):
            return True
        detail: dict[str, Any] = {
            "detail": str(ReauthenticationRequiredAPI.default_detail),
            "code": "reauthentication_required",
            "reauthenticate_url": reverse("account_reauthenticate"),
        }
        raise ReauthenticationRequiredAPI(detail)

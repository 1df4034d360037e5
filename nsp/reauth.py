"""Re-authentication before sensitive actions.

``@require_recent_auth(max_age_minutes=15)`` lets a request through only when the user
logged in or re-authenticated (password or authenticator code) within the last
``max_age_minutes``; otherwise it raises allauth's ``ReauthenticationRequired``, which
allauth's ``AccountMiddleware`` turns into a redirect to the re-authentication page
(``mfa_reauthenticate`` for users with an authenticator, else ``account_reauthenticate``).
A suspended POST is replayed after re-authentication, so no form input is lost.

Use it on: changing a user's role or organisation (``accounts:user_update``), and on every
export of case data — PDF, zip and statistics downloads.

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
from django.http import HttpRequest, HttpResponse

ViewFunc = Callable[..., HttpResponse]

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
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            ensure_recent_auth(request, max_age_minutes)
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator

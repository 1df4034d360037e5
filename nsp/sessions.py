"""Session limits and per-user session tracking.

* **Idle limit** (``NSP_SESSION_IDLE_SECONDS``, 30 minutes): a session unused for longer is
  ended at its next request.
* **Absolute limit** (``NSP_SESSION_ABSOLUTE_SECONDS``, 12 hours): counted from the login
  (stored in the session at login), whatever the activity since.
* **Tracking**: every session key of a logged-in user is recorded in
  ``nsp.audit.models.UserSession`` so that ``user_end_sessions`` deletes a user's sessions
  with one indexed query instead of decoding every session in the table.

After a timeout the user lands on the login page with a message saying why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from nsp.accounts.allauth_internal import record_authentication
from nsp.audit.models import UserSession

LOGIN_AT = "nsp_login_at"
LAST_SEEN = "nsp_last_seen"
TRACKED_KEY = "nsp_tracked_key"
# Writing the session on every request would cost a query each time; the idle clock
# only needs minute precision.
_LAST_SEEN_RESOLUTION = 60

IDLE = "idle"
ABSOLUTE = "absolute"


def idle_seconds() -> int:
    return int(getattr(settings, "NSP_SESSION_IDLE_SECONDS", 30 * 60))


def absolute_seconds() -> int:
    return int(getattr(settings, "NSP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))


def track_session(user: Any, session_key: str | None) -> None:
    """Remember that ``session_key`` belongs to ``user`` (idempotent)."""
    if not session_key or user is None or user.pk is None:
        return
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def end_user_sessions(user: Any) -> int:
    """Delete every session of ``user``; returns how many sessions were deleted."""
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
        deleted, _by_model = Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()
    return deleted


def on_user_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now
    request.session[TRACKED_KEY] = request.session.session_key
    track_session(user, request.session.session_key)
    # allauth records each authentication step (password, code) before logging in; a login
    # by other means (Django's test client, a management shell) is an authentication too,
    # so that ``require_recent_auth`` counts it. allauth's own re-authentication checks
    # look only at explicit re-authentications and are not affected.
    if not get_authentication_records(request, user):
        record_authentication(request, user, method="login")
    # Rows whose session has expired or been deleted are of no use any more.
    UserSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()


def on_user_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session") or user is None:
        return
    key = request.session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


def timeout_reason(session: Any, now: int) -> str | None:
    """``IDLE`` or ``ABSOLUTE`` when the session has outlived a limit, else ``None``."""
    login_at = session.get(LOGIN_AT)
    last_seen = session.get(LAST_SEEN, login_at)
    if login_at is None:
        # A session from before these limits (or a test's force_login without signal):
        # start counting now rather than ending it.
        return None
    if now - int(login_at) > absolute_seconds():
        return ABSOLUTE
    if last_seen is not None and now - int(last_seen) > idle_seconds():
        return IDLE
    return None


def timeout_message(reason: str) -> str:
    if reason == ABSOLUTE:
        return _(
            "You were logged out because you have been logged in for %(hours)s hours. "
            "Please log in again."
        ) % {"hours": max(1, absolute_seconds() // 3600)}
    return _(
        "You were logged out after %(minutes)s minutes without activity. Please log in again."
    ) % {"minutes": max(1, idle_seconds() // 60)}


class SessionLimitsMiddleware:
    """End sessions past the idle or absolute limit; keep the session tracking current.

    Place after ``AuthenticationMiddleware`` and ``MessageMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = int(time.time())
        if session.get(LOGIN_AT) is None:
            session[LOGIN_AT] = now
        reason = timeout_reason(session, now)
        if reason is not None:
            UserSession.objects.filter(session_key=session.session_key or "").delete()
            logout(request)
            # The message outlives the flushed session through the cookie fallback.
            messages.info(request, timeout_message(reason))
            login_url = reverse("account_login")
            if request.method == "GET":
                login_url += "?" + urlencode({"next": request.get_full_path()})
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = login_url
                return response
            return redirect(login_url)
        if now - int(session.get(LAST_SEEN, 0)) >= min(_LAST_SEEN_RESOLUTION, idle_seconds() // 10):
            session[LAST_SEEN] = now
        # The key changes on password change or re-authentication (cycle_key): follow it.
        if session.session_key and session.get(TRACKED_KEY) != session.session_key:
            track_session(request.user, session.session_key)
            session[TRACKED_KEY] = session.session_key
        return None

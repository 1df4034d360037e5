"""Escalating per-account lockout on top of allauth's per-minute limit (issue 17 item 12).

allauth locks a username for a minute after 6 failures a minute (``ACCOUNT_RATE_LIMITS``).
A patient guesser stays under that; so every failed login naming an existing account is
counted (``LoginFailure``), and after ``NSP_LOGIN_LOCKOUT_FAILURES`` (20) failures within
24 hours the account is locked until the coordinator or the administrator unlocks it
(``accounts:locked_users``) or the user resets the password by e-mail. A locked account
cannot log in even with the right password (the backends refuse it, with the same message
as a wrong password, so a guesser learns nothing), and its open sessions end.
Locking and unlocking are logged (logger ``nsp.accounts.lockout``, the user's history).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from allauth.account.utils import filter_users_by_email
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nsp.accounts.models import LoginFailure, User

logger = logging.getLogger("nsp.accounts.lockout")


def _account_named(credentials: dict[str, Any]) -> User | None:
    username = credentials.get("username")
    if username:
        user = User.objects.filter(username__iexact=str(username)).first()
        if user is not None:
            return user
    email = credentials.get("email") or (username if username and "@" in str(username) else None)
    if email:
        users = filter_users_by_email(str(email), is_active=True, prefer_verified=True)
        return users[0] if len(users) == 1 else None
    return None


def failures_counting(user: User) -> int:
    """Failures within the window, since the last unlock."""
    since = timezone.now() - timedelta(hours=24)
    if user.login_unlocked_at and user.login_unlocked_at > since:
        since = user.login_unlocked_at
    return LoginFailure.objects.filter(user=user, at__gt=since).count()


@transaction.atomic
def record_login_failure(credentials: dict[str, Any]) -> User | None:
    """Count a failed login; lock the account at the threshold. Returns the account."""
    named = _account_named(credentials)
    if named is None:
        return None
    user = User.objects.select_for_update().get(pk=named.pk)
    LoginFailure.objects.create(user=user)
    if user.login_locked_at is None and failures_counting(user) >= int(
        settings.NSP_LOGIN_LOCKOUT_FAILURES
    ):
        user.login_locked_at = timezone.now()
        user.save(update_fields=["login_locked_at"])
        logger.warning("account locked user_id=%s after failed logins", user.pk)
        from nsp.accounts.services import user_end_sessions

        transaction.on_commit(lambda: user_end_sessions(user=user))
    return user


@transaction.atomic
def user_unlock(*, user: User, reason: str) -> User:
    """Clear the lock; failures before now no longer count."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.login_locked_at is not None:
        locked.login_locked_at = None
        locked.login_unlocked_at = timezone.now()
        locked.save(update_fields=["login_locked_at", "login_unlocked_at"])
        logger.warning("account unlocked user_id=%s reason=%s", locked.pk, reason)
    return locked


def is_locked(user: Any) -> bool:
    return getattr(user, "login_locked_at", None) is not None

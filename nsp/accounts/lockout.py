"""Escalating lockout on top of allauth's per-minute limit (issue 17 item 12), in two tiers
so that knowing a username is not enough to lock its owner out.

allauth locks a username for a minute after 6 failures a minute (``ACCOUNT_RATE_LIMITS``).
A patient guesser stays under that; so every failed login naming an existing account is
counted (``LoginFailure``, with ``source``: a keyed hash of the address it came from — an
IPv6 address counts by its /64 network, which one machine can fill — never the address).

* **Per account and source** — after ``NSP_LOGIN_LOCKOUT_FAILURES`` (20) failures within
  24 hours *from one source*, that source can no longer log in to the account, not even
  with the right password (same message as a wrong one). Logins from elsewhere still work:
  someone who knows a username cannot lock its owner out from their own network. The
  block lifts when the failures age out of the 24 hours, on an unlock or a password reset.
* **Per account** — after ``NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES`` (200) failures within
  24 hours from all sources together (a distributed attack), the account is locked
  everywhere until the coordinator or the administrator unlocks it
  (``accounts:locked_users``) or the user resets the password by e-mail; its open sessions
  end.

A password reset by e-mail always works, locked or not (the reset link proves the owner),
and unlocks both tiers. Locking and unlocking are logged (logger ``nsp.accounts.lockout``,
the user's history). The decision is written in docs/SECURITY.md (item 12).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
from datetime import timedelta
from typing import Any

from allauth.account.utils import filter_users_by_email
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
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


def source_of(request: HttpRequest | None) -> str:
    """A keyed hash of the request's address (an IPv6 address by its /64): the lockout
    counts per source without keeping an address. Empty when unknown."""
    if request is None:
        return ""
    # allauth's public adapter reads the address as its rate limits do (trusted proxy
    # settings included); it refuses when there is none.
    from allauth.account.adapter import get_adapter

    try:
        address = get_adapter(request).get_client_ip(request)
    except Exception:  # no address, or a misconfigured proxy header: count without a source
        return ""
    if not address:
        return ""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        pass
    key = f"nsp-login-source:{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def _since(user: User) -> Any:
    since = timezone.now() - timedelta(hours=24)
    if user.login_unlocked_at and user.login_unlocked_at > since:
        since = user.login_unlocked_at
    return since


def failures_counting(user: User, source: str | None = None) -> int:
    """Failures within the window, since the last unlock (from ``source`` when given)."""
    failures = LoginFailure.objects.filter(user=user, at__gt=_since(user))
    if source is not None:
        failures = failures.filter(source=source)
    return failures.count()


def is_source_locked(user: Any, source: str) -> bool:
    """Too many failures on this account from this source within the window."""
    if getattr(user, "pk", None) is None:
        return False
    return failures_counting(user, source) >= int(settings.NSP_LOGIN_LOCKOUT_FAILURES)


@transaction.atomic
def record_login_failure(credentials: dict[str, Any], source: str = "") -> User | None:
    """Count a failed login from ``source``; lock the account at the account-wide
    threshold (the per-source block needs no state: ``is_source_locked``)."""
    named = _account_named(credentials)
    if named is None:
        return None
    user = User.objects.select_for_update().get(pk=named.pk)
    LoginFailure.objects.create(user=user, source=source)
    if failures_counting(user, source) == int(settings.NSP_LOGIN_LOCKOUT_FAILURES):
        logger.warning("login blocked from one source user_id=%s after failed logins", user.pk)
    if user.login_locked_at is None and failures_counting(user) >= int(
        settings.NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES
    ):
        user.login_locked_at = timezone.now()
        user.save(update_fields=["login_locked_at"])
        logger.warning("account locked user_id=%s after failed logins", user.pk)
        from nsp.accounts.services import user_end_sessions

        transaction.on_commit(lambda: user_end_sessions(user=user))
    return user


@transaction.atomic
def user_unlock(*, user: User, reason: str) -> User:
    """Clear the lock and the per-source blocks: failures before now no longer count."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.login_locked_at is not None:
        locked.login_locked_at = None
        locked.login_unlocked_at = timezone.now()
        locked.save(update_fields=["login_locked_at", "login_unlocked_at"])
        logger.warning("account unlocked user_id=%s reason=%s", locked.pk, reason)
    elif LoginFailure.objects.filter(user=locked, at__gt=_since(locked)).exists():
        # Blocked from some source, or on the way to it: start the count afresh (no
        # history row: the account itself was not locked).
        User.objects.filter(pk=locked.pk).update(login_unlocked_at=timezone.now())
        locked.refresh_from_db(fields=["login_unlocked_at"])
        logger.info("login failures cleared user_id=%s reason=%s", locked.pk, reason)
    return locked


def is_locked(user: Any) -> bool:
    return getattr(user, "login_locked_at", None) is not None

"""Writes for users and organisations."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db import transaction

from nsp.accounts.models import Organisation, User


def user_has_totp(user: Any) -> bool:
    """Whether ``user`` has a TOTP authenticator; read with the user when the request's
    user came from ``nsp.accounts.backends`` (no extra query)."""
    from nsp.accounts.backends import TOTP_ENROLLED

    enrolled = getattr(user, TOTP_ENROLLED, None)
    if enrolled is not None:
        return bool(enrolled)
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    organisation: Organisation | None,
    password: str,
    title: str = "",
    is_active: bool = True,
) -> User:
    user = User(
        is_active=is_active,
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
        title=title,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(*, user: User, **fields: Any) -> User:
    """Save ``fields`` on ``user``; deactivation or a new role/organisation logs them out.

    A session carries the permissions of the moment of login in the user's head (and in
    open pages): after a change of role or organisation they must log in again.
    """
    before = (user.role, user.organisation_id)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    if not user.is_active or (user.role, user.organisation_id) != before:
        user_end_sessions(user=user)
        # A token carries the permissions of the moment it was made, like a session.
        from nsp.api.services import api_tokens_revoke_all

        api_tokens_revoke_all(user=user, reason="access changed")
    return user


def user_password_changed(*, user: User) -> None:
    """A new password (changed, set or reset) ends every API token of the user.

    Whoever held the old password may have made tokens with it (issue 17 item 5).
    """
    from nsp.api.services import api_tokens_revoke_all

    api_tokens_revoke_all(user=user, reason="password changed")


def user_end_sessions(*, user: User) -> int:
    """Delete every session of ``user`` (deactivation, role change); returns the count.

    Session keys are tracked per user at login (``nsp.audit.models.UserSession``), so this
    is one indexed delete, not a scan of the session table.
    """
    from nsp.sessions import end_user_sessions

    return end_user_sessions(user)


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    """Create or update an organisation (validated; history records the acting user)."""
    organisation.full_clean()
    organisation.save()
    return organisation

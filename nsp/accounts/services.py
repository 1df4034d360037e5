"""Writes for users and organisations."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from nsp.accounts.models import Organisation, User


def user_has_totp(user: Any) -> bool:
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
) -> User:
    user = User(
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
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    if not user.is_active:
        user_end_sessions(user=user)
    return user


def user_end_sessions(*, user: User) -> int:
    """Delete every live session of ``user`` (deactivation, role change)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    """Create or update an organisation (validated; history records the acting user)."""
    organisation.full_clean()
    organisation.save()
    return organisation

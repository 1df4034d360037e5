"""Authentication backends that load the user together with their MFA enrolment.

``RequireMFAMiddleware`` asks on every request whether the user has a TOTP
authenticator. Reading the answer in the same query that loads the user (an
``EXISTS`` subquery) saves a round trip on every page and is never stale: it is read
afresh with the user on each request. The user's organisation comes in the same query.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from nsp.accounts.models import User

# The annotation read by ``nsp.accounts.services.user_has_totp``.
TOTP_ENROLLED = "totp_enrolled"


def _user_with_enrolment(backend: ModelBackend, user_id: Any) -> User | None:
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    try:
        # With the organisation too: actor users' pages show and check it on every page.
        user = (
            User._default_manager.select_related("organisation")
            .annotate(**{TOTP_ENROLLED: Exists(totp)})
            .get(pk=user_id)
        )
    except User.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


def _not_locked(user: Any) -> bool:
    """A locked account (nsp/accounts/lockout.py) neither logs in nor keeps its sessions."""
    return getattr(user, "login_locked_at", None) is None


class ModelBackendWithMFA(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        return _user_with_enrolment(self, user_id)

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and _not_locked(user)


class AllauthBackendWithMFA(AuthenticationBackend):
    def get_user(self, user_id: Any) -> User | None:
        return _user_with_enrolment(self, user_id)

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and _not_locked(user)

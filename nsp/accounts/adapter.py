from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No self-service sign-up: the administrator creates every account."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        """A locked account, or one blocked from this source, fails like a wrong password,
        even with the right one (nsp/accounts/lockout.py).

        (allauth hands back a user whose password matched but whom a backend refused,
        to show its "inactive" page; a locked account must not get through that way.)
        """
        from nsp.accounts.lockout import is_locked, is_source_locked, source_of

        user = super().authenticate(request, **credentials)
        if user is not None and (is_locked(user) or is_source_locked(user, source_of(request))):
            self.authentication_failed(request, **credentials)
            return None
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Count the failure against the account and its source for the lockout."""
        from nsp.accounts.lockout import record_login_failure, source_of

        record_login_failure(credentials, source=source_of(request))

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """Ask for the authenticator code first when the user has one.

        A password may be remembered by the browser of an unattended computer; the code
        proves the person is there. The password stays available as the second choice.
        """
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        return sorted(methods, key=lambda m: m["id"] != "mfa_reauthenticate")

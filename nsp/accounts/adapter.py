from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No self-service sign-up: the administrator creates every account."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """Ask for the authenticator code first when the user has one.

        A password may be remembered by the browser of an unattended computer; the code
        proves the person is there. The password stays available as the second choice.
        """
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        return sorted(methods, key=lambda m: m["id"] != "mfa_reauthenticate")

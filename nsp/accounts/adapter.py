from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """No self-service sign-up: the administrator creates every account."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

"""DRF authentication with personal API tokens: ``Authorization: Bearer nsp_…``.

Every authenticated use is recorded with the token's id (``ApiTokenUse``); a read-only
token is refused for any method but GET, HEAD and OPTIONS, whatever the view allows.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from nsp.api.services import api_token_authenticate, api_token_record_use


class ApiTokenAuthentication(BaseAuthentication):
    keywords = (b"bearer", b"token")

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        token = api_token_authenticate(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        api_token_record_use(token=token, method=request.method or "", path=request.path)
        if token.read_only and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(_("This token is read-only."))
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"

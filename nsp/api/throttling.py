"""API rate limits per token and per user (issue 17 item 5).

``TokenRateThrottle`` counts the requests of one token, ``PerUserRateThrottle`` all
requests of one user (every token and the browser session together), and anonymous
requests are counted per address. The rates are read from ``NSP_API_THROTTLE_RATES`` at
each request, so a test (or an operator) can change them without restarting DRF.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from nsp.api.models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates: dict[str, str | None] = settings.NSP_API_THROTTLE_RATES
        return rates.get(self.scope or "")


class TokenRateThrottle(_SettingsRateThrottle):
    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class PerUserRateThrottle(_SettingsRateThrottle):
    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = str(user.pk)
        else:
            self.scope = "anon"
            self.rate = self.get_rate()
            if self.rate is None:
                return None
            self.num_requests, self.duration = self.parse_rate(self.rate)
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

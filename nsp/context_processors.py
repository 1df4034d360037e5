"""The page frame's context: the user's menu (``nsp.menu``) and the frame's fixed links."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

from nsp.menu import menu_html

# The fixed links of every page's frame (base.html), reversed once per process.
_FRAME_URLS = {
    "dashboard": "dashboard",
    "set_language": "set_language",
    "keepalive": "session_keepalive",
    "mfa": "mfa_index",
    "api_tokens": "api_tokens:list",
    "logout": "account_logout",
}


@functools.lru_cache(maxsize=8)
def _frame_urls(script_prefix: str) -> dict[str, str]:
    return {key: reverse(name) for key, name in _FRAME_URLS.items()}


def navigation(request: HttpRequest) -> dict[str, Any]:
    prefix = get_script_prefix()
    frame = _frame_urls(prefix)
    # No user when a request is refused before AuthenticationMiddleware (the 400 page of
    # RejectNulMiddleware, a bad Host header): the frame without the menu.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": "", "nav_urls": frame}
    html = menu_html(user, request.path, prefix)
    return {"nav_menu": mark_safe(html), "nav_urls": frame}  # noqa: S308 (our template)

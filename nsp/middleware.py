"""Cross-cutting request and response hardening."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext


class LoadedUserMiddleware:
    """``request.user`` as the user itself rather than Django's lazy stand-in for it.

    ``AuthenticationMiddleware`` defers loading the user until something asks; here every
    request with a session asks at once (the session limits check ``is_authenticated``),
    so the deferral saves nothing, while each attribute read through the stand-in costs
    several times a plain one — ~0.1 ms a page over the sixty-odd permission checks of the
    menu, the view and ``{% can %}`` (docs/PERFORMANCE.md, "The user"). Place right after
    ``AuthenticationMiddleware``; ``auth.login``/``logout`` replace ``request.user`` as usual.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = auth.get_user(request)
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for logged-in users may hold personal data: never cache them anywhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the user chose otherwise (the language cookie), whatever the browser
    asks for: the users are Swedish, and a shared office computer set to English should
    not change the language of the case files."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_nul(value: object) -> bool:
    """True when a decoded JSON value holds a NUL anywhere (keys included), or a lone
    UTF-16 surrogate (``"\\ud800"``: valid JSON, but no text can be encoded from it, so any
    answer echoing it would fail)."""
    if isinstance(value, str):
        return "\x00" in value or _LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _json_body_has_nul(body: bytes) -> bool:
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body and not re.search(rb"\\u[dD][89a-fA-F]", body):
        return False
    try:  # the escape may itself be escaped ("\\u0000" is six harmless characters)
        return _has_nul(json.loads(body))
    except ValueError:
        return False  # not JSON at all: the parser answers 400 itself


class RejectNulMiddleware:
    """PostgreSQL stores no NUL character in text, so input carrying one would end in a
    500 wherever it reaches a query. Answer 400 at the door instead: the path, query-string
    and form keys and values (not uploaded files' contents) and JSON bodies. The answer
    echoes nothing of the input."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            if request.path_info.startswith("/api/"):
                detail = gettext("The request contains a NUL character.")
                return JsonResponse({"detail": detail}, status=400)
            raise BadRequest("NUL character in the request")
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path_info or "\x00" in request.path:
            return True
        fields = [request.GET]
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in _FORM_TYPES:
            fields.append(request.POST)
        for query in fields:
            for key, values in query.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        if content_type.endswith("json") and request.method not in ("GET", "HEAD"):
            return _json_body_has_nul(request.body)
        return False


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

"""Django's admin, gated by the role predicates like every other page.

``NspAdminSite`` (installed by ``nsp.apps.NspAdminConfig``) lets in whom ``can_use_admin``
allows; each ModelAdmin then asks its own predicate through ``PredicateAdmin``. Django's
staff and superuser flags and its model permissions play no part. The admin has no
login page of its own: visitors log in through allauth (and so through MFA).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, ClassVar, TypeVar, cast

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import LogoutView, redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _

from nsp.permissions import Denied, can_use_admin, denial_message, predicates

V = TypeVar("V", bound=Callable[..., Any])


class NspAdminSite(AdminSite):
    site_header = _("NSP administration")
    site_title = _("NSP administration")
    index_title = _("Catalogues and records")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and can_use_admin(user))

    def admin_view(self, view: V, cacheable: bool = False) -> V:
        inner = super().admin_view(view, cacheable)

        def gate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())  # allauth's login page
            allowed = can_use_admin(request.user)
            if not (request.user.is_active and allowed):
                raise Denied(denial_message(can_use_admin, allowed))
            return inner(request, *args, **kwargs)  # type: ignore[no-any-return]

        return cast(V, update_wrapper(gate, inner))

    def logout(  # type: ignore[override]  # a redirect, not a page
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        """Log out as everywhere else, then to the login page (no admin page of its own)."""
        return LogoutView.as_view(next_page=settings.LOGIN_URL)(request)

    def password_change(  # type: ignore[override]  # a redirect, not a page
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        """allauth's page, which asks for a re-authentication first (issue 17 item 6)."""
        return redirect("account_change_password")

    def get_urls(self) -> list[URLResolver | URLPattern]:
        # No login form of the admin's own (see the module docstring), and no "view on
        # site" redirects or autocomplete endpoints: no admin here uses them.
        unused = {"login", "view_on_site", "autocomplete"}
        urls = [u for u in super().get_urls() if getattr(u, "name", None) not in unused]
        for url in urls:
            if isinstance(url, URLPattern) and hasattr(url.callback, "admin_site"):
                # The site's own pages (index, app index, …) are guarded by can_use_admin,
                # kept on the view as require() does (the menu's entry names it too).
                url.callback.predicate = can_use_admin  # type: ignore[attr-defined]
        return urls


class PredicateAdmin:
    """Mixin for ModelAdmins and inlines: every permission is one ``can_*`` predicate.

    ``predicate`` names a predicate of ``nsp.permissions.predicates()`` (any app's);
    a subclass narrows single permissions further (e.g. a read-only log)."""

    predicate: ClassVar[str]

    def get_view_on_site_url(self, obj: Any = None) -> str | None:
        return None  # the site has no "view on site" redirect (NspAdminSite.get_urls)

    def allows(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and predicates()[self.predicate](user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.allows(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.allows(request)

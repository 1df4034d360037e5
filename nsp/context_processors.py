"""Navigation by role: the menu is built from the permission module, not templates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from certification import nav as certification_nav
from nsp.accounts.choices import Role
from reports import nav as reports_nav

# (label, url name, roles that see it). Apps append their entries as they arrive.
NAVIGATION: list[tuple[Any, str, frozenset[str]]] = [
    (_("Dashboard"), "dashboard", frozenset(Role.values)),
    (_("Users"), "accounts:user_list", frozenset({Role.ADMINISTRATOR})),
    (
        _("Organisations"),
        "accounts:organisation_list",
        frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
    ),
    (_("API"), "api_tokens:list", frozenset(Role.values)),
    (
        certification_nav.CERTIFICATION,
        "certification:overview",
        frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER}),
    ),
    (
        certification_nav.FOLDER,
        "certification:my_folder",
        frozenset({Role.ACTOR_STAFF, Role.ACTOR_MANAGER}),
    ),
    (certification_nav.DIRECTORY, "certification:directory", frozenset(Role.values)),
    (_("Access log"), "access:log", frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER})),
    (
        reports_nav.STATISTICS,
        "reports:statistics",
        frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER}),
    ),
    (
        reports_nav.NOTIFICATIONS,
        "reports:notifications",
        frozenset(Role.values),
    ),
]
from funding.navigation import NAVIGATION as _FUNDING_NAVIGATION  # noqa: E402

NAVIGATION += _FUNDING_NAVIGATION


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    role = getattr(user, "role", "")
    items = []
    for label, url_name, roles in NAVIGATION:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items}

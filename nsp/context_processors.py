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


# Menu groups by URL namespace, so the bar stays one line however many apps add entries;
# a group with a single entry for the user's role is shown as a plain link.
NAV_GROUPS: dict[str, Any] = {
    "cases": _("Cases"),
    "funding": _("Funding"),
    "certification": _("Certification"),
    "reports": _("Reports"),
    "accounts": _("Administration"),
    "access": _("Administration"),
    "privacy": _("Administration"),
    "api_tokens": _("Administration"),
    "jobs": _("Administration"),
}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    role = getattr(user, "role", "")
    groups: dict[str, dict[str, Any]] = {}
    for label, url_name, roles in NAVIGATION:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        namespace = url_name.partition(":")[0] if ":" in url_name else url_name
        group_label = NAV_GROUPS.get(namespace, label)
        key = str(group_label)
        group = groups.setdefault(key, {"label": group_label, "entries": [], "active": False})
        active = request.path == url or (url != "/" and request.path.startswith(url))
        group["entries"].append({"label": label, "url": url, "active": active})
        group["active"] = group["active"] or active
    order = [str(label) for label in dict.fromkeys(NAV_GROUPS.values())]
    ranked = sorted(
        groups.values(),
        key=lambda g: order.index(str(g["label"])) if str(g["label"]) in order else -1,
    )
    return {"nav_items": ranked}

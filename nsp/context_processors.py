"""Navigation by role: the menu is built from the permission module, not templates."""

from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation
from django.utils.safestring import mark_safe
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


@functools.lru_cache(maxsize=64)
def _menu_for(
    role: str, script_prefix: str
) -> tuple[tuple[str, Any, tuple[tuple[Any, str], ...]], ...]:
    """The role's menu as (group key, group label, ((label, url), ...)) in display order.

    URLs do not change while the process runs (the script prefix is part of the key), so
    they are reversed once per role instead of on every page.
    """
    groups: dict[str, tuple[Any, list[tuple[Any, str]]]] = {}
    for label, url_name, roles in NAVIGATION:
        if role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        namespace = url_name.partition(":")[0] if ":" in url_name else url_name
        group_label = NAV_GROUPS.get(namespace, label)
        groups.setdefault(str(group_label), (group_label, []))[1].append((label, url))
    order = [str(label) for label in dict.fromkeys(NAV_GROUPS.values())]
    ranked = sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else -1)
    return tuple((key, label, tuple(entries)) for key, (label, entries) in ranked)


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


@functools.lru_cache(maxsize=512)
def _menu_html(role: str, language: str, script_prefix: str, active: frozenset[str]) -> str:
    """The menu's HTML: it holds labels, URLs and active marks only (no personal data, no
    CSRF token), so it is rendered once per role, language and active entry."""
    nav_items = []
    for _key, group_label, entries in _menu_for(role, script_prefix):
        items = [{"label": label, "url": url, "active": url in active} for label, url in entries]
        nav_items.append(
            {
                "label": group_label,
                "entries": items,
                "active": any(item["active"] for item in items),
            }
        )
    return render_to_string("includes/nav_menu.html", {"nav_items": nav_items})


def navigation(request: HttpRequest) -> dict[str, Any]:
    prefix = get_script_prefix()
    frame = _frame_urls(prefix)
    user = request.user
    if not user.is_authenticated:
        return {"nav_menu": "", "nav_urls": frame}
    role = getattr(user, "role", "")
    path = request.path
    active = frozenset(
        url
        for _key, _label, entries in _menu_for(role, prefix)
        for _entry, url in entries
        if path == url or (url != "/" and path.startswith(url))
    )
    html = _menu_html(role, translation.get_language(), prefix, active)
    return {"nav_menu": mark_safe(html), "nav_urls": frame}  # noqa: S308 (our template)

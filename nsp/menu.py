"""The menu: entries contributed by the apps, each shown to whom its view lets in.

Each app lists its entries in its ``menu.py``; ``settings.NSP_MENU_PROVIDERS`` names them
(dotted paths to a list of ``MenuEntry`` or to a function returning one, read once per
process), like the dashboard panels. An entry's ``predicate`` is the very function that
guards its view (``require`` keeps it as ``view.predicate``; tests/nsp/test_navigation.py
checks that they match), so the menu cannot restate the rules. Nothing here imports an app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nsp.permissions import AnyUser, can_use_admin, is_signed_in


@dataclass(frozen=True)
class MenuEntry:
    label: StrOrPromise
    url_name: str
    # The predicate guarding the entry's view: a callable or its dotted path.
    predicate: Callable[[AnyUser], Any] | str
    # Entries of one section form a drop-down (a section with one entry is a plain link);
    # an entry without a section stands alone. Sections and entries sort by ``order``.
    section: StrOrPromise = ""
    order: int = 100
    # URL name of an htmx fragment shown beside the label (e.g. the unread count), polled
    # so that it changes without reloading the page.
    badge: str = ""

    def check(self) -> Callable[[AnyUser], Any]:
        if isinstance(self.predicate, str):
            return import_string(self.predicate)  # type: ignore[no-any-return]
        return self.predicate

    def shown_to(self, user: AnyUser) -> bool:
        return bool(self.check()(user))


ADMINISTRATION = _("Administration")

# The project's own entries (the apps' are in their menu.py).
ENTRIES = [
    MenuEntry(_("Dashboard"), "dashboard", is_signed_in, order=0),
    MenuEntry(
        _("Catalogues and records"),
        "admin:index",
        can_use_admin,
        section=ADMINISTRATION,
        order=990,
    ),
]


def entries() -> list[MenuEntry]:
    """Every app's entries, in menu order."""
    return list(_entries(tuple(settings.NSP_MENU_PROVIDERS)))


@functools.lru_cache(maxsize=4)
def _entries(providers: tuple[str, ...]) -> tuple[MenuEntry, ...]:
    found: list[MenuEntry] = []
    for dotted in providers:
        provider = import_string(dotted)
        found.extend(provider() if callable(provider) else provider)
    return tuple(sorted(found, key=lambda entry: entry.order))


@functools.lru_cache(maxsize=256)
def _url(url_name: str, script_prefix: str) -> str | None:
    """URLs do not change while the process runs (the script prefix is part of the key)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _shown(
    providers: tuple[str, ...], user: AnyUser, path: str, script_prefix: str
) -> tuple[tuple[int, bool], ...]:
    """The positions in ``entries()`` of the entries ``user`` may open, each with whether
    it is the page at ``path``: the only part of the menu that depends on the request."""
    shown = []
    for position, entry in enumerate(_entries(providers)):
        url = _url(entry.url_name, script_prefix)
        if url is None or not entry.shown_to(user):
            continue
        shown.append((position, path == url or (url != "/" and path.startswith(url))))
    return tuple(shown)


def _groups(
    providers: tuple[str, ...], shown: tuple[tuple[int, bool], ...], script_prefix: str
) -> list[dict[str, Any]]:
    every = _entries(providers)
    groups: dict[str, dict[str, Any]] = {}
    for position, active in shown:
        entry = every[position]
        url = _url(entry.url_name, script_prefix)
        key = str(entry.section) if entry.section else f"entry:{entry.url_name}"
        group = groups.get(key)
        if group is None:
            label = entry.section or entry.label
            group = groups[key] = {"label": label, "entries": [], "active": False, "badge": ""}
        badge = (_url(entry.badge, script_prefix) or "") if entry.badge else ""
        group["entries"].append(
            {"label": entry.label, "url": url, "active": active, "badge": badge}
        )
        group["active"] = group["active"] or active
        group["badge"] = group["badge"] or badge
    return list(groups.values())


def menu_html(user: AnyUser, path: str, script_prefix: str) -> str:
    """The menu as HTML (``includes/nav_menu.html``), in the active language.

    The predicates are asked on every request; the HTML is a function of which entries
    they let through, which is current, the language and the script prefix alone, so it is
    rendered once per such combination (docs/PERFORMANCE.md, "Menu")."""
    providers = tuple(settings.NSP_MENU_PROVIDERS)
    return _menu_html(
        providers, _shown(providers, user, path, script_prefix), get_language(), script_prefix
    )


@functools.lru_cache(maxsize=1024)
def _menu_html(
    providers: tuple[str, ...],
    shown: tuple[tuple[int, bool], ...],
    language: str,
    script_prefix: str,
) -> str:
    items = _groups(providers, shown, script_prefix)
    return render_to_string("includes/nav_menu.html", {"nav_items": items})

"""The menu: each entry shown exactly to whom its view lets in, marked where the user is,
in the user's language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse

from nsp.accounts.choices import Role
from nsp.accounts.models import User
from nsp.menu import entries
from tests.conftest import login
from tests.url_registry import ANONYMOUS, PERSONAS, World


def _menu(html: str) -> str:
    menu = html.split('<ul class="navbar-nav me-auto">', 1)[1]
    return menu.split('<div class="d-flex align-items-center gap-2">', 1)[0]


def _current(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)" aria-current="page"', _menu(html))


def test_the_menu_follows_the_role(coordinator: User, administrator: User) -> None:
    coordinator_menu = _menu(login(coordinator).get(reverse("dashboard")).content.decode())
    admin_menu = _menu(login(administrator).get(reverse("dashboard")).content.decode())
    assert reverse("reports:statistics") in coordinator_menu
    assert reverse("accounts:user_list") not in coordinator_menu
    assert reverse("accounts:user_list") in admin_menu
    assert reverse("reports:statistics") not in admin_menu


def test_the_menu_follows_a_change_of_role_at_once(coordinator: User) -> None:
    """The menu's HTML is kept per set of entries shown (nsp.menu.menu_html), but the
    predicates are asked on every request: a changed role changes the next page's menu."""
    client = login(coordinator)
    assert reverse("reports:statistics") in _menu(client.get(reverse("dashboard")).content.decode())
    coordinator.role = Role.ADMINISTRATOR
    coordinator.save(update_fields=["role"])
    menu = _menu(client.get(reverse("dashboard")).content.decode())
    assert reverse("reports:statistics") not in menu
    assert reverse("accounts:user_list") in menu


def test_the_menu_marks_the_current_page(coordinator: User) -> None:
    client = login(coordinator)
    assert _current(client.get(reverse("dashboard")).content.decode()) == [reverse("dashboard")]
    cases = reverse("cases:case_list")
    assert _current(client.get(cases).content.decode()) == [cases]
    assert _current(client.get(reverse("dashboard")).content.decode()) == [reverse("dashboard")]


def test_the_menu_speaks_the_chosen_language(coordinator: User) -> None:
    client = login(coordinator)
    assert "Statistik" in _menu(client.get(reverse("dashboard")).content.decode())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _menu(client.get(reverse("dashboard")).content.decode())
    assert "Statistics" in english and "Statistik" not in english


def _shown(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', _menu(html)))


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != ANONYMOUS])
def test_every_entry_shown_opens_and_every_hidden_one_does_not(
    persona: str, registry_world: World
) -> None:
    client = Client()
    client.force_login(registry_world.users[persona])
    shown = _shown(client.get(reverse("dashboard")).content.decode())
    urls = {reverse(entry.url_name) for entry in entries()}
    assert shown <= urls, shown - urls
    assert shown, persona
    for url in sorted(urls):
        response = client.get(url)
        if url in shown:
            assert response.status_code == 200, (persona, url, response.status_code)
        else:
            refused = response.status_code in (403, 404) or (
                response.status_code == 302 and "/accounts/login/" in response["Location"]
            )
            assert refused, (persona, url, response.status_code)


def test_each_entry_asks_the_predicate_of_its_view(db: None) -> None:
    """The menu does not restate a rule: an entry's predicate is the one its view calls."""
    guarded = 0
    for entry in entries():
        view = resolve(reverse(entry.url_name)).func
        predicate = getattr(view, "predicate", None)
        if predicate is not None:
            assert entry.check() is predicate, entry.url_name
            guarded += 1
        else:  # only the public directory has no predicate of its own
            assert entry.url_name == "certification:directory", entry.url_name
    assert guarded == len(entries()) - 1


def test_the_menu_is_not_cached(coordinator: User, programme_manager: User) -> None:
    """Visibility is asked per request: a role change shows at once."""
    client = login(coordinator)
    assert reverse("privacy:overview") in _menu(client.get(reverse("dashboard")).content.decode())
    User.objects.filter(pk=coordinator.pk).update(role=programme_manager.role)
    after = _menu(client.get(reverse("dashboard")).content.decode())
    assert reverse("privacy:overview") not in after

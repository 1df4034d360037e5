"""The menu: by role, marked where the user is, in the user's language (it is rendered
once per role, language and active entry, so these would catch a stale cache)."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from nsp.accounts.models import User
from tests.conftest import login


def _menu(html: str) -> str:
    return html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>\n      <div", 1)[0]


def _current(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)" aria-current="page"', _menu(html))


def test_the_menu_follows_the_role(coordinator: User, administrator: User) -> None:
    coordinator_menu = _menu(login(coordinator).get(reverse("dashboard")).content.decode())
    admin_menu = _menu(login(administrator).get(reverse("dashboard")).content.decode())
    assert reverse("reports:statistics") in coordinator_menu
    assert reverse("accounts:user_list") not in coordinator_menu
    assert reverse("accounts:user_list") in admin_menu
    assert reverse("reports:statistics") not in admin_menu


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

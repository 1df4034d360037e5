"""Walk every URL as every persona: anonymous → login, outsiders → 403/404, others → 200.

The personas (tests/url_registry.py) include actor B's staff and the manager of a third
organisation (``OUTSIDER``); the content of what they may open is checked by
tests/nsp/test_access_content.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_registry import ANONYMOUS, PERSONAS, REGISTRY, World

# Third-party views with their own tests: allauth's login/MFA pages, language switching,
# static files. Django's admin is walked (namespace "admin:"): it is gated by our predicates.
_THIRD_PARTY = (
    "allauth.",
    "django.contrib.contenttypes",
    "django.views.i18n",
    "django.views.static",
)


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns)
        else:
            module = getattr(entry.callback, "__module__", "")
            admin = namespace.startswith("admin:")
            if (module.startswith(_THIRD_PARTY) and not admin) or not entry.name:
                continue
            yield f"{namespace}{entry.name}"


PROJECT_URLS = sorted(set(_walk(get_resolver().url_patterns)))


def test_it_has_an_access_rule_for_every_url() -> None:
    missing = [name for name in PROJECT_URLS if name not in REGISTRY]
    assert not missing, f"Add these URL names to tests/url_registry.py: {missing}"
    stale = [name for name in REGISTRY if name not in PROJECT_URLS]
    assert not stale, f"These registry entries name no URL: {stale}"


@pytest.mark.parametrize("name", PROJECT_URLS)
def test_it_enforces_access(name: str, registry_world: World, record_property: Any) -> None:
    world = registry_world
    spec = REGISTRY[name]
    url = reverse(name, kwargs=spec.kwargs(world)) + spec.query
    failures = []
    for persona in PERSONAS:
        client = Client()
        if persona != ANONYMOUS:
            client.force_login(world.users[persona])
        post = spec.method == "POST"
        response = client.post(url, spec.data(world)) if post else client.get(url)
        status = response.status_code
        if persona == ANONYMOUS and not spec.public and spec.api:
            ok = status in (401, 403)
        elif persona == ANONYMOUS and not spec.public:
            ok = status == 302 and "/accounts/login/" in response["Location"]
        elif spec.allows(persona) or (persona == ANONYMOUS and spec.public):
            ok = status == 200 or (spec.method == "POST" and status in (201, 302))
        else:
            ok = status in (403, 404)
        if not ok:
            failures.append(f"{persona}: {status}")
    assert not failures, f"{name} ({url}): {failures}"
    record_property("access_cells", len(PERSONAS))

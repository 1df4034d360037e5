"""Every export of PDFs, zips and statistics asks for a recent login or re-authentication."""

from __future__ import annotations

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.url_registry import ANONYMOUS, REGISTRY, World

EXPORTS = [
    "funding:decision_pdf",
    "funding:decision_export",
    "reports:statistics_export",
    "reports:programme_report_pdf",
    "reports:actor_report_pdf",
    "privacy:extract_download",
    "certification:assessment_pdf",
]


def _client_authenticated_ago(world: World, persona: str, seconds: float) -> Client:
    client = Client()
    user = world.users[persona]
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - seconds}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_needs_a_login_within_15_minutes(name: str, registry_world: World) -> None:
    world = registry_world
    spec = REGISTRY[name]
    persona = sorted(p for p in spec.allowed if p != ANONYMOUS)[0]
    url = reverse(name, kwargs=spec.kwargs(world)) + spec.query

    stale = _client_authenticated_ago(world, persona, 16 * 60)
    response = stale.get(url)
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]

    fresh = _client_authenticated_ago(world, persona, 60)
    assert fresh.get(url).status_code == 200

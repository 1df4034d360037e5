"""Every export of PDFs, zips and statistics — on the web and in the API — asks for a
recent login or re-authentication (issue 17 item 4: the API once skipped it).

``EXPORTS`` is the one list of export routes. ``test_every_export_like_route_is_listed``
walks the URL registry and fails when a route whose name looks like an export (pdf, zip,
export, download, statistics, …) is neither in ``EXPORTS`` nor in ``NOT_EXPORTS`` with a
reason, so a new export cannot ship without the rule.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client
from django.urls import reverse

from nsp.api.services import api_token_create
from tests.url_registry import ANONYMOUS, REGISTRY, World

EXPORTS = [
    "funding:decision_pdf",
    "funding:decision_export",
    "reports:statistics_export",
    "reports:programme_report_pdf",
    "reports:actor_report_pdf",
    "privacy:extract_download",
    "certification:assessment_pdf",
    "jobs:download",
    "funding:decision_document_pdf",
    "funding:payment_export",
    "surveys:export",
    # The API (nsp.reauth.RecentAuthRequired, the same rule as the decorator).
    "api:decision-pdf",
    "api:statistics",
    "api:payment-export",
]

# Routes whose name looks like an export but which are not one, and why.
NOT_EXPORTS = {
    "jobs:detail": "the job's progress page; its file is behind jobs:download",
    "jobs:status": "the job's progress fragment",
    "certification:profile_edit": "a form",
    "certification:profile_detail": "a page",
    "certification:profile_review": "a form",
    "certification:profile_request": "a form (the coordinator asks for step 1)",
    "certification:document_download": "one uploaded attachment, read in place (access-logged)",
    "funding:application_document": "one uploaded attachment, read in place (access-logged)",
    "funding:invoice_file": "one uploaded invoice, read in place (access-logged)",
    "cases:document_create": "a form",
    "cases:document_detail": "a page",
    "cases:document_edit": "a form",
    "cases:document_correct": "a form",
    "reports:statistics": "the statistics page (screen), publication-suppressed",
    "reports:statistics_notes": "a form: the coordinator's notes per Table 1 row",
    "reports:programme_report": "a page",
    "reports:actor_report": "a page",
    "reports:notifications": "a page",
    "reports:notification_settings": "a form",
    "reports:notifications_count": "a fragment (the unread count)",
    "reports:notification_read": "a form",
    "reports:notifications_read_all": "a form",
}

_EXPORT_LIKE = re.compile(r"pdf|export|download|zip|csv|xlsx|statistic|report|extract|file|print")


def test_every_export_like_route_is_listed() -> None:
    export_like = {name for name in REGISTRY if _EXPORT_LIKE.search(name)}
    unlisted = export_like - set(EXPORTS) - set(NOT_EXPORTS)
    assert not unlisted, f"Export-like routes without a re-authentication decision: {unlisted}"
    assert set(EXPORTS) <= set(REGISTRY)


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


def _url(name: str, world: World) -> tuple[str, str]:
    spec = REGISTRY[name]
    persona = sorted(p for p in spec.allowed if p != ANONYMOUS)[0]
    return persona, reverse(name, kwargs=spec.kwargs(world)) + spec.query


@pytest.mark.parametrize("name", EXPORTS)
def test_an_export_needs_a_login_within_15_minutes(name: str, registry_world: World) -> None:
    world = registry_world
    persona, url = _url(name, world)
    api = REGISTRY[name].api

    stale = _client_authenticated_ago(world, persona, 16 * 60)
    response = stale.get(url)
    if api:
        assert response.status_code == 403
        assert response.json()["code"] == "reauthentication_required"
    else:
        assert response.status_code == 302
        assert "reauthenticate" in response["Location"]

    fresh = _client_authenticated_ago(world, persona, 60)
    assert fresh.get(url).status_code == 200


@pytest.mark.parametrize("name", [n for n in EXPORTS if REGISTRY[n].api])
def test_an_api_export_with_a_token_needs_no_session(name: str, registry_world: World) -> None:
    """A token was created after a re-authentication with MFA (nsp/api/token_views.py)."""
    persona, url = _url(name, registry_world)
    _token, raw = api_token_create(user=registry_world.users[persona], name="export")
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200

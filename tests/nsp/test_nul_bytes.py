"""A NUL character anywhere in the input is answered 400, never 500 (PostgreSQL refuses
NUL in text): ``nsp.middleware.RejectNulMiddleware``."""

from __future__ import annotations

import io
import json
import random
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Inquiry
from nsp.accounts.models import Organisation, User
from nsp.middleware import _json_body_has_nul
from tests.api.factories import token_client
from tests.conftest import login
from tests.url_registry import ANONYMOUS, REGISTRY, World

HTML_400 = "Felaktig begäran"
API_400 = {"detail": "Begäran innehåller ett NUL-tecken."}


def _assert_html_400(response: Any) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    assert HTML_400 in html
    assert "\x00" not in html and "%00" not in html


def test_a_nul_in_a_query_parameter_is_a_bad_request(staff_a: User) -> None:
    _assert_html_400(login(staff_a).get("/katalog/?region=%00"))
    _assert_html_400(Client().get("/katalog/?region=%00"))
    _assert_html_400(login(staff_a).get("/katalog/?%00=1"))


def test_a_nul_in_the_path_is_a_bad_request(staff_a: User) -> None:
    _assert_html_400(login(staff_a).get("/katalog/%00/"))


def test_a_nul_in_an_api_query_parameter_is_a_json_bad_request(coordinator: User) -> None:
    response = login(coordinator).get("/api/v1/cases/?status=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == API_400


def _inquiry(org: Organisation, description: str) -> dict[str, str]:
    return {
        "organisation": str(org.pk),
        "received_on": timezone.localdate().isoformat(),
        "from_whom": "Migrationsverket",
        "description": description,
        "outcome": "",
    }


def test_a_nul_in_a_form_field_is_a_bad_request_and_nothing_is_written(
    coordinator: User, org_b: Organisation
) -> None:
    client = login(coordinator)
    url = reverse("cases:inquiry_create")
    # multipart (the test client's default) and url-encoded bodies, NUL in a value or a key
    _assert_html_400(client.post(url, _inquiry(org_b, "Fråga\x00om en man")))
    body = urlencode(_inquiry(org_b, "Fråga\x00om en man"))
    form = "application/x-www-form-urlencoded"
    _assert_html_400(client.post(url, body, content_type=form))
    _assert_html_400(client.post(url, {**_inquiry(org_b, "Fråga"), "x\x00": "1"}))
    assert not Inquiry.objects.exists()
    # the same form without the NUL is saved: the 400 came from the NUL alone
    assert client.post(url, _inquiry(org_b, "Fråga om en man")).status_code == 302
    assert Inquiry.objects.count() == 1


def _initial_answers(**overrides: Any) -> dict[str, Any]:
    from cases import questionnaire
    from cases.demo import fake_answers

    questionnaire.load(io.StringIO())
    definition = questionnaire.current("NSP/IB/Dok.01").definition
    return fake_answers(definition, random.Random(1), gender="female", **overrides)


def test_a_nul_in_a_json_string_is_a_bad_request_and_nothing_is_written(
    staff_a: User, org_a: Organisation
) -> None:
    from tests.funding.factories import certify

    certify(org_a)
    url = reverse("api:case-list")
    client = token_client(staff_a)
    payload = {"answers": _initial_answers(surname_initial="K\x00"), "submit": True}
    assert "\\u0000" in json.dumps(payload)
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == API_400
    nul_key = {"answers": {**_initial_answers(surname_initial="K"), "x\x00": 1}, "submit": True}
    assert client.post(url, nul_key, content_type="application/json").json() == API_400
    assert not Case.objects.exists()
    # the same body without the NUL is filed
    payload = {"answers": _initial_answers(surname_initial="K"), "submit": True}
    assert client.post(url, payload, content_type="application/json").status_code == 201


def test_an_escaped_backslash_before_u0000_is_not_a_nul() -> None:
    assert _json_body_has_nul(json.dumps({"a": "\x00"}).encode())
    assert _json_body_has_nul(json.dumps(["b", {"\x00": 1}]).encode())
    assert _json_body_has_nul(b'{"a": "\x00"}')
    # A lone surrogate (valid JSON escape, found by tests/privacy/test_fuzz_requests.py):
    # an error message echoing it could not be encoded (500).
    assert _json_body_has_nul(json.dumps({"kind": "\ud800"}).encode())
    # six ordinary characters: a backslash, "u", four zeros
    assert not _json_body_has_nul(json.dumps({"a": "\\u0000"}).encode())
    assert not _json_body_has_nul(b'{"a": 1}')


# --- The class of fault: every URL of the project ------------------------------------


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_url_answers_a_nul_in_the_query_with_400(name: str, registry_world: World) -> None:
    """Each URL of the registry, as one persona allowed to open it, with ``q=%00`` added
    (POST-only views are POSTed their usual data): 400, never 500, and the right kind."""
    world = registry_world
    spec = REGISTRY[name]
    url = reverse(name, kwargs=spec.kwargs(world)) + spec.query
    url += ("&" if "?" in url else "?") + "q=%00"
    client = Client(raise_request_exception=False)
    persona = min(spec.allowed) if spec.allowed else ANONYMOUS
    if persona != ANONYMOUS:
        client.force_login(world.users[persona])
    post = spec.method == "POST"
    response = client.post(url, spec.data(world)) if post else client.get(url)
    assert response.status_code == 400, f"{name} as {persona}: {response.status_code}"
    if spec.api:
        assert response.json() == API_400
    else:
        _assert_html_400(response)

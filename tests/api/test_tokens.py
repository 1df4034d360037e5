from __future__ import annotations

import hashlib

from django.test import Client
from django.urls import reverse

from nsp.accounts.models import Organisation, User
from nsp.api.models import ApiToken
from nsp.api.services import api_token_create
from tests.conftest import login


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_is_shown_once_and_stored_hashed(coordinator: User) -> None:
    from tests.api.test_token_security import _with_code_ago

    client = _with_code_ago(coordinator, 30)
    response = client.post(reverse("api_tokens:list"), {"name": "Verksamhetssystem", "days": 30})
    raw = response.context["new_token"]
    assert raw.startswith("nsp_")
    row = ApiToken.objects.get(user=coordinator)
    assert raw not in (row.key_hash, row.prefix)
    assert row.key_hash == hashlib.sha256(raw.split("_", 2)[2].encode()).hexdigest()
    # The list page never shows it again.
    assert raw not in client.get(reverse("api_tokens:list")).content.decode()


def test_a_token_authenticates_as_its_user(staff_a: User) -> None:
    _token, raw = api_token_create(user=staff_a, name="x")
    response = Client().get(reverse("api:me"), **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == "staff_a"
    assert response.json()["organisation"] == str(staff_a.organisation_id)


def test_a_revoked_or_wrong_token_is_refused(staff_a: User) -> None:
    token, raw = api_token_create(user=staff_a, name="x")
    assert Client().get(reverse("api:me"), **_bearer(raw + "x")).status_code == 401
    login(staff_a).post(reverse("api_tokens:revoke", args=[token.pk]))
    assert Client().get(reverse("api:me"), **_bearer(raw)).status_code == 401


def test_a_deactivated_users_token_stops_working(staff_a: User) -> None:
    _token, raw = api_token_create(user=staff_a, name="x")
    User.objects.filter(pk=staff_a.pk).update(is_active=False)
    assert Client().get(reverse("api:me"), **_bearer(raw)).status_code == 401


def test_nobody_can_revoke_someone_elses_token(staff_a: User, staff_b: User) -> None:
    token, _raw = api_token_create(user=staff_a, name="x")
    assert login(staff_b).post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_organisations_are_public_without_contact_data(org_a: Organisation) -> None:
    response = Client().get(reverse("api:organisation-list"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert set(body["results"][0]) == {"id", "name", "region", "certification_status"}


def test_the_schema_and_docs_are_served_without_a_cdn(staff_a: User) -> None:
    client = login(staff_a)
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    docs = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_the_browser_session_authenticates_too(staff_a: User) -> None:
    assert login(staff_a).get(reverse("api:me")).json()["username"] == "staff_a"


def test_a_session_write_needs_the_csrf_token(staff_a: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(reverse("api:inquiry-list"), {}, content_type="application/json")
    assert response.status_code == 403

"""API tokens expire, need a fresh code to create, may be read-only, are logged per use
and throttled per token and per user (issue 17 item 5)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nsp.accounts.models import User
from nsp.api.models import ApiToken, ApiTokenUse
from nsp.api.services import api_token_create
from tests.conftest import login


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _with_code_ago(user: User, seconds: float | None) -> Client:
    """A session whose last authenticator code was ``seconds`` ago (None: password only)."""
    client = login(user)
    session = client.session
    records = [{"method": "password", "at": time.time() - 5}]
    if seconds is not None:
        records.append({"method": "mfa", "type": "totp", "at": time.time() - seconds})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


FORM = {"name": "Verksamhetssystem", "days": "30", "read_only": "on"}


def test_a_token_is_created_only_right_after_a_code(coordinator: User) -> None:
    url = reverse("api_tokens:list")
    password_only = _with_code_ago(coordinator, None).post(url, FORM)
    assert password_only.status_code == 302 and "reauthenticate" in password_only["Location"]
    stale = _with_code_ago(coordinator, 16 * 60).post(url, FORM)
    assert stale.status_code == 302 and "reauthenticate" in stale["Location"]
    assert not ApiToken.objects.filter(user=coordinator).exists()
    fresh = _with_code_ago(coordinator, 60).post(url, FORM)
    assert fresh.status_code == 200 and fresh.context["new_token"]
    token = ApiToken.objects.get(user=coordinator)
    assert token.read_only
    assert token.expires_at - token.created_at == timedelta(days=30)


def test_a_user_without_an_authenticator_cannot_create_one(staff_a: User) -> None:
    response = _with_code_ago(staff_a, None).post(reverse("api_tokens:list"), FORM)
    assert response.status_code == 200
    assert not ApiToken.objects.filter(user=staff_a).exists()


def test_the_lifetime_defaults_to_30_days_and_is_at_most_90(staff_a: User) -> None:
    token, _raw = api_token_create(user=staff_a, name="x")
    assert token.expires_at - token.created_at == timedelta(days=30)
    with pytest.raises(ValidationError):
        api_token_create(user=staff_a, name="x", days=91)
    with pytest.raises(ValidationError):
        api_token_create(user=staff_a, name="x", days=0)


def test_an_expired_token_is_refused(staff_a: User) -> None:
    token, raw = api_token_create(user=staff_a, name="x", days=1)
    assert Client().get(reverse("api:me"), **_bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - timedelta(days=2), expires_at=timezone.now()
    )
    assert Client().get(reverse("api:me"), **_bearer(raw)).status_code == 401


def test_a_read_only_token_cannot_write(staff_a: User) -> None:
    _token, raw = api_token_create(user=staff_a, name="x", read_only=True)
    client = Client()
    assert client.get(reverse("api:case-list"), **_bearer(raw)).status_code == 200
    response = client.post(
        reverse("api:application-rest"), {}, content_type="application/json", **_bearer(raw)
    )
    assert response.status_code == 403


def test_every_use_is_logged_with_the_tokens_id(staff_a: User) -> None:
    token, raw = api_token_create(user=staff_a, name="x")
    for _ in range(3):
        Client().get(reverse("api:me"), **_bearer(raw))
    uses = ApiTokenUse.objects.filter(token=token)
    assert uses.count() == 3
    assert {u.path for u in uses} == {reverse("api:me")}


def test_the_api_is_throttled_per_token_and_per_user(staff_a: User, settings: object) -> None:
    settings.NSP_API_THROTTLE_RATES = {"token": "3/min", "user": "5/min", "anon": None}  # type: ignore[attr-defined]
    _t1, first = api_token_create(user=staff_a, name="1")
    _t2, second = api_token_create(user=staff_a, name="2")
    client = Client()
    codes = [client.get(reverse("api:me"), **_bearer(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]  # the token's own limit
    codes = [client.get(reverse("api:me"), **_bearer(second)).status_code for _ in range(2)]
    # The user's limit counts every request of both tokens, the refused one too (4 + 1 = 5).
    assert codes == [200, 429]
    assert login(staff_a).get(reverse("api:me")).status_code == 429  # and the session


def test_changing_the_password_ends_every_token(staff_a: User) -> None:
    from nsp.accounts.services import user_password_changed

    _token, raw = api_token_create(user=staff_a, name="x")
    user_password_changed(user=staff_a)
    assert Client().get(reverse("api:me"), **_bearer(raw)).status_code == 401

"""Re-authentication before sensitive actions (nsp/reauth.py)."""

from __future__ import annotations

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.core.exceptions import ReauthenticationRequired
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from nsp.accounts.allauth_internal import format_hotp_value, hotp_value
from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation, User
from nsp.permissions import require_recent_auth
from tests.conftest import login
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET


@require_recent_auth(max_age_minutes=15)
def _export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exported")


def _request(user: User, authenticated_ago: float | None) -> HttpRequest:
    request = RequestFactory().get("/export/")
    request.user = user
    request.session = SessionStore()
    if authenticated_ago is not None:
        records = [{"method": "password", "at": time.time() - authenticated_ago}]
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        request.session["account_authentication_methods_user"] = str(user.pk)
    return request


def test_it_lets_a_recent_authentication_through(staff_a: User) -> None:
    assert _export(_request(staff_a, authenticated_ago=14 * 60)).content == b"exported"


@pytest.mark.parametrize("ago", [16 * 60, None])
def test_it_asks_again_after_15_minutes_or_without_record(staff_a: User, ago: float | None) -> None:
    with pytest.raises(ReauthenticationRequired):
        _export(_request(staff_a, authenticated_ago=ago))


def test_records_of_another_user_do_not_count(staff_a: User, staff_b: User) -> None:
    request = _request(staff_a, authenticated_ago=10)
    request.user = staff_b
    with pytest.raises(ReauthenticationRequired):
        _export(request)


def test_a_fresh_password_login_counts_as_recent(staff_a: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "staff_a", "password": TEST_PASSWORD})
    records = client.session[AUTHENTICATION_METHODS_SESSION_KEY]
    assert time.time() - records[-1]["at"] < 60


def _logged_in_long_ago(user: User) -> Client:
    client = login(user)
    session = client.session
    for record in session[AUTHENTICATION_METHODS_SESSION_KEY]:
        record["at"] = time.time() - 3600
    session.save()
    return client


def test_any_login_counts_as_an_authentication(staff_a: User) -> None:
    """Logins outside allauth's forms (the test client's force_login) are recorded too."""
    records = login(staff_a).session[AUTHENTICATION_METHODS_SESSION_KEY]
    assert [r["method"] for r in records] == ["login"]


def _role_change(staff_a: User) -> dict[str, object]:
    return {
        "email": staff_a.email,
        "first_name": staff_a.first_name,
        "last_name": staff_a.last_name,
        "title": "",
        "role": Role.ACTOR_MANAGER,
        "organisation": staff_a.organisation_id,
        "is_active": "on",
    }


def test_a_role_change_asks_the_administrator_for_the_code_first(
    administrator: User, staff_a: User
) -> None:
    client = _logged_in_long_ago(administrator)
    url = reverse("accounts:user_update", args=[staff_a.pk])
    response = client.post(url, _role_change(staff_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    staff_a.refresh_from_db()
    assert staff_a.role == Role.ACTOR_STAFF  # nothing changed yet

    code = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    response = client.post(response["Location"], {"code": code})
    # allauth replays the suspended POST once the code is confirmed.
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.role == Role.ACTOR_MANAGER


def test_an_edit_that_keeps_role_and_organisation_needs_no_reauthentication(
    administrator: User, staff_a: User
) -> None:
    data = _role_change(staff_a) | {"role": Role.ACTOR_STAFF, "title": "Kurator"}
    response = _logged_in_long_ago(administrator).post(
        reverse("accounts:user_update", args=[staff_a.pk]), data
    )
    assert response["Location"] == reverse("accounts:user_list")
    staff_a.refresh_from_db()
    assert staff_a.title == "Kurator"


def test_an_organisation_change_asks_for_reauthentication(
    administrator: User, staff_a: User, org_b: Organisation
) -> None:
    data = _role_change(staff_a) | {"role": Role.ACTOR_STAFF, "organisation": org_b.pk}
    response = _logged_in_long_ago(administrator).post(
        reverse("accounts:user_update", args=[staff_a.pk]), data
    )
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_a_role_change_right_after_login_goes_through(administrator: User, staff_a: User) -> None:
    response = login(administrator).post(
        reverse("accounts:user_update", args=[staff_a.pk]), _role_change(staff_a)
    )
    assert response["Location"] == reverse("accounts:user_list")
    staff_a.refresh_from_db()
    assert staff_a.role == Role.ACTOR_MANAGER


def test_outsiders_cannot_change_roles(staff_b: User, staff_a: User) -> None:
    response = login(staff_b).post(
        reverse("accounts:user_update", args=[staff_a.pk]), _role_change(staff_a)
    )
    assert response.status_code == 403

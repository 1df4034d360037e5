"""Session limits (idle 30 min, absolute 12 h) and ending a user's sessions at once."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from nsp import sessions
from nsp.accounts import services
from nsp.accounts.choices import Role
from nsp.accounts.models import Organisation, User
from nsp.audit.models import UserSession
from tests.conftest import login
from tests.factories import TEST_PASSWORD


def _password_login(user: User) -> Client:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


def _shift_clock(client: Client, *, login_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[sessions.LOGIN_AT] = now - login_ago
    session[sessions.LAST_SEEN] = now - seen_ago
    session.save()


def test_it_records_the_login_time_and_tracks_the_session_key(staff_a: User) -> None:
    client = _password_login(staff_a)
    session = client.session
    assert abs(session[sessions.LOGIN_AT] - time.time()) < 60
    assert UserSession.objects.filter(user=staff_a, session_key=session.session_key).exists()


def test_an_active_session_passes(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=11 * 3600, seen_ago=29 * 60)
    assert client.get(reverse("dashboard")).status_code == 200


def test_it_ends_a_session_idle_for_more_than_30_minutes(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=3600, seen_ago=31 * 60)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"])
    assert "30 minuter utan aktivitet" in page.content.decode()
    # Logged out for good: the next request is anonymous too.
    assert client.get(reverse("dashboard")).status_code == 302
    assert not UserSession.objects.filter(user=staff_a).exists()


def test_it_ends_a_session_12_hours_after_login_however_active(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=12 * 3600 + 60, seen_ago=10)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "inloggad i 12 timmar" in page.content.decode()


def test_an_htmx_request_after_timeout_is_redirected_by_htmx(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=3600, seen_ago=3600)
    response = client.get(reverse("dashboard"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("account_login"))


def test_it_refreshes_the_idle_clock_at_most_once_a_minute(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=600, seen_ago=20)
    before = client.session[sessions.LAST_SEEN]
    client.get(reverse("dashboard"))
    assert client.session[sessions.LAST_SEEN] == before
    _shift_clock(client, login_ago=600, seen_ago=120)
    client.get(reverse("dashboard"))
    assert abs(client.session[sessions.LAST_SEEN] - time.time()) < 5


def test_it_follows_a_changed_session_key(staff_a: User) -> None:
    client = _password_login(staff_a)
    session = client.session
    session.cycle_key()  # as a password change or re-authentication does
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = str(session.session_key)
    assert client.get(reverse("dashboard")).status_code == 200
    assert UserSession.objects.filter(user=staff_a, session_key=session.session_key).exists()


def test_user_end_sessions_deletes_only_that_users_sessions(staff_a: User, staff_b: User) -> None:
    first, second = _password_login(staff_a), _password_login(staff_a)
    other = _password_login(staff_b)
    assert services.user_end_sessions(user=staff_a) == 2
    assert first.get(reverse("dashboard")).status_code == 302
    assert second.get(reverse("dashboard")).status_code == 302
    assert other.get(reverse("dashboard")).status_code == 200
    assert Session.objects.filter(session_key=other.session.session_key).exists()


def test_user_end_sessions_does_not_decode_sessions(
    staff_a: User, django_assert_max_num_queries: object
) -> None:
    for _ in range(5):
        _password_login(staff_a)
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert services.user_end_sessions(user=staff_a) == 5


@pytest.mark.parametrize("change", ["role", "organisation"])
def test_a_role_or_organisation_change_ends_the_sessions(
    change: str, staff_a: User, org_b: Organisation
) -> None:
    client = _password_login(staff_a)
    if change == "role":
        services.user_update(user=staff_a, role=Role.ACTOR_MANAGER)
    else:
        services.user_update(user=staff_a, organisation=org_b)
    assert client.get(reverse("dashboard")).status_code == 302


def test_an_unrelated_change_keeps_the_sessions(staff_a: User) -> None:
    client = _password_login(staff_a)
    services.user_update(user=staff_a, title="Kurator")
    assert client.get(reverse("dashboard")).status_code == 200


def test_logout_forgets_the_tracked_session(staff_a: User) -> None:
    client = _password_login(staff_a)
    client.post(reverse("account_logout"))
    assert not UserSession.objects.filter(user=staff_a).exists()


def test_a_session_without_login_time_starts_counting(staff_a: User) -> None:
    client = login(staff_a)  # force_login: a session from before the limits existed
    session = client.session
    session.pop(sessions.LOGIN_AT, None)
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200
    assert sessions.LOGIN_AT in client.session


def test_the_keepalive_refreshes_the_idle_clock(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=3600, seen_ago=25 * 60)
    assert client.get(reverse("session_keepalive")).status_code == 200
    assert abs(client.session[sessions.LAST_SEEN] - time.time()) < 5


def test_the_keepalive_after_timeout_leads_to_the_login_page(staff_a: User) -> None:
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=3600, seen_ago=31 * 60)
    response = client.get(reverse("session_keepalive"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_carry_the_idle_limit_for_the_script(staff_a: User, client: Client) -> None:
    html = login(staff_a).get(reverse("dashboard")).content.decode()
    assert 'data-nsp-idle-seconds="1800"' in html
    assert f'data-nsp-keepalive-url="{reverse("session_keepalive")}"' in html
    assert "js/nsp-session.js" in html
    anonymous = client.get(reverse("account_login")).content.decode()
    assert "nsp-session.js" not in anonymous


def test_the_limits_and_the_message_follow_the_settings(staff_a: User, settings: object) -> None:
    settings.NSP_SESSION_IDLE_SECONDS = 600  # type: ignore[attr-defined]
    client = _password_login(staff_a)
    _shift_clock(client, login_ago=900, seen_ago=11 * 60)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert "10 minuter utan aktivitet" in client.get(response["Location"]).content.decode()

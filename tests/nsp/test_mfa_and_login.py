from __future__ import annotations

import time

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from nsp.accounts.allauth_internal import format_hotp_value, hotp_value
from nsp.accounts.models import User
from tests.conftest import login
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, UserFactory


def _code() -> str:
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def test_a_coordinator_without_totp_is_sent_to_enrolment(db: None) -> None:
    user = UserFactory(username="ny.samordnare", coordinator=True, mfa=False)
    response = login(user).get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_menu_count_does_not_swap_the_enrolment_page_into_itself(db: None) -> None:
    """The menu polls the notice count with htmx; before enrolment that request gets an
    empty answer (htmx swaps nothing) instead of the enrolment page (issue 16: the page
    then nested itself and the new coordinator could not read the secret)."""
    user = UserFactory(username="ny.samordnare", coordinator=True, mfa=False)
    response = login(user).get(reverse("dashboard"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.content == b""


def test_the_enrolment_check_is_read_with_the_user_and_never_stale(coordinator: User) -> None:
    """The MFA middleware's question is answered by the query that loads the user: no
    query of its own on each page, and removing the authenticator takes effect at once."""
    from allauth.mfa.models import Authenticator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").status_code == 200
    mfa = [q["sql"] for q in queries.captured_queries if '"mfa_authenticator"' in q["sql"]]
    assert len(mfa) == 1  # as a subquery of the query that loads the user
    assert 'FROM "accounts_user"' in mfa[0]
    assert client.get(reverse("dashboard")).status_code == 200
    Authenticator.objects.filter(user=coordinator).delete()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_actor_without_totp_reaches_the_dashboard(staff_a: User) -> None:
    assert login(staff_a).get(reverse("dashboard")).status_code == 200


def test_actor_mfa_can_be_required_by_setting(staff_a: User, settings: object) -> None:
    settings.NSP_MFA_REQUIRED_FOR_ACTORS = True  # type: ignore[attr-defined]
    response = login(staff_a).get(reverse("dashboard"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_coordinator_logs_in_with_password_then_code(coordinator: User) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "coordinator", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Without the code the app stays closed.
    assert client.get(reverse("dashboard")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": _code()})
    assert response.status_code == 302
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert page.context["user"] == coordinator


def test_a_wrong_code_keeps_the_coordinator_out(coordinator: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "coordinator", "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # the form again, with an error
    assert client.get(reverse("dashboard")).status_code == 302


def test_login_is_locked_after_six_failures_a_minute(staff_a: User) -> None:
    cache.clear()
    client = Client()
    for _ in range(6):
        response = client.post(
            reverse("account_login"), {"login": "staff_a", "password": "fel-lösenord-123"}
        )
        assert response.status_code == 200
    # The seventh attempt is refused even with the right password.
    response = client.post(
        reverse("account_login"), {"login": "staff_a", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get(reverse("dashboard")).status_code == 302

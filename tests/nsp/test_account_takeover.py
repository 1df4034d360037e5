"""A hijacked session cannot take over an account (issue 17 item 6): changing the e-mail
address or the password needs a re-authentication, a new address is verified before it is
used, and a password reset goes only to a proven address."""

from __future__ import annotations

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from nsp.accounts.models import User
from tests.conftest import login


def _authenticated_ago(user: User, seconds: float) -> Client:
    """A session whose last (re-)authentication was ``seconds`` ago."""
    client = login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - seconds, "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def _add(client: Client, email: str) -> object:
    return client.post(reverse("account_email"), {"action_add": "", "email": email})


def test_adding_an_address_needs_a_re_authentication(staff_a: User) -> None:
    response = _add(_authenticated_ago(staff_a, 20 * 60), "angripare@example.net")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert "reauthenticate" in response["Location"]  # type: ignore[index]
    assert not EmailAddress.objects.filter(email="angripare@example.net").exists()


def test_changing_the_password_needs_a_re_authentication(
    staff_a: User, administrator: User
) -> None:
    for user, name in (
        (staff_a, "account_change_password"),
        (administrator, "admin:password_change"),
    ):
        response = _authenticated_ago(user, 20 * 60).get(reverse(name), follow=True)
        assert any("reauthenticate" in url for url, _code in response.redirect_chain), name


def test_a_new_address_is_verified_before_it_is_used(staff_a: User) -> None:
    mail.outbox.clear()
    response = _add(_authenticated_ago(staff_a, 10), "ny.adress@example.org")
    assert response.status_code == 302  # type: ignore[attr-defined]
    added = EmailAddress.objects.get(user=staff_a, email="ny.adress@example.org")
    assert not added.verified
    staff_a.refresh_from_db()
    assert staff_a.email == "staff_a@example.org"  # the old one stays until verified
    assert any("ny.adress@example.org" in m.to for m in mail.outbox)  # a verification mail


def test_a_password_reset_never_goes_to_an_unverified_address(staff_a: User) -> None:
    EmailAddress.objects.create(user=staff_a, email="angripare@example.net", verified=False)
    mail.outbox.clear()
    Client().post(reverse("account_reset_password"), {"email": "angripare@example.net"})
    assert not any("angripare@example.net" in m.to for m in mail.outbox if "staff_a" in m.body)
    assert not [m for m in mail.outbox if "password/reset/key" in m.body]
    # The address the administrator entered still gets it.
    mail.outbox.clear()
    Client().post(reverse("account_reset_password"), {"email": "staff_a@example.org"})
    assert [m for m in mail.outbox if "password/reset/key" in m.body]

"""Deployment safety: `check --deploy`, the CSP, no inline code, no-store, error pages."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from nsp.accounts.allauth_internal import RecoveryCodes
from nsp.accounts.models import Organisation, User
from tests.conftest import login
from tests.factories import TEST_PASSWORD, UserFactory
from tests.htmlcheck import inline_code
from tests.nsp.test_url_access import PROJECT_URLS
from tests.url_registry import REGISTRY, World

ROOT = Path(__file__).resolve().parents[2]
SECRET_MARK = "internal-detail-7f3a"


def test_a_gunicorn_worker_loads_every_view_while_it_boots() -> None:
    """nsp.wsgi imports the URLconf, so no user's request pays for the imports (~0.8 s)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nsp.settings.test"}
    env.setdefault("DATABASE_URL", "postgres://unused@localhost/unused")
    code = "import sys, nsp.wsgi; print('cases.views' in sys.modules, 'nsp.urls' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True"]


def test_the_deploy_check_has_no_findings(record_property: Any) -> None:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests (Playwright drives a live server
    # from the test process); it is a test-run artefact, not part of a deployment.
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "nsp.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": "postgres://unused@localhost/unused",
            "NSP_MFA_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "NSP_BACKUP_KEY": Fernet.generate_key().decode(),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    match = re.search(r"System check identified (\d+|no) issues?", output)
    assert match, output
    findings = 0 if match.group(1) == "no" else int(match.group(1))
    print(f"manage.py check --deploy: {findings} findings")
    record_property("deploy_findings", findings)
    assert findings == 0, output
    assert result.returncode == 0, output


def test_every_page_sends_a_strict_csp(staff_a: User) -> None:
    response = login(staff_a).get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_login_page_has_no_inline_code(client: Client) -> None:
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []
    assert "Content-Security-Policy" in response


def _recently_reauthenticated(client: Client, user: User) -> None:
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "type": "totp", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
    ],
)
def test_allauth_pages_have_no_inline_code(name: str, coordinator: User) -> None:
    RecoveryCodes.activate(coordinator)
    client = login(coordinator)
    _recently_reauthenticated(client, coordinator)
    response = client.get(reverse(name))
    assert response.status_code == 200, response.get("Location")
    assert inline_code(response.content.decode()) == []


def test_the_totp_enrolment_page_works_under_the_csp(db: None) -> None:
    user = UserFactory(username="ny.samordnare", coordinator=True, mfa=False)
    client = login(user)
    _recently_reauthenticated(client, user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = response.content.decode()
    assert inline_code(html) == []
    # The QR code is a data: image, which the policy allows for images only.
    assert 'src="data:image/svg+xml' in html
    assert "data:" in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]


def test_the_mfa_code_page_during_login_has_no_inline_code(coordinator: User) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": "coordinator", "password": TEST_PASSWORD})
    response = client.get(reverse("mfa_authenticate"))
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_the_inline_finder_finds_what_the_csp_blocks() -> None:
    found = inline_code(
        '<div style="width:1px"></div><style>p{}</style><script>alert(1)</script>'
        '<a href="javascript:x()" onclick="y()">z</a>'
        '<script src="/static/a.js"></script><script type="application/json">{}</script>'
    )
    assert len(found) == 5


# --- Error pages: nothing internal, Swedish -----------------------------------------


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"database password is {SECRET_MARK}")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(f"reason {SECRET_MARK}")


def _bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(f"bad {SECRET_MARK}")


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("bad/", _bad),
]


def _assert_bare(response: HttpResponse, status: int, heading: str) -> None:
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html
    assert SECRET_MARK not in html
    assert "Traceback" not in html and 'File "' not in html
    assert inline_code(html) == []


@pytest.mark.urls("tests.nsp.test_deployment")
def test_a_500_shows_nothing_internal(db: None, settings: object) -> None:
    assert settings.DEBUG is False  # type: ignore[attr-defined]
    client = Client(raise_request_exception=False)
    _assert_bare(client.get("/boom/"), 500, "Något gick fel")


@pytest.mark.urls("tests.nsp.test_deployment")
def test_403_and_400_show_no_reason(db: None) -> None:
    client = Client(raise_request_exception=False)
    _assert_bare(client.get("/forbidden/"), 403, "Åtkomst nekad")
    _assert_bare(client.get("/bad/"), 400, "Felaktig begäran")


def test_a_404_does_not_echo_the_path(staff_a: User) -> None:
    response = login(staff_a).get(f"/finns-inte/{SECRET_MARK}/")
    _assert_bare(response, 404, "Sidan hittades inte")


def test_a_csrf_failure_shows_no_reason(staff_a: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formuläret har gått ut" in html
    assert "CSRF" not in html
    assert inline_code(html) == []


# --- Cache-Control ------------------------------------------------------------------


def test_pages_for_logged_in_users_are_never_stored(staff_a: User) -> None:
    response = login(staff_a).get(reverse("dashboard"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_static_files_stay_cacheable(staff_a: User) -> None:
    response = login(staff_a).get("/static/css/nsp.css")
    assert "no-store" not in response.get("Cache-Control", "")


# --- Every project page: no inline code, never stored --------------------------------


@pytest.fixture
def people(
    org_a: Organisation,
    org_b: Organisation,
    coordinator: User,
    programme_manager: User,
    administrator: User,
    staff_a: User,
    manager_a: User,
    staff_b: User,
) -> World:
    users = {
        "coordinator": coordinator,
        "programme_manager": programme_manager,
        "administrator": administrator,
        "staff_a": staff_a,
        "manager_a": manager_a,
        "staff_b": staff_b,
    }
    return World(users=users, org_a=org_a, org_b=org_b)


@pytest.mark.parametrize("name", PROJECT_URLS)
def test_every_page_is_free_of_inline_code_and_never_stored(name: str, people: World) -> None:
    """Pages of every app, as the first persona allowed to open them (tests/url_registry)."""
    spec = REGISTRY[name]
    if spec.method != "GET":
        return  # POST-only views render no page of their own; they redirect.
    if not spec.allowed and not spec.public:
        return  # nobody may open it (e.g. adding to the read-only access log in the admin)
    url = reverse(name, kwargs=spec.kwargs(people)) + spec.query
    # The first allowed persona; a page for anonymous visitors only is opened anonymously.
    client = login(people.users[sorted(spec.allowed)[0]]) if spec.allowed else Client()
    response = client.get(url)
    assert response.status_code == 200
    if spec.allowed:
        assert "no-store" in response["Cache-Control"]
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == []


def test_the_django_admin_pages_we_use_have_no_inline_code(coordinator: User) -> None:
    client = login(coordinator)
    pages = ("admin:index", "admin:audit_accesslog_changelist", "admin:certification_catalogue_add")
    for url in (reverse(name) for name in pages):
        response = client.get(url)
        assert response.status_code == 200
        assert inline_code(response.content.decode()) == [], url

from __future__ import annotations

from django.apps import apps
from django.test import Client
from django.urls import reverse

from nsp.accounts.models import Organisation, User
from tests.conftest import login

DOMAIN_APPS = (
    "accounts",
    "certification",
    "cases",
    "funding",
    "reports",
    "privacy",
    "journal",
    "surveys",
)
# Append-only logs, like the access log (nsp.audit, outside DOMAIN_APPS): rows are only
# inserted, never edited, so a history table would only duplicate them.
# accounts.LoginFailure: one row per failed login, counted by the lockout (nsp/accounts/lockout.py);
# locking and unlocking are recorded in the user's own history.
APPEND_ONLY_LOGS = {"accounts.LoginFailure"}


def test_every_domain_model_has_history() -> None:
    missing = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in DOMAIN_APPS or model.__name__.startswith("Historical"):
            continue
        if meta.auto_created:  # many-to-many through tables
            continue
        if f"{meta.app_label}.{model.__name__}" in APPEND_ONLY_LOGS:
            continue
        if not hasattr(model, "history"):
            missing.append(f"{meta.app_label}.{model.__name__}")
    assert not missing, f"Models without history: {missing}"


def test_history_records_who_changed_what(coordinator: User, org_a: Organisation) -> None:
    client: Client = login(coordinator)
    response = client.post(
        reverse("accounts:organisation_update", args=[org_a.pk]),
        {
            "name": org_a.name,
            "org_number": org_a.org_number,
            "region": "Uppsala",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    latest = org_a.history.latest()
    assert latest.history_user == coordinator

    page = client.get(reverse("audit:history", args=["accounts", "organisation", org_a.pk]))
    assert page.status_code == 200
    entry = page.context["entries"][0]
    assert entry.who == "coordinator"
    assert [(c.old, c.new) for c in entry.changes] == [("Stockholm", "Uppsala")]


def test_history_of_an_unknown_model_is_not_found(coordinator: User) -> None:
    url = reverse("audit:history", args=["auth", "permission", "1"])
    assert login(coordinator).get(url).status_code == 404

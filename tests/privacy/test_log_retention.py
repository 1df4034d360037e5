"""Retention of API token uses and failed logins (issue 17, items 5 and 12): the nightly
``apply_retention`` deletes rows older than ``NSP_API_TOKEN_USE_DAYS`` (180) and
``NSP_LOGIN_FAILURE_DAYS`` (90) and keeps the newer ones."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from nsp.accounts.models import LoginFailure, User
from nsp.api.models import ApiTokenUse
from nsp.api.services import api_token_create


def _aged(days: float) -> object:
    return timezone.now() - timedelta(days=days)


def test_old_token_uses_and_failed_logins_are_deleted_and_new_ones_kept(staff_a: User) -> None:
    token, _raw = api_token_create(user=staff_a, name="Integration")
    old_use = ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/cases/")
    new_use = ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/cases/")
    ApiTokenUse.objects.filter(pk=old_use.pk).update(at=_aged(181))
    ApiTokenUse.objects.filter(pk=new_use.pk).update(at=_aged(179))
    old_failure = LoginFailure.objects.create(user=staff_a)
    new_failure = LoginFailure.objects.create(user=staff_a)
    LoginFailure.objects.filter(pk=old_failure.pk).update(at=_aged(91))
    LoginFailure.objects.filter(pk=new_failure.pk).update(at=_aged(89))

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert (
        "1 API token use(s) older than 180 days and 1 failed login(s) older than 90 days "
        "would be deleted" in out.getvalue()
    )
    assert ApiTokenUse.objects.count() == 2 and LoginFailure.objects.count() == 2

    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 API token use(s)" in out.getvalue()
    assert list(ApiTokenUse.objects.values_list("pk", flat=True)) == [new_use.pk]
    assert list(LoginFailure.objects.values_list("pk", flat=True)) == [new_failure.pk]


def test_the_periods_are_settings(staff_a: User, settings: object) -> None:
    settings.NSP_LOGIN_FAILURE_DAYS = 10  # type: ignore[attr-defined]
    failure = LoginFailure.objects.create(user=staff_a)
    LoginFailure.objects.filter(pk=failure.pk).update(at=_aged(11))
    call_command("apply_retention", stdout=StringIO())
    assert not LoginFailure.objects.exists()

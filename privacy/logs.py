"""Retention of the security logs that are not the access log: API token uses and failed
logins (issue 17, items 5 and 12).

* ``ApiTokenUse`` rows (token id, time, method, path) are kept ``NSP_API_TOKEN_USE_DAYS``
  (default 180): longer than a token can live (at most 90 days), so the uses of every token
  can be read back for a whole lifetime plus a quarter to investigate a leak.
* ``LoginFailure`` rows (account, time, a keyed hash of the address) are kept
  ``NSP_LOGIN_FAILURE_DAYS`` (default 90): the lockout counts one day of them; the rest is
  there to see a slow guessing campaign afterwards.

``apply_retention`` (run nightly) deletes older rows; docs/SECURITY.md gives the periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone


@dataclass
class LogRetention:
    token_uses: int
    login_failures: int


def retention_logs(*, dry_run: bool = False) -> LogRetention:
    """Delete (or, with ``dry_run``, count) the rows older than their retention period."""
    from nsp.accounts.models import LoginFailure
    from nsp.api.models import ApiTokenUse

    now = timezone.now()
    uses = ApiTokenUse.objects.filter(at__lt=now - timedelta(days=settings.NSP_API_TOKEN_USE_DAYS))
    failures = LoginFailure.objects.filter(
        at__lt=now - timedelta(days=settings.NSP_LOGIN_FAILURE_DAYS)
    )
    if dry_run:
        return LogRetention(uses.count(), failures.count())
    return LogRetention(uses.delete()[0], failures.delete()[0])

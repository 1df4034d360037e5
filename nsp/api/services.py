"""Create, check and revoke API tokens."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsp.accounts.models import User
from nsp.api.models import ApiToken, ApiTokenUse

TOKEN_PREFIX = "nsp_"  # noqa: S105 - a label, not a secret

logger = logging.getLogger("nsp.api.tokens")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_lifetime_days(days: int | None) -> int:
    """``days`` or the default, checked against ``NSP_API_TOKEN_MAX_DAYS``."""
    maximum = int(settings.NSP_API_TOKEN_MAX_DAYS)
    days = int(settings.NSP_API_TOKEN_DAYS) if days is None else days
    if not 1 <= days <= maximum:
        raise ValidationError(
            {"days": _("A token lives from 1 to %(max)d days.") % {"max": maximum}}
        )
    return days


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """Create a token; returns the row and the full token, which is never stored."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=prefix,
        key_hash=_hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=token_lifetime_days(days)),
        read_only=read_only,
    )
    token.full_clean()
    token.save()
    logger.info("api token created token_id=%s user_id=%s", token.pk, user.pk)
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active, unexpired token matching ``raw`` (its user active too), or None."""
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:
        return None
    prefix, _sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, _hash(secret)):
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_record_use(*, token: ApiToken, method: str, path: str) -> None:
    """Log one use of ``token`` (a row and a log line, both with the token's id)."""
    ApiTokenUse.objects.create(token=token, method=method[:10], path=path[:300])
    logger.info(
        "api token used token_id=%s user_id=%s method=%s path=%s",
        token.pk,
        token.user_id,
        method,
        path[:300],
    )


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("api token revoked token_id=%s user_id=%s", token.pk, token.user_id)
    return token


def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every active token of ``user`` (password, role or access changed)."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        logger.info("api tokens revoked user_id=%s count=%s reason=%s", user.pk, count, reason)
    return count

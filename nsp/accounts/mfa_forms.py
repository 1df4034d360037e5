"""allauth's code forms, saying when a code was right but already used (issue 18).

allauth accepts each authenticator code once (a replay within the period is refused) and
then answers "Incorrect code." for it, which sends people to check a code that is right:
here the refusal says to wait for the next code instead.
"""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from nsp.accounts.allauth_internal import TOTP, validate_totp_code

ALREADY_USED = _("This code has already been used – wait for the next code.")


def _already_used(user: object, code: str) -> bool:
    for auth in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP):
        totp = TOTP(auth)
        if validate_totp_code(decrypt(auth.data["secret"]), code) and cache.get(
            totp._get_used_cache_key(code)
        ):
            return True
    return False


class _SaysWhenUsed:
    user: object
    cleaned_data: dict[str, str]

    def clean_code(self) -> str:
        try:
            return super().clean_code()  # type: ignore[misc,no-any-return]
        except forms.ValidationError:
            code = self.cleaned_data.get("code", "")
            if code and _already_used(self.user, code):
                raise forms.ValidationError(ALREADY_USED, code="code_used") from None
            raise


class CodeAuthenticateForm(_SaysWhenUsed, AuthenticateForm):
    pass


class CodeReauthenticateForm(_SaysWhenUsed, ReauthenticateForm):
    pass

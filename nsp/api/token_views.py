"""The user's own API tokens: create (shown once; only right after a code) and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsp.accounts.services import user_has_totp
from nsp.api.forms import ApiTokenForm
from nsp.api.models import ApiToken
from nsp.api.services import api_token_create, api_token_revoke
from nsp.permissions import is_signed_in, require
from nsp.reauth import ensure_recent_mfa
from nsp.viewtools import acting_user


@require(is_signed_in)
def token_list(request: HttpRequest) -> HttpResponse:
    """Every user may hold API tokens; each token reads what its owner may read.

    Creating one needs an authenticator and a code entered within the last 15 minutes
    (issue 17 item 5): a hijacked browser session alone cannot mint a lasting credential.
    """
    user = acting_user(request)
    has_mfa = user_has_totp(user)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and has_mfa and form.is_valid():
        ensure_recent_mfa(request)
        _token, new_token = api_token_create(
            user=user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            read_only=form.cleaned_data["read_only"],
        )
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "has_mfa": has_mfa},
    )


@require(is_signed_in)
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Only the owner's own tokens: anyone else's id is simply not found.
    token = get_object_or_404(ApiToken, pk=token_id, user=acting_user(request))
    api_token_revoke(token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("api_tokens:list")

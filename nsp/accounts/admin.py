"""Accounts in the admin: only what the administrator needs beside the user screens.

Groups and Django's model permissions are not used (roles and ``can_*`` predicates are),
so Group leaves the admin; allauth's e-mail addresses and MFA authenticators stay, for
the administrator (``can_manage_users``) to help a user who lost a device.
"""

from __future__ import annotations

from typing import Any

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from nsp.admin import PredicateAdmin

admin.site.unregister(Group)
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(PredicateAdmin, AllauthEmailAddressAdmin):
    """Read-only (issue 17 item 3): an address added or marked verified here would receive
    a password reset, around the four-eyes rule for programme users' addresses."""

    predicate = "can_manage_users"
    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Authenticator)
class AuthenticatorAdmin(PredicateAdmin, AllauthAuthenticatorAdmin):
    """Which authenticators a user has, never their contents (issue 17 item 2).

    ``data`` holds the (encrypted) TOTP key and recovery-code seed: it is on no page, and
    rows are neither added nor edited here. The administrator may delete one, so that a
    user who lost a device enrols again.
    """

    predicate = "can_manage_users"
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
    exclude = ("data",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

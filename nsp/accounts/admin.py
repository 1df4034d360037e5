"""Accounts in the admin: only what the administrator needs beside the user screens.

Groups and Django's model permissions are not used (roles and ``can_*`` predicates are),
so Group leaves the admin; allauth's e-mail addresses and MFA authenticators stay, for
the administrator (``can_manage_users``) to help a user who lost a device.
"""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group

from nsp.admin import PredicateAdmin

admin.site.unregister(Group)
admin.site.unregister(EmailAddress)
admin.site.unregister(Authenticator)


@admin.register(EmailAddress)
class EmailAddressAdmin(PredicateAdmin, AllauthEmailAddressAdmin):
    predicate = "can_manage_users"


@admin.register(Authenticator)
class AuthenticatorAdmin(PredicateAdmin, AllauthAuthenticatorAdmin):
    predicate = "can_manage_users"

from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from nsp.accounts.choices import ACTOR_ROLES
from nsp.accounts.models import Organisation, User


class _RoleOrganisationMixin(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        organisation = data.get("organisation")
        if role in ACTOR_ROLES and organisation is None:
            self.add_error("organisation", _("Actor staff and managers need an organisation."))
        if role and role not in ACTOR_ROLES and organisation is not None:
            self.add_error("organisation", _("This role does not belong to an organisation."))
        return data


class UserCreateForm(_RoleOrganisationMixin, forms.ModelForm):  # type: ignore[type-arg]
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 12 characters; common passwords are refused."),
    )

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name", "title", "role", "organisation"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = Organisation.objects.filter(is_active=True)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create user")))

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


class UserUpdateForm(_RoleOrganisationMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "title", "role", "organisation", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = [
            "name",
            "org_number",
            "region",
            "contact_name",
            "contact_email",
            "contact_phone",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class VerifiedAddressResetPasswordForm(ResetPasswordForm):
    """allauth's reset form, sending only to an address the account has proven.

    allauth would also mail an address the user added but never verified; with a hijacked
    session an attacker could add their own and reset the password (issue 17 item 6). A
    reset goes to a verified address, or to the address the administrator entered on the
    account (``User.email``) when the user has not added it unverified themselves.
    """

    def clean_email(self) -> str:
        from allauth.account.models import EmailAddress

        email: str = super().clean_email()
        wanted = email.lower()

        def proven(user: Any) -> bool:
            rows = EmailAddress.objects.filter(user=user, email__iexact=wanted)
            if rows.filter(verified=True).exists():
                return True
            return (user.email or "").lower() == wanted and not rows.exists()

        found: list[Any] = getattr(self, "users", [])
        self.users = [user for user in found if proven(user)]
        return email

"""User and organisation administration (administrator only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nsp.accounts import services
from nsp.accounts.forms import OrganisationForm, UserCreateForm, UserUpdateForm
from nsp.accounts.models import Organisation, User
from nsp.permissions import (
    can_manage_organisations,
    can_manage_users,
    ensure_recent_auth,
    require,
)


@require(can_manage_users)
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.select_related("organisation").order_by("-is_active", "username")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@require(can_manage_users)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            title=data["title"],
            role=data["role"],
            organisation=data["organisation"],
            password=data["password"],
        )
        messages.success(request, _("User %(username)s was created.") % {"username": user.username})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@require(can_manage_users)
def user_update(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    # Read before validation: a ModelForm writes the cleaned values into the instance.
    access_before = (user.role, user.organisation_id)
    form = UserUpdateForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = data.get("organisation")
        if (data.get("role"), organisation.pk if organisation else None) != access_before:
            # Granting access is the most sensitive thing an administrator does.
            ensure_recent_auth(request)
        services.user_update(user=user, **form.cleaned_data)
        messages.success(request, _("The user was saved."))
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


@require(can_manage_organisations)
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.order_by("name")
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@require(can_manage_organisations)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.organisation_save(organisation=form.save(commit=False))
        messages.success(request, _("The organisation was saved."))
        return redirect("accounts:organisation_list")
    return render(request, "accounts/organisation_form.html", {"form": form})


@require(can_manage_organisations)
def organisation_update(request: HttpRequest, organisation_id: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_save(organisation=form.save(commit=False))
        messages.success(request, _("The organisation was saved."))
        return redirect("accounts:organisation_list")
    return render(
        request, "accounts/organisation_form.html", {"form": form, "subject": organisation}
    )

"""User and organisation administration (administrator only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nsp.accounts import services
from nsp.accounts.access_changes import (
    GUARDED,
    access_change_approve,
    access_change_reject,
    access_change_request,
    needs_second_person,
)
from nsp.accounts.forms import OrganisationForm, UserCreateForm, UserUpdateForm
from nsp.accounts.lockout import user_unlock as user_unlock_service
from nsp.accounts.models import AccessChange, AccessChangeStatus, Organisation, User
from nsp.accounts.permissions import (
    can_approve_access_changes,
    can_unlock_accounts,
    can_view_access_changes,
)
from nsp.permissions import (
    can_manage_organisations,
    can_manage_users,
    ensure_recent_auth,
    require,
)
from nsp.viewtools import acting_user


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
        four_eyes = needs_second_person(None, data)
        user = services.user_create(
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            title=data["title"],
            role=data["role"],
            organisation=data["organisation"],
            password=data["password"],
            is_active=not four_eyes,
        )
        if four_eyes:
            access_change_request(
                user=user, requested_by=acting_user(request), fields={"is_active": True}
            )
            messages.info(
                request,
                _(
                    "The user was created inactive; a second person with a programme role must approve the access."  # noqa: E501
                ),
            )
        else:
            messages.success(
                request, _("User %(username)s was created.") % {"username": user.username}
            )
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
        original = User.objects.get(pk=user.pk)
        if needs_second_person(original, data):
            # The guarded fields wait for the second person; the rest is saved now.
            access_change_request(user=original, requested_by=acting_user(request), fields=data)
            free = {k: v for k, v in data.items() if k not in GUARDED}
            services.user_update(user=original, **free)
            messages.info(
                request,
                _("The change of access awaits approval by a second person with a programme role."),
            )
        else:
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


@require(can_unlock_accounts)
@require_GET
def locked_users(request: HttpRequest) -> HttpResponse:
    """Accounts locked after too many failed logins (issue 17 item 12)."""
    users = User.objects.filter(login_locked_at__isnull=False).select_related("organisation")
    return render(
        request,
        "accounts/locked_users.html",
        {
            "users": users.order_by("-login_locked_at"),
            "threshold": settings.NSP_LOGIN_LOCKOUT_ACCOUNT_FAILURES,
        },
    )


@require(can_unlock_accounts)
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    user_unlock_service(user=user, reason=f"by user_id={request.user.pk}")
    messages.success(request, _("The account was unlocked."))
    return redirect("accounts:locked_users")


@require(can_view_access_changes)
@require_GET
def access_changes(request: HttpRequest) -> HttpResponse:
    """Changes of programme access: pending ones to approve, the last decided ones."""
    base = AccessChange.objects.select_related("user", "requested_by", "decided_by", "organisation")
    return render(
        request,
        "accounts/access_changes.html",
        {
            "pending": base.filter(status=AccessChangeStatus.PENDING),
            "decided": base.exclude(status=AccessChangeStatus.PENDING)[:50],
            "can_approve": can_approve_access_changes(request.user),
            "me": request.user.pk,
        },
    )


@require(can_approve_access_changes)
@require_POST
def access_change_decide(request: HttpRequest, change_id: Any) -> HttpResponse:
    change = get_object_or_404(AccessChange, pk=change_id)
    approver = acting_user(request)
    try:
        if request.POST.get("decision") == "approve":
            access_change_approve(change=change, approver=approver)
            messages.success(request, _("The change was approved and has taken effect."))
        else:
            access_change_reject(change=change, decider=approver)
            messages.success(request, _("The change was rejected."))
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("accounts:access_changes")

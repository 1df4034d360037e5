"""The one place that decides who may see and do what.

Every view, template tag and API endpoint asks this module. The default is "no":

* programme roles (coordinator, programme manager) see all case data;
* actor roles (staff, manager) see only rows of their own organisation — querysets are
  scoped *before* anything else touches them, and an outsider gets 404, never a hint
  that the object exists;
* the administrator manages users and catalogues and exports decision documents, but
  does not read case files.

Predicates named ``can_*`` return ``Decision`` (allowed, reason) so that the UI can say
why something is not possible, and tests can check the rule directly.

This module is also the registry of the one permission system: each app keeps its own
predicates in its ``permissions.py``; ``predicates()`` collects them through the app
registry (no import of an app here) for ``{% can %}``, the menu (``nsp.menu``) and the
admin site (``nsp.admin``). Views call them through ``require`` and ``nsp.viewtools.ensure``.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nsp.accounts.choices import ACTOR_ROLES, PROGRAMME_ROLES, Role
from nsp.accounts.models import Organisation, User

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: StrOrPromise = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: StrOrPromise) -> Decision:
    return Decision(False, reason)


# --- Role predicates ---------------------------------------------------------------


def _user(user: AnyUser) -> User | None:
    if not user.is_authenticated or not user.is_active:
        return None
    assert isinstance(user, User)
    return user


def has_role(user: AnyUser, *roles: str) -> bool:
    u = _user(user)
    return u is not None and u.role in roles


def is_programme(user: AnyUser) -> bool:
    """Coordinator or programme manager: reads everything in the programme."""
    return has_role(user, *PROGRAMME_ROLES)


def is_actor(user: AnyUser) -> bool:
    """Staff or manager of an actor organisation."""
    u = _user(user)
    return u is not None and u.role in ACTOR_ROLES and u.organisation_id is not None


def is_signed_in(user: AnyUser) -> Decision:
    """Any active, logged-in user (pages every role has, e.g. the dashboard)."""
    if _user(user) is not None:
        return ALLOW
    return deny(_("Log in first."))


def can_read_cases(user: AnyUser) -> Decision:
    """Case lists: the programme roles see all, actor users their own organisation's."""
    if is_programme(user) or is_actor(user):
        return ALLOW
    return deny(_("Only the programme and actor users work with cases."))


def can_manage_users(user: AnyUser) -> Decision:
    if has_role(user, Role.ADMINISTRATOR):
        return ALLOW
    return deny(_("Only the administrator manages users."))


def can_manage_organisations(user: AnyUser) -> Decision:
    """The register of organisations: the administrator and the coordinator."""
    if has_role(user, Role.ADMINISTRATOR, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the administrator and the coordinator manage organisations."))


def can_manage_catalogues(user: AnyUser) -> Decision:
    if has_role(user, Role.ADMINISTRATOR, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the administrator and the coordinator manage catalogues."))


def can_view_history(user: AnyUser) -> Decision:
    if is_programme(user):
        return ALLOW
    return deny(_("Only the coordinator can see the change history."))


def can_view_access_log(user: AnyUser) -> Decision:
    """Who opened which case: the coordinator and the programme manager."""
    if is_programme(user):
        return ALLOW
    return deny(_("Only the coordinator and the programme manager see the access log."))


def can_decide(user: AnyUser) -> Decision:
    """Coordinators decide; programme managers may too (DOMAIN.md, 'Who uses it')."""
    if is_programme(user):
        return ALLOW
    return deny(_("Only the coordinator or the programme manager decides applications."))


def can_export_decisions(user: AnyUser) -> Decision:
    if has_role(user, Role.ADMINISTRATOR, Role.COORDINATOR):
        return ALLOW
    return deny(_("Only the administrator and the coordinator export decision documents."))


def can_use_admin(user: AnyUser) -> Decision:
    """The Django admin (nsp.admin): whoever manages catalogues or users or reads the
    access log there; each of its pages then asks its own predicate."""
    if can_manage_catalogues(user) or can_manage_users(user) or can_view_access_log(user):
        return ALLOW
    return deny(
        _("Only the administrator, the coordinator and the programme manager use the admin.")
    )


def can_file_for(user: AnyUser, organisation: Organisation) -> Decision:
    """Actor users file inquiries and applications only for their own organisation."""
    u = _user(user)
    if u is None:
        return deny(_("Log in first."))
    if u.role in ACTOR_ROLES and u.organisation_id == organisation.pk:
        return ALLOW
    return deny(_("You can only file for your own organisation."))


def can_manage_folder(user: AnyUser, organisation: Organisation) -> Decision:
    """The organisation's certification folder: its actor manager, and the coordinator."""
    u = _user(user)
    if u is None:
        return deny(_("Log in first."))
    if u.role == Role.ACTOR_MANAGER and u.organisation_id == organisation.pk:
        return ALLOW
    if u.role == Role.COORDINATOR:
        return ALLOW
    return deny(_("Only the organisation's manager and the coordinator edit this folder."))


# --- Scoping -----------------------------------------------------------------------


def scope_to_user(
    user: AnyUser, queryset: QuerySet[M], org_path: str = "organisation"
) -> QuerySet[M]:
    """Rows of ``queryset`` that ``user`` may read; ``org_path`` leads to the Organisation.

    Programme roles see everything; actor roles see their own organisation's rows;
    everyone else (administrator, anonymous, inactive) sees nothing.
    """
    u = _user(user)
    if u is None:
        return queryset.none()
    if u.role in PROGRAMME_ROLES:
        return queryset
    if u.role in ACTOR_ROLES and u.organisation_id is not None:
        field = f"{org_path}_id" if org_path else "pk"
        return queryset.filter(**{field: u.organisation_id})
    return queryset.none()


def get_for_user_or_404(
    user: AnyUser, queryset: QuerySet[M], org_path: str = "organisation", **lookup: Any
) -> M:
    """Fetch one row the user may read, or 404 — outsiders cannot tell it exists."""
    try:
        return scope_to_user(user, queryset, org_path).get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError) as exc:
        # A malformed id (not a UUID) is simply "not found", like someone else's row.
        raise Http404 from exc


def organisation_for_user_or_404(user: AnyUser, organisation_id: Any) -> Organisation:
    """An organisation's private pages: programme roles, or the organisation's own users."""
    return get_for_user_or_404(user, Organisation.objects.all(), org_path="", pk=organisation_id)


# --- The registry ------------------------------------------------------------------

Predicate = Callable[..., Decision | bool]


@functools.cache
def predicates() -> dict[str, Predicate]:
    """Every ``can_*``/``is_*`` predicate: this module's, then each installed app's
    ``permissions`` module (found through the app registry, so nsp imports no app)."""
    found: dict[str, Predicate] = {}
    modules = [__name__]
    for config in apps.get_app_configs():
        name = f"{config.name}.permissions"
        if name != __name__ and importlib.util.find_spec(name) is not None:
            modules.append(name)
    for module_name in modules:
        module = importlib.import_module(module_name)
        for attr, value in vars(module).items():
            own = callable(value) and getattr(value, "__module__", None) == module_name
            if own and attr.startswith(("can_", "is_")):
                found[attr] = value
    return found


class Denied(PermissionDenied):
    """A predicate said no. Its message is the predicate's fixed, translated rule (never
    data), so the 403 page shows it; other PermissionDenied messages are not shown."""


def denial_message(predicate: Callable[..., Any], result: Any = None) -> StrOrPromise:
    """Why ``predicate`` refused: the Decision's reason, else the predicate's ``denial``
    attribute, else the first line of its docstring (what it checks)."""
    reason = getattr(result, "reason", "")
    if reason:
        return reason
    denial = getattr(predicate, "denial", "")
    if denial:
        return denial
    doc = (getattr(predicate, "__doc__", None) or "").strip()
    return doc.splitlines()[0] if doc else ""


# --- View decorators ---------------------------------------------------------------

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def require(predicate: Callable[[AnyUser], Decision | bool]) -> Callable[[ViewFunc], ViewFunc]:
    """Login required, then ``predicate(user)`` or 403 (for role-wide pages).

    The view keeps its predicate as ``view.predicate``, so the menu and the tests can
    check that a menu entry is shown exactly to those the view lets in."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            result = predicate(request.user)
            if not result:
                raise Denied(denial_message(predicate, result))
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        guarded.predicate = predicate  # type: ignore[attr-defined]
        return cast(ViewFunc, guarded)

    return decorator


require_programme = require(is_programme)
require_actor = require(is_actor)
require_case_reader = require(can_read_cases)


# --- Re-authentication (nsp/reauth.py) -----------------------------------------------
# Exports of case data (PDFs, zips, statistics) and role changes use this decorator.
from nsp.reauth import ensure_recent_auth as ensure_recent_auth  # noqa: E402
from nsp.reauth import require_recent_auth as require_recent_auth  # noqa: E402

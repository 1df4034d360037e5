"""Template helpers: Swedish money formatting and role checks from the permission module."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from nsp import permissions

register = template.Library()


@register.filter
def sek(value: Any) -> str:
    """45000 → "45 000 kr" in Swedish, "SEK 45,000" in English; öre only when present."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    formatted = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return _("SEK %(amount)s") % {"amount": formatted}


@register.simple_tag
def can(predicate: str, user: Any, *args: Any) -> bool:
    """``{% can "can_decide" request.user as allowed %}`` — asks the predicate of that name
    in any app's ``permissions`` module (``nsp.permissions.predicates()``)."""
    return bool(permissions.predicates()[predicate](user, *args))


@register.simple_tag
def nsp_idle_seconds() -> int:
    """The session idle limit, for the page's keep-alive script (static/js/nsp-session.js)."""
    from nsp.sessions import idle_seconds

    return idle_seconds()


@register.filter
def role_label(value: str) -> str:
    """A role's stored value ("actor_staff") as its translated label."""
    from nsp.accounts.choices import Role
    from nsp.models import choice_label

    return choice_label(Role, value) or "—"


@register.filter
def model_label(value: str) -> str:
    """A model label ("cases.case") as the model's translated name ("Ärende")."""
    from django.apps import apps

    try:
        return str(apps.get_model(value)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return value

"""Template helpers: Swedish money formatting and role checks from the permission module."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from nsp import permissions
from nsp.urls_fast import object_url

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


@register.filter
def day(value: Any) -> str:
    """A date as ``{{ value }}`` renders it (the language's DATE_FORMAT), remembered per
    date and language: lists and case pages show many dates, and Django formats each one
    anew (~40 µs). Empty for no date, like ``|default:""``."""
    if value is None or value == "":
        return ""
    if type(value) is not date:  # datetimes and text: as Django renders them
        return str(value)
    return _day(value, translation.get_language() or "")


@functools.lru_cache(maxsize=8192)
def _day(value: date, language: str) -> str:
    return date_format(value)


@register.simple_tag(name="object_url")
def object_url_tag(viewname: str, pk: Any) -> str:
    """``{% object_url 'cases:case_detail' case.pk %}``: ``{% url %}`` for a view taking
    one UUID, without resolving the pattern again for every row (``nsp.urls_fast``)."""
    return object_url(viewname, pk)


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

    try:
        return str(Role(value).label)
    except ValueError:
        return value or "—"


@register.filter
def model_label(value: str) -> str:
    """A model label ("cases.case") as the model's translated name ("Ärende")."""
    from django.apps import apps

    try:
        return str(apps.get_model(value)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return value

"""Funding's menu entries (label, URL name, roles); appended to nsp NAVIGATION.

Kept here so that the labels are translated in funding's own catalogue.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nsp.accounts.choices import Role

NAVIGATION: list[tuple[Any, str, frozenset[str]]] = [
    (
        _("Applications"),
        "funding:application_list",
        frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.ACTOR_STAFF, Role.ACTOR_MANAGER}),
    ),
    (_("Budget"), "funding:budget", frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER})),
    (
        _("Decision register"),
        "funding:decision_register",
        frozenset({Role.COORDINATOR, Role.PROGRAMME_MANAGER, Role.ADMINISTRATOR}),
    ),
]

"""Every URL of the project, with sample arguments and who may open it.

``tests/nsp/test_url_access.py`` walks all URL patterns and fails when one is missing
here, so a new view cannot ship without its access rule being stated and tested.

Sample objects belong to actor A (built on demand through ``World.obj``); the walk then
checks that actor B's staff, the administrator and anonymous visitors cannot reach them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nsp.accounts.models import Organisation, User

ANONYMOUS = "anonymous"
PERSONAS = (
    ANONYMOUS,
    "coordinator",
    "programme_manager",
    "administrator",
    "staff_a",
    "manager_a",
    "staff_b",
)
PROGRAMME = frozenset({"coordinator", "programme_manager"})
ACTOR_A = frozenset({"staff_a", "manager_a"})
ALL_USERS = frozenset(PERSONAS) - {ANONYMOUS}


@dataclass
class World:
    """The fixed people plus sample objects created lazily by the URL specs."""

    users: dict[str, User]
    org_a: Organisation
    org_b: Organisation
    _cache: dict[str, Any] = field(default_factory=dict)

    def obj(self, key: str, build: Callable[[World], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build(self)
        return self._cache[key]


@dataclass(frozen=True)
class UrlSpec:
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    public: bool = False  # anonymous visitors may open it too
    query: str = ""  # appended to the URL (e.g. "?from=2026-01-01")


def _org_a(w: World) -> dict[str, Any]:
    return {"organisation_id": w.org_a.pk}


def _user_a(w: World) -> dict[str, Any]:
    return {"user_id": w.users["staff_a"].pk}


def _history_org_a(w: World) -> dict[str, Any]:
    return {"app_label": "accounts", "model_name": "organisation", "pk": str(w.org_a.pk)}


# --- hardening -------------------------------------------------------------------


def _any_case_id(w: World) -> dict[str, Any]:
    # The case log lists access-log rows by case id; it needs no Case row to exist.
    return {"case_id": w.obj("hardening_case_id", lambda _w: uuid.uuid4())}


REGISTRY: dict[str, UrlSpec] = {
    "dashboard": UrlSpec(ALL_USERS),
    "healthz": UrlSpec(ALL_USERS, public=True),
    "accounts:user_list": UrlSpec(frozenset({"administrator"})),
    "accounts:user_create": UrlSpec(frozenset({"administrator"})),
    "accounts:user_update": UrlSpec(frozenset({"administrator"}), _user_a),
    "accounts:organisation_list": UrlSpec(frozenset({"administrator", "coordinator"})),
    "accounts:organisation_create": UrlSpec(frozenset({"administrator", "coordinator"})),
    "accounts:organisation_update": UrlSpec(frozenset({"administrator", "coordinator"}), _org_a),
    "audit:history": UrlSpec(PROGRAMME, _history_org_a),
    # --- hardening (nsp/audit access log) ---
    "access:log": UrlSpec(PROGRAMME),
    "access:case": UrlSpec(PROGRAMME, _any_case_id),
    "session_keepalive": UrlSpec(ALL_USERS),
}

"""Every URL of the project, with sample arguments and who may open it.

``tests/nsp/test_url_access.py`` walks all URL patterns and fails when one is missing
here, so a new view cannot ship without its access rule being stated and tested.

Sample objects belong to actor A (built on demand through ``World.obj``); the walk then
checks that actor B's staff, the administrator and anonymous visitors cannot reach them.
"""

from __future__ import annotations

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
}


# --- cases ---------------------------------------------------------------------------


def _case_a(w: World) -> Any:
    from tests.cases.factories import CaseFactory

    return w.obj("case_a", lambda w: CaseFactory(organisation=w.org_a, admitted=True))


def _applied_case_a(w: World) -> Any:
    from tests.cases.factories import CaseFactory

    return w.obj("applied_case_a", lambda w: CaseFactory(organisation=w.org_a))


def _document_a(w: World, submitted: bool) -> Any:
    from tests.cases.factories import CaseDocumentFactory

    key = f"document_a_{submitted}"
    return w.obj(
        key,
        lambda w: CaseDocumentFactory(
            case=_case_a(w), created_by=w.users["staff_a"], submitted=submitted
        ),
    )


def _case_kwargs(w: World) -> dict[str, Any]:
    return {"case_id": _case_a(w).pk}


def _child_kwargs(w: World) -> dict[str, Any]:
    from tests.cases.factories import ChildFactory

    return {"child_id": w.obj("child_a", lambda w: ChildFactory(case=_case_a(w))).pk}


def _plan_kwargs(w: World) -> dict[str, Any]:
    from tests.cases.factories import PlanItemFactory

    return {"item_id": w.obj("plan_a", lambda w: PlanItemFactory(case=_case_a(w))).pk}


def _inquiry_kwargs(w: World) -> dict[str, Any]:
    from tests.cases.factories import InquiryFactory

    inquiry = w.obj(
        "inquiry_a",
        lambda w: InquiryFactory(organisation=w.org_a, recorded_by=w.users["staff_a"]),
    )
    return {"inquiry_id": inquiry.pk}


CASE_READERS = PROGRAMME | ACTOR_A

REGISTRY.update(
    {
        "cases:case_list": UrlSpec(CASE_READERS | {"staff_b"}),
        "cases:inquiry_list": UrlSpec(CASE_READERS | {"staff_b"}),
        "cases:inquiry_create": UrlSpec(ACTOR_A | {"coordinator", "staff_b"}),
        "cases:application_create": UrlSpec(ACTOR_A | {"staff_b"}),
        "cases:inquiry_update": UrlSpec(ACTOR_A | {"coordinator"}, _inquiry_kwargs),
        "cases:case_detail": UrlSpec(CASE_READERS, _case_kwargs),
        "cases:case_decide": UrlSpec(PROGRAMME, lambda w: {"case_id": _applied_case_a(w).pk}),
        "cases:case_details_update": UrlSpec(ACTOR_A, _case_kwargs),
        "cases:assessment_compare": UrlSpec(CASE_READERS, _case_kwargs),
        "cases:document_create": UrlSpec(
            ACTOR_A, lambda w: {"case_id": _case_a(w).pk, "kind": "in_depth"}
        ),
        "cases:child_create": UrlSpec(ACTOR_A, _case_kwargs),
        "cases:plan_item_create": UrlSpec(ACTOR_A, _case_kwargs),
        "cases:implementation_plan": UrlSpec(ACTOR_A, _case_kwargs),
        "cases:document_detail": UrlSpec(
            CASE_READERS, lambda w: {"document_id": _document_a(w, True).pk}
        ),
        "cases:document_edit": UrlSpec(
            ACTOR_A, lambda w: {"document_id": _document_a(w, False).pk}
        ),
        "cases:document_correct": UrlSpec(
            ACTOR_A, lambda w: {"document_id": _document_a(w, True).pk}
        ),
        "cases:child_update": UrlSpec(ACTOR_A, _child_kwargs),
        "cases:plan_item_update": UrlSpec(ACTOR_A, _plan_kwargs),
    }
)

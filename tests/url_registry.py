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


# --- funding --------------------------------------------------------------------------


def _funding_application(w: World, status: str = "submitted") -> Any:
    from tests.funding.factories import (
        FundingCaseFactory,
        budget,
        certify,
        intervention_application,
        phase,
    )

    certify(w.org_a)
    phase()
    budget()
    case = FundingCaseFactory(organisation=w.org_a, admitted=True)
    application = intervention_application(
        case, w.users["staff_a"], key="therapy", quantity=5, unit_cost="800"
    )
    if status != "submitted":
        type(application).objects.filter(pk=application.pk).update(status=status)
    return application


def _funding_decision(w: World) -> Any:
    from tests.funding.factories import grant

    return grant(w.obj("funding_application", _funding_application), w.users["coordinator"])


def _funding_rest_decision(w: World) -> Any:
    from tests.funding.factories import FundingCaseFactory, grant, rest_application

    w.obj("funding_application", _funding_application)  # phase, budget, certification
    case = FundingCaseFactory(organisation=w.org_a, admitted=True)
    return grant(rest_application(case, w.users["staff_a"]), w.users["coordinator"])


def _funding_invoice(w: World) -> Any:
    from decimal import Decimal

    from funding.services import invoice_submit
    from tests.funding.factories import pdf_upload

    return invoice_submit(
        decision=w.obj("funding_decision", _funding_decision),
        by=w.users["staff_a"],
        real_cost=Decimal("4000"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )


def _funding_app_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_application", _funding_application).pk}


def _funding_more_info_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_more_info", lambda w: _funding_application(w, "more_info")).pk}


def _funding_decision_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_decision", _funding_decision).pk}


def _funding_rest_decision_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_rest_decision", _funding_rest_decision).pk}


def _funding_invoice_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_invoice", _funding_invoice).pk}


def _funding_invoice_file(w: World) -> dict[str, Any]:
    return {**_funding_invoice_pk(w), "which": "faktura"}


def _funding_budget(w: World) -> dict[str, Any]:
    from tests.funding.factories import budget

    budget()
    return {}


_FUNDING_FILERS = ACTOR_A | {"staff_b"}
_FUNDING_READERS = PROGRAMME | ACTOR_A
FUNDING_REGISTRY: dict[str, UrlSpec] = {
    "funding:application_list": UrlSpec(PROGRAMME | _FUNDING_FILERS),
    "funding:application_create": UrlSpec(_FUNDING_FILERS, lambda w: {"kind": "vila"}),
    "funding:application_detail": UrlSpec(_FUNDING_READERS, _funding_app_pk),
    "funding:application_document": UrlSpec(_FUNDING_READERS, _funding_app_pk),
    "funding:application_inform": UrlSpec(ACTOR_A, _funding_more_info_pk),
    "funding:application_decide": UrlSpec(PROGRAMME, _funding_app_pk),
    "funding:decision_register": UrlSpec(PROGRAMME | {"administrator"}),
    "funding:decision_export": UrlSpec(frozenset({"administrator", "coordinator"})),
    "funding:decision_detail": UrlSpec(_FUNDING_READERS, _funding_decision_pk),
    "funding:decision_pdf": UrlSpec(_FUNDING_READERS, _funding_decision_pk),
    "funding:decision_reconsider": UrlSpec(ACTOR_A, _funding_decision_pk),
    "funding:decision_takeover": UrlSpec(PROGRAMME, _funding_rest_decision_pk),
    "funding:invoice_create": UrlSpec(ACTOR_A, _funding_decision_pk),
    "funding:invoice_attest": UrlSpec(frozenset({"coordinator"}), _funding_invoice_pk),
    "funding:invoice_file": UrlSpec(_FUNDING_READERS, _funding_invoice_file),
    "funding:budget": UrlSpec(PROGRAMME),
    "funding:transfer_create": UrlSpec(frozenset({"coordinator"}), _funding_budget),
}
REGISTRY.update(FUNDING_REGISTRY)

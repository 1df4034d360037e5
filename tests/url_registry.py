"""Every URL of the project, with sample arguments and who may open it.

``tests/nsp/test_url_access.py`` walks all URL patterns and fails when one is missing
here, so a new view cannot ship without its access rule being stated and tested.

Sample objects belong to actor A (built on demand through ``World.obj``); the walk then
checks that actor B's staff, the **outsider** (the manager of a third organisation, actor
C), the administrator and anonymous visitors cannot reach them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from nsp.accounts.models import Organisation, User

ANONYMOUS = "anonymous"
# The manager (actor_manager role) of a third organisation, actor C, which has no objects
# related to actor A's: it may open what actor B's staff may, plus the manager pages of its
# own organisation (``UrlSpec.allows``), and must be refused everything of actor A.
OUTSIDER = "outsider"
PERSONAS = (
    ANONYMOUS,
    "coordinator",
    "programme_manager",
    "administrator",
    "staff_a",
    "manager_a",
    "staff_b",
    OUTSIDER,
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
    api: bool = False  # JSON API: anonymous gets 401/403 instead of a login redirect
    # POST-only views are walked with a POST (``data``); allowed personas get 200 or a
    # redirect (302), everyone else 403/404.
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] = lambda w: {}
    # Returns personal data (a case, a person's application, decision, invoice, inquiry…):
    # every GET writes an access-log row (tests/nsp/test_access_logged.py checks it).
    personal: bool = False
    # A manager's page of the user's own organisation that takes no object of actor A
    # (its register, its survey answers): actor B's manager opens B's own
    # (tests/nsp/test_access_content.py checks it shows nothing of actor A).
    own_organisation: bool = False

    def allows(self, persona: str) -> bool:
        """``persona`` may open the URL. The outsider is not named in ``allowed``: it may
        open what actor B's staff may (nothing of actor A's) and its own manager pages."""
        if persona == OUTSIDER and ("staff_b" in self.allowed or self.own_organisation):
            return True
        return persona in self.allowed


def _org_a(w: World) -> dict[str, Any]:
    return {"organisation_id": w.org_a.pk}


def _user_a(w: World) -> dict[str, Any]:
    return {"user_id": w.users["staff_a"].pk}


def _access_change(w: World) -> dict[str, Any]:
    from nsp.accounts.access_changes import access_change_request
    from nsp.accounts.models import AccessChange

    def build(w: World) -> AccessChange:
        return access_change_request(
            user=w.users["staff_a"],
            requested_by=w.users["administrator"],
            fields={"email": "ny-a@example.org"},
        )

    return {"change_id": w.obj("access_change", build).pk}


def _history_org_a(w: World) -> dict[str, Any]:
    return {"app_label": "accounts", "model_name": "organisation", "pk": str(w.org_a.pk)}


def _token_a(w: World) -> dict[str, Any]:
    from nsp.api.services import api_token_create

    token, _raw = api_token_create(user=w.users["staff_a"], name="Test")
    return {"id": token.pk}


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
    "accounts:access_changes": UrlSpec(
        frozenset({"administrator", "coordinator", "programme_manager"})
    ),
    "accounts:access_change_decide": UrlSpec(
        PROGRAMME, _access_change, method="POST", data=lambda w: {"decision": "reject"}
    ),
    "accounts:locked_users": UrlSpec(frozenset({"administrator", "coordinator"})),
    "accounts:user_unlock": UrlSpec(
        frozenset({"administrator", "coordinator"}), _user_a, method="POST"
    ),
    "accounts:organisation_list": UrlSpec(frozenset({"administrator", "coordinator"})),
    "accounts:organisation_create": UrlSpec(frozenset({"administrator", "coordinator"})),
    "accounts:organisation_update": UrlSpec(frozenset({"administrator", "coordinator"}), _org_a),
    "audit:history": UrlSpec(PROGRAMME, _history_org_a),
    # --- API (nsp/api) ---
    "api:api-root": UrlSpec(ALL_USERS, api=True),
    "api:organisation-list": UrlSpec(ALL_USERS, public=True, api=True),
    "api:organisation-detail": UrlSpec(
        ALL_USERS, lambda w: {"pk": w.org_a.pk}, public=True, api=True
    ),
    "api:me": UrlSpec(ALL_USERS, api=True),
    "api:schema": UrlSpec(ALL_USERS, api=True),
    "api:docs": UrlSpec(ALL_USERS, api=True),
    "api_tokens:list": UrlSpec(ALL_USERS),
    "api_tokens:revoke": UrlSpec(
        frozenset({"staff_a"}),
        lambda w: {"token_id": w.obj("token", _token_a)["id"]},
        method="POST",
    ),
    # --- hardening (nsp/audit access log) ---
    "access:log": UrlSpec(PROGRAMME),
    "access:case": UrlSpec(PROGRAMME, _any_case_id),
    "session_keepalive": UrlSpec(ALL_USERS),
}


# --- jobs (nsp/jobs): a job is visible to its requester only --------------------------


def _job_of_staff_a(w: World) -> Any:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from nsp.jobs.choices import JobStatus
    from nsp.jobs.models import BackgroundJob

    return BackgroundJob.objects.create(
        kind="zip",
        requested_by=w.users["staff_a"],
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        result_name="x.zip",
        result_path=default_storage.save("test-jobs/registry/x.zip", ContentFile(b"PK")),
    )


def _job(w: World) -> dict[str, Any]:
    return {"job_id": w.obj("job", _job_of_staff_a).pk}


REGISTRY.update(
    {
        "jobs:detail": UrlSpec(frozenset({"staff_a"}), _job),
        "jobs:status": UrlSpec(frozenset({"staff_a"}), _job),
        "jobs:download": UrlSpec(frozenset({"staff_a"}), _job),
    }
)


# --- certification --------------------------------------------------------------------


def _cert_profile_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    return {"profile_id": w.obj("cert_profile", lambda w: cf.submitted_profile(w.org_a)).pk}


def _cert_assessment_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    assessment = w.obj("cert_assessment", lambda w: cf.completed_assessment(w.org_a))
    return {"assessment_id": assessment.pk}


def _cert_open_assessment_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    return {"assessment_id": w.obj("cert_open", lambda w: cf.open_assessment(w.org_a)).pk}


def _cert_action_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    assessment = w.obj("cert_assessment", lambda w: cf.completed_assessment(w.org_a))
    return {"action_id": assessment.action_items.get().pk}


def _cert_followup_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    return {"followup_id": w.obj("cert_followup", lambda w: cf.followup(w.org_a)).pk}


def _cert_followup_catalogue_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    w.obj("cert_catalogues", lambda w: cf.catalogues())
    return _cert_followup_a(w)


def _cert_document_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    return {"document_id": w.obj("cert_document", lambda w: cf.document(w.org_a)).pk}


def _cert_catalogue_org_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    w.obj("cert_catalogues", lambda w: cf.catalogues())
    return _org_a(w)


def _cert_certified_org_a(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    w.obj("cert_certified", lambda w: cf.CertificationFactory(organisation=w.org_a, certified=True))
    return _org_a(w)


def _cert_event(w: World) -> dict[str, Any]:
    from certification import records

    def build(w: World) -> Any:
        return records.event_create(title="Grundutbildning", held_on=w.org_a.created_at.date())

    return {"event_id": w.obj("cert_event", build).pk}


def _cert_staff_a(w: World) -> dict[str, Any]:
    from certification import staff

    def build(w: World) -> Any:
        return staff.staff_member_save(
            organisation=w.org_a,
            by=w.users["manager_a"],
            name="Anna Andersson",
            role="Boendepersonal",
            started_on=w.org_a.created_at.date(),
        )

    return {"member_id": w.obj("cert_staff", build).pk}


_CERT_READERS = PROGRAMME | ACTOR_A
_COORDINATOR = frozenset({"coordinator"})

REGISTRY.update(
    {
        "certification:overview": UrlSpec(PROGRAMME),
        "certification:my_folder": UrlSpec(ACTOR_A | {"staff_b"}),
        "certification:folder": UrlSpec(_CERT_READERS, _org_a),
        "certification:status_change": UrlSpec(_COORDINATOR, _org_a),
        # Step 1: the manager, or the coordinator for the organisation (issue 18).
        "certification:profile_edit": UrlSpec(
            frozenset({"manager_a", "coordinator"}), _cert_catalogue_org_a
        ),
        "certification:profile_request": UrlSpec(_COORDINATOR, _org_a),
        "certification:assessment_open": UrlSpec(_COORDINATOR, _cert_catalogue_org_a),
        "certification:profile_detail": UrlSpec(_CERT_READERS, _cert_profile_a),
        "certification:profile_review": UrlSpec(_COORDINATOR, _cert_profile_a),
        "certification:assessment_detail": UrlSpec(_CERT_READERS, _cert_assessment_a),
        "certification:assessment_record": UrlSpec(_COORDINATOR, _cert_open_assessment_a),
        "certification:assessment_pdf": UrlSpec(_CERT_READERS, _cert_assessment_a),
        "certification:action_detail": UrlSpec(_CERT_READERS, _cert_action_a),
        "certification:followup_record": UrlSpec(_CERT_READERS, _cert_followup_a),
        "certification:followup_assessment": UrlSpec(
            _COORDINATOR, _cert_followup_catalogue_a, method="POST"
        ),
        "certification:event_list": UrlSpec(PROGRAMME),
        "certification:event_staff": UrlSpec(PROGRAMME, _cert_event),
        "certification:my_staff": UrlSpec(frozenset({"manager_a"}), own_organisation=True),
        "certification:staff_register": UrlSpec(PROGRAMME | {"manager_a"}, _org_a),
        "certification:staff_member_edit": UrlSpec(frozenset({"manager_a"}), _cert_staff_a),
        "certification:document_download": UrlSpec(_CERT_READERS, _cert_document_a),
        "certification:directory": UrlSpec(ALL_USERS, public=True),
        "certification:directory_detail": UrlSpec(ALL_USERS, _cert_certified_org_a, public=True),
    }
)


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


def _funding_paid_step_invoice(w: World, sent: bool) -> Any:
    """An attested invoice (``sent``: also sent for payment) on a decision of its own."""
    from decimal import Decimal

    from django.utils import timezone

    from funding.services import invoice_attest, invoice_submit
    from funding.services.payments import invoice_send_for_payment
    from tests.funding.factories import (
        FundingCaseFactory,
        grant,
        intervention_application,
        pdf_upload,
    )

    w.obj("funding_application", _funding_application)  # phase, budget, certification
    case = FundingCaseFactory(organisation=w.org_a, admitted=True)
    application = intervention_application(
        case, w.users["staff_a"], key="therapy", quantity=2, unit_cost="800"
    )
    decision = grant(application, w.users["coordinator"])
    invoice = invoice_submit(
        decision=decision,
        by=w.users["staff_a"],
        real_cost=Decimal("1600"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )
    invoice = invoice_attest(invoice=invoice, by=w.users["coordinator"])
    if sent:
        invoice = invoice_send_for_payment(
            invoice=invoice, by=w.users["coordinator"], sent_on=timezone.localdate()
        )
    return invoice


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _funding_attested_invoice_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_attested", lambda w: _funding_paid_step_invoice(w, False)).pk}


def _funding_sent_invoice_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_sent", lambda w: _funding_paid_step_invoice(w, True)).pk}


def _funding_app_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_application", _funding_application).pk}


def _funding_more_info_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_more_info", lambda w: _funding_application(w, "more_info")).pk}


def _funding_withdrawable_pk(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_withdrawable", _funding_application).pk}


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


def _funding_phase_pk(w: World) -> dict[str, Any]:
    from funding.models import ProgrammePhase

    phase = w.obj(
        "funding_new_phase",
        lambda w: ProgrammePhase.objects.create(name="Ny fas", starts_on="2099-01-01"),
    )
    return {"pk": phase.pk}


def _funding_period_pk(w: World) -> dict[str, Any]:
    """A period of its own, far ahead (closing it must not close the sample budget)."""
    from funding.models import BudgetPeriod

    period = w.obj(
        "funding_far_period",
        lambda w: BudgetPeriod.objects.create(
            name="Långt fram", starts_on="2090-01-01", ends_on="2090-12-31"
        ),
    )
    return {"pk": period.pk}


_PROGRAMME_MANAGER = frozenset({"programme_manager"})
_FUNDING_FILERS = ACTOR_A | {"staff_b"}
_FUNDING_READERS = PROGRAMME | ACTOR_A
FUNDING_REGISTRY: dict[str, UrlSpec] = {
    "funding:application_list": UrlSpec(PROGRAMME | _FUNDING_FILERS),
    "funding:application_create": UrlSpec(_FUNDING_FILERS, lambda w: {"kind": "vila"}),
    "funding:application_estimate": UrlSpec(_FUNDING_FILERS, lambda w: {"kind": "vila"}),
    "funding:application_detail": UrlSpec(_FUNDING_READERS, _funding_app_pk),
    "funding:application_document": UrlSpec(_FUNDING_READERS, _funding_app_pk),
    "funding:application_inform": UrlSpec(ACTOR_A, _funding_more_info_pk),
    "funding:application_decide": UrlSpec(PROGRAMME, _funding_app_pk),
    "funding:application_withdraw": UrlSpec(ACTOR_A, _funding_withdrawable_pk),
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
    "funding:phase_list": UrlSpec(PROGRAMME),
    "funding:phase_create": UrlSpec(_PROGRAMME_MANAGER),
    "funding:phase_activate": UrlSpec(_PROGRAMME_MANAGER, _funding_phase_pk),
    "funding:period_list": UrlSpec(PROGRAMME, _funding_budget),
    "funding:period_create": UrlSpec(_PROGRAMME_MANAGER),
    "funding:period_update": UrlSpec(_PROGRAMME_MANAGER, _funding_period_pk),
    "funding:period_close": UrlSpec(
        _PROGRAMME_MANAGER, _funding_period_pk, method="POST", data=lambda w: {}
    ),
    "funding:catalogue_upload": UrlSpec(_PROGRAMME_MANAGER),
    "funding:catalogue_confirm": UrlSpec(_PROGRAMME_MANAGER, method="POST"),
    "funding:invoice_detail": UrlSpec(_FUNDING_READERS, _funding_invoice_pk),
    "funding:invoice_send": UrlSpec(
        frozenset({"coordinator"}), _funding_invoice_pk, method="POST", data=lambda w: {}
    ),
    "funding:invoice_paid": UrlSpec(
        frozenset({"coordinator"}), _funding_invoice_pk, method="POST", data=lambda w: {}
    ),
    "funding:payment_export": UrlSpec(frozenset({"coordinator"})),
    "funding:paper_decision": UrlSpec(frozenset({"coordinator"})),
    "funding:decision_document": UrlSpec(PROGRAMME | {"administrator"}, _funding_decision_pk),
    "funding:decision_document_pdf": UrlSpec(PROGRAMME | {"administrator"}, _funding_decision_pk),
    "funding:paper_payment": UrlSpec(frozenset({"coordinator"}), _funding_decision_pk),
    "funding:register_import": UrlSpec(frozenset({"coordinator"})),
    "funding:register_template": UrlSpec(frozenset({"coordinator"})),
}
REGISTRY.update(FUNDING_REGISTRY)
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


def _period_report_a(w: World) -> Any:
    from cases.choices import DocumentKind
    from tests.cases.factories import CaseDocumentFactory

    return w.obj(
        "period_report_a",
        lambda w: CaseDocumentFactory(
            case=_case_a(w),
            kind=DocumentKind.PERIOD_REPORT,
            created_by=w.users["staff_a"],
            submitted=True,
        ),
    )


def _exit_draft_a(w: World) -> dict[str, Any]:
    from tests.cases.factories import CaseDocumentFactory

    draft = w.obj(
        "exit_draft_a",
        lambda w: CaseDocumentFactory(
            case=_case_a(w), kind="exit_report", created_by=w.users["staff_a"]
        ),
    )
    return {"document_id": draft.pk}


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
        "cases:case_timeline": UrlSpec(CASE_READERS, _case_kwargs),
        "cases:same_person": UrlSpec(PROGRAMME, _case_kwargs),
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
        "cases:exit_confirm": UrlSpec(ACTOR_A, _exit_draft_a),
        "cases:document_correct": UrlSpec(
            ACTOR_A, lambda w: {"document_id": _document_a(w, True).pk}
        ),
        "cases:document_receive": UrlSpec(
            PROGRAMME, lambda w: {"document_id": _period_report_a(w).pk}, method="POST"
        ),
        "cases:child_update": UrlSpec(ACTOR_A, _child_kwargs),
        "cases:plan_item_update": UrlSpec(ACTOR_A, _plan_kwargs),
    }
)


# --- reports --------------------------------------------------------------------------


def _reports_notification_of_staff_a(w: World) -> dict[str, Any]:
    from reports.models import Notification

    notification = w.obj(
        "reports_notification",
        lambda w: Notification.objects.create(
            user=w.users["staff_a"], kind="report_due", key="registry", text="Test"
        ),
    )
    return {"notification_id": notification.pk}


def _reports_actor_a(w: World) -> dict[str, Any]:
    return {"organisation_id": w.org_a.pk, "year": 2026}


_REPORTS_RANGE = "?start=2026-01-01&end=2026-12-31"
REGISTRY.update(
    {
        "reports:statistics": UrlSpec(PROGRAMME, query=_REPORTS_RANGE),
        "reports:statistics_export": UrlSpec(
            PROGRAMME, lambda w: {"fmt": "csv"}, query=_REPORTS_RANGE
        ),
        "reports:statistics_notes": UrlSpec(frozenset({"coordinator"}), query=_REPORTS_RANGE),
        "reports:programme_report": UrlSpec(PROGRAMME, query=_REPORTS_RANGE),
        "reports:programme_report_pdf": UrlSpec(PROGRAMME, query=_REPORTS_RANGE),
        "reports:actor_report": UrlSpec(PROGRAMME | ACTOR_A, _reports_actor_a),
        "reports:actor_report_pdf": UrlSpec(PROGRAMME | ACTOR_A, _reports_actor_a),
        "reports:notifications": UrlSpec(ALL_USERS),
        "reports:notification_read": UrlSpec(
            frozenset({"staff_a"}), _reports_notification_of_staff_a, method="POST"
        ),
        "reports:notifications_read_all": UrlSpec(ALL_USERS, method="POST"),
        "reports:notifications_count": UrlSpec(ALL_USERS),
        "reports:notification_settings": UrlSpec(ALL_USERS, method="POST"),
        "api:statistics": UrlSpec(PROGRAMME, api=True, query=_REPORTS_RANGE),
    }
)


# --- privacy (register extracts and erasure: the coordinator only) --------------------


def _privacy_case(w: World) -> Any:
    from tests.funding.factories import FundingCaseFactory

    return FundingCaseFactory(organisation=w.org_a, admitted=True)


def _privacy_case_id(w: World) -> dict[str, Any]:
    return {"case_id": w.obj("privacy_case", _privacy_case).pk}


def _privacy_extract(w: World) -> dict[str, Any]:
    from privacy.services import extract_request_record

    extract = w.obj(
        "privacy_extract",
        lambda w: extract_request_record(
            case=w.obj("privacy_case", _privacy_case), reason="Begäran", by=w.users["coordinator"]
        ),
    )
    return {"extract_id": extract.pk, "fmt": "json"}


REGISTRY.update(
    {
        "privacy:overview": UrlSpec(_COORDINATOR),
        "privacy:case_requests": UrlSpec(_COORDINATOR, _privacy_case_id),
        "privacy:case_erase": UrlSpec(_COORDINATOR, _privacy_case_id),
        "privacy:extract_download": UrlSpec(_COORDINATOR, _privacy_extract),
    }
)

# Valid form data for the fuzz test (tests/privacy/test_fuzz_forms.py): the fuzzer mixes
# hostile values into these fields as well as the ones it finds in the page's form.
POST_DATA: dict[str, Callable[[World], dict[str, Any]]] = {
    "privacy:case_requests": lambda w: {"reason": "Begäran per brev"},
    "privacy:case_erase": lambda w: {"reason": "Begäran", "decided_by": "K. Samordnare"},
}


# --- api (nsp/api): JSON resources; list views answer every user with a scoped list ------


def _api_case(w: World) -> dict[str, Any]:
    return {"pk": w.obj("funding_application", _funding_application).case_id}


def _api_certification(w: World) -> dict[str, Any]:
    from certification.models import Certification

    w.obj("funding_application", _funding_application)  # certifies actor A
    return {"pk": Certification.objects.get(organisation=w.org_a).pk}


def _api_requirement_catalogue(w: World) -> dict[str, Any]:
    from tests.certification import factories as cf

    return {"pk": w.obj("cert_minimum", lambda w: cf.minimum_requirements()).pk}


def _api_intervention_catalogue(w: World) -> dict[str, Any]:
    from tests.funding.factories import item

    return {"pk": item("therapy").catalogue_id}


def _api_inquiry(w: World) -> dict[str, Any]:
    from datetime import date

    from cases.services import inquiry_record

    def build(w: World) -> Any:
        return inquiry_record(
            organisation=w.org_a,
            by=w.users["staff_a"],
            received_on=date(2026, 3, 1),
            from_whom="Polisen",
            description="Fråga.",
        )

    return {"pk": w.obj("api_inquiry", build).pk}


def _api_budget_stream(w: World) -> dict[str, Any]:
    from tests.funding.factories import stream

    return {"pk": stream("interventions").pk}


def _api_filing(w: World) -> dict[str, Any]:
    """A fresh admitted case of actor A for every persona (each files once)."""
    from tests.funding.factories import PUBLIC, FundingCaseFactory

    w.obj("funding_application", _funding_application)  # phase, budget, certification
    case = FundingCaseFactory(organisation=w.org_a, admitted=True)
    return {"case": str(case.pk), **PUBLIC}


def _api_rest_data(w: World) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    return {**_api_filing(w), "period_start": today, "period_end": today + timedelta(days=29)}


def _api_integration_data(w: World) -> dict[str, Any]:
    from django.utils import timezone

    from cases.models import Case
    from tests.funding.factories import in_depth_assessment

    data = _api_filing(w)
    in_depth_assessment(Case.objects.get(pk=data["case"]), w.users["staff_a"])
    return {
        **data,
        "period_start": timezone.localdate(),
        "days_applied": 90,
        "residence_status": "put",
    }


def _api_intervention_data(w: World) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from tests.funding.factories import item, pdf_upload

    return {
        **_api_filing(w),
        "item": str(item("therapy").pk),
        "quantity": 1,
        "unit_cost": "800",
        "needed_by": timezone.localdate() + timedelta(days=5),
        "cost_document": pdf_upload(),
    }


def _api_applied_case(w: World) -> dict[str, Any]:
    from tests.funding.factories import FundingCaseFactory, phase

    phase()  # an admission decision is recorded in the active phase
    _cert_certified_org_a(w)  # a decision re-checks that the actor may file applications
    return {"pk": w.obj("api_applied", lambda w: FundingCaseFactory(organisation=w.org_a)).pk}


def _api_assessment_data(w: World) -> dict[str, Any]:
    import io

    from cases import questionnaire

    w.obj("questionnaires", lambda w: questionnaire.load(io.StringIO()))
    return {"kind": "in_depth", "answers.date": "2026-03-02"}


_API_READERS = PROGRAMME | ACTOR_A
API_REGISTRY: dict[str, UrlSpec] = {
    "api:certification-list": UrlSpec(ALL_USERS, api=True),
    "api:certification-detail": UrlSpec(_API_READERS, _api_certification, api=True),
    "api:requirement-catalogue-list": UrlSpec(ALL_USERS, api=True),
    "api:requirement-catalogue-detail": UrlSpec(ALL_USERS, _api_requirement_catalogue, api=True),
    "api:intervention-catalogue-list": UrlSpec(ALL_USERS, api=True),
    "api:intervention-catalogue-detail": UrlSpec(ALL_USERS, _api_intervention_catalogue, api=True),
    "api:case-list": UrlSpec(ALL_USERS, api=True),
    "api:case-detail": UrlSpec(_API_READERS, _api_case, api=True),
    "api:case-assessments": UrlSpec(
        ACTOR_A, _api_case, api=True, method="POST", data=_api_assessment_data
    ),
    # The programme manager may decide too; in the walk the coordinator has admitted first.
    "api:case-admission": UrlSpec(
        frozenset({"coordinator"}),
        _api_applied_case,
        api=True,
        method="POST",
        data=lambda w: {"admit": "true", "motivation": "Faller inom målgruppen."},
    ),
    "api:inquiry-list": UrlSpec(ALL_USERS, api=True),
    "api:inquiry-detail": UrlSpec(_API_READERS, _api_inquiry, api=True),
    "api:application-list": UrlSpec(ALL_USERS, api=True),
    "api:application-detail": UrlSpec(_API_READERS, _funding_app_pk, api=True),
    "api:application-rest": UrlSpec(ACTOR_A, api=True, method="POST", data=_api_rest_data),
    "api:application-integration": UrlSpec(
        ACTOR_A, api=True, method="POST", data=_api_integration_data
    ),
    "api:application-intervention": UrlSpec(
        ACTOR_A, api=True, method="POST", data=_api_intervention_data
    ),
    # The programme manager may decide too (tests/api/test_applications.py); in the walk
    # the coordinator has decided first, so the application is no longer waiting (403).
    "api:application-decide": UrlSpec(
        frozenset({"coordinator"}),
        _funding_app_pk,
        api=True,
        method="POST",
        data=lambda w: {"outcome": "denied", "motivation": "Behovet är inte styrkt."},
    ),
    # manager_a may answer too; in the walk staff_a has answered first (403 after).
    "api:application-information": UrlSpec(
        frozenset({"staff_a"}),
        _funding_more_info_pk,
        api=True,
        method="POST",
        data=lambda w: {"information": "Offerten bifogas."},
    ),
    # manager_a may withdraw too; in the walk staff_a has withdrawn first (403 after).
    "api:application-withdraw": UrlSpec(
        frozenset({"staff_a"}),
        _funding_withdrawable_pk,
        api=True,
        method="POST",
        data=lambda w: {"reason": "Personen har fått plats via socialtjänsten."},
    ),
    "api:purchase-request-list": UrlSpec(ALL_USERS, api=True),
    "api:purchase-request-detail": UrlSpec(_API_READERS, _funding_app_pk, api=True),
    "api:decision-list": UrlSpec(ALL_USERS, api=True),
    "api:decision-detail": UrlSpec(_API_READERS, _funding_decision_pk, api=True),
    "api:decision-pdf": UrlSpec(_API_READERS, _funding_decision_pk, api=True),
    # manager_a may request it too; in the walk staff_a's request is pending by then.
    "api:decision-reconsider": UrlSpec(
        frozenset({"staff_a"}),
        _funding_decision_pk,
        api=True,
        method="POST",
        data=lambda w: {"grounds": "Kostnaden blev högre.", "requested_change": "Hela beloppet."},
    ),
    "api:invoice-list": UrlSpec(ALL_USERS, api=True),
    "api:invoice-detail": UrlSpec(_API_READERS, _funding_invoice_pk, api=True),
    "api:invoice-attest": UrlSpec(
        frozenset({"coordinator"}), _funding_invoice_pk, api=True, method="POST"
    ),
    "api:invoice-send": UrlSpec(
        frozenset({"coordinator"}),
        _funding_attested_invoice_pk,
        api=True,
        method="POST",
        data=lambda w: {"sent_on": _today()},
    ),
    "api:invoice-paid": UrlSpec(
        frozenset({"coordinator"}),
        _funding_sent_invoice_pk,
        api=True,
        method="POST",
        data=lambda w: {"paid_on": _today(), "reference": "VER-1"},
    ),
    "api:budget-stream-list": UrlSpec(PROGRAMME, api=True),
    "api:budget-stream-detail": UrlSpec(PROGRAMME, _api_budget_stream, api=True),
    # As funding:payment_export (no paid invoice in the walk, so no access-log row to ask).
    "api:payment-export": UrlSpec(
        frozenset({"coordinator"}), api=True, query="?from=2026-01-01&to=2026-12-31"
    ),
}
REGISTRY.update(API_REGISTRY)


# --- Django's admin (nsp/admin.py): the site asks can_use_admin, each model its predicate --

ADMIN_USERS = frozenset({"administrator", "coordinator", "programme_manager"})


# The admin's sample rows are looked up afresh each time: a walk may delete them (the
# delete page deletes on any POST), and the next URL then gets a new one.


def _admin_catalogue(w: World) -> Any:
    from certification.models import Catalogue

    catalogue, _created = Catalogue.objects.get_or_create(
        code="ADMIN-WALK",
        edition="1",
        defaults={"title": "Katalog för genomgången", "kind": "minimum_requirements"},
    )
    return catalogue


def _admin_section(w: World) -> Any:
    from certification.models import CatalogueSection

    section, _created = CatalogueSection.objects.get_or_create(
        catalogue=_admin_catalogue(w), number="1", defaults={"title": "Avsnitt"}
    )
    return section


def _admin_access_log(w: World) -> Any:
    from nsp.audit.models import AccessAction, AccessLog

    staff = w.users["staff_a"]
    row, _created = AccessLog.objects.get_or_create(
        path="/arenden/admin-walk/",
        defaults={
            "user": staff,
            "role": staff.role,
            "organisation_id": staff.organisation_id,
            "action": AccessAction.VIEW,
            "object_type": "cases.case",
            "object_id": str(uuid.uuid4()),
        },
    )
    return row


def _admin_email(w: World) -> Any:
    from allauth.account.models import EmailAddress

    email, _created = EmailAddress.objects.get_or_create(
        user=w.users["staff_a"], email="walk-a@example.org", defaults={"verified": True}
    )
    return email


def _admin_authenticator(w: World) -> Any:
    from allauth.mfa.models import Authenticator

    from nsp.accounts.mfa_adapter import encrypt_secret

    authenticator, _created = Authenticator.objects.get_or_create(
        user=w.users["staff_a"],
        type=Authenticator.Type.RECOVERY_CODES,
        defaults={"data": {"seed": encrypt_secret("00"), "used_mask": 0}},
    )
    return authenticator


def _admin_model_urls(
    prefix: str, build: Callable[[World], Any], allowed: frozenset[str], **rights: bool
) -> dict[str, UrlSpec]:
    """The five URLs of one ModelAdmin; ``rights`` (add/change/delete=False) narrow it."""

    def obj(w: World) -> dict[str, Any]:
        return {"object_id": str(build(w).pk)}

    def right(name: str) -> frozenset[str]:
        return allowed if rights.get(name, True) else frozenset()

    return {
        f"admin:{prefix}_changelist": UrlSpec(allowed),
        f"admin:{prefix}_add": UrlSpec(right("add")),
        f"admin:{prefix}_history": UrlSpec(allowed, obj),
        # A model one may only view opens its change page read-only.
        f"admin:{prefix}_change": UrlSpec(allowed, obj),
        f"admin:{prefix}_delete": UrlSpec(right("delete"), obj),
    }


CATALOGUE_ADMINS = frozenset({"administrator", "coordinator"})
ADMIN_REGISTRY: dict[str, UrlSpec] = {
    "admin:index": UrlSpec(ADMIN_USERS),
    "admin:app_list": UrlSpec(CATALOGUE_ADMINS, lambda w: {"app_label": "certification"}),
    "admin:jsi18n": UrlSpec(ADMIN_USERS),
    # A redirect to allauth's page, which asks for a re-authentication (issue 17 item 6);
    # walked as a POST so that its 302 counts as "allowed".
    "admin:password_change": UrlSpec(ADMIN_USERS, method="POST"),
    "admin:password_change_done": UrlSpec(ADMIN_USERS),
    "admin:logout": UrlSpec(ADMIN_USERS, method="POST"),
    **_admin_model_urls("certification_catalogue", _admin_catalogue, CATALOGUE_ADMINS),
    **_admin_model_urls("certification_cataloguesection", _admin_section, CATALOGUE_ADMINS),
    **_admin_model_urls(
        "audit_accesslog",
        _admin_access_log,
        PROGRAMME,
        add=False,
        delete=False,
    ),
    **_admin_model_urls(
        "account_emailaddress",
        _admin_email,
        frozenset({"administrator"}),
        add=False,  # read-only: issue 17 item 3 (no reset to an address set here)
        delete=False,
    ),
    **_admin_model_urls(
        "mfa_authenticator",
        _admin_authenticator,
        frozenset({"administrator"}),
        add=False,  # shown, deleted (a lost device), never written (issue 17 item 2)
    ),
}
REGISTRY.update(ADMIN_REGISTRY)


# --- the case journal (journal/) ------------------------------------------------------


def _journal_entry_a(w: World) -> Any:
    from tests.journal.factories import JournalEntryFactory

    return w.obj(
        "journal_entry_a",
        lambda w: JournalEntryFactory(
            case=_case_a(w), author=w.users["staff_a"], with_attachment=True
        ),
    )


def _journal_entry_kwargs(w: World) -> dict[str, Any]:
    return {"entry_id": _journal_entry_a(w).pk}


REGISTRY.update(
    {
        "journal:case_journal": UrlSpec(CASE_READERS, _case_kwargs),
        "journal:entry_create": UrlSpec(ACTOR_A, _case_kwargs),
        "journal:entry_edit": UrlSpec(ACTOR_A, _journal_entry_kwargs),
        "journal:entry_correct": UrlSpec(ACTOR_A, _journal_entry_kwargs),
        "journal:comment_create": UrlSpec(
            PROGRAMME, _journal_entry_kwargs, method="POST", data=lambda w: {"text": "Noterat."}
        ),
        "journal:entry_attachment": UrlSpec(CASE_READERS, _journal_entry_kwargs),
    }
)


# --- personal data: these routes write an access-log row on every read ------------------
# (item 7 of issue 17). A new route showing a case, a person's application, decision,
# invoice or inquiry goes in this list; tests/nsp/test_access_logged.py also fails when
# an unlisted route shows the identifier of one of actor A's cases.
PERSONAL_DATA = (
    "dashboard",
    "funding:application_create",
    "audit:history",
    "cases:case_list",
    "cases:inquiry_list",
    "cases:inquiry_update",
    "cases:case_detail",
    "cases:case_timeline",
    "cases:case_decide",
    "cases:case_details_update",
    "cases:assessment_compare",
    "cases:document_create",
    "cases:child_create",
    "cases:plan_item_create",
    "cases:implementation_plan",
    "cases:document_detail",
    "cases:document_edit",
    "cases:exit_confirm",
    "cases:document_correct",
    "cases:child_update",
    "cases:plan_item_update",
    "funding:application_list",
    "funding:application_detail",
    "funding:application_document",
    "funding:application_inform",
    "funding:application_decide",
    "funding:decision_register",
    "funding:decision_detail",
    "funding:decision_pdf",
    "funding:decision_reconsider",
    "funding:invoice_create",
    "funding:invoice_attest",
    "funding:invoice_file",
    "privacy:overview",
    "privacy:case_requests",
    "privacy:case_erase",
    "privacy:extract_download",
    "api:case-list",
    "api:case-detail",
    "api:inquiry-list",
    "api:inquiry-detail",
    "api:application-list",
    "api:application-detail",
    "api:purchase-request-list",
    "api:purchase-request-detail",
    "api:decision-list",
    "api:decision-detail",
    "api:decision-pdf",
    "api:invoice-list",
    "api:invoice-detail",
    "jobs:download",
    "journal:case_journal",
    "journal:entry_create",
    "journal:entry_edit",
    "journal:entry_correct",
    "journal:entry_attachment",
    "cases:same_person",
    "reports:statistics_notes",  # the generated notes name the cases behind each row
    # The statistics and reports name the cases behind their figures (reports/access.py).
    "reports:statistics",
    "reports:statistics_export",
    "reports:programme_report",
    "reports:programme_report_pdf",
    "reports:actor_report",
    "reports:actor_report_pdf",
    "api:statistics",
)
for _name in PERSONAL_DATA:
    REGISTRY[_name] = replace(REGISTRY[_name], personal=True)


# --- the actors' evaluation survey (surveys/) -------------------------------------------


def _survey(w: World) -> dict[str, Any]:
    from surveys.services import survey_open

    return {
        "survey_id": w.obj("survey", lambda w: survey_open(year=2026, by=w.users["coordinator"])).pk
    }


def _survey_export(w: World) -> dict[str, Any]:
    return {**_survey(w), "fmt": "csv"}


REGISTRY.update(
    {
        "surveys:overview": UrlSpec(PROGRAMME),
        "surveys:detail": UrlSpec(PROGRAMME, _survey),
        "surveys:close": UrlSpec(frozenset({"coordinator"}), _survey, method="POST"),
        "surveys:export": UrlSpec(PROGRAMME, _survey_export),
        "surveys:mine": UrlSpec(frozenset({"manager_a"}), own_organisation=True),
        "surveys:answer": UrlSpec(frozenset({"manager_a"}), _survey, own_organisation=True),
    }
)

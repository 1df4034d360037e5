"""Every state transition of every model with a status, raced by two real connections
(issue 17, item 1).

``TRANSITIONS`` lists them; each entry builds an object in the state the transition needs
and two competing calls (the same transition twice, or two transitions out of the same
state). Both threads are held at the model's ``save()`` until the other arrives (at most
``MEET`` seconds): a service that re-reads its row with ``select_for_update()`` and
re-checks the state makes the second wait for the first and then refuse; a service that
checks a stale copy lets both through, and the test fails.

``test_every_status_writing_service_is_raced`` reads the services' source and fails when a
function that writes a ``status`` is neither raced here nor exempted with a reason, or
takes no row lock — so a new transition cannot be forgotten.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Model
from django.utils import timezone, translation

from nsp.accounts.models import User
from tests.factories import OrganisationFactory, UserFactory
from tests.races.payments import PAYMENT_RACES
from tests.races.surveys import SURVEY_RACES

ROOT = Path(__file__).resolve().parents[2]
MEET = 1.5  # seconds a thread waits at save() for the other one


@dataclass
class People:
    org: Any
    staff: User
    coordinator: User
    manager: User


@dataclass(frozen=True)
class Transition:
    name: str  # "<app>.<Model>: from → to"
    model: str  # the model whose save() the threads meet at
    services: tuple[str, ...]  # "module.function" of the services raced
    # Two competing calls; an optional third checks the end state instead of "exactly one
    # of the two succeeds" (for calls that may legitimately both succeed in one order).
    build: Callable[[People], tuple[Callable[[], Any], ...]]


# --- the objects and the competing calls -------------------------------------------------


def _case_admission(p: People, refuse: bool) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Two deciders on one admission, through the admission decision (case_admit and
    case_refuse_admission are only called by it; alone, case_admit also admits a refused
    case, as a granting reconsideration must)."""
    from funding.services import admission_decide
    from tests.cases.factories import CaseFactory
    from tests.funding.factories import certify, phase

    certify(p.org)
    phase()
    case = CaseFactory(organisation=p.org)

    def decide(by: User, outcome: str) -> Any:
        return admission_decide(case=case, by=by, outcome=outcome, motivation="Bedömt.")

    second = "denied" if refuse else "granted"
    return lambda: decide(p.coordinator, "granted"), lambda: decide(p.manager, second)


def _document_submit(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from cases.choices import DocumentKind
    from cases.services import document_submit
    from tests.cases.test_concurrency import _draft

    document = _draft(DocumentKind.INITIAL, p.staff)
    return (
        lambda: document_submit(document=document, by=p.staff),
        lambda: document_submit(document=document, by=p.staff),
    )


def _funding(p: People) -> Any:
    from tests.funding.factories import FundingCaseFactory, budget, certify, phase

    certify(p.org)
    phase()
    budget()
    return FundingCaseFactory(organisation=p.org, admitted=True)


def _decide(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from tests.funding.factories import grant, rest_application

    application = rest_application(_funding(p), p.staff)
    return lambda: grant(application, p.coordinator), lambda: grant(application, p.manager)


def _withdraw_or_decide(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from funding.services import application_withdraw
    from tests.funding.factories import grant, rest_application

    application = rest_application(_funding(p), p.staff)
    return (
        lambda: application_withdraw(application=application, by=p.staff, reason="Ej aktuellt."),
        lambda: grant(application, p.coordinator),
    )


def _more_info(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from funding.services import application_add_information
    from tests.funding.factories import rest_application

    application = rest_application(_funding(p), p.staff)
    type(application).objects.filter(pk=application.pk).update(status="more_info")
    return (
        lambda: application_add_information(application=application, by=p.staff, information="A"),
        lambda: application_add_information(application=application, by=p.staff, information="B"),
    )


def _granted_intervention(p: People) -> Any:
    from tests.funding.factories import grant, intervention_application

    application = intervention_application(
        _funding(p), p.staff, key="therapy", quantity=1, unit_cost="800"
    )
    return grant(application, p.coordinator)


def _invoice_submit(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from decimal import Decimal

    from funding.services import invoice_submit
    from tests.funding.factories import pdf_upload

    decision = _granted_intervention(p)

    def submit() -> Any:
        return invoice_submit(
            decision=decision,
            by=p.staff,
            real_cost=Decimal("800"),
            invoice_file=pdf_upload("faktura.pdf"),
            receipt_file=pdf_upload("kvitto.pdf"),
        )

    return submit, submit


def _invoice_attest(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from decimal import Decimal

    from funding.services import invoice_attest, invoice_submit
    from tests.funding.factories import pdf_upload

    invoice = invoice_submit(
        decision=_granted_intervention(p),
        by=p.staff,
        real_cost=Decimal("800"),
        invoice_file=pdf_upload("faktura.pdf"),
        receipt_file=pdf_upload("kvitto.pdf"),
    )
    return (
        lambda: invoice_attest(invoice=invoice, by=p.coordinator),
        lambda: invoice_attest(invoice=invoice, by=p.coordinator),
    )


def _profile_submit(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from certification import services
    from tests.certification.factories import catalogues, manager_of

    catalogues()
    profile = services.profile_start(organisation=p.org, by=manager_of(p.org))
    answers = {"2.3.1": {"offers": True, "assistance": ["internal"], "target_group": ["women"]}}

    def submit() -> Any:
        return services.profile_save(
            profile=profile, services=answers, housing={"places": 5}, submit=True
        )

    return submit, submit


def _profile_request(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """Two sends of the coordinator's request for step 1: one request, the other refused."""
    from certification.profile_requests import profile_request_send
    from tests.certification.factories import manager_of

    manager_of(p.org)

    def send() -> Any:
        return profile_request_send(organisation=p.org, by=p.coordinator, message="Hej")

    return send, send


def _profile_start(p: People) -> tuple[Callable[[], Any], ...]:
    """The manager and the coordinator open step 1 at once: one draft, both get it."""
    from certification import services
    from certification.models import ActivityProfile
    from tests.certification.factories import catalogues, manager_of

    catalogues()
    manager = manager_of(p.org)
    results: list[Any] = []

    def open_as(user: User) -> Callable[[], Any]:
        def start() -> Any:
            profile = services.profile_start(organisation=p.org, by=user)
            results.append(profile.pk)
            return profile

        return start

    def check() -> None:
        assert ActivityProfile.objects.filter(organisation=p.org).count() == 1
        assert len(set(results)) == 1, results

    return open_as(manager), open_as(p.coordinator), check


def _profile_review(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from certification.services import profile_review
    from tests.certification.factories import submitted_profile

    profile = submitted_profile(p.org)
    return (
        lambda: profile_review(profile=profile, by=p.coordinator, accept=True, comment=""),
        lambda: profile_review(profile=profile, by=p.coordinator, accept=False, comment="Nej."),
    )


def _assessment_complete(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from certification.services import assessment_complete, assessment_record
    from tests.certification.factories import open_assessment

    assessment = open_assessment(p.org)
    deadline = timezone.localdate()
    values = {
        str(a.pk): {"answer": "Svar", "outcome": "not_met", "agreed_deadline": deadline}
        for a in assessment.answers.all()
    }
    assessment_record(assessment=assessment, answers=values, summary="")
    return (
        lambda: assessment_complete(assessment=assessment, by=p.coordinator),
        lambda: assessment_complete(assessment=assessment, by=p.coordinator),
    )


def _action_verify(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from certification.services import action_update, action_verify
    from tests.certification.factories import completed_assessment

    action = completed_assessment(p.org).action_items.get()
    action = action_update(action=action, by=p.staff, note="Klart.", mark_done=True)
    return (
        lambda: action_verify(action=action, by=p.coordinator, close=True),
        lambda: action_verify(action=action, by=p.coordinator, close=False, note="Inte än."),
    )


def _action_done(p: People) -> tuple[Callable[[], Any], ...]:
    from certification.services import action_update, action_verify
    from tests.certification.factories import completed_assessment

    action = completed_assessment(p.org).action_items.get()
    action = action_update(action=action, by=p.staff, note="Klart.", mark_done=True)

    # The actor marks it done again while the coordinator closes it. Either order is
    # legitimate (done again, then closed; or closed, then refused), but the item must end
    # closed: a stale "done" written over the close would reopen it.
    def ends_closed() -> None:
        action.refresh_from_db()
        assert action.status == "closed", action.status

    return (
        lambda: action_verify(action=action, by=p.coordinator, close=True),
        lambda: action_update(action=action, by=p.staff, note="Igen.", mark_done=True),
        ends_closed,
    )


def _followup(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from certification.services import followup_record
    from tests.certification.factories import certify, followup, reassessed

    certify(p.org)
    item = followup(p.org)
    reassessed(item)

    def record() -> Any:
        return followup_record(
            followup=item,
            by=p.coordinator,
            year_review="Året.",
        )

    return record, record


def _certification(p: People) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from certification.choices import CertificationStatus
    from certification.services import certification_transition
    from tests.certification.factories import CertificationFactory

    CertificationFactory(organisation=p.org, certified=True)

    def suspend() -> Any:
        return certification_transition(
            organisation=p.org,
            to_status=CertificationStatus.SUSPENDED,
            by=p.coordinator,
            reason="Brister.",
        )

    return suspend, suspend


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "cases.Case: applied → admitted (twice)",
        "cases.Case",
        ("cases.services.case_admit", "funding.services.decisions.admission_decide"),
        lambda p: _case_admission(p, refuse=False),
    ),
    Transition(
        "cases.Case: applied → admitted | refused",
        "cases.Case",
        ("cases.services.case_refuse_admission", "funding.services.decisions.admission_decide"),
        lambda p: _case_admission(p, refuse=True),
    ),
    Transition(
        "cases.CaseDocument: draft → submitted (twice)",
        "cases.CaseDocument",
        ("cases.services.document_submit", "cases.services.application_save"),
        _document_submit,
    ),
    Transition(
        "funding.FundingApplication: submitted → decided (two deciders)",
        "funding.Decision",
        ("funding.services.decisions.decision_record",),
        _decide,
    ),
    Transition(
        "funding.FundingApplication: submitted → withdrawn | decided",
        "funding.FundingApplication",
        ("funding.services.applications.application_withdraw",),
        _withdraw_or_decide,
    ),
    Transition(
        "funding.FundingApplication: more_info → submitted (twice)",
        "funding.FundingApplication",
        ("funding.services.applications.application_add_information",),
        _more_info,
    ),
    Transition(
        "funding.Invoice: — → submitted (twice)",
        "funding.Invoice",
        ("funding.services.invoices.invoice_submit",),
        _invoice_submit,
    ),
    Transition(
        "funding.Invoice: submitted → attested (twice)",
        "funding.Invoice",
        ("funding.services.invoices.invoice_attest",),
        _invoice_attest,
    ),
    Transition(
        "certification.ActivityProfile: draft → submitted (twice)",
        "certification.ActivityProfile",
        ("certification.services.profile_save",),
        _profile_submit,
    ),
    Transition(
        "certification.ActivityProfile: — → draft (two first openings)",
        "certification.ActivityProfile",
        ("certification.services.profile_start",),
        _profile_start,
    ),
    Transition(
        "certification.ProfileRequest: — → open (twice)",
        "certification.ProfileRequest",
        ("certification.profile_requests.profile_request_send",),
        _profile_request,
    ),
    Transition(
        "certification.ActivityProfile: submitted → accepted | returned",
        "certification.ActivityProfile",
        ("certification.services.profile_review",),
        _profile_review,
    ),
    Transition(
        "certification.Assessment: open → completed (twice)",
        "certification.Assessment",
        ("certification.services.assessment_complete", "certification.services.assessment_record"),
        _assessment_complete,
    ),
    Transition(
        "certification.ActionItem: done → closed | open",
        "certification.ActionItem",
        ("certification.services.action_verify",),
        _action_verify,
    ),
    Transition(
        "certification.ActionItem: done → closed | done again",
        "certification.ActionItem",
        ("certification.services.action_update",),
        _action_done,
    ),
    Transition(
        "certification.FollowUp: scheduled → completed (twice)",
        "certification.FollowUp",
        ("certification.services.followup_record",),
        _followup,
    ),
    Transition(
        "certification.Certification: certified → suspended (twice)",
        "certification.Certification",
        ("certification.services.certification_transition",),
        _certification,
    ),
)

# The payment steps and the takeover (tests/races/payments.py).
TRANSITIONS += tuple(Transition(*race) for race in PAYMENT_RACES)
# The evaluation survey (tests/races/surveys.py).
TRANSITIONS += tuple(Transition(*race) for race in SURVEY_RACES)

# Status writers not raced above, each with the reason.
EXEMPT: dict[str, str] = {
    "certification.refresh.certification_refresh": "nightly command, one process; it "
    "changes the status through certification_transition (raced)",
    "nsp.jobs.services.job_running": "the worker that claimed the job (django-tasks locks "
    "the claim) is its only writer",
    "nsp.jobs.services.job_finish": "as job_running",
    "nsp.jobs.services.job_fail": "as job_running",
    "funding.services.applications.rest_application_submit": "creates a new row",
    "funding.services.applications.withdraw_locked": "its callers hold the row lock and "
    "re-check the status: application_withdraw (raced) and the exit report's close_funding",
}

# --- the race -----------------------------------------------------------------------------

_local = threading.local()


@contextmanager
def _meet_at_save(label: str) -> Iterator[None]:
    """Hold each racing thread at its first save() of ``label`` until the other arrives."""
    from django.apps import apps

    model: type[Model] = apps.get_model(label)
    barrier = threading.Barrier(2, timeout=MEET)
    original = model.save

    def save(self: Model, *args: Any, **kwargs: Any) -> None:
        if getattr(_local, "racing", False) and not getattr(_local, "met", False):
            _local.met = True
            # A broken barrier: the other one waits for our row lock, so go on alone.
            with suppress(threading.BrokenBarrierError):
                barrier.wait()
        original(self, *args, **kwargs)

    model.save = save  # type: ignore[method-assign]
    try:
        yield
    finally:
        model.save = original  # type: ignore[method-assign]


def _race(label: str, first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    start = threading.Barrier(2)
    results: list[Any] = [None, None]

    def run(index: int, job: Callable[[], Any]) -> None:
        _local.racing, _local.met = True, False
        try:
            with translation.override("en"):
                start.wait()
                results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    with _meet_at_save(label):
        threads = [threading.Thread(target=run, args=(i, j)) for i, j in enumerate((first, second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return results


@pytest.fixture
def people(transactional_db: None) -> People:
    org = OrganisationFactory(name="Aktör A")
    return People(
        org=org,
        staff=UserFactory(username="staff_a", organisation=org),
        coordinator=UserFactory(username="coordinator", coordinator=True),
        manager=UserFactory(username="programme_manager", programme_manager=True),
    )


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_a_transition_raced_by_two_connections_happens_once(
    transition: Transition, people: People, record_property: Any
) -> None:
    first, second, *check = transition.build(people)
    results = _race(transition.model, first, second)
    done = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(done) + len(refused) == 2, f"{transition.name}: {results}"
    if check:
        check[0]()
    else:
        assert len(done) == 1 and len(refused) == 1, f"{transition.name}: {results}"
    record_property("race_transitions", 1)


# --- nothing forgotten ------------------------------------------------------------------


def _service_modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(ROOT.glob("*/services.py")) + sorted(ROOT.glob("*/services/*.py")):
        yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path
    for path in sorted(ROOT.glob("nsp/*/services.py")):
        yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def _writes_status(node: ast.FunctionDef) -> bool:
    for child in ast.walk(node):
        if isinstance(child, ast.Assign):
            for target in child.targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    return True
        if (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr in ("update", "update_or_create")
            and any(k.arg == "status" for k in child.keywords)
        ):
            return True
    return False


def _locks(source: str) -> bool:
    return "select_for_update" in source or "_lock" in source


def test_every_status_writing_service_is_raced() -> None:
    raced = {name for t in TRANSITIONS for name in t.services}
    forgotten, unlocked = [], []
    for module, path in _service_modules():
        source = path.read_text()
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            if not _writes_status(node):
                continue
            name = f"{module}.{node.name}"
            if name not in raced and name not in EXEMPT:
                forgotten.append(name)
            segment = ast.get_source_segment(source, node) or ""
            if name in raced and not _locks(segment):
                unlocked.append(name)
    assert not forgotten, f"add a race for these status writers to TRANSITIONS: {forgotten}"
    assert not unlocked, f"these take no row lock before re-checking the state: {unlocked}"


def test_the_meeting_point_catches_a_service_without_a_lock(people: People) -> None:
    """The harness itself: a check-then-write without a lock lets both threads through."""
    from tests.cases.factories import CaseFactory

    case = CaseFactory(organisation=people.org)
    from cases.models import Case

    def unlocked_refuse() -> Any:
        stale = Case.objects.get(pk=case.pk)
        if stale.status != "applied":
            raise ValidationError("no longer applied")
        stale.status = "refused"
        stale.refused_on = date.today()
        stale.refusal_reason = "x"
        stale.save()
        return stale

    results = _race("cases.Case", unlocked_refuse, unlocked_refuse)
    assert not any(isinstance(r, Exception) for r in results), results

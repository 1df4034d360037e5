"""Proof (issue 15): random sequences of the programme's operations, run through the
services, never break the programme's money or decision rules.

A hypothesis ``RuleBasedStateMachine`` files admissions, 30-day rest, intervention and
integration applications, decides them (grant, partial grant, denial, more information),
answers requests for information, asks for reconsiderations, moves money between
streams, records takeovers by a public body and closes cases with an exit report — in
any order, with any of them refused by the services when the rules say no. After every
step it checks:

* no budget stream below zero, and each stream's remaining = allocation + transfers in −
  transfers out − draws (recomputed here from the records, not by the selector);
* no person over 30 rest days (seed 002: "dock max i 30 dygn", per person, as nights);
* no grant on a refused or closed case, nor after an integration period without
  "särskilda omständigheter";
* every decision is numbered and has its document (PDF and checksum);
* Table 1's counts equal the records.

Each example runs in a transaction rolled back at its end. The PDF renderer is replaced
by a stub (the document is still stored and checksummed): rendering is not the rule
under test, and it would cost most of the run. The number of steps run is printed.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)

from cases.choices import CaseStatus, DocumentKind
from cases.models import Case
from cases.services import admission_decide, document_write
from funding import services as funding_services
from funding.choices import (
    DECISION_STREAMS,
    GRANTING_OUTCOMES,
    ApplicationKind,
    ApplicationStatus,
)
from funding.models import BudgetStream, BudgetTransfer, Decision, FundingApplication
from funding.selectors import streams_with_totals
from nsp.accounts.models import User
from reports.statistics import DateRange, table1
from reports.statistics_table1 import TABLE1_KINDS
from tests.cases.factories import answers_for
from tests.funding.factories import budget, certify, item, pdf_upload, phase

# At least this many service steps in `make test` (NSP_STATE_MACHINE_STEPS to run more).
MIN_STEPS = int(os.environ.get("NSP_STATE_MACHINE_STEPS", "5000"))
STEPS_PER_EXAMPLE = 40
REST_MAX_NIGHTS = 30

STEPS = {"run": 0}

OUTCOMES = st.sampled_from(["granted", "partly_granted", "denied", "more_info"])


def fresh(case: Case) -> Case:
    """The case as a view would read it for the request (never a stale status)."""
    return Case.objects.get(pk=case.pk)


class Programme(RuleBasedStateMachine):
    """One programme: one actor, its staff, the coordinator, one budget period."""

    staff: User
    coordinator: User

    applied = Bundle("applied")
    admitted = Bundle("admitted")

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.today = timezone.localdate()
        phase()
        budget(rest="150000", integration="200000", interventions="20000")
        self.streams = {s.stream: s for s in BudgetStream.objects.all()}
        # Cases refused admission (until a reconsideration grants it) and closed cases.
        self.refused: set[Any] = set()
        self.closed: set[Any] = set()
        self.violations: list[str] = []

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _try(self, action: Any) -> Any:
        STEPS["run"] += 1
        try:
            with transaction.atomic():
                return action()
        except ValidationError:
            return None

    # --- Admissions -----------------------------------------------------------------

    @rule(target=applied, housed=st.booleans())
    def admission_application(self, housed: bool) -> Any:
        answers = answers_for(
            "initial", already_in_programme="yes" if housed else "no", surname_initial="K"
        )
        doc = self._try(
            lambda: document_write(
                case=None,
                organisation=self.staff.organisation,
                kind=DocumentKind.INITIAL,
                by=self.staff,
                answers=answers,
                submit=True,
            )
        )
        return doc.case if doc is not None else multiple()

    @rule(target=admitted, case=applied)
    def admit(self, case: Case) -> Any:
        decision = self._try(
            lambda: admission_decide(
                case=fresh(case),
                by=self.coordinator,
                outcome="granted",
                motivation="Tillhör målgruppen.",
            )
        )
        return fresh(case) if decision is not None else multiple()

    @rule(case=applied)
    def refuse(self, case: Case) -> None:
        if self._try(
            lambda: admission_decide(
                case=fresh(case),
                by=self.coordinator,
                outcome="denied",
                motivation="Utanför målgruppen.",
            )
        ):
            self.refused.add(case.pk)

    @rule(case=admitted, offset=st.integers(-10, 20), confirm=st.booleans())
    def exit_report(self, case: Case, offset: int, confirm: bool) -> None:
        """Closing a case (issue 15): with funding open the exit needs the actor's
        confirmation; it then ends the periods on the exit date and withdraws what waits."""
        answers = answers_for("exit_report", date=(self.today + timedelta(days=offset)).isoformat())
        doc = self._try(
            lambda: document_write(
                case=fresh(case),
                organisation=case.organisation,
                kind=DocumentKind.EXIT_REPORT,
                by=self.staff,
                answers=answers,
                submit=True,
                confirm_exit=confirm,
            )
        )
        if doc is not None:
            self.closed.add(case.pk)

    # --- Applications ---------------------------------------------------------------

    @rule(case=st.one_of(applied, admitted), nights=st.integers(1, 32), offset=st.integers(-60, 20))
    def rest_application(self, case: Case, nights: int, offset: int) -> None:
        start = self.today + timedelta(days=offset)
        self._try(
            lambda: funding_services.rest_application_submit(
                case=fresh(case),
                by=self.staff,
                period_start=start,
                period_end=start + timedelta(days=nights),
                include_housing=True,
                include_support=True,
                omitted_part_reason="",
                public_funding_sought="Socialtjänsten kontaktades.",
                public_funding_outcome="denied",
            )
        )

    @rule(case=admitted, quantity=st.integers(1, 6), unit=st.integers(100, 900))
    def intervention_application(self, case: Case, quantity: int, unit: int) -> None:
        self._try(
            lambda: funding_services.intervention_application_submit(
                case=fresh(case),
                by=self.staff,
                item=self.therapy,
                quantity=quantity,
                unit_cost=Decimal(unit),
                needed_by=self.today + timedelta(days=10),
                description="",
                cost_document=pdf_upload(),
                public_funding_sought="Socialtjänsten kontaktades.",
                public_funding_outcome="denied",
            )
        )

    @rule(case=admitted, days=st.integers(1, 90), offset=st.integers(-200, 20))
    def integration_application(self, case: Case, days: int, offset: int) -> None:
        self._try(
            lambda: funding_services.integration_application_submit(
                case=fresh(case),
                by=self.staff,
                period_start=self.today + timedelta(days=offset),
                days_applied=days,
                had_nsp_30_days=True,
                had_formal_reflection_period=False,
                municipal_support_days=None,
                initial_assessment_done=True,
                needs_assessment_done=True,
                support_plan_done=True,
                legal_status="Uppehållstillstånd",
                needs_and_expectations="Eget boende och SFI.",
                other_information="",
                public_funding_sought="Socialtjänsten kontaktades.",
                public_funding_outcome="denied",
            )
        )

    # --- Decisions ------------------------------------------------------------------

    def _waiting(self, status: str) -> list[FundingApplication]:
        return list(FundingApplication.objects.filter(status=status).order_by("created_at"))

    @precondition(lambda self: FundingApplication.objects.filter(status="submitted").exists())
    @rule(
        data=st.data(),
        outcome=OUTCOMES,
        special=st.booleans(),
        guidelines=st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans()),
        shorten=st.integers(0, 10),
    )
    def decide(
        self, data: Any, outcome: str, special: bool, guidelines: tuple[bool, ...], shorten: int
    ) -> None:
        application = data.draw(st.sampled_from(self._waiting("submitted")))
        case_status = Case.objects.get(pk=application.case_id).status
        kwargs: dict[str, Any] = {
            "application": application,
            "by": self.coordinator,
            "outcome": outcome,
            "motivation": "Motiverat.",
            "special_circumstances": "Särskilda omständigheter." if special else "",
            "retroactive_motivation": "Perioden har redan börjat.",
            "guidelines": funding_services.Guidelines(*guidelines),
        }
        if application.period_start and application.period_end:
            kwargs["granted_start"] = application.period_start
            kwargs["granted_end"] = max(
                application.period_start, application.period_end - timedelta(days=shorten)
            )
        decision = self._try(lambda: funding_services.decision_record(**kwargs))
        if decision is None or outcome not in GRANTING_OUTCOMES:
            return
        # Support is never granted on a refused or closed case; only a reconsideration of
        # a refused admission may grant admission (docs/RULES.md), which admits the case.
        admission = application.effective_kind == ApplicationKind.ADMISSION
        closed = case_status == CaseStatus.CLOSED or application.case_id in self.closed
        refused = case_status == CaseStatus.REFUSED or application.case_id in self.refused
        if closed or (refused and not admission):
            self.violations.append(f"grant {decision.reference} on a {case_status} case")
        elif admission:
            self.refused.discard(application.case_id)
            if fresh(application.case).status != CaseStatus.ADMITTED:
                self.violations.append(f"admission {decision.reference} left the case unadmitted")

    @precondition(lambda self: FundingApplication.objects.filter(status="more_info").exists())
    @rule(data=st.data())
    def add_information(self, data: Any) -> None:
        application = data.draw(st.sampled_from(self._waiting("more_info")))
        self._try(
            lambda: funding_services.application_add_information(
                application=application, by=self.staff, information="Intyg bifogat."
            )
        )

    @precondition(
        lambda self: FundingApplication.objects.filter(
            status__in=["submitted", "more_info"]
        ).exists()
    )
    @rule(data=st.data())
    def withdraw(self, data: Any) -> None:
        """The actor withdraws an application waiting for a decision (issue 15)."""
        application = data.draw(
            st.sampled_from(
                list(
                    FundingApplication.objects.filter(
                        status__in=["submitted", "more_info"]
                    ).order_by("created_at")
                )
            )
        )
        self._try(
            lambda: funding_services.application_withdraw(
                application=application, by=self.staff, reason="Behövs inte längre."
            )
        )

    @precondition(lambda self: Decision.objects.exclude(outcome="more_info").exists())
    @rule(data=st.data())
    def reconsideration(self, data: Any) -> None:
        decision = data.draw(
            st.sampled_from(list(Decision.objects.exclude(outcome="more_info").order_by("number")))
        )
        self._try(
            lambda: funding_services.reconsideration_submit(
                decision=decision,
                by=self.staff,
                grounds="Nya uppgifter.",
                requested_change="Bevilja.",
                other_information="",
            )
        )

    @precondition(
        lambda self: Decision.objects.filter(
            outcome__in=list(GRANTING_OUTCOMES), granted_start__isnull=False
        ).exists()
    )
    @rule(data=st.data(), into=st.integers(0, 40))
    def takeover(self, data: Any, into: int) -> None:
        decision = data.draw(
            st.sampled_from(
                list(
                    Decision.objects.filter(
                        outcome__in=list(GRANTING_OUTCOMES), granted_start__isnull=False
                    ).order_by("number")
                )
            )
        )
        assert decision.granted_start is not None
        self._try(
            lambda: funding_services.decision_record_takeover(
                decision=decision,
                taken_over_on=decision.granted_start + timedelta(days=into),
                taken_over_by="Polisen (reflektionsperiod)",
                by=self.coordinator,
            )
        )

    # --- Budget ---------------------------------------------------------------------

    @rule(
        source=st.sampled_from(list(DECISION_STREAMS)),
        to=st.sampled_from(list(DECISION_STREAMS)),
        amount=st.integers(1, 60_000),
    )
    def transfer(self, source: str, to: str, amount: int) -> None:
        if source == to:
            return
        self._try(
            lambda: funding_services.budget_transfer_make(
                source=self.streams[source],
                target=self.streams[to],
                amount=Decimal(amount),
                made_on=self.today,
                reason="Omfördelning",
                by=self.coordinator,
            )
        )

    # --- Invariants -----------------------------------------------------------------

    @invariant()
    def no_violation_recorded(self) -> None:
        assert not self.violations, self.violations

    def _decisions(self) -> list[Decision]:
        return list(
            Decision.objects.select_related("application__contested_decision__application")
            .defer("snapshot", "pdf")
            .order_by("number")
        )

    @staticmethod
    def _replaced(decisions: list[Decision]) -> set[Any]:
        """Decisions a granted reconsideration replaced (they no longer count as grants)."""
        return {
            d.application.contested_decision_id
            for d in decisions
            if d.outcome in GRANTING_OUTCOMES and d.application.contested_decision_id
        }

    @invariant()
    def budget_streams_add_up_and_never_go_below_zero(self) -> None:
        """remaining = allocation + transfers in − transfers out − the grants' draws (a
        grant replaced by a granted reconsideration is no longer a grant)."""
        decisions = self._decisions()
        replaced = self._replaced(decisions)
        transfers = list(BudgetTransfer.objects.values_list("source_id", "target_id", "amount"))
        draws: dict[Any, Decimal] = defaultdict(Decimal)
        for d in decisions:
            if d.stream_id is not None and d.pk not in replaced:
                draws[d.stream_id] += d.draw or Decimal("0")
        for s in streams_with_totals():
            tin = sum((a for _src, tgt, a in transfers if tgt == s.pk), Decimal("0"))
            tout = sum((a for src, _tgt, a in transfers if src == s.pk), Decimal("0"))
            expected = s.allocation + tin - tout - draws[s.pk]
            remaining = s.remaining  # type: ignore[attr-defined]
            assert remaining >= 0, (s.stream, remaining)
            assert remaining == expected, (s.stream, "remaining", remaining, "expected", expected)

    @invariant()
    def decisions_are_numbered_with_a_document_and_grants_follow_the_rules(self) -> None:
        decisions = self._decisions()
        replaced = self._replaced(decisions)
        documented = set(
            Decision.objects.exclude(pdf=b"").exclude(pdf_sha256="").values_list("pk", flat=True)
        )
        rest_nights: dict[Any, int] = defaultdict(int)
        integration_ends: dict[Any, list[tuple[int, Any, Any]]] = defaultdict(list)
        for d in decisions:
            assert d.number is not None and d.pk in documented, f"{d.pk} has no numbered document"
            if d.outcome not in GRANTING_OUTCOMES:
                continue
            app = d.application
            kind = app.effective_kind
            case_id = app.case_id
            if (
                kind == ApplicationKind.REST
                and d.pk not in replaced
                and d.granted_start is not None
                and d.granted_end is not None
            ):
                stop = min(d.granted_end, d.taken_over_on or d.granted_end)
                rest_nights[case_id] += max(0, (stop - d.granted_start).days)
            # A grant after an integration period (its end passed when it was decided)
            # needs "särskilda omständigheter" (seed 002: "Efter max 90 dagars integration
            # kan man inte längre söka finansiering … om inte väldigt speciella
            # omständigheter föreligger").
            contested = app.contested_decision.application_id if app.contested_decision else None
            for number, end, application_id in integration_ends[case_id]:
                if application_id in (app.pk, contested):
                    continue
                if number < (d.number or 0) and end < d.decided_on:
                    assert d.special_circumstances.strip(), f"{d.reference} after integration"
            if kind == ApplicationKind.INTEGRATION and d.granted_end is not None:
                end = d.taken_over_on or d.granted_end
                integration_ends[case_id].append((d.number or 0, end, app.pk))
        # Seed 002: "schablonsumma per dygn … dock max i 30 dygn" — per person, as nights.
        over = {c: n for c, n in rest_nights.items() if n > REST_MAX_NIGHTS}
        assert not over, f"rest nights over {REST_MAX_NIGHTS} per person: {over}"

    @invariant()
    def a_closed_case_has_nothing_open(self) -> None:
        """Closing a case (issue 15): nothing waits for a decision on a closed case, and no
        period in force is paid past the exit date (the day the case was closed)."""
        closed = dict(Case.objects.filter(status=CaseStatus.CLOSED).values_list("pk", "closed_on"))
        if not closed:
            return
        waiting = FundingApplication.objects.filter(
            case_id__in=list(closed), status__in=["submitted", "more_info"]
        )
        assert not waiting.exists(), list(waiting.values_list("pk", "kind", "status"))
        decisions = self._decisions()
        replaced = self._replaced(decisions)
        for d in decisions:
            case_id = d.application.case_id
            if (
                case_id not in closed
                or d.pk in replaced
                or d.outcome not in GRANTING_OUTCOMES
                or d.granted_start is None
                or d.granted_end is None
            ):
                continue
            stop = min(d.granted_end, d.taken_over_on or d.granted_end)
            assert stop <= max(closed[case_id], d.granted_start), (d.reference, stop)

    @invariant()
    def table1_counts_equal_the_records(self) -> None:
        rows = {r.key: r for r in table1(DateRange(self.today, self.today), notes=False)}
        latest: dict[Any, str] = {}
        for application_id, outcome in Decision.objects.order_by("number").values_list(
            "application_id", "outcome"
        ):
            latest[application_id] = outcome
        expected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for pk, kind, status in FundingApplication.objects.filter(
            submitted_on=self.today
        ).values_list("pk", "kind", "status"):
            e = expected[kind]
            e["received"] += 1
            if status == ApplicationStatus.DECIDED:
                outcome = latest[pk]
                e["granted"] += outcome in GRANTING_OUTCOMES
                e["partly"] += outcome == "partly_granted"
                e["denied"] += outcome == "denied"
            e["pending"] += status == ApplicationStatus.SUBMITTED
            e["more_info"] += status == ApplicationStatus.MORE_INFO
            e["withdrawn"] += status == "withdrawn"
        for kind, _label in TABLE1_KINDS:  # (admission applications: the case-based row)
            row = rows[kind]
            for column in ("received", "granted", "partly", "denied", "pending", "more_info"):
                assert getattr(row, column) == expected[kind][column], (kind, column)
            assert row.withdrawn == expected[kind]["withdrawn"], (kind, "withdrawn")
        cases = list(
            Case.objects.filter(applied_on=self.today).values_list("status", "admitted_on")
        )
        admission = rows["admission"]
        assert admission.received == len(cases)
        assert admission.granted == sum(
            1 for s, on in cases if on is not None and s in ("admitted", "closed")
        )
        assert admission.denied == sum(1 for s, _on in cases if s == CaseStatus.REFUSED)
        assert admission.pending == sum(1 for s, _on in cases if s == CaseStatus.APPLIED)


@pytest.fixture
def cheap_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Store a stub instead of rendering each decision's PDF (see the module docstring)."""
    import funding.services.documents as documents

    monkeypatch.setattr(
        documents, "render_decision_pdf", lambda snapshot, version: b"%PDF-1.4 stub"
    )


@pytest.mark.django_db
def test_random_sequences_of_operations_keep_the_programme_rules(
    org_a: Any,
    coordinator: User,
    staff_a: User,
    cheap_documents: None,
    capsys: Any,
    record_property: Any,
) -> None:
    certify(org_a)
    Programme.staff = staff_a
    Programme.coordinator = coordinator
    Programme.therapy = item("therapy")  # type: ignore[attr-defined]
    STEPS["run"] = 0
    started = time.monotonic()
    runs = 0
    while STEPS["run"] < MIN_STEPS:
        run_state_machine_as_test(
            Programme,
            settings=settings(
                max_examples=max(10, (MIN_STEPS - STEPS["run"]) // STEPS_PER_EXAMPLE),
                stateful_step_count=STEPS_PER_EXAMPLE,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            ),
        )
        runs += 1
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nState machine: {STEPS['run']} service steps in {elapsed:.1f} s "
            f"({runs} run(s)); every invariant checked after each step."
        )
    # Printed in the suite's figures too (the line above is hidden under xdist).
    record_property("state_machine_steps", STEPS["run"])
    assert STEPS["run"] >= MIN_STEPS

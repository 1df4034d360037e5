"""Demo data for funding (``NSP_DEMO_SEEDERS``): phases, the pilot budget, a few
applications and decisions. Idempotent; works before the cases app has demo cases."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import IO, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.choices import CaseStatus, ChildLocation, Gender
from cases.models import Case, Child
from certification.models import Certification
from funding.choices import Outcome, PublicFundingOutcome, Stream
from funding.loaders import current_catalogue, load
from funding.models import BudgetPeriod, FundingApplication, ProgrammePhase
from funding.selectors import has_in_depth_assessment
from funding.services import (
    admission_decide,
    budget_period_create,
    decision_record,
    integration_application_submit,
    intervention_application_submit,
    rest_application_submit,
)
from nsp import demo
from nsp.accounts.models import Organisation, User

DEMO_PDF = b"%PDF-1.4\n% demo offert\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _phases(today: date) -> ProgrammePhase:
    start = date(today.year, 1, 1)
    phase, _ = ProgrammePhase.objects.get_or_create(
        name="Pilot del 1", defaults={"starts_on": start, "is_active": True}
    )
    ProgrammePhase.objects.get_or_create(
        name="Pilot del 2",
        defaults={
            "starts_on": date(today.year + 1, 1, 1),
            "is_active": False,
            "integration_housing_rate": Decimal("0"),
        },
    )
    if not ProgrammePhase.objects.filter(is_active=True).exists():
        phase.is_active = True
        phase.save(update_fields=["is_active", "updated_at"])
    return phase


def _budget(today: date) -> None:
    name = f"Pilot del 1 {today.year}"
    if BudgetPeriod.objects.filter(name=name).exists():
        return
    budget_period_create(
        name=name,
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        allocations={
            Stream.REST: Decimal("100000"),
            Stream.INTEGRATION: Decimal("108000"),
            Stream.INTERVENTIONS: Decimal("15000"),
        },
    )


def _case(org: Organisation, *, first: str, surname: str, year: int, child: bool) -> Case:
    case = Case.objects.create(
        organisation=org,
        surname_initial=surname,
        first_name_initial=first,
        birth_year=year,
        gender=Gender.WOMAN,
        nationality="Nigeria",
    )
    if child:
        Child.objects.create(
            case=case, age=2, gender=Gender.MAN, location=ChildLocation.WITH_PARENT
        )
    return case


def seed_programme(stdout: IO[str], cases: int | None = None) -> None:
    """The catalogue, phases and budget (before the cases seeder: its demo cases are
    admitted by decisions, which need the active phase)."""
    today = timezone.localdate()
    load(stdout)
    _phases(today)
    _budget(today)


def seed(stdout: IO[str], cases: int | None = None) -> None:
    _seed_demo(stdout)
    if cases:
        from funding.synthetic import seed_synthetic

        seed_synthetic(stdout)


def _seed_demo(stdout: IO[str]) -> None:
    today = timezone.localdate()
    load(stdout)
    _phases(today)
    _budget(today)
    org = Organisation.objects.filter(name=demo.ORGANISATIONS[0].name).first()
    staff = User.objects.filter(username="handlaggare.a").first()
    coordinator = User.objects.filter(username="samordnare").first()
    if org is None or staff is None or coordinator is None:
        return
    if FundingApplication.objects.filter(organisation=org).exists():
        return
    Certification.objects.get_or_create(
        organisation=org, defaults={"status": "certified", "certified_on": today}
    )
    public: dict[str, Any] = {
        "public_funding_sought": "Migrationsverket (omplacering) och socialtjänsten kontaktades.",
        "public_funding_outcome": PublicFundingOutcome.DENIED,
    }
    # 1. Admission + 30 days with one accompanying child: 30 × (600 + 600 + 300) = 45 000.
    newcomer = _case(org, first="A", surname="O", year=1996, child=True)
    rest = rest_application_submit(
        case=newcomer,
        by=staff,
        period_start=today - timedelta(days=5),
        period_end=today + timedelta(days=25),  # 30 nights
        include_housing=True,
        include_support=True,
        omitted_part_reason="",
        **public,
    )
    decision_record(
        application=rest,
        by=coordinator,
        outcome=Outcome.GRANTED,
        motivation=(
            "Eftersom personen i dagsläget inte har gjort en polisanmälan, eller ännu sökt asyl, "
            "har hon idag ingen möjlighet till stöd från myndigheterna i Sverige. Därmed kan NSP "
            "verka kompletterande under max 30 dagar."
        ),
        granted_start=rest.period_start,
        granted_end=rest.period_end,
        retroactive_motivation="",
    )
    # 2. An admitted case for interventions and integration.
    admitted = (
        Case.objects.filter(organisation=org, status=CaseStatus.ADMITTED)
        .exclude(pk=newcomer.pk)
        .first()
    )
    if admitted is None:
        applicant = _case(org, first="M", surname="K", year=1993, child=False)
        admission_decide(
            case=applicant,
            by=coordinator,
            outcome=Outcome.GRANTED,
            motivation=(
                "Personen har utsatts för människohandel och faller därmed in i NSPs målgrupp; "
                "aktören bedömer att hon behöver skydd och stöd."
            ),
        )
        admitted = Case.objects.get(pk=applicant.pk)
    catalogue = current_catalogue()
    if catalogue is None:
        return
    therapy = catalogue.items.get(key="therapy")
    intervention_application_submit(
        case=admitted,
        by=staff,
        item=therapy,
        quantity=5,
        unit_cost=Decimal("800"),
        needed_by=today + timedelta(days=14),
        description="Samtalsterapi, fem tillfällen, enligt behovsplanen.",
        cost_document=SimpleUploadedFile("offert.pdf", DEMO_PDF, "application/pdf"),
        **public,
    )
    phone = intervention_application_submit(
        case=admitted,
        by=staff,
        item=catalogue.items.get(key="mobile_phone"),
        quantity=1,
        unit_cost=Decimal("200"),
        needed_by=today + timedelta(days=3),
        description="Kontantkortstelefon för kontakt med boendet.",
        cost_document=SimpleUploadedFile("offert.pdf", DEMO_PDF, "application/pdf"),
        **public,
    )
    decision_record(
        application=phone,
        by=coordinator,
        outcome=Outcome.GRANTED,
        motivation="Telefonen behövs för att personen ska kunna hålla kontakt med boendet.",
    )
    if not has_in_depth_assessment(admitted):
        # The application requires a submitted in-depth assessment (seed 002).
        stdout.write(f"Funding demo: applications for {newcomer} and {admitted}.\n")
        return
    integration_application_submit(
        case=admitted,
        by=staff,
        period_start=today + timedelta(days=7),
        days_applied=90,
        had_nsp_30_days=True,
        had_formal_reflection_period=False,
        municipal_support_days=None,
        initial_assessment_done=True,
        needs_assessment_done=True,
        support_plan_done=True,
        residence_status="put",
        legal_status="Uppehållstillstånd beviljat.",
        needs_and_expectations="Eget boende, SFI och praktikplats.",
        other_information="",
        **public,
    )
    newcomer.refresh_from_db()
    stdout.write(f"Funding demo: applications for {newcomer} and {admitted}.\n")

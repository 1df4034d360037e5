"""Factories for funding tests (cases built with our own ``FundingCaseFactory``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.choices import CaseStatus, ChildLocation, Gender
from cases.models import Case, Child
from certification.models import Certification
from funding.choices import Stream
from funding.loaders import APP_DIR, load_intervention_list
from funding.models import BudgetPeriod, BudgetStream, InterventionItem, ProgrammePhase
from nsp.accounts.models import Organisation
from tests.cases.factories import next_case_number
from tests.factories import OrganisationFactory

PDF_BYTES = b"%PDF-1.4\n% test\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def pdf_upload(name: str = "offert.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, "application/pdf")


class FundingCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    surname_initial = "K"
    first_name_initial = "M"
    birth_year = 1995
    gender = Gender.WOMAN
    nationality = "Nigeria"
    status = CaseStatus.APPLIED

    class Params:
        admitted = factory.Trait(
            status=CaseStatus.ADMITTED,
            number=factory.LazyFunction(next_case_number),
            case_number=factory.LazyAttribute(lambda o: f"NSP{o.number:03d}"),
            admitted_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
        )

    @factory.post_generation
    def with_child(obj: Case, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            count = extracted if isinstance(extracted, int) and extracted is not True else 1
            for _ in range(count):
                Child.objects.create(
                    case=obj, age=3, gender=Gender.MAN, location=ChildLocation.WITH_PARENT
                )


def certify(organisation: Organisation) -> None:
    Certification.objects.update_or_create(
        organisation=organisation, defaults={"status": "certified"}
    )


def phase(**overrides: Any) -> ProgrammePhase:
    defaults: dict[str, Any] = {"starts_on": date(2026, 1, 1), "is_active": True}
    defaults.update(overrides)
    found, _ = ProgrammePhase.objects.get_or_create(
        name=overrides.pop("name", "Pilot del 1"), defaults=defaults
    )
    return found


def budget(
    rest: str = "100000", integration: str = "108000", interventions: str = "15000"
) -> BudgetPeriod:
    today = timezone.localdate()
    period, created = BudgetPeriod.objects.get_or_create(
        name="Test budget",
        defaults={"starts_on": today - timedelta(days=400), "ends_on": today + timedelta(days=400)},
    )
    if created:
        for stream, amount in (
            (Stream.REST, rest),
            (Stream.INTEGRATION, integration),
            (Stream.INTERVENTIONS, interventions),
        ):
            BudgetStream.objects.create(period=period, stream=stream, allocation=Decimal(amount))
    return period


def stream(kind: str) -> BudgetStream:
    return BudgetStream.objects.get(period=budget(), stream=kind)


def item(key: str) -> InterventionItem:
    catalogue, _ = load_intervention_list(Path(APP_DIR) / "catalogues" / "nsp_il_dok05_1-2015.json")
    return catalogue.items.get(key=key)


PUBLIC = {
    "public_funding_sought": "Socialtjänsten kontaktades 2026-03-01.",
    "public_funding_outcome": "denied",
}


def rest_application(case: Case, by: Any, *, days: int = 30, **overrides: Any) -> Any:
    from funding.services import rest_application_submit

    start = overrides.pop("period_start", timezone.localdate())
    fields: dict[str, Any] = {
        "period_start": start,
        "period_end": start + timedelta(days=days),  # nights: 14 March – 13 April is 30
        "include_housing": True,
        "include_support": True,
        "omitted_part_reason": "",
        **PUBLIC,
    }
    fields.update(overrides)
    return rest_application_submit(case=case, by=by, **fields)


def intervention_application(
    case: Case, by: Any, *, key: str, quantity: int, unit_cost: str, **overrides: Any
) -> Any:
    from funding.services import intervention_application_submit

    fields: dict[str, Any] = {
        "item": item(key),
        "quantity": quantity,
        "unit_cost": Decimal(unit_cost),
        "needed_by": timezone.localdate() + timedelta(days=10),
        "description": "",
        "cost_document": pdf_upload(),
        **PUBLIC,
    }
    fields.update(overrides)
    return intervention_application_submit(case=case, by=by, **fields)


def in_depth_assessment(case: Case, by: Any) -> Any:
    """A submitted in-depth needs assessment (NSP/FB/Dok.02) of the case."""
    from tests.cases.factories import CaseDocumentFactory

    return CaseDocumentFactory(case=case, created_by=by, submitted=True)


def integration_application(
    case: Case, by: Any, *, days: int = 90, assessed: bool = True, **overrides: Any
) -> Any:
    """An integration application; ``assessed``: give the case a submitted in-depth
    assessment first (the application requires one)."""
    from funding.selectors import has_in_depth_assessment
    from funding.services import integration_application_submit

    if assessed and not has_in_depth_assessment(case):
        in_depth_assessment(case, by)

    fields: dict[str, Any] = {
        "period_start": timezone.localdate(),
        "days_applied": days,
        "had_nsp_30_days": True,
        "had_formal_reflection_period": False,
        "municipal_support_days": None,
        "initial_assessment_done": True,
        "needs_assessment_done": True,
        "support_plan_done": True,
        "residence_status": "put",
        "legal_status": "Uppehållstillstånd",
        "needs_and_expectations": "Eget boende och SFI.",
        "other_information": "",
        **PUBLIC,
    }
    fields.update(overrides)
    return integration_application_submit(case=case, by=by, **fields)


def all_yes() -> Any:
    from funding.services import Guidelines

    return Guidelines(True, True, True, True)


def grant(application: Any, by: Any, **overrides: Any) -> Any:
    from funding.services import decision_record

    fields: dict[str, Any] = {
        "outcome": "granted",
        "motivation": "Behovet är styrkt och NSP verkar kompletterande.",
        "granted_start": application.period_start,
        "granted_end": application.period_end,
    }
    if application.effective_kind == "integration_90":
        fields["guidelines"] = all_yes()
    fields.update(overrides)
    return decision_record(application=application, by=by, **fields)

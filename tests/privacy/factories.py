"""A fully populated case (documents, children, plan, funding) for the privacy tests."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cases.choices import CaseStatus, ChildLocation, DocumentKind, Gender
from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem, Questionnaire
from nsp.accounts.models import Organisation, User
from tests.funding.factories import (
    FundingCaseFactory,
    budget,
    certify,
    grant,
    intervention_application,
    pdf_upload,
    phase,
)

DEFINITION = {
    "code": "T/PRIV",
    "edition": "1",
    "title": "Testformulär",
    "sections": [
        {
            "key": "s",
            "title": "Avsnitt",
            "items": [
                {"key": "phone", "label": "Telefon", "type": "text"},
                {"key": "story", "label": "Berättelse", "type": "textarea"},
                {"key": "violence", "label": "Våld?", "type": "yes_no_detail"},
                {"key": "children", "label": "Antal barn", "type": "integer"},
                {"key": "born", "label": "Födelseår", "type": "year"},
                {"key": "met", "label": "Datum", "type": "date"},
                {
                    "key": "housing",
                    "label": "Boende",
                    "type": "choice",
                    "choices": [["shelter", "Skyddat"], ["own", "Eget"]],
                },
            ],
        }
    ],
}
ANSWERS = {
    "phone": "070-123 45 67",
    "story": "Hon kom via Malmö med A.B.",
    "violence": "yes",
    "violence__detail": "Slagen av mannen",
    "children": 2,
    "born": 1987,
    "met": "2020-03-01",
    "housing": "shelter",
}
SECRETS = ("070-123 45 67", "Malmö", "Slagen", "Ring mamma", "Sjukhuset", "privat anteckning")


def questionnaire() -> Questionnaire:
    found, _ = Questionnaire.objects.get_or_create(
        code="T/PRIV", edition="1", defaults={"title": "Test", "definition": DEFINITION}
    )
    return found


def full_case(
    organisation: Organisation,
    staff: User,
    coordinator: User,
    *,
    closed_years_ago: int | None = 6,
    birth_year: int = 1987,
    admitted_on: date | None = None,
    decided: bool = True,
    **overrides: Any,
) -> Case:
    """An admitted (and, by default, long closed) case with every kind of personal data."""
    certify(organisation)
    phase()
    budget()
    case: Case = FundingCaseFactory(
        organisation=organisation, admitted=True, birth_year=birth_year, **overrides
    )
    today = timezone.localdate()
    case.admitted_on = admitted_on or date(2012, 5, 2)
    case.surname_initial, case.first_name_initial = "K", "M"
    case.save()
    Child.objects.create(
        case=case,
        age=4,
        gender=Gender.MAN,
        location=ChildLocation.WITH_PARENT,
        needs_notes="Ring mamma varje kväll",
    )
    Inquiry.objects.create(
        organisation=organisation,
        case=case,
        received_on=date(2012, 4, 1),
        from_whom="Sjukhuset, 08-555 12 34",
        description="privat anteckning om kvinnan",
        recorded_by=staff,
    )
    document = CaseDocument.objects.create(
        case=case,
        kind=DocumentKind.INITIAL,
        questionnaire=questionnaire(),
        answers={"phone": "070-000"},
        created_by=staff,
    )
    document.answers = dict(ANSWERS)
    document.save()  # a second history row with the full answers
    PlanItem.objects.create(
        case=case,
        goal="Eget boende nära Malmö",
        activities="Ring mamma",
        responsible="Kontaktperson Anna",
        follow_up_on=date(2012, 8, 1),
    )
    application = intervention_application(
        case,
        staff,
        key="therapy",
        quantity=1,
        unit_cost="800",
        description="Sjukhuset remitterade",
        needed_by=today + timedelta(days=5),
    )
    if decided:
        decision = grant(application, coordinator, motivation="Slagen och behöver terapi")
        from funding.services import invoice_submit

        invoice_submit(
            decision=decision,
            by=staff,
            real_cost=Decimal("800"),
            invoice_file=pdf_upload("faktura Malmö.pdf"),
            receipt_file=pdf_upload("kvitto.pdf"),
        )
    if closed_years_ago is not None:
        # Closed after the funding (a closed case takes no new applications).
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED,
            closed_on=today - timedelta(days=365 * closed_years_ago + 2),
        )
    case.refresh_from_db()
    return case

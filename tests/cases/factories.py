"""Factories for cases (factory_boy, with traits)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from cases import questionnaire
from cases.choices import (
    DOCUMENT_QUESTIONNAIRE,
    CaseStatus,
    ChildLocation,
    DocumentKind,
    DocumentStatus,
    Gender,
)
from cases.demo import fake_answers
from cases.models import Case, CaseDocument, Child, Inquiry, PlanItem
from cases.services import format_case_number
from certification.choices import CertificationStatus
from certification.models import Certification
from nsp.accounts.models import Organisation
from tests.factories import OrganisationFactory, UserFactory


def certify(organisation: Organisation) -> Certification:
    cert, _ = Certification.objects.update_or_create(
        organisation=organisation, defaults={"status": CertificationStatus.CERTIFIED}
    )
    return cert


class _Numbers:
    n = 900


def next_case_number() -> int:
    _Numbers.n += 1
    return _Numbers.n


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    status = CaseStatus.APPLIED
    surname_initial = "M"
    first_name_initial = "A"
    birth_year = 1995
    gender = Gender.WOMAN
    nationality = "Nigeria"
    applied_on = factory.LazyFunction(timezone.localdate)

    class Params:
        draft = factory.Trait(status=CaseStatus.DRAFT, applied_on=None)
        admitted = factory.Trait(
            status=CaseStatus.ADMITTED,
            number=factory.LazyFunction(next_case_number),
            case_number=factory.LazyAttribute(lambda o: format_case_number(o.number)),
            admitted_on=factory.LazyFunction(timezone.localdate),
        )
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            number=factory.LazyFunction(next_case_number),
            case_number=factory.LazyAttribute(lambda o: format_case_number(o.number)),
            admitted_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30)),
            closed_on=factory.LazyFunction(timezone.localdate),
        )


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    case = factory.SubFactory(CaseFactory, admitted=True)
    age = 5
    gender = Gender.MAN
    location = ChildLocation.WITH_PARENT


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    case = factory.SubFactory(CaseFactory, admitted=True)
    goal = "Trygg bostad"
    activities = "Ordna boende"
    responsible = "Handläggare"
    follow_up_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))

    class Params:
        overdue = factory.Trait(
            follow_up_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
        )


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    organisation = factory.SubFactory(OrganisationFactory)
    received_on = factory.LazyFunction(timezone.localdate)
    from_whom = "Polisen"
    description = "En kvinna behöver skydd."
    recorded_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation")
    )


def answers_for(kind: str, **overrides: Any) -> dict[str, Any]:
    definition = questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind(kind)]).definition
    return fake_answers(definition, random.Random(1), **overrides)


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDocument

    case = factory.SubFactory(CaseFactory, admitted=True)
    kind = DocumentKind.IN_DEPTH
    questionnaire = factory.LazyAttribute(
        lambda o: questionnaire.current(DOCUMENT_QUESTIONNAIRE[DocumentKind(o.kind)])
    )
    answers = factory.LazyAttribute(lambda o: answers_for(o.kind))
    created_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..case.organisation")
    )

    class Params:
        submitted = factory.Trait(
            status=DocumentStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            submitted_by=factory.SelfAttribute("created_by"),
        )

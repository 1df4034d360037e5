"""Builders for certification objects, going through the services like the app does."""

from __future__ import annotations

import datetime
import io
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from certification import records, services
from certification.catalogues_data import load
from certification.choices import CertificationStatus, Outcome
from certification.models import (
    ActivityProfile,
    Assessment,
    Catalogue,
    Certification,
    FolderDocument,
    FollowUp,
)
from nsp.accounts.models import Organisation, User
from tests.factories import UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MINIMUM = ("NSP/MC/Dok.10", "1 2015")


def catalogues() -> None:
    load(io.StringIO())


def minimum_requirements() -> Catalogue:
    catalogues()
    return Catalogue.objects.get(code=MINIMUM[0], edition=MINIMUM[1])


def coordinator() -> User:
    user: User = UserFactory(username="cert-coordinator", coordinator=True)
    return user


def manager_of(org: Organisation) -> User:
    user: User = UserFactory(username=f"cert-manager-{org.pk}", organisation=org, manager=True)
    return user


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification
        django_get_or_create = ("organisation",)

    status = CertificationStatus.NOT_STARTED

    class Params:
        certified = factory.Trait(
            status=CertificationStatus.CERTIFIED,
            certified_on=factory.LazyFunction(timezone.localdate),
        )
        suspended = factory.Trait(status=CertificationStatus.SUSPENDED)
        withdrawn = factory.Trait(status=CertificationStatus.WITHDRAWN)


def submitted_profile(org: Organisation, **offers: Any) -> ActivityProfile:
    catalogues()
    manager = manager_of(org)
    profile = services.profile_start(organisation=org, by=manager)
    answers = offers or {
        "2.3.1": {"offers": True, "assistance": ["internal"], "target_group": ["women"]}
    }
    return services.profile_save(
        profile=profile, services=answers, housing={"places": 5}, submit=True, by=manager
    )


def accepted_profile(org: Organisation, **offers: Any) -> ActivityProfile:
    profile = submitted_profile(org, **offers)
    return services.profile_review(profile=profile, by=coordinator(), accept=True, comment="")


def open_assessment(org: Organisation, catalogue: Catalogue | None = None) -> Assessment:
    return services.assessment_open(
        organisation=org, catalogue=catalogue or minimum_requirements(), by=coordinator()
    )


def completed_assessment(
    org: Organisation, *, not_met: tuple[str, ...] = ("7",), deadline: datetime.date | None = None
) -> Assessment:
    """A completed visit: all items met except ``not_met`` (each one action item)."""
    assessment = open_assessment(org)
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=30)
    values = {
        str(a.pk): {
            "answer": "Svar",
            "recommendation": f"Åtgärda krav {a.item.number}" if a.item.number in not_met else "",
            "outcome": Outcome.NOT_MET if a.item.number in not_met else Outcome.MET,
            "agreed_deadline": deadline if a.item.number in not_met else None,
        }
        for a in assessment.answers.select_related("item")
    }
    services.assessment_record(assessment=assessment, answers=values, summary="")
    return services.assessment_complete(assessment=assessment, by=coordinator())


def certify(org: Organisation) -> Certification:
    """Walk an actor through steps 1 and 2 to "certified" via the services."""
    accepted_profile(org)
    completed_assessment(org)
    return services.certification_transition(
        organisation=org,
        to_status=CertificationStatus.CERTIFIED,
        by=coordinator(),
        reason="Godkänd",
    )


def followup(org: Organisation) -> FollowUp:
    return services.followup_schedule(
        organisation=org, due_on=timezone.localdate() + datetime.timedelta(days=10)
    )


def document(org: Organisation) -> FolderDocument:
    return records.document_upload(
        organisation=org,
        by=manager_of(org),
        title="Rutin",
        upload=ContentFile(PNG, name="rutin.png"),
    )


def reassessed(
    followup: FollowUp, *, not_met: tuple[str, ...] = (), deadline: datetime.date | None = None
) -> Assessment:
    """The follow-up's re-assessment (step 3), opened pre-filled and completed: every
    requirement met except ``not_met``."""
    from certification import annual

    assessment = annual.followup_assessment_open(followup=followup, by=coordinator())
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=30)
    values = {
        str(a.pk): {
            "outcome": Outcome.NOT_MET if a.item.number in not_met else Outcome.MET,
            "recommendation": f"Åtgärda krav {a.item.number}" if a.item.number in not_met else "",
            "agreed_deadline": deadline if a.item.number in not_met else None,
        }
        for a in assessment.answers.select_related("item")
    }
    services.assessment_record(assessment=assessment, answers=values, summary="Uppföljning")
    completed = services.assessment_complete(assessment=assessment, by=coordinator())
    followup.refresh_from_db()
    return completed

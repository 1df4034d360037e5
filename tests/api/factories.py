"""Helpers for the API tests: token clients and sample data of actor A and B."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.test import Client

from cases.models import Case, CaseDocument, Inquiry
from cases.services import document_save, inquiry_record
from funding.models import Decision, FundingApplication
from nsp.accounts.models import Organisation, User
from nsp.api.services import api_token_create
from tests.funding.factories import (
    FundingCaseFactory,
    budget,
    certify,
    grant,
    intervention_application,
    phase,
)


def token_client(user: User) -> Client:
    """A client that authenticates with a fresh personal token of ``user`` (no session)."""
    _token, raw = api_token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def funding_ready(organisation: Organisation) -> None:
    """Certified actor, an active phase and a budget: applications can be filed."""
    certify(organisation)
    phase()
    budget()


def admitted_case(organisation: Organisation) -> Case:
    case: Case = FundingCaseFactory(organisation=organisation, admitted=True)
    return case


def assessment(case: Case, by: User) -> CaseDocument:
    from cases import questionnaire

    questionnaire.load(io.StringIO())
    return document_save(case=case, kind="in_depth", by=by, answers={"date": "2026-03-02"})


def inquiry(organisation: Organisation, by: User, received_on: date) -> Inquiry:
    return inquiry_record(
        organisation=organisation,
        by=by,
        received_on=received_on,
        from_whom="Polisen",
        description="Fråga om en kvinna.",
    )


def intervention(organisation: Organisation, by: User) -> FundingApplication:
    funding_ready(organisation)
    application: FundingApplication = intervention_application(
        admitted_case(organisation), by, key="therapy", quantity=5, unit_cost="800"
    )
    return application


def decided(organisation: Organisation, by: User, coordinator: User) -> Decision:
    decision: Decision = grant(intervention(organisation, by), coordinator)
    return decision


def ids(response: Any) -> set[str]:
    return {row["id"] for row in response.json()["results"]}

"""One upload check for every app (issue 17, item 9): the content decides the kind, the
name must agree with it, and the stored name takes its suffix from the content."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField

from funding.uploads import validate_upload as funding_validate_upload
from nsp.uploads import UploadValidator, validate_upload
from tests.funding.factories import PDF_BYTES

# Models whose file is checked in their service (by nsp.uploads.validate_upload) and stored
# under a name without any suffix; the rest carry the shared validator on the field.
CHECKED_IN_SERVICE = {"certification.folderdocument", "nsp.backgroundjob", "jobs.backgroundjob"}
SHARED = (UploadValidator, funding_validate_upload)


def _file_fields() -> list[tuple[str, FileField]]:
    return [
        (model._meta.label_lower, field)
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, FileField)
    ]


def test_every_upload_field_uses_the_shared_check() -> None:
    fields = _file_fields()
    assert fields
    unchecked = [
        f"{label}.{field.name}"
        for label, field in fields
        if label not in CHECKED_IN_SERVICE
        and not any(
            isinstance(v, UploadValidator) or v is funding_validate_upload for v in field.validators
        )
    ]
    assert not unchecked, f"file fields without nsp.uploads' check: {unchecked}"


@pytest.mark.parametrize("name", ["x.html", "x.svg", "x.png", "x", "x.pdf.html", "x.exe"])
@pytest.mark.parametrize("check", [validate_upload, funding_validate_upload])
def test_a_pdf_under_another_name_is_refused(name: str, check: object) -> None:
    with pytest.raises(ValidationError):
        check(SimpleUploadedFile(name, PDF_BYTES, "application/pdf"))  # type: ignore[operator]


@pytest.mark.parametrize("name", ["x.pdf", "X.PDF"])
def test_a_pdf_named_pdf_is_accepted(name: str) -> None:
    funding_validate_upload(SimpleUploadedFile(name, PDF_BYTES, "application/pdf"))


@pytest.mark.django_db
def test_the_stored_name_takes_its_suffix_from_the_content() -> None:
    from tests.factories import OrganisationFactory, UserFactory
    from tests.funding.factories import (
        FundingCaseFactory,
        budget,
        certify,
        intervention_application,
        phase,
    )

    org = OrganisationFactory()
    certify(org)
    phase()
    budget()
    staff = UserFactory(organisation=org)
    case = FundingCaseFactory(organisation=org, admitted=True)
    application = intervention_application(
        case,
        staff,
        key="therapy",
        quantity=1,
        unit_cost="800",
        cost_document=SimpleUploadedFile("OFFERT.PDF", PDF_BYTES, "application/pdf"),
    )
    assert Path(application.cost_document.name).suffix == ".pdf"
    assert "OFFERT" not in application.cost_document.name

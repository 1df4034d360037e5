"""Upload validation by magic bytes and size."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from funding.uploads import validate_upload
from nsp.uploads import max_upload_bytes
from tests.funding.factories import PDF_BYTES, PNG_BYTES


@pytest.mark.parametrize(
    ("name", "head"),
    [("x.pdf", PDF_BYTES), ("x.png", PNG_BYTES), ("x.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 8)],
)
def test_it_accepts_pdf_png_and_jpeg(name: str, head: bytes) -> None:
    validate_upload(SimpleUploadedFile(name, head))


def test_the_name_must_agree_with_the_content() -> None:
    """Issue 17, item 9: a PDF named ``.bin`` (or ``.html``) is refused."""
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("x.bin", PDF_BYTES))


def test_it_judges_the_content_not_the_name() -> None:
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("kvitto.pdf", b"<html>not a pdf</html>"))


def test_it_refuses_more_than_10_mb() -> None:
    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * max_upload_bytes())
    with pytest.raises(ValidationError):
        validate_upload(big)

"""Uploads: accepted by content and size, stored outside the web root, served by a view."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from nsp.accounts.models import Organisation, User
from nsp.audit.models import AccessAction, AccessLog
from nsp.uploads import (
    ProtectedFileField,
    UploadValidator,
    protected_storage,
    protected_upload_to,
    safe_ascii_filename,
    serve_protected_file,
    validate_upload,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("intyg.pdf", PDF, "pdf"), ("foto.PNG", PNG, "png"), ("foto.jpg", JPEG, "jpeg")],
)
def test_it_accepts_pdf_png_and_jpeg(name: str, data: bytes, kind: str) -> None:
    assert validate_upload(_upload(name, data)) == kind


def test_it_accepts_docx_and_odt_when_asked() -> None:
    kinds = ("pdf", "docx", "odt")
    assert validate_upload(_upload("plan.docx", DOCX), kinds) == "docx"
    assert validate_upload(_upload("plan.odt", ODT), kinds) == "odt"


def _code(name: str, data: bytes, kinds: tuple[str, ...] = ("pdf", "png", "jpeg")) -> str:
    with pytest.raises(ValidationError) as error:
        validate_upload(_upload(name, data), kinds)
    return str(error.value.code)


def test_it_refuses_an_exe_renamed_to_pdf() -> None:
    assert _code("intyg.pdf", EXE) == "type"


def test_it_refuses_an_empty_file() -> None:
    assert _code("tom.pdf", b"") == "empty"


def test_it_refuses_a_file_over_the_limit(settings: object) -> None:
    settings.NSP_UPLOAD_MAX_BYTES = 1024  # type: ignore[attr-defined]
    assert _code("stor.pdf", PDF + b"0" * 1024) == "too_large"


def test_the_default_limit_is_10_mb() -> None:
    assert settings.NSP_UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_it_refuses_content_that_does_not_match_the_name() -> None:
    assert _code("foto.png", PDF) == "extension"


def test_it_refuses_a_kind_not_allowed_here() -> None:
    assert _code("plan.docx", DOCX) == "type"  # DOCX not among the defaults


def test_it_refuses_any_other_zip_posing_as_docx() -> None:
    assert _code("plan.docx", _zip({"evil.js": b"x"}), ("docx",)) == "type"


class _AttachmentForm(forms.Form):
    file = ProtectedFileField(kinds=("pdf",))


def test_the_form_field_rejects_with_a_swedish_message() -> None:
    form = _AttachmentForm(files={"file": _upload("intyg.pdf", EXE)})
    assert not form.is_valid()
    assert "Den här filtypen tas inte emot" in str(form.errors["file"])
    assert _AttachmentForm(files={"file": _upload("intyg.pdf", PDF)}).is_valid()


def test_the_model_validator_deconstructs_for_migrations() -> None:
    path, _args, kwargs = UploadValidator(kinds=("pdf",)).deconstruct()
    assert path == "nsp.uploads.UploadValidator"
    assert kwargs == {"kinds": ("pdf",)}


def test_stored_names_carry_no_user_text() -> None:
    """The stored suffix comes from the content being saved (issue 17 item 9), not from the
    uploaded name: the instance carries the uncommitted file, as during ``FileField.pre_save``."""
    from journal.models import JournalEntry

    upload_name = "Anna Svensson utredning.PDF"
    entry = JournalEntry()
    entry.attachment = ContentFile(PDF, name=upload_name)  # type: ignore[assignment]
    name = protected_upload_to("cases")(entry, upload_name)
    assert name.startswith("cases/") and name.endswith(".pdf")
    assert "Anna" not in name

    entry.attachment = ContentFile(b"MZ\x90\x00 not a pdf", name=upload_name)
    assert protected_upload_to("cases")(entry, upload_name).endswith(".bin")


def test_media_is_outside_static_and_has_no_url() -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    for static in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        assert not media.is_relative_to(static.resolve())
    with pytest.raises(Resolver404):
        resolve("/media/cases/x.pdf")
    with pytest.raises(ValueError):
        protected_storage.url("cases/x.pdf")


def test_a_stored_file_cannot_be_fetched_by_url(staff_a: User) -> None:
    name = protected_storage.save("tests/secret.pdf", ContentFile(PDF))
    try:
        from tests.conftest import login

        client = login(staff_a)
        for url in (f"/media/{name}", f"/static/{name}", f"/{name}"):
            assert client.get(url).status_code == 404
    finally:
        protected_storage.delete(name)


def test_safe_ascii_filename() -> None:
    assert safe_ascii_filename("Beslut Åsa Öberg (2026).pdf") == "Beslut_Asa_Oberg_2026_.pdf"
    assert safe_ascii_filename('../../etc/passwd"\r\n') == "etc_passwd"
    assert safe_ascii_filename("ÅÄÖ") == "AAO"
    assert safe_ascii_filename("ѣ") == "fil"


def test_serve_protected_file_streams_an_attachment_and_logs_it(
    staff_a: User, org_a: Organisation
) -> None:
    name = protected_storage.save("tests/intyg.pdf", ContentFile(PDF))
    try:
        field = models.FileField(storage=protected_storage)
        file = FieldFile(org_a, field, name)
        request = RequestFactory().get("/nedladdning/")
        request.user = staff_a
        response = serve_protected_file(request, file, "Intyg för Åsa.pdf", org_a)
        body = b"".join(response.streaming_content)  # type: ignore[arg-type]
        file.close()  # not response.close(): that signals request_finished
    finally:
        protected_storage.delete(name)
    assert body == PDF
    assert response["Content-Disposition"] == 'attachment; filename="Intyg_for_Asa.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.object_id) == (
        staff_a,
        AccessAction.DOWNLOAD,
        str(org_a.pk),
    )

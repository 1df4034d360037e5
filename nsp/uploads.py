"""Uploaded files: checked by content, stored outside the web root, served only by a view.

Contract for the apps (attachments of cases, applications, certification folders):

* Model field: ``models.FileField(storage=protected_storage, upload_to=protected_upload_to("cases"),
  validators=[UploadValidator()])`` — the stored name is random, never the user's file name
  (keep that in a ``CharField`` if it should be shown).
* Form field: ``ProtectedFileField(kinds=("pdf", "png", "jpeg"))`` — rejects empty files,
  files over ``NSP_UPLOAD_MAX_BYTES`` (10 MB by default) and files whose *content* is not
  one of the allowed kinds (a renamed ``.exe`` is refused whatever its name).
* Download view: fetch the object through the permission helper, then
  ``return serve_protected_file(request, obj.file, obj.original_name, obj)`` — it logs the
  download in the access log and sends the file as an attachment with ``nosniff``.

``MEDIA_ROOT`` (``var/media``) has no URL: there is no ``/media/`` route, whitenoise serves
only static files, and ``protected_storage.url()`` raises.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db.models import FileField, Model
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from nsp.audit.access import log_access
from nsp.audit.models import AccessAction

# kind -> (accepted file-name extensions, content type sent on download)
KINDS: dict[str, tuple[tuple[str, ...], str]] = {
    "pdf": ((".pdf",), "application/pdf"),
    "png": ((".png",), "image/png"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg"),
    "docx": (
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": ((".odt",), "application/vnd.oasis.opendocument.text"),
}
DEFAULT_KINDS = ("pdf", "png", "jpeg")
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def max_upload_bytes() -> int:
    return int(getattr(settings, "NSP_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _zip_kind(stream: IO[bytes]) -> str | None:
    """DOCX or ODT, told apart by their members; any other zip is no document."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_kind(stream: IO[bytes]) -> str | None:
    """The kind of file by its first bytes (magic numbers), or ``None`` when unknown."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    kind: str | None = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
    stream.seek(0)
    return kind


def check_content(file: Any, kinds: Iterable[str] = DEFAULT_KINDS) -> str:
    """Check the size and the content of ``file`` (not its name); return its kind or raise
    ValidationError. The file's read position is left where it was."""
    allowed = tuple(kinds)
    size = file.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB is allowed."),
            code="too_large",
            params={"mb": limit // (1024 * 1024)},
        )
    stream = file.file if hasattr(file, "file") and file.file is not None else file
    position = stream.tell() if hasattr(stream, "tell") else 0
    kind = detect_kind(stream)
    stream.seek(position)
    if kind is None or kind not in allowed:
        names = ", ".join(ext for k in allowed for ext in KINDS[k][0])
        raise ValidationError(
            _("This type of file is not accepted. Allowed: %(types)s."),
            code="type",
            params={"types": names},
        )
    return kind


def content_type_of(file: Any, kinds: Iterable[str] = DEFAULT_KINDS) -> str:
    """The content type the file's first bytes prove, for downloads (never the name's)."""
    stream = file.file if hasattr(file, "file") and file.file is not None else file
    kind = detect_kind(stream)
    return KINDS[kind][1] if kind in tuple(kinds) else "application/octet-stream"


def validate_upload(file: File[Any], kinds: Iterable[str] = DEFAULT_KINDS) -> str:
    """Check size, content and name of ``file``; return its kind or raise ValidationError."""
    kind = check_content(file, kinds)
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in KINDS[kind][0]:
        # A real PDF named .png (or a renamed file) would be opened by the wrong program.
        raise ValidationError(
            _("The file name does not match its content (%(kind)s)."),
            code="extension",
            params={"kind": kind.upper()},
        )
    return kind


@deconstructible
class UploadValidator:
    """Model-field validator: ``validators=[UploadValidator(kinds=("pdf",))]``."""

    def __init__(self, kinds: Iterable[str] = DEFAULT_KINDS) -> None:
        self.kinds = tuple(kinds)

    def __call__(self, file: File[Any]) -> None:
        validate_upload(file, self.kinds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.kinds == self.kinds

    def __hash__(self) -> int:
        return hash(self.kinds)


class ProtectedFileField(forms.FileField):
    """A form file field that accepts only ``kinds`` (by content) up to the size limit."""

    def __init__(self, *, kinds: Iterable[str] = DEFAULT_KINDS, **kwargs: Any) -> None:
        self.kinds = tuple(kinds)
        extensions = ",".join(ext for k in self.kinds for ext in KINDS[k][0])
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": extensions}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file and file is not initial:
            validate_upload(file, self.kinds)
        return file


class ProtectedStorage(FileSystemStorage):
    """``MEDIA_ROOT`` without a public URL: files are read only by ``serve_protected_file``."""

    def url(self, name: str | None) -> str:
        raise ValueError("Protected files have no URL; serve them with serve_protected_file().")


# No location given: FileSystemStorage then follows settings.MEDIA_ROOT (and its changes).
protected_storage = ProtectedStorage()


def detected_suffix(instance: Model, filename: str) -> str:
    """The file-name suffix of the *content* being saved as ``filename`` on ``instance``
    (``.pdf``, ``.png``, …; ``.bin`` when unknown): a stored name never takes the uploaded
    name's suffix, so a PDF sent as ``x.html`` is stored as ``….pdf``.

    Called from ``upload_to`` while ``FileField.pre_save`` writes the file: the field whose
    uncommitted file carries ``filename`` is the one being written.
    """
    for field in instance._meta.get_fields():
        if not isinstance(field, FileField):
            continue
        fieldfile = getattr(instance, field.name, None)
        if fieldfile and not getattr(fieldfile, "_committed", True) and fieldfile.name == filename:
            kind = detect_kind(fieldfile.file)
            return KINDS[kind][0][0] if kind else ".bin"
    return ".bin"


def protected_upload_to(prefix: str) -> Callable[[Model, str], str]:
    """``upload_to`` giving ``<prefix>/<year>/<random>.<ext>``: no user text in the path,
    the suffix from the detected content (``detected_suffix``)."""

    def upload_to(instance: Model, filename: str) -> str:
        suffix = detected_suffix(instance, filename)
        return f"{prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"

    return upload_to


@contextmanager
def files_removed_on_error(instance: Model) -> Iterator[None]:
    """Delete the files ``instance`` wrote inside the block when the block raises.

    A row that does not commit leaves no file behind (issue 17, item 11): wrap the
    ``save()`` of a model with file fields, inside the service's transaction. Files written
    by a save that succeeded are removed too when a later statement of the block fails.
    """
    before = {
        field.name: getattr(instance, field.name).name
        for field in instance._meta.get_fields()
        if isinstance(field, FileField) and getattr(instance, field.name)
    }
    try:
        yield
    except BaseException:
        for field in instance._meta.get_fields():
            if not isinstance(field, FileField):
                continue
            fieldfile = getattr(instance, field.name)
            if fieldfile and fieldfile._committed and fieldfile.name != before.get(field.name):
                fieldfile.storage.delete(fieldfile.name)
        raise


def safe_ascii_filename(name: str, default: str = "fil") -> str:
    """An ASCII file name safe in a header: accents folded (å → a), the rest replaced."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._-")
    cleaned = re.sub(r"_+", "_", cleaned)[:120]
    return cleaned or default


def serve_protected_file(
    request: HttpRequest, file_field: File[Any], download_name: str, obj: Model
) -> FileResponse:
    """Stream ``file_field`` as an attachment and log the download of ``obj``.

    The caller has already checked that the user may read ``obj`` (permission helper).
    """
    handle = file_field.open("rb")
    kind = detect_kind(handle)
    content_type = KINDS[kind][1] if kind else "application/octet-stream"
    log_access(request, obj, AccessAction.DOWNLOAD)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_ascii_filename(download_name)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response

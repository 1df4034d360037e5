"""Validation of uploaded cost documents, invoices and receipts.

A local validator until the shared ``nsp/uploads.py`` lands (consolidate then): PDF, PNG
or JPEG only, recognised by their magic bytes (never by the name or the browser's
content type), at most 10 MB.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAGIC = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def sniff(head: bytes) -> str | None:
    for magic, content_type in MAGIC.items():
        if head.startswith(magic):
            return content_type
    return None


def content_type_of(file: Any) -> str:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    return sniff(head) or "application/octet-stream"


def validate_upload(file: Any) -> None:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if sniff(head) is None:
        raise ValidationError(_("Upload a PDF, PNG or JPEG file."))

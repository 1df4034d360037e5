"""Validation of uploaded cost documents, invoices and receipts: the shared checks of
``nsp/uploads.py`` (PDF, PNG or JPEG by their magic bytes, at most
``NSP_UPLOAD_MAX_BYTES``). The stored name is random (``private_name``) and keeps the
uploaded suffix, so the name is not checked here; downloads take their content type
from the content (``content_type_of``).

The module stays because migrations name ``funding.uploads.validate_upload``.
"""

from __future__ import annotations

from typing import Any

from nsp.uploads import DEFAULT_KINDS, check_content
from nsp.uploads import content_type_of as content_type_of


def validate_upload(file: Any) -> None:
    check_content(file, DEFAULT_KINDS)

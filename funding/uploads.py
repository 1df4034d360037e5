"""Validation of uploaded cost documents, invoices and receipts: the one upload check of
``nsp/uploads.py`` (PDF, PNG or JPEG by their magic bytes, the file name's extension
agreeing with the content, at most ``NSP_UPLOAD_MAX_BYTES``). The stored name is random
(``private_name``) with the suffix of the detected content; downloads take their content
type from the content (``content_type_of``).

The module stays because migrations name ``funding.uploads.validate_upload``.
"""

from __future__ import annotations

from typing import Any

from nsp.uploads import DEFAULT_KINDS
from nsp.uploads import content_type_of as content_type_of
from nsp.uploads import validate_upload as _validate


def validate_upload(file: Any) -> None:
    # A stored file (name given by private_name) is checked by content only: its name
    # already comes from the content.
    if getattr(file, "_committed", False):
        from nsp.uploads import check_content

        check_content(file, DEFAULT_KINDS)
        return
    _validate(file, DEFAULT_KINDS)

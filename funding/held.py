"""A file attached to an application form that failed validation is kept (issue 18).

The upload is stored server-side (default storage, ``held/<random>/<name>``) and remembered in
the session for that form; the form shows "bifogad: offert.pdf" with a remove button, and the
next submit uses the held file unless a new one is attached. Released when the application
is saved or the person removes it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils.text import get_valid_filename

SESSION_KEY = "nsp_held_uploads"


def hold(request: HttpRequest, form_key: str, upload: Any) -> dict[str, str]:
    release(request, form_key)
    name = get_valid_filename(upload.name) or "bilaga"
    upload.seek(0)
    path = default_storage.save(f"held/{uuid.uuid4().hex}/{name}", upload)
    held = {"path": path, "name": name}
    store = dict(request.session.get(SESSION_KEY, {}))
    store[form_key] = held
    request.session[SESSION_KEY] = store
    return held


def get(request: HttpRequest, form_key: str) -> dict[str, str] | None:
    held = request.session.get(SESSION_KEY, {}).get(form_key)
    if held and default_storage.exists(held["path"]):
        return dict(held)
    return None


def open_file(held: dict[str, str]) -> File[Any]:
    return File(default_storage.open(held["path"], "rb"), name=held["name"])


def release(request: HttpRequest, form_key: str) -> None:
    store = dict(request.session.get(SESSION_KEY, {}))
    held = store.pop(form_key, None)
    if held:
        default_storage.delete(held["path"])
        request.session[SESSION_KEY] = store

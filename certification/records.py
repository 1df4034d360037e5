"""Writes for an organisation's records beside the certification steps: training events
and attendance (minimum requirement 1), and the folder of notes and documents."""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import File
from django.db import transaction

from certification.models import EventAttendance, FolderDocument, FolderNote, TrainingEvent
from nsp.accounts.models import Organisation, User
from nsp.uploads import DEFAULT_KINDS, KINDS, validate_upload

# --- Training -----------------------------------------------------------------------


@transaction.atomic
def event_create(
    *, title: str, held_on: datetime.date, description: str = "", basic_training: bool = False
) -> TrainingEvent:
    event = TrainingEvent(
        title=title, held_on=held_on, description=description, basic_training=basic_training
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def attendance_record(
    *, event: TrainingEvent, organisation: Organisation, participants: int = 1
) -> EventAttendance:
    attendance, _created = EventAttendance.objects.update_or_create(
        event=event, organisation=organisation, defaults={"participants": participants}
    )
    return attendance


# --- Folder -------------------------------------------------------------------------


@transaction.atomic
def note_add(*, organisation: Organisation, by: User, text: str) -> FolderNote:
    note = FolderNote(organisation=organisation, author=by, text=text)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def document_upload(
    *, organisation: Organisation, by: User, title: str, upload: File[bytes]
) -> FolderDocument:
    """Store a PDF/PNG/JPEG in the folder (checked by content and size, ``nsp.uploads``)."""
    kind = validate_upload(upload, DEFAULT_KINDS)  # content, and the name agreeing
    content_type = KINDS[kind][1]
    upload.seek(0)
    data = upload.read()
    document = FolderDocument(
        organisation=organisation,
        uploaded_by=by,
        title=title,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    upload.seek(0)
    document.file.save("upload", upload, save=False)
    document.full_clean()
    document.save()
    return document

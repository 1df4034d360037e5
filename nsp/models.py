"""Base classes shared by every domain model."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DomainModel(models.Model):
    """A domain record: opaque UUID key (safe in URLs), timestamps and full history.

    Every concrete subclass gets its own historical table through ``inherit=True``;
    ``tests/nsp/test_history.py`` fails when a domain model lacks one.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

"""Base classes shared by every domain model."""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
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

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        """``get_<field>_display()`` without rebuilding the field's choices each call
        (Django flattens and hashes them every time: ~25 µs, many times per list page).
        The labels stay lazy, so each call still answers in the active language."""
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


@functools.cache
def _choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """A model field's choices as value → label (fields' choices are fixed at import)."""
    return dict(make_hashable(field.flatchoices))

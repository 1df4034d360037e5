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


def choice_label(choices: type[models.Choices], value: str) -> str:
    """``value``'s label in the active language (``value`` itself when it is no choice):
    what Django's ``get_FOO_display()`` returns.

    The case page's fields define their ``get_FOO_display()`` with it (Django keeps a method
    a model defines itself): Django's own rebuilds and hashes the field's whole choices
    table, translating every label, on each call (docs/PERFORMANCE.md, "Labels")."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value

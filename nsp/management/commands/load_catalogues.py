"""Load every catalogue file (requirements, activity profile, intervention list, forms).

Idempotent: an edition already loaded is left untouched, so assessments made on it keep
exactly the wording they were made on. The loaders are listed in
``settings.NSP_CATALOGUE_LOADERS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the catalogue and questionnaire files of every app (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for dotted in settings.NSP_CATALOGUE_LOADERS:
                import_string(dotted)(self.stdout)
        self.stdout.write(f"Catalogues loaded ({len(settings.NSP_CATALOGUE_LOADERS)} loaders).")

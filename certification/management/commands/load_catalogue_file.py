"""Load one new catalogue edition from a JSON file (existing editions stay untouched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from certification.catalogues_data import load_file


class Command(BaseCommand):
    help = "Load a catalogue edition from a JSON file (format: docs/DATA_FORMATS.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        catalogue, created = load_file(options["path"])
        verb = "Loaded" if created else "Already loaded:"
        self.stdout.write(f"{verb} {catalogue.code} {catalogue.edition}")

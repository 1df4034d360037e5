"""Load the intervention list and the funding questionnaires (``NSP_CATALOGUE_LOADERS``).

Idempotent: an edition already loaded is left as it is (an edition never changes).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from funding.models import FundingForm, InterventionCatalogue, InterventionItem

APP_DIR = Path(__file__).resolve().parent


def load_intervention_list(path: Path) -> tuple[InterventionCatalogue, bool]:
    return load_intervention_list_data(json.loads(path.read_text(encoding="utf-8")))


@transaction.atomic
def load_intervention_list_data(data: dict[str, Any]) -> tuple[InterventionCatalogue, bool]:
    """One edition from its JSON document (the file and the browser upload both use it)."""
    existing = InterventionCatalogue.objects.filter(
        code=data["code"], edition=data["edition"]
    ).first()
    if existing is not None:
        return existing, False
    catalogue = InterventionCatalogue.objects.create(
        code=data["code"],
        edition=data["edition"],
        title=data["title"],
        occasion_cap=Decimal(data["occasion_cap_sek"]),
    )
    for position, item in enumerate(data["items"]):
        InterventionItem.objects.create(
            catalogue=catalogue,
            key=item["key"],
            name=item["name"],
            unit=item["unit"],
            max_unit_cost=Decimal(item["max_unit_cost_sek"]),
            category=item.get("category", ""),
            requires_motivation=bool(item.get("requires_motivation", False)),
            position=position,
        )
    return catalogue, True


@transaction.atomic
def load_form(path: Path) -> tuple[FundingForm, bool]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    form, created = FundingForm.objects.get_or_create(
        code=data["code"],
        edition=data["edition"],
        defaults={"title": data["title"], "definition": data},
    )
    return form, created


def load(stdout: IO[str]) -> None:
    for path in sorted((APP_DIR / "catalogues").glob("*.json")):
        catalogue, created = load_intervention_list(path)
        stdout.write(f"{'Loaded' if created else 'Kept'} {catalogue}\n")
    for path in sorted((APP_DIR / "questionnaires").glob("*.json")):
        form, created = load_form(path)
        stdout.write(f"{'Loaded' if created else 'Kept'} {form}\n")


def current_catalogue() -> InterventionCatalogue | None:
    return InterventionCatalogue.objects.order_by("-created_at").first()

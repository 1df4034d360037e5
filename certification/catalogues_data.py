"""Catalogue files → versioned rows, and helpers to read the activity-profile catalogue.

Idempotent: an edition (code + edition) already in the database is never touched, so
assessments and profiles keep exactly the wording they were made on. A new edition is
a new JSON file in ``certification/catalogues/`` (or a row added in the admin).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from certification.choices import CatalogueKind
from certification.models import Catalogue, CatalogueItem, CatalogueSection

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"

# The seed's housing specification says only "Välj i lista" for these fields; the lists
# below are the options a Swedish shelter coordinator would expect (docs/ARCHITECTURE.md).
DEFAULT_HOUSING_CHOICES: dict[str, list[str]] = {
    "staff_on_site": ["Dygnet runt", "Dagtid", "Jour/beredskap", "Ingen personal på plats"],
    "classification": ["Skyddat boende", "Stödboende", "Jourboende", "HVB-hem"],
    "housing_type": ["Kollektivt boende", "Egen lägenhet", "Rum i lägenhet", "Familjehem"],
    "security": ["Hög", "Medel", "Låg"],
}


@transaction.atomic
def load_catalogue_data(data: dict[str, Any]) -> tuple[Catalogue, bool]:
    """Create one edition from its JSON document; return (catalogue, created)."""
    existing = Catalogue.objects.filter(code=data["code"], edition=data["edition"]).first()
    if existing:
        return existing, False
    kind = data.get("kind") or (
        CatalogueKind.ACTIVITY_PROFILE if "areas" in data else CatalogueKind.MINIMUM_REQUIREMENTS
    )
    catalogue = Catalogue(
        code=data["code"],
        edition=data["edition"],
        title=data["title"],
        kind=kind,
        source=data.get("source", ""),
        definition=data if kind == CatalogueKind.ACTIVITY_PROFILE else {},
    )
    catalogue.full_clean()
    catalogue.save()
    for s_pos, sec in enumerate(data.get("sections", [])):
        section = CatalogueSection.objects.create(
            catalogue=catalogue, number=str(sec["number"]), title=sec["title"], position=s_pos
        )
        CatalogueItem.objects.bulk_create(
            CatalogueItem(
                section=section,
                number=str(item["number"]),
                requirement=item["requirement"],
                question=item.get("question") or "",
                guidance=item.get("guidance") or "",
                position=i_pos,
            )
            for i_pos, item in enumerate(sec["items"])
        )
    return catalogue, True


def load_file(path: Path) -> tuple[Catalogue, bool]:
    return load_catalogue_data(json.loads(path.read_text(encoding="utf-8")))


def load(stdout: TextIO) -> None:
    """``NSP_CATALOGUE_LOADERS`` entry: every file in ``certification/catalogues/``."""
    for path in sorted(CATALOGUE_DIR.glob("*.json")):
        catalogue, created = load_file(path)
        if created:
            stdout.write(f"  certification: loaded {catalogue.code} {catalogue.edition}\n")


# --- Reading the activity-profile catalogue -----------------------------------------


def groups_of(definition: dict[str, Any]) -> list[dict[str, Any]]:
    """Areas flattened into groups of services: [{key, title, area, services, housing}]."""
    result = []
    for area in definition.get("areas", []):
        area_title = f"{area['number']}) {area['title']}"
        if "services" in area:
            result.append(
                {
                    "key": area["number"],
                    "title": area["title"],
                    "area": area_title,
                    "services": area["services"],
                    "housing": False,
                    "is_area": True,
                }
            )
        for group in area.get("groups", []):
            result.append(
                {
                    "key": group["key"],
                    "title": group["title"],
                    "area": area_title,
                    "services": group.get("services", []),
                    "housing": group.get("specification") == "housing_specification",
                    "is_area": False,
                }
            )
    return result


def services_of(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**svc, "group": group["title"], "area": group["area"]}
        for group in groups_of(definition)
        for svc in group["services"]
    ]


def housing_fields(definition: dict[str, Any]) -> list[dict[str, Any]]:
    fields = []
    for spec in definition.get("housing_specification", []):
        spec = dict(spec)
        if spec.get("type") == "choice" and not spec.get("choices"):
            spec["choices"] = DEFAULT_HOUSING_CHOICES.get(spec["key"], [])
        fields.append(spec)
    return fields

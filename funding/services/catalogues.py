"""Load a catalogue edition uploaded in the browser: preview first, then confirm.

Reuses the loaders of the management commands (``funding.loaders`` for the intervention
price list, ``certification.catalogues_data`` for requirement catalogues), so a file
loaded either way gives the same rows; an edition already loaded is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.catalogues_data import load_catalogue_data
from certification.models import Catalogue
from funding.loaders import load_intervention_list_data
from funding.models import InterventionCatalogue
from funding.permissions import can_manage_programme
from nsp.accounts.models import User

INTERVENTIONS = "interventions"
REQUIREMENTS = "requirements"
KIND_LABELS = {
    INTERVENTIONS: gettext_lazy("Intervention price list"),
    REQUIREMENTS: gettext_lazy("Requirement catalogue"),
}


@dataclass(frozen=True)
class CataloguePreview:
    kind: str
    code: str
    edition: str
    title: str
    entries: list[str]
    already_loaded: bool

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _kind_of(data: dict[str, Any]) -> str:
    if "items" in data and "occasion_cap_sek" in data:
        return INTERVENTIONS
    if "sections" in data or "areas" in data:
        return REQUIREMENTS
    raise ValidationError(
        _("Not a catalogue this system knows (an intervention list or a requirement catalogue).")
    )


def catalogue_preview(data: dict[str, Any]) -> CataloguePreview:
    """What loading ``data`` would create, checked the way the loader reads it."""
    kind = _kind_of(data)
    try:
        if kind == INTERVENTIONS:
            entries = [
                f"{item['name']} – max {item['max_unit_cost_sek']} / {item['unit']}"
                for item in data["items"]
            ]
            model: Any = InterventionCatalogue
        else:
            entries = [
                f"{sec['number']} {sec['title']} ({len(sec['items'])})"
                for sec in data.get("sections", [])
            ] or [str(area.get("title", "")) for area in data.get("areas", [])]
            model = Catalogue
    except (KeyError, TypeError) as exc:
        raise ValidationError(
            _("The file lacks a required field: %(field)s.") % {"field": exc}
        ) from exc
    exists = model.objects.filter(code=data["code"], edition=data["edition"]).exists()
    return CataloguePreview(
        kind=kind,
        code=str(data["code"]),
        edition=str(data["edition"]),
        title=str(data["title"]),
        entries=entries,
        already_loaded=exists,
    )


@transaction.atomic
def catalogue_load(*, data: dict[str, Any], by: User) -> tuple[str, bool]:
    """Load the previewed edition; returns (what was loaded, whether it is new)."""
    if not can_manage_programme(by):
        raise ValidationError(_("Only the programme manager sets up the programme."))
    preview = catalogue_preview(data)
    loaded: Any
    try:
        if preview.kind == INTERVENTIONS:
            loaded, created = load_intervention_list_data(data)
        else:
            loaded, created = load_catalogue_data(data)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        message = _("The file could not be loaded: %(error)s") % {"error": exc}
        raise ValidationError(message) from exc
    return str(loaded), created

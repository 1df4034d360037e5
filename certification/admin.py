"""Admin UI for catalogue editions (for whom ``can_manage_catalogues`` allows).

A new edition is a new ``Catalogue`` row; an edition that assessments or profiles were
made on is frozen here (no change, no delete), so they keep the wording they were made on.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certification.models import ActivityProfile, Catalogue, CatalogueItem, CatalogueSection
from nsp.admin import PredicateAdmin


def _in_use(catalogue: Catalogue | None) -> bool:
    if catalogue is None or catalogue.pk is None:
        return False
    return (
        catalogue.assessments.exists()
        or ActivityProfile.objects.filter(catalogue=catalogue).exists()
    )


class _FrozenWhenUsed(PredicateAdmin):
    predicate = "can_manage_catalogues"

    def _catalogue(self, obj: Any) -> Catalogue | None:
        if isinstance(obj, Catalogue):
            return obj
        if isinstance(obj, CatalogueSection):
            return obj.catalogue
        return None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(self._catalogue(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _in_use(self._catalogue(obj)) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _in_use(self._catalogue(obj)):
            return False
        return super().has_add_permission(request, obj)


class SectionInline(_FrozenWhenUsed, admin.StackedInline):  # type: ignore[type-arg]
    # Stacked, not tabular: a tabular inline's fields have no <label> (axe: "label").
    model = CatalogueSection
    extra = 0


class ItemInline(_FrozenWhenUsed, admin.StackedInline):  # type: ignore[type-arg]
    model = CatalogueItem
    extra = 0


@admin.register(Catalogue)
class CatalogueAdmin(_FrozenWhenUsed, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "edition", "title", "kind"]
    inlines = [SectionInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return PredicateAdmin.has_add_permission(self, request)


@admin.register(CatalogueSection)
class CatalogueSectionAdmin(_FrozenWhenUsed, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["catalogue", "number", "title"]
    inlines = [ItemInline]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return PredicateAdmin.has_add_permission(self, request)

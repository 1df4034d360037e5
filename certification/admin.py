"""Admin UI for catalogue editions (adding a new edition never touches existing ones)."""

from __future__ import annotations

from django.contrib import admin

from certification.models import Catalogue, CatalogueItem, CatalogueSection


class SectionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CatalogueSection
    extra = 0


class ItemInline(admin.StackedInline):  # type: ignore[type-arg]
    model = CatalogueItem
    extra = 0


@admin.register(Catalogue)
class CatalogueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "edition", "title", "kind"]
    inlines = [SectionInline]

    def get_readonly_fields(self, request: object, obj: Catalogue | None = None) -> list[str]:
        # An edition in use is frozen; a new edition is a new row.
        if obj is not None and obj.assessments.exists():
            return [f.name for f in Catalogue._meta.fields]
        return []


@admin.register(CatalogueSection)
class CatalogueSectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["catalogue", "number", "title"]
    inlines = [ItemInline]

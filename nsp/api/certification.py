"""Certification status (scoped: the folder's readers) and the catalogues (read-only)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from certification.choices import CertificationStatus
from certification.models import Catalogue, CatalogueItem, CatalogueSection, Certification
from certification.selectors import requirement_catalogues
from funding.models import InterventionCatalogue, InterventionItem
from nsp.api.common import FROM, ORGANISATION, TO, filter_list, status_param
from nsp.permissions import scope_to_user

# --- Certification status ------------------------------------------------------------


class CertificationSerializer(serializers.ModelSerializer[Certification]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "organisation", "organisation_name", "status", "certified_on", "updated_at"]


@extend_schema_view(
    list=extend_schema(
        parameters=[FROM, TO, ORGANISATION, status_param(CertificationStatus.values)],
        description="Certifications; `from`/`to` filter on the certification date.",
    )
)
class CertificationViewSet(viewsets.ReadOnlyModelViewSet[Certification]):
    """An actor's certification status: the programme sees all, an actor its own."""

    serializer_class = CertificationSerializer

    def get_queryset(self) -> QuerySet[Certification]:
        qs = scope_to_user(
            self.request.user, Certification.objects.select_related("organisation")
        ).order_by("organisation__name")
        if self.action == "list":
            qs = filter_list(self.request, qs, date_field="certified_on")
        return qs


# --- Requirement catalogues ----------------------------------------------------------


class CatalogueItemSerializer(serializers.ModelSerializer[CatalogueItem]):
    class Meta:
        model = CatalogueItem
        fields = ["id", "number", "requirement", "question", "guidance"]


class CatalogueSectionSerializer(serializers.ModelSerializer[CatalogueSection]):
    items = CatalogueItemSerializer(many=True, read_only=True)

    class Meta:
        model = CatalogueSection
        fields = ["id", "number", "title", "items"]


class RequirementCatalogueSerializer(serializers.ModelSerializer[Catalogue]):
    sections = CatalogueSectionSerializer(many=True, read_only=True)

    class Meta:
        model = Catalogue
        fields = ["id", "code", "edition", "title", "kind", "source", "sections"]


class RequirementCatalogueViewSet(viewsets.ReadOnlyModelViewSet[Catalogue]):
    """Requirement catalogues (minimum/quality requirements, follow-up checklists)."""

    serializer_class = RequirementCatalogueSerializer

    def get_queryset(self) -> QuerySet[Catalogue]:
        return requirement_catalogues().prefetch_related(
            Prefetch("sections", CatalogueSection.objects.prefetch_related("items"))
        )


# --- Intervention list ---------------------------------------------------------------


class InterventionItemSerializer(serializers.ModelSerializer[InterventionItem]):
    class Meta:
        model = InterventionItem
        fields = ["id", "key", "name", "unit", "max_unit_cost", "category", "requires_motivation"]


class InterventionCatalogueSerializer(serializers.ModelSerializer[InterventionCatalogue]):
    items = InterventionItemSerializer(many=True, read_only=True)

    class Meta:
        model = InterventionCatalogue
        fields = ["id", "code", "edition", "title", "occasion_cap", "items"]


class InterventionCatalogueViewSet(viewsets.ReadOnlyModelViewSet[InterventionCatalogue]):
    """Editions of the intervention list (NSP/IL/Dok.05), newest first, with their items."""

    serializer_class = InterventionCatalogueSerializer

    def get_queryset(self) -> QuerySet[InterventionCatalogue]:
        return InterventionCatalogue.objects.prefetch_related("items").order_by("-created_at")

"""Certification's API: the public list of actors with their certification status, the
certification status (scoped: the folder's readers) and the requirement catalogues
(read-only). ``routes`` plugs them into the project's router (``NSP_API_PROVIDERS``)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import URLPattern
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.routers import BaseRouter

from certification.choices import CertificationStatus
from certification.models import Catalogue, CatalogueItem, CatalogueSection, Certification
from certification.selectors import requirement_catalogues
from nsp.accounts.models import Organisation
from nsp.api.common import FROM, ORGANISATION, TO, filter_list, status_param
from nsp.permissions import scope_to_user

# --- Organisations (public) -----------------------------------------------------------


class PublicOrganisationSerializer(serializers.ModelSerializer[Organisation]):
    """What anyone may know about an actor: no contact people, no internal data."""

    certification_status = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "region", "certification_status"]

    @extend_schema_field(serializers.ChoiceField(choices=CertificationStatus.choices))
    def get_certification_status(self, obj: Organisation) -> str:
        cert = getattr(obj, "certification", None)
        return cert.status if cert else CertificationStatus.NOT_STARTED


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("region", OpenApiTypes.STR, description="Region (any case).")]
    )
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet[Organisation]):
    """Actors in the programme and their certification status (public subset)."""

    serializer_class = PublicOrganisationSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.filter(is_active=True).select_related("certification")
        region = self.request.query_params.get("region")
        if region:
            queryset = queryset.filter(region__iexact=region)
        return queryset.order_by("name")


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


def routes(router: BaseRouter) -> list[URLPattern]:
    """Registers the organisations, certifications and requirement catalogues."""
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("certifications", CertificationViewSet, basename="certification")
    router.register(
        "catalogues/requirements", RequirementCatalogueViewSet, basename="requirement-catalogue"
    )
    return []

"""Organisations (public subset with certification status) and the authenticated user."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from certification.choices import CertificationStatus
from nsp.accounts.models import Organisation, User


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


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "username", "role", "organisation"]


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


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    """The authenticated user: role and organisation (what the token may see)."""
    assert isinstance(request.user, User)  # IsAuthenticated ran first
    return Response(MeSerializer(request.user).data)

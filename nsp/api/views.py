from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from nsp.accounts.models import Organisation, User
from nsp.api.serializers import MeSerializer, PublicOrganisationSerializer


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

"""The authenticated user (``/api/v1/me/``): the project's own endpoint, no domain app."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from nsp.accounts.models import User


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "username", "role", "organisation"]


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    """The authenticated user: role and organisation (what the token may see)."""
    assert isinstance(request.user, User)  # IsAuthenticated ran first
    return Response(MeSerializer(request.user).data)

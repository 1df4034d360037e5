from __future__ import annotations

from rest_framework import serializers

from nsp.accounts.models import Organisation, User


class PublicOrganisationSerializer(serializers.ModelSerializer[Organisation]):
    """What anyone may know about an actor: no contact people, no internal data."""

    certification_status = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "region", "certification_status"]

    def get_certification_status(self, obj: Organisation) -> str:
        cert = getattr(obj, "certification", None)
        return cert.status if cert else "not_started"


class MeSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "username", "role", "organisation"]

"""Reads about certification."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from certification.choices import MAY_FILE_APPLICATIONS, CertificationStatus
from certification.models import Certification
from nsp.accounts.models import Organisation
from nsp.permissions import ALLOW, Decision, deny


def certification_status(organisation: Organisation) -> str:
    cert = Certification.objects.filter(organisation=organisation).only("status").first()
    return cert.status if cert else CertificationStatus.NOT_STARTED


def can_file_applications(organisation: Organisation) -> Decision:
    """Only a certified actor (not suspended or withdrawn) may apply for funding.

    Every service that creates a funding or admission application calls this.
    """
    if certification_status(organisation) in MAY_FILE_APPLICATIONS:
        return ALLOW
    return deny(
        _("%(name)s is not certified, so it cannot file applications.")
        % {"name": organisation.name}
    )

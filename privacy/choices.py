from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureKind(models.TextChoices):
    # Retention: closed (or refused) longer ago than NSP_RETENTION_YEARS; anonymised.
    RETENTION = "retention", _("Anonymised after the retention period")
    # A data subject's request: personal data removed, statistics kept.
    ANONYMISED = "anonymised", _("Anonymised on request")
    # A data subject's request, case without decisions: every row deleted.
    DELETED = "deleted", _("Deleted on request")

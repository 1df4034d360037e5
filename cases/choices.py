from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    APPLIED = "applied", _("Admission applied for")
    ADMITTED = "admitted", _("Admitted")
    REFUSED = "refused", _("Admission refused")
    CLOSED = "closed", _("Closed")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ChildLocation(models.TextChoices):
    WITH_PARENT = "with_parent", _("With the parent (accompanying)")
    HOME_COUNTRY = "home_country", _("In the home country")
    OTHER = "other", _("Elsewhere")

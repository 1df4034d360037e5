from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    # An admission application being written (initial needs assessment not yet submitted).
    DRAFT = "draft", _("Application draft")
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


class DocumentKind(models.TextChoices):
    """The forms of seed 002's appendix that belong to a case (one questionnaire each)."""

    INITIAL = "initial", _("Initial needs assessment")
    IN_DEPTH = "in_depth", _("In-depth needs assessment")
    PERIOD_REPORT = "period_report", _("Support period report")
    EXIT_REPORT = "exit_report", _("Exit report")


# Questionnaire code used for each document kind (the edition is the newest loaded).
DOCUMENT_QUESTIONNAIRE = {
    DocumentKind.INITIAL: "NSP/IB/Dok.01",
    DocumentKind.IN_DEPTH: "NSP/FB/Dok.02",
    DocumentKind.PERIOD_REPORT: "NSP/RS",
    DocumentKind.EXIT_REPORT: "NSP/UR Dok.03",
}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class TraffickingType(models.TextChoices):
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    BEGGING = "begging", _("Begging")
    CRIME = "crime", _("Crime")
    ORGAN_TRADE = "organ_trade", _("Organ trade")
    OTHER = "other", _("Other")

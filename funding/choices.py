from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    # Admission is decided like the others (NSP/IB/Dok.01, "Beslut och motivering"); its
    # application is the submitted initial assessment (funding.services.admission).
    ADMISSION = "admission", _("Admission to the programme")
    REST = "rest_30", _("Max 30 days' rest")
    INTERVENTION = "intervention", _("Point intervention")
    INTEGRATION = "integration_90", _("Max 90 days' integration")
    RECONSIDERATION = "reconsideration", _("Reconsideration")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for decision")
    MORE_INFO = "more_info", _("More information requested")
    DECIDED = "decided", _("Decided")
    # Withdrawn by the actor before a decision: neither granted nor denied (Table 1).
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    DENIED = "denied", _("Denied")
    MORE_INFO = "more_info", _("More information requested")


GRANTING_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})
# Admission is granted or refused ("Tillträde till NSP: Beviljas / Nekas").
ADMISSION_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.DENIED})


class ResidenceStatus(models.TextChoices):
    """NSP/AI/Dok.07 "Rättslig status (… t.ex. svensk medborgare, EU/EES medborgare, TUT,
    PUT)", as a structured answer."""

    SWEDISH_CITIZEN = "swedish_citizen", _("Swedish citizen")
    EU_EEA_CITIZEN = "eu_eea_citizen", _("EU/EEA citizen")
    PERMANENT_PERMIT = "put", _("Permanent residence permit (PUT)")
    TEMPORARY_PERMIT = "tut", _("Temporary residence permit (TUT)")
    ASYLUM_PENDING = "asylum_pending", _("Asylum seeker, no decision yet")
    NO_PERMIT = "no_permit", _("No residence permit")


class Stream(models.TextChoices):
    """The budget's streams: one per kind of decision that draws money, and one for the
    programme's other costs (docs/ARCHITECTURE.md, "Budget streams")."""

    REST = "rest_30", _("Max 30 days")
    INTEGRATION = "integration_90", _("Max 90 days")
    INTERVENTIONS = "interventions", _("Interventions")
    # No decision draws from it: allocated and moved by transfers only (e.g. the
    # information material the pilot was granted separate money for, seed 002).
    OTHER = "other", _("Other costs")


STREAM_FOR_KIND = {
    ApplicationKind.REST: Stream.REST,
    ApplicationKind.INTEGRATION: Stream.INTEGRATION,
    ApplicationKind.INTERVENTION: Stream.INTERVENTIONS,
}
# The streams decisions draw from; a period may leave the others out.
DECISION_STREAMS = (Stream.REST, Stream.INTEGRATION, Stream.INTERVENTIONS)


class PublicFundingOutcome(models.TextChoices):
    NOT_SOUGHT = "not_sought", _("Not sought (no public body can pay)")
    DENIED = "denied", _("Denied")
    PENDING = "pending", _("Pending")
    PARTLY = "partly", _("Partly granted (NSP complements)")


class PublicBody(models.TextChoices):
    REFLECTION_PERIOD = "reflection_period", _("Police report leading to a reflection period")
    ASYLUM_ACCOMMODATION = "asylum_accommodation", _("Asylum accommodation (Migration Agency)")
    SOCIAL_SERVICES = "social_services", _("Social services")
    OTHER = "other", _("Other public body")
    # Not a public body: the case was closed with its exit report while the period ran
    # (funding/closing.py); NSP's period ends that day all the same.
    EXIT = "exit", _("The case was closed (exit report)")


class InvoiceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for attestation")
    ATTESTED = "attested", _("Attested for payment")
    SENT = "sent", _("Sent for payment")
    PAID = "paid", _("Paid")


# Statuses from which an invoice counts as attested (and, further on, as paid).
ATTESTED_STATUSES = frozenset({InvoiceStatus.ATTESTED, InvoiceStatus.SENT, InvoiceStatus.PAID})
